/**
 * Wire documents of the brand protocol (docs/protocol.md), one zod schema each. These describe what
 * crosses the network, not what the vault stores (src/shared/records.ts): everything a brand sends is
 * parsed here before any other code sees it, so limits are strict and unknown fields are dropped.
 *
 * Vocabulary and statuses follow the Data Rights Protocol (DRP 0.9, Consumer Reports Innovation Lab),
 * so a DRP-speaking brand needs little more than the signature check to accept Proffer's requests.
 */
import { z } from 'zod';
import { Currency, E164, Exercise, Hex32, Law as Regime, RequestStatus } from '../shared/vocab';

export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/** An Ed25519 public key: 32 bytes, base64url without padding (43 characters). */
const WireKey = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'errBrandKey');

/** Exercises, regimes (laws) and request statuses are the records' own (src/shared/vocab.ts). */
export { Exercise, Regime };
export const EXERCISES = Exercise.options;

/**
 * DRP 0.9.4 spells the opt-out `sale:opt_out`; earlier drafts (and this protocol) `sale:opt-out`.
 * Brands read both; Proffer always sends `sale:opt-out`.
 */
const ExerciseIn = z.preprocess((v) => (v === 'sale:opt_out' ? 'sale:opt-out' : v), Exercise);

/** DRP reasons. `denied` always carries one; `in_progress` may (need_user_verification). */
const StatusReason = z.enum([
  'need_user_verification',
  'suspected_fraud',
  'insufficient_verification',
  'no_match',
  'claim_not_covered',
  'outside_jurisdiction',
  'too_many_requests',
  'other',
]);
export type StatusReason = z.infer<typeof StatusReason>;

const isoTimestamp = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const text = (max: number) => z.string().max(max);

/** The terms a share or request was made under: a URI and the SHA-256 (hex) of the terms' text. */
export const TermsRef = z.object({
  uri: z.url({ protocol: /^(https?|urn)$/ }).max(2000),
  sha256: Hex32,
});
export type TermsRef = z.infer<typeof TermsRef>;

/**
 * Same-origin endpoint: an absolute http(s) URL, or an absolute path resolved against the brand's
 * origin. The client checks the origin after resolving (client.ts), the schema only the shape.
 */
const Endpoint = z
  .string()
  .max(2000)
  .refine((s) => /^https?:\/\//i.test(s) || (s.startsWith('/') && !s.startsWith('//')), 'errBrandEndpoint');

// ---------------------------------------------------------------------------------------------------
// Discovery: GET /.well-known/vrm.json

export const VrmDocument = z.object({
  /** Major version of this protocol. Proffer speaks 1; a higher number means "do not guess". */
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  dataRights: z
    .object({
      endpoint: Endpoint,
      /** Unknown exercises (a later DRP) are dropped, not fatal. */
      exercises: z
        .array(z.unknown())
        .max(20)
        .transform((xs) => [
          ...new Set(
            xs.flatMap((x) => {
              const p = ExerciseIn.safeParse(x);
              return p.success ? [p.data] : [];
            }),
          ),
        ]),
      regimes: z
        .array(z.unknown())
        .max(20)
        .transform((xs) => [
          ...new Set(
            xs.flatMap((x) => {
              const p = Regime.safeParse(x);
              return p.success ? [p.data] : [];
            }),
          ),
        ])
        .optional(),
    })
    .optional(),
  intents: z.object({ endpoint: Endpoint }).optional(),
  /** URIs of terms the brand agrees to be bound by (e.g. Customer Commons P2B1). */
  acceptedTerms: z.array(z.string().max(2000)).max(50).optional(),
  /** Ed25519 keys the brand signs its responses with (base64url); see "Response signatures". */
  keys: z.array(WireKey).max(8).optional(),
  /**
   * The brand's word, signed by a key a client may have pinned, that `keys` replaced it (see "Key
   * pinning and rotation"). Malformed counts as absent: only a client that needs it refuses over it.
   */
  keyRotation: z
    .object({
      previous: WireKey,
      timestamp: z.number().int().positive().max(1e12),
      signature: z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/),
    })
    .optional()
    .catch(undefined),
  contact: z
    .object({
      email: z.email().max(254).optional(),
      url: z
        .url({ protocol: /^https?$/ })
        .max(2000)
        .optional(),
    })
    .optional(),
  policy: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  /**
   * IEEE 7012 (MyTerms): the roster agreements the brand accepts, and where to proffer one
   * (docs/protocol.md section 11). Malformed counts as absent: it never makes vrm.json unusable.
   */
  terms: z
    .object({ agreements: z.array(z.unknown()).max(50).optional(), endpoint: Endpoint.optional() })
    .optional()
    .catch(undefined),
});
export type VrmDocument = z.infer<typeof VrmDocument>;

// ---------------------------------------------------------------------------------------------------
// MyTerms: GET /.well-known/myterms.json (docs/protocol.md section 11)

/** One agreement a site names: a roster id and the URL of the text it means. Malformed entries are dropped. */
const SiteAgreementIn = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+){0,6}$/),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

/** The agreements of a list, valid ones only, first of each id. */
export const siteAgreements = (xs: readonly unknown[] | undefined): { id: string; url?: string }[] => {
  const out = new Map<string, { id: string; url?: string }>();
  for (const x of xs ?? []) {
    const p = SiteAgreementIn.safeParse(x);
    if (p.success && !out.has(p.data.id)) out.set(p.data.id, p.data.url ? { id: p.data.id, url: p.data.url } : { id: p.data.id });
  }
  return [...out.values()];
};

/**
 * The published draft convention `{ effective_date, agreements: [{ id, url }], tos_url }`, plus
 * Proffer's `endpoint` where proffers go. Unknown fields are ignored; bad entries are dropped.
 */
export const MyTermsDocument = z.object({
  effective_date: isoDate.optional().catch(undefined),
  agreements: z.array(z.unknown()).max(50).transform(siteAgreements),
  tos_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .catch(undefined),
  endpoint: Endpoint.optional(),
});
export type MyTermsDocument = z.infer<typeof MyTermsDocument>;

/** GET /.well-known/gpc.json, per the Global Privacy Control specification. */
export const GpcDocument = z.object({
  gpc: z.boolean(),
  lastUpdate: isoDate.optional(),
});
export type GpcDocument = z.infer<typeof GpcDocument>;

// ---------------------------------------------------------------------------------------------------
// Data rights: POST {endpoint}/exercise, GET {endpoint}/status, POST {endpoint}/revoke

/** An OpenID Connect address claim (DRP 3.04 names it for `address`). */
const AddressClaim = z.object({
  formatted: text(400).optional(),
  street_address: text(400).optional(),
  locality: text(200).optional(),
  region: text(200).optional(),
  postal_code: text(20).optional(),
  country: text(60).optional(),
});

/**
 * The identifiers the person chooses to give so the brand can find their data (DRP 3.04, a subset of
 * schema.org Person / OIDC claims). May be empty: the pairwise key is then the only identifier, which
 * is enough for anything shared through an intent.
 */
export const Identity = z.object({
  name: text(200).optional(),
  email: z.email().max(254).optional(),
  phone_number: z.string().regex(E164).optional(),
  address: AddressClaim.optional(),
  /** Anything else the person gave the brand, by HTML autocomplete token (e.g. "username", "bday"). */
  other: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/), text(400)).optional(),
});
export type Identity = z.infer<typeof Identity>;

export const ExerciseRequest = z.object({
  exercise: ExerciseIn,
  regime: Regime,
  identity: Identity,
  terms: TermsRef.optional(),
  /** The MyTerms agreement in force with this brand, if any: its roster id and text hash, and the record's id. */
  agreement: z
    .object({
      id: z.string().max(64),
      sha256: Hex32,
      record_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    })
    .optional(),
  /**
   * The client's own id for this request (random). A brand that already holds a request with this id
   * from the same key answers with that request instead of opening another, so a retry after a lost
   * answer never files twice.
   */
  agent_request_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});
export type ExerciseRequest = z.input<typeof ExerciseRequest>;

/** DRP 3.03 Exercise Status object. */
export const StatusDocument = z.object({
  request_id: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
  agent_request_id: z.string().max(64).optional(),
  exercise: ExerciseIn.optional(),
  regime: Regime.optional(),
  status: RequestStatus,
  reason: StatusReason.optional(),
  received_at: isoTimestamp,
  expected_by: isoTimestamp.optional(),
  processing_details: text(2000).optional(),
  /** Where an access request's results can be fetched (same origin; shown, never fetched blindly). */
  results_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  user_verification_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  expires_at: isoTimestamp.optional(),
});
export type StatusDocument = z.infer<typeof StatusDocument>;

export const RevokeRequest = z.object({
  request_id: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
  reason: text(500).optional(),
});
export type RevokeRequest = z.infer<typeof RevokeRequest>;

/**
 * Error body of every non-2xx answer (DRP 3.06 plus a machine-readable `error`). `code` is the HTTP
 * status as a string, `error` a token from docs/protocol.md (a brand may add its own), `message` prose
 * for people (shown as text only).
 */
export const ErrorDocument = z.object({
  code: z.string().max(8).optional(),
  error: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  message: text(500).optional(),
  fatal: z.boolean().optional(),
});
export type ErrorDocument = z.infer<typeof ErrorDocument>;

// ---------------------------------------------------------------------------------------------------
// Intents (docs/protocol.md section 7): POST {endpoint}, GET {endpoint}/offers?intent_id=, DELETE {endpoint}?intent_id=

const Money = z.number().nonnegative().max(1e12);
const ITEM_CONDITIONS = [
  'https://schema.org/NewCondition',
  'https://schema.org/UsedCondition',
  'https://schema.org/RefurbishedCondition',
] as const;

/** A schema.org Demand, with the fields the person chose to reveal and the terms it is made under. */
export const IntentDocument = z.object({
  '@context': z.literal('https://schema.org'),
  '@type': z.literal('Demand'),
  /** The client's id for this intent (random, per brand): idempotency key and reference in offers. */
  identifier: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  description: text(2000).optional(),
  itemOffered: z.object({
    '@type': z.enum(['Product', 'Service', 'Thing']),
    name: z.string().trim().min(1).max(500),
    category: text(200).optional(),
  }),
  priceSpecification: z
    .object({
      '@type': z.literal('PriceSpecification'),
      maxPrice: Money.optional(),
      minPrice: Money.optional(),
      priceCurrency: Currency,
    })
    .optional(),
  eligibleQuantity: z.object({ '@type': z.literal('QuantitativeValue'), value: z.number().int().positive().max(1_000_000) }).optional(),
  itemCondition: z.enum(ITEM_CONDITIONS).optional(),
  /** Place names or ISO 3166 codes, as text. */
  areaServed: text(200).optional(),
  /** By when the person wants the item (delivery deadline). */
  availabilityEnds: isoTimestamp.optional(),
  /** When the intent lapses; the brand must stop answering it after this. */
  validThrough: isoTimestamp,
  /** Exactly the profile fields the person revealed to this brand, by HTML autocomplete token. */
  revealed: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/), text(400)).default({}),
  terms: TermsRef.optional(),
  /** The MyTerms agreement the intent is sent under: PDC-INTENT, with its text URL and hash. */
  agreement: z.object({ id: z.string().max(64), url: z.url({ protocol: /^https$/ }).max(2000), sha256: Hex32 }).optional(),
});
export type IntentDocument = z.input<typeof IntentDocument>;

/** The brand's answer to POST and DELETE; `intent_id` must echo the intent's `identifier`. */
export const IntentReceipt = z.object({
  intent_id: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
  identifier: z.string().max(64).optional(),
  status: z.enum(['received', 'withdrawn', 'expired']),
  received_at: isoTimestamp,
});
export type IntentReceipt = z.infer<typeof IntentReceipt>;

/** A schema.org Offer answering an intent. Shown as text only; `url` opens on the brand's origin. */
const OfferDocument = z.object({
  '@type': z.literal('Offer'),
  identifier: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  name: z.string().trim().min(1).max(500),
  description: text(4000).optional(),
  price: Money.optional(),
  priceCurrency: Currency.optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  validThrough: isoTimestamp.optional(),
});
export type OfferDocument = z.infer<typeof OfferDocument>;

export const OffersDocument = z.object({
  intent_id: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
  offers: z.array(OfferDocument).max(200),
});
export type OffersDocument = z.infer<typeof OffersDocument>;
