/**
 * Every language has every message: a key missing in German, French or Spanish, or a placeholder
 * that a translation drops or invents, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const DIR = resolve(import.meta.dirname, '../../public/_locales');
const load = (lang: string): Messages => JSON.parse(readFileSync(join(DIR, lang, 'messages.json'), 'utf8')) as Messages;
const en = load('en');
const used = (s: string) => [...s.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

describe('locales', () => {
  it('ships English, German, French and Spanish', () => {
    expect(readdirSync(DIR).sort()).toEqual(expect.arrayContaining(['de', 'en', 'es', 'fr']));
  });
  for (const lang of ['de', 'fr', 'es']) {
    it(`${lang} has exactly the English keys, each translated, with the same placeholders`, () => {
      const m = load(lang);
      expect(Object.keys(m).sort()).toEqual(Object.keys(en).sort());
      const problems: string[] = [];
      for (const [key, e] of Object.entries(en)) {
        const t = m[key]!;
        if (typeof t.message !== 'string' || t.message.trim() === '') problems.push(`${key}: empty`);
        if (JSON.stringify(used(t.message)) !== JSON.stringify(used(e.message)))
          problems.push(`${key}: placeholders ${used(t.message)} vs ${used(e.message)}`);
        if (JSON.stringify(t.placeholders ?? null) !== JSON.stringify(e.placeholders ?? null))
          problems.push(`${key}: placeholder definitions differ`);
      }
      expect(problems).toEqual([]);
      // Not a copy of the English file: most UI text really is translated.
      const same = Object.keys(en).filter((k) => m[k]!.message === en[k]!.message).length;
      expect(same / Object.keys(en).length).toBeLessThan(0.25);
    });
  }
});
