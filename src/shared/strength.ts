/**
 * Passphrase strength: zxcvbn-ts (https://zxcvbn-ts.github.io/zxcvbn/) with its common, English
 * and German dictionaries, plus our policy on top. The screens that choose a passphrase refuse one below score 3 before they
 * send it; the background enforces only the dictionary-free floor (passphrase-floor.ts), so its
 * service worker does not carry the dictionaries.
 *
 * Heavy (the dictionaries are most of it): the UI loads it with a dynamic import only on the screens
 * that choose a passphrase (see src/ui/NewPassphrase.tsx), so the popup's main view and the content
 * script do not carry it.
 *
 * Policy: `ok` is zxcvbn's score >= 3 (at least 10^8 guesses; against the vault's Argon2id, at
 * ~0.5 s a guess on one core, that is years of one machine's work), and strings under 8 characters
 * (under 10 without 3 character classes) or digits-only under 12 are capped at score 1, as before.
 * Warnings are our i18n keys (public/_locales), mapped from the patterns zxcvbn found, never its
 * English strings.
 */
import { type MatchExtended, ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import * as en from '@zxcvbn-ts/language-en';
import { floorWarnings } from './passphrase-floor';

export type StrengthWarning =
  | 'strengthEmpty'
  | 'strengthCommon'
  | 'strengthCommonWords'
  | 'strengthNames'
  | 'strengthSequence'
  | 'strengthKeyboard'
  | 'strengthRepeated'
  | 'strengthYear'
  | 'strengthDates'
  | 'strengthTooShort'
  | 'strengthOnlyDigits';

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  /** log2 of the guesses zxcvbn estimates. */
  entropyBits: number;
  /** i18n keys, most important first. */
  warnings: StrengthWarning[];
  ok: boolean;
}

/** zxcvbn's score at and above which a passphrase may protect the vault. */
export const OK_SCORE = 3;

/** How many characters zxcvbn rates (see `maxLength` below). */
const MAX_RATED = 64;

let factory: ZxcvbnFactory | null = null;

/** Built on first use: ranking the dictionaries takes a few tens of milliseconds. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    // Matching is quadratic in the length: past 64 characters a pasted string would freeze the form
    // for seconds, and the first 64 characters of any passphrase that long already score 4 unless
    // they are a pattern. The rest can only add guesses, so a longer passphrase is never refused for it.
    maxLength: MAX_RATED,
    // Undoing leetspeak tries combinations of substitutions; zxcvbn's default of 100 takes seconds on
    // a string of symbols. Eight still sees "P@ssw0rd!" and "l3tm31n".
    l33tMaxSubstitutions: 8,
    dictionary: {
      ...common.dictionary,
      ...en.dictionary,
      // language-de v3 names its lists without a language suffix; give them one so they do not
      // shadow another language's list of the same name.
      ...Object.fromEntries(Object.entries(de.dictionary).map(([name, words]) => [`${name}-de`, words])),
    },
  });
  return factory;
}

/** Our key for a zxcvbn feedback warning (its `translations` are left as the plain keys). */
const WARNING_KEYS: Record<string, StrengthWarning> = {
  straightRow: 'strengthKeyboard',
  keyPattern: 'strengthKeyboard',
  simpleRepeat: 'strengthRepeated',
  extendedRepeat: 'strengthRepeated',
  sequences: 'strengthSequence',
  recentYears: 'strengthYear',
  dates: 'strengthDates',
  topTen: 'strengthCommon',
  topHundred: 'strengthCommon',
  common: 'strengthCommon',
  similarToCommon: 'strengthCommon',
  wordByItself: 'strengthCommonWords',
  namesByThemselves: 'strengthNames',
  commonNames: 'strengthNames',
};

/** Our key for a pattern zxcvbn matched, or null for what is not worth a warning (random characters). */
function matchWarning(m: MatchExtended): StrengthWarning | null {
  switch (m.pattern) {
    case 'dictionary': {
      const name = String(m.dictionaryName);
      if (name.includes('passwords')) return 'strengthCommon';
      if (name.includes('names')) return 'strengthNames';
      return 'strengthCommonWords';
    }
    case 'wordSequence':
      return 'strengthCommonWords';
    case 'spatial':
      return 'strengthKeyboard';
    case 'repeat':
      return 'strengthRepeated';
    case 'sequence':
      return 'strengthSequence';
    case 'date':
      return 'strengthDates';
    case 'regex':
      return m.regexName === 'recentYear' ? 'strengthYear' : null;
    default:
      return null;
  }
}

export function estimateStrength(passphrase: string): Strength {
  const floor = floorWarnings(passphrase);
  if (floor.includes('strengthEmpty')) return { score: 0, entropyBits: 0, warnings: ['strengthEmpty'], ok: false };
  const result = zxcvbn().check(passphrase.normalize('NFC'));
  let score = result.score as Strength['score'];
  const warnings = new Set<StrengthWarning>();
  const feedback = result.feedback.warning ? WARNING_KEYS[result.feedback.warning] : undefined;
  if (feedback) warnings.add(feedback);
  // Below the floor the background enforces, the score is capped whatever zxcvbn thinks.
  for (const w of floor) warnings.add(w);
  if (floor.length > 0) score = Math.min(score, 1) as Strength['score'];
  const ok = score >= OK_SCORE;
  // A refused passphrase says what made it guessable: every pattern found, longest first.
  if (!ok) {
    const found = [...result.sequence].sort((a, b) => b.token.length - a.token.length);
    for (const m of found) {
      const w = matchWarning(m);
      if (w) warnings.add(w);
    }
    if (warnings.size === 0) warnings.add('strengthTooShort');
  }
  return { score, entropyBits: Math.round(result.guessesLog10 * Math.log2(10) * 10) / 10, warnings: [...warnings], ok };
}
