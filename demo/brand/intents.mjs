// The reference brand's intent endpoint (docs/protocol.md, "Intents"): POST an intent (a schema.org
// Demand), GET offers for it, DELETE to withdraw it. Every request is verified by brand.mjs's
// `signed` wrapper first; intents are kept, with the key that sent them and exactly the body that was
// received, in an append-only log (intents.jsonl, fsynced before answering), so tests can check what
// the brand saw. Offers come from a small catalogue, matched on words of the item's name and
// category, within the budget; a withdrawn or lapsed intent gets no offers.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const text = (max) => z.string().max(max);
const Iso = z.iso.datetime({ offset: true });
const Identifier = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const IntentDocument = z.object({
  '@context': z.literal('https://schema.org'),
  '@type': z.literal('Demand'),
  identifier: Identifier,
  description: text(2000).optional(),
  itemOffered: z.object({
    '@type': z.enum(['Product', 'Service', 'Thing']),
    name: z.string().trim().min(1).max(500),
    category: text(200).optional(),
  }),
  priceSpecification: z
    .object({
      '@type': z.literal('PriceSpecification'),
      maxPrice: z.number().nonnegative().optional(),
      minPrice: z.number().nonnegative().optional(),
      priceCurrency: z.string().regex(/^[A-Z]{3}$/),
    })
    .optional(),
  eligibleQuantity: z.object({ '@type': z.literal('QuantitativeValue'), value: z.number().int().positive().max(1_000_000) }).optional(),
  itemCondition: z
    .enum(['https://schema.org/NewCondition', 'https://schema.org/UsedCondition', 'https://schema.org/RefurbishedCondition'])
    .optional(),
  areaServed: text(200).optional(),
  availabilityEnds: Iso.optional(),
  validThrough: Iso,
  revealed: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/), text(400)).default({}),
  terms: z.object({ uri: z.string().max(2000), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  agreement: z.object({ id: z.string().max(64), url: z.string().max(2000), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});

/** The default catalogue: what the reference brand can offer. Prices in EUR. */
export const DEFAULT_CATALOGUE = [
  {
    id: 'monitor-27',
    name: '27-inch monitor, matte, height-adjustable',
    words: ['monitor', 'screen', 'display'],
    price: 249,
    currency: 'EUR',
  },
  { id: 'monitor-24', name: '24-inch office monitor', words: ['monitor', 'screen', 'display'], price: 139, currency: 'EUR' },
  { id: 'bike-city', name: 'City bike, 7 gears', words: ['bike', 'bicycle', 'cycle'], price: 499, currency: 'EUR' },
  { id: 'chair-desk', name: 'Ergonomic desk chair', words: ['chair', 'seat', 'office'], price: 189, currency: 'EUR' },
  { id: 'kettle', name: 'Electric kettle, 1.7 l', words: ['kettle', 'tea', 'water'], price: 35, currency: 'EUR' },
];

const words = (s) =>
  (s ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);

/** Catalogue items matching an intent: a shared word, and within the budget when one is given. */
export function matchOffers(doc, catalogue) {
  const wanted = new Set([...words(doc.itemOffered.name), ...words(doc.itemOffered.category)]);
  const max = doc.priceSpecification?.maxPrice;
  const currency = doc.priceSpecification?.priceCurrency;
  return catalogue.filter(
    (item) => item.words.some((w) => wanted.has(w)) && (max === undefined || (item.currency === currency && item.price <= max)),
  );
}

/** Append-only log of intent events, replayed at start (same rules as store.mjs). */
export class IntentStore {
  #intents = new Map();
  #events = [];
  #fd;
  constructor(dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = join(dataDir, 'intents.jsonl');
    if (existsSync(this.file)) {
      const textAll = readFileSync(this.file, 'utf8');
      const lines = textAll.split('\n');
      const tail = lines.pop() ?? '';
      lines.forEach((line, i) => {
        if (!line.trim()) return;
        let e;
        try {
          e = JSON.parse(line);
        } catch {
          throw new Error(`${this.file}:${i + 1}: not JSON; refusing to start on a damaged log`);
        }
        this.#apply(e);
      });
      if (tail !== '') truncateSync(this.file, Buffer.byteLength(textAll) - Buffer.byteLength(tail));
    }
    this.#fd = openSync(this.file, 'a', 0o600);
  }
  #apply(e) {
    this.#events.push(e);
    if (e.type === 'received')
      this.#intents.set(e.intent_id, {
        intent_id: e.intent_id,
        key: e.key,
        document: e.document,
        received_at: e.at,
        status: 'received',
        deliveries: 1,
      });
    else if (e.type === 'redelivered') {
      const r = this.#intents.get(e.intent_id);
      if (r) r.deliveries += 1;
    } else if (e.type === 'withdrawn') {
      const r = this.#intents.get(e.intent_id);
      if (r) Object.assign(r, { status: 'withdrawn', withdrawn_at: e.at, withdrawn_by: e.key });
    }
  }
  append(event) {
    const buf = Buffer.from(`${JSON.stringify({ v: 1, ...event })}\n`, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.#fd, buf, off);
    fsyncSync(this.#fd);
    this.#apply({ v: 1, ...event });
  }
  get(id) {
    const r = this.#intents.get(id);
    return r ? structuredClone(r) : undefined;
  }
  all() {
    return [...this.#intents.values()].map((r) => structuredClone(r));
  }
  events() {
    return this.#events.map((e) => structuredClone(e));
  }
  close() {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/**
 * Intent routes for createBrandRoutes. `signed`, `answer`, `fail` are brand.mjs's helpers.
 * @returns {{ routes: [string, Function][], handle: object }}
 */
export function createIntentRoutes({ dataDir, endpointPath, catalogue = DEFAULT_CATALOGUE, now, signed, answer, fail, preflight }) {
  const store = new IntentStore(dataDir);
  const iso = () => new Date(now()).toISOString();
  const own = (id, key) => {
    const r = id && Identifier.safeParse(id).success ? store.get(id) : undefined;
    return r && r.key === key ? r : undefined;
  };
  const receipt = (r) => ({
    intent_id: r.intent_id,
    identifier: r.intent_id,
    status: r.status === 'withdrawn' ? 'withdrawn' : Date.parse(r.document.validThrough) < now() ? 'expired' : 'received',
    received_at: r.received_at,
  });

  const post = signed((ctx, res) => {
    const parsed = IntentDocument.safeParse(ctx.json);
    if (!parsed.success) return fail(res, 'bad_request');
    const doc = parsed.data;
    if (Date.parse(doc.validThrough) < now())
      return fail(res, 'bad_request', { message: 'This intent has already lapsed (validThrough).' });
    const existing = store.get(doc.identifier);
    if (existing) {
      // The same identifier from another key is someone else's: refuse rather than merge.
      if (existing.key !== ctx.key) return fail(res, 'bad_request', { message: 'This identifier is taken.' });
      store.append({ type: 'redelivered', at: iso(), intent_id: doc.identifier, key: ctx.key, document: ctx.json });
      return answer(res, ctx, 200, receipt(store.get(doc.identifier)));
    }
    // Exactly the JSON received (ctx.json, before defaults), with the key that signed it.
    store.append({ type: 'received', at: iso(), intent_id: doc.identifier, key: ctx.key, document: ctx.json });
    answer(res, ctx, 200, receipt(store.get(doc.identifier)));
  });

  const offers = signed((ctx, res) => {
    const r = own(ctx.url.searchParams.get('intent_id'), ctx.key);
    if (!r) return fail(res, 'not_found');
    const origin = ctx.origin;
    const lapsed = r.status === 'withdrawn' || Date.parse(r.document.validThrough) < now();
    const doc = IntentDocument.parse(r.document);
    const list = lapsed
      ? []
      : matchOffers(doc, catalogue).map((item) => ({
          '@type': 'Offer',
          identifier: item.id,
          name: item.name,
          description: `Offer for "${doc.itemOffered.name}"${doc.revealed['address-level2'] ? `, delivered to ${doc.revealed['address-level2']}` : ''}.`,
          price: item.price,
          priceCurrency: item.currency,
          url: `${origin}/offers/${encodeURIComponent(item.id)}`,
          validThrough: doc.validThrough,
        }));
    answer(res, ctx, 200, { intent_id: r.intent_id, offers: list });
  });

  const del = signed((ctx, res) => {
    const r = own(ctx.url.searchParams.get('intent_id'), ctx.key);
    if (!r) return fail(res, 'not_found');
    if (r.status !== 'withdrawn') store.append({ type: 'withdrawn', at: iso(), intent_id: r.intent_id, key: ctx.key });
    answer(res, ctx, 200, receipt(store.get(r.intent_id)));
  });

  const esc = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  /** The page an offer's `url` opens: plain, on the brand's origin. */
  const offerPage = (item) => (_req, res) => {
    const body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${esc(item.name)}</title><h1>${esc(item.name)}</h1><p>${esc(item.price)} ${esc(item.currency)}</p></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  return {
    routes: [
      ...catalogue.map((item) => [`GET /offers/${encodeURIComponent(item.id)}`, offerPage(item)]),
      [`POST ${endpointPath}`, post],
      [`DELETE ${endpointPath}`, del],
      [`GET ${endpointPath}/offers`, offers],
      [`OPTIONS ${endpointPath}`, preflight],
      [`OPTIONS ${endpointPath}/offers`, preflight],
    ],
    handle: {
      intentEndpointPath: endpointPath,
      /** Every intent held: the key that sent it, the document exactly as received, its status. */
      intents: () => store.all(),
      /** Every event (received, redelivered, withdrawn), each with the key that signed it. */
      intentEvents: () => store.events(),
      close: () => store.close(),
    },
  };
}
