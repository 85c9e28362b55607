/**
 * What the Firefox smoke suite uses to drive Proffer as a person does, in the real Debian
 * `firefox-esr` with dist/firefox: launch it, install the build as a temporary add-on, open the
 * popup and options pages in tabs, find controls by their label or name, type and click.
 *
 * Route: puppeteer-core over WebDriver BiDi (no browser download; Firefox ships the BiDi server).
 * - `browser.installExtension(dir)` is BiDi `webExtension.install`: a temporary add-on, as
 *   about:debugging loads it. Temporary installs get their host permissions at install time
 *   (`extensions.originControls.grantByDefault`, true by default); `launchFirefox` checks that.
 * - The add-on's moz-extension:// host is random per profile unless the pref
 *   `extensions.webextensions.uuids` maps its gecko id to a UUID before install; we set one.
 * - BiDi refuses to navigate to moz-extension: URLs unless Firefox runs with
 *   `--remote-allow-system-access`, and it sends no load events for extension documents (they are
 *   filtered out until Firefox supports WebExtension contexts, bug 1755014). So extension pages are
 *   opened with a bare `browsingContext.navigate` and waited for by polling the document itself;
 *   scripts, clicks and key presses reach them normally.
 *
 * Keep this file free of test assertions; the Chromium suite's helpers (test/e2e/harness.ts) stay
 * Playwright-only, and what is browser-neutral (passphrase, fixture persona) is imported from there.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type JSHandle, type Page } from 'puppeteer-core';
import { PASSPHRASE } from '../e2e/harness';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/firefox');
/** The moz-extension:// host the suite gives the add-on (any fixed UUID will do). */
export const EXTENSION_UUID = '6f1c0d2a-5b7e-4c39-9a84-2e5d7f3b1c60';
export const EXTENSION_BASE = `moz-extension://${EXTENSION_UUID}/`;

/** Firefox to drive: FIREFOX_PATH, else Debian's firefox-esr, else firefox. */
export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Firefox found: install it (apt-get install -y firefox-esr) or set FIREFOX_PATH');
  return found;
}

/** The gecko id of the build, read from dist/firefox/manifest.json (vite.config.ts sets it). */
function geckoId(): string {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error('dist/firefox/manifest.json has no browser_specific_settings.gecko.id');
  return id;
}

/**
 * Preferences for a quiet, offline, deterministic profile. The machine may have no network at all:
 * nothing may phone home (updates, telemetry, safe browsing, captive portal, remote settings), and
 * Firefox's own GPC stays off so every GPC signal the suite sees comes from Proffer.
 */
function prefs(id: string): Record<string, unknown> {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
    // Temporary add-ons get their host permissions at install (Firefox's default, made explicit).
    'extensions.originControls.grantByDefault': true,
    'privacy.globalprivacycontrol.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.proxy.type': 0,
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'app.update.auto': false,
    'app.update.disabledForTesting': true,
    'app.normandy.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.update.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.blocklist.enabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': '',
    'browser.ping-centre.telemetry': false,
    'browser.region.update.enabled': false,
    'browser.region.network.url': '',
    'browser.search.update': false,
    'browser.newtabpage.enabled': false,
    'browser.startup.page': 0,
    'media.gmp-manager.updateEnabled': false,
    'identity.fxaccounts.enabled': false,
    // The suite reads the English UI.
    'intl.locale.requested': 'en-US',
    'intl.accept_languages': 'en-US, en',
  };
}

export interface FirefoxLaunched {
  browser: Browser;
  /** The profile directory (deleted by `dispose`). */
  profileDir: string;
  close(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Launch headless Firefox on a fresh profile and install the build as a temporary add-on. The build
 * is copied first: a temporary add-on is read from its folder while it runs, and another `npm run
 * build` rewriting dist/ under the running browser would break it half-way.
 */
export async function launchFirefox(): Promise<FirefoxLaunched> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`No build at ${DIST}: run node scripts/build.mjs firefox first`);
  const id = geckoId();
  const debug = process.env.FIREFOX_DEBUG === '1';
  const work = mkdtempSync(join(tmpdir(), 'proffer-firefox-'));
  const profileDir = join(work, 'profile');
  const extensionDir = join(work, 'extension');
  cpSync(DIST, extensionDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profileDir,
    // See the file comment: BiDi may open moz-extension: pages only with system access.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...prefs(id),
      ...(debug ? { 'devtools.console.stdout.chrome': true, 'devtools.console.stdout.content': true } : {}),
    },
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
    // FIREFOX_DEBUG=1: Firefox's output and its consoles (the add-on's background included) on stdout.
    dumpio: debug,
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
  };
  const dispose = async () => {
    await close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const installed = await browser.installExtension(extensionDir);
    if (installed !== id) throw new Error(`Firefox installed the add-on as ${installed}, not ${id}`);
    const page = await openExtensionPage({ browser }, 'options');
    const granted = await page.evaluate(() => chrome.permissions.contains({ origins: ['http://*/*', 'https://*/*'] }));
    await page.close();
    if (!granted) {
      throw new Error(
        'Firefox did not grant the host permissions at install: is extensions.originControls.grantByDefault off in this Firefox?',
      );
    }
  } catch (e) {
    await dispose();
    throw e;
  }
  return { browser, profileDir, close, dispose };
}

/** puppeteer-core's BiDi frame keeps its browsing context in a field its public types leave out. */
type BidiNavigable = { browsingContext?: { navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<unknown> } };

/** Navigate a page's tab to a moz-extension: URL and wait until its document has rendered `main`. */
async function gotoExtension(page: Page, url: string): Promise<void> {
  const context = (page.mainFrame() as Frame & BidiNavigable).browsingContext;
  if (!context) throw new Error('puppeteer-core no longer exposes the BiDi browsing context of a frame: see test/firefox/harness.ts');
  await context.navigate(url, 'complete');
  await page.waitForFunction(
    (href: string) => location.href === href && document.readyState === 'complete' && document.querySelector('main') !== null,
    { timeout: 30_000, polling: 100 },
    url,
  );
}

/** Open one of the extension's pages (`popup`, `options`) in a new tab; `query` is appended as is. */
export async function openExtensionPage(l: { browser: Browser }, which: 'popup' | 'options', query = ''): Promise<Page> {
  const page = await l.browser.newPage();
  await gotoExtension(page, `${EXTENSION_BASE}src/${which}/index.html${query}`);
  return page;
}

/** Reply of the background: `{ ok: true, ... }` or `{ ok: false, error }`. */
export type Reply<T> = { ok: boolean; error?: { code: string } } & T;

/** Send one message to the background from an extension page, exactly as the popup does. */
export async function send<T = Record<string, unknown>>(page: Page, message: Record<string, unknown>): Promise<Reply<T>> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<Reply<T>>;
}

/**
 * Create (if needed) and unlock a vault without the UI, for tests about something else, and save
 * the given personas. Returns an extension page (options) to send further messages from.
 */
export async function readyVault(l: FirefoxLaunched, personas: Record<string, unknown>[] = [], passphrase = PASSPHRASE): Promise<Page> {
  const page = await openExtensionPage(l, 'options');
  const status = await send<{ state: string }>(page, { type: 'vault/status' });
  const ok = async (p: Promise<Reply<unknown>>) => {
    const r = await p;
    if (!r.ok) throw new Error(`background answered ${r.error?.code}`);
  };
  if (status.state === 'uninitialized') await ok(send(page, { type: 'vault/create', passphrase }));
  else if (status.state === 'locked') await ok(send(page, { type: 'vault/unlock', passphrase }));
  for (const persona of personas) await ok(send(page, { type: 'personas/save', persona }));
  return page;
}

/**
 * The browser's tab id of a web page, found by its URL through tabs.query from an extension page.
 * Throws unless exactly one tab has that URL.
 */
export async function tabIdOf(ext: Page, page: Page): Promise<number> {
  const url = page.url();
  const ids = await ext.evaluate(async (u) => (await chrome.tabs.query({})).filter((t) => t.url === u).map((t) => t.id ?? -1), url);
  if (ids.length !== 1 || ids[0]! < 0) throw new Error(`tabIdOf: ${ids.length} tabs have the URL ${url}`);
  return ids[0]!;
}

/** Open the popup for the tab of `page` (popup/index.html?tab=ID) in a new tab, as the toolbar button would for that tab. */
export async function openPopupForTab(l: FirefoxLaunched, ext: Page, page: Page): Promise<Page> {
  return openExtensionPage(l, 'popup', `?tab=${await tabIdOf(ext, page)}`);
}

// ---------------------------------------------------------------------------------------------
// Finding controls as a person does: by role and accessible name (label, aria-label, text).
// A small subset of what Playwright's getByRole/getByLabel do, computed in the page.
// ---------------------------------------------------------------------------------------------

export type Role =
  | 'button'
  | 'checkbox'
  | 'radio'
  | 'textbox'
  | 'combobox'
  | 'heading'
  | 'region'
  | 'status'
  | 'alert'
  | 'link'
  | 'form'
  | 'dialog';

/** A name: exact (after collapsing white space) or a pattern. */
export type Name = string | RegExp;

export interface FindOptions {
  /** Search inside this element only. */
  within?: ElementHandle<Element>;
  /** How long to wait for it, in milliseconds (30 s by default). */
  timeout?: number;
}

/**
 * In the page: the visible elements with this role and accessible name, in document order (the
 * first one for `mode: 'first'`, null when none). Self-contained: puppeteer sends its source.
 */
function locate(q: Query, within: Element | null): Element | Element[] | null {
  const { mode, role, exact, pattern } = q;
  const SELECTORS: Record<Role, string> = {
    button: 'button, input[type=button], input[type=submit], [role=button]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    radio: 'input[type=radio], [role=radio]',
    textbox:
      'textarea, input:not([type]), input[type=text], input[type=email], input[type=password], input[type=tel], input[type=url], input[type=search], input[type=number], input[type=date]',
    combobox: 'select, [role=combobox]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    region: 'section[aria-label], section[aria-labelledby], [role=region]',
    status: '[role=status], output',
    alert: '[role=alert]',
    link: 'a[href]',
    form: 'form[aria-label], form[aria-labelledby], [role=form]',
    dialog: 'dialog[open], [role=dialog]',
  };
  const clean = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();
  const nameOf = (el: Element): string => {
    if (role === 'status' || role === 'alert') return clean(el.textContent);
    const by = el.getAttribute('aria-labelledby');
    if (by)
      return clean(
        by
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    const aria = el.getAttribute('aria-label');
    if (aria) return clean(aria);
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length > 0) return clean([...labels].map((l) => l.textContent).join(' '));
    if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button')) return clean(el.value);
    if (role === 'button' || role === 'heading' || role === 'link') return clean(el.textContent);
    return clean(el.getAttribute('title'));
  };
  // A control hidden by a custom look (an opacity-0 checkbox) still counts when its label shows.
  const shown = (e: Element) => e.checkVisibility({ visibilityProperty: true });
  const re = pattern ? new RegExp(pattern.source, pattern.flags) : null;
  const out: Element[] = [];
  for (const el of (within ?? document).querySelectorAll(SELECTORS[role])) {
    const n = nameOf(el);
    if (!(re ? re.test(n) : n === exact)) continue;
    if (!shown(el) && ![...((el as HTMLInputElement).labels ?? [])].some(shown)) continue;
    if (mode === 'first') return el;
    out.push(el);
  }
  return mode === 'first' ? null : out;
}

/** What `locate` looks for (plain data: puppeteer sends it to the page). */
interface Query {
  mode: 'first' | 'all';
  role: Role;
  /** The exact name, or null when `pattern` is given. */
  exact: string | null;
  pattern: { source: string; flags: string } | null;
}

const query = (mode: Query['mode'], role: Role, name: Name): Query =>
  typeof name === 'string'
    ? { mode, role, exact: name, pattern: null }
    : { mode, role, exact: null, pattern: { source: name.source, flags: name.flags } };

/**
 * Wait for the first visible element with this role and accessible name and return it. The name of a
 * form control is its label; of a status or alert region, its text.
 */
export async function find(page: Page, role: Role, name: Name, opts: FindOptions = {}): Promise<ElementHandle<Element>> {
  try {
    const handle = await page.waitForFunction(
      locate,
      { timeout: opts.timeout ?? 30_000, polling: 100 },
      query('first', role, name),
      opts.within ?? null,
    );
    const el = handle.asElement();
    if (!el) throw new Error('not an element');
    return el as ElementHandle<Element>;
  } catch (e) {
    throw new Error(`No visible ${role} named ${String(name)} on ${await where(page)}: ${e instanceof Error ? e.message : e}`);
  }
}

/** How many visible elements have this role and name, now (no waiting). */
export async function count(page: Page, role: Role, name: Name, within?: ElementHandle<Element>): Promise<number> {
  const all = (await page.evaluateHandle(locate, query('all', role, name), within ?? null)) as JSHandle<Element[]>;
  try {
    return await all.evaluate((a) => a.length);
  } finally {
    await all.dispose();
  }
}

/** Type `text` into the text field labelled `label`, replacing what it held, with real key presses. */
export async function fillField(page: Page, label: Name, text: string, opts: FindOptions = {}): Promise<void> {
  const el = await find(page, 'textbox', label, opts);
  await el.click();
  await el.evaluate((e) => (e as HTMLInputElement).select());
  if (text === '') await page.keyboard.press('Backspace');
  else await el.type(text);
}

/** Click the button named `name`. */
export async function clickButton(page: Page, name: Name, opts: FindOptions = {}): Promise<void> {
  await (await find(page, 'button', name, opts)).click();
}

/** Tick or untick a checkbox by clicking it (or its label), as a person does; waits until it took. */
export async function setChecked(page: Page, name: Name, checked: boolean, opts: FindOptions = {}): Promise<void> {
  const box = await find(page, 'checkbox', name, opts);
  if ((await box.evaluate((e) => (e as HTMLInputElement).checked)) === checked) return;
  await box.click();
  await page.waitForFunction((e, want) => (e as HTMLInputElement).checked === want, { timeout: 10_000, polling: 50 }, box, checked);
}

/** Whether the checkbox named `name` is ticked. */
export async function isChecked(page: Page, name: Name, opts: FindOptions = {}): Promise<boolean> {
  return (await find(page, 'checkbox', name, opts)).evaluate((e) => (e as HTMLInputElement).checked);
}

/** The visible text of an element (innerText), white space collapsed. */
export async function textOf(el: ElementHandle<Element>): Promise<string> {
  return el.evaluate((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim());
}

/** Wait until the visible text of the page (or of `within`) matches `pattern`; returns that text. */
export async function waitForText(page: Page, pattern: RegExp, opts: FindOptions = {}): Promise<string> {
  try {
    const handle = await page.waitForFunction(
      (source: string, flags: string, within: Element | null) => {
        const text = ((within ?? document.body) as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
        return new RegExp(source, flags).test(text) ? text : null;
      },
      { timeout: opts.timeout ?? 30_000, polling: 100 },
      pattern.source,
      pattern.flags,
      opts.within ?? null,
    );
    return (await handle.jsonValue()) as string;
  } catch (e) {
    const now = await page
      .evaluate((w: Element | null) => ((w ?? document.body) as HTMLElement).innerText, opts.within ?? null)
      .catch(() => '');
    throw new Error(
      `Text ${pattern} did not appear on ${await where(page)}; it shows: ${redact(now).slice(0, 600)} (${e instanceof Error ? e.message : e})`,
    );
  }
}

/** The URL a page shows (puppeteer's page.url() stays about:blank for extension pages: no BiDi events for them). */
async function where(page: Page): Promise<string> {
  return page.evaluate(() => location.href).catch(() => page.url());
}

/** Page text fit for a test log: a recovery code on screen is replaced. */
const redact = (text: string): string => text.replace(/\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3,}\b/g, '[recovery code]');

/** The value of the form control matched by `selector` in a web page (or frame). */
export async function inputValue(page: Page | Frame, selector: string): Promise<string> {
  return page.$eval(selector, (e) => (e as HTMLInputElement).value);
}

// ---------------------------------------------------------------------------------------------
// The popup's fill preview, as test/e2e/harness.ts reads it in Chromium.
// ---------------------------------------------------------------------------------------------

/** One field of the fill preview as the popup shows it. */
export interface ShownEntry {
  /** The checkbox's label: the field's label on the page. */
  label: string;
  /** The value shown beside it (what will be written). */
  value: string;
  checked: boolean;
}

/** The "This site" region of the unlocked popup, once its preview has loaded (it is aria-busy while loading). */
export async function siteRegion(popup: Page, timeout = 30_000): Promise<ElementHandle<Element>> {
  const region = await find(popup, 'region', 'This site', { timeout });
  await popup.waitForFunction((r) => r.getAttribute('aria-busy') !== 'true', { timeout, polling: 100 }, region);
  return region;
}

/** The entries of the preview, in order: label, the value described beside it, ticked or not. */
export async function readPreview(popup: Page): Promise<ShownEntry[]> {
  const region = await siteRegion(popup);
  return region.evaluate((r) => {
    const clean = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();
    return [...r.querySelectorAll('li input[type=checkbox]')].map((el) => {
      const input = el as HTMLInputElement;
      const described = (input.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id))
        .filter((x) => x !== null);
      const value = clean(described.map((d) => d.querySelector('.fill-display')?.textContent ?? d.textContent).join(' '));
      return { label: clean([...(input.labels ?? [])].map((l) => l.textContent).join(' ')), value, checked: input.checked };
    });
  });
}
