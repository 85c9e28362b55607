/**
 * Personal terms: canonical text and its SHA-256 (stable, independent of newline style and stray
 * whitespace), content-addressed versions (an edit is a new version, the same text the same one),
 * presets and their machine-readable meaning, and the vault side: the default made on first use,
 * save and activate, the version in force.
 */
import { describe, expect, it } from 'vitest';
import { activateTerms, activeTerms, listTerms, saveTerms } from '../../src/background/terms';
import { TermsSchema } from '../../src/shared/records';
import {
  activeOf,
  buildTermsVersion,
  canonicalText,
  clauseKind,
  customClause,
  makeClause,
  normalizeBlock,
  P2B1_URI,
  PRESET_IDS,
  presetDraft,
  sha256Hex,
  termsMeta,
  termsRef,
  titleSlug,
  verifyTerms,
} from '../../src/shared/terms';
import { Vault } from '../../src/vault/vault';

describe('canonical text', () => {
  it('is the title, then the clauses numbered in order, with one blank line between, ending in a newline', () => {
    const text = canonicalText('My terms', [
      { id: 'a', text: 'First.' },
      { id: 'b', text: 'Second,\non two lines.' },
    ]);
    expect(text).toBe('My terms\n\n1. First.\n\n2. Second,\non two lines.\n');
  });

  it('normalizes newlines, trailing spaces, blank runs, Unicode form and title whitespace', () => {
    const a = canonicalText('  My \t terms ', [{ id: 'a', text: '\r\nCafe\u0301 first.  \r\n\r\n\r\n\r\nMore.\r' }]);
    const b = canonicalText('My terms', [{ id: 'a', text: 'Café first.\n\nMore.' }]);
    expect(a).toBe(b);
    expect(normalizeBlock('x\u2028y')).toBe('x\ny');
  });

  it('drops empty clauses and renumbers', () => {
    expect(
      canonicalText('T', [
        { id: 'a', text: ' \n ' },
        { id: 'b', text: 'Only one.' },
      ]),
    ).toBe('T\n\n1. Only one.\n');
  });

  it('hashes to a known SHA-256 (a fixed vector) and the hash is stable', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const text = canonicalText('#NoStalking, no sale', presetDraft('nostalking').clauses);
    expect(sha256Hex(text)).toBe(sha256Hex(text));
    expect(sha256Hex(text)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the order of the clauses', () => {
    const c = [makeClause('no-sale'), makeClause('no-profiling')];
    expect(sha256Hex(canonicalText('T', c))).not.toBe(sha256Hex(canonicalText('T', [...c].reverse())));
  });
});

describe('versions', () => {
  const now = 1_760_000_000_000;

  it('builds a valid record whose ids follow from the hash of its text', () => {
    const v = buildTermsVersion(presetDraft('nostalking'), now);
    expect(TermsSchema.safeParse(v).success).toBe(true);
    expect(v.sha256).toBe(sha256Hex(v.text));
    expect(v.id).toBe(`terms-${v.sha256.slice(0, 16)}`);
    expect(v.versionId).toBe(`nostalking-no-sale@${v.sha256.slice(0, 16)}`);
    expect(v.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(v.uri).toBe(P2B1_URI);
    expect(verifyTerms(v)).toBe(true);
    expect(termsRef(v)).toEqual({ uri: P2B1_URI, sha256: v.sha256 });
  });

  it('is the same version for the same text, whenever and however it was typed', () => {
    const a = buildTermsVersion(presetDraft('nostalking'), now);
    const d = presetDraft('nostalking');
    const b = buildTermsVersion(
      { ...d, title: ` ${d.title}  `, clauses: d.clauses.map((c) => ({ ...c, text: `${c.text}\r\n` })) },
      now + 5000,
    );
    expect(b.id).toBe(a.id);
    expect(b.versionId).toBe(a.versionId);
    expect(b.sha256).toBe(a.sha256);
  });

  it('is a new version after any edit of the title or a clause', () => {
    const base = presetDraft('nostalking');
    const a = buildTermsVersion(base, now);
    const edited = buildTermsVersion(
      { ...base, clauses: base.clauses.map((c, i) => (i === 1 ? { ...c, text: `${c.text} Ever.` } : c)) },
      now,
    );
    const retitled = buildTermsVersion({ ...base, title: 'Mine' }, now);
    expect(new Set([a.id, edited.id, retitled.id]).size).toBe(3);
    expect(retitled.versionId.startsWith('mine@')).toBe(true);
    expect(titleSlug('  Été: ¡Mis términos! ')).toBe('ete-mis-terminos');
    expect(titleSlug('条款')).toBe('terms');
  });

  it('refuses a draft with nothing to proffer', () => {
    expect(() => buildTermsVersion({ ...presetDraft('blank') }, now)).toThrow(RangeError);
    expect(() => buildTermsVersion({ ...presetDraft('nostalking'), title: '  ' }, now)).toThrow(RangeError);
  });

  it('gives every preset a valid version; the default is #NoStalking plus no sale', () => {
    for (const id of PRESET_IDS.filter((p) => p !== 'blank')) {
      const v = buildTermsVersion(presetDraft(id), now);
      expect(TermsSchema.safeParse(v).success, id).toBe(true);
    }
    expect(presetDraft('nostalking').clauses.map((c) => c.id)).toEqual(['no-stalking', 'no-sale']);
    expect(presetDraft('nostalking').clauses[0]!.text).toMatch(/^Just give me ads not based on tracking me\./);
  });

  it('reads purposes, retention and contact from the clause ids', () => {
    expect(termsMeta(presetDraft('transaction-only').clauses)).toEqual({
      purposes: ['transaction', 'ads-without-tracking'],
      retentionDays: 30,
      contact: 'email',
    });
    expect(termsMeta(presetDraft('leave-me-alone').clauses).contact).toBe('none');
    expect(termsMeta([makeClause('delete-after', 7), { id: 'custom-1', text: 'x' }])).toEqual({
      purposes: [],
      retentionDays: 7,
      contact: 'any',
    });
    expect(makeClause('delete-after', 1).text).toContain('1 day after');
    expect(makeClause('delete-after', 0).id).toBe('delete-after-1');
    expect(clauseKind('delete-after-90')).toBe('delete-after');
    expect(clauseKind('custom-3')).toBeNull();
    expect(
      customClause('x', [
        { id: 'custom-2', text: 'a' },
        { id: 'b', text: 'b' },
      ]).id,
    ).toBe('custom-3');
  });

  it('puts in force the most recently activated version that is not revoked', () => {
    const a = { ...buildTermsVersion(presetDraft('nostalking'), 1), activatedAt: 10 };
    const b = { ...buildTermsVersion(presetDraft('leave-me-alone'), 2), activatedAt: 5 };
    expect(activeOf([a, b])?.id).toBe(a.id);
    expect(activeOf([a, { ...b, activatedAt: 11 }])?.id).toBe(b.id);
    expect(activeOf([{ ...a, revokedAt: 12 }, b])?.id).toBe(b.id);
    expect(activeOf([])).toBeNull();
  });
});

describe('terms in the vault', () => {
  let n = 0;
  async function openVault(): Promise<Vault> {
    const v = new Vault({ name: `terms-test-${++n}-${Math.random().toString(36).slice(2)}`, kdf: { m: 64, t: 1, p: 1 } });
    await v.init();
    await v.create('maple orbit quiet lantern');
    return v;
  }

  it('creates the default on first use, once', async () => {
    const vault = await openVault();
    const first = await activeTerms(vault);
    expect(first?.title).toBe('#NoStalking, no sale');
    const again = await activeTerms(vault);
    expect(again?.id).toBe(first?.id);
    expect((await listTerms(vault)).terms).toHaveLength(1);
  });

  it('returns null while locked, without creating anything', async () => {
    const vault = await openVault();
    vault.lock();
    expect(await activeTerms(vault)).toBeNull();
  });

  it('saves an edit as a new version in force, keeps the old one, and can switch back', async () => {
    const vault = await openVault();
    const def = (await activeTerms(vault))!;
    const d = presetDraft('nostalking');
    const edited = await saveTerms(vault, { ...d, clauses: [...d.clauses, makeClause('no-profiling')] });
    expect(edited.id).not.toBe(def.id);
    let list = await listTerms(vault);
    expect(list.terms).toHaveLength(2);
    expect(list.activeId).toBe(edited.id);
    // The old version is untouched.
    expect((await vault.get('terms', def.id))?.text).toBe(def.text);

    await activateTerms(vault, def.id);
    expect((await listTerms(vault)).activeId).toBe(def.id);
    expect((await activeTerms(vault))?.id).toBe(def.id);

    // Saving the same text again names the same version and puts it back in force.
    const same = await saveTerms(vault, { ...d, clauses: [...d.clauses, makeClause('no-profiling')] });
    expect(same.id).toBe(edited.id);
    list = await listTerms(vault);
    expect(list.terms).toHaveLength(2);
    expect(list.activeId).toBe(edited.id);
    expect(await activateTerms(vault, 'terms-0000000000000000')).toBeUndefined();
  });
});
