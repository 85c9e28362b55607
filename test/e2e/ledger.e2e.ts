/**
 * "Who has my data", in real Chromium with the built extension: fill the demo signup through the
 * popup, then the popup and the options page show that site with the fields it received (values
 * only when asked), under the terms in force; the ledger exports as JSON and CSV; a deletion request
 * is made from the page (to a brand's endpoint, or as an email); forgetting the site removes
 * everything after a confirmation; personal terms are edited into a new version and switched back;
 * and axe finds no violations on the new sections.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import { fixturePersona, type Launched, launch, openExtensionPage, ROOT, readyVault, send } from './harness';

const EMAIL = 'orlaith.vantongeren@mailcanary.example';
/** Said where "Request deletion" was while a deletion request is open (the request itself stands in the list). */
const PENDING = 'Deletion already requested: you can ask again once that request is answered or withdrawn.';

let l: Launched;
let ext: Page;
let dir: string;
let north: DemoServer;
let quiet: DemoServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proffer-ledger-'));
  north = await createDemoServer({ port: 0, host: '127.0.0.1', brand: { name: 'Northwind', dataDir: join(dir, 'north') } });
  // A brand without a data-rights endpoint: requests become an email.
  quiet = await createDemoServer({
    port: 0,
    host: '127.0.0.1',
    brand: { name: 'Quietwind', dataDir: join(dir, 'quiet'), dataRights: false, contactEmail: 'privacy@quietwind.example' },
  });
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  await north?.close();
  await quiet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function tabIdOf(page: Page): Promise<number> {
  const id = await ext.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());
  if (id === undefined) throw new Error(`no tab for ${page.url()}`);
  return id;
}

/** Fill the site's signup through the popup; returns the popup (still open) and the page. */
async function signUp(site: DemoServer): Promise<{ page: Page; popup: Page }> {
  const page = await l.context.newPage();
  await page.goto(`${site.url}/signup`);
  const popup = await l.context.newPage();
  await popup.goto(`chrome-extension://${l.extensionId}/src/popup/index.html?tab=${await tabIdOf(page)}`);
  await popup.getByRole('button', { name: /^Fill \d+ fields?$/ }).click();
  await popup
    .getByRole('status')
    .filter({ hasText: /^Filled/ })
    .first()
    .waitFor();
  return { page, popup };
}

async function ledgerPage(): Promise<Page> {
  const page = await openExtensionPage(l, 'options', '#ledger');
  await page.getByRole('heading', { level: 1, name: 'Who has my data' }).waitFor();
  return page;
}

/** A site's card: its heading is the brand's name once known, else the origin; the origin is always shown. */
const siteCard = (page: Page, origin: string) => page.locator('li.ledger-site').filter({ has: page.getByText(origin, { exact: true }) });

const isFocused = (loc: ReturnType<Page['locator']>) => loc.evaluate((el) => el === document.activeElement);

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }
    ).axe.run();
    return r.violations.map((v) => `${v.id} (${v.nodes.length}: ${JSON.stringify(v.nodes[0]?.target)})`);
  });
}

describe('the ledger', () => {
  it('shows what the site received, in the popup and the options page, values only on demand', async () => {
    const { page, popup } = await signUp(north);
    const origin = new URL(north.url).origin;

    // The popup: what this site has from you, masked until asked.
    const who = popup.getByRole('region', { name: 'What the site has from you' });
    await who.getByText(/^1 entry, the last /).waitFor();
    expect(await who.textContent()).not.toContain(EMAIL);
    await expect(who.getByRole('link', { name: 'See everything' }).getAttribute('href')).resolves.toBe('../options/index.html#ledger');
    await who.getByRole('button', { name: 'Show values' }).click();
    await expect.poll(() => who.textContent()).toContain(EMAIL);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await page.close();

    // The options page.
    const ledger = await ledgerPage();
    const card = siteCard(ledger, origin);
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('1 entry');
    expect(text).toContain('Form fill');
    for (const label of ['First name', 'Email address', 'City']) expect(text).toContain(label);
    // Under the terms in force (the default, made on first use).
    expect(text).toMatch(/Under your terms “#NoStalking, no sale” \([0-9a-f]{8}\)/);
    // Values only when asked, and they never reached the page before.
    expect(await ledger.content()).not.toContain(EMAIL);
    await card.getByRole('button', { name: 'Show values' }).click();
    await expect.poll(() => card.textContent()).toContain(EMAIL);
    await card.getByRole('button', { name: 'Hide values' }).click();
    await expect.poll(() => card.textContent()).not.toContain(EMAIL);

    // Search by field and by site; filters.
    const search = ledger.getByRole('searchbox', { name: 'Search by site or field' });
    await search.fill('no such thing');
    await ledger.getByText('No site matches the search and filters.').waitFor();
    await search.fill('email address');
    await card.waitFor();
    await ledger
      .getByRole('status')
      .filter({ hasText: /^1 of 1 sites shown\.$/ })
      .waitFor();
    await search.fill('');
    await ledger.getByLabel('Only sites with open requests').check();
    await ledger.getByText('No site matches the search and filters.').waitFor();
    await ledger.getByLabel('Only sites with open requests').uncheck();
    await ledger.getByLabel('Channel').selectOption('intent');
    await ledger.getByText('No site matches the search and filters.').waitFor();
    await ledger.getByLabel('Channel').selectOption('all');
    await card.waitFor();
    await ledger.close();
  });

  it('exports the whole ledger as JSON and as CSV', async () => {
    const ledger = await ledgerPage();
    const origin = new URL(north.url).origin;
    await siteCard(ledger, origin).waitFor();

    const [json] = await Promise.all([ledger.waitForEvent('download'), ledger.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(json.suggestedFilename()).toMatch(/^proffer-ledger-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
      shares: { site: string; fields: { token: string; value: string }[]; termsSha256?: string }[];
    };
    const share = doc.shares.find((s) => s.site === origin)!;
    expect(share.fields.find((f) => f.token === 'email')?.value).toBe(EMAIL);
    expect(share.termsSha256).toMatch(/^[0-9a-f]{64}$/);
    await ledger
      .getByRole('status')
      .filter({ hasText: /^Saved proffer-ledger-/ })
      .waitFor();

    const [csv] = await Promise.all([ledger.waitForEvent('download'), ledger.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const lines = readFileSync((await csv.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe('site,at,channel,token,label,value,terms_sha256,agreement,unconfirmed');
    const emailRow = lines.find((x) => x.includes(',email,'));
    expect(emailRow).toMatch(
      new RegExp(
        `^${origin.replace(/[.]/g, '\\.')},\\d{4}-\\d{2}-\\d{2}T[^,]+,form,email,Email address,${EMAIL.replace(/[.]/g, '\\.')},[0-9a-f]{64},,$`, // no agreement with this site, confirmed
      ),
    );
    await ledger.close();
  });

  it('asks a site to delete your data from the page: to its endpoint, or as an email', async () => {
    const origin = new URL(north.url).origin;
    const ledger = await ledgerPage();
    const card = siteCard(ledger, origin);
    await card.getByRole('button', { name: 'Request deletion' }).click();
    const form = card.getByRole('form', { name: `Ask ${origin} to delete your data` });
    await expect(form.getByRole('radio', { name: 'GDPR (EU, Art. 17)' }).isChecked()).resolves.toBe(true);
    // Identifiers are named as the persona editor names them, not by their token (which is what is sent).
    await expect(form.getByRole('checkbox', { name: 'Email', exact: true }).isChecked()).resolves.toBe(true);
    expect(await form.getByRole('checkbox', { name: 'email', exact: true }).count()).toBe(0);
    await form.getByRole('button', { name: 'Send deletion request' }).click();
    // Sent: announced to screen readers; on the card, the request stands once, in its list.
    await ledger
      .getByRole('status')
      .filter({ hasText: /^Deletion request sent to / })
      .waitFor({ timeout: 30_000 });
    expect(await card.getByText(/Deletion request sent to /).count()).toBe(0);
    expect(north.brand!.requests()).toHaveLength(1);
    expect(north.brand!.requests()[0]!.identity).toEqual({ email: EMAIL });
    await card.getByText(/Deletion request, GDPR \(EU, Art\. 17\), sent to the site:\s*open/).waitFor();
    expect(await card.getByText(/due by /).count()).toBe(1);
    // While it is open, no second one is offered: why is said instead, and has the focus.
    const pending = card.getByText(PENDING);
    await pending.waitFor();
    await expect.poll(() => isFocused(pending)).toBe(true);
    expect(await card.getByRole('button', { name: 'Request deletion' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Forget this site' }).waitFor();
    // Status polls move it along.
    for (let i = 0; i < 4; i++) {
      if ((await card.getByRole('button', { name: 'Check status' }).count()) === 0) break;
      await card.getByRole('button', { name: 'Check status' }).click();
      await ledger
        .getByRole('status')
        .filter({ hasText: /^Request to / })
        .waitFor();
    }
    await card.getByText(/sent to the site:\s*fulfilled/).waitFor();
    // Answered: a new request can be made again.
    await card.getByRole('button', { name: 'Request deletion' }).waitFor();
    expect(await card.getByText(PENDING).count()).toBe(0);
    // The brand is known now (its vrm.json): the card is titled with its name, the origin beneath.
    await card.getByRole('heading', { level: 2, name: 'Northwind' }).waitFor();
    expect(await axeViolations(ledger)).toEqual([]);
    await ledger.close();

    // A brand without an endpoint: an email draft with the legal deadline.
    const { page, popup } = await signUp(quiet);
    await popup.close();
    await page.close();
    const quietOrigin = new URL(quiet.url).origin;
    const again = await ledgerPage();
    const qcard = siteCard(again, quietOrigin);
    await qcard.getByRole('button', { name: 'Request deletion' }).click();
    await qcard.getByRole('radio', { name: 'CCPA (California)' }).check();
    await qcard.getByRole('button', { name: 'Send deletion request' }).click();
    const draft = qcard.getByRole('region', { name: 'Your request, as an email' });
    await draft.waitFor({ timeout: 30_000 });
    expect(await draft.textContent()).toContain('privacy@quietwind.example');
    expect(await draft.getByRole('link', { name: 'Open in your email program' }).getAttribute('href')).toMatch(
      /^mailto:privacy@quietwind\.example\?/,
    );
    expect(await draft.getByLabel('Email text').inputValue()).toContain(EMAIL);
    // "Copy text" copies the text as shown (it carries its To and Subject lines once).
    await again.evaluate(() => {
      const w = window as unknown as { copied?: string };
      navigator.clipboard.writeText = async (text: string) => {
        w.copied = text;
      };
    });
    await draft.getByRole('button', { name: 'Copy text' }).click();
    const copied = await again.evaluate(() => (window as unknown as { copied?: string }).copied);
    expect(copied).toBe(await draft.getByLabel('Email text').inputValue());
    expect(copied?.match(/^Subject: /gm)).toHaveLength(1);
    await qcard.getByText(/Deletion request, CCPA \(California\), by email:\s*open/).waitFor();
    // A request by email is marked by hand, or withdrawn; each button names the request it acts on.
    for (const name of ['Mark as done', 'Mark as refused', 'Withdraw']) {
      const summary = await qcard.getByRole('button', { name, exact: true }).getAttribute('aria-describedby');
      expect(await again.locator(`[id="${summary}"]`).innerText()).toMatch(/^Deletion request, CCPA \(California\), by email/);
    }
    await qcard.getByText(PENDING).waitFor();
    expect(await qcard.getByRole('button', { name: 'Request deletion' }).count()).toBe(0);
    // The summary counts and dates the one entry; the request, made later, is not "the last entry".
    expect(await qcard.locator('.ledger-summary').textContent()).toMatch(/^1 entry · on /);
    await again.getByRole('checkbox', { name: 'Only sites with open requests' }).check();
    await qcard.waitFor();
    await again.close();
  });

  it('forgets a site after confirmation: nothing about it remains', async () => {
    const origin = new URL(north.url).origin;
    const before = await send<{ shares: unknown[] }>(ext, { type: 'ledger/site', site: origin });
    expect(before.shares.length).toBeGreaterThan(0);

    const ledger = await ledgerPage();
    const card = siteCard(ledger, origin);
    await card.getByRole('button', { name: 'Forget this site' }).click();
    const dialog = ledger.getByRole('dialog', { name: `Forget ${origin}?` });
    await dialog.waitFor();
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect((await send<{ shares: unknown[] }>(ext, { type: 'ledger/site', site: origin })).shares.length).toBeGreaterThan(0);
    await card.getByRole('button', { name: 'Forget this site' }).click();
    await dialog.getByRole('button', { name: 'Forget this site' }).click();
    await ledger
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Forgot ${origin.replace(/[.]/g, '\\.')}: \\d+ records deleted\\.$`) })
      .waitFor();
    // The list reloads after the status is announced.
    await expect.poll(() => card.count()).toBe(0);

    const after = await send<{ shares: unknown[] }>(ext, { type: 'ledger/site', site: origin });
    expect(after.ok).toBe(true);
    expect(after.shares).toEqual([]);
    const reqs = await send<{ requests: unknown[] }>(ext, { type: 'requests/list', site: origin });
    expect(reqs.requests).toEqual([]);
    const all = await send<{ sites: { site: string }[] }>(ext, { type: 'ledger/all' });
    expect(all.sites.map((s) => s.site)).not.toContain(origin);
    // The other site is untouched.
    expect(all.sites.map((s) => s.site)).toContain(new URL(quiet.url).origin);
    await ledger.close();
  });
});

describe('the popup', () => {
  it('shows open requests instead of a second request, and forgets the site after a confirm step', async () => {
    const page = await l.context.newPage();
    await page.goto(`${quiet.url}/contact`);
    const popup = await l.context.newPage();
    await popup.goto(`chrome-extension://${l.extensionId}/src/popup/index.html?tab=${await tabIdOf(page)}`);
    const who = popup.getByRole('region', { name: 'What the site has from you' });
    await who.getByRole('heading', { name: 'Your requests' }).waitFor();
    expect(await who.textContent()).toMatch(/Deletion request, CCPA \(California\), by email:\s*open/);
    // The request is open: no second one is offered, and why is said instead.
    await who.getByText(PENDING).waitFor();
    expect(await who.getByRole('button', { name: 'Request deletion' }).count()).toBe(0);
    await who.getByRole('button', { name: 'Forget this site' }).waitFor();
    expect(await axeViolations(popup)).toEqual([]);

    // Once the site has refused it, a new request can be made.
    const listed = await send<{ requests: { id: string }[] }>(ext, { type: 'requests/list', site: new URL(quiet.url).origin });
    expect(listed.requests).toHaveLength(1);
    expect((await send(ext, { type: 'requests/mark', id: listed.requests[0]!.id, status: 'denied' })).ok).toBe(true);
    await popup.reload();
    await who.getByText(/by email:\s*denied/).waitFor();
    expect(await who.getByText(PENDING).count()).toBe(0);
    // The request form opens in place, email ticked by default; cancel returns focus to its button.
    await who.getByRole('button', { name: 'Request deletion' }).click();
    await expect(who.getByRole('checkbox', { name: 'Email', exact: true }).isChecked()).resolves.toBe(true);
    expect(await axeViolations(popup)).toEqual([]);
    await who.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => isFocused(who.getByRole('button', { name: 'Request deletion' }))).toBe(true);

    await who.getByRole('button', { name: 'Forget this site' }).click();
    const dialog = popup.getByRole('dialog', { name: `Forget ${new URL(quiet.url).origin}?` });
    await dialog.waitFor();
    await expect.poll(() => isFocused(dialog.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await dialog.getByRole('button', { name: 'Forget this site' }).click();
    await who
      .getByRole('status')
      .filter({ hasText: /^Forgot / })
      .waitFor();
    await who.getByText('Nothing shared with it through Proffer yet.').waitFor();
    const all = await send<{ sites: { site: string }[] }>(ext, { type: 'ledger/all' });
    expect(all.sites.map((s) => s.site)).not.toContain(new URL(quiet.url).origin);
    await popup.close();
    await page.close();
  });
});

describe('personal terms', () => {
  it('edits into a new version in force, keeps the old one, switches back, and fills record it', async () => {
    const page = await openExtensionPage(l, 'options', '#terms');
    await page.getByRole('heading', { level: 1, name: 'Your terms' }).waitFor();
    const inForce = page.getByRole('region', { name: 'In force' });
    await inForce.getByText('#NoStalking, no sale').waitFor();
    expect(await inForce.textContent()).toContain('Just give me ads not based on tracking me.');
    expect(await axeViolations(page)).toEqual([]);

    const editor = page.getByRole('region', { name: 'New version' });
    await editor.getByLabel('Title').fill('No stalking, no profiling');
    await editor.getByLabel('Add a clause').selectOption({ label: 'No profiling' });
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => isFocused(editor.getByLabel('Clause 3', { exact: true }))).toBe(true);
    await editor.getByRole('button', { name: 'Save as new version' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved “No stalking, no profiling” as a new version/ })
      .waitFor();
    await inForce.getByText('No stalking, no profiling').waitFor();

    const list = await send<{ terms: { id: string; title: string; sha256: string; clauses: { id: string }[] }[]; activeId: string }>(ext, {
      type: 'terms/list',
    });
    expect(list.terms).toHaveLength(2);
    const edited = list.terms.find((x) => x.title === 'No stalking, no profiling')!;
    expect(list.activeId).toBe(edited.id);
    expect(edited.clauses.map((c) => c.id)).toEqual(['no-stalking', 'no-sale', 'no-profiling']);

    // A fill now records the new version.
    const { page: form, popup } = await signUp(north);
    await popup.close();
    await form.close();
    const shares = await send<{ shares: { termsId?: string; termsSha256?: string }[] }>(ext, {
      type: 'ledger/site',
      site: new URL(north.url).origin,
    });
    expect(shares.shares[0]).toMatchObject({ termsId: edited.id, termsSha256: edited.sha256 });

    // Switch back to the default.
    const old = list.terms.find((x) => x.id !== edited.id)!;
    await page.getByRole('button', { name: new RegExp(`^Put in force: #NoStalking, no sale \\(${old.sha256.slice(0, 8)}\\)$`) }).click();
    await page.getByRole('status').filter({ hasText: '“#NoStalking, no sale” is in force now.' }).waitFor();
    await expect.poll(() => isFocused(page.getByRole('heading', { name: 'In force' }))).toBe(true);
    expect((await send<{ activeId: string }>(ext, { type: 'terms/list' })).activeId).toBe(old.id);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('has no axe violations on the ledger with entries', async () => {
    const page = await ledgerPage();
    await page.locator('li.ledger-site').first().waitFor();
    await page.locator('li.ledger-site').first().getByRole('button', { name: 'Show values' }).first().click();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
