/** Password generation: length and classes, field hints, no modulo bias. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIGITS, generatePassword, LOWER, PasswordError, passwordHints, randomBelow, SYMBOLS, UPPER } from '../../src/forms/password';

const classes = (pw: string) => [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => [...pw].some((c) => set.includes(c)));

afterEach(() => vi.restoreAllMocks());

describe('generatePassword', () => {
  it('defaults to 20 characters with all four classes', () => {
    for (let i = 0; i < 50; i++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(20);
      expect(classes(pw)).toEqual([true, true, true, true]);
    }
  });
  it('never repeats across calls', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(seen.size).toBe(200);
  });
  it('respects maxlength and minlength', () => {
    expect(generatePassword({ maxLength: 16 })).toHaveLength(16);
    expect(generatePassword({ maxLength: 8 })).toHaveLength(8);
    expect(generatePassword({ minLength: 32 })).toHaveLength(32);
    expect(generatePassword({ length: 8 })).toHaveLength(12); // never below 12 unless the field forces it
    expect(() => generatePassword({ minLength: 20, maxLength: 10 })).toThrow(PasswordError);
  });
  it('fits a pattern, narrowing the alphabet when needed', () => {
    const alnum = generatePassword({ pattern: '[A-Za-z0-9]{8,16}' });
    expect(alnum).toMatch(/^[A-Za-z0-9]{8,16}$/);
    expect(classes(alnum).slice(0, 3)).toEqual([true, true, true]);
    expect(generatePassword({ pattern: '\\d{6}' })).toMatch(/^\d{6}$/);
    expect(generatePassword({ pattern: '[a-z0-9]+' })).toMatch(/^[a-z0-9]{20}$/);
    const lookahead = '(?=.*\\d)(?=.*[a-z])(?=.*[A-Z]).{10,}';
    expect(generatePassword({ pattern: lookahead })).toMatch(new RegExp(`^(?:${lookahead})$`));
  });
  it('says so when no password can match the pattern', () => {
    try {
      generatePassword({ pattern: 'ab' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PasswordError);
      expect((e as PasswordError).code).toBe('pattern-unsatisfiable');
    }
  });
  it('takes hints from field facts', () => {
    expect(generatePassword(passwordHints({ maxLength: 14 }))).toHaveLength(14);
  });
});

describe('randomBelow', () => {
  it('redraws values above the largest multiple of n (no modulo bias)', () => {
    // n = 3: limit = 4294967295 (2^32 - 1); the draw 4294967295 must be rejected.
    const draws = [0xffffffff, 0xffffffff, 5];
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(a: T): T => {
      (a as unknown as Uint32Array)[0] = draws.shift()!;
      return a;
    });
    expect(randomBelow(3)).toBe(2);
    expect(spy).toHaveBeenCalledTimes(3);
  });
  it('is roughly uniform', () => {
    const n = 7,
      counts = new Array(n).fill(0),
      total = 70_000;
    for (let i = 0; i < total; i++) counts[randomBelow(n)]++;
    for (const c of counts) expect(Math.abs(c - total / n)).toBeLessThan((total / n) * 0.05);
  });
  it('rejects bad ranges', () => {
    expect(() => randomBelow(0)).toThrow(RangeError);
    expect(() => randomBelow(1.5)).toThrow(RangeError);
  });
});
