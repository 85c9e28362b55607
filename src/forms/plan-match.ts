/**
 * Matching a wanted value against the options of a select (or the value/label of a radio), on
 * `matchKey` of norm.ts: the generic option picker, month names in several languages (from Intl, so no
 * tables), honorific prefixes and sex. Pure; used by the planner.
 */

import { matchKey } from './norm';
import type { OptionFacts } from './types';
import { LEXICON_LOCALES, MONTH_STEMS, MONTH_WORDS, SEX_WORDS } from './words';

/** Scores an option: 0 = no match, higher = better. */
export type OptionScorer = (o: OptionFacts) => number;

/**
 * The best option (highest score, first on ties). Options with an explicit empty value are the
 * "please choose" placeholder and never picked.
 */
export function pickOption(options: readonly OptionFacts[], score: OptionScorer): OptionFacts | null {
  let best: OptionFacts | null = null;
  let top = 0;
  for (const o of options) {
    if (o.value === '') continue;
    const s = score(o);
    if (s > top) {
      top = s;
      best = o;
    }
  }
  return best;
}

/** Does normalised `hay` contain normalised `needle` as whole words? */
export function containsWords(hay: string, needle: string): boolean {
  if (!needle) return false;
  return ` ${hay} `.includes(` ${needle} `);
}

/** Scorer for "this option is exactly one of these strings" (value or text, normalised). */
export function equalsAny(wanted: readonly string[]): OptionScorer {
  const set = new Set(wanted.map(matchKey).filter(Boolean));
  return (o) => (set.has(matchKey(o.value)) ? 3 : set.has(matchKey(o.text)) ? 3 : 0);
}

/** A whole non-negative number ("05" -> 5), or null. */
export function numberOf(s: string): number | null {
  const m = /^\s*0*(\d{1,4})\s*$/.exec(s);
  return m ? parseInt(m[1]!, 10) : null;
}

/**
 * Scorer for a number (day, year): the option's text decides when it is a number, else its value
 * (selects whose values are internal ids still show the number as text).
 */
export function numberScorer(n: number, alsoTwoDigit = false): OptionScorer {
  const ok = (k: number | null): boolean => k === n || (alsoTwoDigit && k !== null && k < 100 && k === n % 100);
  return (o) => {
    const t = numberOf(o.text);
    if (t !== null) return ok(t) ? 3 : 0;
    return ok(numberOf(o.value)) ? 2 : 0;
  };
}

// ---- Months ----

/** Locales whose month names are recognised (long and short forms, from Intl). */
export const MONTH_LOCALES = LEXICON_LOCALES;

let monthNames: Map<string, number> | null = null;
let monthPrefixes: Map<string, number> | null = null;

function buildMonths(): void {
  const names = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const add = (map: Map<string, number>, k: string, m: number): void => {
    if (!k) return;
    const had = map.get(k);
    map.set(k, had === undefined || had === m ? m : -1); // -1: ambiguous across languages
  };
  for (const loc of MONTH_LOCALES) {
    for (const style of ['long', 'short'] as const) {
      let fmt: Intl.DateTimeFormat;
      try {
        fmt = new Intl.DateTimeFormat(loc, { month: style, timeZone: 'UTC' });
      } catch {
        continue;
      }
      for (let m = 1; m <= 12; m++) {
        const name = matchKey(fmt.format(new Date(Date.UTC(2000, m - 1, 15))));
        add(names, name, m);
        if (style === 'long' && /^\p{L}{4,}/u.test(name)) add(prefixes, name.slice(0, 3), m);
      }
    }
  }
  // The classifier's month words (Polish, Hungarian, Russian and abbreviations Intl does not give).
  MONTH_WORDS.forEach((words, i) => {
    for (const w of words) add(names, w, i + 1);
  });
  // An abbreviation neither gives (German "Mrz"; not in the classifier's list, where it would make
  // more selects month lists).
  add(names, 'mrz', 3);
  monthNames = names;
  monthPrefixes = prefixes;
}

/** The month (1-12) named or numbered by `s` ("März", "Jan.", "juil.", "1月", "03", "3 - March"), or null. */
export function monthOf(s: string): number | null {
  if (!monthNames) buildMonths();
  const n = matchKey(s);
  if (!n) return null;
  const whole = monthNames!.get(n);
  if (whole !== undefined && whole > 0) return whole;
  const words = n.split(' ');
  for (const w of words) {
    const hit = monthNames!.get(w);
    if (hit !== undefined && hit > 0) return hit;
  }
  for (const w of words) {
    const stem = MONTH_STEMS.findIndex((stems) => stems.some((st) => w.startsWith(st)));
    if (stem >= 0) return stem + 1;
  }
  for (const w of words) {
    if (w.length < 3 || !/^\p{L}+$/u.test(w)) continue;
    const hit = monthPrefixes!.get(w.slice(0, 3));
    if (hit !== undefined && hit > 0) return hit;
  }
  const num = numberOf(words[0] ?? '');
  return num !== null && num >= 1 && num <= 12 ? num : null;
}

/** Does `s` name a month in words (not just a number)? */
const namesMonth = (s: string): boolean => /\p{L}/u.test(s) && monthOf(s) !== null;

/**
 * Scorer for a month. Text wins when it names a month (so zero-based values such as
 * `<option value="0">January</option>` are read right); otherwise the value or text as a number.
 */
export function monthScorer(m: number): OptionScorer {
  return (o) => {
    if (namesMonth(o.text)) return monthOf(o.text) === m ? 3 : 0;
    const t = numberOf(o.text);
    if (t !== null) return t === m ? 3 : 0;
    if (namesMonth(o.value)) return monthOf(o.value) === m ? 2 : 0;
    return numberOf(o.value) === m ? 2 : 0;
  };
}

/** English month name, for display and fallbacks. */
export function monthName(m: number, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 15)));
}

// ---- Honorific prefixes ----

type Honorific = 'mr' | 'mrs' | 'ms' | 'miss' | 'mx' | 'dr' | 'prof';
const HONORIFICS: Record<Honorific, string[]> = {
  mr: ['mr', 'mister', 'herr', 'hr', 'm', 'monsieur', 'sr', 'senor', 'sig', 'signor', 'signore', 'dhr', 'de heer', 'heer', 'senhor'],
  mrs: ['mrs', 'frau', 'fr', 'mme', 'madame', 'sra', 'senora', 'sig ra', 'signora', 'mevr', 'mevrouw', 'senhora'],
  ms: ['ms', 'frau', 'fr', 'mme', 'madame', 'sra', 'senora', 'signora', 'mevr', 'mevrouw', 'senhora'],
  miss: ['miss', 'mlle', 'mademoiselle', 'srta', 'senorita', 'signorina', 'sig na', 'fraulein', 'mej', 'mejuffrouw'],
  mx: ['mx'],
  dr: ['dr', 'doctor', 'doktor', 'docteur', 'dott', 'dottore', 'dottoressa', 'dra'],
  prof: ['prof', 'professor', 'professeur', 'professore', 'prof dr'],
};
const FEMALE: ReadonlySet<Honorific> = new Set(['mrs', 'ms', 'miss']);

/** Honorific classes a label stands for ("Frau" -> mrs and ms). */
export function honorificClasses(s: string): Set<Honorific> {
  const n = matchKey(s);
  const out = new Set<Honorific>();
  const scan = (k: string): void => {
    for (const [cls, syn] of Object.entries(HONORIFICS) as Array<[Honorific, string[]]>) if (syn.includes(k)) out.add(cls);
  };
  scan(n);
  if (!out.size) scan(n.split(' ')[0] ?? '');
  return out;
}

/**
 * Scorer for an honorific: the same text (4), the same class in another language (3), the same
 * gender family when the exact title is missing (Mrs -> Ms: 1). With no prefix on file, a sex of
 * m/f picks Mr / Ms (many forms require the salutation).
 */
export function honorificScorer(prefix: string | undefined, sex: Sex | null): OptionScorer | null {
  let want: Set<Honorific>;
  if (prefix) want = honorificClasses(prefix);
  else if (sex === 'm') want = new Set(['mr']);
  else if (sex === 'f') want = new Set(['ms', 'mrs']);
  else return null;
  const exact = prefix ? matchKey(prefix) : null;
  const wantFemale = [...want].some((c) => FEMALE.has(c));
  return (o) => {
    if (exact && (matchKey(o.text) === exact || matchKey(o.value) === exact)) return 4;
    const got = honorificClasses(o.text);
    if (!got.size) for (const c of honorificClasses(o.value)) got.add(c);
    if ([...got].some((c) => want.has(c))) return 3;
    if (wantFemale && [...got].some((c) => FEMALE.has(c)) && !got.has('mr')) return 1;
    return 0;
  };
}

// ---- Sex ----

export type Sex = 'f' | 'm' | 'x';
/** The words the planner reads for each sex (`words.ts`: the strong words, short ones and its own). */
const SEXES: Record<Sex, readonly string[]> = {
  f: [...SEX_WORDS.f.strong, ...SEX_WORDS.f.listed, ...SEX_WORDS.f.planner],
  m: [...SEX_WORDS.m.strong, ...SEX_WORDS.m.listed, ...SEX_WORDS.m.planner],
  x: [...SEX_WORDS.x.strong, ...SEX_WORDS.x.listed, ...SEX_WORDS.x.planner],
};

/** The sex a label stands for, or null. */
export function sexOf(s: string): Sex | null {
  const n = matchKey(s);
  if (!n) return null;
  for (const k of ['f', 'm', 'x'] as const) if (SEXES[k].includes(n)) return k;
  const first = n.split(' ')[0] ?? '';
  for (const k of ['f', 'm', 'x'] as const) if (first.length > 1 && SEXES[k].includes(first)) return k;
  return null;
}

/** Scorer for a sex: the same text (3) or the same meaning in another language (2). */
export function sexScorer(sex: string): OptionScorer {
  const want = sexOf(sex);
  const exact = matchKey(sex);
  return (o) => {
    if (matchKey(o.text) === exact || matchKey(o.value) === exact) return 3;
    if (!want) return 0;
    const got = sexOf(o.text) ?? sexOf(o.value);
    return got === want ? 2 : 0;
  };
}

// ---- Languages ----

/**
 * Locales whose names for a language are recognised in option texts, besides English and the
 * language's own: the page's language is usually one of these (the languages the classifier reads).
 */
const LANGUAGE_NAME_LOCALES = [...LEXICON_LOCALES, 'ru', 'pl', 'zh', 'ko', 'sv', 'da', 'nb', 'fi', 'cs', 'tr'] as const;

/** A code as a canonical BCP 47 tag ("de_at" -> "de-AT", "ger"/"deu" -> "de"), or null if it is not one. */
export function languageTag(s: string): string | null {
  const t = s.trim().replace(/_/g, '-');
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(t)) return null;
  try {
    return Intl.getCanonicalLocales(t)[0] ?? null;
  } catch {
    return null;
  }
}

/** The language's name in `locale` ("de-AT", "en" -> "Austrian German"), or null when Intl has none. */
export function languageName(tag: string, locale = 'en', style: 'dialect' | 'standard' = 'dialect'): string | null {
  try {
    const n = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none', languageDisplay: style }).of(tag);
    return n && n.toLowerCase() !== tag.toLowerCase() ? n : null;
  } catch {
    return null;
  }
}

/**
 * Normalised names of a language: `full` for the whole tag when it has a region or script
 * ("austrian german", "deutsch osterreich"), `base` for its primary language ("german", "deutsch",
 * "allemand", "aleman" ...), each in English, in the language itself and in LANGUAGE_NAME_LOCALES.
 */
export function languageNames(tag: string): { full: Set<string>; base: Set<string> } {
  const primary = tag.split('-')[0]!.toLowerCase();
  const locales = [...new Set([...LANGUAGE_NAME_LOCALES, primary, tag])];
  const full = new Set<string>(),
    base = new Set<string>();
  for (const loc of locales) {
    const b = languageName(primary, loc);
    if (b) base.add(matchKey(b));
    if (tag.toLowerCase() === primary) continue;
    for (const style of ['dialect', 'standard'] as const) {
      const f = languageName(tag, loc, style);
      if (f) full.add(matchKey(f));
    }
  }
  return { full, base };
}

/**
 * Scorer for a language (a BCP 47 tag such as "de-AT"): the option's value or text is the tag (5)
 * or names it (5); is the bare primary language, by code or by name (4); is the same language
 * with another region ("de-DE", "Deutsch (Deutschland)", 3); or a text that mentions the language (2).
 */
export function languageScorer(tag: string): OptionScorer | null {
  const want = languageTag(tag);
  if (!want) return null;
  const lower = want.toLowerCase();
  const primary = lower.split('-')[0]!;
  const { full, base } = languageNames(want);
  return (o) => {
    const codes = [languageTag(o.value), o.text.trim().length <= 10 ? languageTag(o.text) : null]
      .filter((c): c is string => !!c)
      .map((c) => c.toLowerCase());
    const text = matchKey(o.text);
    if (codes.includes(lower) || full.has(text)) return 5;
    if (codes.includes(primary) || base.has(text)) return 4;
    const words = text.split(' ');
    if (codes.some((c) => c.split('-')[0] === primary) || [...base].some((n) => words.slice(0, n.split(' ').length).join(' ') === n))
      return 3;
    return [...base].some((n) => n.length >= 4 && containsWords(text, n)) ? 2 : 0;
  };
}
