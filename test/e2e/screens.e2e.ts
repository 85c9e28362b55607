/**
 * The README's screenshots (docs/screens/*.png), taken in real headless Chromium with the built
 * extension while a person's story plays out: create the vault, lock and unlock, fill a signup form
 * after the preview, a second site, a deletion request to each, an intent to two brands and the
 * offers that come back. Each screenshot is taken only after the screen shows what it should, so a
 * broken screen fails here instead of landing in the README.
 *
 * The images change only when the UI does: fixed data (the suites' persona, named brands), fixed
 * host names (northwind.localhost ... mapped to the local servers' random ports), English, UTC, fixed
 * sizes, and a fixed clock in the extension pages, the service worker (where records are stamped)
 * and the brands (which check signature times against it).
 *
 * The service worker's clock needs one line added to a copy of the build: background modules keep
 * a reference to `Date.now` from when they load, so it must be replaced before they do. The copy
 * is dist/chrome with `screens-clock.js` imported first by the worker's loader; nothing else
 * differs, and the other suites test dist/chrome itself.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrand, type RunningBrand } from '../../demo/brand/server.mjs';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import {
  DIST,
  fillFromPopup,
  fixturePersona,
  type Launched,
  launch,
  openExtensionPage,
  openPopupForTab,
  PASSPHRASE,
  ROOT,
  readPreview,
  send,
  siteRegion,
} from './harness';

const OUT = join(ROOT, 'docs/screens');
const POPUP_WIDTH = 360; // html.popup body, src/ui/theme.css
const POPUP_MAX_HEIGHT = 600; // Chrome's largest popup
const OPTIONS_SIZE = { width: 1100, height: 800 };
/** Said where "Request deletion" was while a deletion request is open (the request itself stands in the list). */
const PENDING = 'Deletion already requested: you can ask again once that request is answered or withdrawn.';

/** The story's clock. It must stay ahead of the real one: the auto-lock alarm is set on it. */
const at = (iso: string) => Date.parse(`${iso}Z`);
const CLOCK = {
  created: at('2030-03-02T09:00:00'),
  signup: at('2030-03-02T09:12:00'),
  contact: at('2030-03-05T18:40:00'),
  requests: at('2030-03-09T08:30:00'),
  intent: at('2030-03-11T20:05:00'),
  offers: at('2030-03-12T07:50:00'),
  today: at('2030-03-12T10:00:00'),
};

let now = CLOCK.created;
let l: Launched;
let ext: Page;
let dir: string;
let northwind: DemoServer;
let quietwind: DemoServer;
let acme: RunningBrand;
const savedTz = process.env.TZ;

/** The fixed names the browser resolves to the local servers. */
const HOSTS = { northwind: 'northwind.localhost', quietwind: 'quietwind.localhost', acme: 'acme.localhost' };
const site = (host: string) => `http://${host}`;

beforeAll(async () => {
  if (Date.now() > CLOCK.created - 86_400_000)
    throw new Error('screens.e2e.ts: move CLOCK past the real date (the auto-lock alarm uses it)');
  // Chromium inherits TZ: dates in the pages (and the service worker) are shown in UTC.
  process.env.TZ = 'UTC';
  dir = mkdtempSync(join(tmpdir(), 'proffer-screens-'));
  const clock = () => now;
  northwind = await createDemoServer({
    port: 0,
    host: '127.0.0.1',
    // Requests move only when the test says so, not with the background's own status polls.
    brand: { name: 'Northwind Outfitters', dataDir: join(dir, 'northwind'), now: clock, autoAdvance: false },
  });
  quietwind = await createDemoServer({
    port: 0,
    host: '127.0.0.1',
    brand: { name: 'Quietwind', dataDir: join(dir, 'quietwind'), now: clock, dataRights: false, contactEmail: 'privacy@quietwind.example' },
  });
  // Prices of its own, so the offers sort the same way every time (equal prices would tie).
  const catalogue = [
    { id: 'monitor-27-ips', name: '27-inch IPS monitor, USB-C', words: ['monitor'], price: 279, currency: 'EUR' },
    { id: 'monitor-24-refurb', name: '24-inch monitor, refurbished', words: ['monitor'], price: 119, currency: 'EUR' },
  ];
  acme = await createBrand({ name: 'Acme Supplies', dataDir: join(dir, 'acme'), port: 0, host: '127.0.0.1', now: clock, catalogue });
  const rules = [
    [HOSTS.northwind, northwind.url],
    [HOSTS.quietwind, quietwind.url],
    [HOSTS.acme, acme.url],
  ].map(([host, url]) => `MAP ${host} ${new URL(url!).host}`);
  l = await launch({ extensionDir: buildWithClock(join(dir, 'extension')), args: [`--host-resolver-rules=${rules.join(',')}`] });
  await setClock(CLOCK.created);
});

afterAll(async () => {
  await l?.dispose();
  await northwind?.close();
  await quietwind?.close();
  await acme?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

/**
 * The worker's clock: Date (and Date.now) read `globalThis.__screensNow` once the test sets it.
 * Plain script, imported before the background's own modules.
 */
const CLOCK_SHIM = `const Real = Date;
const fixed = () => globalThis.__screensNow;
globalThis.Date = class extends Real {
  constructor(...args) {
    if (args.length === 0 && fixed() !== undefined) super(fixed());
    else super(...args);
  }
  static now() {
    return fixed() ?? Real.now();
  }
};
`;

/** A copy of dist/chrome whose service worker loads CLOCK_SHIM first. */
function buildWithClock(to: string): string {
  cpSync(DIST, to, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as { background: { service_worker: string } };
  const loader = join(to, manifest.background.service_worker);
  const code = readFileSync(loader, 'utf8');
  // A build running meanwhile empties dist/chrome: better to say so than to load half an extension.
  for (const [, spec] of code.matchAll(/import\s*["']\.\/([^"']+)["']/g)) {
    if (!existsSync(join(to, spec!))) throw new Error(`dist/chrome changed while it was copied (no ${spec}): build again`);
  }
  writeFileSync(join(to, 'screens-clock.js'), CLOCK_SHIM);
  writeFileSync(loader, `import '/screens-clock.js';\n${code}`);
  return to;
}

/** Set the story's clock in the pages, the service worker and the brands. */
async function setClock(ms: number): Promise<void> {
  now = ms;
  await l.context.clock.setFixedTime(ms);
  const worker = await l.worker();
  await worker.evaluate((t) => {
    (globalThis as unknown as { __screensNow: number }).__screensNow = t;
  }, ms);
  await expectClock();
}

/** The service worker still runs on the story's clock (a restarted worker would stamp real times). */
async function expectClock(): Promise<void> {
  const worker = await l.worker();
  expect(await worker.evaluate(() => Date.now()), 'the service worker lost the fixed clock (was it restarted?)').toBe(now);
}

async function save(page: Page, name: string): Promise<void> {
  await expectClock();
  // No hover state from the last click, no caret, no transition half-way.
  await page.mouse.move(0, 0);
  await page.addStyleTag({
    content: '*, *::before, *::after { caret-color: transparent !important; transition: none !important; animation: none !important; }',
  });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.png`), await page.screenshot({ animations: 'disabled' }));
}

/** The popup as Chrome shows it: 360 px wide, as tall as its content up to 600 px. */
async function shootPopup(page: Page, name: string, scrollTo?: ReturnType<Page['locator']>): Promise<void> {
  // Measured in a tiny viewport, so nothing sized to the viewport (100vh) counts.
  await page.setViewportSize({ width: POPUP_WIDTH, height: 100 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: POPUP_WIDTH, height: Math.min(POPUP_MAX_HEIGHT, height) });
  // Taller than a popup gets: scrolled as a person would, to the part that matters here.
  if (scrollTo) await scrollTo.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await save(page, name);
}

async function shootOptions(page: Page, name: string): Promise<void> {
  await page.setViewportSize(OPTIONS_SIZE);
  await save(page, name);
}

async function optionsAt(section: string, heading: string): Promise<Page> {
  const page = await openExtensionPage(l, 'options', `#${section}`);
  await page.setViewportSize(OPTIONS_SIZE);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  return page;
}

/** A site's card in the ledger: the origin is always shown in it. */
const siteCard = (page: Page, origin: string) => page.locator('li.ledger-site').filter({ has: page.getByText(origin, { exact: true }) });

async function popupFor(url: string): Promise<{ tab: Page; popup: Page }> {
  const tab = await l.context.newPage();
  await tab.goto(url);
  const popup = await openPopupForTab(l, tab);
  await popup.setViewportSize({ width: POPUP_WIDTH, height: POPUP_MAX_HEIGHT });
  return { tab, popup };
}

describe('README screenshots', () => {
  it('onboarding: a new vault, passphrase chosen', async () => {
    const popup = await openExtensionPage(l, 'popup');
    await popup.setViewportSize({ width: POPUP_WIDTH, height: POPUP_MAX_HEIGHT });
    await popup.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await popup.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
    await popup.getByText('Strength: very strong').waitFor();
    await expect(popup.getByRole('button', { name: 'Create vault' }).isEnabled()).resolves.toBe(true);
    await shootPopup(popup, 'onboarding');

    await popup.getByRole('button', { name: 'Create vault' }).click();
    const code = (await popup.locator('#recovery-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    await popup.getByRole('button', { name: 'I have saved it' }).click();
    await popup.getByLabel('Your saved recovery code').fill(code);
    await popup.getByRole('button', { name: 'Confirm recovery code' }).click();
    await popup.getByRole('button', { name: 'Skip for now' }).click();
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('heading', { name: 'Your personas' }).waitFor();
    ext = popup;
    const persona = { ...fixturePersona(), createdAt: CLOCK.created, updatedAt: CLOCK.created };
    expect((await send(ext, { type: 'personas/save', persona })).ok).toBe(true);
    const work = {
      ...fixturePersona('persona-work'),
      label: 'Work',
      email: 'o.vantongeren@quillon-lanternworks.example',
      createdAt: CLOCK.created,
      updatedAt: CLOCK.created,
    };
    expect((await send(ext, { type: 'personas/save', persona: work })).ok).toBe(true);
  });

  it('unlock', async () => {
    await ext.getByRole('button', { name: 'Lock' }).click();
    await ext.getByRole('heading', { name: 'Unlock Proffer' }).waitFor();
    await ext.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await shootPopup(ext, 'unlock');
    await ext.getByRole('button', { name: 'Unlock' }).click();
    await ext.getByRole('heading', { name: 'Your personas' }).waitFor({ timeout: 30_000 });
  });

  it('options: personas, the editor open', async () => {
    const page = await optionsAt('personas', 'Personas');
    await page.getByRole('button', { name: 'Edit Everyday' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit “Everyday”' }).waitFor();
    await expect(page.getByLabel('Given name').inputValue()).resolves.toBe('Orlaith');
    await expect(page.getByLabel('Family name').inputValue()).resolves.toBe('Vantongeren');
    // The email address is shown whole, not cut off by a column too narrow for it.
    const email = page.getByLabel('Email', { exact: true });
    await expect(email.inputValue()).resolves.toBe('orlaith.vantongeren@mailcanary.example');
    expect(await email.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await shootOptions(page, 'personas');
    await page.close();
  });

  it('fill preview: the values going to a signup form', async () => {
    await setClock(CLOCK.signup);
    const { tab, popup } = await popupFor(`${site(HOSTS.northwind)}/signup`);
    const entries = await readPreview(popup);
    const shown = (label: RegExp) => entries.find((e) => label.test(e.label));
    expect(shown(/^First name/)).toMatchObject({ value: 'Orlaith', checked: true });
    expect(shown(/^Email address/)).toMatchObject({ value: 'orlaith.vantongeren@mailcanary.example', checked: true });
    expect(await siteRegion(popup).then((r) => r.textContent())).toContain(site(HOSTS.northwind));
    await shootPopup(popup, 'fill-preview');
    expect(await fillFromPopup(popup)).toMatch(/^Filled \d+ fields/);
    await popup.close();
    await tab.close();

    // A second site, a few days later: its contact form.
    await setClock(CLOCK.contact);
    const contact = await popupFor(`${site(HOSTS.quietwind)}/contact`);
    expect(await fillFromPopup(contact.popup)).toMatch(/^Filled \d+ fields/);
    await contact.popup.close();
    await contact.tab.close();
  });

  it('options: who has my data, two sites', async () => {
    await setClock(CLOCK.requests);
    const page = await optionsAt('ledger', 'Who has my data');
    const north = siteCard(page, site(HOSTS.northwind));
    const quiet = siteCard(page, site(HOSTS.quietwind));
    await north.waitFor();
    await quiet.waitFor();
    expect(await north.textContent()).toMatch(/1 entry · on Mar 2, 2030, 9:12 AM/);
    for (const label of ['First name', 'Email address', 'City']) expect(await north.textContent()).toContain(label);
    expect(await quiet.textContent()).toContain('Form fill');
    // Values stay hidden until asked: here, for the newest site.
    await quiet.getByRole('button', { name: 'Show values' }).click();
    await expect.poll(() => quiet.textContent()).toContain('orlaith.vantongeren@mailcanary.example');
    await shootOptions(page, 'ledger');
    await page.close();
  });

  it('options: data-rights requests, one to an endpoint, one as an email, tracked to their deadlines', async () => {
    const page = await optionsAt('ledger', 'Who has my data');
    const north = siteCard(page, site(HOSTS.northwind));
    await north.getByRole('button', { name: 'Request deletion' }).click();
    await north.getByRole('button', { name: 'Send deletion request' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Deletion request sent to / })
      .waitFor({ timeout: 30_000 });
    const sent = northwind.brand!.requests();
    expect(sent).toHaveLength(1);
    northwind.brand!.advance(sent[0]!.request_id, 'in_progress');
    await north.getByRole('button', { name: 'Check status' }).click();
    await north.getByText(/sent to the site:\s*in progress/).waitFor();

    const quiet = siteCard(page, site(HOSTS.quietwind));
    await quiet.getByRole('button', { name: 'Request deletion' }).click();
    await quiet.getByRole('radio', { name: 'CCPA (California)' }).check();
    await quiet.getByRole('button', { name: 'Send deletion request' }).click();
    // Quietwind declares no endpoint: the request is an email to send, tracked to the CCPA's 45 days.
    const draft = quiet.getByRole('region', { name: 'Your request, as an email' });
    await draft.waitFor({ timeout: 30_000 });
    expect(await draft.textContent()).toContain('privacy@quietwind.example');
    expect(await draft.getByLabel('Email text').inputValue()).toContain('orlaith.vantongeren@mailcanary.example');
    await quiet.getByText(/Deletion request, CCPA \(California\), by email:\s*open/).waitFor();
    await quiet.getByText('Answer due by Apr 23, 2030.').waitFor();
    await north.getByText('Answer due by Apr 9, 2030.').waitFor();
    // While a request is open, no second one is offered: why is said where "Request deletion" was.
    // Its status and deadline stand once, in the list.
    await quiet.getByText(PENDING).waitFor();
    await north.getByText(PENDING).waitFor();
    expect(await north.getByText(/due by /).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Request deletion' }).count()).toBe(0);
    // One entry, made on Mar 5: the request of today is not counted or dated as one.
    expect(await quiet.locator('.ledger-summary').textContent()).toBe('1 entry · on Mar 5, 2030, 6:40 PM (4 days ago)');
    await page.setViewportSize(OPTIONS_SIZE);
    await quiet.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await save(page, 'requests');
    await page.close();
  });

  it('options: intents, and the offers that came back', async () => {
    await setClock(CLOCK.intent);
    const page = await optionsAt('intents', 'Intents');
    const address = page.getByLabel('Brand address');
    for (const [host, name] of [
      [HOSTS.northwind, 'Northwind Outfitters'],
      [HOSTS.acme, 'Acme Supplies'],
    ] as const) {
      await address.fill(site(host));
      await page.getByRole('button', { name: 'Add brand' }).click();
      await page.getByRole('status').getByText(`${name} was added to your brands.`).waitFor({ timeout: 30_000 });
    }
    await page.getByLabel('What do you want?').fill('27-inch monitor');
    await page.getByLabel('Budget (optional)').fill('300');
    await page.getByLabel('Currency').selectOption('EUR');
    await page.getByLabel('Delivery region (optional)').fill('Berlin');
    await page.getByLabel('Persona').selectOption({ label: 'Everyday' });
    await page.getByRole('checkbox', { name: 'Postal code', exact: true }).check();
    await page.getByRole('checkbox', { name: /Northwind Outfitters/ }).check();
    await page.getByRole('checkbox', { name: /Acme Supplies/ }).check();
    await page.getByRole('button', { name: 'Send intent' }).click();
    await page.getByRole('status').getByText('"27-inch monitor" was sent: 2 of 2 brands received it so far.').waitFor({ timeout: 30_000 });
    // The brands hold the revealed postal code and nothing else of the persona.
    expect(acme.brand.intents()[0]!.document.revealed).toEqual({ 'postal-code': '10999' });

    // The next morning, offers are in.
    await setClock(CLOCK.offers);
    await page.getByRole('button', { name: 'Check for offers' }).click();
    await page.locator('.offer').nth(3).waitFor({ timeout: 30_000 });
    await page.close();

    await setClock(CLOCK.today);
    const later = await optionsAt('intents', 'Intents');
    await later.getByLabel('Sort by').selectOption('price-asc');
    const offers = later.locator('.offer');
    await expect.poll(() => offers.count()).toBe(4);
    expect(await later.locator('.offer-price').allTextContents()).toEqual(['€119.00', '€139.00', '€249.00', '€279.00']);
    await offers.first().getByText('24-inch monitor, refurbished').waitFor();
    await offers.first().getByText('from Acme Supplies').waitFor();
    await offers.first().getByText('New').waitFor();
    // Its description names the intent already; "For: 27-inch monitor" would say it twice.
    await offers.first().getByText('Offer for "27-inch monitor".').waitFor();
    expect(await offers.first().textContent()).not.toContain('For: 27-inch monitor');
    const intent = later.locator('.intent').filter({ hasText: '27-inch monitor' });
    await intent.getByText(/Northwind Outfitters: received on/).waitFor();
    await intent.getByText(/Acme Supplies: received on/).waitFor();
    await shootOptions(later, 'intents');
    await later.close();
  });

  it('popup on a site you shared with: what it has, your request, GPC, intents', async () => {
    const { tab, popup } = await popupFor(`${site(HOSTS.northwind)}/`);
    await siteRegion(popup);
    const who = popup.getByRole('region', { name: 'What the site has from you' });
    // The signup, and the postal code revealed with the intent.
    await who.getByText('2 entries, the last Mar 11, 2030, 8:05 PM (14 hours ago).').waitFor();
    await who.getByText(/Deletion request, GDPR \(EU, Art\. 17\), sent to the site:\s*in progress/).waitFor();
    await who.getByText('Answer due by Apr 9, 2030.').waitFor();
    await who.getByText(PENDING).waitFor();
    expect(await who.getByRole('button', { name: 'Request deletion' }).count()).toBe(0);
    // The postal code revealed with the intent is named as the persona editor names it.
    const recent = who.locator('.who-fields dt');
    expect(await recent.allTextContents()).toContain('Postal code');
    expect(await recent.allTextContents()).not.toContain('postal-code');
    await popup
      .getByRole('region', { name: 'Global Privacy Control' })
      .getByText(/says it honours Global Privacy Control/)
      .waitFor();
    await popup.getByRole('heading', { name: 'Tell brands what you want' }).waitFor();
    await shootPopup(popup, 'popup', who);
    await popup.close();
    await tab.close();
  });

  it('options: your terms', async () => {
    const page = await optionsAt('terms', 'Your terms');
    const inForce = page.getByRole('region', { name: 'In force' });
    await inForce.getByText('#NoStalking, no sale').waitFor();
    expect(await inForce.textContent()).toContain('Just give me ads not based on tracking me.');
    // Made on first use (the signup), and in force since.
    const versions = page.getByRole('region', { name: 'Versions' });
    expect(await versions.textContent()).toMatch(/#NoStalking, no salein forceSaved Mar 2, 2030, 9:12 AM · SHA-256 [0-9a-f]{8}/);
    await shootOptions(page, 'terms');
    await page.close();
  });

  it('options: settings', async () => {
    const page = await optionsAt('settings', 'Settings');
    await page.getByLabel('Auto-lock after (minutes)').fill('10');
    await page.getByRole('button', { name: 'Save auto-lock' }).click();
    await page.getByRole('status').getByText('Proffer now locks itself after 10 minutes without use.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Change passphrase' }).waitFor();
    await shootOptions(page, 'settings');
    await page.close();
  });

  it('options: backup', async () => {
    const page = await optionsAt('backup', 'Backup');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export backup' }).click()]);
    expect(download.suggestedFilename()).toBe('proffer-backup-2030-03-12.json');
    // A whole, sealed vault: both personas, and not one of their values in the clear.
    const file = readFileSync((await download.path())!, 'utf8');
    const backup = JSON.parse(file) as { format: string; createdAt: string; tables: Record<string, unknown[]> };
    expect(backup.createdAt).toBe('2030-03-12T10:00:00.000Z');
    expect(backup.tables.personas).toHaveLength(2);
    for (const value of ['Orlaith', 'mailcanary', 'Kestrelweg']) expect(file).not.toContain(value);
    await page.getByRole('status').getByText('Saved proffer-backup-2030-03-12.json.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Import' }).waitFor();
    await shootOptions(page, 'backup');
    await page.close();
  });
});
