/**
 * Phone numbers for the planner. The profile keeps one E.164 number; forms want it whole
 * (international or national), or split into country code / area code / local parts, or with a
 * select of country calling codes. Without full numbering-plan metadata (libphonenumber is large),
 * splitting uses the field's maxlength first, the NANP 3-3-4 shape for +1, and a plain guess otherwise.
 * The end of the file plans runs of phone fields of one form (`planPhone`).
 */

import { matchKey } from './norm';
import { countryNames, countryOf } from './plan-geo';
import type { OptionScorer } from './plan-match';
import type { PhoneParts, PlanField } from './plan-types';
import type { Ctx, Resolved } from './plan-want';
import type { FieldFacts, Token } from './types';

/** Country calling codes by ISO alpha-2 ("code:countries" groups, to stay small). */
const CALLING: string =
  '1:US CA AG AI AS BB BM BS DM DO GD GU JM KN KY LC MP MS PR SX TC TT UM VC VG VI;7:RU KZ;20:EG;27:ZA;30:GR;31:NL;' +
  '32:BE;33:FR;34:ES;36:HU;39:IT VA;40:RO;41:CH;43:AT;44:GB GG IM JE;45:DK;46:SE;47:NO SJ BV;48:PL;49:DE;51:PE;' +
  '52:MX;53:CU;54:AR;55:BR;56:CL;57:CO;58:VE;60:MY;61:AU CX CC;62:ID;63:PH;64:NZ PN;65:SG;66:TH;81:JP;82:KR;84:VN;' +
  '86:CN;90:TR;91:IN;92:PK;93:AF;94:LK;95:MM;98:IR;211:SS;212:MA EH;213:DZ;216:TN;218:LY;220:GM;221:SN;222:MR;' +
  '223:ML;224:GN;225:CI;226:BF;227:NE;228:TG;229:BJ;230:MU;231:LR;232:SL;233:GH;234:NG;235:TD;236:CF;237:CM;' +
  '238:CV;239:ST;240:GQ;241:GA;242:CG;243:CD;244:AO;245:GW;246:IO;248:SC;249:SD;250:RW;251:ET;252:SO;253:DJ;' +
  '254:KE;255:TZ;256:UG;257:BI;258:MZ;260:ZM;261:MG;262:RE YT TF;263:ZW;264:NA;265:MW;266:LS;267:BW;268:SZ;269:KM;' +
  '290:SH;291:ER;297:AW;298:FO;299:GL;350:GI;351:PT;352:LU;353:IE;354:IS;355:AL;356:MT;357:CY;358:FI AX;359:BG;' +
  '370:LT;371:LV;372:EE;373:MD;374:AM;375:BY;376:AD;377:MC;378:SM;380:UA;381:RS;382:ME;385:HR;386:SI;387:BA;' +
  '389:MK;420:CZ;421:SK;423:LI;500:FK GS;501:BZ;502:GT;503:SV;504:HN;505:NI;506:CR;507:PA;508:PM;509:HT;' +
  '590:GP BL MF;591:BO;592:GY;593:EC;594:GF;595:PY;596:MQ;597:SR;598:UY;599:CW BQ;670:TL;672:NF AQ HM;673:BN;' +
  '674:NR;675:PG;676:TO;677:SB;678:VU;679:FJ;680:PW;681:WF;682:CK;683:NU;685:WS;686:KI;687:NC;688:TV;689:PF;' +
  '690:TK;691:FM;692:MH;850:KP;852:HK;853:MO;855:KH;856:LA;880:BD;886:TW;960:MV;961:LB;962:JO;963:SY;964:IQ;' +
  '965:KW;966:SA;967:YE;968:OM;970:PS;971:AE;972:IL;973:BH;974:QA;975:BT;976:MN;977:NP;992:TJ;993:TM;994:AZ;' +
  '995:GE;996:KG;998:UZ';

const codeToIsos = new Map<string, string[]>();
const isoToCode = new Map<string, string>();
for (const group of CALLING.split(';')) {
  const [code = '', list = ''] = group.split(':');
  const isos = list.split(' ');
  codeToIsos.set(code, isos);
  for (const iso of isos) isoToCode.set(iso, code);
}

/** Calling codes whose national format has no trunk prefix (the number is dialled as is). */
const NO_TRUNK = new Set([
  '1',
  '39',
  '34',
  '351',
  '30',
  '45',
  '47',
  '354',
  '352',
  '356',
  '357',
  '372',
  '371',
  '420',
  '48',
  '52',
  '65',
  '852',
  '853',
  '974',
  '973',
  '965',
  '968',
  '377',
  '378',
  '423',
  '298',
  '299',
  '502',
  '503',
  '504',
  '505',
  '506',
  '507',
  '56',
]);
/** Trunk prefixes other than "0". */
const TRUNK: Record<string, string> = { '7': '8', '36': '06' };

/** Calling code of a country ("DE" -> "49"). */
export const callingCode = (iso: string): string | null => isoToCode.get(iso) ?? null;

/**
 * Split an E.164 number. Calling codes are prefix-free, so the first 1-3 digits that form a known
 * code are it. `preferIso` (the address country) picks among countries sharing a code (+1, +44, +7).
 */
export function splitE164(e164: string, preferIso?: string): PhoneParts | null {
  const m = /^\+(\d{7,15})$/.exec(e164.replace(/[\s().-]/g, ''));
  if (!m) return null;
  const digits = m[1]!;
  for (let n = 1; n <= 3; n++) {
    const cc = digits.slice(0, n);
    const isos = codeToIsos.get(cc);
    if (isos) {
      const iso = preferIso && isos.includes(preferIso) ? preferIso : isos[0]!;
      return { cc, nsn: digits.slice(n), iso };
    }
  }
  return null;
}

/** The number as dialled inside its country: trunk prefix + national number ("030 ..." -> "0301234567"). */
export function nationalNumber(p: PhoneParts): string {
  if (NO_TRUNK.has(p.cc)) return p.nsn;
  return (TRUNK[p.cc] ?? '0') + p.nsn;
}

export const international = (p: PhoneParts): string => `+${p.cc}${p.nsn}`;

/** Calling code and country an option stands for ("Germany (+49)", "+49", "0049", "DE"). */
export function optionCalling(o: { value: string; text: string }): { cc: string | null; iso: string | null } {
  const code = (s: string): string | null => {
    const m = /\+\s?(\d{1,4})\b/.exec(s) ?? /\(\s*(?:00)?(\d{1,4})\s*\)/.exec(s) ?? /^\s*(?:00)?(\d{1,4})\s*$/.exec(s);
    return m ? m[1]! : null;
  };
  const strip = (s: string): string => s.replace(/\([^)]*\)|[+\d]+|[\u{1F1E6}-\u{1F1FF}]/gu, ' ');
  const iso = countryOf(o.value.trim()) ?? countryOf(o.text.trim()) ?? countryOf(strip(o.text));
  const cc = code(o.value) ?? code(o.text) ?? (iso ? callingCode(iso) : null);
  return { cc, iso };
}

/** Scorer for a country-calling-code option: the code must match; the number's own country wins ties. */
function callingScorer(p: PhoneParts): OptionScorer {
  return (o) => {
    const { cc, iso } = optionCalling(o);
    if (cc !== p.cc) return 0;
    if (!iso) return 2;
    return iso === p.iso ? 3 : 1;
  };
}

/** Strings to try when the calling-code select was not collected in full. */
function callingAlts(p: PhoneParts): string[] {
  return [p.iso, ...countryNames(p.iso).filter((n) => n.length > 3), `+${p.cc}`, p.cc, `00${p.cc}`].map((s) => matchKey(s) || s);
}

/** Text for a country-code input: "+49", or "49" when the field cannot hold the plus or shows none. */
function callingText(p: PhoneParts, maxLength: number | null, placeholder: string): string {
  const plus = `+${p.cc}`;
  if (maxLength !== null && maxLength < plus.length) return p.cc;
  if (/^\s*\d/.test(placeholder)) return p.cc;
  return plus;
}

/**
 * The whole number for a single phone field: international by default; national when the field's
 * placeholder shows a national number ("0151 ...", "(555) ..."), when only the national number fits,
 * or for number inputs (which cannot hold a "+").
 */
export function wholeNumber(p: PhoneParts, f: { type: string; maxLength: number | null; placeholder: string }): string {
  const intl = international(p);
  const nat = nationalNumber(p);
  if (f.type === 'number') return nat;
  if (/^\s*(\+|00)/.test(f.placeholder)) return intl;
  if (/^\s*[0(]/.test(f.placeholder)) return nat;
  if (f.maxLength !== null && intl.length > f.maxLength && nat.length <= f.maxLength) return nat;
  return intl;
}

export type PhonePartToken = 'tel' | 'tel-country-code' | 'tel-area-code' | 'tel-local-prefix' | 'tel-local-suffix';

export interface PhonePartField {
  token: PhonePartToken;
  maxLength: number | null;
}

/**
 * Distribute the digits of a number over a run of split phone fields (country code excluded).
 * Each field but the last takes its maxlength; without one, the NANP shape (3-3-4) for +1, else
 * 3 digits for an area code and half of what is left for a local prefix. The last takes the rest.
 * Returns one string per field (null when nothing is left for it).
 */
export function splitDigits(p: PhoneParts, fields: readonly PhonePartField[], withCountryCode: boolean): Array<string | null> {
  let rest = withCountryCode ? p.nsn : nationalNumber(p);
  const trunk = withCountryCode ? '' : rest.slice(0, rest.length - p.nsn.length);
  const nanp = p.cc === '1';
  return fields.map((f, i) => {
    if (!rest) return null;
    if (i === fields.length - 1) {
      const all = rest;
      rest = '';
      return all;
    }
    let n: number;
    if (f.maxLength !== null && f.maxLength > 0) n = f.maxLength;
    else if (nanp) n = 3;
    else if (f.token === 'tel-area-code' || (i === 0 && f.token === 'tel')) n = trunk.length + 3;
    else n = Math.ceil(rest.length / 2);
    const part = rest.slice(0, n);
    rest = rest.slice(n);
    return part;
  });
}

// ---- Phone runs of the planner ----

/** A whole phone number: E.164 unless the field shows a national one. */
export function phoneWhole(f: FieldFacts, ctx: Ctx): Resolved {
  return ctx.phone ? { text: wholeNumber(ctx.phone, f) } : 'no-value';
}

/** A country calling code: "+49" (or "49" when it does not fit), or the matching option. */
export function callingWant(f: FieldFacts, ctx: Ctx): Resolved {
  const p = ctx.phone;
  if (!p) return 'no-value';
  return {
    text: callingText(p, f.maxLength, f.placeholder),
    score: callingScorer(p),
    alts: callingAlts(p),
    display: `+${p.cc} (${p.iso})`,
  };
}

const PHONE_PARTS: ReadonlySet<Token> = new Set(['tel', 'tel-country-code', 'tel-area-code', 'tel-local-prefix', 'tel-local-suffix']);

/** Plans split phone runs into `out`; returns the runs, so their parts can share requiredness. */
export function planPhone(pos: number[], fields: readonly PlanField[], ctx: Ctx, out: Map<number, Resolved>): number[][] {
  const splitRuns: number[][] = [];
  const runs: number[][] = [];
  let run: number[] = [];
  for (const i of pos) {
    const { classification: c, facts } = fields[i]!;
    if (!PHONE_PARTS.has(c.token)) {
      if (run.length) {
        runs.push(run);
        run = [];
      }
      continue;
    }
    run.push(i);
    // A whole-width number field ends its run: a following phone field is another number.
    if (c.token === 'tel' && (facts.maxLength === null || facts.maxLength > 5)) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  for (const r of runs) {
    const facts = r.map((i) => fields[i]!.facts);
    const toks = r.map((i) => fields[i]!.classification.token as PhonePartToken);
    const split =
      r.length > 1 && (toks.some((t) => t !== 'tel') || facts.slice(0, -1).every((f) => f.maxLength !== null && f.maxLength <= 5));
    if (!split) continue; // each field on its own (a whole number, or a lone country code)
    splitRuns.push(r);
    const p = ctx.phone;
    const hasCc = toks.includes('tel-country-code');
    const rest = r.filter((_, k) => toks[k] !== 'tel-country-code');
    const digits = p
      ? splitDigits(
          p,
          rest.map((i) => ({ token: fields[i]!.classification.token as PhonePartToken, maxLength: fields[i]!.facts.maxLength })),
          hasCc,
        )
      : [];
    r.forEach((i, k) => {
      if (toks[k] === 'tel-country-code') {
        out.set(i, callingWant(facts[k]!, ctx));
        return;
      }
      const d = digits[rest.indexOf(i)];
      out.set(i, d ? { text: d } : 'no-value');
    });
  }
  return splitRuns;
}

export type { PhoneParts };
