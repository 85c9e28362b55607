/**
 * The floor every vault passphrase must clear, without dictionaries: long enough, and not digits
 * alone. The background enforces it (src/vault/vault.ts refuses errWeakPassphrase), so it must stay
 * small: the full rating with zxcvbn's dictionaries (src/shared/strength.ts, about 1.2 MB gzipped)
 * runs in the screens that choose a passphrase, which refuse anything below score 3 before they
 * send it. The rating caps at score 1 whatever fails this floor, so the two never disagree on it.
 */
export type FloorWarning = 'strengthEmpty' | 'strengthTooShort' | 'strengthOnlyDigits';

/** Characters (code points, NFC) under which a passphrase is too short whatever it contains. */
export const MIN_CHARS = 8;
/** Under this many characters a passphrase needs three kinds of character (lower, upper, digit, symbol, other). */
export const MIN_CHARS_FEW_CLASSES = 10;
/** Digits alone must be at least this long. */
export const MIN_DIGITS = 12;

/**
 * What keeps `passphrase` below the floor, most important first; empty when it clears it.
 * @example floorWarnings('hunter2') // ['strengthTooShort']
 */
export function floorWarnings(passphrase: string): FloorWarning[] {
  const chars = Array.from(passphrase.normalize('NFC'));
  if (chars.length === 0) return ['strengthEmpty'];
  const out: FloorWarning[] = [];
  if (chars.length < MIN_CHARS || (chars.length < MIN_CHARS_FEW_CLASSES && classCount(passphrase) < 3)) out.push('strengthTooShort');
  if (/^\d+$/.test(passphrase) && chars.length < MIN_DIGITS) out.push('strengthOnlyDigits');
  return out;
}

function classCount(s: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, /[^\x00-\x7f]/].filter((r) => r.test(s)).length;
}
