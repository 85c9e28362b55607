// The client side of intents: what is built from an Intent (only revealed fields), and how every
// answer is checked (malformed, oversized, unsigned, wrongly signed, off-origin URLs, markup as text).
import { describe, expect, it } from 'vitest';
import {
  broadcastIntent,
  buildIntentDocument,
  fetchOffers,
  type IntentTarget,
  intentIdentifier,
  revealedFields,
  withdrawIntent,
} from '../../src/protocol/intents';
import { IntentDocument } from '../../src/protocol/schemas';
import { generateBrandKeys, HEADERS, signResponse, wireKey } from '../../src/protocol/sign';
import type { Intent, Persona } from '../../src/shared/records';
import { errorOf } from './protocol-error';

const persona: Persona = {
  id: 'p1',
  label: 'Everyday',
  'given-name': 'Orlaith',
  'family-name': 'Vantongeren',
  email: 'orlaith@mailcanary.example',
  tel: '+4930901820417',
  addresses: [{ id: 'a', 'address-level2': 'Gorzlinde', 'postal-code': '10999', country: 'DE', 'street-address': 'Kestrelweg 41' }],
  createdAt: 1,
  updatedAt: 1,
};

const intent: Intent = {
  id: 'intent-1',
  what: '27-inch monitor',
  category: 'Electronics',
  budget: { amount: 300, currency: 'EUR' },
  quantity: 1,
  condition: 'new',
  region: 'Berlin, DE',
  deadline: '2027-02-14',
  personaId: 'p1',
  reveal: ['address-level2', 'postal-code'],
  expiresAt: Date.parse('2027-03-01T00:00:00Z'),
  status: 'draft',
  deliveries: [],
  createdAt: 1,
};

describe('building the intent', () => {
  it('reveals exactly the chosen fields, and only those with a value', () => {
    expect(revealedFields(persona, ['address-level2', 'postal-code'])).toEqual({ 'address-level2': 'Gorzlinde', 'postal-code': '10999' });
    expect(revealedFields(persona, [])).toEqual({});
    expect(revealedFields(undefined, ['email'])).toEqual({});
    expect(revealedFields(persona, ['bday', 'name', 'secret-thing'])).toEqual({ name: 'Orlaith Vantongeren' });
  });

  it('is a schema.org Demand with the constraints, the expiry and nothing else of the persona', () => {
    const identifier = intentIdentifier(intent.id, 'aa'.repeat(32));
    const doc = buildIntentDocument(intent, {
      identifier,
      revealed: revealedFields(persona, intent.reveal),
      terms: { uri: 'https://customercommons.org/p2b1/', sha256: 'a'.repeat(64) },
    });
    expect(IntentDocument.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Demand',
      itemOffered: { '@type': 'Product', name: '27-inch monitor', category: 'Electronics' },
      priceSpecification: { maxPrice: 300, priceCurrency: 'EUR' },
      eligibleQuantity: { value: 1 },
      itemCondition: 'https://schema.org/NewCondition',
      areaServed: 'Berlin, DE',
      availabilityEnds: '2027-02-14T23:59:59.000Z',
      validThrough: '2027-03-01T00:00:00.000Z',
      revealed: { 'address-level2': 'Gorzlinde', 'postal-code': '10999' },
    });
    const json = JSON.stringify(doc);
    for (const secret of ['Orlaith', 'mailcanary', '+4930', 'Kestrelweg', 'p1']) expect(json).not.toContain(secret);
  });

  it('uses a different identifier per brand, stable across retries', () => {
    const a = intentIdentifier('x', 'aa'.repeat(32));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(intentIdentifier('x', 'aa'.repeat(32))).toBe(a);
    expect(intentIdentifier('x', 'bb'.repeat(32))).not.toBe(a);
  });
});

// A fake brand at https://shop.example answering one canned response per request.
const brandKeys = generateBrandKeys();
const otherKeys = generateBrandKeys();
const person = generateBrandKeys();
const target: IntentTarget = {
  origin: 'https://shop.example',
  endpoint: 'https://shop.example/vrm/intents',
  brandKeys: [wireKey(brandKeys.publicKey)],
};
const identifier = intentIdentifier('intent-1', person.publicKey);

type Canned = { status?: number; body: unknown; raw?: string; sign?: 'good' | 'none' | 'wrong-key' | 'tampered'; type?: string };
function fakeFetch(canned: Canned) {
  const seen: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    seen.push({ method: init.method!, url, headers, ...(init.body ? { body: String(init.body) } : {}) });
    const status = canned.status ?? 200;
    const body = canned.raw ?? JSON.stringify(canned.body);
    const u = new URL(url);
    const h = new Headers({ 'Content-Type': canned.type ?? 'application/json' });
    const mode = canned.sign ?? 'good';
    if (mode !== 'none') {
      const sig = signResponse({
        status,
        origin: u.origin,
        method: init.method!,
        target: u.pathname + u.search,
        requestNonce: headers[HEADERS.nonce]!,
        body: mode === 'tampered' ? `${body} ` : body,
        keys: mode === 'wrong-key' ? otherKeys : brandKeys,
      });
      for (const [k, v] of Object.entries(sig)) h.set(k, v);
      if (mode === 'wrong-key') h.set(HEADERS.key, wireKey(brandKeys.publicKey));
    }
    return new Response(body, { status, headers: h });
  }) as unknown as typeof fetch;
  return { f, seen };
}

const offersBody = (offers: unknown[]) => ({ intent_id: identifier, offers });
const offer = (extra: Record<string, unknown> = {}) => ({
  '@type': 'Offer',
  identifier: 'o1',
  name: 'Monitor',
  price: 249,
  priceCurrency: 'EUR',
  url: 'https://shop.example/offers/o1',
  ...extra,
});

describe('talking to a brand', () => {
  it('sends the intent signed with the pairwise key and checks the receipt', async () => {
    const doc = buildIntentDocument(intent, { identifier, revealed: { 'postal-code': '10999' } });
    const { f, seen } = fakeFetch({ body: { intent_id: identifier, identifier, status: 'received', received_at: '2026-11-26T10:00:00Z' } });
    const r = await broadcastIntent({ target, keys: person, document: doc, fetch: f });
    expect(r.status).toBe('received');
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers[HEADERS.key]).toBe(wireKey(person.publicKey));
    expect(JSON.parse(seen[0]!.body!).revealed).toEqual({ 'postal-code': '10999' });
  });

  it('refuses a receipt for another intent', async () => {
    const doc = buildIntentDocument(intent, { identifier, revealed: {} });
    const { f } = fakeFetch({ body: { intent_id: 'someone-elses-id', status: 'received', received_at: '2026-11-26T10:00:00Z' } });
    expect((await errorOf(broadcastIntent({ target, keys: person, document: doc, fetch: f }))).code).toBe('errBrandGarbage');
  });

  it('reads offers as text, dropping off-origin URLs and lapsed offers', async () => {
    const { f, seen } = fakeFetch({
      body: offersBody([
        offer({ name: '<b>Monitor</b>\u202e', description: '<script>alert(1)</script>' }),
        offer({ identifier: 'o2', url: 'https://evil.example/x' }),
        offer({ identifier: 'o3', validThrough: '2000-01-01T00:00:00Z' }),
        offer({ identifier: 'o4', url: undefined, price: undefined, priceCurrency: undefined }),
      ]),
    });
    const { offers, dropped } = await fetchOffers({ target, keys: person, identifier, fetch: f });
    expect(seen[0]!.url).toBe(`https://shop.example/vrm/intents/offers?intent_id=${identifier}`);
    expect(dropped).toBe(2);
    expect(offers.map((o) => o.identifier)).toEqual(['o1', 'o4']);
    expect(offers[0]).toMatchObject({
      title: '<b>Monitor</b>',
      description: '<script>alert(1)</script>',
      price: { amount: 249, currency: 'EUR' },
      url: 'https://shop.example/offers/o1',
    });
  });

  it('rejects malformed, oversized, unsigned and wrongly signed answers', async () => {
    const cases: [Canned, string][] = [
      [{ body: { intent_id: identifier, offers: [{ name: 'no type' }] } }, 'errBrandGarbage'],
      [{ body: null, raw: '<html>hi</html>', type: 'text/html' }, 'errBrandGarbage'],
      [
        { body: offersBody([]), raw: JSON.stringify(offersBody([offer({ description: 'x'.repeat(3000) })])).padEnd(70_000, ' ') },
        'errBrandTooLarge',
      ],
      [{ body: offersBody([offer()]), sign: 'none' }, 'errBrandSignature'],
      [{ body: offersBody([offer()]), sign: 'wrong-key' }, 'errBrandSignature'],
      [{ body: offersBody([offer()]), sign: 'tampered' }, 'errBrandSignature'],
      [{ body: { ...offersBody([offer()]), intent_id: 'another-intent-id' } }, 'errBrandGarbage'],
      [{ status: 401, body: { error: 'signature_invalid' } }, 'errBrandRefused'],
    ];
    for (const [canned, code] of cases) {
      const { f } = fakeFetch(canned);
      expect((await errorOf(fetchOffers({ target, keys: person, identifier, fetch: f }))).code, JSON.stringify(canned).slice(0, 80)).toBe(
        code,
      );
    }
  });

  it('withdraws with a signed DELETE and expects "withdrawn"', async () => {
    const { f, seen } = fakeFetch({ body: { intent_id: identifier, status: 'withdrawn', received_at: '2026-11-26T10:00:00Z' } });
    expect((await withdrawIntent({ target, keys: person, identifier, fetch: f })).status).toBe('withdrawn');
    expect(seen[0]!.method).toBe('DELETE');
    expect(seen[0]!.headers[HEADERS.key]).toBe(wireKey(person.publicKey));
    const bad = fakeFetch({ body: { intent_id: identifier, status: 'received', received_at: '2026-11-26T10:00:00Z' } });
    expect((await errorOf(withdrawIntent({ target, keys: person, identifier, fetch: bad.f }))).code).toBe('errBrandGarbage');
  });
});
