/**
 * Countries and states for the planner: ISO 3166-1 names in several languages (i18n-iso-countries,
 * with only the locales we need registered, so the background bundle stays small) and a small table
 * of first-level subdivisions for US, CA, DE and AU (no subdivision library is available).
 */
import countries from 'i18n-iso-countries';
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import it from 'i18n-iso-countries/langs/it.json';
import ja from 'i18n-iso-countries/langs/ja.json';
import nl from 'i18n-iso-countries/langs/nl.json';
import pt from 'i18n-iso-countries/langs/pt.json';
import { COUNTRY_CODES } from '../shared/records';
import { matchKey } from './norm';
import { containsWords, type OptionScorer } from './plan-match';

const COUNTRY_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ja'] as const;
for (const l of [en, de, fr, es, it, nl, pt, ja]) countries.registerLocale(l);

/** A few names people and shops use that the library does not list. */
const EXTRA_NAMES: Record<string, string[]> = {
  US: ['united states of america', 'usa', 'us', 'u s a', 'america'],
  GB: ['uk', 'u k', 'great britain', 'england', 'scotland', 'wales', 'northern ireland', 'grossbritannien'],
  NL: ['holland', 'the netherlands'],
  KR: ['south korea', 'korea'],
  CZ: ['czech republic', 'czechia'],
  RU: ['russia'],
};

let byName: Map<string, string> | null = null;
const display = new Map<string, Intl.DisplayNames | null>();

/** The short everyday name from Intl ("États-Unis" where the library says "États-Unis d'Amérique"). */
function intlName(iso: string, lang: string): string | null {
  if (!display.has(lang)) {
    try {
      display.set(lang, new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }));
    } catch {
      display.set(lang, null);
    }
  }
  try {
    return display.get(lang)?.of(iso) ?? null;
  } catch {
    return null;
  }
}

/** Every name of a country in the registered languages, normalised. */
export function countryNames(iso: string): string[] {
  const out = new Set<string>();
  for (const lang of COUNTRY_LOCALES) {
    for (const n of countries.getName(iso, lang, { select: 'all' }) ?? []) out.add(matchKey(n));
    const short = intlName(iso, lang);
    if (short) out.add(matchKey(short));
  }
  for (const n of EXTRA_NAMES[iso] ?? []) out.add(n);
  out.delete('');
  return [...out];
}

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const ambiguous = new Set<string>(); // "Congo" (CG, CD) names no one country
  for (const iso of Object.keys(countries.getAlpha2Codes())) {
    for (const n of countryNames(iso)) {
      const had = byName.get(n);
      if (had && had !== iso) ambiguous.add(n);
      else byName.set(n, iso);
    }
  }
  for (const n of ambiguous) byName.delete(n);
  return byName;
}

/**
 * The name people write for a country ("DE" -> "Germany", "US" -> "United States", "IR" -> "Iran"):
 * the official-style first name unless it reads like a formal title, else the shortest plain alias.
 */
export function countryName(iso: string, lang = 'en'): string {
  const all = (countries.getName(iso, lang, { select: 'all' }) ?? []) as string[];
  const formal = (n: string) => /,|\(|\bof\b|^the\s/i.test(n);
  const first = all[0];
  if (!first) return iso;
  if (!formal(first)) return first;
  const plain = all.filter((n) => n.length >= 4 && !n.includes('.') && !formal(n)).sort((a, b) => a.length - b.length)[0];
  return plain ?? first;
}

/** The ISO alpha-2 code a code or name stands for ("DE", "DEU", "276", "Allemagne", "ドイツ"), or null. */
export function countryOf(s: string): string | null {
  const raw = s.trim();
  if (!raw) return null;
  if (/^[A-Za-z]{2}$/.test(raw) && COUNTRY_CODES.has(raw.toUpperCase())) return raw.toUpperCase();
  const flag = /([\u{1F1E6}-\u{1F1FF}])([\u{1F1E6}-\u{1F1FF}])/u.exec(raw); // 🇩🇪 -> DE
  if (flag) {
    const c = String.fromCharCode(...[flag[1]!, flag[2]!].map((x) => x.codePointAt(0)! - 0x1f1e6 + 65));
    if (COUNTRY_CODES.has(c)) return c;
  }
  if (/^[A-Za-z]{3}$/.test(raw)) {
    const c = countries.alpha3ToAlpha2(raw.toUpperCase());
    if (c) return c;
  }
  if (/^\d{3}$/.test(raw)) return countries.numericToAlpha2(raw) ?? null;
  const n = matchKey(raw);
  return names().get(n) ?? null;
}

/** ISO alpha-3 and numeric codes of a country. */
export function countryCodes(iso: string): { alpha3: string | null; numeric: string | null } {
  return { alpha3: countries.alpha2ToAlpha3(iso) ?? null, numeric: countries.alpha2ToNumeric(iso) ?? null };
}

/** Scorer for a country option: by code (alpha-2/3, numeric) in the value, or by name in any language. */
export function countryScorer(iso: string): OptionScorer {
  return (o) => {
    const v = o.value.trim();
    if (v.toUpperCase() === iso) return 4;
    const byValue = countryOf(v);
    const byText = countryOf(o.text) ?? countryOf(o.text.replace(/\([^)]*\)|[+\d]+/g, ''));
    if (byText) return byText === iso ? 3 : 0;
    return byValue === iso ? 2 : 0;
  };
}

// ---- Subdivisions ----

/** code:name|other name; names in English and the local language. */
const SUBDIVISIONS: Record<string, string> = {
  US:
    'AL:Alabama;AK:Alaska;AZ:Arizona;AR:Arkansas;CA:California;CO:Colorado;CT:Connecticut;DE:Delaware;' +
    'DC:District of Columbia|Washington DC|Washington D.C.;FL:Florida;GA:Georgia;HI:Hawaii;ID:Idaho;IL:Illinois;IN:Indiana;' +
    'IA:Iowa;KS:Kansas;KY:Kentucky;LA:Louisiana;ME:Maine;MD:Maryland;MA:Massachusetts;MI:Michigan;MN:Minnesota;' +
    'MS:Mississippi;MO:Missouri;MT:Montana;NE:Nebraska;NV:Nevada;NH:New Hampshire;NJ:New Jersey;NM:New Mexico;' +
    'NY:New York;NC:North Carolina;ND:North Dakota;OH:Ohio;OK:Oklahoma;OR:Oregon;PA:Pennsylvania;RI:Rhode Island;' +
    'SC:South Carolina;SD:South Dakota;TN:Tennessee;TX:Texas;UT:Utah;VT:Vermont;VA:Virginia;WA:Washington;' +
    'WV:West Virginia;WI:Wisconsin;WY:Wyoming;AS:American Samoa;GU:Guam;MP:Northern Mariana Islands;PR:Puerto Rico;' +
    'VI:U.S. Virgin Islands|US Virgin Islands|Virgin Islands;UM:U.S. Minor Outlying Islands;' +
    'AA:Armed Forces Americas;AE:Armed Forces Europe;AP:Armed Forces Pacific',
  CA:
    'AB:Alberta;BC:British Columbia|Colombie-Britannique;MB:Manitoba;NB:New Brunswick|Nouveau-Brunswick;' +
    'NL:Newfoundland and Labrador|Terre-Neuve-et-Labrador|Newfoundland;NS:Nova Scotia|Nouvelle-Écosse;' +
    'NT:Northwest Territories|Territoires du Nord-Ouest;NU:Nunavut;ON:Ontario;' +
    'PE:Prince Edward Island|Île-du-Prince-Édouard;QC:Quebec|Québec;SK:Saskatchewan;YT:Yukon',
  DE:
    'BW:Baden-Württemberg;BY:Bayern|Bavaria;BE:Berlin;BB:Brandenburg;HB:Bremen;HH:Hamburg;HE:Hessen|Hesse;' +
    'MV:Mecklenburg-Vorpommern|Mecklenburg-Western Pomerania;NI:Niedersachsen|Lower Saxony;' +
    'NW:Nordrhein-Westfalen|North Rhine-Westphalia|NRW;RP:Rheinland-Pfalz|Rhineland-Palatinate;SL:Saarland;' +
    'SN:Sachsen|Saxony;ST:Sachsen-Anhalt|Saxony-Anhalt;SH:Schleswig-Holstein;TH:Thüringen|Thuringia',
  AU:
    'ACT:Australian Capital Territory;NSW:New South Wales;NT:Northern Territory;QLD:Queensland;' +
    'SA:South Australia;TAS:Tasmania;VIC:Victoria;WA:Western Australia',
};

export interface Subdivision {
  country: string;
  code: string;
  /** Normalised names (English and local). */
  names: string[];
  /** The first (display) name. */
  name: string;
}

const parsed = new Map<string, Subdivision[]>();
function table(country: string): Subdivision[] {
  let t = parsed.get(country);
  if (t) return t;
  t = (SUBDIVISIONS[country] ?? '')
    .split(';')
    .filter(Boolean)
    .map((e) => {
      const [code = '', list = ''] = e.split(':');
      const all = list.split('|');
      return { country, code, name: all[0] ?? code, names: all.map(matchKey) };
    });
  parsed.set(country, t);
  return t;
}

/** The subdivision a stored value stands for ("CA", "US-CA", "California", "Bavaria"), in `country` if known. */
export function subdivisionOf(value: string, country?: string): Subdivision | null {
  const n = matchKey(value);
  if (!n) return null;
  const order = country ? [country] : Object.keys(SUBDIVISIONS);
  for (const c of order) {
    for (const s of table(c)) {
      const code = s.code.toLowerCase();
      if (n === code || n === `${c.toLowerCase()} ${code}` || s.names.includes(n)) return s;
    }
  }
  return null;
}

/** Scorer for a state option: the same code (also "US-CA"), or the same name in any listed language. */
export function subdivisionScorer(value: string, country?: string): OptionScorer {
  const sub = subdivisionOf(value, country);
  const wanted = sub ? [sub.code.toLowerCase(), `${sub.country.toLowerCase()} ${sub.code.toLowerCase()}`, ...sub.names] : [matchKey(value)];
  return (o) => {
    const v = matchKey(o.value),
      t = matchKey(o.text);
    if (wanted.includes(t)) return 3;
    if (wanted.includes(v)) return 2;
    // "California (CA)", "CA - California"
    if (sub?.names.some((n) => containsWords(t, n))) return 1;
    return 0;
  };
}

/** Strings to try when the select's options were not all collected. */
export function subdivisionAlts(value: string, country?: string): string[] {
  const sub = subdivisionOf(value, country);
  return sub ? [sub.code, `${sub.country}-${sub.code}`, ...sub.names] : [value];
}
