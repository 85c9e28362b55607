/**
 * The vault as a person meets it, in real headless Chromium with the built extension: onboarding,
 * lock and unlock, service-worker and browser restarts, auto-lock, backup round trip, bad backups,
 * what reaches the disk, and accessibility of the popup and options pages.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createVaultViaPopup,
  fixturePersona,
  type Launched,
  launch,
  openExtensionPage,
  PASSPHRASE,
  ROOT,
  readyVault,
  send,
  sharedPersona,
  stopServiceWorker,
  unlockViaPopup,
} from './harness';

let l: Launched | null = null;
afterEach(async () => {
  await l?.dispose();
  l = null;
});

type Status = { state: string; autoLockMinutes: number };
type PersonaList = { personas: { id: string; label: string; email?: string }[]; failures: unknown[] };

describe('vault in Chromium', () => {
  it('onboarding leads from an empty vault to a first persona shown in the popup', async () => {
    l = await launch();
    const { recoveryCode, page } = await createVaultViaPopup(l);
    expect(recoveryCode).toMatch(/[A-Z0-9]{4}/);
    await page.getByLabel('Label').fill('Private');
    await page.getByLabel('Given name').fill('Orlaith');
    await page.getByLabel('Family name').fill('Vantongeren');
    await page.getByLabel('Email').fill('orlaith.vantongeren@mailcanary.example');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: "You're all set" }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Your personas' }).waitFor();
    await page.getByText('Private').first().waitFor();
    // The same persona is really in the vault, not only on screen.
    const list = await send<PersonaList>(page, { type: 'personas/list' });
    expect(list.personas.map((p) => p.email)).toEqual(['orlaith.vantongeren@mailcanary.example']);
    // README screenshot: the popup as a person sees it, at popup size.
    await page.setViewportSize({ width: 380, height: 420 });
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    writeFileSync(join(ROOT, 'docs/popup.png'), await page.screenshot());
  });

  it('refuses a weak passphrase, then locks and unlocks; a wrong passphrase is refused with a message', async () => {
    l = await launch();
    const page = await openExtensionPage(l, 'popup');
    await page.getByLabel('Passphrase', { exact: true }).fill('password1');
    await page.getByLabel('Confirm passphrase', { exact: true }).fill('password1');
    // The form says why and will not submit; the background refuses it too, whoever asks.
    await expect(page.getByRole('button', { name: 'Create vault' }).isDisabled()).resolves.toBe(true);
    expect((await page.locator('#create-problem').textContent())?.length).toBeGreaterThan(10);
    // The meter says why, in our words (zxcvbn's patterns mapped to our messages).
    await page.locator('#create-strength .strength-warnings li').first().waitFor();
    expect(await page.locator('#create-strength').textContent()).toContain('common password');
    const refused = await send(page, { type: 'vault/create', passphrase: 'password1' });
    expect(refused.ok).toBe(false);
    expect((await send<Status>(page, { type: 'vault/status' })).state).toBe('uninitialized');
    await page.close();

    const created = await createVaultViaPopup(l);
    await created.page.getByRole('button', { name: 'Skip for now' }).click();
    await created.page.getByRole('button', { name: 'Continue' }).click();
    await created.page.getByRole('button', { name: 'Lock' }).click();
    await created.page.getByRole('heading', { name: 'Unlock Proffer' }).waitFor();
    expect((await send<Status>(created.page, { type: 'vault/status' })).state).toBe('locked');

    await created.page.getByLabel('Passphrase', { exact: true }).fill('not-the-passphrase-at-all');
    await created.page.getByRole('button', { name: 'Unlock' }).click();
    await created.page.getByRole('alert').waitFor();
    expect(await created.page.getByRole('alert').textContent()).toMatch(/passphrase/i);
    expect((await send<Status>(created.page, { type: 'vault/status' })).state).toBe('locked');

    await created.page.getByLabel('Passphrase', { exact: true }).fill('');
    await unlockViaPopup(created.page);
    expect((await send<Status>(created.page, { type: 'vault/status' })).state).toBe('unlocked');
  });

  it('the recovery code unlocks a vault whose passphrase is forgotten, and makes the person set a new one', async () => {
    l = await launch();
    const { recoveryCode, page } = await createVaultViaPopup(l);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Use recovery code' }).click();
    // A wrong code is refused, and says so.
    await page.getByLabel('Recovery code', { exact: true }).fill('AAAA-BBBB-CCCC-DDDD');
    const fresh = 'copper-heron-mosaic-41-tundra';
    await page.getByLabel('New passphrase', { exact: true }).fill(fresh);
    await page.getByLabel('Confirm new passphrase', { exact: true }).fill(fresh);
    await page.getByRole('button', { name: 'Recover vault' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /recovery code/i })
      .waitFor();
    expect((await send<Status>(page, { type: 'vault/status' })).state).toBe('locked');
    await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
    await page.getByLabel('New passphrase', { exact: true }).fill(fresh);
    await page.getByLabel('Confirm new passphrase', { exact: true }).fill(fresh);
    await page.getByRole('button', { name: 'Recover vault' }).click();
    // A new recovery code replaces the used one and must be confirmed.
    const next = (await page.locator('#recovery-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(next).not.toBe(recoveryCode);
    expect((await send<Status>(page, { type: 'vault/status' })).state).toBe('unlocked');
    await send(page, { type: 'vault/lock' });
    expect((await send(page, { type: 'vault/unlock', passphrase: PASSPHRASE })).ok).toBe(false);
    expect((await send(page, { type: 'vault/unlock', passphrase: fresh })).ok).toBe(true);
    expect((await send(page, { type: 'vault/recover', recoveryCode, newPassphrase: 'another-long-pass-phrase-77' })).ok).toBe(false);
  });

  it('changing the passphrase can replace the vault key: a new recovery code, the old one useless, the data kept', async () => {
    l = await launch();
    const { recoveryCode, page } = await createVaultViaPopup(l);
    expect((await send(page, { type: 'personas/save', persona: fixturePersona() })).ok).toBe(true);
    const options = await openExtensionPage(l, 'options', '#settings');
    await options.getByRole('heading', { level: 2, name: 'Change passphrase' }).waitFor();
    const fresh = 'quartz-meadow-lantern-58-vesper';
    await options.getByLabel('Current passphrase', { exact: true }).fill(PASSPHRASE);
    await options.getByLabel('New passphrase', { exact: true }).fill(fresh);
    await options.getByLabel('Confirm new passphrase', { exact: true }).fill(fresh);
    await options.getByRole('checkbox', { name: 'Also replace the vault key' }).check();
    await options.getByRole('button', { name: 'Change passphrase' }).click();
    // The new recovery code is shown and must be confirmed, as at creation.
    const next = (await options.locator('#recovery-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(next).toMatch(/[A-Z0-9]{4}/);
    expect(next).not.toBe(recoveryCode);
    await options.getByRole('button', { name: 'I have saved it' }).click();
    await options.getByLabel('Your saved recovery code').fill(next);
    await options.getByRole('button', { name: 'Confirm recovery code' }).click();
    await options.getByText('vault key replaced', { exact: false }).waitFor();
    await send(page, { type: 'vault/lock' });
    expect((await send(page, { type: 'vault/unlock', passphrase: PASSPHRASE })).ok).toBe(false);
    expect((await send(page, { type: 'vault/recover', recoveryCode, newPassphrase: 'another-long-pass-phrase-77' })).ok).toBe(false);
    expect((await send(page, { type: 'vault/unlock', passphrase: fresh })).ok).toBe(true);
    const list = await send<PersonaList>(page, { type: 'personas/list' });
    expect(list.personas.map((p) => p.label)).toEqual(['Everyday']);
    expect(list.failures).toEqual([]);
  });

  it('stays unlocked when only the service worker is stopped and restarted', async () => {
    l = await launch();
    const page = await readyVault(l, [fixturePersona()]);
    await stopServiceWorker(l);
    const status = await send<Status>(page, { type: 'vault/status' });
    expect(status.state).toBe('unlocked');
    const list = await send<PersonaList>(page, { type: 'personas/list' });
    expect(list.personas.map((p) => p.label)).toEqual(['Everyday']);
  });

  it('starts locked after a browser restart on the same profile, with every record intact', async () => {
    l = await launch();
    const page = await readyVault(l, [fixturePersona()]);
    await page.close();
    await l.close();
    l = await launch({ userDataDir: l.userDataDir });
    const popup = await openExtensionPage(l, 'popup');
    await popup.getByRole('heading', { name: 'Unlock Proffer' }).waitFor();
    expect((await send<Status>(popup, { type: 'vault/status' })).state).toBe('locked');
    await unlockViaPopup(popup);
    const list = await send<PersonaList>(popup, { type: 'personas/list' });
    expect(list.personas.map((p) => p.email)).toEqual(['orlaith.vantongeren@mailcanary.example']);
  });

  it('says the vault is missing, and offers a backup, when the browser lost its database', async () => {
    l = await launch();
    const page = await readyVault(l, [fixturePersona()]);
    const id = l.extensionId;
    await page.close();
    await l.close();
    // What a crash or a profile repair can do: the extension's IndexedDB is gone, the rest stays.
    const idb = join(l.userDataDir, 'Default', 'IndexedDB');
    const gone = readdirSync(idb).filter((f) => f.startsWith(`chrome-extension_${id}_`));
    expect(gone.length).toBeGreaterThan(0);
    for (const f of gone) rmSync(join(idb, f), { recursive: true, force: true });
    l = await launch({ userDataDir: l.userDataDir });
    const options = await openExtensionPage(l, 'options');
    const status = await send<Status & { lost?: boolean }>(options, { type: 'vault/status' });
    expect(status).toMatchObject({ state: 'uninitialized', lost: true });
    const alert = options.getByRole('alert').filter({ hasText: 'Your vault is missing from this browser' });
    await expect.poll(() => alert.count()).toBe(1);
    await options.getByRole('heading', { name: 'Restore from a backup' }).waitFor();
    const popup = await openExtensionPage(l, 'popup');
    await popup.getByRole('alert').filter({ hasText: 'Your vault is missing from this browser' }).waitFor();
    await popup.getByRole('button', { name: 'Restore from a backup' }).waitFor();

    // Wiping is the person's choice, not a loss: a new vault, wiped, is a plain first start again.
    await send(options, { type: 'vault/create', passphrase: PASSPHRASE });
    await send(options, { type: 'vault/wipe', confirm: 'WIPE' });
    expect((await send<Status & { lost?: boolean }>(options, { type: 'vault/status' })).lost).toBeUndefined();
  });

  it('auto-locks when the idle alarm fires, and when the deadline passed while the worker slept', async () => {
    l = await launch();
    const page = await readyVault(l);
    // The person sets a short auto-lock in Settings.
    const options = await openExtensionPage(l, 'options', '#settings');
    await options.getByLabel('Auto-lock after (minutes)').fill('1');
    await options.getByRole('button', { name: 'Save auto-lock' }).click();
    await expect.poll(async () => (await send<Status>(page, { type: 'vault/status' })).autoLockMinutes).toBe(1);
    const sw = await l.worker();
    const alarm = await sw.evaluate(() => chrome.alarms.get('autolock'));
    expect(alarm).toBeTruthy();
    expect(alarm!.scheduledTime - Date.now()).toBeGreaterThan(30_000);
    expect(alarm!.scheduledTime - Date.now()).toBeLessThanOrEqual(61_000);
    // Time passes: let the real alarm fire now (unpacked extensions may use short alarms).
    await sw.evaluate(() => chrome.alarms.create('autolock', { when: Date.now() + 200 }));
    // Asking the status counts as use (it pushes the lock back), so watch the worker's own state.
    await expect
      .poll(async () => sw.evaluate(async () => Object.keys(await chrome.storage.session.get(null)).length), {
        timeout: 45_000,
        interval: 250,
      })
      .toBe(0);
    expect((await send<Status>(page, { type: 'vault/status' })).state).toBe('locked');

    // Unlock again; then the worker sleeps past the deadline: it must come back locked.
    await send(page, { type: 'vault/unlock', passphrase: PASSPHRASE });
    expect((await send<Status>(page, { type: 'vault/status' })).state).toBe('unlocked');
    await (await l.worker()).evaluate(() => chrome.storage.session.set({ lockAt: Date.now() - 1 }));
    await stopServiceWorker(l);
    expect((await send<Status>(page, { type: 'vault/status' })).state).toBe('locked');
  });

  it('export, wipe, import brings every record back', async () => {
    l = await launch();
    const second = { ...fixturePersona('persona-work'), label: 'Work', email: 'o.v@lanternworks.example' };
    const page = await readyVault(l, [fixturePersona(), second]);
    const options = await openExtensionPage(l, 'options', '#backup');
    const downloadP = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export backup' }).click();
    const download = await downloadP;
    const file = join(l.userDataDir, 'backup-export.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Vantongeren');
    expect(text).not.toContain('mailcanary');
    // Once the file is handed over, the page says it is saved, by its name (not that it is still downloading).
    await options.getByRole('status').getByText(`Saved ${download.suggestedFilename()}.`, { exact: true }).waitFor();

    // A GPC exception names a site outside the vault: wiping everything removes it too.
    expect((await send(page, { type: 'gpc/exception', origin: 'https://except.example', except: true })).ok).toBe(true);
    await options.goto(options.url().replace(/#.*$/, '#danger'));
    await options.getByLabel('Type WIPE to confirm').fill('WIPE');
    await options.getByRole('button', { name: 'Wipe everything' }).click();
    await expect.poll(async () => (await send<Status>(page, { type: 'vault/status' })).state).toBe('uninitialized');
    expect((await send<{ exceptions: string[] }>(page, { type: 'gpc/state' })).exceptions).toEqual([]);

    // A wiped vault greets the person with setup, which offers to restore a backup.
    await options.reload();
    await options.getByLabel('Backup file').setInputFiles(file);
    await options.getByLabel('Backup passphrase').fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Import backup' }).click();
    await options
      .getByRole('status')
      .filter({ hasText: 'Backup restored.' })
      .waitFor({ timeout: 30_000 })
      .catch(async (e) => {
        console.log('PAGE', await options.locator('body').innerText());
        throw e;
      });
    const status = await send<Status>(page, { type: 'vault/status' });
    if (status.state !== 'unlocked') await send(page, { type: 'vault/unlock', passphrase: PASSPHRASE });
    const list = await send<PersonaList>(page, { type: 'personas/list' });
    expect(list.personas.map((p) => p.label).sort()).toEqual(['Everyday', 'Work']);
  });

  it('rejects corrupt and truncated backups and leaves the vault exactly as it was', async () => {
    l = await launch();
    const page = await readyVault(l, [fixturePersona()]);
    const exported = await send<{ data: string }>(page, { type: 'backup/export' });
    const before = await send<PersonaList>(page, { type: 'personas/list' });
    // Flip one character inside a sealed record, cut the file in half, and send plain garbage.
    const parsed = JSON.parse(exported.data);
    const tampered = exported.data.replace(/"c":"(.)/, (_m, c: string) => `"c":"${c === 'A' ? 'B' : 'A'}`);
    expect(tampered).not.toBe(exported.data);
    const bad = [
      tampered,
      exported.data.slice(0, Math.floor(exported.data.length / 2)),
      'not a backup',
      JSON.stringify({ ...parsed, version: 99 }),
    ];
    for (const data of bad) {
      const r = await send(page, { type: 'backup/import', data, passphrase: PASSPHRASE });
      expect(r.ok).toBe(false);
      expect(r.error?.code).toMatch(/^err/);
    }
    // A good file with the wrong passphrase is refused too.
    const wrong = await send(page, { type: 'backup/import', data: exported.data, passphrase: 'some-other-long-passphrase' });
    expect(wrong.ok).toBe(false);
    const after = await send<PersonaList>(page, { type: 'personas/list' });
    expect(after.personas).toEqual(before.personas);

    // Through the options page, the person is told what is wrong.
    const options = await openExtensionPage(l, 'options', '#backup');
    const file = join(l.userDataDir, 'truncated.json');
    writeFileSync(file, exported.data.slice(0, 200));
    await options.getByLabel('Backup file').setInputFiles(file);
    await options.getByLabel('Backup passphrase').fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Import backup' }).click();
    await options.getByRole('region', { name: 'Import' }).getByRole('alert').filter({ hasText: /./ }).waitFor();
    expect((await options.getByRole('region', { name: 'Import' }).getByRole('alert').textContent())?.length).toBeGreaterThan(10);
  });

  it('stores no persona value, in any encoding, in any file of the browser profile', async () => {
    l = await launch();
    const personas = [fixturePersona(), sharedPersona()].filter(Boolean) as Record<string, unknown>[];
    const page = await readyVault(l, personas);
    expect((await send<PersonaList>(page, { type: 'personas/list' })).personas).toHaveLength(personas.length);
    await page.close();
    const dir = l.userDataDir;
    await l.close(); // flush IndexedDB and leveldb logs to disk
    const canaries = new Set<string>();
    for (const p of personas) {
      for (const [k, v] of Object.entries(p)) {
        if (typeof v === 'string' && !['id', 'label', 'sex', 'language', 'honorific-prefix'].includes(k)) canaries.add(v);
      }
      for (const a of p.addresses as Record<string, string>[]) {
        for (const [k, v] of Object.entries(a)) if (!['id', 'label', 'country', 'address-level1'].includes(k)) canaries.add(v);
      }
    }
    for (const c of [...canaries]) for (const line of c.split('\n')) canaries.add(line);
    const needles = [...canaries].filter((c) => c.length >= 5).flatMap((c) => [Buffer.from(c, 'utf8'), Buffer.from(c, 'utf16le')]);
    expect(needles.length).toBeGreaterThan(20);
    const hits: string[] = [];
    let files = 0;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const f = join(d, name);
        const st = statSync(f, { throwIfNoEntry: false });
        if (!st) continue;
        if (st.isDirectory()) walk(f);
        else if (st.isFile()) {
          files++;
          const buf = readFileSync(f);
          for (const n of needles)
            if (buf.includes(n)) hits.push(`${f}: ${n.toString(n.length % 2 === 0 && n[1] === 0 ? 'utf16le' : 'utf8')}`);
        }
      }
    };
    walk(dir);
    expect(files).toBeGreaterThan(10);
    expect(hits).toEqual([]);
  });

  it('popup and options pages have no axe violations', async () => {
    l = await launch();
    const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const audit = async (which: 'popup' | 'options', hash = '') => {
      const p = await openExtensionPage(l!, which, hash);
      await p.locator('main').waitFor();
      await p.waitForLoadState('networkidle');
      await p.evaluate(axe);
      const res = await p.evaluate(async () => {
        const r = await (
          globalThis as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
        ).axe.run();
        return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      await p.close();
      return res;
    };
    expect(await audit('popup')).toEqual([]); // onboarding
    await readyVault(l, [fixturePersona()]);
    expect(await audit('popup')).toEqual([]); // unlocked, with a persona
    for (const h of ['#personas', '#settings', '#backup', '#danger']) expect(await audit('options', h)).toEqual([]);
  });
});
