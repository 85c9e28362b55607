/**
 * Intents against a brand's declared intent endpoint (docs/protocol.md, "Intents"): send, read
 * offers, withdraw, each signed with the person's pairwise key for that brand. The brand knows the
 * person only by that key and by the fields the person chose to reveal to it.
 *
 * The intent is addressed by its `identifier`, which the client derives per brand (so two brands
 * cannot link one intent by its id) and which the brand's receipt must echo as `intent_id`.
 * Everything a brand answers is checked against the schemas and against the request it answers;
 * failures are ProtocolErrors (client.ts). Offers are reduced to plain text, and an offer whose URL
 * is not on the brand's origin is dropped.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { agreementRef, INTENT_AGREEMENT, rosterAgreement } from '../shared/myterms';
import { ADDRESS_FIELDS, type AddressField, type Intent, PERSONA_TEXT_FIELDS, type Persona, type PersonaField } from '../shared/records';
import { type BrandTarget, type ClientOptions, type DiscoveredBrand, signedExchange } from './client';
import { ProtocolError } from './errors';
import { IntentDocument, IntentReceipt, OffersDocument, type TermsRef } from './schemas';
import { type BrandKeys, toB64url } from './sign';

/** A brand's intent endpoint, with what is needed to sign for it and check its answers. */
export interface IntentTarget extends BrandTarget {
  /** Absolute URL, same origin: POST to it, GET {endpoint}/offers, DELETE it. */
  endpoint: string;
}

/** The intent target of a discovered brand; errBrandNoEndpoint when it declares none. */
export function intentTarget(brand: DiscoveredBrand): IntentTarget {
  if (!brand.intents) throw new ProtocolError('errBrandNoEndpoint', { detail: 'intents' });
  return { origin: brand.origin, endpoint: brand.intents.endpoint, brandKeys: brand.brandKeys };
}

const encoder = new TextEncoder();

/**
 * The identifier of one intent at one brand: derived from the local intent id and the pairwise key,
 * so retries are idempotent and two brands never see the same id. 43 base64url characters.
 */
export function intentIdentifier(intentId: string, pairwisePublicKey: string): string {
  return toB64url(sha256(encoder.encode(`proffer-intent-v1\n${intentId}\n${pairwisePublicKey}`)));
}

/** Tokens a person can reveal in an intent. */
const REVEALABLE: ReadonlySet<string> = new Set<string>([...PERSONA_TEXT_FIELDS, ...ADDRESS_FIELDS, 'name']);

/**
 * Exactly the revealed fields of a persona, by token: only tokens in `reveal`, only those with a
 * value (address tokens from the persona's first address; `name` is given + family name).
 * Nothing that was not asked for can end up in the result.
 */
export function revealedFields(persona: Persona | undefined, reveal: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!persona) return out;
  const address = persona.addresses[0];
  for (const token of reveal) {
    if (!REVEALABLE.has(token) || token in out) continue;
    let value: string | undefined;
    if (token === 'name') value = [persona['given-name'], persona['family-name']].filter(Boolean).join(' ') || undefined;
    else if ((PERSONA_TEXT_FIELDS as readonly string[]).includes(token)) value = persona[token as PersonaField];
    else value = address?.[token as AddressField];
    if (typeof value === 'string' && value.trim() !== '') out[token] = value.slice(0, 400);
  }
  return out;
}

const CONDITION: Record<
  string,
  'https://schema.org/NewCondition' | 'https://schema.org/UsedCondition' | 'https://schema.org/RefurbishedCondition' | undefined
> = {
  new: 'https://schema.org/NewCondition',
  used: 'https://schema.org/UsedCondition',
  refurbished: 'https://schema.org/RefurbishedCondition',
  any: undefined,
};

function deadlineIso(deadline: string | undefined): string | undefined {
  if (!deadline) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(deadline) ? `${deadline}T23:59:59Z` : deadline);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/**
 * The schema.org Demand sent to one brand. `revealed` must already be exactly what this brand may
 * see (revealedFields); the result is checked against the wire schema (a ZodError is a caller bug).
 */
export function buildIntentDocument(
  intent: Intent,
  opts: { identifier: string; revealed: Record<string, string>; terms?: TermsRef },
): IntentDocument {
  const availabilityEnds = deadlineIso(intent.deadline);
  const intentAgreement = rosterAgreement(INTENT_AGREEMENT);
  const condition = CONDITION[intent.condition];
  const doc: IntentDocument = {
    '@context': 'https://schema.org',
    '@type': 'Demand',
    identifier: opts.identifier,
    itemOffered: { '@type': 'Product', name: intent.what, ...(intent.category ? { category: intent.category } : {}) },
    ...(intent.budget
      ? { priceSpecification: { '@type': 'PriceSpecification', maxPrice: intent.budget.amount, priceCurrency: intent.budget.currency } }
      : {}),
    ...(intent.quantity ? { eligibleQuantity: { '@type': 'QuantitativeValue', value: intent.quantity } } : {}),
    ...(condition ? { itemCondition: condition } : {}),
    ...(intent.region ? { areaServed: intent.region } : {}),
    ...(availabilityEnds ? { availabilityEnds } : {}),
    validThrough: new Date(intent.expiresAt).toISOString(),
    revealed: { ...opts.revealed },
    ...(opts.terms ? { terms: opts.terms } : {}),
    // Intents are sent under the intentcasting agreement of the MyTerms roster (docs/protocol.md 11.5).
    ...(intentAgreement ? { agreement: agreementRef(intentAgreement) } : {}),
  };
  IntentDocument.parse(doc);
  return doc;
}

function receiptOf(raw: unknown, identifier: string, expect: 'received' | 'withdrawn'): IntentReceipt {
  const parsed = IntentReceipt.safeParse(raw);
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  const r = parsed.data;
  if (r.intent_id !== identifier) throw new ProtocolError('errBrandGarbage', { detail: 'intent_id' });
  if (expect === 'withdrawn' ? r.status === 'received' : r.status !== 'received')
    throw new ProtocolError('errBrandGarbage', { detail: 'status' });
  return r;
}

export interface BroadcastInput extends ClientOptions {
  target: IntentTarget;
  keys: BrandKeys;
  document: IntentDocument;
}

/** POST {endpoint}: the brand stores the intent and answers with a receipt echoing the identifier. */
export async function broadcastIntent(input: BroadcastInput): Promise<IntentReceipt> {
  const { target, keys, document, ...opts } = input;
  const body = IntentDocument.parse(document);
  const raw = await signedExchange({ brand: target, keys, method: 'POST', url: target.endpoint, json: body }, opts);
  return receiptOf(raw, body.identifier, 'received');
}

export interface IntentRefInput extends ClientOptions {
  target: IntentTarget;
  keys: BrandKeys;
  identifier: string;
}

/** An offer as Proffer keeps it: plain text, a price, a URL on the brand's origin. */
export interface OfferText {
  identifier: string;
  title: string;
  description?: string;
  price?: { amount: number; currency: string };
  url?: string;
  validUntil?: number;
}

/** Control and bidi-override characters out, markup left as literal text (it is never parsed). */
const textOnly = (s: string, max: number): string =>
  s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .trim()
    .slice(0, max);

export interface OffersResult {
  offers: OfferText[];
  /** Offers dropped: URL on another origin, already expired, or a price without a currency. */
  dropped: number;
}

/** GET {endpoint}/offers?intent_id=...: the brand's current offers for this intent. */
export async function fetchOffers(input: IntentRefInput & { now?: () => number }): Promise<OffersResult> {
  const { target, keys, identifier, ...opts } = input;
  const url = `${target.endpoint}/offers?intent_id=${encodeURIComponent(identifier)}`;
  const parsed = OffersDocument.safeParse(await signedExchange({ brand: target, keys, method: 'GET', url }, opts));
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  if (parsed.data.intent_id !== identifier) throw new ProtocolError('errBrandGarbage', { detail: 'intent_id' });
  const now = opts.now?.() ?? Date.now();
  const origin = new URL(target.endpoint).origin;
  const offers: OfferText[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const o of parsed.data.offers) {
    const validUntil = o.validThrough ? Date.parse(o.validThrough) : undefined;
    let url: string | undefined;
    if (o.url) {
      const u = new URL(o.url);
      url = u.origin === origin && !u.username && !u.password ? u.href : undefined;
    }
    if (
      (o.url && !url) ||
      (validUntil !== undefined && validUntil < now) ||
      (o.price !== undefined && !o.priceCurrency) ||
      seen.has(o.identifier)
    ) {
      dropped++;
      continue;
    }
    seen.add(o.identifier);
    const title = textOnly(o.name, 500);
    if (!title) {
      dropped++;
      continue;
    }
    const description = o.description ? textOnly(o.description, 4000) : '';
    offers.push({
      identifier: o.identifier,
      title,
      ...(description ? { description } : {}),
      ...(o.price !== undefined && o.priceCurrency ? { price: { amount: o.price, currency: o.priceCurrency } } : {}),
      ...(url ? { url } : {}),
      ...(validUntil !== undefined ? { validUntil } : {}),
    });
  }
  return { offers, dropped };
}

/** DELETE {endpoint}?intent_id=...: the brand stops answering the intent. */
export async function withdrawIntent(input: IntentRefInput): Promise<IntentReceipt> {
  const { target, keys, identifier, ...opts } = input;
  const url = `${target.endpoint}?intent_id=${encodeURIComponent(identifier)}`;
  return receiptOf(await signedExchange({ brand: target, keys, method: 'DELETE', url }, opts), identifier, 'withdrawn');
}
