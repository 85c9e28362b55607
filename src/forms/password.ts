/**
 * Strong passwords for new-password fields: crypto.getRandomValues with rejection sampling (no
 * modulo bias), every character class of the alphabet present, length and alphabet fitted to the
 * field's maxlength / minlength / pattern hints where given.
 */

export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
/** Symbols that sites rarely reject and that survive copy/paste, URLs and shells. */
export const SYMBOLS = '-_.!@#$%*+=?~';

const DEFAULT_LENGTH = 20;
/** Never generate fewer characters than this, whatever a field says (unless its maxlength is smaller). */
const MIN_LENGTH = 12;

export interface PasswordHints {
  /** Wanted length (default 20). */
  length?: number;
  minLength?: number | null;
  maxLength?: number | null;
  /** The field's `pattern` attribute (matched against the whole value, as browsers do). */
  pattern?: string | null;
}

export class PasswordError extends Error {
  constructor(
    readonly code: 'no-random' | 'bad-length' | 'pattern-unsatisfiable',
    message: string,
  ) {
    super(message);
    this.name = 'PasswordError';
  }
}

function rng(): Crypto {
  const c = globalThis.crypto;
  if (!c || typeof c.getRandomValues !== 'function') throw new PasswordError('no-random', 'crypto.getRandomValues is not available');
  return c;
}

/** Uniform integer in [0, n) by rejection sampling over 32-bit words. */
export function randomBelow(n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`randomBelow: n must be an integer in 1..2^32, got ${n}`);
  const limit = Math.floor(2 ** 32 / n) * n; // largest multiple of n that fits: values >= limit are redrawn
  const buf = new Uint32Array(1);
  for (;;) {
    rng().getRandomValues(buf);
    if (buf[0]! < limit) return buf[0]! % n;
  }
}

/** `length` characters from `classes`, at least one from each class, in random order. */
function randomFrom(classes: readonly string[], length: number): string {
  const sets = classes.filter(Boolean);
  if (!sets.length) throw new PasswordError('bad-length', 'no characters to choose from');
  const all = sets.join('');
  const out: string[] = [];
  if (length >= sets.length) for (const s of sets) out.push(s[randomBelow(s.length)]!);
  while (out.length < length) out.push(all[randomBelow(all.length)]!);
  for (let i = out.length - 1; i > 0; i--) {
    // Fisher-Yates
    const j = randomBelow(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.join('');
}

function compile(pattern: string): RegExp | null {
  for (const flags of ['v', 'u']) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      /* try the next flag */
    }
  }
  return null;
}

/** Length bounds a simple pattern states, e.g. "[A-Za-z0-9]{8,16}" or ".{10,}". */
function patternBounds(pattern: string): { min: number; max: number } | null {
  const m = /\{(\d+)(,(\d*))?\}\s*\)?\$?$/.exec(pattern);
  if (!m) return null;
  const min = parseInt(m[1]!, 10);
  const max = m[2] === undefined ? min : m[3] ? parseInt(m[3], 10) : Infinity;
  return { min, max };
}

const ALPHABETS: ReadonlyArray<readonly string[]> = [
  [LOWER, UPPER, DIGITS, SYMBOLS],
  [LOWER, UPPER, DIGITS],
  [LOWER, DIGITS],
  [UPPER, DIGITS],
  [LOWER, UPPER],
  [DIGITS],
  [LOWER],
  [UPPER],
];

/**
 * Generate a password. Length: `length` (20) clamped to [minLength, maxLength] and to a pattern's
 * `{m,n}`; never below 12 unless maxLength forces it. With a pattern, the richest alphabet whose
 * samples match it is used; throws PasswordError('pattern-unsatisfiable') when none does.
 */
export function generatePassword(hints: PasswordHints = {}): string {
  const bounds = hints.pattern ? patternBounds(hints.pattern) : null;
  const hi = Math.min(hints.maxLength && hints.maxLength > 0 ? hints.maxLength : Infinity, bounds?.max ?? Infinity);
  const lo = Math.max(hints.minLength ?? 0, bounds?.min ?? 0, 1);
  if (lo > hi) throw new PasswordError('bad-length', `no length fits: at least ${lo}, at most ${hi}`);
  const len = Math.min(Math.max(hints.length ?? DEFAULT_LENGTH, lo, Math.min(MIN_LENGTH, hi)), hi);
  const re = hints.pattern ? compile(hints.pattern) : null;
  if (!re) return randomFrom(ALPHABETS[0]!, len);
  const lengths = [...new Set([len, Math.min(hi, Math.max(lo, 16)), lo])];
  // Longest length first: 20 characters of a narrow alphabet beat 12 of a rich one.
  for (const n of lengths) {
    for (const classes of ALPHABETS) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const pw = randomFrom(classes, n);
        if (re.test(pw)) return pw;
      }
    }
  }
  throw new PasswordError('pattern-unsatisfiable', 'no generated password matched the field pattern');
}

/** Hints from a field's collected facts (collect reads maxlength only, so far). */
export function passwordHints(f: { maxLength: number | null; minLength?: number | null; pattern?: string | null }): PasswordHints {
  return { maxLength: f.maxLength, minLength: f.minLength ?? null, pattern: f.pattern ?? null };
}
