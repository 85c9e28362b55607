/**
 * The preview is the consent (issue 12), in real Chromium with the built extension: while the
 * popup's preview is open the page slips a phone field in before the others. The new field shows up
 * unticked and marked New (in its checkbox's name, so a screen reader says it), the person's own
 * choices stay, a click on Fill right after the change fills nothing (the reason is shown and
 * announced), and a click after the pause fills the ticked fields and not the new one. The
 * background refuses the same on its own: the replaced plan, and the new plan in its first second.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillPreview } from '../../src/shared/messages';
import {
  fillFromPopup,
  fixturePersona,
  type Launched,
  launch,
  openPopupForTab,
  ROOT,
  readPreview,
  readyVault,
  send,
  siteRegion,
  tabIdOf,
} from './harness';
import { type PageServer, startPageServer } from './page-server';

let l: Launched;
let ext: Page;
let server: PageServer;

beforeAll(async () => {
  server = await startPageServer(`${ROOT}/test/fixtures/pages`);
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  await server?.close();
});

const value = (page: Page, sel: string) => page.locator(sel).inputValue();
const FILL = /^Fill \d+ fields?$/;
const WAIT_NOTICE = 'The form changed — check the new fields. Fill waits a second.';

describe('a field the page adds while the preview is open', () => {
  it('arrives unticked and marked New; Fill does nothing for a moment, then fills only what the person ticked', async () => {
    const page = await l.context.newPage();
    await page.goto(`${server.origin}/preview-late-field.html?run=popup`);
    await page.waitForTimeout(300);
    const popup = await openPopupForTab(l, page);
    const region = await siteRegion(popup);
    expect((await readPreview(popup)).map((e) => [e.label, e.checked])).toEqual([
      ['Email', true],
      ['First name', true],
    ]);
    // The person keeps their first name to themselves.
    await region.getByRole('checkbox', { name: 'First name' }).uncheck();

    await page.evaluate(() => (window as unknown as { addPhone(): void }).addPhone());
    const phone = region.getByRole('checkbox', { name: /^Mobile phone\s+New$/ });
    await phone.waitFor({ timeout: 20_000 });
    // Right away, as a page would hope: press Fill. The state is read in the same task as the click.
    const atClick = await region.getByRole('button', { name: FILL }).evaluate((b) => {
      const state = {
        ariaDisabled: b.getAttribute('aria-disabled'),
        describedBy: (b.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? ''),
        busy: b.closest('section')?.getAttribute('aria-busy') ?? null,
      };
      (b as HTMLButtonElement).click();
      return state;
    });
    expect(atClick.ariaDisabled).toBe('true');
    expect(atClick.busy).toBe('true');
    expect(atClick.describedBy).toContain(WAIT_NOTICE);
    // Announced in a live region outside the busy section.
    await expect.poll(() => popup.locator('#fill-changed-status').textContent()).toBe(WAIT_NOTICE);
    await popup.waitForTimeout(300);
    for (const sel of ['#tel', '#email', '#given']) expect(await value(page, sel)).toBe('');
    expect(
      await region
        .getByRole('status')
        .filter({ hasText: /Filled/ })
        .count(),
    ).toBe(0);

    // The preview after the change: the new field unticked (its default would be ticked), the person's choices kept.
    expect((await readPreview(popup)).map((e) => [e.label, e.checked])).toEqual([
      ['Mobile phone New', false],
      ['Email', true],
      ['First name', false],
    ]);
    // After the pause: Fill works again, and the live region says what is new.
    await expect.poll(() => region.getByRole('button', { name: FILL }).getAttribute('aria-disabled')).toBeNull();
    await expect
      .poll(() => popup.locator('#fill-changed-status').textContent())
      .toBe('1 field the page added is marked New and not ticked.');
    expect(await fillFromPopup(popup)).toMatch(/^Filled 1 field\./);
    expect(await value(page, '#email')).toBe('orlaith.vantongeren@mailcanary.example');
    expect(await value(page, '#given')).toBe('');
    expect(await value(page, '#tel')).toBe('');
    await popup.close();
    await page.close();
  });

  it('the background refuses the plan the page changed under, and the new plan for its first second', async () => {
    const page = await l.context.newPage();
    await page.goto(`${server.origin}/preview-late-field.html?run=messages`);
    await page.waitForTimeout(300);
    const tabId = await tabIdOf(l, page);
    const seen = await send<FillPreview>(ext, { type: 'forms/preview', tabId });
    expect(seen.ok).toBe(true);
    expect(seen.changed).toBeUndefined();
    const email = seen.entries.find((e) => e.token === 'email')!;
    await page.evaluate(() => (window as unknown as { addPhone(): void }).addPhone());
    const next = await send<FillPreview>(ext, { type: 'forms/preview', tabId });
    expect(next.changed).toBe(true);
    const old = await send(ext, { type: 'forms/fill', planId: seen.planId, keys: [email.key], approveOrigins: [] });
    expect(old.error?.code).toBe('errFormChanged');
    const emailNow = next.entries.find((e) => e.token === 'email')!;
    const early = await send(ext, { type: 'forms/fill', planId: next.planId, keys: [emailNow.key], approveOrigins: [] });
    expect(early.error?.code).toBe('errFormChanged');
    expect(await value(page, '#email')).toBe('');
    await page.waitForTimeout(1_100);
    const late = await send<{ filled: unknown[] }>(ext, {
      type: 'forms/fill',
      planId: next.planId,
      keys: [emailNow.key],
      approveOrigins: [],
    });
    expect(late.ok).toBe(true);
    expect(late.filled).toHaveLength(1);
    expect(await value(page, '#email')).toBe('orlaith.vantongeren@mailcanary.example');
    expect(await value(page, '#tel')).toBe('');
    await page.close();
  });
});
