/**
 * What the end-to-end suites use to drive Proffer as a person does: launch Chromium with the built
 * extension, reach its pages, restart its service worker or the whole browser on the same profile.
 * Later suites (forms, ledger, intents) reuse these helpers; keep them free of test assertions.
 */
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/chrome');
export const SHARED = resolve(ROOT, '../shared');

/** Chromium to drive: CHROME_PATH, else Debian's. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Chromium found: install it (apt-get install -y chromium) or set CHROME_PATH');
  return found;
}

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker, waiting for it to start if needed. */
  worker(): Promise<Worker>;
  /** Close the browser; the profile stays on disk until `dispose()`. */
  close(): Promise<void>;
  /** Close the browser and delete the profile directory. */
  dispose(): Promise<void>;
}

export interface LaunchOptions {
  /** Reuse a profile (to restart the browser on it); a fresh temporary one by default. */
  userDataDir?: string;
  /** Extra Chromium arguments. */
  args?: string[];
}

/** Launch headless Chromium with the built extension loaded, on a fresh or given profile. */
export async function launch(opts: LaunchOptions = {}): Promise<Launched> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`No build at ${DIST}: run npm run build first`);
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'proffer-e2e-'));
  const args = [
    `--disable-extensions-except=${DIST}`,
    `--load-extension=${DIST}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-quic',
    '--disable-gpu',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(opts.args ?? []),
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args,
  });
  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    if (existing) return existing;
    return context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') });
  };
  const extensionId = new URL((await worker()).url()).host;
  const close = async () => {
    await context.close().catch(() => undefined);
  };
  return {
    context,
    extensionId,
    userDataDir,
    worker,
    close,
    dispose: async () => {
      await close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Open one of the extension's pages (`popup`, `options`) in a tab; `query` is appended as is. */
export async function openExtensionPage(l: Launched, which: 'popup' | 'options', query = ''): Promise<Page> {
  const page = await l.context.newPage();
  await page.goto(`chrome-extension://${l.extensionId}/src/${which}/index.html${query}`);
  return page;
}

/**
 * Stop the extension's service worker the way Chrome does when it idles, through CDP, and wait until
 * it is gone. The next message to the background starts it again.
 */
export async function stopServiceWorker(l: Launched): Promise<void> {
  const page = await l.context.newPage();
  try {
    await page.goto('about:blank');
    const cdp = await l.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const sw = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${l.extensionId}/`));
    if (sw.length === 0) throw new Error('The extension has no running service worker to stop');
    for (const t of sw) await cdp.send('Target.closeTarget', { targetId: t.targetId });
    // Wait until Chromium reports it gone (Playwright's worker 'close' event is not reliable here).
    const deadline = Date.now() + 15_000;
    for (;;) {
      const now = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string }[] };
      if (!now.targetInfos.some((t) => sw.some((s) => s.targetId === t.targetId))) break;
      if (Date.now() > deadline) throw new Error('The service worker did not stop');
      await new Promise((r) => setTimeout(r, 100));
    }
    await cdp.detach();
  } finally {
    await page.close();
  }
}

/** A passphrase strong enough for the vault's strength check; tests use it unless they test the check. */
export const PASSPHRASE = 'umber-lantern-quiver-9-sextant';

/** The suites' own persona (test/fixtures/persona.json) as a record ready for `personas/save`. */
export function fixturePersona(id = 'persona-everyday'): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/persona.json'), 'utf8')) as Record<string, unknown>;
  delete raw._about;
  const now = Date.now();
  return { ...raw, id, createdAt: now, updatedAt: now };
}

/** The shared corpus persona (../shared/corpus/pages/persona.json, `default`), as a Persona record; null when ../shared is absent. */
export function sharedPersona(id = 'persona-shared'): Record<string, unknown> | null {
  const file = join(SHARED, 'corpus/pages/persona.json');
  if (!existsSync(file)) return null;
  const p = (JSON.parse(readFileSync(file, 'utf8')) as { default: Record<string, string> }).default;
  const now = Date.now();
  const persona: Record<string, unknown> = { id, label: 'Shared', addresses: [], createdAt: now, updatedAt: now };
  for (const k of ['honorific-prefix', 'given-name', 'additional-name', 'family-name', 'nickname', 'email', 'tel', 'organization', 'organization-title', 'bday', 'sex', 'url', 'language']) {
    if (p[k]) persona[k] = p[k];
  }
  const address: Record<string, string> = { id: 'a1', label: 'Home' };
  for (const k of ['street-address', 'address-line1', 'address-line2', 'address-level1', 'address-level2', 'postal-code', 'country']) {
    if (p[k]) address[k] = p[k];
  }
  persona.addresses = [address];
  return persona;
}

/**
 * Send one message to the background from an extension page, exactly as the popup does, and return
 * the reply (`{ ok: true, ... }` or `{ ok: false, error }`).
 */
export async function send<T = Record<string, unknown>>(page: Page, message: Record<string, unknown>): Promise<{ ok: boolean; error?: { code: string } } & T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<{ ok: boolean; error?: { code: string } } & T>;
}

/**
 * Create the vault through the popup's onboarding, as a person does: passphrase twice, save the
 * recovery code, type it back, skip the first persona. Returns the recovery code shown.
 */
export async function createVaultViaPopup(l: Launched, passphrase = PASSPHRASE): Promise<{ recoveryCode: string; page: Page }> {
  const page = await openExtensionPage(l, 'popup');
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  const code = (await page.locator('#recovery-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await page.getByLabel('Your saved recovery code').fill(code);
  await page.getByRole('button', { name: 'Confirm recovery code' }).click();
  return { recoveryCode: code, page };
}

/** Unlock through the popup's lock screen. */
export async function unlockViaPopup(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: 'Your personas' }).waitFor({ timeout: 30_000 });
}

/**
 * Create (if needed) and unlock a vault without the UI, for suites that test something else, and
 * save the given personas. Returns an extension page to send further messages from.
 */
export async function readyVault(l: Launched, personas: Record<string, unknown>[] = [], passphrase = PASSPHRASE): Promise<Page> {
  const page = await openExtensionPage(l, 'options');
  const status = await send<{ state: string }>(page, { type: 'vault/status' });
  if (status.state === 'uninitialized') await expectOk(send(page, { type: 'vault/create', passphrase }));
  else if (status.state === 'locked') await expectOk(send(page, { type: 'vault/unlock', passphrase }));
  for (const persona of personas) await expectOk(send(page, { type: 'personas/save', persona }));
  return page;
}

async function expectOk<T extends { ok: boolean; error?: { code: string } }>(p: Promise<T>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`background answered ${r.error?.code}`);
  return r;
}
