// Key pinning and rotation end to end (docs/protocol.md 3.6): the reference brand rotates its
// response key over real HTTP on 127.0.0.1, the extension's client follows a valid rotation and
// nothing else, and the background handlers (brands/add, delivery, requests/create) pin, refuse and
// store rotations on a real (fake-indexeddb) vault.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningBrand } from '../../demo/brand/server.mjs';
import { intentHandlers } from '../../src/background/handlers/intents';
import { requestHandlers } from '../../src/background/handlers/requests';
import { HandledError } from '../../src/background/router';
import { discover } from '../../src/protocol/client';
import { dataRightsTarget, newAgentRequestId, sendDataRightsRequest } from '../../src/protocol/data-rights';
import { generateBrandKeys } from '../../src/protocol/sign';
import { Vault } from '../../src/vault/vault';
import { brandFixture } from './brand-fixture';
import { errorOf } from './protocol-error';

const { dirs, running, start } = brandFixture('proffer-brand-keys-');

const request = { exercise: 'deletion' as const, regime: 'gdpr' as const, identity: {} };

/** Stops the newest brand and starts another on the same port (the same origin), as told. */
async function restart(b: RunningBrand, options: Parameters<typeof start>[0] = {}): Promise<RunningBrand> {
  const port = Number(new URL(b.url).port);
  await running.splice(running.indexOf(b), 1)[0]!.close();
  // Let the client's connection pool see the old server hang up before the next request goes out.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return start({ port, ...options });
}

async function handledErrorOf(p: Promise<unknown>): Promise<HandledError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HandledError) return e;
    throw e;
  }
  throw new Error('expected a HandledError');
}

describe('the reference brand rotates its key', () => {
  it('publishes a statement the client accepts, and the new key is the one to pin', async () => {
    const b = await start();
    const first = await discover(b.url);
    const k0 = b.brand.publicKey;
    expect(first.brandKeys).toEqual([k0]);
    const { previous, publicKey: k1 } = b.brand.rotateKey();
    expect(previous).toBe(k0);
    expect(b.brand.publicKey).toBe(k1);

    const rotated = await discover(b.url, { pinned: { keys: [k0] } });
    expect(rotated.brandKeys).toEqual([k1]);
    expect(rotated.keyRotation).toMatchObject({ previous: k0 });

    // A client that still pins k0 refuses the answers the brand now signs with k1, although its
    // vrm.json lists k1: only the rotation, checked at discovery, moves the pin.
    const person = generateBrandKeys();
    const stale = { ...dataRightsTarget(first, 'deletion', 'gdpr'), brandKeys: [k0] };
    const e = await errorOf(
      sendDataRightsRequest({ target: stale, keys: person, request: { ...request, agentRequestId: newAgentRequestId() } }),
    );
    expect(e.code).toBe('errBrandSignature');
    const fresh = dataRightsTarget(rotated, 'deletion', 'gdpr');
    const st = await sendDataRightsRequest({ target: fresh, keys: person, request: { ...request, agentRequestId: newAgentRequestId() } });
    expect(st.status).toBe('open');
  });

  it('keeps the rotation across a restart; a client that missed a rotation cannot skip it', async () => {
    const b = await start();
    const dataDir = dirs.at(-1)!;
    const k0 = b.brand.publicKey;
    const { publicKey: k1 } = b.brand.rotateKey();
    const b2 = await restart(b, { dataDir });
    expect(b2.brand.publicKey).toBe(k1);
    const r1 = await discover(b2.url, { pinned: { keys: [k0] } });
    expect(r1.brandKeys).toEqual([k1]);
    const { publicKey: k2 } = b2.brand.rotateKey();
    // k1 signs for k2: a client still on k0 has no pinned key that vouches for it.
    const e = await errorOf(discover(b2.url, { pinned: { keys: [k0] } }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_key']);
    // The client that followed the first rotation follows the second one (later timestamp).
    const r2 = await discover(b2.url, { pinned: { keys: [k1], rotatedAt: r1.keyRotation!.timestamp } });
    expect(r2.brandKeys).toEqual([k2]);
    expect(r2.keyRotation!.timestamp).toBeGreaterThan(r1.keyRotation!.timestamp);
  });

  it('can keep the previous key listed during the changeover', async () => {
    const b = await start();
    const k0 = b.brand.publicKey;
    const { publicKey: k1 } = b.brand.rotateKey({ keepPrevious: true });
    expect((await discover(b.url, { pinned: { keys: [k0] } })).brandKeys).toEqual([k1, k0]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The background, on a vault

async function unlockedVault(): Promise<Vault> {
  const vault = new Vault({ name: `brand-keys-${Math.random().toString(36).slice(2)}`, kdf: { m: 64, t: 1, p: 1 } });
  await vault.init();
  await vault.create('granite pelican sorbet ledger');
  return vault;
}

describe('background: brands/add and delivery', () => {
  it('pins on first contact, refuses dropped or swapped keys, and delivers only to the pinned key', async () => {
    const vault = await unlockedVault();
    const h = intentHandlers(vault, { setBadge: async () => undefined });
    let b = await start();
    const dataDir = dirs.at(-1)!;
    const k0 = b.brand.publicKey;
    const added = await h.handlers['brands/add']({ type: 'brands/add', origin: b.url });
    const pinned = await vault.get('brands', added.brand.id);
    expect(pinned).toMatchObject({ brandKeys: [k0] });
    expect(pinned!.brandKeysPinnedAt).toBeTypeOf('number');

    // Whoever runs the origin now publishes another key, without a statement.
    b = await restart(b);
    const k9 = b.brand.publicKey;
    expect(k9).not.toBe(k0);
    let e = await handledErrorOf(h.handlers['brands/add']({ type: 'brands/add', origin: b.url }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_missing']);
    expect((await vault.get('brands', added.brand.id))!.brandKeys).toEqual([k0]);

    // A delivery goes by the pinned key: the brand's answer, signed by k9, is refused.
    const { intent } = await h.handlers['intents/save']({
      type: 'intents/save',
      intent: { what: 'kettle', condition: 'any', reveal: [], expiresAt: Date.now() + 3_600_000, brandIds: [added.brand.id] },
    });
    const sent = (await h.handlers['intents/broadcast']({ type: 'intents/broadcast', id: intent.id })).intent;
    expect(sent.deliveries[0]).toMatchObject({ status: 'rejected', reason: 'errBrandSignature' });

    // Dropping the keys altogether is refused too, and does not unpin.
    b = await restart(b, { signResponses: false });
    e = await handledErrorOf(h.handlers['brands/add']({ type: 'brands/add', origin: b.url }));
    expect(e.code).toBe('errBrandKeyMissing');
    expect((await vault.get('brands', added.brand.id))!.brandKeys).toEqual([k0]);

    // The real brand comes back and rotates properly. The delivery meets an answer signed by k1,
    // reads vrm.json once, follows the valid rotation, pins k1 and delivers.
    b = await restart(b, { dataDir });
    const { publicKey: k1 } = b.brand.rotateKey();
    const again = (await h.handlers['intents/broadcast']({ type: 'intents/broadcast', id: intent.id })).intent;
    expect(again.deliveries[0]).toMatchObject({ status: 'sent' });
    const rotated = (await vault.get('brands', added.brand.id))!;
    expect(rotated.brandKeys).toEqual([k1]);
    expect(rotated.brandKeysRotatedAt).toBeTypeOf('number');
    expect(rotated.keys).toEqual(pinned!.keys); // the person's pairwise key is unchanged

    // brands/add follows the next rotation too, and offers are read with the new pin.
    const { publicKey: k2 } = b.brand.rotateKey();
    await h.handlers['brands/add']({ type: 'brands/add', origin: b.url });
    const twice = (await vault.get('brands', added.brand.id))!;
    expect(twice.brandKeys).toEqual([k2]);
    expect(twice.brandKeysRotatedAt!).toBeGreaterThan(rotated.brandKeysRotatedAt!);
    await h.tick(true);
    expect((await vault.get('intents', intent.id))!.deliveries[0]!.reason).toBeUndefined();
  });

  it('counts a brand record from before pinning (keys, no dates) as pinned', async () => {
    const vault = await unlockedVault();
    const h = intentHandlers(vault, { setBadge: async () => undefined });
    const b = await start();
    const OLD_KEY = 'IvDPIdBwYIRQU7VQkM0yIsof7g8o4GMdFn9lJcQpcTo'; // the brand key of docs/protocol.md, not this brand's
    const old = await vault.put('brands', {
      id: crypto.randomUUID(),
      origin: b.url,
      acceptedTerms: [],
      inIntentList: true,
      brandKeys: [OLD_KEY],
      keys: generateBrandKeys(),
      addedAt: Date.now(),
    });
    const e = await handledErrorOf(h.handlers['brands/add']({ type: 'brands/add', origin: b.url }));
    expect(e.code).toBe('errBrandKeyChanged');
    expect((await vault.get('brands', old.id))!.brandKeys).toEqual([OLD_KEY]);
  });
});

describe('background: data-rights requests', () => {
  it('refuses a brand whose keys changed without a statement, and follows a valid rotation', async () => {
    const vault = await unlockedVault();
    const { handlers } = requestHandlers(vault);
    let b = await start();
    const dataDir = dirs.at(-1)!;
    const k0 = b.brand.publicKey;
    const create = () =>
      handlers['requests/create']({ type: 'requests/create', site: b.url, exercise: 'deletion', law: 'gdpr', identifiers: [] });
    const first = await create();
    expect(first.request).toMatchObject({ channel: 'endpoint', status: 'open' });
    const brand = (await vault.get('brands', first.request.brandId!))!;
    expect(brand.brandKeys).toEqual([k0]);

    b = await restart(b);
    const e = await handledErrorOf(create());
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_missing']);
    expect((await vault.list('requests')).records).toHaveLength(1);

    b = await restart(b, { dataDir });
    const { publicKey: k1 } = b.brand.rotateKey();
    const second = await create();
    expect(second.request).toMatchObject({ channel: 'endpoint', status: 'open' });
    expect((await vault.get('brands', brand.id))!.brandKeys).toEqual([k1]);
    // Polling goes by the pinned (rotated) key and succeeds.
    const polled = await handlers['requests/refresh']({ type: 'requests/refresh', id: second.request.id });
    expect(polled.request.status).toBe('in_progress');
    // The brand rotates again; the next poll meets k2's signature, follows the rotation and pins k2.
    const { publicKey: k2 } = b.brand.rotateKey();
    const followed = await handlers['requests/refresh']({ type: 'requests/refresh', id: second.request.id });
    expect(followed.request).toMatchObject({ status: 'fulfilled' });
    expect(followed.request.lastError).toBeUndefined();
    expect((await vault.get('brands', brand.id))!.brandKeys).toEqual([k2]);

    // A swap without a statement is not followed: the same brand (same requests) with a new key and
    // no rotation statement fails the poll with errBrandSignature, and the pins stay.
    for (const f of ['brand-key.json', 'brand-key-previous.json', 'key-rotation.json']) rmSync(join(dataDir, f));
    b = await restart(b, { dataDir });
    const third = await handlers['requests/refresh']({ type: 'requests/refresh', id: first.request.id });
    expect(third.request.lastError).toBe('errBrandSignature');
    expect((await vault.get('brands', brand.id))!.brandKeys).toEqual([k2]);
  });
});
