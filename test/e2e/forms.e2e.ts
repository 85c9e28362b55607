/**
 * One-click fill on the demo signup page, in real Chromium with the built extension, driven through
 * the popup as a person does: nothing filled on load, the preview lists exactly what goes where,
 * unticked fields and traps stay empty, values survive, the ledger records exactly what was written,
 * the generated password is kept for the site, minimal disclosure leaves optional fields out, and a
 * page with nothing to fill says so without offering choices.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer } from '../../demo/server.mjs';
import type { FillPreview } from '../../src/shared/messages';
import {
  fillFromPopup,
  fixturePersona,
  type Launched,
  launch,
  openPopupForTab,
  PASSPHRASE,
  ROOT,
  readPreview,
  readyVault,
  send,
  siteRegion,
  tabIdOf,
} from './harness';
import { startPageServer } from './page-server';

let l: Launched;
let ext: Page;
let demo: { url: string; close(): Promise<void> | void };

beforeAll(async () => {
  demo = await createDemoServer({ port: 0, host: '127.0.0.1' });
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  await demo?.close();
});

/** The popup for the tab of `page`, once its preview has loaded. */
async function popupFor(page: Page): Promise<Page> {
  const popup = await openPopupForTab(l, page);
  await siteRegion(popup);
  return popup;
}

const value = (page: Page, sel: string) => page.locator(sel).inputValue();

describe('filling the demo signup form from the popup', () => {
  it('fills what the person approved, leaves the rest, and records it in the ledger', async () => {
    const page = await l.context.newPage();
    const url = `${demo.url}/signup`;
    await page.goto(url);
    await page.waitForTimeout(300);
    // Nothing is filled on page load.
    for (const sel of ['#given-name', '#email', '#phone', '#password', '#website']) expect(await value(page, sel)).toBe('');

    const popup = await popupFor(page);
    // The preview shows the values that would go to this site, field by field.
    const region = popup.getByRole('region', { name: 'This site' });
    expect(await region.textContent()).toContain(new URL(url).origin);
    for (const label of ['First name', 'Last name', 'Email address', 'City', 'Country']) {
      await expect(popup.getByRole('checkbox', { name: label, exact: false }).first().isChecked()).resolves.toBe(true);
    }
    expect(await region.textContent()).toContain('orlaith.vantongeren@mailcanary.example');
    // The honeypot is not offered at all; the marketing consent only as the answer the person's terms
    // give it (issue 14): left unticked, never ticked.
    await expect(popup.getByRole('checkbox', { name: 'Website' }).count()).resolves.toBe(0);
    const termsAnswer = popup.getByRole('group', { name: 'Your terms answer' });
    await expect(termsAnswer.getByRole('checkbox', { name: /Send me offers/ }).count()).resolves.toBe(1);
    expect(await termsAnswer.textContent()).toContain('Leave unticked: no to sharing with others');
    // The State list holds US states only and the persona lives in Berlin: State is not offered
    // (rather than a guess that the fill would then fail to place).
    await expect(popup.getByRole('checkbox', { name: /^State/ }).count()).resolves.toBe(0);

    // The generated password is offered, unticked; the person takes it. They keep their phone number to themselves.
    const pw = popup.getByRole('checkbox', { name: /Create a password/ });
    await expect(pw.isChecked()).resolves.toBe(false);
    await pw.check();
    await popup.getByRole('checkbox', { name: /Mobile phone/ }).uncheck();
    const outcome = await fillFromPopup(popup);
    expect(outcome).toMatch(/^Filled \d+ fields?\./);
    expect(outcome).not.toContain('Not filled');

    expect(await value(page, '#given-name')).toBe('Orlaith');
    expect(await value(page, '#family-name')).toBe('Vantongeren');
    expect(await value(page, '#email')).toBe('orlaith.vantongeren@mailcanary.example');
    expect(await value(page, '#city')).toBe('Gorzlinde');
    expect(await value(page, '#postal-code')).toBe('10999');
    expect(await value(page, '#country')).toBe('DE');
    expect(await value(page, '#birthday')).toBe('1979-04-17');
    expect(await value(page, '#phone')).toBe('');
    expect(await value(page, '#website')).toBe('');
    expect(await page.locator('#marketing').isChecked()).toBe(false);
    const password = await value(page, '#password');
    expect(password.length).toBeGreaterThanOrEqual(12);

    // The ledger has exactly what was written, for this site.
    const ledger = await send<{ shares: { personaId: string; channel: string; fields: { token: string; value: string }[] }[] }>(ext, {
      type: 'ledger/site',
      site: new URL(url).origin,
    });
    expect(ledger.shares).toHaveLength(1);
    const share = ledger.shares[0]!;
    expect(share.channel).toBe('form');
    expect(share.personaId).toBe('persona-everyday');
    const byToken = Object.fromEntries(share.fields.map((f) => [f.token, f.value]));
    expect(byToken['given-name']).toBe('Orlaith');
    expect(byToken.email).toBe('orlaith.vantongeren@mailcanary.example');
    expect(byToken).not.toHaveProperty('tel');
    expect(Object.values(byToken)).not.toContain(password); // the password is kept for the site, not copied into the ledger

    // Next visit: the same password is offered again for this site.
    await page.reload();
    const again = await popupFor(page);
    await again.getByRole('checkbox', { name: /Create a password/ }).check();
    expect(await fillFromPopup(again)).toMatch(/^Filled \d+ fields?\./);
    expect(await value(page, '#password')).toBe(password);
    await again.close();
    await popup.close();
    await page.close();
  });

  it('locking drops an open preview: after unlocking again, its plan fills nothing', async () => {
    const page = await l.context.newPage();
    await page.goto(`${demo.url}/signup`);
    await page.waitForTimeout(300);
    const tabId = await tabIdOf(l, page);
    const p = await send<FillPreview>(ext, { type: 'forms/preview', tabId });
    expect(p.ok).toBe(true);
    expect(p.entries.length).toBeGreaterThan(0);
    expect((await send(ext, { type: 'vault/lock' })).ok).toBe(true);
    expect((await send(ext, { type: 'vault/unlock', passphrase: PASSPHRASE })).ok).toBe(true);
    const keys = p.entries.filter((e) => e.checked).map((e) => e.key);
    const late = await send(ext, { type: 'forms/fill', planId: p.planId, keys, approveOrigins: [] });
    expect(late.ok).toBe(false);
    expect(late.error?.code).toBe('errPlanExpired');
    expect(await value(page, '#email')).toBe('');
    await page.close();
  });

  it('says plainly when a page has nothing to fill, without persona or options to choose', async () => {
    const page = await l.context.newPage();
    // The shop's home page: its only field is the site search, which Proffer never fills.
    await page.goto(`${demo.url}/`);
    expect(await page.locator('input, select, textarea').evaluateAll((els) => els.map((e) => e.id))).toEqual(['site-search-q']);
    const popup = await popupFor(page);
    const region = popup.getByRole('region', { name: 'This site' });
    await region.getByText('None of the fields on this page can be filled. See why below.').waitFor();
    await region.getByText('Fields left empty (1)').waitFor();
    // Which persona, "only required" or an alias would change nothing here: none of them is offered.
    expect(await region.getByText(/From your persona/).count()).toBe(0);
    expect(await region.getByRole('checkbox').count()).toBe(0);
    await popup.close();

    // The signup page next to it still offers them.
    await page.goto(`${demo.url}/signup`);
    const again = await popupFor(page);
    const form = again.getByRole('region', { name: 'This site' });
    await form.getByText(/From your persona “Everyday”/).waitFor();
    await form.getByRole('checkbox', { name: 'Only required fields (minimal disclosure)' }).waitFor();
    await form.getByRole('checkbox', { name: 'Use an email alias for this site' }).waitFor();
    await again.close();
    await page.close();
  });

  it('an open preview picks up a form that appears later, even behind thousands of other changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proffer-late-form-'));
    writeFileSync(
      join(dir, 'late.html'),
      '<!doctype html><meta charset="utf-8"><title>Loading</title><p>Loading…</p><div id="root"></div>',
    );
    const server = await startPageServer(dir);
    try {
      const page = await l.context.newPage();
      await page.goto(`${server.origin}/late.html`);
      const popup = await popupFor(page);
      const region = popup.getByRole('region', { name: 'This site' });
      await region.getByText('No form fields to fill on this page.').waitFor();
      // A single-page app renders its form, then thousands of other nodes in the same task.
      await page.evaluate(() => {
        const root = document.getElementById('root')!;
        root.insertAdjacentHTML(
          'beforeend',
          '<form><p><label>Email <input type="email" name="email"></label></p><p><label>First name <input name="first"></label></p></form>',
        );
        for (let i = 0; i < 6000; i++) root.appendChild(document.createElement('span'));
      });
      await region.getByRole('checkbox', { name: /Email/ }).waitFor({ timeout: 20_000 });
      expect(await region.textContent()).toContain('orlaith.vantongeren@mailcanary.example');
      await popup.close();
      await page.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('minimal disclosure leaves optional fields out of the fill', async () => {
    const page = await l.context.newPage();
    await page.goto(`${demo.url}/signup`);
    const popup = await popupFor(page);
    await expect(popup.getByRole('checkbox', { name: /Mobile phone/ }).count()).resolves.toBe(1);
    await popup.getByRole('checkbox', { name: 'Only required fields (minimal disclosure)' }).check();
    await expect.poll(() => popup.getByRole('checkbox', { name: /Mobile phone/ }).count()).toBe(0);
    await expect(popup.getByRole('checkbox', { name: /Birthday/ }).count()).resolves.toBe(0);
    expect(await fillFromPopup(popup)).toMatch(/^Filled \d+ fields?\./);
    expect(await value(page, '#email')).toBe('orlaith.vantongeren@mailcanary.example');
    expect(await value(page, '#phone')).toBe('');
    expect(await value(page, '#birthday')).toBe('');
    await popup.close();
    await page.close();
  });

  it('uses a per-site email alias when the person asks for one', async () => {
    const page = await l.context.newPage();
    await page.goto(`${demo.url}/contact`);
    const popup = await popupFor(page);
    await popup.getByRole('checkbox', { name: 'Use an email alias for this site' }).check();
    await expect
      .poll(async () => popup.getByRole('region', { name: 'This site' }).textContent())
      .toMatch(/orlaith\.vantongeren\+[a-z0-9-]+@mailcanary\.example/);
    expect(await fillFromPopup(popup)).toMatch(/^Filled \d+ fields?\./);
    const email = await page.locator('input[type=email], input[autocomplete=email]').first().inputValue();
    expect(email).toMatch(/^orlaith\.vantongeren\+[a-z0-9-]+@mailcanary\.example$/);
    await popup.close();
    await page.close();
  });

  it('fills a cross-origin frame only once the person allows that origin, and remembers it for the site', async () => {
    const server = await startPageServer(`${ROOT}/test/fixtures/pages`);
    try {
      const page = await l.context.newPage();
      await page.goto(`${server.origin}/xorigin-partner-frame.html?other=${encodeURIComponent(server.other)}&run=approve`);
      await page.waitForTimeout(500);
      const frame = page.frameLocator('#partner');
      const popup = await openPopupForTab(l, page);
      // The frame's fields are shown, unticked, under their origin.
      const shown = await readPreview(popup);
      const inFrame = shown.filter((e) => e.origin === server.other);
      expect(inFrame.length).toBeGreaterThan(0);
      expect(inFrame.every((e) => !e.checked)).toBe(true);
      const said = await fillFromPopup(popup, { approveOrigins: [server.other] });
      expect(said).toMatch(/^Filled/);
      expect(await frame.locator('#pc-zip').inputValue()).toBe('10999');
      expect(await frame.locator('#pc-city').inputValue()).toBe('Gorzlinde');
      await popup.close();
      // The ledger says which values the frame's origin received, so a request to the site never names them.
      const ledger = await send<{ shares: { fields: { token: string; origin?: string }[] }[] }>(ext, {
        type: 'ledger/site',
        site: server.origin,
      });
      const fields = ledger.shares[0]?.fields ?? [];
      expect(fields.filter((f) => f.origin === server.other).map((f) => f.token)).toEqual(
        expect.arrayContaining(['postal-code', 'address-level2']),
      );
      expect(fields.filter((f) => f.origin !== undefined && f.origin !== server.other)).toEqual([]);
      // Next time on this site the origin is already allowed: its fields come ticked.
      await page.reload();
      await page.waitForTimeout(500);
      const again = await openPopupForTab(l, page);
      const next = (await readPreview(again)).filter((e) => e.origin === server.other);
      expect(next.length).toBeGreaterThan(0);
      expect(next.every((e) => e.checked)).toBe(true);
      await again.close();
      await page.close();
    } finally {
      await server.close();
    }
  });
});
