/**
 * The UI's strings: every key the pages use has an English message with a description, every error
 * code the background, the vault or the record schemas can hand to the UI has a message, and every
 * placeholder a message names is defined. A missing key would otherwise show up as the bare key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_ERROR_CODES, REPLY_ERROR_CODES, VALIDATION_CODES } from '../../src/ui/errors';

const ROOT = resolve(import.meta.dirname, '../..');
type Entry = { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> };
const messages = JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, Entry>;

function files(dir: string, ext: RegExp): string[] {
  const abs = join(ROOT, dir);
  let out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out = out.concat(files(join(dir, name), ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}
const read = (p: string) => readFileSync(p, 'utf8');
const uiSources = [...files('src/ui', /\.tsx?$/), ...files('src/popup', /\.tsx?$/), ...files('src/options', /\.tsx?$/)];

describe('messages.json', () => {
  it('gives every key a message and a description, with valid key names', () => {
    for (const [key, e] of Object.entries(messages)) {
      expect(key, key).toMatch(/^[A-Za-z0-9_]+$/);
      expect(e.message, key).toBeTruthy();
      expect(e.description, key).toBeTruthy();
    }
  });

  it('defines exactly the placeholders each message uses, each from a substitution', () => {
    for (const [key, e] of Object.entries(messages)) {
      const used = new Set([...e.message.matchAll(/\$([A-Za-z_]+)\$/g)].map((m) => m[1]!.toLowerCase()));
      const defined = new Set(Object.keys(e.placeholders ?? {}));
      expect([...used].sort(), key).toEqual([...defined].sort());
      for (const p of Object.values(e.placeholders ?? {})) expect(p.content, key).toMatch(/^\$[1-9]$/);
    }
  });

  it('keeps the manifest keys', () => {
    for (const key of ['appName', 'appDescription', 'actionTitle']) expect(messages[key], key).toBeDefined();
  });
});

describe('keys used by the UI', () => {
  it('has a message for every t(...) key in the popup, options and ui code', () => {
    const missing: string[] = [];
    for (const file of uiSources) {
      for (const m of read(file).matchAll(/\bt\(\s*'([^']+)'/g)) if (!messages[m[1]!]) missing.push(`${m[1]} (${file})`);
    }
    expect(missing).toEqual([]);
  });

  it('has a message for every key named in a lookup table (labels, hints, legends, problems)', () => {
    // Keys passed around as data, not straight into t(): camelCase literals with these prefixes.
    const keyLike =
      /'((?:field|hint|group|passProblem|recover|recovery|backup|table|strength|nav|autoLock|changeProblem|unlock|persona)[A-Z0-9]\w*)'/g;
    const missing: string[] = [];
    for (const file of uiSources) for (const m of read(file).matchAll(keyLike)) if (!messages[m[1]!]) missing.push(`${m[1]} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has a message for every error code the UI knows', () => {
    for (const code of [...REPLY_ERROR_CODES, ...VALIDATION_CODES, ...PROTOCOL_ERROR_CODES]) expect(messages[code], code).toBeDefined();
  });

  it('has a message for every error code in the record schemas, the background and the vault', () => {
    const sources = [
      join(ROOT, 'src/shared/records.ts'),
      join(ROOT, 'src/shared/messages.ts'),
      ...files('src/background', /\.ts$/),
      ...files('src/vault', /\.ts$/),
    ];
    const missing = new Set<string>();
    for (const file of sources) {
      for (const m of read(file).matchAll(/['"`](err[A-Z]\w*)['"`:]/g)) if (!messages[m[1]!]) missing.add(`${m[1]} (${file})`);
      for (const m of read(file).matchAll(/^\s+(err[A-Z]\w*):/gm)) if (!messages[m[1]!]) missing.add(`${m[1]} (${file})`);
    }
    expect([...missing]).toEqual([]);
  });

  it('has a message for every passphrase warning the estimator returns', () => {
    const src = read(join(ROOT, 'src/shared/strength.ts'));
    const union = src.match(/export type StrengthWarning =([^;]+);/)?.[1] ?? '';
    const keys = [...union.matchAll(/'(strength\w+)'/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(messages[key], key).toBeDefined();
  });

  it('has a message for every string the background asks chrome.i18n for', () => {
    for (const file of files('src/background', /\.ts$/)) {
      for (const m of read(file).matchAll(/getMessage\(\s*'([^']+)'/g)) expect(messages[m[1]!], m[1]).toBeDefined();
    }
  });
});
