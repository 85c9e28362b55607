// The background's requests to directory companies, on a real (fake-indexeddb) vault: the letter
// in the company's language with the law of where the person lives, a slug of another site refused,
// the answers the person records moving the deadline, follow-ups refused before they are due, and
// the complaint to the authority of the person's Land with what the ledger shows.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OUT } from '../../scripts/data-contacts.mjs';
import { requestHandlers } from '../../src/background/handlers/requests';
import { HandledError } from '../../src/background/router';
import { addMonths, localDate } from '../../src/protocol/deadline';
import type { Vault } from '../../src/vault/vault';
import { createdVault } from './vault-fixture';

const SITE = 'https://www.temelio.com';
let vault: Vault;
let h: ReturnType<typeof requestHandlers>['handlers'];

beforeAll(async () => {
  const file = readFileSync(OUT, 'utf8');
  vi.stubGlobal('chrome', { runtime: { getURL: (p: string) => `chrome-extension://proffer/${p}` } });
  // The directory from the package; every other fetch (the site's vrm.json) finds nothing.
  vi.stubGlobal('fetch', async (url: string | URL) =>
    String(url) === 'chrome-extension://proffer/data/privacy-contacts.json'
      ? new Response(file, { headers: { 'content-type': 'application/json' } })
      : new Response('not here', { status: 404 }),
  );
  ({ vault } = await createdVault());
  await vault.put('shares', {
    id: 'share-1',
    site: SITE,
    channel: 'form',
    fields: [
      { token: 'email', value: 'ada@example.org', label: 'E-mail' },
      { token: 'postal-code', value: '10719' },
      { token: 'cc-number', value: '4111111111111111' },
    ],
    at: Date.now() - 86_400_000,
  });
  h = requestHandlers(vault).handlers;
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const create = (extra: Record<string, unknown> = {}) =>
  h['requests/create']({
    type: 'requests/create',
    site: SITE,
    exercise: 'access',
    law: 'gdpr',
    identifiers: ['email'],
    company: 'temelio',
    residence: 'de',
    lang: 'en-GB',
    ...extra,
  } as never);

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof HandledError ? e.code : String(e);
  }
  return 'no error';
};

describe('requests to a directory company', () => {
  it('names the company and how it takes requests, before anything was sent', async () => {
    const r = await h['contacts/site']({ type: 'contacts/site', site: `${SITE}/shop`, lang: 'de-DE' });
    expect(r.residence).toBe('de');
    expect(r.companies[0]).toMatchObject({ slug: 'temelio', name: 'Temelio S.A.S', email: 'dpo@temelio.com', via: 'email', lang: 'fr' });
    expect((await h['contacts/site']({ type: 'contacts/site', site: 'https://nobody-here.example' })).companies).toEqual([]);
    // The ledger asks for all its sites at once: only the known ones come back.
    const many = await h['contacts/sites']({
      type: 'contacts/sites',
      sites: [SITE, 'https://nobody-here.example', 'http://127.0.0.1:8787', 'https://www.amazon.fr'],
    });
    expect(Object.keys(many.companies)).toEqual([SITE, 'https://www.amazon.fr']);
    expect(many.companies['https://www.amazon.fr']![0]!.slug).toBe('amazon-fr');
  });

  it("writes in the company's language, cites the law of where the person lives, and keeps the follow-up facts", async () => {
    const { request, email } = await create();
    expect(email?.lang).toBe('fr');
    expect(email?.to).toBe('dpo@temelio.com');
    expect(email?.recipient).toBe('Temelio S.A.S');
    expect(email?.subject).toBe("Demande d'accès à mes données personnelles (article 15 du RGPD)");
    expect(email?.body).toContain('ada@example.org');
    expect(request).toMatchObject({ channel: 'email', via: 'email', jurisdiction: 'eu', residence: 'de', to: 'dpo@temelio.com' });
    expect(request.company?.slug).toBe('temelio');
    expect(request.dueOn).toBe(addMonths(localDate(), 1));
    // A California resident writing to the same company: the CCPA, 45 days.
    const ca = await create({ residence: 'us-ca', law: 'gdpr' });
    expect(ca.request.law).toBe('ccpa');
    expect(ca.email?.subject).toContain('(CCPA)');
  });

  it('remembers where the person said they live, for the next request', async () => {
    await create({ residence: 'at' });
    expect((await h['contacts/site']({ type: 'contacts/site', site: SITE, lang: 'de-DE' })).residence).toBe('at');
  });

  it("refuses a company that is not this site's", async () => {
    expect(await codeOf(create({ company: 'amazon-de' }))).toBe('errInvalidMessage');
  });

  it('moves the deadline for an extension; a reminder before the deadline is refused', async () => {
    const { request } = await create();
    expect(await codeOf(h['requests/follow-up']({ type: 'requests/follow-up', id: request.id, step: 'reminder' }))).toBe('requestNotYet');
    expect(await codeOf(h['requests/follow-up']({ type: 'requests/follow-up', id: request.id, step: 'complaint' }))).toBe('requestNotYet');
    const ext = await h['requests/answer']({ type: 'requests/answer', id: request.id, answer: 'extended' });
    expect(ext.request.status).toBe('in_progress');
    expect(ext.request.dueOn).toBe(addMonths(request.sentOn!, 3));
    expect(ext.request.deadline).toBeGreaterThan(request.deadline);
    const again = await h['requests/follow-up']({ type: 'requests/follow-up', id: request.id, step: 'request' });
    expect(again.letter.subject).toBe("Demande d'accès à mes données personnelles (article 15 du RGPD)");
  });

  it("after a refusal, the complaint goes to the authority of the person's Land, in its language, with the ledger", async () => {
    const { request } = await create();
    const refused = await h['requests/answer']({ type: 'requests/answer', id: request.id, answer: 'refused' });
    expect(refused.request.status).toBe('denied');
    const { request: done, letter } = await h['requests/follow-up']({ type: 'requests/follow-up', id: request.id, step: 'complaint' });
    // Residence Germany, postal code 10719 as the site received it: Berlin's commissioner.
    expect(done.authority?.slug).toBe('deberlbdi');
    expect(done.complainedOn).toBe(localDate());
    expect(letter.recipient).toMatch(/^Berliner Beauftragte/);
    expect(letter.lang).toBe('de');
    expect(letter.subject).toBe('Beschwerde gegen Temelio S.A.S: Datenschutzantrag nicht beantwortet');
    expect(letter.body).toContain('nach Art. 77 der Datenschutz-Grundverordnung');
    expect(letter.body).toContain('Das Unternehmen hat meinen Antrag abgelehnt.');
    expect(letter.body).not.toContain('Frist für die Antwort ist abgelaufen'); // refused before the deadline
    expect(letter.body).toMatch(/- E-Mail-Adresse: \d/);
    expect(letter.body).not.toContain('4111'); // never a card number, even in what the ledger shows
    expect(letter.body).toContain("Demande d'accès à mes données personnelles"); // the original, in full
    // Another authority, chosen by the person.
    const cnil = await h['requests/follow-up']({ type: 'requests/follow-up', id: request.id, step: 'complaint', authority: 'frcnil' });
    expect(cnil.letter.recipient).toMatch(/^Commission Nationale/);
    expect(cnil.letter.via).toBe('webform');
    expect(cnil.letter.webform).toBe('https://www.cnil.fr/fr/plaintes');
  });
});
