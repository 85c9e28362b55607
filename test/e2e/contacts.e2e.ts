/**
 * Requests to a real company from the privacy-contacts directory, in real Chromium: a page served
 * under www.temelio.com (a French company the directory knows; the browser resolves the name to a
 * local server), nothing ever filled there. The popup names the company and its privacy contact and
 * offers access, erasure and objection; the erasure request is a French email to dpo@temelio.com
 * citing the GDPR. With the clock moved past the legal deadline, the ledger offers the reminder
 * (naming the CNIL), and after the reminder's own date the complaint to the CNIL. The built content
 * script carries none of the directory.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, fixturePersona, type Launched, launch, openExtensionPage, openPopupForTab, ROOT, readyVault } from './harness';

const HOST = 'www.temelio.com';
const COMPANY = 'Temelio S.A.S';
const CNIL = "Commission Nationale de l'Informatique et des Libertés";
const EMAIL = 'orlaith.vantongeren@mailcanary.example';
/** Ahead of the real date (the auto-lock alarm runs on it); 31 January, so the deadline is a month end. */
const T0 = Date.parse('2030-01-31T10:00:00Z');
const DAY = 86_400_000;

let l: Launched;

let dir: string;
let server: Server;
const savedTz = process.env.TZ;

/** The worker's clock: Date reads `globalThis.__contactsNow` once set (as in screens.e2e.ts). */
const CLOCK_SHIM = `const Real = Date;
const fixed = () => globalThis.__contactsNow;
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

function buildWithClock(to: string): string {
  cpSync(DIST, to, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as { background: { service_worker: string } };
  const loader = join(to, manifest.background.service_worker);
  const code = readFileSync(loader, 'utf8');
  for (const [, spec] of code.matchAll(/import\s*["']\.\/([^"']+)["']/g)) {
    if (!existsSync(join(to, spec!))) throw new Error(`dist/chrome changed while it was copied (no ${spec}): build again`);
  }
  writeFileSync(join(to, 'contacts-clock.js'), CLOCK_SHIM);
  writeFileSync(loader, `import '/contacts-clock.js';\n${code}`);
  return to;
}

const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** axe's violations on the page as it is now, "id (nodes)" each. */
async function audit(p: Page): Promise<string[]> {
  await p.evaluate(axe);
  return p.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe.run();
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

/**
 * A screenshot for the README (docs/screens), taken only after the test checked what it shows:
 * the element scrolled to the top of a page of the given size, on the test's fixed clock, in UTC.
 */
async function shoot(page: Page, name: string, size: { width: number; height: number }, top: ReturnType<Page['locator']>): Promise<void> {
  await page.setViewportSize(size);
  await page.mouse.move(0, 0);
  await page.addStyleTag({ content: '*, *::before, *::after { caret-color: transparent !important; transition: none !important; }' });
  await top.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  mkdirSync(join(ROOT, 'docs/screens'), { recursive: true });
  writeFileSync(join(ROOT, 'docs/screens', `${name}.png`), await page.screenshot({ animations: 'disabled' }));
}

async function setClock(ms: number): Promise<void> {
  await l.context.clock.setFixedTime(ms);
  const worker = await l.worker();
  await worker.evaluate((t) => {
    (globalThis as unknown as { __contactsNow: number }).__contactsNow = t;
  }, ms);
  expect(await worker.evaluate(() => Date.now())).toBe(ms);
}

beforeAll(async () => {
  // Dates in the pages and the worker in UTC, so the calendar days below are the browser's too.
  process.env.TZ = 'UTC';
  dir = mkdtempSync(join(tmpdir(), 'proffer-contacts-'));
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html lang="fr"><title>Temelio</title><h1>Temelio</h1>' +
        '<form><label>E-mail <input type="email" name="email" autocomplete="email"></label><button>Newsletter</button></form></html>',
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  l = await launch({ extensionDir: buildWithClock(join(dir, 'extension')), args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1:${port}`] });
  await setClock(T0);
  await readyVault(l, [fixturePersona()]);
});

afterAll(async () => {
  await l?.dispose();
  await new Promise((ok) => server?.close(ok));
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

/** The site's card in the options page's ledger. */
async function ledgerCard(): Promise<{ page: Page; card: ReturnType<Page['locator']> }> {
  await readyVault(l); // unlocks again if the moved clock locked the vault
  const page = await openExtensionPage(l, 'options', '#ledger');
  const card = page.locator('li.ledger-site').filter({ has: page.getByRole('heading', { name: COMPANY }) });
  await card.waitFor({ timeout: 15_000 });
  return { page, card };
}

describe('a request to a company of the directory', () => {
  it('the built content script carries none of the directory; the extension ships it as data', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as { content_scripts: { js: string[] }[] };
    const scripts = manifest.content_scripts.flatMap((c) => c.js);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      const code = readFileSync(join(DIST, s), 'utf8');
      expect(code).not.toContain('dpo@temelio.com');
      expect(code).not.toContain('privacy-contacts');
    }
    expect(readFileSync(join(DIST, 'data/privacy-contacts.json'), 'utf8')).toContain('dpo@temelio.com');
  });

  it('the popup names the company and its contact, and the erasure request is a French GDPR email', async () => {
    const page = await l.context.newPage();
    await page.goto(`http://${HOST}/`);
    expect(await page.title()).toBe('Temelio');
    const popup = await openPopupForTab(l, page);
    const who = popup.getByRole('region', { name: 'What this site has from you' }).or(popup.locator('section.who'));
    await expect.poll(() => who.innerText(), { timeout: 20_000 }).toContain(`Their privacy contact: ${COMPANY}, dpo@temelio.com.`);
    for (const name of ['Ask what they hold', 'Ask them to delete', 'Object / do not sell'])
      await expect.poll(() => who.getByRole('button', { name }).count()).toBe(1);

    await who.getByRole('button', { name: 'Ask them to delete' }).click();
    const form = popup.getByRole('form', { name: `Deletion request to ${COMPANY}` });
    await form.waitFor();
    await form.getByLabel('Where you live').selectOption('fr');
    expect(await form.innerText()).toContain('The letter cites the GDPR (EU).');
    await form.getByLabel('Value of Email').fill(EMAIL);
    expect(await audit(popup)).toEqual([]);
    await form.getByRole('button', { name: 'Write the request' }).click();

    const letter = popup.getByRole('region', { name: `Your request to ${COMPANY}` });
    await letter.waitFor({ timeout: 15_000 }).catch(async (e) => {
      console.log('POPUP', await popup.locator('body').innerText());
      throw e;
    });
    const text = await letter.getByRole('textbox').inputValue();
    expect(text).toContain('To: dpo@temelio.com');
    expect(text).toContain("À l'attention du service de protection des données de Temelio S.A.S\n\nMadame, Monsieur,");
    expect(text).toContain("Subject: Demande d'effacement de mes données personnelles (article 17 du RGPD)");
    expect(text).toContain(
      "J'exerce mon droit à l'effacement en vertu de l'article 17 du règlement général sur la protection des données (RGPD).",
    );
    expect(text).toContain(`- Adresse électronique: ${EMAIL}`);
    expect(text).toContain('soit au plus tard le 28 février 2030.');
    const href = await letter.getByRole('link', { name: 'Open in your email program' }).getAttribute('href');
    expect(href?.startsWith('mailto:dpo@temelio.com?subject=Demande%20d')).toBe(true);
    expect(await audit(popup)).toEqual([]);
    await shoot(popup, 'company-request', { width: 360, height: 600 }, letter);
    await popup.close();
    await page.close();
  });

  it('after the deadline the ledger offers the reminder, then the complaint to the CNIL', async () => {
    // Before the deadline: the steps, no follow-up yet.
    let { page, card } = await ledgerCard();
    await expect.poll(() => card.innerText()).toContain('legal deadline to answer');
    expect(await card.getByRole('button', { name: 'Write the reminder' }).count()).toBe(0);
    await page.close();

    // 2 March: the deadline (28 February) has passed.
    await setClock(T0 + 30 * DAY);
    ({ page, card } = await ledgerCard());
    await expect.poll(() => card.innerText()).toContain('The deadline has passed without an answer: send a reminder.');
    expect(await card.getByRole('button', { name: 'Write the complaint' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Write the reminder' }).click();
    const reminder = card.getByRole('region', { name: `Reminder to ${COMPANY}` });
    await reminder.waitFor();
    // The letter's title takes the focus, so a screen reader starts there.
    await expect.poll(() => reminder.getByRole('heading').evaluate((el) => el === document.activeElement)).toBe(true);
    const rText = await reminder.getByRole('textbox').inputValue();
    expect(rText).toContain("Rappel : Demande d'effacement de mes données personnelles (article 17 du RGPD)");
    expect(rText).toContain('Le 31 janvier 2030, je vous ai adressé la demande ci-dessous');
    expect(rText).toContain('a expiré le 28 février 2030');
    expect(rText).toContain('au plus tard le 16 mars 2030');
    expect(rText).toContain(CNIL);
    expect(await card.innerText()).toContain('reminder sent');
    await page.close();

    // 17 March: the reminder's date has passed too.
    await setClock(T0 + 45 * DAY);
    ({ page, card } = await ledgerCard());
    await card.getByRole('button', { name: 'Write the complaint' }).click();
    const complaint = card.getByRole('region', { name: new RegExp(`^Complaint to ${CNIL}`) });
    await complaint.waitFor();
    const cText = await complaint.getByRole('textbox').inputValue();
    expect(cText).toContain(`Plainte contre ${COMPANY}`);
    expect(cText).toContain("En vertu de l'article 77 du règlement général sur la protection des données (RGPD)");
    expect(cText).toContain("- 31 janvier 2030 : j'ai envoyé ma demande à dpo@temelio.com.");
    expect(cText).toContain('- 28 février 2030 : le délai légal de réponse a expiré.');
    expect(cText).toContain("- 2 mars 2030 : j'ai envoyé un rappel.");
    expect(cText).toContain('2 rue de Lisbonne');
    expect(cText).toContain(EMAIL); // the original request, in full
    // The CNIL takes complaints through its web form.
    expect(await complaint.getByRole('link', { name: 'Open the web form' }).getAttribute('href')).toBe('https://www.cnil.fr/fr/plaintes');
    await expect.poll(() => card.innerText()).toContain(`complaint to ${CNIL}`);
    expect(await audit(page)).toEqual([]);
    await shoot(page, 'complaint', { width: 1100, height: 800 }, card.locator('ul.ledger-requests'));
    await page.close();
  });

  it("the popup shows the request's steps, the letter again, and records the company's answer", async () => {
    await readyVault(l);
    const page = await l.context.newPage();
    await page.goto(`http://${HOST}/?again`);
    const popup = await openPopupForTab(l, page);
    const who = popup.locator('section.who');
    await expect.poll(() => who.innerText(), { timeout: 20_000 }).toContain(`complaint to ${CNIL}`);
    await who.getByRole('button', { name: 'Show the request' }).click();
    const again = who.getByRole('region', { name: `Your request to ${COMPANY}` });
    await again.waitFor();
    await expect.poll(() => again.getByRole('heading').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await again.getByRole('textbox').inputValue()).toContain(
      "Demande d'effacement de mes données personnelles (article 17 du RGPD)",
    );
    await who.getByLabel('The company answered').selectOption({ label: 'fulfilled' });
    await who.getByRole('button', { name: 'Record the answer' }).click();
    await expect.poll(() => who.innerText()).toContain('the company answered: fulfilled');
    // Announced to screen readers too.
    await popup
      .getByRole('status')
      .filter({ hasText: /^Recorded for https?:\/\/[^:]+: fulfilled\.$/ })
      .waitFor();
    expect(await who.locator('.request-status').first().innerText()).toBe('fulfilled');
    // Over: no answer to record any more.
    expect(await who.getByLabel('The company answered').count()).toBe(0);
    expect(await audit(popup)).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('the ledger writes to any company: a postal letter to A1 (ID document said first), a web form for Apple', async () => {
    await readyVault(l);
    const page = await openExtensionPage(l, 'options', '#ledger');
    const card = page.getByRole('region', { name: 'Write to any company' });
    await card.getByLabel("The company's site").fill('a1.net');
    await card.getByRole('button', { name: 'Find the company' }).click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('Their privacy contact: A1 Telekom Austria AG, by post.');
    await card.getByRole('button', { name: 'Ask what they hold' }).click();
    const form = card.getByRole('form', { name: 'Access request to A1 Telekom Austria AG' });
    await form.waitFor();
    // Said before sending: this company wants an ID document.
    expect(await form.innerText()).toContain('This company asks for an ID document with requests.');
    await form.getByLabel('Where you live').selectOption('at');
    await form.getByLabel('Value of Email').fill(EMAIL);
    await form.getByLabel('Value of Full name').fill('Orlaith Vantongeren');
    expect(await audit(page)).toEqual([]);
    await form.getByRole('button', { name: 'Write the request' }).click();
    const letter = card.getByRole('region', { name: 'Your request to A1 Telekom Austria AG' });
    await letter.waitFor({ timeout: 15_000 });
    // In German (the company's language), under the GDPR, as a printed letter with both addresses.
    expect(await letter.getByRole('textbox').inputValue()).toContain(
      'Antrag auf Auskunft über meine personenbezogenen Daten (Art. 15 DSGVO)',
    );
    expect(await letter.getByRole('button', { name: 'Print the letter' }).count()).toBe(1);
    const printed = await letter.locator('.print-letter').textContent();
    expect(printed).toContain('Orlaith Vantongeren');
    expect(printed).toContain('A1 Telekom Austria AG\nLassallestraße 9\n1020 Wien\nÖsterreich');
    expect(printed).toContain('Ich mache mein Recht auf Auskunft nach Art. 15 der Datenschutz-Grundverordnung (DSGVO) geltend.');
    // The request is in the ledger now, under the company's name.
    await page
      .locator('li.ledger-site')
      .filter({ has: page.getByRole('heading', { name: 'A1 Telekom Austria AG' }) })
      .waitFor();

    // Apple takes requests through its web form: opened in a new tab, the letter ready to paste.
    await card.getByLabel("The company's site").fill('https://www.apple.com/');
    await card.getByRole('button', { name: 'Find the company' }).click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('web form at www.apple.com');
    await card.getByRole('button', { name: 'Object / do not sell' }).click();
    const apple = card.getByRole('form', { name: /^Do not sell or share request to / });
    await apple.waitFor();
    await apple.getByLabel('Where you live').selectOption('us-ca');
    expect(await apple.innerText()).toContain('The letter cites the CCPA (California).');
    await apple.getByLabel('Value of Email').fill(EMAIL);
    await apple.getByRole('button', { name: 'Write the request' }).click();
    const form2 = card.getByRole('region', { name: /^Your request to / });
    await form2.waitFor({ timeout: 15_000 });
    const link = form2.getByRole('link', { name: 'Open the web form' });
    expect(await link.getAttribute('href')).toBe('https://www.apple.com/legal/privacy/contact/');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await form2.getByRole('textbox').inputValue()).toContain(
      'Request to opt out of the sale and sharing of my personal information (CCPA)',
    );
    await page.close();
  });
});
