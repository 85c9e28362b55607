/**
 * Word lists the classifier and the planner share, so each exists once: the languages both read, and
 * month words (is this select a list of months? which option is March?). Words are in `norm()` form
 * (lowercase, no diacritics). Small and table-free on purpose; not for the content script, which
 * matches the option text the planner already chose.
 */

/** The languages the lexicon is written in first, and whose Intl names (months, languages) are read. */
export const LEXICON_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ja'] as const;

/**
 * Month names and abbreviations, index 0 = January. Besides these, the planner reads long and short
 * names from Intl (`plan-match.ts`).
 */
export const MONTH_WORDS: readonly (readonly string[])[] = [
  ['jan', 'january', 'janvier', 'januar', 'janeiro', 'januari', 'janv', 'styczen'],
  ['feb', 'february', 'febrero', 'febbraio', 'februar', 'februari', 'fev', 'fevrier', 'fevereiro', 'fevr', 'luty'],
  ['mar', 'march', 'mars', 'marzo', 'marz', 'marco', 'mart', 'maerz', 'marcius', 'marzec'],
  ['apr', 'april', 'aprile', 'avr', 'avril', 'abr', 'abril', 'aprilis', 'kwiecien'],
  ['may', 'mai', 'mayo', 'maggio', 'maio', 'mei', 'май', 'мая', 'majus', 'maj'],
  ['jun', 'june', 'juni', 'junio', 'junho', 'juin', 'giugno', 'junius', 'czerwiec'],
  ['jul', 'july', 'juli', 'julio', 'julho', 'juil', 'juillet', 'luglio', 'julius', 'lipiec'],
  ['aug', 'august', 'augustus', 'aout', 'ago', 'agosto', 'augusztus', 'sierpien'],
  ['sep', 'sept', 'september', 'septiembre', 'septembre', 'set', 'settembre', 'setembro', 'szeptember', 'wrzesien'],
  ['oct', 'october', 'octobre', 'octubre', 'okt', 'oktober', 'ott', 'ottobre', 'out', 'outubro', 'pazdziernik'],
  ['nov', 'november', 'novembre', 'noviembre', 'novembro', 'listopad'],
  ['dec', 'december', 'decembre', 'dez', 'dezember', 'dezembro', 'dic', 'diciembre', 'dicembre', 'grudzien'],
];

/** Stems of inflected month names: a word that starts with one is that month ("января", "январь"). */
export const MONTH_STEMS: readonly (readonly string[])[] = [
  ['январ'],
  ['феврал'],
  ['март'],
  ['апрел'],
  [],
  ['июн'],
  ['июл'],
  ['август'],
  ['сентябр'],
  ['октябр'],
  ['ноябр'],
  ['декабр'],
];

/** A month as a number and the kanji: "3月". */
export const MONTH_KANJI = /^\d{1,2}月$/;
