/**
 * What the end-to-end suites use to drive Proffer as a person does: launch Chromium with the built
 * extension, reach its pages, restart its service worker or the whole browser on the same profile.
 * Later suites (forms, ledger, intents) reuse these helpers; keep them free of test assertions.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, extensionFlags } from '../../scripts/chromium.mjs';
import { ADDRESS_FIELDS, PERSONA_TEXT_FIELDS } from '../../src/shared/records';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/chrome');
export const SHARED = resolve(ROOT, '../shared');

export { chromiumPath };

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
  /** The unpacked extension to load; DIST (dist/chrome) by default. */
  extensionDir?: string;
  /** Extra Chromium arguments. */
  args?: string[];
  /** Other unpacked extensions (directories) to load beside Proffer; none by default. */
  extraExtensions?: string[];
}

/**
 * Proffer's service worker in `context` (found by its manifest's script path, then by the extension
 * id it reveals), and a getter that waits for it again after the worker was stopped.
 */
async function proffersWorker(
  context: BrowserContext,
  extensionDir: string,
  timeout?: number,
): Promise<{ worker: () => Promise<Worker>; extensionId: string }> {
  const swPath = `/${(JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { background: { service_worker: string } }).background.service_worker}`;
  let extensionId = '';
  const isProffer = (w: Worker) => {
    const u = new URL(w.url());
    return u.protocol === 'chrome-extension:' && (extensionId ? u.host === extensionId : u.pathname === swPath);
  };
  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find(isProffer);
    if (existing) return existing;
    return context.waitForEvent('serviceworker', { predicate: isProffer, ...(timeout ? { timeout } : {}) });
  };
  extensionId = new URL((await worker()).url()).host;
  return { worker, extensionId };
}

/** Launch headless Chromium with the built extension loaded, on a fresh or given profile. */
export async function launch(opts: LaunchOptions = {}): Promise<Launched> {
  const extensionDir = opts.extensionDir ?? DIST;
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No build at ${extensionDir}: run npm run build first`);
  // Proffer's worker is the one at the path its manifest names (other extensions may be loaded too);
  // once its id is known, the one under that id. Read before launching: a build may rewrite dist/.
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'proffer-e2e-'));
  const args = [
    ...extensionFlags([extensionDir, ...(opts.extraExtensions ?? [])]),
    ...CHROMIUM_FLAGS,
    // The suites read the English UI; a test that wants another language passes its own --lang.
    ...(opts.args?.some((a) => a.startsWith('--lang=')) ? [] : ['--lang=en-US']),
    ...(opts.args ?? []),
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args,
  });
  const { worker, extensionId } = await proffersWorker(context, extensionDir);
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
  return personaFromTokens(readTokenPersonas(file).default, id, 'Shared');
}

/**
 * Send one message to the background from an extension page, exactly as the popup does, and return
 * the reply (`{ ok: true, ... }` or `{ ok: false, error }`).
 */
export async function send<T = Record<string, unknown>>(
  page: Page,
  message: Record<string, unknown>,
): Promise<{ ok: boolean; error?: { code: string } } & T> {
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

// ---------------------------------------------------------------------------------------------
// Forms in a page, as a person fills them: find the page's tab, open the popup for it, read the
// preview, press Fill. Used by pages.e2e.ts (the page corpus) and any later forms suite.
// ---------------------------------------------------------------------------------------------

/** An extension page already open in the context (for chrome.tabs), else null. */
function openExtensionPageOf(l: Launched): Page | null {
  return l.context.pages().find((p) => !p.isClosed() && p.url().startsWith(`chrome-extension://${l.extensionId}/`)) ?? null;
}

/**
 * The browser's tab id of a Playwright page, found by its URL through chrome.tabs.query from an open
 * extension page (else the service worker). Throws when no tab, or more than one, has that URL: give
 * pages unique URLs (a `?run=N` parameter) when the same page may be open twice.
 */
export async function tabIdOf(l: Launched, page: Page): Promise<number> {
  const url = page.url();
  const query = (u: string) => chrome.tabs.query({}).then((tabs) => tabs.filter((t) => t.url === u).map((t) => t.id ?? -1));
  const ext = openExtensionPageOf(l);
  const ids = ext ? await ext.evaluate(query, url) : await (await l.worker()).evaluate(query, url);
  if (ids.length !== 1 || ids[0]! < 0) throw new Error(`tabIdOf: ${ids.length} tabs have the URL ${url}`);
  return ids[0]!;
}

/**
 * Open the popup for the tab of `page` (src/popup/index.html?tab=ID) in a new tab, as the toolbar
 * button would for that tab. Playwright keeps background tabs rendering and their timers running, so
 * the page behaves as if it were still in front.
 */
export async function openPopupForTab(l: Launched, page: Page): Promise<Page> {
  const tabId = await tabIdOf(l, page);
  // A build rewriting dist/ under the running browser makes the popup briefly unloadable: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await openExtensionPage(l, 'popup', `?tab=${tabId}`);
    } catch (e) {
      if (attempt >= 3 || !/ERR_FILE_NOT_FOUND|ERR_ABORTED/.test(String(e))) throw e;
      for (const p of l.context.pages())
        if (p.url().startsWith('chrome-error://') || p.url().endsWith(`/src/popup/index.html?tab=${tabId}`)) await p.close();
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

type Locator = ReturnType<Page['locator']>;

/** One field of the fill preview as the popup shows it. */
export interface ShownEntry {
  /** The checkbox's accessible name: the field's label. */
  label: string;
  /** The value shown beside it (what will be written; a generated password is masked). */
  value: string;
  /** The other site's origin for a field in a cross-origin frame; '' for the page's own fields. */
  origin: string;
  checked: boolean;
}

/**
 * The "This site" region of the unlocked popup, once its preview has loaded (the region is
 * aria-busy while the background scans and plans).
 */
export async function siteRegion(popup: Page, timeout = 30_000): Promise<Locator> {
  const region = popup.getByRole('region', { name: 'This site' });
  await region.waitFor({ timeout });
  const deadline = Date.now() + timeout;
  while ((await region.getAttribute('aria-busy')) === 'true') {
    if (Date.now() > deadline) throw new Error("The popup's preview did not finish loading");
    await popup.waitForTimeout(50);
  }
  return region;
}

const FILL_BUTTON = /^Fill \d+ fields?$/;
const ORIGIN_IN_TEXT = /\bhttps?:\/\/[^\s)]+/;

/**
 * The entries the popup's preview shows, in order: one checkbox per planned field in the list of
 * fields (its accessible name is the label), the value it describes (aria-describedby), and the
 * origin named by its frame's group (or its "In a frame from ..." note) for fields of another site.
 * The options (required only, alias) and the "Allow filling fields from ..." boxes are not entries.
 */
export async function readPreview(popup: Page): Promise<ShownEntry[]> {
  const region = await siteRegion(popup);
  const out: ShownEntry[] = [];
  for (const box of await region.getByRole('listitem').getByRole('checkbox').all()) {
    const facts = await box.evaluate((el) => {
      const input = el as HTMLInputElement;
      const clean = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();
      const label = clean([...(input.labels ?? [])].map((x) => x.textContent).join(' ') || input.getAttribute('aria-label'));
      const described = (input.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id))
        .filter((x) => x !== null);
      const displays = described.map((d) => d.querySelector('.fill-display')?.textContent ?? d.textContent ?? '');
      const value = clean(displays.join(' '));
      // Notes beside the value ("In a frame from ORIGIN") and the frame group's legend name the origin.
      const notes = [
        ...described.map((d, i) => (d.textContent ?? '').replace(displays[i]!, '')),
        input.closest('fieldset')?.querySelector('legend')?.textContent,
      ].map(clean);
      return { label, value, notes, checked: input.checked };
    });
    const origin = facts.notes.map((n) => n.match(ORIGIN_IN_TEXT)?.[0] ?? '').find(Boolean) ?? '';
    out.push({ label: facts.label, value: facts.value, origin, checked: facts.checked });
  }
  return out;
}

/**
 * The fields the preview says it leaves empty, one line each ("Label: why"), from the collapsed
 * list under the entries. Empty when there is none.
 */
export async function readSkipped(popup: Page): Promise<string[]> {
  const region = await siteRegion(popup);
  const items = await region.locator('details li').allTextContents();
  return items.map((x) => x.replace(/\s+/g, ' ').trim());
}

/**
 * Pick a persona in the popup's "Persona" select, by its label, and wait for the new preview. On a
 * page where no persona could fill anything the popup offers no choice and says why: nothing to do.
 */
export async function choosePersona(popup: Page, label: string): Promise<void> {
  const region = await siteRegion(popup);
  const select = region.getByLabel('Persona', { exact: true });
  if ((await select.count()) === 0) {
    // No choice is offered when no persona could fill anything here; the popup says so instead.
    const said = (await region.textContent()) ?? '';
    if (/No form fields to fill on this page|None of the fields on this page can be filled/.test(said)) return;
    throw new Error(`choosePersona: the popup offers no choice of persona (wanted ${label})`);
  }
  const current = await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
  if (current === label) return;
  await select.selectOption({ label });
  // The preview is asked again: wait for the region to go busy (or for the answer already shown).
  await region
    .locator('xpath=self::*[@aria-busy="true"]')
    .waitFor({ timeout: 1_000 })
    .catch(() => undefined);
  await siteRegion(popup);
}

/**
 * Press "Fill N fields" in the popup and return what its status region says, lines joined by " | "
 * ("Filled 3 fields. | Phone: not filled, ..."). `approveOrigins` first ticks "Allow filling fields
 * from ORIGIN" for each; none by default. Returns '' when there is no enabled Fill button (nothing
 * ticked, nothing to fill), and "error: ..." when the popup shows an error instead of an outcome.
 */
export async function fillFromPopup(popup: Page, opts: { approveOrigins?: string[] } = {}): Promise<string> {
  const region = await siteRegion(popup);
  for (const origin of opts.approveOrigins ?? []) {
    const name = new RegExp(`^Allow filling fields from ${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    await region.getByRole('checkbox', { name }).check();
  }
  const button = region.getByRole('button', { name: FILL_BUTTON });
  if ((await button.count()) === 0 || (await button.isDisabled())) return '';
  await button.click();
  const filled = region.getByRole('status').filter({ hasText: /^\s*Filled / });
  const alert = region.getByRole('alert').filter({ hasText: /\S/ });
  await filled.or(alert).first().waitFor({ timeout: 30_000 });
  if (await alert.count()) return `error: ${((await alert.first().innerText()) ?? '').trim()}`;
  return (await filled.first().innerText())
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean)
    .join(' | ');
}

/**
 * A persona keyed by autocomplete token (the format of ../shared/corpus/pages/persona.json and
 * test/fixtures/pages/persona.json) as a Persona record for `personas/save`. Derived keys (name,
 * tel-*, bday-*, country-name, x-...) are for judging pages and are not stored.
 */
export function personaFromTokens(values: Record<string, string>, id: string, label: string): Record<string, unknown> {
  const now = Date.now();
  const persona: Record<string, unknown> = { id, label, addresses: [], createdAt: now, updatedAt: now };
  for (const k of PERSONA_TEXT_FIELDS) {
    if (values[k]) persona[k] = values[k];
  }
  const address: Record<string, string> = { id: 'a1', label: 'Home' };
  for (const k of ADDRESS_FIELDS) {
    if (values[k]) address[k] = values[k];
  }
  persona.addresses = [address];
  return persona;
}

/** Both personas (`default`, `work`) of a token-keyed persona file. */
export function readTokenPersonas(file: string): { default: Record<string, string>; work: Record<string, string> } {
  return JSON.parse(readFileSync(file, 'utf8')) as { default: Record<string, string>; work: Record<string, string> };
}

/** The shared corpus persona `work` as a Persona record (label "Shared work"); null when ../shared is absent. */
export function sharedWorkPersona(id = 'persona-shared-work'): Record<string, unknown> | null {
  const file = join(SHARED, 'corpus/pages/persona.json');
  if (!existsSync(file)) return null;
  return personaFromTokens(readTokenPersonas(file).work, id, 'Shared work');
}

// ---------------------------------------------------------------------------------------------
// A browser whose process the test owns, to kill it as a crash or power cut would (crash.e2e.ts).
// ---------------------------------------------------------------------------------------------

export interface OwnedLaunch extends Launched {
  /** The main browser process (the leader of its own process group). */
  pid: number;
  /** SIGKILL the whole process group (browser, zygotes, renderers, utilities) and wait until it is gone. */
  kill(): Promise<void>;
}

/**
 * Like `launch`, but Chromium is started here (child_process, its own process group) with
 * --remote-debugging-port=0 and Playwright connects over CDP: the test owns the PID and can kill it
 * without the browser's cooperation. `close()` asks the browser to quit (CDP Browser.close) and
 * falls back to the kill; `dispose()` also deletes the profile.
 */
export async function launchOwned(opts: LaunchOptions = {}): Promise<OwnedLaunch> {
  const { spawn } = await import('node:child_process');
  const extensionDir = opts.extensionDir ?? DIST;
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No build at ${extensionDir}: run npm run build first`);
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'proffer-e2e-'));
  const args = [
    '--headless',
    '--remote-debugging-port=0',
    `--user-data-dir=${userDataDir}`,
    '--password-store=basic',
    '--use-mock-keychain',
    '--hide-crash-restore-bubble',
    ...extensionFlags([extensionDir, ...(opts.extraExtensions ?? [])]),
    ...CHROMIUM_FLAGS,
    ...(opts.args?.some((a) => a.startsWith('--lang=')) ? [] : ['--lang=en-US']),
    ...(opts.args ?? []),
    'about:blank',
  ];
  const child = spawn(chromiumPath(), args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (!pid) throw new Error('Chromium did not start');
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const groupGone = async () => {
    await exited;
    // The zygotes and renderers share the group; wait until none is left holding the profile.
    // Zombies do not count: they hold nothing, and a container's PID 1 may take seconds to reap them.
    for (let i = 0; i < 400 && liveInGroup(pid); i++) await new Promise((r) => setTimeout(r, 25));
  };
  const kill = async () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await groupGone();
  };
  let stderr = '';
  const ws = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Chromium printed no DevTools address in 30 s:\n${stderr.slice(-2000)}`)), 30_000);
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      const m = stderr.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`Chromium exited (${code ?? signal}) before it listened:\n${stderr.slice(-2000)}`));
    });
  }).catch(async (e) => {
    await kill();
    throw e;
  });
  // Keep draining stderr so Chromium never blocks on a full pipe.
  child.stderr!.on('data', () => undefined);
  let browser: Awaited<ReturnType<typeof chromium.connectOverCDP>>;
  try {
    browser = await chromium.connectOverCDP(ws);
  } catch (e) {
    await kill();
    throw e;
  }
  const context = browser.contexts()[0]!;
  let found: Awaited<ReturnType<typeof proffersWorker>>;
  try {
    found = await proffersWorker(context, extensionDir, 30_000);
  } catch (e) {
    await kill();
    throw e;
  }
  const { worker, extensionId } = found;
  const close = async () => {
    const quit = (async () => {
      const cdp = await browser.newBrowserCDPSession();
      await cdp.send('Browser.close');
    })().catch(() => undefined);
    const done = await Promise.race([
      quit.then(() => exited).then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
    ]);
    if (!done) await kill();
    else await groupGone();
  };
  return {
    context,
    extensionId,
    userDataDir,
    worker,
    close,
    pid,
    kill,
    dispose: async () => {
      await close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Whether any process of process group `pgid` is still running (not a zombie). Linux /proc; elsewhere, any member at all. */
function liveInGroup(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
