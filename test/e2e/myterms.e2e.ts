/**
 * MyTerms agreements in real Chromium against reference brands on 127.0.0.1, driven through the
 * popup as a person does: a site that accepts the person's agreement (proffered, both parties hold
 * the same record, both signatures verify with `npm run verify:agreement`, a tampered copy fails),
 * a site that counters (the person sees the other agreement and chooses; keeping their terms is
 * remembered, so the next popup does not ask again until they say so), one that declines, one that
 * publishes no myterms.json ("says nothing", nothing to proffer), and revoking an agreement from the
 * ledger (the record kept, a signed revocation beside it at both parties, verified by
 * `npm run verify:agreement`, the agreement no longer in force).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** axe-core's violations on a page (none expected on the cards these tests open). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }
    ).axe.run();
    return r.violations.map((v) => `${v.id} (${v.nodes.length}: ${JSON.stringify(v.nodes[0]?.target)})`);
  });
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

  it('counter: the person sees the other agreement and chooses; keeping their terms agrees to nothing and is remembered, agreeing proffers it', async () => {
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
    // Focus moves to the choice that undoes it.
    await expect.poll(() => popup.evaluate(() => document.activeElement?.textContent)).toBe('Ask me again');
    expect(shop.brand!.agreements().map((r) => r.decision)).toEqual(['counter']);

    // Reopened, the choice is remembered: the counter is not put to the person again, nothing to proffer.
    await popup.close();
    const again = await openPopupForTab(l, page);
    await siteRegion(again);
    const card2 = again.getByRole('region', { name: 'Your terms here' });
    await card2.locator('.site-terms-kept').waitFor();
    expect(await card2.locator('.site-terms-kept p').textContent()).toMatch(
      /^You keep your terms; nothing was agreed\. You chose this on .+, when the site answered with Service delivery, and your own offers by email \(SD-BASE-MKT\)\. Proffer will not ask again until your terms change\.$/,
    );
    expect(await card2.locator('.site-terms-counter').count()).toBe(0);
    expect(await card2.getByRole('button', { name: /Agree to|Proffer my terms/ }).count()).toBe(0);
    expect(await axeViolations(again)).toEqual([]);
    // The ledger shows the choice beside the counter.
    const ledger = await openExtensionPage(l, 'options', '#ledger');
    const siteCard = ledger.locator('li.ledger-site').filter({ has: ledger.getByText(shop.url, { exact: true }) });
    await siteCard.locator('.ledger-agreement-kept').waitFor();
    expect(await siteCard.locator('.ledger-agreement-kept').textContent()).toMatch(/^You kept your own terms instead, on .+\.$/);
    await ledger.close();

    // The person asks to be asked again, and this time agrees.
    await card2.getByRole('button', { name: 'Ask me again' }).click();
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

  it('revoke: from the ledger; the record is kept with a signed revocation both parties hold, it verifies, and nothing is in force', async () => {
    const shop = await brandServer('Revocable', {});
    const { popup, card, page } = await popupOn(shop);
    await card.getByRole('button', { name: 'Proffer my terms (SD-BASE)' }).click();
    await card.locator('.site-terms-in-force').waitFor();
    await popup.close();

    const ledger = await openExtensionPage(l, 'options', '#ledger');
    const siteCard = ledger.locator('li.ledger-site').filter({ has: ledger.getByText(shop.url, { exact: true }) });
    const revoke = siteCard.getByRole('button', { name: 'Revoke this agreement: Service delivery, no sale, no tracking (SD-BASE)' });
    await revoke.click();
    // Asked first, in place, with the safe choice focused; cancelling changes nothing.
    const confirm = siteCard.getByRole('group', { name: /^Revoke Service delivery, no sale, no tracking \(SD-BASE\)\? / });
    await confirm.waitFor();
    await expect.poll(() => ledger.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await axeViolations(ledger)).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(shop.brand!.revocations()).toHaveLength(0);
    await revoke.click();
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    const line = siteCard.locator('.ledger-agreement-revocation');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^Revoked by you on .+\. The site confirmed it holds your signed revocation\.$/);
    expect(await siteCard.getByRole('button', { name: /Revoke this agreement/ }).count()).toBe(0);
    expect(await axeViolations(ledger)).toEqual([]);

    // Both parties hold the same record, unchanged, and the same revocation beside it.
    const listed = await send<{ agreements: (Kept & { events: { type: string; revocation?: Record<string, unknown> }[] })[] }>(ext, {
      type: 'agreements/list',
      site: shop.url,
    });
    const mine = listed.agreements[0]!;
    expect(mine.record).toEqual(shop.brand!.agreements()[0]);
    const held = shop.brand!.revocations();
    expect(held).toHaveLength(1);
    expect(mine.events.find((e) => e.type === 'revoked')?.revocation).toEqual(held[0]!.revocation);

    const exported = await send<{ data: string }>(ext, { type: 'ledger/export', format: 'json' });
    const exportFile = join(dir, 'ledger-revoked.json');
    writeFileSync(exportFile, exported.data);
    const theirsFile = join(dir, 'theirs-revoked.json');
    writeFileSync(theirsFile, JSON.stringify({ record: shop.brand!.agreements()[0], revocation: held[0]!.revocation }, null, 2));
    // The whole export verifies (this revoked record among the others) ...
    const all = verifyCli(exportFile);
    expect(all.code, all.out).toBe(0);
    expect(all.out).toMatch(/ok {3}revocation signature/);
    expect(all.out).toContain(`${mine.record.id} SD-BASE accept revoked`);
    // ... and the person's entry matches the site's copy, revocation included.
    const entry = JSON.parse(exported.data).agreements.find((x: Kept) => x.record.id === mine.record.id);
    expect(Object.keys(entry).sort()).toEqual(['record', 'revocation', 'site', 'storedAt']);
    const mineFile = join(dir, 'mine-revoked.json');
    writeFileSync(mineFile, JSON.stringify(entry, null, 2));
    const v = verifyCli(mineFile, theirsFile);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('both copies match field by field');
    // A revocation re-dated after signing fails.
    const tamperedFile = join(dir, 'revoked-tampered.json');
    writeFileSync(
      tamperedFile,
      JSON.stringify({ record: mine.record, revocation: { ...held[0]!.revocation, revoked_at: '2031-01-01T00:00:00.000Z' } }),
    );
    const bad = verifyCli(tamperedFile);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAIL revocation signature/);

    // The popup says it is revoked; nothing is in force, so the person may proffer again.
    const again = await openPopupForTab(l, page);
    await siteRegion(again);
    const card2 = again.getByRole('region', { name: 'Your terms here' });
    await card2.locator('.site-terms-revoked').waitFor();
    expect(await card2.locator('.site-terms-revoked').textContent()).toMatch(
      /^You revoked Service delivery, no sale, no tracking \(SD-BASE\) on .+; it is no longer in force with this site\.$/,
    );
    expect(await card2.locator('.site-terms-in-force').count()).toBe(0);
    await card2.getByRole('button', { name: 'Proffer my terms (SD-BASE)' }).waitFor();
    await ledger.close();
    await again.close();
    await page.close();
  });

  it('revoke while the site is down: kept and said so; sent again from the ledger once the site is back', async () => {
    const shop = await brandServer('Downtime', {});
    const { popup, card, page } = await popupOn(shop);
    await card.getByRole('button', { name: 'Proffer my terms (SD-BASE)' }).click();
    await card.locator('.site-terms-in-force').waitFor();
    await popup.close();
    await page.close();
    const port = Number(new URL(shop.url).port);
    await shop.close();
    servers.splice(servers.indexOf(shop), 1);

    const ledger = await openExtensionPage(l, 'options', '#ledger');
    const siteCard = ledger.locator('li.ledger-site').filter({ has: ledger.getByText(shop.url, { exact: true }) });
    await siteCard.getByRole('button', { name: /^Revoke this agreement/ }).click();
    await siteCard.getByRole('button', { name: 'Revoke', exact: true }).click();
    const line = siteCard.locator('.ledger-agreement-revocation');
    await line.waitFor();
    expect(await line.textContent()).toMatch(
      /^Revoked by you on .+\. The site could not be reached or did not answer; your signed revocation is kept here\. Proffer sends it again every half hour while your vault is open, or you can send it now\.$/,
    );

    // The site is back (same origin, same records): sent again, and confirmed.
    const back = await createDemoServer({
      port,
      host: '127.0.0.1',
      brand: { name: 'Downtime', dataDir: join(dir, 'Downtime'), myterms: {} },
    });
    servers.push(back);
    expect(back.brand!.revocations()).toHaveLength(0);
    await siteCard.getByRole('button', { name: 'Send the revocation again' }).click();
    await expect.poll(() => line.textContent()).toMatch(/The site confirmed it holds your signed revocation\.$/);
    expect(await siteCard.getByRole('button', { name: 'Send the revocation again' }).count()).toBe(0);
    const held = back.brand!.revocations();
    expect(held).toHaveLength(1);
    expect(held[0]!.revocation.id).toBe(back.brand!.agreements()[0]!.id);
    await ledger.close();
  });
});
