import { describe, expect, it } from 'vitest';
import { core, identWords, norm, splitIdent } from '../../src/forms/classify-text';

describe('identWords', () => {
  it('splits the ways pages spell names and ids', () => {
    expect(identWords('billingAddress[line1]')).toBe('billing address line 1');
    expect(identWords('HTMLParserName')).toBe('html parser name');
    expect(identWords('first_name-2nd')).toBe('first name 2 nd');
    expect(identWords('customer.email@')).toBe('customer email@');
    expect(identWords('  PLZ  ')).toBe('plz');
    expect(identWords('prénomDuClient')).toBe('prenom du client');
    expect(identWords('')).toBe('');
  });

  it('takes the same words on its ASCII fast path as the general regex path', () => {
    // A seeded generator: the same 20,000 strings every run, built from the characters whose
    // boundaries matter (cases, digits, separators, kept signs, whitespace).
    let seed = 0x2f6b3a1d;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const alphabet = "aAbBzZxYQ0919_-.[]:$/#(){}|,;=+ @*'\t";
    const differ: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const len = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      if (identWords(s) !== norm(splitIdent(s))) differ.push(s);
    }
    expect(differ).toEqual([]);
  });
});

describe('norm', () => {
  it('folds case, diacritics, ß and full-width forms, and collapses spaces', () => {
    expect(norm('  Straße\u00a0Nr. ')).toBe('strasse nr.');
    expect(norm('Prénom')).toBe('prenom');
    expect(norm('ＥＭＡＩＬ')).toBe('email');
    expect(norm('E-Mail\tAddress\n')).toBe('e-mail address');
  });

  it('core drops filler and punctuation', () => {
    expect(core('Your name (required) *:')).toBe('name');
  });
});
