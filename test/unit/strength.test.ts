/**
 * The passphrase estimator (zxcvbn-ts and our policy): weak patterns refused, random words and random
 * strings accepted, warnings named by our own i18n keys. zxcvbn cannot know a famous phrase that is
 * not in its lists ("correct horse battery staple"), so none is listed as weak here.
 */
import { describe, expect, it } from 'vitest';
import { floorWarnings } from '../../src/shared/passphrase-floor';
import { estimateStrength, OK_SCORE } from '../../src/shared/strength';
import { messages as en } from './english';

const weak = [
  'password',
  'Password1',
  'P@ssw0rd!',
  'iloveyou2',
  'letmein123',
  'Summer2024!',
  'qwertyuiop',
  'qwertyuiop123',
  'asdfghjkl;',
  '1234567890',
  '123456789012',
  '0123456789987',
  'abcdefghijkl',
  'zyxwvutsrqpo',
  'aaaaaaaaaaaaaaaa',
  '!!!!!!!!!!!!',
  'abcabcabcabc',
  'hunter2hunter2',
  'monkey dragon',
  'love love love love',
  '19841984',
  'Xk8$pq',
  'abc',
  'kdjfhgut',
  'gorilla1987',
  'Passwort2024',
  'Sonnenschein1',
  'dragon monkey summer love',
];

const strong = [
  'maple orbit quiet lantern',
  'tundra-violin-oyster-meadow',
  'MapleOrbitQuietLantern',
  'granite pelican sorbet ledger',
  'Ünïcødé pässwörd fünf sechs',
  'x7#Kq9!mZ2',
  'kdjfhgutnz',
  'zebra cobalt harbor velvet',
  'umbrella-fjord-quasar-mitten-glacier',
  'lantern mosaic tidal orchard',
  'umber-lantern-quiver-9-sextant',
];

describe('estimateStrength', () => {
  it('refuses the empty string with strengthEmpty', () => {
    expect(estimateStrength('')).toEqual({ score: 0, entropyBits: 0, warnings: ['strengthEmpty'], ok: false });
  });

  it.each(weak)('refuses %j', (p) => {
    const s = estimateStrength(p);
    expect(s.ok).toBe(false);
    expect(s.score).toBeLessThan(OK_SCORE);
    expect(s.warnings.length).toBeGreaterThan(0);
    // Our wording, not zxcvbn's English: every warning is one of our message keys.
    for (const w of s.warnings) expect(en).toHaveProperty(w);
  });

  it.each(strong)('accepts %j', (p) => {
    const s = estimateStrength(p);
    expect(s.ok).toBe(true);
    expect(s.score).toBeGreaterThanOrEqual(OK_SCORE);
    expect(s.warnings).toEqual([]);
  });

  it('names the pattern it found', () => {
    expect(estimateStrength('password').warnings).toContain('strengthCommon');
    expect(estimateStrength('P@ssw0rd').warnings).toContain('strengthCommon');
    expect(estimateStrength('l3tm31n!').warnings).toContain('strengthCommon');
    expect(estimateStrength('zzzzzzzzzzzz').warnings).toContain('strengthRepeated');
    expect(estimateStrength('abcdefghijkl').warnings).toContain('strengthSequence');
    expect(estimateStrength('asdfghjkl;').warnings).toContain('strengthKeyboard');
    expect(estimateStrength('Xk8$pq').warnings).toContain('strengthTooShort');
    expect(estimateStrength('5550199').warnings).toContain('strengthOnlyDigits');
    expect(estimateStrength('dragon monkey summer love').warnings).toContain('strengthCommonWords');
    expect(estimateStrength('Schmetterling2020').warnings).toContain('strengthYear');
    expect(estimateStrength('hallo welt').warnings).toContain('strengthCommonWords');
  });

  it('four random words pass, whatever the separator or case', () => {
    // Words drawn from a Diceware-style list, not from the estimator's own lists.
    const words = [
      'anvil',
      'briar',
      'cobalt',
      'dune',
      'ember',
      'fjord',
      'garnet',
      'hazel',
      'ivory',
      'juniper',
      'kelp',
      'lilac',
      'mortar',
      'nectar',
      'onyx',
      'pylon',
    ];
    // A dozen combinations: each check walks several large dictionaries.
    for (let i = 0; i < 48; i += 4) {
      const pick = Array.from({ length: 4 }, (_, k) => words[(i * 7 + k * 5 + (i >> 2)) % words.length]!);
      if (new Set(pick).size < 4) continue;
      for (const sep of [' ', '-', '.', '']) {
        const p = sep ? pick.join(sep) : pick.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
        expect(estimateStrength(p).ok, p).toBe(true);
      }
    }
  });

  it('more words mean more bits; repeating one adds almost nothing', () => {
    const three = estimateStrength('anvil briar cobalt').entropyBits;
    const four = estimateStrength('anvil briar cobalt dune').entropyBits;
    const five = estimateStrength('anvil briar cobalt dune ember').entropyBits;
    expect(four).toBeGreaterThan(three + 8);
    expect(five).toBeGreaterThan(four + 8);
    expect(estimateStrength('anvil briar cobalt cobalt').entropyBits).toBeLessThan(three + 2);
  });

  it('scores are monotone in the estimate and stay within 0..4', () => {
    for (const p of [...weak, ...strong, 'a'.repeat(1024), 'x7#Kq9!mZ2'.repeat(40)]) {
      const s = estimateStrength(p);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(4);
      expect(s.ok).toBe(s.score >= OK_SCORE);
    }
  });

  it('rates a long input by its first 256 characters (zxcvbn reads no further), so length cannot stall it', () => {
    // Timing is a benchmark's job; what a person would notice is that a pasted 1 KB passphrase is
    // rated like its first 256 characters, however much follows.
    const long = Array.from({ length: 1024 }, (_, i) => String.fromCharCode(33 + ((i * 37) % 90))).join('');
    const head = estimateStrength(long.slice(0, 256));
    const whole = estimateStrength(long);
    expect(whole.score).toBe(head.score);
    expect(whole.score).toBe(4);
  });
});

describe('the floor the background enforces', () => {
  it('refuses what is too short or digits alone, and the rating never passes what the floor refuses', () => {
    expect(floorWarnings('')).toEqual(['strengthEmpty']);
    expect(floorWarnings('Zq8!x')).toEqual(['strengthTooShort']);
    expect(floorWarnings('qwerty123')).toEqual(['strengthTooShort']); // 9 characters, two kinds
    expect(floorWarnings('12345678901')).toEqual(['strengthOnlyDigits']);
    expect(floorWarnings('umber-lantern-quiver-9-sextant')).toEqual([]);
    for (const p of ['', 'Zq8!x', 'qwerty123', '12345678901', 'Tr0ub4dor&3x']) {
      if (floorWarnings(p).length > 0) expect(estimateStrength(p).ok, p).toBe(false);
    }
  });
});
