/**
 * A small, honest passphrase-strength estimator (no dependencies), in the spirit of zxcvbn:
 * it estimates how many guesses an attacker who knows common passwords and patterns needs,
 * in bits, as the cheaper of two models:
 *
 * - characters: each character costs log2(size of the character classes used), except where a
 *   pattern makes it cheaper: a common password or a common word (about 8 bits, with leetspeak and
 *   capitals undone), a run of one character, a sequence (abcd, 4321), a keyboard walk (qwer, asdf),
 *   a year (1900-2039), a chunk repeated from earlier in the string;
 * - words (three or more): each distinct word costs 11 bits (a random pick among ~2,000 words, on
 *   the safe side of a Diceware list's 12.9), a common word or password 6 (people who use them
 *   string them into predictable sentences), a repeated one 1.
 *
 * Score by bits: <20 -> 0, <30 -> 1, <40 -> 2, <55 -> 3, else 4. `ok` is score >= 2, so four random
 * words (~44 bits) pass and a common password with a digit does not. Strings under 10 characters
 * (under 8, or without 3 character classes) and digits-only strings under 12 are capped at score 1.
 *
 * What it cannot see: words outside its small lists (names, song lyrics, a famous quotation) are
 * counted as random, so a well-known phrase can score higher than it should. Against the vault's
 * Argon2id (~0.5 s per guess on one core) score 2 means months of work for one GPU, not years;
 * the UI should still encourage more words.
 */
import { COMMON_PASSWORDS, COMMON_WORDS } from './common-passwords';

export type StrengthWarning =
  | 'strengthEmpty'
  | 'strengthCommon'
  | 'strengthCommonWords'
  | 'strengthSequence'
  | 'strengthKeyboard'
  | 'strengthRepeated'
  | 'strengthYear'
  | 'strengthTooShort'
  | 'strengthOnlyDigits';

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  entropyBits: number;
  /** i18n keys, most important first. */
  warnings: StrengthWarning[];
  ok: boolean;
}

const DICTIONARY = new Set([...COMMON_PASSWORDS, ...COMMON_WORDS]);
const DICT_BITS = Math.log2(DICTIONARY.size);
const WORD_BITS = 11;
const COMMON_WORD_BITS = 6;
const MAX_ANALYZED = 256;

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm', 'azertyuiop', 'wxcvbn'];
const LEET: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's', '7': 't', '!': 'i', '+': 't' };

const log2 = Math.log2;

export function estimateStrength(passphrase: string): Strength {
  const chars = Array.from(passphrase.normalize('NFC'));
  if (chars.length === 0) return { score: 0, entropyBits: 0, warnings: ['strengthEmpty'], ok: false };
  // Each model notes its own patterns; only the cheaper model's warnings are shown.
  let warnings = new Set<StrengthWarning>();
  let bits = charModelBits(chars.slice(0, MAX_ANALYZED), warnings);
  if (chars.length > MAX_ANALYZED) bits += (chars.length - MAX_ANALYZED) * log2(poolSize(chars));
  const wordWarnings = new Set<StrengthWarning>();
  const words = wordModelBits(passphrase, wordWarnings);
  if (words !== null && words < bits) [bits, warnings] = [words, wordWarnings];

  if (isCommonWhole(passphrase)) {
    warnings.add('strengthCommon');
    bits = Math.min(bits, DICT_BITS);
  }

  let score: Strength['score'] = bits < 20 ? 0 : bits < 30 ? 1 : bits < 40 ? 2 : bits < 55 ? 3 : 4;
  const classes = classCount(chars);
  if (chars.length < 8 || (chars.length < 10 && classes < 3)) {
    warnings.add('strengthTooShort');
    score = Math.min(score, 1) as Strength['score'];
  }
  if (/^\d+$/.test(passphrase) && chars.length < 12) {
    warnings.add('strengthOnlyDigits');
    score = Math.min(score, 1) as Strength['score'];
  }
  if (score < 2 && warnings.size === 0) warnings.add('strengthTooShort');
  return { score, entropyBits: Math.round(bits * 10) / 10, warnings: [...warnings], ok: score >= 2 };
}

function classCount(chars: string[]): number {
  const s = chars.join('');
  return [/[a-z]/, /[A-Z]/, /\d/, /[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, /[^\x00-\x7f]/].filter((r) => r.test(s)).length;
}

function poolSize(chars: string[]): number {
  const s = chars.join('');
  let n = 0;
  if (/[a-z]/.test(s)) n += 26;
  if (/[A-Z]/.test(s)) n += 26;
  if (/\d/.test(s)) n += 10;
  if (/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(s)) n += 33;
  if (/[^\x00-\x7f]/.test(s)) n += 100;
  return Math.max(n, 2);
}

/** Lower-case spellings to try against the dictionary: as typed, and with leetspeak undone (1 as i or l). */
function spellings(lower: string[]): string[][] {
  const undo = (one: string) => lower.map((c) => (c === '1' ? one : (LEET[c] ?? c)));
  return [lower, undo('i'), undo('l')];
}

function isCommonWhole(passphrase: string): boolean {
  const compact = Array.from(passphrase.toLowerCase().replace(/[\s\-_.]/g, ''));
  return spellings(compact).some((s) => DICTIONARY.has(s.join('')));
}

/** Cost of the string as a sequence of tokens, each the cheapest reading at its position. */
function charModelBits(chars: string[], warnings: Set<StrengthWarning>): number {
  const perChar = log2(poolSize(chars));
  const lower = chars.map((c) => c.toLowerCase());
  const variants = spellings(lower);
  let bits = 0;
  let i = 0;
  while (i < chars.length) {
    const dict = dictionaryAt(variants, i);
    if (dict) {
      const seg = chars.slice(i, i + dict.length);
      bits += DICT_BITS + (seg.some((c) => c !== c.toLowerCase()) ? 1 : 0) + (dict.leet ? 1 : 0);
      warnings.add('strengthCommon');
      i += dict.length;
      continue;
    }
    const run = runAt(chars, i);
    if (run >= 3) {
      bits += perChar + log2(run);
      warnings.add('strengthRepeated');
      i += run;
      continue;
    }
    const seq = sequenceAt(lower, i);
    if (seq >= 3) {
      bits += perChar + log2(seq) + 1;
      warnings.add('strengthSequence');
      i += seq;
      continue;
    }
    const kb = keyboardAt(lower, i);
    if (kb >= 4) {
      bits += log2(47) + log2(kb) + 1;
      warnings.add('strengthKeyboard');
      i += kb;
      continue;
    }
    if (yearAt(chars, i)) {
      bits += log2(140);
      warnings.add('strengthYear');
      i += 4;
      continue;
    }
    const rep = repeatAt(chars, i);
    if (rep >= 3) {
      bits += log2(i) + log2(rep);
      warnings.add('strengthRepeated');
      i += rep;
      continue;
    }
    bits += perChar;
    i++;
  }
  return bits;
}

function dictionaryAt(variants: string[][], i: number): { length: number; leet: boolean } | null {
  const max = Math.min(variants[0]!.length - i, 30);
  for (let len = max; len >= 4; len--) {
    for (let v = 0; v < variants.length; v++) {
      if (DICTIONARY.has(variants[v]!.slice(i, i + len).join(''))) return { length: len, leet: v > 0 };
    }
  }
  return null;
}

function runAt(chars: string[], i: number): number {
  let j = i + 1;
  while (j < chars.length && chars[j] === chars[i]) j++;
  return j - i;
}

function sequenceAt(lower: string[], i: number): number {
  if (i + 1 >= lower.length) return 1;
  const delta = lower[i + 1]!.codePointAt(0)! - lower[i]!.codePointAt(0)!;
  if (Math.abs(delta) !== 1) return 1;
  let j = i + 1;
  while (j < lower.length && lower[j]!.codePointAt(0)! - lower[j - 1]!.codePointAt(0)! === delta) j++;
  return j - i;
}

function keyboardAt(lower: string[], i: number): number {
  let best = 0;
  for (const row of KEYBOARD_ROWS) {
    for (const line of [row, [...row].reverse().join('')]) {
      const start = line.indexOf(lower[i]!);
      if (start < 0) continue;
      let len = 0;
      while (i + len < lower.length && line[start + len] === lower[i + len]) len++;
      best = Math.max(best, len);
    }
  }
  return best;
}

function yearAt(chars: string[], i: number): boolean {
  const s = chars.slice(i, i + 4).join('');
  return /^(19\d\d|20[0-3]\d)$/.test(s) && !/\d/.test(chars[i + 4] ?? '');
}

/** Longest chunk starting at i that already appeared earlier (an attacker writes "same as before"). */
function repeatAt(chars: string[], i: number): number {
  let best = 0;
  for (let j = 0; j < i; j++) {
    let len = 0;
    while (i + len < chars.length && j + len < i && chars[j + len] === chars[i + len]) len++;
    best = Math.max(best, len);
  }
  return best;
}

/**
 * Cost as words, or null when the string is not mostly words: at least three all-letter tokens
 * holding most of the letters and digits (so "x7#Kq9!mZ2" is not read as words).
 */
function wordModelBits(passphrase: string, warnings: Set<StrengthWarning>): number | null {
  const tokens = passphrase
    .normalize('NFC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const isWord = (t: string) => /^\p{L}+$/u.test(t);
  const words = tokens.filter(isWord);
  const len = (t: string) => Array.from(t).length;
  const wordChars = words.reduce((n, t) => n + len(t), 0);
  const allChars = tokens.reduce((n, t) => n + len(t), 0);
  if (words.length < 3 || wordChars < 0.75 * allChars) return null;
  const seen = new Set<string>();
  let bits = 0;
  let common = 0;
  for (const t of tokens) {
    const w = t.toLowerCase();
    if (seen.has(w)) {
      bits += 1;
      warnings.add('strengthRepeated');
    } else if (/^\d+$/.test(t)) {
      bits += /^(19\d\d|20[0-3]\d)$/.test(t) ? log2(140) : len(t) * log2(10);
    } else if (DICTIONARY.has(w)) {
      // People who pick common words pick them together ("i love my dog"): count them low.
      bits += COMMON_WORD_BITS;
      common++;
    } else if (isWord(t)) {
      bits += Math.min(WORD_BITS, len(t) * log2(26));
    } else {
      bits += len(t) * log2(62);
    }
    seen.add(w);
  }
  if (common * 2 >= tokens.length) warnings.add('strengthCommonWords');
  // Separators and capitalisation: a few choices an attacker tries, a couple of bits in all.
  return bits + 2;
}
