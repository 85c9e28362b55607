// The reference brand's intent endpoint over real HTTP on 127.0.0.1, with the extension's own
// client: discovery, send, offers (signed), ownership by key, refusals, withdrawal, durability.
import { describe, expect, it } from 'vitest';
import type { RunningBrand } from '../../demo/brand/server.mjs';
import { intentHandlers } from '../../src/background/handlers/intents';
import { backoffMs, MAX_ATTEMPTS } from '../../src/background/intents/delivery';
import { discover } from '../../src/protocol/client';
import {
  broadcastIntent,
  buildIntentDocument,
  fetchOffers,
  type IntentTarget,
  intentIdentifier,
  intentTarget,
  withdrawIntent,
} from '../../src/protocol/intents';
import { generateBrandKeys, signRequest, wireKey } from '../../src/protocol/sign';
import type { Intent } from '../../src/shared/records';
import { Vault } from '../../src/vault/vault';
import { brandFixture } from './brand-fixture';
import { errorOf } from './protocol-error';

const { dirs, running, freshDir, start } = brandFixture('proffer-brand-intents-');

const intent = (over: Partial<Intent> = {}): Intent => ({
  id: 'local-intent-1',
  what: '27-inch monitor',
  budget: { amount: 300, currency: 'EUR' },
  condition: 'new',
  reveal: ['postal-code'],
  expiresAt: Date.now() + 86_400_000,
  status: 'draft',
  deliveries: [],
  createdAt: Date.now(),
  ...over,
});

async function targetOf(b: RunningBrand): Promise<IntentTarget> {
  return intentTarget(await discover(b.url));
}

describe('reference brand: intents', () => {
  it('declares its intent endpoint, stores exactly what it received, answers with signed offers', async () => {
    const b = await start();
    const t = await targetOf(b);
    expect(t.endpoint).toBe(`${b.url}/vrm/intents`);
    const keys = generateBrandKeys();
    const identifier = intentIdentifier('local-intent-1', keys.publicKey);
    const document = buildIntentDocument(intent(), { identifier, revealed: { 'postal-code': '10999' } });
    const receipt = await broadcastIntent({ target: t, keys, document });
    expect(receipt).toMatchObject({ intent_id: identifier, status: 'received' });
    // A retry is the same intent, not a second one.
    await broadcastIntent({ target: t, keys, document });
    const held = b.brand.intents();
    expect(held).toHaveLength(1);
    expect(held[0]!.key).toBe(wireKey(keys.publicKey));
    expect(held[0]!.document).toEqual(JSON.parse(JSON.stringify(document)));
    expect(held[0]!.deliveries).toBe(2);

    const { offers } = await fetchOffers({ target: t, keys, identifier });
    expect(offers.map((o) => o.identifier).sort()).toEqual(['monitor-24', 'monitor-27']);
    expect(offers.every((o) => o.url?.startsWith(`${b.url}/offers/`))).toBe(true);
    const page = await fetch(offers[0]!.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('monitor');

    // Nobody else can read them or withdraw it.
    const stranger = generateBrandKeys();
    expect((await errorOf(fetchOffers({ target: t, keys: stranger, identifier }))).code).toBe('errBrandNotFound');
    expect((await errorOf(withdrawIntent({ target: t, keys: stranger, identifier }))).code).toBe('errBrandNotFound');

    expect((await withdrawIntent({ target: t, keys, identifier })).status).toBe('withdrawn');
    expect((await fetchOffers({ target: t, keys, identifier })).offers).toEqual([]);
    const events = b.brand.intentEvents();
    expect(events.map((e) => e.type)).toEqual(['received', 'redelivered', 'withdrawn']);
    expect(new Set(events.map((e) => e.key))).toEqual(new Set([wireKey(keys.publicKey)]));
  });

  it('matches on words and budget', async () => {
    const b = await start();
    const t = await targetOf(b);
    const keys = generateBrandKeys();
    const cheap = intentIdentifier('cheap', keys.publicKey);
    await broadcastIntent({
      target: t,
      keys,
      document: buildIntentDocument(intent({ id: 'cheap', budget: { amount: 150, currency: 'EUR' } }), { identifier: cheap, revealed: {} }),
    });
    expect((await fetchOffers({ target: t, keys, identifier: cheap })).offers.map((o) => o.identifier)).toEqual(['monitor-24']);
    const none = intentIdentifier('none', keys.publicKey);
    await broadcastIntent({
      target: t,
      keys,
      document: buildIntentDocument(intent({ id: 'none', what: 'a sailing boat' }), { identifier: none, revealed: {} }),
    });
    expect((await fetchOffers({ target: t, keys, identifier: none })).offers).toEqual([]);
  });

  it('refuses unsigned, wrongly signed and malformed intents, and records none of them', async () => {
    const b = await start();
    const url = `${b.url}/vrm/intents`;
    const keys = generateBrandKeys();
    const body = JSON.stringify(buildIntentDocument(intent(), { identifier: intentIdentifier('x', keys.publicKey), revealed: {} }));
    const unsigned = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).error).toBe('signature_missing');
    const headers = signRequest({ method: 'POST', url, body, keys });
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: body.replace('monitor', 'Monitor'),
    });
    expect((await tampered.json()).error).toBe('signature_invalid');
    const junk = '{"@type":"Demand"}';
    const malformed = await fetch(url, {
      method: 'POST',
      headers: { ...signRequest({ method: 'POST', url, body: junk, keys }), 'Content-Type': 'application/json' },
      body: junk,
    });
    expect(malformed.status).toBe(400);
    const big = JSON.stringify({ pad: 'x'.repeat(20_000) });
    const huge = await fetch(url, {
      method: 'POST',
      headers: { ...signRequest({ method: 'POST', url, body: big, keys }), 'Content-Type': 'application/json' },
      body: big,
    });
    expect(huge.status).toBe(413);
    expect(b.brand.intents()).toEqual([]);
  });

  it('keeps intents across a restart', async () => {
    const dataDir = freshDir();
    const first = await start({ dataDir, port: 0 });
    const keys = generateBrandKeys();
    const identifier = intentIdentifier('durable', keys.publicKey);
    await broadcastIntent({
      target: await targetOf(first),
      keys,
      document: buildIntentDocument(intent({ id: 'durable' }), { identifier, revealed: {} }),
    });
    await running.pop()!.close();
    const second = await start({ dataDir, port: 0 });
    expect(second.brand.intents().map((i) => i.intent_id)).toEqual([identifier]);
    expect((await fetchOffers({ target: await targetOf(second), keys, identifier })).offers.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// The background's intent handlers on a real (fake-indexeddb) vault, against real brands, with a
// clock of their own: backoff, retry on the alarm, expiry, and what the ledger records.

async function handlersOnVault(clock: { t: number }) {
  const vault = new Vault({ name: `intents-${Math.random().toString(36).slice(2)}`, kdf: { m: 64, t: 1, p: 1 } });
  await vault.init();
  await vault.create('granite pelican sorbet ledger');
  const badge: number[] = [];
  const h = intentHandlers(vault, { now: () => clock.t, setBadge: async (n) => void badge.push(n) });
  const t0 = clock.t;
  await vault.put('personas', {
    id: 'p1',
    label: 'Me',
    'given-name': 'Orlaith',
    email: 'orlaith@mailcanary.example',
    addresses: [{ id: 'a', 'address-level2': 'Gorzlinde', 'postal-code': '10999' }],
    createdAt: t0,
    updatedAt: t0,
  });
  return { vault, h, badge };
}

describe('intent handlers', () => {
  it('backs off exponentially, retries on the alarm only when due, then sends', async () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(50)).toBe(6 * 60 * 60_000);
    const clock = { t: Date.now() };
    const { vault, h, badge } = await handlersOnVault(clock);
    const b = await start();
    const port = Number(new URL(b.url).port);
    const dataDir = dirs[dirs.length - 1]!;
    const added = await h.handlers['brands/add']({ type: 'brands/add', origin: b.url });
    await running.pop()!.close(); // down

    const { intent } = await h.handlers['intents/save']({
      type: 'intents/save',
      intent: {
        what: '27-inch monitor',
        condition: 'any',
        personaId: 'p1',
        reveal: ['postal-code'],
        expiresAt: clock.t + 3_600_000,
        brandIds: [added.brand.id],
      },
    });
    let r = (await h.handlers['intents/broadcast']({ type: 'intents/broadcast', id: intent.id })).intent;
    expect(r.deliveries[0]).toMatchObject({ status: 'unreachable', attempts: 1, nextAttemptAt: clock.t + 30_000 });
    expect((await vault.list('shares')).records).toHaveLength(0);

    await start({ dataDir, port }); // back up
    expect(await h.tick()).toBe(0); // not due yet: the alarm waits
    expect((await vault.get('intents', intent.id))!.deliveries[0]!.status).toBe('unreachable');
    clock.t += 30_000;
    expect(await h.tick()).toBe(2); // due: delivered, and its offers read in the same pass
    r = (await vault.get('intents', intent.id))!;
    expect(r.deliveries[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(badge.at(-1)).toBe(2);
    const shares = (await vault.list('shares')).records;
    expect(shares).toHaveLength(1);
    expect(shares[0]).toMatchObject({ channel: 'intent', site: b.url.toLowerCase(), fields: [{ token: 'postal-code', value: '10999' }] });
    expect(shares[0]!.termsSha256).toMatch(/^[0-9a-f]{64}$/);
    const held = running.at(-1)!.brand.intents();
    expect(held[0]!.document.revealed).toEqual({ 'postal-code': '10999' });
    expect(JSON.stringify(held[0]!.document)).not.toMatch(/Orlaith|mailcanary|Gorzlinde/);

    // Past its expiry, the next pass withdraws it everywhere and its offers stop counting.
    clock.t += 3_600_000;
    await h.tick();
    r = (await vault.get('intents', intent.id))!;
    expect(r.status).toBe('expired');
    expect(r.deliveries[0]!.status).toBe('withdrawn');
    expect(
      running
        .at(-1)!
        .brand.intentEvents()
        .map((e) => e.type),
    ).toEqual(['received', 'withdrawn']);
    expect(badge.at(-1)).toBe(0);
  });

  it('gives up after MAX_ATTEMPTS and never sends an unrevealed field', async () => {
    const clock = { t: Date.now() };
    const { h } = await handlersOnVault(clock);
    const b = await start();
    const added = await h.handlers['brands/add']({ type: 'brands/add', origin: b.url });
    await running.pop()!.close();
    const { intent } = await h.handlers['intents/save']({
      type: 'intents/save',
      intent: { what: 'kettle', condition: 'any', reveal: [], expiresAt: clock.t + 365 * 86_400_000, brandIds: [added.brand.id] },
    });
    await h.handlers['intents/broadcast']({ type: 'intents/broadcast', id: intent.id });
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      clock.t += backoffMs(i);
      await h.tick();
    }
    const list = await h.handlers['intents/list']();
    const d = list.intents[0]!.deliveries[0]!;
    expect(d.attempts).toBe(MAX_ATTEMPTS);
    expect(d.status).toBe('unreachable');
    expect(d.nextAttemptAt).toBeUndefined();
  });
});

describe('the intent ledger entry is written before the values leave', () => {
  it('is there, unconfirmed, while the request is on the wire; confirmed by the answer; replaces an entry a crash left', async () => {
    const clock = { t: Date.now() };
    const { vault, h } = await handlersOnVault(clock);
    const b = await start();
    const added = await h.handlers['brands/add']({ type: 'brands/add', origin: b.url });
    const { intent } = await h.handlers['intents/save']({
      type: 'intents/save',
      intent: {
        what: 'desk lamp',
        condition: 'any',
        personaId: 'p1',
        reveal: ['postal-code'],
        expiresAt: clock.t + 3_600_000,
        brandIds: [added.brand.id],
      },
    });
    // What a browser killed mid-send leaves behind: an unconfirmed entry for this intent and brand.
    await vault.put('shares', {
      id: 'left-by-a-crash',
      site: b.url.toLowerCase(),
      brandId: added.brand.id,
      channel: 'intent',
      fields: [{ token: 'postal-code', value: '10999' }],
      intentId: intent.id,
      unconfirmed: true,
      at: clock.t - 1000,
    });
    // Look at the ledger at the moment the intent is posted to the brand.
    const seen: { unconfirmed?: true; id: string }[][] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST' && String(input).includes('intent')) seen.push((await vault.list('shares')).records);
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      await h.handlers['intents/broadcast']({ type: 'intents/broadcast', id: intent.id });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(seen).toHaveLength(1);
    const during = seen[0]!.filter((s) => s.id !== 'left-by-a-crash');
    expect(during).toHaveLength(1);
    expect(during[0]!.unconfirmed).toBe(true);

    const after = (await vault.list('shares')).records;
    expect(after.map((s) => s.id)).toEqual([during[0]!.id]);
    expect(after[0]!.unconfirmed).toBeUndefined();
    expect(after[0]).toMatchObject({ intentId: intent.id, fields: [{ token: 'postal-code', value: '10999' }] });
    expect(running.at(-1)!.brand.intents()).toHaveLength(1);
  });
});
