/**
 * Proffer in real Firefox ESR (the Debian `firefox-esr`) with dist/firefox installed as a temporary
 * add-on, driven through its pages as a person uses them: onboarding, lock and unlock, a fill with
 * its preview, Global Privacy Control on the wire and in pages, and a signed deletion request that
 * a reference brand verifies. A smoke suite: the Chromium suite (test/e2e) covers each area in depth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import { fixturePersona, PASSPHRASE } from '../e2e/harness';
import { type PageServer, type RequestLogEntry, startPageServer } from '../e2e/page-server';
import {
  clickButton,
  count,
  type FirefoxLaunched,
  fillField,
  find,
  inputValue,
  isChecked,
  launchFirefox,
  openExtensionPage,
  openPopupForTab,
  ROOT,
  readPreview,
  readyVault,
  send,
  setChecked,
  siteRegion,
  textOf,
  waitForText,
} from './harness';

const EMAIL = 'orlaith.vantongeren@mailcanary.example';

type Status = { state: string };
type PersonaList = { personas: { id: string; label: string; email?: string }[] };
type Share = { personaId: string; channel: string; fields: { token: string; value: string }[] };

let l: FirefoxLaunched | null = null;
afterEach(async () => {
  await l?.dispose();
  l = null;
});

describe('the vault in Firefox', () => {
  it('onboarding: a vault with a passphrase and a confirmed recovery code, then a first persona', async () => {
    l = await launchFirefox();
    const popup = await openExtensionPage(l, 'popup');
    await find(popup, 'heading', 'Create your vault');
    await fillField(popup, 'Passphrase', PASSPHRASE);
    await fillField(popup, 'Confirm passphrase', PASSPHRASE);
    await clickButton(popup, 'Create vault');
    // The recovery code is shown once; the person saves it and types it back.
    await find(popup, 'heading', 'Save your recovery code', { timeout: 60_000 });
    const code = await popup.$eval('#recovery-code', (e) => e.textContent?.trim() ?? '');
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
    await clickButton(popup, 'I have saved it');
    // A wrong code is not accepted.
    await fillField(popup, 'Your saved recovery code', 'AAAA-BBBB-CCCC-DDDD');
    await clickButton(popup, 'Confirm recovery code');
    await waitForText(popup, /does not match the recovery code/);
    await fillField(popup, 'Your saved recovery code', code);
    await clickButton(popup, 'Confirm recovery code');

    // The first persona.
    await fillField(popup, 'Label', 'Private');
    await fillField(popup, 'Given name', 'Orlaith');
    await fillField(popup, 'Family name', 'Vantongeren');
    await fillField(popup, 'Email', EMAIL);
    await clickButton(popup, 'Save persona');
    await find(popup, 'heading', "You're all set");
    await clickButton(popup, 'Continue');
    await find(popup, 'heading', 'Your personas');
    await waitForText(popup, /\bPrivate\b/);
    // It is really in the vault, not only on screen.
    expect((await send<Status>(popup, { type: 'vault/status' })).state).toBe('unlocked');
    const list = await send<PersonaList>(popup, { type: 'personas/list' });
    expect(list.personas.map((p) => [p.label, p.email])).toEqual([['Private', EMAIL]]);
  });

  it('locks, refuses a wrong passphrase with a message, and unlocks with the right one', async () => {
    l = await launchFirefox();
    await (await readyVault(l, [fixturePersona()])).close();
    const popup = await openExtensionPage(l, 'popup');
    await find(popup, 'heading', 'Your personas');
    await clickButton(popup, 'Lock');
    await find(popup, 'heading', 'Unlock Proffer');
    expect((await send<Status>(popup, { type: 'vault/status' })).state).toBe('locked');
    // Nothing of the vault shows while locked.
    expect(await popup.evaluate(() => document.body.innerText)).not.toContain('Everyday');

    await fillField(popup, 'Passphrase', 'not-the-passphrase-at-all');
    await clickButton(popup, 'Unlock');
    const alert = await find(popup, 'alert', /\S/, { timeout: 60_000 });
    expect(await textOf(alert)).toBe('That passphrase is not correct.');
    expect((await send<Status>(popup, { type: 'vault/status' })).state).toBe('locked');

    await fillField(popup, 'Passphrase', PASSPHRASE);
    await clickButton(popup, 'Unlock');
    await find(popup, 'heading', 'Your personas', { timeout: 60_000 });
    await waitForText(popup, /\bEveryday\b/);
    expect((await send<Status>(popup, { type: 'vault/status' })).state).toBe('unlocked');
  });
});

/**
 * What a field of the page shows, found by its label text as the popup names it: the value of a text
 * field, the text of a select's chosen option.
 */
async function shownOnPage(page: Page, label: string): Promise<string | null> {
  return page.evaluate((label) => {
    const clean = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();
    const control = [...document.querySelectorAll('label')].find((l) => clean(l.textContent) === label)?.control;
    if (control instanceof HTMLSelectElement) return clean(control.selectedOptions[0]?.textContent);
    return control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement ? control.value : null;
  }, label);
}

describe('a fill with preview in Firefox', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await createDemoServer({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('shows which value goes to which field, fills exactly those, leaves traps empty, and records the share', async () => {
    l = await launchFirefox();
    const ext = await readyVault(l, [fixturePersona()]);
    const page = await l.browser.newPage();
    const url = `${demo.url}/signup`;
    await page.goto(url);

    const popup = await openPopupForTab(l, ext, page);
    const region = await siteRegion(popup);
    expect(await textOf(region)).toContain(new URL(url).origin);
    const shown = await readPreview(popup);
    const offered = Object.fromEntries(shown.map((e) => [e.label, e.value]));
    expect(offered).toMatchObject({
      'First name': 'Orlaith',
      'Last name': 'Vantongeren',
      'Email address': EMAIL,
      'Mobile phone (optional)': '+4930901820417',
      'Street address': 'Kestrelweg 41',
      City: 'Gorzlinde',
      'ZIP / Postal code': '10999',
      Country: 'Germany',
    });
    expect(shown.filter((e) => e.label !== 'Create a password').every((e) => e.checked)).toBe(true);
    // The honeypot is not offered at all; the marketing consent only as the answer the person's terms
    // give it (issue 14): left unticked. The password is offered unticked.
    expect(await count(popup, 'checkbox', 'City', region)).toBe(1);
    expect(await count(popup, 'checkbox', 'Website', region)).toBe(0);
    expect(await count(popup, 'checkbox', /Send me offers/, region)).toBe(1);
    expect(offered['Send me offers and news from Northwind Outfitters and selected partners']).toBe(
      'Leave unticked: no to sharing with others',
    );
    // The State list holds US states only and the persona lives in Berlin: State is not offered.
    expect(await count(popup, 'checkbox', /^State/, region)).toBe(0);
    expect(await isChecked(popup, /^Create a password/, { within: region })).toBe(false);
    // Opening the popup scanned the page; nothing was written.
    for (const sel of ['#given-name', '#email', '#city', '#website']) expect(await inputValue(page, sel)).toBe('');

    // The person keeps their phone number to themselves.
    await setChecked(popup, 'Mobile phone (optional)', false, { within: region });
    const approved = (await readPreview(popup)).filter((e) => e.checked);
    expect(approved.map((e) => e.label)).not.toContain('Mobile phone (optional)');
    await clickButton(popup, `Fill ${approved.length} fields`, { within: region });
    const said = await textOf(await find(popup, 'status', /^Filled \d+ fields?\./, { within: region }));
    expect(said).toMatch(new RegExp(`^Filled ${approved.length} fields\\. Recorded in your ledger`));

    // Each approved field of the page holds exactly the value the preview showed for it (the consent box: its state, below).
    for (const e of approved.filter((x) => !/^Send me offers/.test(x.label)))
      expect([e.label, await shownOnPage(page, e.label)]).toEqual([e.label, e.value]);
    expect(await inputValue(page, '#country')).toBe('DE');
    // Traps, and what was not ticked, stay empty.
    expect(await inputValue(page, '#phone')).toBe('');
    expect(await inputValue(page, '#state')).toBe('');
    expect(await inputValue(page, '#website')).toBe('');
    expect(await inputValue(page, '#password')).toBe('');
    expect(await page.$eval('#marketing', (e) => (e as HTMLInputElement).checked)).toBe(false);

    // The ledger records exactly what was written, for this site, and the popup says so.
    const ledger = await send<{ shares: Share[] }>(ext, { type: 'ledger/site', site: new URL(url).origin });
    expect(ledger.shares).toHaveLength(1);
    const share = ledger.shares[0]!;
    expect(share.channel).toBe('form');
    expect(share.personaId).toBe('persona-everyday');
    const byToken = Object.fromEntries(share.fields.map((f) => [f.token, f.value]));
    expect(byToken).toMatchObject({ 'given-name': 'Orlaith', 'family-name': 'Vantongeren', email: EMAIL, 'postal-code': '10999' });
    expect(share.fields).toHaveLength(approved.length);
    expect(byToken).not.toHaveProperty('tel');
    const who = await find(popup, 'region', 'What the site has from you');
    await waitForText(popup, /1 entry/, { within: who });
  });
});

describe('Global Privacy Control in Firefox', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer(join(ROOT, 'test/firefox/pages'));
  });
  afterAll(async () => {
    await server?.close();
  });

  /** navigator.globalPrivacyControl in a document: now, and as its first script saw it. */
  const readGpc = (target: Page | Frame) =>
    target.evaluate(() => ({
      now: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl,
      atStart: (window as unknown as { gpcAtStart: unknown }).gpcAtStart,
    }));

  /** Load the test page and report the Sec-GPC of each request it made, and what each document saw. */
  async function load(page: Page, run: string) {
    const from = server.log.length;
    await page.goto(`${server.origin}/gpc.html?run=${run}&other=${encodeURIComponent(server.other)}`);
    await page.waitForFunction(() => (window as unknown as { loaded?: Promise<boolean> }).loaded, { timeout: 30_000 });
    await page.evaluate(() => (window as unknown as { loaded: Promise<boolean> }).loaded);
    const log = () => server.log.slice(from);
    const own = (path: string): RequestLogEntry | undefined => log().find((e) => e.port === server.ports[0] && e.url.startsWith(path));
    const third = (path: string): RequestLogEntry | undefined => log().find((e) => e.port === server.ports[1] && e.url.startsWith(path));
    const paths = ['/gpc.html', '/gpc.css', '/gpc.js', '/gpc-pixel.txt?via=img', '/gpc-pixel.txt?via=fetch', '/gpc-pixel.txt?via=xhr'];
    await expect.poll(() => paths.every((p) => own(p)) && !!own('/gpc-frame.html') && !!third('/gpc-frame.html')).toBe(true);
    const frame = (id: string) => {
      const f = page
        .frames()
        .find((x) => x.url().includes('/gpc-frame.html') && x.url().startsWith(id === 'same' ? server.origin : server.other));
      if (!f) throw new Error(`the ${id} frame did not load`);
      return f;
    };
    return {
      headers: Object.fromEntries([...paths, '/gpc-frame.html'].map((p) => [p, own(p)?.gpc ?? null])),
      thirdParty: { image: third('/gpc-pixel.txt?via=third-party')?.gpc ?? null, frame: third('/gpc-frame.html')?.gpc ?? null },
      page: await readGpc(page),
      sameOriginFrame: await readGpc(frame('same')),
      otherOriginFrame: await readGpc(frame('other')),
    };
  }

  const everywhere = (v: string | null) =>
    Object.fromEntries(
      [
        '/gpc.html',
        '/gpc.css',
        '/gpc.js',
        '/gpc-pixel.txt?via=img',
        '/gpc-pixel.txt?via=fetch',
        '/gpc-pixel.txt?via=xhr',
        '/gpc-frame.html',
      ].map((p) => [p, v]),
    );

  it('sends Sec-GPC: 1 on the navigation and every subresource, and pages and frames see navigator.globalPrivacyControl', async () => {
    l = await launchFirefox();
    // No vault yet: GPC needs none. Firefox's own GPC pref is off, so what is seen comes from Proffer.
    const on = await load(await l.browser.newPage(), 'on');
    expect(on).toEqual({
      headers: everywhere('1'),
      thirdParty: { image: '1', frame: '1' },
      page: { now: true, atStart: true },
      sameOriginFrame: { now: true, atStart: true },
      otherOriginFrame: { now: true, atStart: true },
    });

    // The person turns it off for this site in the popup: both signals go, for this site only.
    const ext = await readyVault(l, [fixturePersona()]);
    const page = await l.browser.newPage();
    await page.goto(`${server.origin}/gpc.html?run=popup&other=${encodeURIComponent(server.other)}`);
    const popup = await openPopupForTab(l, ext, page);
    const section = await find(popup, 'region', 'Global Privacy Control');
    expect(await isChecked(popup, 'Send Global Privacy Control to this site', { within: section })).toBe(true);
    await setChecked(popup, 'Send Global Privacy Control to this site', false, { within: section });
    await expect.poll(async () => (await send<{ exceptions: string[] }>(ext, { type: 'gpc/state' })).exceptions).toEqual([server.origin]);
    const off = await load(page, 'off');
    expect(off.headers).toEqual(everywhere(null));
    expect(off.page).toEqual({ now: false, atStart: false });
    expect(off.sameOriginFrame).toEqual({ now: false, atStart: false });
    // The other site keeps it in its own documents, even inside this site's page.
    expect(off.otherOriginFrame).toEqual({ now: true, atStart: true });
  });
});

describe('a data-rights request in Firefox', () => {
  let dir: string;
  let brand: DemoServer;
  const verified: { method: string; path: string; key: string }[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proffer-firefox-brand-'));
    brand = await createDemoServer({
      port: 0,
      host: '127.0.0.1',
      brand: {
        name: 'Northwind',
        dataDir: dir,
        contactEmail: 'privacy@northwind.example',
        onRequest: ({ method, path, key }) => verified.push({ method, path, key }),
      },
    });
  });
  afterAll(async () => {
    await brand?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks the brand to delete what it received; the brand holds a verified, signed deletion request', async () => {
    l = await launchFirefox();
    const ext = await readyVault(l, [fixturePersona()]);
    const origin = new URL(brand.url).origin;
    // The person signed up there with Proffer first.
    const page = await l.browser.newPage();
    await page.goto(`${brand.url}/signup`);
    const popup = await openPopupForTab(l, ext, page);
    const region = await siteRegion(popup);
    await clickButton(popup, /^Fill \d+ fields?$/, { within: region });
    await find(popup, 'status', /^Filled \d+ fields?\./, { within: region });
    expect(await inputValue(page, '#email')).toBe(EMAIL);

    // "What the site has from you" -> Request deletion, under the GDPR, identified by email.
    const who = await find(popup, 'region', 'What the site has from you');
    await waitForText(popup, /1 entry/, { within: who });
    await clickButton(popup, 'Request deletion', { within: who });
    const form = await find(popup, 'form', `Ask ${origin} to delete your data`);
    expect(
      await popup.evaluate(
        (f) => (f.querySelector('input[type=radio]:checked') as HTMLInputElement | null)?.labels?.[0]?.textContent,
        form,
      ),
    ).toBe('GDPR (EU, Art. 17)');
    expect(await isChecked(popup, 'Email', { within: form })).toBe(true);
    await clickButton(popup, 'Send deletion request', { within: form });
    await waitForText(popup, new RegExp(`Deletion request sent to ${origin.replace(/[.]/g, '\\.')}`), { within: who, timeout: 60_000 });
    await waitForText(popup, /Deletion request, GDPR \(EU, Art\. 17\), sent to the site:\s*open/, { within: who });

    // The brand verified the signature (it stores nothing else) and holds exactly what the person chose.
    const held = brand.brand!.requests();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ exercise: 'deletion', regime: 'gdpr', status: 'open', identity: { email: EMAIL } });
    const exercise = verified.filter((r) => r.method === 'POST' && r.path.endsWith('/exercise'));
    expect(exercise).toHaveLength(1);
    expect(exercise[0]!.key).toBe(held[0]!.key);

    // The request is in the vault, tracked against the GDPR's one-month deadline.
    const listed = await send<{ requests: { status: string; channel: string; deadline: number }[] }>(ext, {
      type: 'requests/list',
      site: origin,
    });
    expect(listed.requests).toMatchObject([{ status: 'open', channel: 'endpoint' }]);
    const days = (listed.requests[0]!.deadline - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(27);
    expect(days).toBeLessThan(32);
  });
});
