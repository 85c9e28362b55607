/**
 * Sync between two Chromium profiles with the built extension, through a real WebDAV server
 * (Apache httpd with mod_dav, started and stopped by the test: apache-dav.ts), driven as a person
 * does: set up sync in Settings (a wrong app password and a server that is not there say so), join
 * from the second browser with the passphrase, edit on both and converge, delete on one, the server
 * stopped in the middle of a big sync and started again, a canary scan of the server's files on
 * disk, and a server copy put back to an older state reported, not applied.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApacheDav, startApacheDav } from './apache-dav';
import { fixturePersona, type Launched, launch, openExtensionPage, PASSPHRASE, ROOT, send } from './harness';

const DAV_PASSWORD = 'e2e-app-pass-Zq4';
let dav: ApacheDav;
let root: string;
const launched: Launched[] = [];

beforeAll(async () => {
  dav = await startApacheDav({ password: DAV_PASSWORD });
  root = dav.root;
  const res = await fetch(`${dav.url}me/`, { method: 'MKCOL', headers: { Authorization: `Basic ${btoa(`proffer:${DAV_PASSWORD}`)}` } });
  if (res.status !== 201) throw new Error(`MKCOL ${res.status}`);
});
afterAll(async () => {
  for (const l of launched) await l.dispose();
  await dav?.dispose();
});

const folder = () => `${dav.url}me/`;
const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function audit(p: Page): Promise<string[]> {
  await p.evaluate(axe);
  return p.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe.run();
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

/** The record objects on the server (`proffer/o/<32 hex>`). */
function objectsOnServer(): number {
  const dir = join(root, 'me/proffer/o');
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^[0-9a-f]{32}$/.test(n)).length : 0;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

type SyncStatus = { configured: boolean; pending: number; lastSync?: number; lastError?: { code: string } };
type PersonaList = { personas: { id: string; label: string }[] };

async function labels(page: Page): Promise<string[]> {
  return (await send<PersonaList>(page, { type: 'personas/list' })).personas.map((p) => p.label).sort();
}

/** Sync now, from the page (the same message the Settings button sends); returns the status after. */
async function syncNow(page: Page): Promise<SyncStatus> {
  const r = await send<SyncStatus>(page, { type: 'sync/now' });
  expect(r.ok).toBe(true);
  return r;
}

async function fillSyncForm(page: Page, password: string, url = folder()) {
  await page.getByLabel('WebDAV folder address').fill(url);
  await page.getByLabel('User name').fill('proffer');
  await page.getByLabel('App password').fill(password);
}

describe('sync between two browsers through WebDAV', () => {
  let a: Launched;
  let b: Launched;
  let pageA: Page;
  let pageB: Page;
  let recoveryCode = '';

  it('Settings: test connection names a wrong app password and an unreachable server, then sync is set up', async () => {
    a = await launch();
    launched.push(a);
    pageA = await openExtensionPage(a, 'options');
    const created = await send<{ recoveryCode: string }>(pageA, { type: 'vault/create', passphrase: PASSPHRASE });
    expect(created.ok).toBe(true);
    recoveryCode = created.recoveryCode;
    expect((await send(pageA, { type: 'personas/save', persona: fixturePersona('persona-everyday') })).ok).toBe(true);
    await pageA.goto(`chrome-extension://${a.extensionId}/src/options/index.html#settings`);
    await pageA.reload();
    await pageA.getByRole('heading', { name: 'Sync between your devices' }).waitFor();
    await expect.poll(() => pageA.locator('#sync-status').textContent()).toContain('Sync is off');

    await fillSyncForm(pageA, 'not-the-password');
    await pageA.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => pageA.locator('#sync-error').textContent()).toContain('refused the user name or app password (401)');

    await fillSyncForm(pageA, DAV_PASSWORD, 'http://127.0.0.1:9/nothing/');
    await pageA.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => pageA.locator('#sync-error').textContent(), { timeout: 30_000 }).toContain('does not answer');

    await fillSyncForm(pageA, DAV_PASSWORD);
    await pageA.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => pageA.locator('#sync-message').textContent()).toContain('Connection works');
    await pageA.getByRole('button', { name: 'Save and sync' }).click();
    await expect.poll(() => pageA.locator('#sync-status').textContent(), { timeout: 30_000 }).toContain('Last synced');
    expect(await audit(pageA)).toEqual([]);
    // the page never gets the password back
    const status = await send<Record<string, unknown>>(pageA, { type: 'sync/status' });
    expect(JSON.stringify(status)).not.toContain(DAV_PASSWORD);
    expect(status.hasPassword).toBe(true);
  });

  it('a second browser joins with the passphrase and gets the same personas', async () => {
    b = await launch();
    launched.push(b);
    pageB = await openExtensionPage(b, 'options');
    await pageB.getByRole('heading', { name: 'Already use Proffer on another device?' }).waitFor();
    expect(await audit(pageB)).toEqual([]);
    const join = pageB.locator('form', { has: pageB.locator('#join-url') });
    await join.getByLabel('WebDAV folder address').fill(folder());
    await join.getByLabel('User name').fill('proffer');
    await join.getByLabel('App password').fill(DAV_PASSWORD);
    await join.getByLabel('Your vault’s passphrase').fill(PASSPHRASE);
    await join.getByRole('button', { name: 'Join and sync' }).click();
    await pageB.getByText('Joined. Your vault is open here').waitFor({ timeout: 60_000 });
    await expect.poll(() => labels(pageB), { timeout: 30_000 }).toEqual(['Everyday']);
  });

  it('edits on both browsers converge, and a delete on one is gone on both', async () => {
    const now = Date.now();
    const persona = (id: string, label: string) => ({ id, label, addresses: [], createdAt: now, updatedAt: now });
    expect((await send(pageA, { type: 'personas/save', persona: persona('persona-from-a', 'Made in A') })).ok).toBe(true);
    expect((await send(pageB, { type: 'personas/save', persona: persona('persona-from-b', 'Made in B') })).ok).toBe(true);
    await syncNow(pageA);
    await syncNow(pageB);
    await syncNow(pageA);
    expect(await labels(pageA)).toEqual(['Everyday', 'Made in A', 'Made in B']);
    expect(await labels(pageB)).toEqual(['Everyday', 'Made in A', 'Made in B']);

    expect((await send(pageB, { type: 'personas/delete', id: 'persona-from-a' })).ok).toBe(true);
    const afterB = await syncNow(pageB);
    expect(afterB.pending).toBe(0);
    await syncNow(pageA);
    expect(await labels(pageA)).toEqual(['Everyday', 'Made in B']);
    expect(await labels(pageB)).toEqual(['Everyday', 'Made in B']);
  });

  it('a change goes up by itself a few seconds later, and the other browser takes it at unlock', async () => {
    const before = (await send<SyncStatus>(pageA, { type: 'sync/status' })).lastSync ?? 0;
    const now = Date.now();
    const persona = { id: 'persona-auto', label: 'Saved, not synced by hand', addresses: [], createdAt: now, updatedAt: now };
    expect((await send(pageA, { type: 'personas/save', persona })).ok).toBe(true);
    // no "Sync now": the background's debounced round sends it
    await expect
      .poll(
        async () => {
          const s = await send<SyncStatus>(pageA, { type: 'sync/status' });
          return s.pending === 0 && (s.lastSync ?? 0) > before;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    expect((await send(pageB, { type: 'vault/lock' })).ok).toBe(true);
    expect((await send(pageB, { type: 'vault/unlock', passphrase: PASSPHRASE })).ok).toBe(true);
    await expect.poll(() => labels(pageB), { timeout: 30_000, interval: 500 }).toContain('Saved, not synced by hand');
    // the popup's status line says when the last sync was
    const popup = await openExtensionPage(a, 'popup');
    await expect.poll(() => popup.locator('#popup-sync-status').textContent(), { timeout: 30_000 }).toContain('Last synced');
    await popup.close();
  });

  it('a field changed on both browsers is listed on both; resolved on B, it is gone on A, which takes B’s choice', async () => {
    const now = Date.now();
    const base = { id: 'persona-both', label: 'Changed on both', addresses: [], createdAt: now, updatedAt: now };
    expect((await send(pageA, { type: 'personas/save', persona: { ...base, email: 'old@example.org' } })).ok).toBe(true);
    await syncNow(pageA);
    await syncNow(pageB);
    expect((await send(pageA, { type: 'personas/save', persona: { ...base, email: 'from-a@example.org', updatedAt: now + 1 } })).ok).toBe(
      true,
    );
    expect((await send(pageB, { type: 'personas/save', persona: { ...base, email: 'from-b@example.org', updatedAt: now + 2 } })).ok).toBe(
      true,
    );
    await syncNow(pageA);
    await syncNow(pageB);
    await syncNow(pageA);
    const conflictOn = async (page: Page) => {
      await page.goto(`chrome-extension://${page.url().split('/')[2]}/src/options/index.html#settings`);
      await page.reload();
      return page.locator('.sync-conflict', { hasText: 'Changed on both' });
    };
    // shown in Settings on both browsers, with both values
    for (const page of [pageA, pageB]) {
      const item = await conflictOn(page);
      await item.waitFor({ timeout: 30_000 });
      expect(await item.textContent()).toContain('from-a@example.org');
      expect(await item.textContent()).toContain('from-b@example.org');
    }
    // B (whose later edit is in use) takes the other one: A's address
    const onB = await conflictOn(pageB);
    await onB.getByRole('button', { name: 'Use the earlier change' }).click();
    await expect.poll(() => pageB.locator('.sync-conflict', { hasText: 'Changed on both' }).count()).toBe(0);
    expect(await audit(pageB)).toEqual([]);
    await syncNow(pageB);
    await syncNow(pageA);
    const onA = await conflictOn(pageA);
    await pageA.getByRole('heading', { name: 'Sync between your devices' }).waitFor();
    expect(await onA.count()).toBe(0);
    expect((await send<{ conflicts: unknown[] }>(pageA, { type: 'sync/status' })).conflicts).toEqual([]);
    const personaA = (await send<{ personas: { id: string; email?: string }[] }>(pageA, { type: 'personas/list' })).personas.find(
      (p) => p.id === 'persona-both',
    );
    expect(personaA?.email).toBe('from-a@example.org');
    // and B, synced again, raises nothing new
    expect((await syncNow(pageB)).lastError).toBeUndefined();
    expect((await send<{ conflicts: unknown[] }>(pageB, { type: 'sync/status' })).conflicts).toEqual([]);
  });

  it('the server stopped in the middle of a sync of 300 new personas: nothing lost, and after it is back, nothing twice', async () => {
    await syncNow(pageA);
    await syncNow(pageB);
    await syncNow(pageA);
    const before = await labels(pageA);
    expect(await labels(pageB)).toEqual(before);
    const objectsBefore = objectsOnServer();
    // Made while the server is down, so that the rounds their changes start cannot send any of
    // them: all 300 wait for the round below.
    await dav.stop();
    try {
      const now = Date.now();
      const bulk = Array.from({ length: 300 }, (_, i) => `Bulk ${String(i).padStart(3, '0')}`);
      for (let i = 0; i < bulk.length; i += 25)
        await Promise.all(
          bulk.slice(i, i + 25).map(async (label, j) => {
            const persona = {
              id: `persona-bulk-${i + j}`,
              label,
              email: `bulk${i + j}@mailcanary.example`,
              addresses: [],
              createdAt: now,
              updatedAt: now,
            };
            expect((await send(pageA, { type: 'personas/save', persona })).ok).toBe(true);
          }),
        );
      const waiting = await syncNow(pageA);
      expect(waiting.lastError?.code).toBe('errSyncUnreachable');
      expect(waiting.pending).toBeGreaterThanOrEqual(300);

      // The server back, a sync, and the server stopped once the first objects of that round are on its disk.
      await dav.start();
      const round = send<SyncStatus>(pageA, { type: 'sync/now' });
      await expect.poll(objectsOnServer, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(objectsBefore + 10);
      await dav.stop();
      const cut = await round;
      expect(objectsOnServer(), 'the server was stopped before the round ended').toBeLessThan(objectsBefore + 300);
      expect(cut.lastError?.code).toBe('errSyncUnreachable');
      expect(cut.pending).toBeGreaterThanOrEqual(300);
      // nothing lost here
      expect(await labels(pageA)).toEqual([...before, ...bulk].sort());
      // the status line says it in plain words
      await pageA.goto(`chrome-extension://${a.extensionId}/src/options/index.html#settings`);
      await pageA.reload();
      await expect
        .poll(() => pageA.locator('#sync-status').textContent(), { timeout: 30_000 })
        .toContain('The sync server does not answer');

      await dav.start();
      const up = await syncNow(pageA);
      expect(up.lastError).toBeUndefined();
      expect(up.pending).toBe(0);
      const down = await syncNow(pageB);
      expect(down.lastError).toBeUndefined();
      const onA = await labels(pageA);
      expect(onA).toEqual([...before, ...bulk].sort());
      expect(await labels(pageB)).toEqual(onA);
      // one object per new persona on the server: the objects the cut round left were written
      // again under the same names, not doubled
      expect(objectsOnServer()).toBe(objectsBefore + 300);
    } finally {
      await dav.start(); // for the tests after this one, whatever happened
    }
  });

  it("the server's files hold no persona value, label, field name or site", async () => {
    const persona = fixturePersona();
    const canaries = [
      'Orlaith',
      'Vantongeren',
      'mailcanary',
      '4930901820417',
      'Kestrelweg',
      'Lanternworks',
      'Everyday',
      'Made in B',
      'given-name',
      'email',
      'Bulk 0',
    ];
    expect(String(persona['given-name'])).toBe('Orlaith');
    const files = filesUnder(root);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const rel = f.slice(root.length);
      // Besides the vault's files: mod_dav_fs's own (.DAV/ for the write lock), and any temporary
      // file a PUT cut off by the stop above left behind (ciphertext too).
      expect(rel).toMatch(/^\/me\/proffer\/(header\.json|manifest|[om]\/[0-9a-f]{32}|([om]\/)?\.DAV\/[.a-z]+|([om]\/)?\.davfs\.tmp\w+)$/);
      const text = readFileSync(f).toString('latin1');
      for (const c of canaries) expect(text, `${rel}: ${c}`).not.toContain(c);
    }
  });

  it('the server stopped and started again: the change waits, then goes up once', async () => {
    await dav.stop();
    const now = Date.now();
    await send(pageA, {
      type: 'personas/save',
      persona: { id: 'persona-offline', label: 'Made while down', addresses: [], createdAt: now, updatedAt: now },
    });
    const down = await syncNow(pageA);
    expect(down.lastError?.code).toBe('errSyncUnreachable');
    expect(down.pending).toBe(1);
    await dav.start();
    const up = await syncNow(pageA);
    expect(up.lastError).toBeUndefined();
    expect(up.pending).toBe(0);
    await syncNow(pageB);
    expect((await labels(pageB)).filter((x) => x === 'Made while down')).toHaveLength(1);
  });

  it('the passphrase changed in A: B says so in its status line, takes the new one right there, and its change made meanwhile goes up', async () => {
    const next = 'harbor-quince-lattice-9-nimbus';
    expect((await send(pageA, { type: 'vault/change-passphrase', current: PASSPHRASE, next })).ok).toBe(true);
    await syncNow(pageA);
    const now = Date.now();
    const waiting = { id: 'persona-b-waits', label: 'Waited on B', addresses: [], createdAt: now, updatedAt: now };
    expect((await send(pageB, { type: 'personas/save', persona: waiting })).ok).toBe(true);
    const stopped = await syncNow(pageB);
    expect(stopped.lastError?.code).toBe('errSyncPassphraseChanged');
    expect(stopped.pending).toBe(1);
    await pageB.goto(`chrome-extension://${b.extensionId}/src/options/index.html#settings`);
    await pageB.reload();
    await expect
      .poll(() => pageB.locator('#sync-status').textContent(), { timeout: 30_000 })
      .toContain('The vault’s passphrase was changed on another device: enter the new one to go on syncing');
    await pageB.getByLabel('The vault’s new passphrase').fill(PASSPHRASE);
    await pageB.getByRole('button', { name: 'Go on syncing' }).click();
    await expect.poll(() => pageB.locator('#sync-error').textContent(), { timeout: 30_000 }).toContain('passphrase');
    expect((await send<SyncStatus>(pageB, { type: 'sync/status' })).pending).toBe(1);
    await pageB.getByLabel('The vault’s new passphrase').fill(next);
    await pageB.getByRole('button', { name: 'Go on syncing' }).click();
    await expect
      .poll(() => pageB.locator('#sync-message').textContent(), { timeout: 30_000 })
      .toContain('now opens with the new passphrase');
    await expect.poll(() => pageB.locator('#sync-status').textContent()).toContain('Last synced');
    expect(await audit(pageB)).toEqual([]);
    expect((await send<SyncStatus>(pageB, { type: 'sync/status' })).pending).toBe(0);
    await syncNow(pageA);
    expect(await labels(pageA)).toContain('Waited on B');
    expect((await send(pageB, { type: 'vault/lock' })).ok).toBe(true);
    expect((await send(pageB, { type: 'vault/unlock', passphrase: next })).ok).toBe(true);
  });

  it('a third browser joins with the recovery code and a passphrase of its own', async () => {
    const c = await launch();
    launched.push(c);
    const pageC = await openExtensionPage(c, 'options');
    const join = pageC.locator('form', { has: pageC.locator('#join-url') });
    await join.getByLabel('WebDAV folder address').fill(folder());
    await join.getByLabel('User name').fill('proffer');
    await join.getByLabel('App password').fill(DAV_PASSWORD);
    await join.getByLabel('I have the recovery code, not the passphrase').check();
    await join.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
    await join.getByLabel('A new passphrase for this browser').fill('copper-walrus-mandolin-7-fjord');
    await join.getByRole('button', { name: 'Join and sync' }).click();
    await pageC.getByText('Joined. Your vault is open here').waitFor({ timeout: 60_000 });
    await expect.poll(() => labels(pageC), { timeout: 30_000 }).toEqual(await labels(pageA));
    expect((await send(pageC, { type: 'vault/lock' })).ok).toBe(true);
    expect((await send(pageC, { type: 'vault/unlock', passphrase: 'copper-walrus-mandolin-7-fjord' })).ok).toBe(true);
  });

  it('a server copy put back to an older state is reported in Settings, and nothing of it is applied', async () => {
    const snapshot = mkdtempSync(join(tmpdir(), 'proffer-e2e-dav-snap-'));
    cpSync(join(root, 'me'), snapshot, { recursive: true });
    const now = Date.now();
    await send(pageA, {
      type: 'personas/save',
      persona: { id: 'persona-late', label: 'Late one', addresses: [], createdAt: now, updatedAt: now },
    });
    await syncNow(pageA);
    await syncNow(pageB);
    expect(await labels(pageB)).toContain('Late one');
    await new Promise((r) => setTimeout(r, 4000)); // any debounced round of A's ends before the copy is put back
    rmSync(join(root, 'me'), { recursive: true, force: true });
    cpSync(snapshot, join(root, 'me'), { recursive: true });
    dav.adopt(join(root, 'me'));
    rmSync(snapshot, { recursive: true, force: true });
    const status = await syncNow(pageB);
    expect(status.lastError?.code).toBe('errSyncRollback');
    expect(await labels(pageB)).toContain('Late one');
    await pageB.goto(`chrome-extension://${b.extensionId}/src/options/index.html#settings`);
    await pageB.reload();
    await expect
      .poll(() => pageB.locator('#sync-status').textContent(), { timeout: 30_000 })
      .toContain('older than one this browser already saw');
  });
});
