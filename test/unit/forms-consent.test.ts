/**
 * The background's half of "the preview is the consent" (issue 12, handlers/forms.ts SETTLE_MS):
 * only the newest preview of a tab can be filled, and a plan made after the page changed under an
 * open preview cannot be filled in its first second. The tab is faked (chrome.tabs and
 * chrome.scripting answering with hand-written field facts); the vault is real, over fake-indexeddb.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formsHandlers } from '../../src/background/handlers/forms';
import type { FieldFacts } from '../../src/forms/types';
import { SETTLE_MS } from '../../src/shared/events';
import { blankField, blankForm } from './field-facts';
import { createdVault } from './vault-fixture';

const URL_ = 'https://shop.example/signup';
const FRAME = { top: true, origin: 'https://shop.example', path: '/signup', title: 'Sign up', frameVisible: true };

function field(index: number, label: string, autocomplete: string, type = 'text'): FieldFacts {
  return { ...blankField(index, blankForm({ fieldCount: 3 }), FRAME), type, name: autocomplete, labels: [label], autocomplete };
}

/** What the page shows now; the fake content script scans it and reports every op as written. */
let fields: FieldFacts[] = [];
const written: number[][] = [];
/** Runs as the fill reaches the page (before it answers): lets a test look at the vault at that moment. */
let onFill: (() => Promise<void>) | null = null;
/** When false, the page answers the fill with nothing written (the frame went away). */
let pageWrites = true;
const executeScript = vi.fn(async (o: { target: { allFrames?: boolean }; args?: [string, unknown[]] }) => {
  if (o.target.allFrames) return [{ frameId: 0, result: 0 }];
  const [call, args] = o.args!;
  if (call === 'scan') return [{ frameId: 0, result: { url: URL_, fields } }];
  const ops = args[2] as { index: number }[];
  await onFill?.();
  if (!pageWrites) return [];
  written.push(ops.map((x) => x.index));
  return [{ frameId: 0, result: { results: ops.map((x) => ({ index: x.index, status: 'filled' })) } }];
});

let skew = 0;
beforeEach(() => {
  fields = [field(0, 'Email', 'email', 'email'), field(1, 'First name', 'given-name')];
  written.length = 0;
  skew = 0;
  onFill = null;
  pageWrites = true;
  const now = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => now() + skew);
  (globalThis as unknown as { chrome: unknown }).chrome = {
    scripting: { executeScript },
    tabs: { get: async () => ({ id: 7, url: URL_ }) },
  };
});
afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as unknown as { chrome?: unknown }).chrome;
});

async function setup() {
  const { vault } = await createdVault();
  const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/persona.json'), 'utf8')) as Record<string, unknown>;
  delete raw._about;
  await vault.put('personas', { ...raw, id: 'persona-1', createdAt: 1, updatedAt: 1 } as never);
  const forms = formsHandlers(vault);
  const preview = () => forms.handlers['forms/preview']({ type: 'forms/preview', tabId: 7 });
  const fill = (planId: string, keys: string[]) =>
    forms.handlers['forms/fill']({ type: 'forms/fill', planId, keys, approveOrigins: [] }).then(
      (r) => ({ ok: true as const, r }),
      (e: { code?: string }) => ({ ok: false as const, code: e.code }),
    );
  return { forms, preview, fill, vault };
}

describe('forms/fill: the preview is the consent', () => {
  it('a first preview fills at once; a refresh with the same fields (another choice) does not pause', async () => {
    const { preview, fill } = await setup();
    const a = await preview();
    expect(a.changed).toBeUndefined();
    const b = await preview();
    expect(b.changed).toBeUndefined();
    // Only the newest preview of the tab fills: the page did not change, so the old one just expired.
    expect(await fill(a.planId, ['0:0'])).toEqual({ ok: false, code: 'errPlanExpired' });
    const done = await fill(b.planId, ['0:0']);
    expect(done.ok).toBe(true);
    expect(written).toEqual([[0]]);
  });

  it('after a page change: the old plan is refused, the new one waits SETTLE_MS, then fills only what was ticked', async () => {
    const { preview, fill } = await setup();
    const seen = await preview();
    // The page slips a phone field in before the others.
    fields = [field(0, 'Mobile phone', 'tel', 'tel'), field(1, 'Email', 'email', 'email'), field(2, 'First name', 'given-name')];
    const next = await preview();
    expect(next.changed).toBe(true);
    expect(await fill(seen.planId, ['0:0'])).toEqual({ ok: false, code: 'errFormChanged' });
    expect(await fill(next.planId, ['0:1'])).toEqual({ ok: false, code: 'errFormChanged' });
    expect(written).toEqual([]);
    skew = SETTLE_MS - 50;
    expect(await fill(next.planId, ['0:1'])).toEqual({ ok: false, code: 'errFormChanged' });
    skew = SETTLE_MS + 10;
    const done = await fill(next.planId, ['0:1']);
    expect(done.ok).toBe(true);
    expect(written).toEqual([[1]]);
  });

  it('a value the fill wrote is no page change: the preview after a fill does not pause', async () => {
    const { preview, fill } = await setup();
    const a = await preview();
    expect((await fill(a.planId, ['0:0'])).ok).toBe(true);
    const b = await preview();
    fields = fields.map((f) => (f.index === 0 ? { ...f, value: 'orlaith.vantongeren@mailcanary.example' } : f));
    const c = await preview();
    expect(c.changed).toBeUndefined();
    expect(await fill(b.planId, ['0:1'])).toEqual({ ok: false, code: 'errPlanExpired' });
    expect((await fill(c.planId, ['0:1'])).ok).toBe(true);
  });

  it('a field that becomes visible is a page change', async () => {
    const { preview } = await setup();
    const vis = (visible: boolean) => ({
      width: 100,
      height: 20,
      opacity: 1,
      visibility: 'visible',
      displayed: visible,
      clipped: false,
      offscreen: false,
      covered: false,
      visible,
    });
    fields = [...fields, { ...field(2, 'Phone', 'tel', 'tel'), visibility: vis(false) }];
    await preview();
    fields = fields.map((f) => (f.index === 2 ? { ...f, visibility: vis(true) } : f));
    expect((await preview()).changed).toBe(true);
  });

  it('locking forgets replaced plans too', async () => {
    const { forms, preview, fill } = await setup();
    const a = await preview();
    fields = [...fields, field(2, 'Phone', 'tel', 'tel')];
    await preview();
    forms.dropPlans();
    expect(await fill(a.planId, ['0:0'])).toEqual({ ok: false, code: 'errPlanExpired' });
  });
});

describe('forms/fill: the ledger entry is written before the values reach the page', () => {
  it('is there, unconfirmed, with the generated password already kept, while the page is written; confirmed after', async () => {
    fields = [
      field(0, 'Email', 'email', 'email'),
      field(1, 'First name', 'given-name'),
      field(2, 'Choose a password', 'new-password', 'password'),
    ];
    const { preview, fill, vault } = await setup();
    const p = await preview();
    const seen: { unconfirmed?: true; fields: { token: string }[] }[][] = [];
    let passwordKept: string | undefined;
    onFill = async () => {
      seen.push((await vault.list('shares')).records);
      passwordKept = (await vault.list('sites')).records[0]?.password;
    };
    const done = await fill(p.planId, ['0:0', '0:1', '0:2']);
    expect(done.ok).toBe(true);
    expect(seen[0]).toHaveLength(1);
    expect(seen[0]![0]!.unconfirmed).toBe(true);
    expect(seen[0]![0]!.fields.map((f) => f.token)).toEqual(['email', 'given-name', 'new-password']);
    // A browser killed now would still know the password it was typing into the site.
    expect(passwordKept).toMatch(/.{12,}/);
    const after = (await vault.list('shares')).records;
    expect(after).toHaveLength(1);
    expect(after[0]!.unconfirmed).toBeUndefined();
    expect((await vault.list('sites')).records[0]!.password).toBe(passwordKept);
  });

  it('is removed when nothing reached the page', async () => {
    const { preview, fill, vault } = await setup();
    const p = await preview();
    pageWrites = false;
    const done = await fill(p.planId, ['0:0']);
    expect(done.ok).toBe(true);
    expect(written).toEqual([]);
    expect((await vault.list('shares')).records).toEqual([]);
  });
});
