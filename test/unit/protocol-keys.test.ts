// Key pinning and rotation (docs/protocol.md 3.6) against a hostile brand on 127.0.0.1 that serves
// whatever vrm.json and answers each test wants: a brand that drops or swaps its keys, or forges,
// misdirects or replays a rotation statement, is refused; a valid rotation is accepted; and once keys
// are pinned, an answer signed by any other key is refused whatever vrm.json lists.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadBrandKey,
  canonicalKeyRotation as nodeCanonical,
  signKeyRotation as nodeSign,
  verifyKeyRotation as nodeVerify,
} from '../../demo/brand/verify.mjs';
import { acceptBrandKeys, discover, type PinnedKeys, pinnedKeysOf, pinnedKeysRecord } from '../../src/protocol/client';
import { fetchStatus } from '../../src/protocol/data-rights';
import { VrmDocument } from '../../src/protocol/schemas';
import {
  type BrandKeys,
  canonicalKeyRotation,
  generateBrandKeys,
  KEY_ROTATION_VERSION,
  signKeyRotation,
  signResponse,
  verifyKeyRotation,
  wireKey,
} from '../../src/protocol/sign';
import { errorOf } from './protocol-error';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let origin: string;
const routes: Record<string, Handler> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const h = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (h) h(req, res);
    else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":"not_found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const json = (res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...extra });
  res.end(body);
};

/** The hostile brand's vrm.json for the next discovery: `keys` and `keyRotation` as given. */
const serveVrm = (extra: { keys?: string[]; keyRotation?: unknown }) => {
  routes['/.well-known/vrm.json'] = (_q, r) =>
    json(r, 200, JSON.stringify({ version: 1, name: 'Shifty Ltd', dataRights: { endpoint: '/dr', exercises: ['deletion'] }, ...extra }));
};

const k0 = generateBrandKeys();
const k1 = generateBrandKeys();
const stranger = generateBrandKeys();
const w = (k: BrandKeys) => wireKey(k.publicKey);
const pinnedK0: PinnedKeys = { keys: [w(k0)] };
const NOW = Date.now();

describe('pinning on discovery', () => {
  it('pins the published keys on first contact, and accepts the same keys again', async () => {
    serveVrm({ keys: [w(k0)] });
    expect((await discover(origin)).brandKeys).toEqual([w(k0)]);
    const again = await discover(origin, { pinned: pinnedK0 });
    expect(again.brandKeys).toEqual([w(k0)]);
    expect(again.keyRotation).toBeUndefined();
    // Order and repetition do not matter: the same set is the same keys.
    serveVrm({ keys: [w(k1), w(k0), w(k0)] });
    expect((await discover(origin, { pinned: { keys: [w(k0), w(k1)] } })).brandKeys).toEqual([w(k0), w(k1)]);
  });

  it('refuses a brand that drops its keys (missing or empty list): verification is never turned off', async () => {
    serveVrm({});
    let e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyMissing', 'keys_missing']);
    serveVrm({ keys: [] });
    e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect(e.code).toBe('errBrandKeyMissing');
    // Even with a rotation statement to an empty list, signed by the pinned key.
    serveVrm({ keys: [], keyRotation: signKeyRotation({ origin, keys: [], previous: k0, now: NOW }) });
    expect((await errorOf(discover(origin, { pinned: pinnedK0 }))).code).toBe('errBrandKeyMissing');
    // A brand that never published keys is not pinned: discovery goes on, unsigned (TLS only).
    serveVrm({});
    expect((await discover(origin)).brandKeys).toEqual([]);
  });

  it('refuses a brand that swaps or adds keys without a rotation statement', async () => {
    serveVrm({ keys: [w(k1)] });
    let e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_missing']);
    serveVrm({ keys: [w(k0), w(k1)] });
    e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_missing']);
    // A malformed statement counts as none (and does not break a first contact).
    serveVrm({ keys: [w(k1)], keyRotation: { previous: w(k0), timestamp: 'soon', signature: 'x' } });
    e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_missing']);
    expect((await discover(origin)).brandKeys).toEqual([w(k1)]);
  });

  it('accepts a rotation signed by the pinned key, and the new keys are what to pin', async () => {
    const statement = signKeyRotation({ origin, keys: [w(k1)], previous: k0, now: NOW });
    serveVrm({ keys: [w(k1)], keyRotation: statement });
    const found = await discover(origin, { pinned: pinnedK0, now: () => NOW });
    expect(found.brandKeys).toEqual([w(k1)]);
    expect(found.keyRotation).toEqual({ previous: w(k0), timestamp: Math.floor(NOW / 1000) });
    const stored = pinnedKeysRecord({ brandKeys: [w(k0)], brandKeysPinnedAt: 1 }, found, 5_000);
    expect(stored).toEqual({ brandKeys: [w(k1)], brandKeysPinnedAt: 5_000, brandKeysRotatedAt: Math.floor(NOW / 1000) });
    // Once pinned, the statement stays harmless: the same keys are simply the pinned ones.
    const later = await discover(origin, { pinned: pinnedKeysOf(stored)! });
    expect(later.brandKeys).toEqual([w(k1)]);
    expect(later.keyRotation).toBeUndefined();
    // A rotation that keeps the previous key listed is accepted the same way.
    serveVrm({ keys: [w(k1), w(k0)], keyRotation: signKeyRotation({ origin, keys: [w(k1), w(k0)], previous: k0, now: NOW }) });
    expect((await discover(origin, { pinned: pinnedK0 })).brandKeys).toEqual([w(k1), w(k0)]);
  });

  it('refuses a statement signed by a key that is not pinned, or whose signature is not the named key', async () => {
    // The new key vouching for itself (whoever controls vrm.json now can make this one).
    serveVrm({ keys: [w(k1)], keyRotation: signKeyRotation({ origin, keys: [w(k1)], previous: k1, now: NOW }) });
    let e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_key']);
    // Names the pinned key, but a stranger signed it.
    const forged = { ...signKeyRotation({ origin, keys: [w(k1)], previous: stranger, now: NOW }), previous: w(k0) };
    serveVrm({ keys: [w(k1)], keyRotation: forged });
    e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_signature']);
  });

  it('refuses a statement replayed for another origin, or for other keys than those listed', async () => {
    // Signed by the pinned key for a sibling origin that shares it.
    const elsewhere = signKeyRotation({ origin: 'https://other-shop.example', keys: [w(k1)], previous: k0, now: NOW });
    serveVrm({ keys: [w(k1)], keyRotation: elsewhere });
    let e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_signature']);
    // A genuine statement for k1, served with the attacker's key listed instead.
    serveVrm({ keys: [w(stranger)], keyRotation: signKeyRotation({ origin, keys: [w(k1)], previous: k0, now: NOW }) });
    e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_signature']);
    // ... or with the attacker's key added to it.
    serveVrm({ keys: [w(k1), w(stranger)], keyRotation: signKeyRotation({ origin, keys: [w(k1)], previous: k0, now: NOW }) });
    e = await errorOf(discover(origin, { pinned: pinnedK0 }));
    expect([e.code, e.detail]).toEqual(['errBrandKeyChanged', 'rotation_signature']);
  });

  it('refuses an old statement replayed after a later rotation, and one dated in the future', () => {
    const t = Math.floor(NOW / 1000);
    // k0 -> {k0, k1} at t; later {k0, k1} -> {k0} at t + 100 (k1 retired). Replaying the first is refused.
    const first = signKeyRotation({ origin, keys: [w(k0), w(k1)], previous: k0, now: NOW });
    const input = { origin, published: [w(k0), w(k1)], statement: first, now: NOW + 200_000 };
    expect(() => acceptBrandKeys({ ...input, pinned: { keys: [w(k0)], rotatedAt: t + 100 } })).toThrow(
      expect.objectContaining({ code: 'errBrandKeyChanged', detail: 'rotation_stale' }),
    );
    expect(() => acceptBrandKeys({ ...input, pinned: { keys: [w(k0)], rotatedAt: t } })).toThrow(
      expect.objectContaining({ detail: 'rotation_stale' }),
    );
    expect(acceptBrandKeys({ ...input, pinned: { keys: [w(k0)], rotatedAt: t - 1 } }).keys).toEqual([w(k0), w(k1)]);
    // The brand's own history replayed to a client that pinned after it: k0 -> {k0, k1} was made at
    // t, then k1 was dropped again; a client that pinned {k0} an hour later refuses the old statement.
    const pinnedLater = pinnedKeysOf({ brandKeys: [w(k0)], brandKeysPinnedAt: NOW + 3_600_000 })!;
    expect(() => acceptBrandKeys({ ...input, pinned: pinnedLater })).toThrow(expect.objectContaining({ detail: 'rotation_stale' }));
    const future = signKeyRotation({ origin, keys: [w(k1)], previous: k0, now: NOW + 3_600_000 });
    expect(() => acceptBrandKeys({ origin, published: [w(k1)], statement: future, pinned: pinnedK0, now: NOW })).toThrow(
      expect.objectContaining({ detail: 'rotation_future' }),
    );
  });
});

describe('signed exchanges use the pinned keys only', () => {
  const person = generateBrandKeys();
  const status = { request_id: 'req-12345678', status: 'open', received_at: '2026-01-31T12:00:00Z' };
  /** Answers status polls signed by `signer`, or unsigned. */
  const answerSignedBy = (signer: BrandKeys | null) => {
    routes['/dr/status'] = (q, r) => {
      const body = JSON.stringify(status);
      const headers = signer
        ? signResponse({
            status: 200,
            origin,
            method: 'GET',
            target: q.url ?? '',
            requestNonce: String(q.headers['proffer-nonce']),
            body,
            keys: signer,
          })
        : {};
      json(r, 200, body, headers);
    };
  };

  it('refuses an answer signed by a key the current vrm.json lists but that is not pinned', async () => {
    serveVrm({ keys: [w(k1)] }); // the brand "moved" to k1 without a statement
    const target = { origin, endpoint: `${origin}/dr`, brandKeys: [w(k0)] };
    answerSignedBy(k1);
    const e = await errorOf(fetchStatus({ target, keys: person, requestId: 'req-12345678' }));
    expect(e.code).toBe('errBrandSignature');
    answerSignedBy(null);
    expect((await errorOf(fetchStatus({ target, keys: person, requestId: 'req-12345678' }))).code).toBe('errBrandSignature');
    answerSignedBy(k0);
    expect((await fetchStatus({ target, keys: person, requestId: 'req-12345678' })).status).toBe('open');
  });

  it('keeps the stored pins when discovery brings nothing new, and never empties them', () => {
    const found = { origin, name: 'x', acceptedTerms: [], brandKeys: [w(k0)] };
    expect(pinnedKeysOf({ brandKeys: [] })).toBeUndefined();
    expect(pinnedKeysOf(undefined)).toBeUndefined();
    // A record from before pinning (keys, no dates) counts as pinned.
    expect(pinnedKeysOf({ brandKeys: [w(k0)] })).toEqual({ keys: [w(k0)] });
    // A statement must be newer than the last rotation and than the pin (less the clock skew).
    expect(pinnedKeysOf({ brandKeys: [w(k0)], brandKeysPinnedAt: 1_000_000_000 })).toEqual({ keys: [w(k0)], rotatedAt: 1_000_000 - 300 });
    expect(pinnedKeysOf({ brandKeys: [w(k0)], brandKeysPinnedAt: 1_000_000_000, brandKeysRotatedAt: 999_999 })).toEqual({
      keys: [w(k0)],
      rotatedAt: 999_999,
    });
    expect(pinnedKeysRecord({ brandKeys: [w(k0)] }, found, 9)).toEqual({ brandKeys: [w(k0)] });
    expect(pinnedKeysRecord({ brandKeys: [] }, found, 9)).toEqual({ brandKeys: [w(k0)], brandKeysPinnedAt: 9 });
    expect(pinnedKeysRecord(undefined, { ...found, brandKeys: [] }, 9)).toEqual({ brandKeys: [] });
  });
});

describe('the rotation statement', () => {
  it('has one canonical string, and the two implementations agree on it and on the signature', () => {
    const keys = [w(k1), w(k0)];
    const input = { origin: 'https://Shop.Example', timestamp: 1767225600, previous: w(k0), keys };
    expect(canonicalKeyRotation(input)).toBe([KEY_ROTATION_VERSION, 'https://shop.example', '1767225600', w(k0), w(k1), w(k0)].join('\n'));
    expect(nodeCanonical(input)).toBe(canonicalKeyRotation(input));
    // noble signs, node:crypto verifies; and the other way round.
    const byNoble = signKeyRotation({ origin: 'https://shop.example', keys, previous: k0, now: 1767225600_000 });
    expect(nodeVerify({ origin: 'https://shop.example', keys, statement: byNoble })).toBe(true);
    expect(nodeVerify({ origin: 'https://shop.example', keys: [w(k1)], statement: byNoble })).toBe(false);
    const nodeKey = loadBrandKey(); // a fresh node:crypto key, not written anywhere
    const byNode = nodeSign({ previous: nodeKey, origin: 'https://shop.example', keys, timestamp: 1767225600 });
    const check = { origin: 'https://shop.example', keys, pinned: [nodeKey.publicKey], now: 1767225600_000 };
    expect(verifyKeyRotation({ ...check, statement: byNode })).toEqual({ ok: true });
    expect(verifyKeyRotation({ ...check, origin: 'https://other.example', statement: byNode })).toEqual({
      ok: false,
      error: 'rotation_signature',
    });
    expect(verifyKeyRotation({ origin: 'https://shop.example', keys, statement: byNoble, pinned: [w(k0)], now: 1767225600_000 })).toEqual({
      ok: true,
    });
  });

  it('matches the test vector in docs/protocol.md 3.6, in both implementations', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/protocol.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### 3.6'), doc.indexOf('## 4.'));
    const example = VrmDocument.parse(JSON.parse(section.match(/```json\n([\s\S]*?)```/)![1]!));
    const rfc1 = {
      secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    };
    const rfc2 = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
    expect(example.keys).toEqual([wireKey(rfc2)]);
    const statement = signKeyRotation({ origin: 'https://shop.example', keys: example.keys!, previous: rfc1, now: 1769860800_000 });
    expect(example.keyRotation).toEqual(statement);
    const canonical = canonicalKeyRotation({
      origin: 'https://shop.example',
      timestamp: 1769860800,
      previous: wireKey(rfc1.publicKey),
      keys: example.keys!,
    });
    expect(section).toContain(`\`\`\`\n${canonical}\n\`\`\``);
    expect(nodeVerify({ origin: 'https://shop.example', keys: example.keys!, statement: example.keyRotation })).toBe(true);
    const found = acceptBrandKeys({
      origin: 'https://shop.example',
      published: example.keys!,
      statement: example.keyRotation,
      pinned: { keys: [wireKey(rfc1.publicKey)] },
      now: 1769860800_000,
    });
    expect(found).toEqual({ keys: [wireKey(rfc2)], rotation: { previous: wireKey(rfc1.publicKey), timestamp: 1769860800 } });
  });

  it('is part of the vrm.json schema, and a malformed one is dropped rather than fatal', () => {
    const statement = signKeyRotation({ origin, keys: [w(k1)], previous: k0, now: NOW });
    const doc = VrmDocument.parse({ version: 1, name: 'x', keys: [w(k1)], keyRotation: statement });
    expect(doc.keyRotation).toEqual(statement);
    expect(VrmDocument.parse({ version: 1, name: 'x', keyRotation: { previous: 'nope' } }).keyRotation).toBeUndefined();
  });
});
