/**
 * The keyboard shortcut and the context-menu entry, in real Chromium. Headless Chromium has no
 * browser UI to press the keys in, so the test hands the browser's own event to the service worker
 * (`onCommand.dispatch` / `onClicked.dispatch`), which runs Proffer's real listeners.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../demo/server.mjs';
import { fillFromPopup, fixturePersona, type Launched, launch, openPopupForTab, readyVault, send, tabIdOf } from './harness';

let l: Launched;
let ext: Page;
let shop: DemoServer;
let other: DemoServer;

beforeAll(async () => {
  shop = await createDemoServer({ port: 0 });
  other = await createDemoServer({ port: 0 });
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  await shop?.close();
  await other?.close();
});

async function press(tabId: number, via: 'shortcut' | 'menu'): Promise<void> {
  const sw = await l.worker();
  await sw.evaluate(
    ({ tabId, via }) =>
      chrome.tabs.get(tabId).then((tab) => {
        if (via === 'shortcut')
          (chrome.commands.onCommand as unknown as { dispatch: (...a: unknown[]) => void }).dispatch('fill-form', tab);
        else
          (chrome.contextMenus.onClicked as unknown as { dispatch: (...a: unknown[]) => void }).dispatch(
            { menuItemId: 'proffer-fill', editable: true, pageUrl: tab.url },
            tab,
          );
      }),
    { tabId, via },
  );
}

describe('shortcut and context menu', () => {
  it('registers the shortcut and reuses the fields approved last time on the site, without a popup', async () => {
    const cmds = await (await l.worker()).evaluate(() => chrome.commands.getAll());
    expect(cmds.find((c) => c.name === 'fill-form')?.shortcut).toBe('Alt+Shift+F');

    const page = await l.context.newPage();
    await page.goto(`${shop.url}/signup`);
    // First time: the person approves a preview without their phone number.
    const popup = await openPopupForTab(l, page);
    await popup.getByRole('checkbox', { name: /Mobile phone/ }).uncheck();
    expect(await fillFromPopup(popup)).toMatch(/^Filled/);
    await popup.close();

    await page.reload();
    expect(await page.locator('#email').inputValue()).toBe('');
    const pagesBefore = l.context.pages().length;
    const tab = await tabIdOf(l, page);
    const badgeOf = (tabId?: number) => ext.evaluate((id) => chrome.action.getBadgeText(id === undefined ? {} : { tabId: id }), tabId);
    // Stand-in for the shared badge (overdue requests, unread offers), to see it come back.
    await ext.evaluate(() => chrome.action.setBadgeText({ text: '99' }));
    await press(tab, 'shortcut');
    await expect.poll(() => page.locator('#email').inputValue()).toBe('orlaith.vantongeren@mailcanary.example');
    // The tab's badge says how many fields the key press filled, then gives way to the shared one.
    // (The tab inherits the stand-in until the count is written, so wait for a number that is not it.)
    await expect.poll(() => badgeOf(tab)).toMatch(/^(?!99$)[1-9]\d?$/);
    await expect.poll(() => badgeOf(tab), { timeout: 15_000 }).toBe('99');
    await ext.evaluate(() => chrome.action.setBadgeText({ text: '' }));
    expect(await page.locator('#given-name').inputValue()).toBe('Orlaith');
    expect(await page.locator('#phone').inputValue()).toBe(''); // what was left out stays out
    expect(l.context.pages().length).toBe(pagesBefore); // no window opened
    const ledger = await send<{ shares: unknown[] }>(ext, { type: 'ledger/site', site: shop.url });
    expect(ledger.shares).toHaveLength(2);
    await page.close();
  });

  it('opens the preview for the tab when there is nothing to reuse, or when the vault is locked', async () => {
    const page = await l.context.newPage();
    await page.goto(`${other.url}/contact`);
    const tabId = await tabIdOf(l, page);
    const opened = l.context.waitForEvent('page', { predicate: (p) => p.url().includes(`popup/index.html?tab=${tabId}`) });
    await press(tabId, 'menu');
    const preview = await opened;
    await preview.getByRole('heading', { name: 'This site' }).waitFor();
    expect(await page.locator('input[type=email]').first().inputValue()).toBe(''); // nothing filled unasked
    await preview.close();

    await send(ext, { type: 'vault/lock' });
    const again = l.context.waitForEvent('page', { predicate: (p) => p.url().includes(`popup/index.html?tab=${tabId}`) });
    await press(tabId, 'shortcut');
    const locked = await again;
    await locked.getByRole('heading', { name: 'Unlock Proffer' }).waitFor();
    await page.close();
  });
});
