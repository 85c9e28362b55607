/**
 * Word lists the classifier and the planner share, so each exists once: the languages both read,
 * month words (is this select a list of months? which option is March?) and sex and salutation
 * words (is this a gender choice? which option is female?). Words are in `norm()` form
 * (lowercase, no diacritics). Small and table-free on purpose; not for the content script, which
 * matches the option text the planner already chose.
 */

/** The languages the lexicon is written in first, and whose Intl names (months, languages) are read. */
export const LEXICON_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ja'] as const;

/**
 * Month names and abbreviations, index 0 = January. Besides these, the planner reads long and short
 * names from Intl (`plan-match.ts`).
 */
// Each row is the month's name and usual abbreviations in the lexicon's languages ("augusztus" is
// Hungarian, "sierpien" Polish): the calendar of each language, not words taken from one page.
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

/**
 * Sex and salutation words, each written once, by sex and by who reads it:
 *  - `strong`: the planner (which sex an option or the persona's value means) and the classifier,
 *    for which one such label alone makes a radio a sex choice;
 *  - `strongTitle`: the classifier only, strong (salutations and words the planner does not read);
 *  - `listed`: the planner, and the classifier in a list of options (too short or vague alone);
 *  - `planner`: the planner only;
 *  - `list`: the classifier only, in a list of options.
 * The split keeps both sides reading exactly the words they read before the lists were merged.
 */
export const SEX_WORDS = {
  f: {
    strong: [
      'female',
      'woman',
      'weiblich',
      'frau',
      'femme',
      'feminin',
      'femenino',
      'mujer',
      'femmina',
      'donna',
      'vrouw',
      'mulher',
      '女性',
      'mrs',
      'ms',
      'miss',
    ],
    strongTitle: [
      'женский',
      'kvinna',
      'kvinde',
      'zena',
      'mme',
      'mlle',
      'madame',
      'mademoiselle',
      'sra',
      'srta',
      'senora',
      'signora',
      'sig.ra',
      'mevr',
      'mevrouw',
      'senhora',
      'bayan',
    ],
    listed: ['f', 'women', '女'],
    planner: ['w', 'v', 'feminine', 'femenina', 'vrouwelijk', 'feminino'],
    list: ['femminile', 'kobieta', 'zenski', 'zen', 'no', 'nő', 'жен'],
  },
  m: {
    strong: [
      'male',
      'man',
      'mannlich',
      'mann',
      'homme',
      'masculin',
      'masculino',
      'hombre',
      'maschio',
      'uomo',
      'homem',
      '男性',
      'mr',
      'herr',
    ],
    strongTitle: ['мужской', 'ferfi', 'muz', 'monsieur', 'sr', 'senor', 'signor', 'dhr', 'senhor', 'bay'],
    listed: ['m', 'h', 'men', '男'],
    planner: ['maennlich', 'masculine', 'mannelijk'],
    list: ['maschile', 'mand', 'muski', 'mezczyzna', 'meneer', 'heer'],
  },
  x: {
    strong: [],
    strongTitle: [],
    listed: ['divers', 'other', 'nonbinary', 'autre', 'otro', 'altro', 'anders', 'outro'],
    planner: ['x', 'd', 'diverse', 'non binary', 'otra', 'diverso', 'その他', 'inter', 'genderqueer'],
    list: ['mx', 'non-binary', 'andere', 'keine angabe', 'prefer not to say', 'не указан'],
  },
} as const satisfies Record<'f' | 'm' | 'x', Record<'strong' | 'strongTitle' | 'listed' | 'planner' | 'list', readonly string[]>>;

/** Words of a sex list that name no sex: the question itself, titles for anyone ("Dr"). Classifier only. */
export const SEX_LIST_NEUTRAL = ['dr', 'sig', 'gender', 'sex', 'genere'] as const;
/** Stems of inflected Russian sex words ("мужской", "женщина"): classifier lists only. */
export const SEX_LIST_STEMS = ['муж', 'жен'] as const;
