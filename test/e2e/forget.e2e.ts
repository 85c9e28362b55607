/**
 * Forgetting a brand: after a fill and a data-rights request, "forget" removes every ledger entry,
 * key, request and setting for that site, checked through the vault and on disk (the profile
 * directory holds neither the site nor any value that was shared with it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import { fillFromPopup, fixturePersona, type Launched, launch, openPopupForTab, readyVault, send } from './harness';

let l: Launched | null = null;
let shop: DemoServer | null = null;
const dir = mkdtempSync(join(tmpdir(), 'proffer-forget-'));
afterAll(async () => {
  await l?.dispose();
  await shop?.close();
  rmSync(dir, { recursive: true, force: true });
});

function filesContaining(root: string, needles: Buffer[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const f = join(d, name);
      const st = statSync(f, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(f);
      else if (st?.isFile()) {
        const buf = readFileSync(f);
        for (const n of needles) if (buf.includes(n)) hits.push(`${f}: ${n.toString('utf8').replace(/\0/g, '')}`);
      }
    }
  };
  walk(root);
  return hits;
}

it('forgets a brand: nothing about it remains in the vault or on disk', async () => {
  shop = await createDemoServer({ port: 0, brand: { name: 'Forgetwind', dataDir: join(dir, 'brand') } });
  l = await launch();
  const ext = await readyVault(l, [fixturePersona()]);
  const page = await l.context.newPage();
  await page.goto(`${shop.url}/signup`);
  const popup = await openPopupForTab(l, page);
  expect(await fillFromPopup(popup)).toMatch(/^Filled/);
  await popup.close();
  await page.close();
  const req = await send(ext, { type: 'requests/create', site: shop.url, exercise: 'deletion', law: 'gdpr', identifiers: ['email'] });
  expect(req.ok, req.error?.code).toBe(true);
  expect((await send<{ shares: unknown[] }>(ext, { type: 'ledger/site', site: shop.url })).shares).toHaveLength(1);

  const forgotten = await send<{ removed: Record<string, number> }>(ext, { type: 'brands/forget', site: shop.url, confirm: 'FORGET' });
  expect(forgotten.ok, forgotten.error?.code).toBe(true);
  expect(forgotten.removed.shares).toBe(1);
  expect(forgotten.removed.brands).toBe(1);
  expect(forgotten.removed.requests).toBe(1);
  expect((await send<{ shares: unknown[] }>(ext, { type: 'ledger/site', site: shop.url })).shares).toEqual([]);
  expect((await send<{ requests: unknown[] }>(ext, { type: 'requests/list', site: shop.url })).requests).toEqual([]);
  const all = await send<{ sites: { site: string }[] }>(ext, { type: 'ledger/all' });
  expect(all.sites.map((s) => s.site)).not.toContain(shop.url);

  const profile = l.userDataDir;
  await l.close();
  const host = new URL(shop.url).host;
  const needles = [host, 'Forgetwind', 'orlaith.vantongeren@mailcanary.example', 'Vantongeren', 'Kestrelweg'].flatMap((s) => [
    Buffer.from(s, 'utf8'),
    Buffer.from(s, 'utf16le'),
  ]);
  // The browser's own history and caches name the site it visited; the extension's storage must not.
  const extensionStorage = ['IndexedDB', 'Local Extension Settings', 'Extension State', 'Sync Extension Settings']
    .map((d) => join(profile, 'Default', d))
    .filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory());
  expect(extensionStorage.length).toBeGreaterThan(0);
  for (const d of extensionStorage) expect(filesContaining(d, needles)).toEqual([]);
});
