/**
 * The intentcasting pages in real Chromium with the built extension: the options page's #intents
 * (offers inbox, intents, compose form, brands) and the popup's quick intent have no axe violations,
 * whether or not the background answers intent messages yet, and the compose form says what is
 * missing instead of sending. Then the whole loop through the page, against two reference brands
 * (one down): add both by address, compose and send, see each brand's delivery status, check for
 * offers, sort them by price, open one (marked read) and dismiss one, withdraw after confirming.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrand, type RunningBrand } from '../../demo/brand/server.mjs';
import { createDemoServer } from '../../demo/server.mjs';
import { fixturePersona, type Launched, launch, openExtensionPage, openPopupForTab, ROOT, readyVault, send } from './harness';

let l: Launched;
let dir: string;
const running: RunningBrand[] = [];
const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proffer-intents-ui-'));
  l = await launch();
  await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  for (const b of running) await b.close().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function audit(p: Page): Promise<string[]> {
  await p.evaluate(axe);
  return p.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe.run();
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

describe('intentcasting UI', () => {
  it('options #intents has its sections and no axe violations', async () => {
    const p = await openExtensionPage(l, 'options', '#intents');
    await p.getByRole('heading', { level: 1, name: 'Intents' }).waitFor();
    await p.getByRole('heading', { level: 2, name: 'New intent' }).waitFor();
    await p.waitForLoadState('networkidle');
    expect(await p.getByLabel('Sort by').count()).toBe(1);
    expect(await p.getByRole('link', { name: 'Intents' }).getAttribute('aria-current')).toBe('page');
    expect(await audit(p)).toEqual([]);

    // Nothing is sent while the form has a problem; the problem is said next to the button.
    await p.getByLabel('What do you want?').fill('A 27-inch monitor');
    expect(await p.getByRole('button', { name: 'Send intent' }).getAttribute('aria-disabled')).toBe('true');
    await p.getByLabel('What do you want?').press('Enter');
    expect(await p.locator('#intent-problem').textContent()).toBe('Choose at least one brand to send to.');
    // Nothing revealed by default: no persona chosen.
    expect(await p.getByLabel('Persona').inputValue()).toBe('');
    expect(await audit(p)).toEqual([]);
    await p.close();
  });

  it('the popup quick intent has no axe violations', async () => {
    const p = await openExtensionPage(l, 'popup');
    await p.locator('main').waitFor();
    await p.getByRole('heading', { name: 'Tell brands what you want' }).waitFor();
    await p.waitForLoadState('networkidle');
    const toggle = p.getByRole('button', { name: 'New intent' });
    if (await toggle.count()) {
      await toggle.click();
      await p.getByLabel('What do you want?').waitFor();
    }
    expect(await audit(p)).toEqual([]);
    await p.close();
  });

  it('runs the loop from the page: brands, compose, delivery status, offers, withdraw', async () => {
    const live = await createBrand({ name: 'Livewire', dataDir: join(dir, 'live'), port: 0, host: '127.0.0.1' });
    running.push(live);
    const down = await createBrand({ name: 'Downtown', dataDir: join(dir, 'down'), port: 0, host: '127.0.0.1' });
    const p = await openExtensionPage(l, 'options', '#intents');
    await p.getByRole('heading', { level: 2, name: 'Your brands' }).waitFor();

    // Brands by address; an address that is not one says so.
    const address = p.getByLabel('Brand address');
    await address.fill('not a site');
    await p.getByRole('button', { name: 'Add brand' }).click();
    await p.locator('#brand-add-error').getByText('Enter the address of a website').waitFor();
    for (const [b, name] of [
      [live, 'Livewire'],
      [down, 'Downtown'],
    ] as const) {
      await address.fill(b.url);
      await p.getByRole('button', { name: 'Add brand' }).click();
      await p.getByRole('status').getByText(`${name} was added to your brands.`).waitFor();
    }
    await down.close();

    // Compose: nothing revealed by default, the terms in force, both brands.
    await p.getByLabel('What do you want?').fill('27-inch monitor');
    await p.getByLabel('Budget (optional)').fill('300');
    await p.getByLabel('Currency').selectOption('EUR');
    await p.getByRole('checkbox', { name: /Livewire/ }).check();
    await p.getByRole('checkbox', { name: /Downtown/ }).check();
    await p.getByRole('button', { name: 'Send intent' }).click();
    await p.getByRole('status').getByText('"27-inch monitor" was sent: 1 of 2 brands received it so far.').waitFor({ timeout: 30_000 });
    const item = p.locator('.intent').filter({ hasText: '27-inch monitor' });
    await item.getByText(/Livewire: received on/).waitFor();
    await item.getByText(/Downtown: could not be reached/).waitFor();
    await item.getByText('Nothing revealed').waitFor();
    expect(live.brand.intents()[0]!.document.revealed).toEqual({});

    // Offers: checked for, shown as text, sortable by price, marked read when opened, dismissable.
    await p.getByRole('button', { name: 'Check for offers' }).click();
    await p
      .getByRole('status')
      .getByText(/new offers arrived|No new offers/)
      .waitFor({ timeout: 30_000 });
    const offers = p.locator('.offer');
    await offers.first().waitFor();
    const count = await offers.count();
    expect(count).toBeGreaterThan(0);
    expect(await p.locator('.offer-unread').count()).toBe(count);
    const prices = async () =>
      (await p.locator('.offer-price').allTextContents()).filter((x) => x.startsWith('€')).map((x) => Number(x.replace(/[^\d.]/g, '')));
    await p.getByLabel('Sort by').selectOption('price-asc');
    const asc = await prices();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await p.getByLabel('Sort by').selectOption('price-desc');
    const desc = await prices();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    // The brand's description already names the intent: it is not said a second time ("For: ...").
    const first = offers.first();
    await first.getByText('Offer for "27-inch monitor".', { exact: true }).waitFor();
    await first.getByText(/^Received .+ · valid until /).waitFor();
    expect(await first.textContent()).not.toContain('For: 27-inch monitor');
    expect(await audit(p)).toEqual([]);

    const open = offers.first().getByRole('link', { name: 'Open offer' });
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await open.getAttribute('rel')).toBe('noopener noreferrer');
    const [tab] = await Promise.all([l.context.waitForEvent('page'), open.click()]);
    await tab.close();
    await p.waitForFunction((n) => document.querySelectorAll('.offer-unread').length === n - 1, count);
    await offers.first().getByRole('button', { name: 'Dismiss' }).click();
    await p
      .getByRole('status')
      .getByText(/^Offer ".*" dismissed\.$/)
      .waitFor();
    expect(await offers.count()).toBe(count - 1);

    // Withdraw, after a confirmation.
    await item.getByRole('button', { name: 'Withdraw' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText('Withdraw "27-inch monitor"?').waitFor();
    expect(await audit(p)).toEqual([]);
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await p.getByRole('status').getByText('"27-inch monitor" was withdrawn.').waitFor({ timeout: 30_000 });
    await item.getByText('Withdrawn', { exact: true }).first().waitFor();
    expect(live.brand.intents()[0]!.status).toBe('withdrawn');
    await p.close();

    // The popup lists the brands to send to.
    const popup = await openExtensionPage(l, 'popup');
    await popup.getByRole('button', { name: 'New intent' }).click();
    await popup.getByRole('checkbox', { name: /Livewire/ }).waitFor();
    expect(await audit(popup)).toEqual([]);
    await popup.close();
  });

  it('the popup adds the current site to the brands, and says why when it cannot', async () => {
    const shop = await createBrand({ name: 'Siteside', dataDir: join(dir, 'siteside'), port: 0, host: '127.0.0.1' });
    running.push(shop);
    const page = await l.context.newPage();
    await page.goto(shop.url);
    const popup = await openPopupForTab(l, page);
    const add = popup.getByRole('button', { name: 'Add this site to my brands' });
    await add.waitFor();
    await add.click();
    await popup.getByRole('status').getByText('Siteside was added to your brands.').waitFor({ timeout: 30_000 });
    expect(await add.count()).toBe(0);
    await popup.getByRole('button', { name: 'New intent' }).click();
    await popup.getByRole('checkbox', { name: /Siteside/ }).waitFor();
    expect(await audit(popup)).toEqual([]);
    await popup.close();

    // A site that declares no intent endpoint (no vrm.json at all): the error is shown, nothing added.
    const plain = await createDemoServer({ port: 0, host: '127.0.0.1' });
    try {
      await page.goto(`${plain.url}/`);
      const p2 = await openPopupForTab(l, page);
      await p2.getByRole('button', { name: 'Add this site to my brands' }).click();
      await p2.getByRole('alert').filter({ hasText: /\S/ }).first().waitFor({ timeout: 30_000 });
      expect(await p2.getByRole('button', { name: 'Add this site to my brands' }).count()).toBe(1);
      expect(await audit(p2)).toEqual([]);
      await p2.close();
    } finally {
      await plain.close();
    }
    await page.close();
  });
  it('lists a long inbox 50 offers at a time and shows the rest on request, focus on the first added; wipe empties the badge', async () => {
    const catalogue = Array.from({ length: 60 }, (_, i) => ({
      id: `lamp-${i}`,
      name: `Desk lamp ${i}`,
      words: ['lamp'],
      price: 20 + i,
      currency: 'EUR',
    }));
    const lamps = await createBrand({ name: 'Lampland', dataDir: join(dir, 'lamps'), port: 0, host: '127.0.0.1', catalogue });
    running.push(lamps);
    const p = await openExtensionPage(l, 'options');
    const added = await send<{ brand: { id: string } }>(p, { type: 'brands/add', origin: lamps.url });
    expect(added.error?.code).toBeUndefined();
    const saved = await send<{ intent: { id: string } }>(p, {
      type: 'intents/save',
      intent: { what: 'desk lamp', reveal: [], expiresAt: Date.now() + 86_400_000, brandIds: [added.brand.id] },
    });
    expect((await send(p, { type: 'intents/broadcast', id: saved.intent.id })).ok).toBe(true);
    expect((await send(p, { type: 'intents/poll' })).ok).toBe(true);
    const listed = await send<{ offers: { dismissed?: boolean }[] }>(p, { type: 'intents/list' });
    const total = listed.offers.filter((o) => !o.dismissed).length;
    expect(total).toBeGreaterThanOrEqual(60);

    await p.close();
    const inbox = await openExtensionPage(l, 'options', '#intents');
    const offers = inbox.locator('li.offer');
    await offers.nth(49).waitFor();
    expect(await offers.count()).toBe(50);
    expect(await inbox.getByText(`Showing 50 of ${total} offers.`).count()).toBe(1);
    const more = inbox.getByRole('button', { name: `Show ${Math.min(50, total - 50)} more` });
    await more.click();
    await offers.nth(Math.min(99, total - 1)).waitFor();
    expect(await offers.count()).toBe(Math.min(100, total));
    // The first offer just listed has the focus, so a keyboard user reads on from there.
    expect(await inbox.evaluate(() => document.activeElement?.id)).toBe('offer-50-title');
    expect(await audit(inbox)).toEqual([]);

    // The toolbar counts the unread offers; wiping the vault leaves nothing of it there either.
    expect(Number(await inbox.evaluate(() => chrome.action.getBadgeText({})))).toBeGreaterThanOrEqual(60);
    expect((await send(inbox, { type: 'vault/wipe', confirm: 'WIPE' })).ok).toBe(true);
    expect(await inbox.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    expect(await inbox.evaluate(() => chrome.action.getTitle({}))).toBe('Proffer');
    await inbox.close();
  });
});
