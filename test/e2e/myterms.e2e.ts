/**
 * MyTerms agreements in real Chromium against reference brands on 127.0.0.1, driven through the
 * popup as a person does: a site that accepts the person's agreement (proffered, both parties hold
 * the same record, both signatures verify with `npm run verify:agreement`, a tampered copy fails),
 * a site that counters (the person sees the other agreement and chooses), one that declines, and
 * one that publishes no myterms.json ("says nothing", nothing to proffer).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import {
  fillFromPopup,
  fixturePersona,
  type Launched,
  launch,
  openExtensionPage,
  openPopupForTab,
  ROOT,
  readyVault,
  send,
  siteRegion,
} from './harness';

let l: Launched;
let ext: Page;
let dir: string;
const servers: DemoServer[] = [];

async function brandServer(name: string, myterms: Record<string, unknown> | false): Promise<DemoServer> {
  const s = await createDemoServer({ port: 0, host: '127.0.0.1', brand: { name, dataDir: join(dir, name), myterms } });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proffer-myterms-'));
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The popup on the site's signup page, with its agreement card loaded. */
async function popupOn(site: DemoServer): Promise<{ popup: Page; card: ReturnType<Page['locator']>; page: Page }> {
  const page = await l.context.newPage();
  await page.goto(`${site.url}/signup`);
  const popup = await openPopupForTab(l, page);
  await siteRegion(popup);
  const card = popup.getByRole('region', { name: 'Your terms here' });
  await card.locator('.site-terms-status').waitFor();
  return { popup, card, page };
}

/** `npm run verify:agreement -- ...files`: exit code and output. */
function verifyCli(...files: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(ROOT, 'scripts/verify-agreement.mjs'), ...files], { encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

type Kept = { id: string; site: string; record: Record<string, unknown> & { id: string; decision: string } };

describe('MyTerms agreements through the popup', () => {
  it('accept: the site accepts the proffer; both records match field by field, both signatures verify; a tampered copy fails', async () => {
    const shop = await brandServer('Northwind', {});
    const { popup, card, page } = await popupOn(shop);
    await expect
      .poll(() => card.locator('.site-terms-status').textContent())
      .toBe('This site accepts your terms: Service delivery, no sale, no tracking (SD-BASE).');
    await card.getByRole('button', { name: 'Proffer my terms (SD-BASE)' }).click();
    await card.locator('.site-terms-in-force').waitFor();
    expect(await card.locator('.site-terms-in-force').textContent()).toMatch(
      /^In force: Service delivery, no sale, no tracking \(SD-BASE\), agreed .+, signed by you and the site\.$/,
    );
    // Agreed: nothing more to proffer.
    expect(await card.getByRole('button', { name: /Proffer my terms/ }).count()).toBe(0);

    const listed = await send<{ agreements: Kept[] }>(ext, { type: 'agreements/list', site: shop.url });
    expect(listed.ok).toBe(true);
    expect(listed.agreements).toHaveLength(1);
    const mine = listed.agreements[0]!.record;
    const theirs = shop.brand!.agreements();
    expect(theirs).toHaveLength(1);
    expect(mine).toEqual(theirs[0]);
    expect(mine.decision).toBe('accept');

    const mineFile = join(dir, 'mine.json');
    const theirsFile = join(dir, 'theirs.json');
    writeFileSync(mineFile, JSON.stringify(mine, null, 2));
    writeFileSync(theirsFile, JSON.stringify(theirs[0], null, 2));
    for (const f of [mineFile, theirsFile]) {
      const v = verifyCli(f);
      expect(v.code, v.out).toBe(0);
      expect(v.out).toMatch(/ok {3}first party signature/);
      expect(v.out).toMatch(/ok {3}second party signature/);
    }
    const both = verifyCli(mineFile, theirsFile);
    expect(both.code, both.out).toBe(0);
    expect(both.out).toContain('both copies match field by field');

    // Tampered: the jurisdiction changed after signing (the browser's language, en-US, made it US).
    expect(mine.jurisdiction).toBe('US');
    const tamperedFile = join(dir, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify({ ...mine, jurisdiction: 'DE' }));
    const bad = verifyCli(tamperedFile);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAIL first party signature/);

    // The ledger export carries the record, and it verifies from the export too.
    const exported = await send<{ data: string }>(ext, { type: 'ledger/export', format: 'json' });
    const exportFile = join(dir, 'ledger.json');
    writeFileSync(exportFile, exported.data);
    const fromExport = verifyCli(exportFile, theirsFile);
    expect(fromExport.code, fromExport.out).toBe(0);

    // A fill made now is made under the agreement: the ledger says so beside the share, and lists the agreement.
    expect(await fillFromPopup(popup)).toMatch(/^Filled \d+ fields?\./);
    const ledger = await openExtensionPage(l, 'options', '#ledger');
    await ledger.getByRole('heading', { level: 1, name: 'Who has my data' }).waitFor();
    const siteCard = ledger.locator('li.ledger-site').filter({ has: ledger.getByText(shop.url, { exact: true }) });
    await siteCard.getByRole('heading', { name: 'Agreements' }).waitFor();
    expect(await siteCard.locator('.ledger-agreement').first().textContent()).toContain(
      'Agreed: Service delivery, no sale, no tracking (SD-BASE).',
    );
    expect(await siteCard.locator('.ledger-entry-meta').first().textContent()).toContain('Under agreement SD-BASE');
    // About to send a request: what the site accepts is said there too.
    await siteCard.getByRole('button', { name: 'Request deletion' }).click();
    await siteCard.locator('.site-terms-note').waitFor();
    expect(await siteCard.locator('.site-terms-note').textContent()).toBe(
      'This site accepts your terms: Service delivery, no sale, no tracking (SD-BASE).',
    );
    await ledger.close();
    await popup.close();
    await page.close();
  });

  it('counter: the person sees the other agreement and chooses; keeping their terms agrees to nothing, agreeing proffers it', async () => {
    const shop = await brandServer('Countervail', { accepts: ['SD-BASE-MKT'], onOther: 'counter' });
    const { popup, card, page } = await popupOn(shop);
    await expect
      .poll(() => card.locator('.site-terms-status').textContent())
      .toBe('This site accepts other agreements: Service delivery, and your own offers by email (SD-BASE-MKT).');
    await card.getByRole('button', { name: 'Proffer my terms (SD-BASE)' }).click();
    const counter = card.locator('.site-terms-counter');
    await counter.waitFor();
    expect(await counter.locator('p').textContent()).toMatch(
      /^The site answers with another agreement: Service delivery, and your own offers by email \(SD-BASE-MKT\)\. Everything in the base agreement, and the site may also email you/,
    );
    // Nothing is in force while the person decides.
    expect(await card.locator('.site-terms-in-force').count()).toBe(0);
    await card.getByRole('button', { name: 'Keep my terms' }).click();
    await card.getByText('You keep your terms; nothing was agreed.').waitFor();
    expect(shop.brand!.agreements().map((r) => r.decision)).toEqual(['counter']);

    // Reopened, the counter is offered again; this time the person agrees.
    await popup.close();
    const again = await openPopupForTab(l, page);
    await siteRegion(again);
    const card2 = again.getByRole('region', { name: 'Your terms here' });
    await card2.getByRole('button', { name: 'Agree to SD-BASE-MKT' }).click();
    await card2.locator('.site-terms-in-force').waitFor();
    expect(await card2.locator('.site-terms-in-force').textContent()).toContain('(SD-BASE-MKT)');
    const held = shop.brand!.agreements();
    expect(held.map((r) => [r.agreement.id, r.decision])).toEqual([
      ['SD-BASE', 'counter'],
      ['SD-BASE-MKT', 'accept'],
    ]);
    const listed = await send<{ agreements: Kept[] }>(ext, { type: 'agreements/list', site: shop.url });
    expect(listed.agreements.map((a) => a.record).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...held].sort((a, b) => a.id.localeCompare(b.id)),
    );
    await again.close();
    await page.close();
  });

  it('decline: the site declines, the person is told, nothing is in force', async () => {
    const shop = await brandServer('Declinia', { accepts: ['SD-BASE-ANALYTICS'], onOther: 'decline' });
    const { popup, card, page } = await popupOn(shop);
    await card.getByRole('button', { name: 'Proffer my terms (SD-BASE)' }).click();
    await card.getByText('The site declined Service delivery, no sale, no tracking (SD-BASE).').first().waitFor();
    expect(await card.locator('.site-terms-in-force').count()).toBe(0);
    expect(shop.brand!.agreements().map((r) => r.decision)).toEqual(['decline']);
    await popup.close();
    await page.close();
  });

  it('no myterms.json: the site says nothing, and there is nothing to proffer', async () => {
    const shop = await brandServer('Quietly', false);
    const { popup, card, page } = await popupOn(shop);
    await expect
      .poll(() => card.locator('.site-terms-status').textContent())
      .toBe('This site says nothing about the agreements it accepts.');
    expect(await card.getByRole('button').count()).toBe(0);
    await popup.close();
    await page.close();
  });
});
