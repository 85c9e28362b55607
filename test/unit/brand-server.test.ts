// The reference brand end to end, over real HTTP on 127.0.0.1 with the extension's own client:
// discovery, a request's whole life, ownership by key, refusals, and durability across restarts.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandRoutes } from '../../demo/brand/brand.mjs';
import { createBrand, type RunningBrand } from '../../demo/brand/server.mjs';
import { createDemoServer } from '../../demo/server.mjs';
import { discover, fetchGpc } from '../../src/protocol/client';
import {
  type DataRightsTarget,
  dataRightsTarget,
  fetchStatus,
  newAgentRequestId,
  revokeRequest,
  sendDataRightsRequest,
} from '../../src/protocol/data-rights';
import { buildRequestEmail } from '../../src/protocol/email';
import { type BrandKeys, generateBrandKeys, signRequest, wireKey } from '../../src/protocol/sign';
import { brandFixture } from './brand-fixture';
import { errorOf } from './protocol-error';

const { freshDir, start, stopAll } = brandFixture('proffer-brand-');

async function targetOf(b: RunningBrand): Promise<DataRightsTarget> {
  return dataRightsTarget(await discover(b.url), 'deletion', 'gdpr');
}

const deletion = (target: DataRightsTarget, keys: BrandKeys, extra: { agentRequestId?: string; email?: string } = {}) =>
  sendDataRightsRequest({
    target,
    keys,
    request: {
      exercise: 'deletion',
      regime: 'gdpr',
      identity: { email: extra.email ?? 'ada@example.org' },
      ...(extra.agentRequestId ? { agentRequestId: extra.agentRequestId } : {}),
    },
  });

describe('discovery', () => {
  it('serves vrm.json with a same-origin endpoint and its response key, and gpc.json', async () => {
    const b = await start({ contactEmail: 'privacy@acme.example' });
    const brand = await discover(b.url);
    expect(brand).toMatchObject({
      origin: b.url,
      name: 'Acme Supplies',
      dataRights: { endpoint: `${b.url}/vrm/data-rights`, exercises: ['deletion', 'access', 'sale:opt-out'], regimes: ['gdpr', 'ccpa'] },
      brandKeys: [b.brand.publicKey],
      contact: { email: 'privacy@acme.example' },
    });
    expect(await fetchGpc(b.url)).toEqual({ gpc: true, lastUpdate: '2026-01-01' });
    const res = await fetch(`${b.url}/.well-known/gpc.json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('can be a brand without an endpoint, which leads to the email fallback', async () => {
    const b = await start({ name: 'Mail Only Ltd', dataRights: false, contactEmail: 'privacy@mailonly.example' });
    const brand = await discover(b.url);
    expect(brand.dataRights).toBeUndefined();
    const e = await errorOf(Promise.resolve().then(() => dataRightsTarget(brand, 'deletion')));
    expect(e.code).toBe('errBrandNoEndpoint');
    const mail = buildRequestEmail({
      exercise: 'deletion',
      regime: 'ccpa',
      brandName: brand.name,
      site: new URL(brand.origin).host,
      to: brand.contact?.email ?? '',
      identifiers: [{ token: 'email', value: 'ada@example.org' }],
      sentOn: '2026-01-31',
    });
    expect(mail.to).toBe('privacy@mailonly.example');
    expect(mail.deadline).toBe('2026-03-17');
    expect((await fetch(`${b.url}/vrm/data-rights/exercise`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps its response key across restarts', async () => {
    const dataDir = freshDir();
    const first = await start({ dataDir });
    const key = first.brand.publicKey;
    await stopAll();
    const second = await start({ dataDir });
    expect(second.brand.publicKey).toBe(key);
  });
});

describe('a data-rights request, end to end', () => {
  it('opens, progresses on each status poll, and is fulfilled, signed by the pairwise key', async () => {
    const received: { key: string; path: string }[] = [];
    const b = await start({ onRequest: (r) => received.push(r) });
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const opened = await deletion(target, keys, { agentRequestId: 'local-req-0001' });
    expect(opened).toMatchObject({ status: 'open', exercise: 'deletion', regime: 'gdpr', agent_request_id: 'local-req-0001' });
    expect(Date.parse(opened.expected_by!)).toBeGreaterThan(Date.parse(opened.received_at));
    const stored = b.brand.get(opened.request_id)!;
    expect(stored.key).toBe(wireKey(keys.publicKey));
    expect(stored.identity).toEqual({ email: 'ada@example.org' });
    expect(received.every((r) => r.key === wireKey(keys.publicKey))).toBe(true);

    const first = await fetchStatus({ target, keys, requestId: opened.request_id });
    expect(first.status).toBe('in_progress');
    const second = await fetchStatus({ target, keys, requestId: opened.request_id });
    expect(second.status).toBe('fulfilled');
    expect(second.processing_details).toContain('deleted');
    const third = await fetchStatus({ target, keys, requestId: opened.request_id });
    expect(third.status).toBe('fulfilled'); // final states stay
  });

  it('answers a retry with the same agent_request_id with the same request', async () => {
    const b = await start();
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const id = newAgentRequestId();
    const a = await deletion(target, keys, { agentRequestId: id });
    const again = await deletion(target, keys, { agentRequestId: id });
    expect(again.request_id).toBe(a.request_id);
    expect(b.brand.requests()).toHaveLength(1);
    // The same local id from another key is another person's request.
    const other = await deletion(target, generateBrandKeys(), { agentRequestId: id });
    expect(other.request_id).not.toBe(a.request_id);
  });

  it('revokes an open request, and refuses to revoke a final one', async () => {
    const b = await start();
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const opened = await deletion(target, keys);
    const revoked = await revokeRequest({ target, keys, requestId: opened.request_id, reason: 'Changed my mind' });
    expect(revoked.status).toBe('revoked');
    expect(revoked.processing_details).toContain('Changed my mind');
    expect((await fetchStatus({ target, keys, requestId: opened.request_id })).status).toBe('revoked');
    const e = await errorOf(revokeRequest({ target, keys, requestId: opened.request_id }));
    expect(e.code).toBe('errBrandRefused');
    expect(e.detail).toBe('not_revocable');
    expect(e.httpStatus).toBe(409);
  });

  it('lets no other key see or revoke a request (it looks exactly like a missing one)', async () => {
    const b = await start();
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const thief = generateBrandKeys();
    const opened = await deletion(target, keys);
    const read = await errorOf(fetchStatus({ target, keys: thief, requestId: opened.request_id }));
    expect(read.code).toBe('errBrandNotFound');
    const missing = await errorOf(fetchStatus({ target, keys: thief, requestId: '00000000-0000-4000-8000-000000000000' }));
    expect({ code: missing.code, detail: missing.detail }).toEqual({ code: read.code, detail: read.detail });
    expect((await errorOf(revokeRequest({ target, keys: thief, requestId: opened.request_id }))).code).toBe('errBrandNotFound');
    // The thief's polls did not move it either.
    expect(b.brand.get(opened.request_id)!.status).toBe('open');
    expect((await fetchStatus({ target, keys, requestId: opened.request_id })).status).toBe('in_progress');
  });

  it('denies, with reason no_match, identities it does not know', async () => {
    const b = await start({ knownIdentity: (id) => id.email === 'ada@example.org' });
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const opened = await deletion(target, keys, { email: 'nobody@example.org' });
    await fetchStatus({ target, keys, requestId: opened.request_id });
    const done = await fetchStatus({ target, keys, requestId: opened.request_id });
    expect(done).toMatchObject({ status: 'denied', reason: 'no_match' });
  });

  it('moves only by hand when autoAdvance is off', async () => {
    const b = await start({ autoAdvance: false });
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const opened = await deletion(target, keys);
    expect((await fetchStatus({ target, keys, requestId: opened.request_id })).status).toBe('open');
    b.brand.advance(opened.request_id, 'expired');
    expect((await fetchStatus({ target, keys, requestId: opened.request_id })).status).toBe('expired');
    expect(() => b.brand.advance(opened.request_id, 'denied')).toThrow(TypeError);
  });
});

describe('durability', () => {
  it('keeps requests and their progress across a restart on the same data directory', async () => {
    const dataDir = freshDir();
    let b = await start({ dataDir });
    let target = await targetOf(b);
    const keys = generateBrandKeys();
    const opened = await deletion(target, keys, { agentRequestId: 'durable-0001' });
    expect((await fetchStatus({ target, keys, requestId: opened.request_id })).status).toBe('in_progress');
    await stopAll();

    b = await start({ dataDir });
    target = await targetOf(b);
    expect(b.brand.get(opened.request_id)).toMatchObject({
      status: 'in_progress',
      key: wireKey(keys.publicKey),
      identity: { email: 'ada@example.org' },
    });
    expect((await fetchStatus({ target, keys, requestId: opened.request_id })).status).toBe('fulfilled');
    expect((await deletion(target, keys, { agentRequestId: 'durable-0001' })).request_id).toBe(opened.request_id);
    const log = readFileSync(join(dataDir, 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(log.map((e) => e.type)).toEqual(['created', 'polled', 'status', 'polled', 'status']);
  });

  it('refuses, after a restart, a request replayed from before it', async () => {
    const dataDir = freshDir();
    let b = await start({ dataDir });
    const keys = generateBrandKeys();
    const body = JSON.stringify({ exercise: 'deletion', regime: 'gdpr', identity: {} });
    const url = `${b.url}/vrm/data-rights/exercise`;
    const headers = { ...signRequest({ method: 'POST', url, body, keys }), 'Content-Type': 'application/json' };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
    const port = Number(new URL(b.url).port);
    await stopAll();
    b = await start({ dataDir, port }); // same origin, so the captured signature would still match
    const replay = await fetch(url, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: '401', error: 'nonce_replayed' });
    expect(b.brand.requests()).toHaveLength(1);
  });

  it('cuts off a torn last line, and refuses to start on a damaged middle line', async () => {
    const dataDir = freshDir();
    const b = await start({ dataDir });
    const target = await targetOf(b);
    const keys = generateBrandKeys();
    const opened = await deletion(target, keys);
    await stopAll();
    const file = join(dataDir, 'requests.jsonl');
    appendFileSync(file, '{"v":1,"type":"status","request_id":"');
    const again = await start({ dataDir });
    expect(again.brand.get(opened.request_id)!.status).toBe('open');
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    await stopAll();
    writeFileSync(file, `garbage\n${readFileSync(file, 'utf8')}`);
    await expect(start({ dataDir })).rejects.toThrow(/damaged log/);
  });
});

describe('refusals, as JSON', () => {
  let b: RunningBrand;
  let url: string;
  const keys = generateBrandKeys();
  const body = JSON.stringify({ exercise: 'deletion', regime: 'gdpr', identity: { email: 'ada@example.org' } });
  beforeAll(async () => {
    b = await createBrand({ name: 'Strict Ltd', dataDir: freshDir(), port: 0 });
    url = `${b.url}/vrm/data-rights/exercise`;
  });
  afterAll(async () => {
    await b.close();
  });
  const post = (headers: Record<string, string>, payload = body) =>
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: payload });
  const errorBody = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (await res.json()) as { code: string; error: string; message: string };
  };

  it('refuses unsigned requests with 401', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(await errorBody(res)).toMatchObject({ code: '401', error: 'signature_missing' });
  });

  it('refuses a signature over another body, path or origin with 401', async () => {
    const signed = signRequest({ method: 'POST', url, body, keys });
    let res = await post(signed, body.replace('ada', 'eve'));
    expect([res.status, (await errorBody(res)).error]).toEqual([401, 'signature_invalid']);
    res = await post(signRequest({ method: 'POST', url: `${b.url}/vrm/data-rights/revoke`, body, keys }));
    expect([res.status, (await errorBody(res)).error]).toEqual([401, 'signature_invalid']);
    res = await post(signRequest({ method: 'POST', url: url.replace('127.0.0.1', 'localhost'), body, keys }));
    expect([res.status, (await errorBody(res)).error]).toEqual([401, 'signature_invalid']);
  });

  it('refuses stale requests with 401 timestamp_stale (errBrandClock in the client)', async () => {
    const res = await post(signRequest({ method: 'POST', url, body, keys, now: Date.now() - 10 * 60_000 }));
    expect([res.status, (await errorBody(res)).error]).toEqual([401, 'timestamp_stale']);
    const target = await targetOf(b);
    const e = await errorOf(
      sendDataRightsRequest({
        target,
        keys,
        now: () => Date.now() + 10 * 60_000,
        request: { exercise: 'deletion', regime: 'gdpr', identity: {} },
      }),
    );
    expect(e.code).toBe('errBrandClock');
  });

  it('refuses a replayed request with 401 and files it only once', async () => {
    const before = b.brand.requests().length;
    const signed = signRequest({ method: 'POST', url, body, keys });
    expect((await post(signed)).status).toBe(200);
    const res = await post(signed);
    expect([res.status, (await errorBody(res)).error]).toEqual([401, 'nonce_replayed']);
    expect(b.brand.requests().length).toBe(before + 1);
  });

  it('refuses other content types, oversized bodies, bad documents and unknown exercises', async () => {
    let res = await fetch(url, {
      method: 'POST',
      headers: { ...signRequest({ method: 'POST', url, body, keys }), 'Content-Type': 'text/plain' },
      body,
    });
    expect([res.status, (await errorBody(res)).error]).toEqual([415, 'unsupported_media_type']);
    const big = JSON.stringify({ pad: 'x'.repeat(20_000) });
    res = await post(signRequest({ method: 'POST', url, body: big, keys }), big);
    expect([res.status, (await errorBody(res)).error]).toEqual([413, 'payload_too_large']);
    const bad = JSON.stringify({ exercise: 'deletion', regime: 'gdpr', identity: { email: 'not an email' } });
    res = await post(signRequest({ method: 'POST', url, body: bad, keys }), bad);
    expect([res.status, (await errorBody(res)).error]).toEqual([400, 'bad_request']);
    const odd = JSON.stringify({ exercise: 'rectification', regime: 'gdpr', identity: {} });
    res = await post(signRequest({ method: 'POST', url, body: odd, keys }), odd);
    expect([res.status, (await errorBody(res)).error]).toEqual([400, 'unsupported_exercise']);
    const lgpd = JSON.stringify({ exercise: 'deletion', regime: 'lgpd', identity: {} });
    res = await post(signRequest({ method: 'POST', url, body: lgpd, keys }), lgpd);
    expect([res.status, (await errorBody(res)).error]).toEqual([400, 'unsupported_regime']);
    const notJson = '{"exercise":';
    res = await post(signRequest({ method: 'POST', url, body: notJson, keys }), notJson);
    expect([res.status, (await errorBody(res)).error]).toEqual([400, 'bad_request']);
  });

  it("accepts DRP 0.9.4's spelling sale:opt_out", async () => {
    const drp = JSON.stringify({ exercise: 'sale:opt_out', regime: 'ccpa', identity: {} });
    const res = await post(signRequest({ method: 'POST', url, body: drp, keys }), drp);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ exercise: 'sale:opt-out', status: 'open' });
  });

  it('answers CORS preflights for the Proffer headers', async () => {
    const res = await fetch(url, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('Proffer-Signature');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('wired into the demo shop', () => {
  it("adds the brand endpoints to demo/server.mjs's route table without touching its pages", async () => {
    const { routes, brand } = createBrandRoutes({ name: 'Northwind Outfitters', dataDir: freshDir() });
    const demo = await createDemoServer({ port: 0, log: false });
    try {
      for (const [k, v] of routes) demo.routes.set(k, v);
      expect((await fetch(`${demo.url}/signup`)).status).toBe(200);
      const found = await discover(demo.url);
      expect(found.name).toBe('Northwind Outfitters');
      const target = dataRightsTarget(found, 'deletion');
      const keys = generateBrandKeys();
      const opened = await deletion(target, keys);
      expect(brand.get(opened.request_id)?.key).toBe(wireKey(keys.publicKey));
    } finally {
      await demo.close();
      brand.close();
    }
  });
});
