/**
 * Sync across browsers: a persona made in a Chromium profile reaches Firefox through the same
 * WebDAV server (Apache httpd with mod_dav, test/e2e/apache-dav.ts), Firefox joining with the passphrase; an edit made in Firefox
 * comes back to Chromium. Needs dist/chrome beside dist/firefox (npm test builds both; this file
 * builds the Chromium target when it is missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApacheDav, startApacheDav } from '../e2e/apache-dav';
import { DIST as CHROME_DIST, type Launched, launch, PASSPHRASE, readyVault as readyChromium, send as sendChromium } from '../e2e/harness';
import { type FirefoxLaunched, launchFirefox, openExtensionPage, ROOT, send } from './harness';

const PASSWORD = 'firefox-sync-app-pass';
let dav: ApacheDav;
let chromium: Launched | null = null;
let firefox: FirefoxLaunched | null = null;

beforeAll(async () => {
  if (!existsSync(join(CHROME_DIST, 'manifest.json'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', 'chrome', '--no-zip'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building dist/chrome failed');
  }
  dav = await startApacheDav({ password: PASSWORD });
});
afterAll(async () => {
  await firefox?.dispose();
  await chromium?.dispose();
  await dav?.dispose();
});

type PersonaList = { personas: { id: string; label: string; email?: string }[] };
type SyncStatus = { pending: number; lastError?: { code: string } };

describe('sync from Chromium to Firefox', () => {
  it('a persona made in Chromium is in Firefox after joining, and an edit in Firefox comes back', async () => {
    const server = { url: dav.url, user: 'proffer', password: PASSWORD };
    chromium = await launch();
    const now = Date.now();
    const persona = {
      id: 'persona-cross',
      label: 'Across browsers',
      email: 'across@mailcanary.example',
      addresses: [],
      createdAt: now,
      updatedAt: now,
    };
    const cPage = await readyChromium(chromium, [persona]);
    expect((await sendChromium(cPage, { type: 'sync/configure', server })).ok).toBe(true);
    const first = await sendChromium<SyncStatus>(cPage, { type: 'sync/now' });
    expect(first.lastError).toBeUndefined();
    expect(first.pending).toBe(0);

    firefox = await launchFirefox();
    const fPage = await openExtensionPage(firefox, 'options');
    const joined = await send(fPage, { type: 'sync/join', server, passphrase: PASSPHRASE });
    expect(joined.ok, JSON.stringify(joined.error)).toBe(true);
    await expect
      .poll(async () => (await send<PersonaList>(fPage, { type: 'personas/list' })).personas.map((p) => p.email), {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual(['across@mailcanary.example']);

    const edited = { ...persona, label: 'Edited in Firefox', updatedAt: Date.now() + 1 };
    expect((await send(fPage, { type: 'personas/save', persona: edited })).ok).toBe(true);
    const fStatus = await send<SyncStatus>(fPage, { type: 'sync/now' });
    expect(fStatus.lastError).toBeUndefined();
    await sendChromium(cPage, { type: 'sync/now' });
    const back = await sendChromium<PersonaList>(cPage, { type: 'personas/list' });
    expect(back.personas.map((p) => p.label)).toEqual(['Edited in Firefox']);
  });
});
