/**
 * Taking data back, in real Chromium against reference brands on 127.0.0.1: fill a brand's signup,
 * request deletion, the brand receives a request signed by the person's pairwise key for that brand
 * (a different key per brand), the status moves to fulfilled; a brand without an endpoint yields an
 * email draft with the legal deadline; a brand that is down leaves a request that can be retried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import { fillFromPopup, fixturePersona, type Launched, launch, openPopupForTab, readyVault, send } from './harness';

let l: Launched;
let ext: Page;
let dir: string;
const servers: DemoServer[] = [];

async function brandServer(name: string, extra: Record<string, unknown> = {}): Promise<DemoServer> {
  const s = await createDemoServer({
    port: 0,
    host: '127.0.0.1',
    brand: { name, dataDir: join(dir, name), contactEmail: `privacy@${name.toLowerCase()}.example`, ...extra },
  });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proffer-brands-'));
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Fill the site's signup form through the popup, as a person does. */
async function signUp(site: DemoServer): Promise<void> {
  const page = await l.context.newPage();
  await page.goto(`${site.url}/signup`);
  const popup = await openPopupForTab(l, page);
  expect(await fillFromPopup(popup)).toMatch(/^Filled \d+ fields?\./);
  await popup.close();
  await page.close();
}

type Req = { id: string; status: string; channel: string; deadline: number; lastError?: string; remoteId?: string };

describe('data-rights requests', () => {
  it('a deletion request reaches the brand signed with a pairwise key and is tracked to fulfilled', async () => {
    const north = await brandServer('Northwind');
    const south = await brandServer('Southwind');
    await signUp(north);
    await signUp(south);

    const a = await send<{ request: Req }>(ext, {
      type: 'requests/create',
      site: north.url,
      exercise: 'deletion',
      law: 'gdpr',
      identifiers: ['email'],
    });
    expect(a.ok, a.error?.code).toBe(true);
    expect(a.request.channel).toBe('endpoint');
    expect(a.request.status).toBe('open');
    const b = await send<{ request: Req }>(ext, {
      type: 'requests/create',
      site: south.url,
      exercise: 'deletion',
      law: 'ccpa',
      identifiers: ['email'],
    });
    expect(b.ok, b.error?.code).toBe(true);

    // The brand holds a verified request with exactly the identifier the person chose.
    const held = north.brand!.requests();
    expect(held).toHaveLength(1);
    expect(held[0]!.exercise).toBe('deletion');
    expect(held[0]!.identity).toEqual({ email: 'orlaith.vantongeren@mailcanary.example' });
    const northKey = held[0]!.key;
    const southKey = south.brand!.requests()[0]!.key;
    expect(northKey).not.toBe(southKey); // pairwise: one key per brand, nothing to link them

    // Status polls (signed with the same key) move it along until the brand fulfils it.
    let status = a.request.status;
    for (let i = 0; i < 5 && status !== 'fulfilled'; i++) {
      const r = await send<{ request: Req }>(ext, { type: 'requests/refresh', id: a.request.id });
      expect(r.ok, r.error?.code).toBe(true);
      status = r.request.status;
    }
    expect(status).toBe('fulfilled');
    expect(north.brand!.get(held[0]!.request_id)!.status).toBe('fulfilled');
    expect(north.brand!.requests().every((r) => r.key === northKey)).toBe(true);

    // The popup, on that site, shows it fulfilled.
    const page = await l.context.newPage();
    await page.goto(`${north.url}/signup`);
    const popup = await openPopupForTab(l, page);
    await expect.poll(async () => (await popup.locator('body').innerText()).toLowerCase(), { timeout: 15_000 }).toContain('fulfilled');
    await popup.close();
    await page.close();

    // Revoking the open one at the other brand is signed too and ends revoked.
    const revoked = await send<{ request: Req }>(ext, { type: 'requests/revoke', id: b.request.id });
    expect(revoked.ok, revoked.error?.code).toBe(true);
    expect(revoked.request.status).toBe('revoked');
    expect(south.brand!.requests()[0]!.status).toBe('revoked');
  });

  it('a brand without an endpoint gets an email draft with the legal deadline, tracked until answered', async () => {
    const quiet = await brandServer('Quietwind', { dataRights: false });
    await signUp(quiet);
    const before = Date.now();
    const r = await send<{ request: Req; email: { to: string; subject: string; body: string; mailto: string; deadline: number } }>(ext, {
      type: 'requests/create',
      site: quiet.url,
      exercise: 'deletion',
      law: 'ccpa',
      identifiers: ['email', 'given-name'],
    });
    expect(r.ok, r.error?.code).toBe(true);
    expect(r.request.channel).toBe('email');
    expect(r.email.to).toBe('privacy@quietwind.example');
    expect(r.email.mailto.startsWith('mailto:privacy@quietwind.example?')).toBe(true);
    expect(r.email.body).toContain('orlaith.vantongeren@mailcanary.example');
    expect(r.email.body).toMatch(/CCPA|California/);
    // 45 days under the CCPA, to the end of that day.
    const days = (r.email.deadline - before) / 86_400_000;
    expect(days).toBeGreaterThan(44);
    expect(days).toBeLessThan(46.1);
    const marked = await send<{ request: Req }>(ext, { type: 'requests/mark', id: r.request.id, status: 'fulfilled' });
    expect(marked.request.status).toBe('fulfilled');
  });

  it('a brand that goes down keeps the request, with a clear status, and a retry delivers it', async () => {
    const flaky = await brandServer('Flakywind');
    await signUp(flaky);
    // Discovery works, then the brand's endpoint breaks: the request is kept with the error.
    const routes = flaky.routes;
    const exercise = [...routes.keys()].find((k) => k.startsWith('POST ') && k.endsWith('/exercise'))!;
    const real = routes.get(exercise)!;
    routes.set(exercise, (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":"unavailable"}');
    });
    const r = await send<{ request: Req }>(ext, {
      type: 'requests/create',
      site: flaky.url,
      exercise: 'deletion',
      law: 'gdpr',
      identifiers: ['email'],
    });
    expect(r.ok, r.error?.code).toBe(true);
    expect(r.request.lastError).toBe('errBrandFailed');
    expect(r.request.remoteId).toBeUndefined();
    expect(flaky.brand!.requests()).toHaveLength(0);
    routes.set(exercise, real);
    const retried = await send<{ request: Req }>(ext, { type: 'requests/refresh', id: r.request.id });
    expect(retried.ok, retried.error?.code).toBe(true);
    expect(retried.request.remoteId).toBeTruthy();
    expect(retried.request.lastError).toBeUndefined();
    expect(flaky.brand!.requests()).toHaveLength(1);
  });
});
