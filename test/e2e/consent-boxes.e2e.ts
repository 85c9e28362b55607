/**
 * Consent boxes answered by the person's terms, in real Chromium, on Proffer's own fixture
 * (test/fixtures/consent/boxes.html: 30 consent controls in en, de, fr, es, it, nl, pt; pre-ticked and
 * not, reversed wording, switches, yes/no radio pairs, required terms boxes, age boxes, one box in a
 * shadow root). The preview lists exactly the right answers under "Your terms answer"; the fill sets
 * exactly those states, as a person's click does (the page hears a change event for each box that
 * changed and for no other), changes nothing else; the ledger records the answers with the fill.
 * And consent asked through ARIA switches and custom checkboxes (test/fixtures/consent/switches.html):
 * answered the same way, clicked, and a switch the page does not flip reported as not set.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillFromPopup, fixturePersona, type Launched, launch, openPopupForTab, ROOT, readyVault, send, siteRegion } from './harness';
import { type PageServer, startPageServer } from './page-server';

let l: Launched;
let ext: Page;
let server: PageServer;

beforeAll(async () => {
  server = await startPageServer(join(ROOT, 'test/fixtures/consent'));
  l = await launch();
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  await server?.close();
});

/** [box id, label shown, what Proffer will do] for every answer, in page order. */
const ANSWERS: [string, string, string][] = [
  ['en-news', 'Sign me up for the newsletter', 'Untick: no to marketing'],
  ['en-partners', 'Share my details with selected partners', 'Leave unticked: no to sharing with others'],
  ['en-optout', 'Tick this box if you do not want to receive marketing emails', 'Tick: this box refuses marketing'],
  ['en-ads', 'Personalised ads based on my interests', 'Untick: no to profiling and personalised ads'],
  ['en-sell', 'You may sell my personal information', 'Untick: no to sale of your data'],
  ['de-news', 'Ja, ich möchte den Newsletter abonnieren', 'Untick: no to marketing'],
  ['de-dritte', 'Meine Daten dürfen an Partner und Dritte weitergegeben werden', 'Leave unticked: no to sharing with others'],
  ['de-keine', 'Ich möchte keine Werbung per E-Mail erhalten', 'Tick: this box refuses marketing'],
  ['fr-offres', "Je souhaite recevoir la lettre d'information et les offres", 'Untick: no to marketing'],
  ['fr-pub', 'Recevoir des publicités personnalisées', 'Untick: no to profiling and personalised ads'],
  ['fr-refus', 'Je ne souhaite pas recevoir les offres commerciales', 'Tick: this box refuses marketing'],
  ['es-boletin', 'Quiero recibir el boletín con ofertas', 'Untick: no to marketing'],
  ['es-terceros', 'Ceder mis datos a terceros', 'Untick: no to sharing with others'],
  ['es-no', 'No deseo recibir comunicaciones comerciales', 'Tick: this box refuses marketing'],
  ['it-news', 'Iscrivimi alla newsletter per ricevere offerte', 'Untick: no to marketing'],
  ['it-profilazione', 'Acconsento alla profilazione', 'Leave unticked: no to profiling and personalised ads'],
  ['nl-nieuwsbrief', 'Nieuwsbrief met aanbiedingen', 'Untick: no to marketing'],
  ['nl-derden', 'Mijn gegevens mogen met derden worden gedeeld', 'Leave unticked: no to sharing with others'],
  ['pt-news', 'Quero receber a newsletter com ofertas', 'Untick: no to marketing'],
  ['pt-nao', 'Não desejo receber comunicações comerciais', 'Tick: this box refuses marketing'],
  ['de-share-nein', 'Weitergabe meiner Daten an Partner: Nein', 'Choose this answer: no to sharing with others'],
  ['it-mkt-no', 'Desidero ricevere offerte e promozioni: No', 'Choose this answer: no to marketing'],
];

/** Every box's state after the fill: the answers, and the boxes Proffer leaves to the person as they were. */
const AFTER: Record<string, boolean> = {
  'en-news': false,
  'en-partners': false,
  'en-optout': true,
  'en-tos': false,
  'en-age': false,
  'en-ads': false,
  'en-sell': false,
  'de-news': false,
  'de-dritte': false,
  'de-keine': true,
  'de-agb': false,
  'de-share-ja': false,
  'de-share-nein': true,
  'fr-offres': false,
  'fr-pub': false,
  'fr-refus': true,
  'fr-cgu': false,
  'es-boletin': false,
  'es-terceros': false,
  'es-no': true,
  'it-news': false,
  'it-profilazione': false,
  'it-mkt-si': false,
  'it-mkt-no': true,
  'nl-nieuwsbrief': false,
  'nl-derden': false,
  'nl-voorwaarden': false,
  'pt-news': false,
  'pt-nao': true,
  'pt-maior': false,
};

/** Boxes whose state the fill changed: the page must hear a change event for each, and for no other box. */
const CHANGED = [
  'en-news',
  'en-optout',
  'en-ads',
  'en-sell',
  'de-news',
  'de-keine',
  'de-share-nein',
  'fr-offres',
  'fr-pub',
  'fr-refus',
  'es-boletin',
  'es-terceros',
  'es-no',
  'it-news',
  'it-mkt-no',
  'nl-nieuwsbrief',
  'pt-news',
  'pt-nao',
];

async function boxStates(page: Page): Promise<Record<string, boolean>> {
  return page.evaluate(() => {
    const out: Record<string, boolean> = {};
    const all = [
      ...document.querySelectorAll('input'),
      ...(document.getElementById('fr-host')?.shadowRoot?.querySelectorAll('input') ?? []),
    ];
    for (const el of all as HTMLInputElement[]) if (el.type === 'checkbox' || el.type === 'radio') out[el.id] = el.checked;
    return out;
  });
}

describe('consent boxes answered by your terms', () => {
  it('the preview lists exactly the answers; the fill sets exactly those states as a person would; the ledger records them', async () => {
    const page = await l.context.newPage();
    await page.goto(`${server.origin}/boxes.html`);
    expect(Object.keys(await boxStates(page))).toHaveLength(30);
    const popup = await openPopupForTab(l, page);
    const region = await siteRegion(popup);
    const group = region.getByRole('group', { name: 'Your terms answer' });
    await group.waitFor();
    const rows = await group
      .locator('li.fill-entry')
      .evaluateAll((lis) =>
        lis.map((li) => [
          (li.querySelector('label')?.textContent ?? '').trim(),
          (li.querySelector('.fill-display')?.textContent ?? '').trim(),
          (li.querySelector('input') as HTMLInputElement).checked,
        ]),
      );
    expect(rows.sort()).toEqual(ANSWERS.map(([, label, action]) => [label, action, true]).sort());
    // The terms, age and required boxes are never among them.
    const groupText = (await group.textContent()) ?? '';
    for (const never of ['Terms and Conditions', '18 years', 'AGB', 'conditions générales', 'voorwaarden', 'maior de idade'])
      expect(groupText).not.toContain(never);

    expect(await fillFromPopup(popup)).toMatch(/^Filled 23 fields\./);
    expect(await boxStates(page)).toEqual(AFTER);
    expect(await page.inputValue('#email')).toBe(String(fixturePersona().email));
    const changes = await page.evaluate(() => (window as unknown as { __changes: Record<string, number> }).__changes);
    expect(Object.keys(changes).sort()).toEqual([...CHANGED, 'email'].sort());
    for (const id of CHANGED) expect(changes[id], id).toBe(1);

    const ledger = await send<{ shares: { fields: { token: string; value: string; label?: string }[] }[] }>(ext, {
      type: 'ledger/site',
      site: server.origin,
    });
    const consent = ledger.shares[0]!.fields.filter((f) => f.token === 'consent');
    expect(consent).toHaveLength(ANSWERS.length);
    expect(consent.find((f) => f.label === 'Sign me up for the newsletter')?.value).toBe('marketing: unticked');
    expect(consent.find((f) => f.label === 'Ich möchte keine Werbung per E-Mail erhalten')?.value).toBe('marketing: ticked');
    await popup.close();
    await page.close();
  });

  it('an answer the person unticks in the preview is not applied', async () => {
    const page = await l.context.newPage();
    await page.goto(`${server.origin}/boxes.html`);
    const popup = await openPopupForTab(l, page);
    const region = await siteRegion(popup);
    const group = region.getByRole('group', { name: 'Your terms answer' });
    await group.getByRole('checkbox', { name: 'Sign me up for the newsletter' }).uncheck();
    expect(await fillFromPopup(popup)).toMatch(/^Filled 22 fields\./);
    const states = await boxStates(page);
    expect(states['en-news']).toBe(true);
    expect(states['de-news']).toBe(false);
    await popup.close();
    await page.close();
  });

  it('ARIA switches and custom checkboxes: the preview lists exactly the right ones; the fill clicks exactly those and reports a switch the page would not flip', async () => {
    const page = await l.context.newPage();
    await page.goto(`${server.origin}/switches.html`);
    const ariaStates = () =>
      page.evaluate(() => {
        const out: Record<string, string | null> = {};
        const all = [
          ...document.querySelectorAll('[role=switch],[role=checkbox]'),
          ...(document.getElementById('ads-host')?.shadowRoot?.querySelectorAll('[role=switch]') ?? []),
        ];
        for (const el of all) out[el.id] = el.getAttribute('aria-checked');
        return out;
      });
    const before = await ariaStates();
    expect(Object.keys(before)).toHaveLength(9);
    const popup = await openPopupForTab(l, page);
    const region = await siteRegion(popup);
    const group = region.getByRole('group', { name: 'Your terms answer' });
    await group.waitFor();
    const rows = await group
      .locator('li.fill-entry')
      .evaluateAll((lis) =>
        lis.map((li) => [
          (li.querySelector('label')?.textContent ?? '').trim(),
          (li.querySelector('.fill-display')?.textContent ?? '').trim(),
        ]),
      );
    expect(rows.sort()).toEqual(
      [
        ['Send me offers and promotions by email', 'Untick: no to marketing'],
        ['Tick this box if you do not want us to share your data with partners', 'Tick: this box refuses sharing with others'],
        ['Personalisierte Werbung', 'Untick: no to profiling and personalised ads'],
        ['Share my data with third parties', 'Untick: no to sharing with others'],
      ].sort(),
    );
    // The terms box, and the hidden, off-screen, disabled and tri-state switches are never among them.
    const groupText = (await group.textContent()) ?? '';
    for (const never of ['Terms and Conditions', 'Newsletter', 'Keep me informed', 'All marketing']) expect(groupText).not.toContain(never);

    const outcome = await fillFromPopup(popup);
    expect(outcome).toMatch(/^Filled 4 fields\./);
    expect(outcome).toContain('Not filled: Share my data with third parties — the page refused or undid the value');
    expect(await ariaStates()).toEqual({
      ...before,
      'sw-news': 'false',
      'cb-optout': 'true',
      'sw-ads': 'false',
    });
    // One click each, heard by the page's own handlers; nothing else changed.
    const changes = await page.evaluate(() => (window as unknown as { __changes: Record<string, number> }).__changes);
    expect(changes).toEqual({ 'sw-news': 1, 'cb-optout': 1, 'sw-ads': 1, email: 1 });
    await popup.close();
    await page.close();
  });

  it('a consent switch the page renders after the preview opened is picked up and answered', async () => {
    const page = await l.context.newPage();
    await page.goto(`${server.origin}/switches.html`);
    const popup = await openPopupForTab(l, page);
    const region = await siteRegion(popup);
    const group = region.getByRole('group', { name: 'Your terms answer' });
    await group.waitFor();
    // A later step of the form renders one more switch, pre-ticked, with nothing else changing.
    await page.evaluate(() => {
      const row = document.createElement('div');
      row.className = 'row';
      row.innerHTML = '<button type="button" role="switch" id="sw-late" aria-checked="true" aria-label="Send me the newsletter"></button>';
      document.getElementById('prefs')!.insertBefore(row, document.querySelector('button[type=submit]'));
    });
    const late = group.locator('li.fill-entry').filter({ hasText: 'Send me the newsletter' });
    await late.waitFor({ timeout: 20_000 });
    expect(await late.locator('.fill-display').textContent()).toBe('Untick: no to marketing');
    await popup.close();
    await page.close();
  });
});
