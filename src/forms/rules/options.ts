/**
 * What the options of a `<select>` (or the labels of a radio group) say about the field: a list of
 * countries, of US/Canadian states, of months, days or years, of genders or salutations, of card brands.
 * The option texts are a strong signal because they do not depend on the label's language.
 */

import { norm } from '../classify-text';
import type { OptionFacts } from '../types';
import { LEXICON_LOCALES, MONTH_KANJI, MONTH_STEMS, MONTH_WORDS, SEX_LIST_NEUTRAL, SEX_LIST_STEMS, SEX_WORDS } from '../words';

export type OptionKind = 'country' | 'state' | 'month' | 'day' | 'year-past' | 'year-future' | 'sex' | 'cc-type' | 'language' | null;

/** A sample of country names in the languages we support; a country list contains several. */
const COUNTRY = new Set([
  'afghanistan',
  'albania',
  'algeria',
  'andorra',
  'angola',
  'argentina',
  'armenia',
  'australia',
  'austria',
  'belgium',
  'brazil',
  'bulgaria',
  'canada',
  'chile',
  'china',
  'colombia',
  'croatia',
  'cyprus',
  'czech republic',
  'czechia',
  'denmark',
  'egypt',
  'estonia',
  'finland',
  'france',
  'germany',
  'greece',
  'hungary',
  'iceland',
  'india',
  'indonesia',
  'ireland',
  'israel',
  'italy',
  'japan',
  'latvia',
  'lithuania',
  'luxembourg',
  'mexico',
  'netherlands',
  'new zealand',
  'norway',
  'poland',
  'portugal',
  'romania',
  'russia',
  'russian federation',
  'spain',
  'sweden',
  'switzerland',
  'turkey',
  'ukraine',
  'united kingdom',
  'united states',
  'united states of america',
  'usa',
  'uk',
  'aland islands',
  'american samoa',
  // de
  'deutschland',
  'osterreich',
  'schweiz',
  'frankreich',
  'italien',
  'spanien',
  'niederlande',
  'belgien',
  'danemark',
  'vereinigte staaten',
  'vereinigtes konigreich',
  'agypten',
  'afghanistan',
  'albanien',
  'algerien',
  // fr
  'allemagne',
  'autriche',
  'suisse',
  'belgique',
  'espagne',
  'italie',
  'pays-bas',
  'royaume-uni',
  'etats-unis',
  'algerie',
  'albanie',
  'afrique du sud',
  'acores',
  // es / pt / it
  'alemania',
  'espana',
  'francia',
  'italia',
  'estados unidos',
  'reino unido',
  'brasil',
  'mexico',
  'argelia',
  'alemanha',
  'espanha',
  'franca',
  'estados unidos da america',
  'germania',
  'spagna',
  'stati uniti',
  'regno unito',
  'svizzera',
  'austria',
  // nl
  'nederland',
  'duitsland',
  'frankrijk',
  'belgie',
  'spanje',
  'italie',
  'verenigde staten',
  'verenigd koninkrijk',
  'oostenrijk',
  // others
  '日本',
  'アメリカ',
  '中国',
  'россия',
  'украина',
  'беларусь',
  'казахстан',
  'magyarorszag',
  'slovensko',
  'cesko',
  'polska',
  'sverige',
  'norge',
  'danmark',
  'suomi',
  'turkiye',
  'espana',
  'svizzera',
  'schweiz',
]);

const US_STATE = new Set([
  'alabama',
  'alaska',
  'arizona',
  'arkansas',
  'california',
  'colorado',
  'connecticut',
  'delaware',
  'florida',
  'georgia',
  'hawaii',
  'idaho',
  'illinois',
  'indiana',
  'iowa',
  'kansas',
  'kentucky',
  'louisiana',
  'maine',
  'maryland',
  'massachusetts',
  'michigan',
  'minnesota',
  'mississippi',
  'missouri',
  'montana',
  'nebraska',
  'nevada',
  'new hampshire',
  'new jersey',
  'new mexico',
  'new york',
  'north carolina',
  'north dakota',
  'ohio',
  'oklahoma',
  'oregon',
  'pennsylvania',
  'rhode island',
  'south carolina',
  'south dakota',
  'tennessee',
  'texas',
  'utah',
  'vermont',
  'virginia',
  'washington',
  'west virginia',
  'wisconsin',
  'wyoming',
  'district of columbia',
  // Canada, Australia, Germany, Mexico (first words are enough)
  'alberta',
  'british columbia',
  'manitoba',
  'new brunswick',
  'newfoundland and labrador',
  'nova scotia',
  'ontario',
  'quebec',
  'saskatchewan',
  'new south wales',
  'queensland',
  'victoria',
  'tasmania',
  'bayern',
  'berlin',
  'hessen',
  'sachsen',
  'nordrhein-westfalen',
  'baden-wurttemberg',
  'niedersachsen',
  'aguascalientes',
  'jalisco',
]);
/** US state and Canadian province codes that are not also common country codes. */
const STATE_CODE = new Set([
  'ak',
  'az',
  'ct',
  'fl',
  'ia',
  'id',
  'il',
  'ks',
  'ky',
  'la',
  'md',
  'mi',
  'mn',
  'mo',
  'ms',
  'mt',
  'nc',
  'nd',
  'nh',
  'nj',
  'nm',
  'nv',
  'ny',
  'oh',
  'ok',
  'or',
  'pa',
  'ri',
  'sc',
  'sd',
  'tn',
  'tx',
  'ut',
  'va',
  'vt',
  'wa',
  'wi',
  'wv',
  'wy',
  'ab',
  'bc',
  'mb',
  'nb',
  'nl',
  'ns',
  'on',
  'qc',
  'sk',
]);

/** A month's name or abbreviation, in the languages of the lexicon (the planner reads the same words). */
const MONTH = new RegExp(
  `^(${[...MONTH_WORDS.flat(), ...MONTH_STEMS.flat().map((stem) => `${stem}\\S*`), MONTH_KANJI.source.slice(1, -1)].join('|')})\\.?$`,
);

/** Sex and salutation words (`words.ts`), as one expression: any of them is an option of a sex list. */
const SEX_GROUPS = [SEX_WORDS.f, SEX_WORDS.m, SEX_WORDS.x];
const escapeRe = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEX_STRONG_WORDS: readonly string[] = SEX_GROUPS.flatMap((g) => [...g.strong, ...g.strongTitle]);
const SEX = new RegExp(
  `^(${[
    ...[...SEX_STRONG_WORDS, ...SEX_GROUPS.flatMap((g) => [...g.listed, ...g.list]), ...SEX_LIST_NEUTRAL].map(escapeRe),
    ...SEX_LIST_STEMS.map((stem) => `${stem}\\S*`),
  ].join('|')})\\.?( \\(.*\\))?$`,
);

/** Common ISO 639-1 language codes; a list of languages names several of them (or the codes themselves). */
const LANGUAGE_CODES: readonly string[] = [
  ...LEXICON_LOCALES,
  'zh',
  'ko',
  'ru',
  'pl',
  'sv',
  'da',
  'nb',
  'no',
  'fi',
  'cs',
  'sk',
  'hu',
  'tr',
  'el',
  'ar',
  'he',
  'uk',
  'ro',
  'bg',
  'hr',
  'sl',
  'sr',
  'et',
  'lv',
  'lt',
  'ca',
  'hi',
  'th',
  'vi',
  'id',
  'ms',
];
/** Codes that are not also country codes: a list of bare codes with one of them is a list of languages. */
const LANGUAGE_ONLY_CODES = new Set(['en', 'ja', 'zh', 'ko', 'da', 'nb', 'cs', 'el', 'ar', 'he', 'sl', 'et', 'ca', 'hi', 'vi']);
/** Locales whose names for the languages above are recognised (plus each language's own name). */
const NAME_LOCALES: readonly string[] = [...LEXICON_LOCALES, 'ru', 'pl'];

let languageNames: Set<string> | null = null;
/** Names of common languages in the supported locales and in each language itself, from Intl. */
function languageNameSet(): Set<string> {
  if (languageNames) return languageNames;
  const names = new Set<string>(['castellano', 'bahasa indonesia', 'bahasa melayu']);
  for (const loc of [...NAME_LOCALES, ...LANGUAGE_CODES]) {
    let dn: Intl.DisplayNames;
    try {
      dn = new Intl.DisplayNames([loc], { type: 'language', fallback: 'none' });
    } catch {
      continue;
    }
    // In every display locale for the shared list; in a language's own locale only its own name.
    for (const code of NAME_LOCALES.includes(loc) ? LANGUAGE_CODES : [loc]) {
      const n = dn.of(code);
      if (n) names.add(norm(n));
    }
  }
  languageNames = names;
  return names;
}

/** "English (US)", "-- Deutsch", "🇫🇷 Français", "Albanian (Shqip)", "Deutsch - DE" -> the language name. */
const languageBase = (t: string): string =>
  t
    .replace(/\s*[([].*$/, '')
    .replace(/^[^\p{L}]+/u, '')
    .replace(/\s+[-–|/]\s+.*$/, '')
    .trim();

const CARD = /^(visa|master ?card|mastercard|american express|amex|discover|diners( club)?|jcb|maestro|union ?pay|carte bleue|cb)$/;

/** Classify a list of options (select options, or radio labels of one group). */
export function optionKind(options: OptionFacts[], total = options.length): OptionKind {
  const texts = options
    .map((o) => norm(o.text))
    .filter((t) => t && !/^[-=*_.\s]+$|^(select|choose|please|bitte|choisi|selecciona|seleziona|kies|escolha|--)/.test(t));
  const values = options.map((o) => norm(o.value));
  if (!texts.length) return null;
  let country = 0,
    state = 0,
    stateCode = 0,
    month = 0,
    sex = 0,
    card = 0,
    nums = 0,
    years: number[] = [],
    dayNums = 0;
  let language = 0,
    langCodes = 0,
    langOnly = false;
  const langNames = languageNameSet();
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    const base = t
      .replace(/\s*\(.*\)$/, '')
      .replace(/^\+\d+\s*/, '')
      .trim();
    if (COUNTRY.has(base) || COUNTRY.has(t)) country++;
    if (US_STATE.has(base) || US_STATE.has(base.replace(/^[a-z]{2} - /, ''))) state++;
    if (STATE_CODE.has(base)) stateCode++;
    if (MONTH.test(base)) month++;
    if (SEX.test(t)) sex++;
    if (CARD.test(base)) card++;
    if (langNames.has(languageBase(t))) language++;
    const code = /^([a-z]{2})([-_][a-z]{2})?$/.exec(t)?.[1];
    if (code && LANGUAGE_CODES.includes(code)) {
      langCodes++;
      if (LANGUAGE_ONLY_CODES.has(code)) langOnly = true;
    }
    if (/^\d{1,2}(st|nd|rd|th|\.)?$/.test(t)) {
      nums++;
      const n = parseInt(t, 10);
      if (n >= 1 && n <= 31) dayNums++;
    }
    if (/^(19|20)\d\d$/.test(t)) years.push(parseInt(t, 10));
    else if (/^'?\d\d$/.test(t) && /^(19|20)\d\d$/.test(values[i] ?? '')) years.push(parseInt(values[i]!, 10));
  }
  const n = texts.length;
  if (card >= 2) return 'cc-type';
  if (sex >= 2 && sex >= n - 1 && n <= 8) return 'sex';
  if (month >= 10 || (month >= 3 && month >= n - 1)) return 'month';
  if (years.length >= 8 || (years.length >= 3 && years.length >= n - 1)) {
    const now = new Date().getFullYear();
    const min = Math.min(...years),
      max = Math.max(...years);
    if (min >= now - 2 && max > now) return 'year-future';
    return max <= now + 1 && min < now - 10 ? 'year-past' : 'year-future';
  }
  if (state >= 4 || stateCode >= 8) return 'state';
  // Languages by name ("English", "Deutsch", "Français") or by bare code ("EN", "DE", "FR").
  if (language >= 3 || (language >= 2 && language >= n - 1) || (langOnly && langCodes >= 3 && langCodes >= n - 1)) return 'language';
  // About 250 countries: a long list of names (not numbers, not a catalogue of 900 brands).
  const named = texts.filter((t) => /^\p{L}/u.test(t)).length;
  if (country >= 3 || (total >= 150 && total <= 300 && named >= n * 0.8)) return 'country';
  if (dayNums >= 28 && n <= 33) return 'day';
  if (nums === n && n >= 11 && n <= 13 && dayNums <= 13) return 'month';
  return null;
}

/** Unambiguous gender and salutation words (no "other", "no", single letters). */
const SEX_STRONG = new RegExp(`^(${SEX_STRONG_WORDS.map(escapeRe).join('|')})\\.?( \\(.*\\))?$`);

/** Is this single option/radio label a gender or salutation value ("Male", "Frau", "Mme")? */
export const isSexValue = (s: string): boolean => SEX_STRONG.test(norm(s).replace(/\s*\(.*\)$/, ''));
