/**
 * Intentcasting in real Chromium against two reference brands on 127.0.0.1, one of them down:
 * compose -> broadcast (live brand: sent; down brand: unreachable, retried later) -> offers arrive
 * -> withdraw. The live brand saw exactly the revealed fields and the withdrawal, both signed by the
 * same pairwise key; the ledger records exactly what each brand received.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrand, type RunningBrand } from '../../demo/brand/server.mjs';
import { fixturePersona, type Launched, launch, readyVault, send } from './harness';

let l: Launched;
let ext: Page;
let dir: string;
const running: RunningBrand[] = [];

async function brand(name: string, port = 0): Promise<RunningBrand> {
  const b = await createBrand({ name, dataDir: join(dir, name), port, host: '127.0.0.1' });
  running.push(b);
  return b;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proffer-intents-'));
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  for (const b of running) await b.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

type Delivery = { brandId: string; status: string; reason?: string; attempts: number; nextAttemptAt?: number };
type Intent = { id: string; status: string; deliveries: Delivery[] };
type Offer = {
  id: string;
  intentId: string;
  brandId: string;
  title: string;
  price?: { amount: number; currency: string };
  url?: string;
  read: boolean;
};
type Share = { channel: string; fields: { token: string; value: string }[]; termsSha256?: string };

const CANARIES = ['Orlaith', 'Vantongeren', 'mailcanary', '+4930', 'Kestrelweg', 'Quillon', '1979'];

describe('intentcasting', () => {
  it('broadcasts to chosen brands, reads offers, retries the one that was down, and withdraws', async () => {
    const live = await brand('Livewire');
    const down = await brand('Downtown');
    const downPort = Number(new URL(down.url).port);

    const a = await send<{ brand: { id: string; intentEndpoint: string } }>(ext, { type: 'brands/add', origin: live.url });
    expect(a.ok, a.error?.code).toBe(true);
    expect(a.brand.intentEndpoint).toBe(`${live.url}/vrm/intents`);
    const b = await send<{ brand: { id: string } }>(ext, { type: 'brands/add', origin: down.url });
    expect(b.ok, b.error?.code).toBe(true);
    // Now it goes down (a closed port).
    await down.close();
    running.splice(running.indexOf(down), 1);

    const saved = await send<{ intent: Intent }>(ext, {
      type: 'intents/save',
      intent: {
        what: '27-inch monitor',
        category: 'Electronics',
        budget: { amount: 300, currency: 'EUR' },
        quantity: 1,
        condition: 'new',
        region: 'Berlin',
        personaId: 'persona-everyday',
        reveal: ['address-level2', 'postal-code'],
        expiresAt: Date.now() + 7 * 86_400_000,
        brandIds: [a.brand.id, b.brand.id],
      },
    });
    expect(saved.ok, saved.error?.code).toBe(true);
    expect(saved.intent.status).toBe('draft');

    const sent = await send<{ intent: Intent }>(ext, { type: 'intents/broadcast', id: saved.intent.id });
    expect(sent.ok, sent.error?.code).toBe(true);
    expect(sent.intent.status).toBe('active');
    const liveD = sent.intent.deliveries.find((d) => d.brandId === a.brand.id)!;
    const downD = sent.intent.deliveries.find((d) => d.brandId === b.brand.id)!;
    expect(liveD.status).toBe('sent');
    expect(['unreachable', 'retrying']).toContain(downD.status);
    expect(downD.reason).toContain('errBrandUnreachable');
    expect(downD.nextAttemptAt).toBeGreaterThan(Date.now());

    // The live brand holds exactly the revealed fields, nothing else of the persona.
    const held = live.brand.intents();
    expect(held).toHaveLength(1);
    expect(held[0]!.document.revealed).toEqual({ 'address-level2': 'Gorzlinde', 'postal-code': '10999' });
    const receivedJson = JSON.stringify(held[0]!.document);
    for (const c of CANARIES) expect(receivedJson).not.toContain(c);

    // The ledger: one 'intent' entry for the live brand, exactly those values, with the terms in force.
    const ledger = await send<{ shares: Share[] }>(ext, { type: 'ledger/site', site: live.url });
    expect(ledger.ok, ledger.error?.code).toBe(true);
    const intentShares = ledger.shares.filter((s) => s.channel === 'intent');
    expect(intentShares).toHaveLength(1);
    expect(intentShares[0]!.fields.map((f) => [f.token, f.value])).toEqual([
      ['address-level2', 'Gorzlinde'],
      ['postal-code', '10999'],
    ]);
    expect(intentShares[0]!.termsSha256).toBe((held[0]!.document.terms as { sha256: string }).sha256);
    expect(
      (await send<{ shares: Share[] }>(ext, { type: 'ledger/site', site: `http://127.0.0.1:${downPort}` })).shares.filter(
        (s) => s.channel === 'intent',
      ),
    ).toHaveLength(0);

    // Offers arrive from the live brand, as text, on its origin; the badge counts them.
    const polled = await send<{ newOffers: number }>(ext, { type: 'intents/poll' });
    expect(polled.ok, polled.error?.code).toBe(true);
    expect(polled.newOffers).toBe(2);
    let list = await send<{ intents: Intent[]; offers: Offer[]; unread: number; brands: { id: string }[] }>(ext, { type: 'intents/list' });
    expect(list.offers).toHaveLength(2);
    expect(list.unread).toBe(2);
    expect(list.brands.map((x) => x.id).sort()).toEqual([a.brand.id, b.brand.id].sort());
    expect(list.offers.every((o) => o.brandId === a.brand.id && o.url?.startsWith(`${live.url}/`))).toBe(true);
    const badge = await ext.evaluate(() => chrome.action.getBadgeText({}));
    expect(badge).toBe('2');
    expect(await ext.evaluate(() => chrome.action.getTitle({}))).toBe('Proffer: 2 unread offers');
    const marked = await send<{ offer: Offer }>(ext, { type: 'offers/mark', id: list.offers[0]!.id, read: true });
    expect(marked.ok && marked.offer.read).toBe(true);
    expect(await ext.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');

    // The down brand comes back on the same origin and the retry delivers it.
    const back = await brand('Downtown', downPort);
    const retried = await send<{ newOffers: number }>(ext, { type: 'intents/poll' });
    expect(retried.ok, retried.error?.code).toBe(true);
    list = await send(ext, { type: 'intents/list' });
    const after = list.intents.find((i) => i.id === saved.intent.id)!;
    expect(after.deliveries.find((d) => d.brandId === b.brand.id)!.status).toBe('sent');
    expect(after.deliveries.find((d) => d.brandId === b.brand.id)!.attempts).toBeGreaterThanOrEqual(2); // every "check now" while down was a try
    expect(back.brand.intents()).toHaveLength(1);
    expect(back.brand.intents()[0]!.document.revealed).toEqual({ 'address-level2': 'Gorzlinde', 'postal-code': '10999' });
    // Pairwise: each brand knows the person by a different key, and a different intent id.
    expect(back.brand.intents()[0]!.key).not.toBe(held[0]!.key);
    expect(back.brand.intents()[0]!.intent_id).not.toBe(held[0]!.intent_id);
    expect(retried.newOffers).toBe(2);

    // Withdraw: a signed DELETE to every brand that received it.
    const w = await send<{ intent: Intent }>(ext, { type: 'intents/withdraw', id: saved.intent.id });
    expect(w.ok, w.error?.code).toBe(true);
    expect(w.intent.status).toBe('withdrawn');
    expect(w.intent.deliveries.map((d) => d.status)).toEqual(['withdrawn', 'withdrawn']);
    for (const x of [live, back]) {
      const events = x.brand.intentEvents();
      expect(events.map((e) => e.type)).toEqual(['received', 'withdrawn']);
      expect(events[0]!.key).toBe(events[1]!.key); // the withdrawal is signed by the key that sent the intent
      expect(x.brand.intents()[0]!.status).toBe('withdrawn');
    }
    expect(live.brand.intentEvents()[0]!.key).toBe(held[0]!.key);

    // Offers for a withdrawn intent are ignored: no more polling, nothing unread, empty badge.
    const again = await send<{ newOffers: number }>(ext, { type: 'intents/poll' });
    expect(again.newOffers).toBe(0);
    list = await send(ext, { type: 'intents/list' });
    expect(list.unread).toBe(0);
    expect(await ext.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
  });

  it('an intent past its expiry withdraws itself', async () => {
    const shop = await brand('Shortlived');
    const added = await send<{ brand: { id: string } }>(ext, { type: 'brands/add', origin: shop.url });
    expect(added.ok, added.error?.code).toBe(true);
    const saved = await send<{ intent: Intent }>(ext, {
      type: 'intents/save',
      intent: { what: 'electric kettle', reveal: [], expiresAt: Date.now() + 4_000, brandIds: [added.brand.id] },
    });
    expect(saved.ok, saved.error?.code).toBe(true);
    const sent = await send<{ intent: Intent }>(ext, { type: 'intents/broadcast', id: saved.intent.id });
    expect(sent.intent.deliveries[0]!.status).toBe('sent');
    expect(shop.brand.intents()[0]!.document.revealed).toEqual({});
    await new Promise((r) => setTimeout(r, 4_500));
    await send(ext, { type: 'intents/poll' });
    const list = await send<{ intents: Intent[] }>(ext, { type: 'intents/list' });
    const it = list.intents.find((i) => i.id === saved.intent.id)!;
    expect(it.status).toBe('expired');
    expect(it.deliveries[0]!.status).toBe('withdrawn');
    expect(shop.brand.intentEvents().map((e) => e.type)).toEqual(['received', 'withdrawn']);
  });

  it('a brand that answers with a bad signature is shown as rejected, with the reason', async () => {
    // Its vrm.json advertises one key, but a restart with a fresh data dir signs with another.
    const name = 'Forger';
    const first = await createBrand({ name, dataDir: join(dir, 'forger-a'), port: 0 });
    const port = Number(new URL(first.url).port);
    const added = await send<{ brand: { id: string } }>(ext, { type: 'brands/add', origin: first.url });
    expect(added.ok, added.error?.code).toBe(true);
    await first.close();
    running.push(await createBrand({ name, dataDir: join(dir, 'forger-b'), port }));
    const saved = await send<{ intent: Intent }>(ext, {
      type: 'intents/save',
      intent: { what: 'desk chair', reveal: [], expiresAt: Date.now() + 86_400_000, brandIds: [added.brand.id] },
    });
    const sent = await send<{ intent: Intent }>(ext, { type: 'intents/broadcast', id: saved.intent.id });
    expect(sent.ok, sent.error?.code).toBe(true);
    expect(sent.intent.deliveries[0]!.status).toBe('rejected');
    expect(sent.intent.deliveries[0]!.reason).toBe('errBrandSignature');
    // The brand did receive the intent (its answer was what failed): the ledger says what it got.
    const ledger = await send<{ shares: Share[] }>(ext, { type: 'ledger/site', site: first.url });
    const got = ledger.shares.filter((s) => s.channel === 'intent');
    expect(got).toHaveLength(1);
    expect(got[0]!.fields).toEqual([]);
  });
});
