/**
 * What each token wants written (`RESOLVERS`, one per token role, a `Record` so a new role without
 * one fails to compile), and the context of one plan they read (`context`). See plan.design.md.
 */
import type { Address, Persona } from '../shared/records';
import { matchKey } from './norm';
import { addressLines } from './plan-address';
import { aliasEmail } from './plan-alias';
import { detectDateFormat, formatDate, ISO_FORMAT, pad2, parseYmd, shortYearHint, singleLetterHint, type Ymd } from './plan-date';
import { countryCodes, countryName, countryNames, countryScorer, subdivisionAlts, subdivisionOf, subdivisionScorer } from './plan-geo';
import {
  honorificScorer,
  languageName,
  languageNames,
  languageScorer,
  languageTag,
  MONTH_LOCALES,
  monthName,
  monthScorer,
  numberOf,
  numberScorer,
  sexOf,
  sexScorer,
} from './plan-match';
import { callingWant, phoneWhole, splitE164 } from './plan-phone';
import type { PlanOptions } from './plan-types';
import { type Ctx, type Resolved, text } from './plan-want';
import type { FieldFacts, TokenRole } from './types';

/** The context of one plan: the persona, its chosen address, and values parsed once. */
export function context(persona: Persona, opts: PlanOptions): Ctx {
  const address =
    opts.addressId !== undefined ? (persona.addresses.find((a) => a.id === opts.addressId) ?? null) : (persona.addresses[0] ?? null);
  let email = persona.email ?? null;
  if (email && opts.alias === true) email = aliasEmail(email, opts.site) ?? email;
  else if (email && typeof opts.alias === 'string' && opts.alias.includes('@')) email = opts.alias;
  return {
    persona,
    opts,
    address,
    lines: addressLines(address),
    phone: persona.tel ? splitE164(persona.tel, address?.country) : null,
    bday: parseYmd(persona.bday),
    sex: persona.sex ? sexOf(persona.sex) : null,
    email,
  };
}

function fullName(p: Persona, maxLength: number | null): string | undefined {
  const parts = [p['given-name'], p['additional-name'], p['family-name']].map((s) => s?.trim()).filter(Boolean) as string[];
  let full = parts.join(' ');
  if (maxLength !== null && full.length > maxLength && p['additional-name']) {
    full = [p['given-name'], p['family-name']].filter(Boolean).join(' ');
  }
  return full || undefined;
}

function bdayText(f: FieldFacts, d: Ymd): string {
  if (f.type === 'date') return formatDate(d, ISO_FORMAT);
  if (f.type === 'month') return `${d.y}-${pad2(d.m)}`;
  const fmt = detectDateFormat([f.placeholder, f.title, ...f.labels, f.ariaLabel, f.labelledBy, f.nearby]);
  return formatDate(d, fmt ?? ISO_FORMAT);
}

function countryWant(f: FieldFacts, iso: string | undefined): Resolved {
  if (!iso) return 'no-value';
  const { alpha3, numeric } = countryCodes(iso);
  const name = countryName(iso);
  return {
    text: f.maxLength !== null && f.maxLength <= 3 ? iso : name,
    score: countryScorer(iso),
    alts: [iso, alpha3, numeric, ...countryNames(iso)].filter(Boolean).map((s) => matchKey(s!)),
    display: name,
  };
}

/**
 * A language (BCP 47 tag, "de-AT"): selects match the code or the language's name (in English, in
 * itself, or in the page's language); a text box gets the English name, or the code when short.
 */
function languageWant(f: FieldFacts, tag: string | undefined): Resolved {
  const want = tag ? languageTag(tag) : null;
  const score = want ? languageScorer(want) : null;
  if (!want || !score) return 'no-value';
  const primary = want.split('-')[0]!;
  const name = languageName(primary) ?? want;
  const { full, base } = languageNames(want);
  return {
    text: f.maxLength !== null && f.maxLength < name.length && f.maxLength <= 5 ? (want.length <= f.maxLength ? want : primary) : name,
    score,
    alts: [...new Set([want, primary, ...full, ...base].map(matchKey))],
    display: languageName(want, 'en', 'standard') ?? name,
  };
}

function stateWant(f: FieldFacts, a: Address | null): Resolved {
  const v = a?.['address-level1']?.trim();
  if (!v) return 'no-value';
  const sub = subdivisionOf(v, a?.country);
  return {
    text: sub && f.maxLength !== null && f.maxLength <= 3 ? sub.code : v,
    score: subdivisionScorer(v, a?.country),
    alts: subdivisionAlts(v, a?.country).map(matchKey),
    display: sub ? sub.name : v,
  };
}

type Resolver = (f: FieldFacts, ctx: Ctx) => Resolved;
const notFillable: Resolver = () => 'not-fillable';
const noValue: Resolver = () => 'no-value';
const persona =
  (k: 'given-name' | 'family-name' | 'nickname' | 'organization' | 'organization-title' | 'url'): Resolver =>
  (_f, ctx) =>
    text(ctx.persona[k]);

/** One resolver per token role, so a new role without one fails to compile. */
export const RESOLVERS: Record<TokenRole, Resolver> = {
  'honorific-prefix': (_f, ctx) => {
    const p = ctx.persona['honorific-prefix']?.trim();
    const score = honorificScorer(p, ctx.sex);
    if (!score) return 'no-value';
    return { text: p || null, score, ...(p ? { alts: [matchKey(p)] } : {}) };
  },
  'given-name': persona('given-name'),
  'additional-name': (f, ctx) => {
    const v = ctx.persona['additional-name']?.trim();
    if (!v) return 'no-value';
    return { text: f.maxLength !== null && f.maxLength <= 2 ? v[0]!.toUpperCase() : v };
  },
  'family-name': persona('family-name'),
  name: (f, ctx) => text(fullName(ctx.persona, f.maxLength)),
  nickname: persona('nickname'),
  email: (f, ctx) => {
    const e = ctx.email,
      plain = ctx.persona.email;
    if (!e) return 'no-value';
    // A short field may hold the plain address where the alias does not fit.
    return { text: f.maxLength !== null && e.length > f.maxLength && plain && plain.length <= f.maxLength ? plain : e };
  },
  tel: phoneWhole,
  'tel-country-code': callingWant,
  // Parts are decided per run of phone fields in planPhone; alone, they cannot be split sensibly.
  'tel-area-code': () => 'no-match',
  'tel-local-prefix': () => 'no-match',
  'tel-local-suffix': () => 'no-match',
  'tel-extension': noValue,
  'x-fax': noValue,
  organization: persona('organization'),
  'organization-title': persona('organization-title'),
  // A one-line street field gets the first line (as people and the corpus do: "Street address" is
  // line 1); a textarea gets every line (planAddress adds town and postcode when the form has none).
  'street-address': (f, ctx) => {
    if (!ctx.lines.length) return 'no-value';
    return { text: f.tag === 'textarea' ? ctx.lines.join('\n') : ctx.lines[0]! };
  },
  // Lines and house numbers are decided per form in planAddress.
  'address-line1': (_f, ctx) => text(ctx.lines[0]),
  'address-line2': (_f, ctx) => text(ctx.lines.slice(1).join(', ')),
  'x-house-number': noValue,
  'x-po-box': noValue,
  'address-level2': (_f, ctx) => text(ctx.address?.['address-level2']),
  'address-level1': (f, ctx) => stateWant(f, ctx.address),
  'postal-code': (_f, ctx) => text(ctx.address?.['postal-code']),
  country: (f, ctx) => countryWant(f, ctx.address?.country),
  bday: (f, ctx) => (ctx.bday ? { text: bdayText(f, ctx.bday) } : 'no-value'),
  'bday-day': (f, ctx) => {
    const d = ctx.bday?.d;
    if (!d) return 'no-value';
    return { text: singleLetterHint(f.placeholder, 'dtjg') ? String(d) : pad2(d), score: numberScorer(d), alts: [String(d), pad2(d)] };
  },
  'bday-month': (f, ctx) => {
    const m = ctx.bday?.m;
    if (!m) return 'no-value';
    const names = MONTH_LOCALES.map((l) => matchKey(monthName(m, l)));
    return {
      text: singleLetterHint(f.placeholder, 'm') ? String(m) : pad2(m),
      score: monthScorer(m),
      alts: [String(m), pad2(m), ...new Set(names)],
      display: monthName(m),
    };
  },
  'bday-year': (f, ctx) => {
    const y = ctx.bday?.y;
    if (!y) return 'no-value';
    const short = f.tag !== 'select' && shortYearHint(f.placeholder, f.maxLength);
    const years = f.options.map((o) => numberOf(o.text)).filter((n): n is number => n !== null);
    const twoDigitOptions = years.length > 0 && years.every((n) => n < 100);
    return { text: short ? pad2(y % 100) : String(y), score: numberScorer(y, twoDigitOptions), alts: [String(y), pad2(y % 100)] };
  },
  sex: (_f, ctx) => {
    const v = ctx.persona.sex?.trim();
    return v ? { text: v, score: sexScorer(v), alts: [matchKey(v)] } : 'no-value';
  },
  url: persona('url'),
  language: (f, ctx) => languageWant(f, ctx.persona.language),
  username: notFillable,
  'new-password': (_f, ctx) => (ctx.opts.password ? { text: ctx.opts.password, secret: true } : 'no-value'),
  'current-password': notFillable,
  'one-time-code': notFillable,
  'cc-name': notFillable,
  'cc-number': notFillable,
  'cc-exp': notFillable,
  'cc-exp-month': notFillable,
  'cc-exp-year': notFillable,
  'cc-csc': notFillable,
  'cc-type': notFillable,
};
