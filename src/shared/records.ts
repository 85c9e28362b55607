/**
 * Zod schemas for every kind of record the vault stores. The store is designed once, here;
 * later features give these records behaviour. Every record has a string `id`.
 *
 * Validation messages are i18n keys (see public/_locales/en/messages.json), so the UI can show
 * them in the person's language.
 */
import { z } from 'zod';
import { AgreementId, AgreementRecord, AgreementRevocation } from './myterms';
import { Currency, E164, Exercise, Hex32, IntentCondition, Id as id, Law, RequestStatus, Site, TermsContact } from './vocab';

export const SCHEMA_VERSION = 1;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD that exists and is not in the future. */
function isPastDate(s: string): boolean {
  if (!isoDate.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  return y >= 1900 && dt.getTime() <= Date.now();
}

/** ISO 3166-1 alpha-2 codes (officially assigned). Kept as one string to stay small. */
const ISO_COUNTRIES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';
export const COUNTRY_CODES: ReadonlySet<string> = new Set(ISO_COUNTRIES.split(' '));

const timestamp = z.number().int().nonnegative();
const optText = (max = 200) => z.string().max(max, 'errTooLong').optional();

export const AddressSchema = z.object({
  id,
  label: optText(60),
  'street-address': optText(400),
  'address-line1': optText(),
  'address-line2': optText(),
  'address-line3': optText(),
  'address-level2': optText(),
  'address-level1': optText(),
  'postal-code': z
    .string()
    .max(16, 'errTooLong')
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'errPostalCode')
    .optional(),
  country: z
    .string()
    .refine((c) => COUNTRY_CODES.has(c), 'errCountry')
    .optional(),
});
export type Address = z.infer<typeof AddressSchema>;
export type AddressField = Exclude<keyof Address, 'id' | 'label'>;

/** An address's own fields, named by their HTML autocomplete token: AddressSchema's keys but `id` and `label`. */
// What an intent may reveal of an address (persona-fields.ts, which cannot import this file) is address fields.
void (REVEALED_ADDRESS satisfies readonly AddressField[]);
export const ADDRESS_FIELDS: readonly AddressField[] = (Object.keys(AddressSchema.shape) as (keyof Address)[]).filter(
  (k): k is AddressField => k !== 'id' && k !== 'label',
);

import { REVEALED_ADDRESS } from './persona-fields';

export { PERSONA_TEXT_FIELDS, type PersonaField } from './persona-fields';

export const PersonaSchema = z.object({
  id,
  label: z.string().trim().min(1, 'errLabelRequired').max(60, 'errTooLong'),
  'honorific-prefix': optText(20),
  'given-name': optText(),
  'additional-name': optText(),
  'family-name': optText(),
  nickname: optText(),
  email: z.email('errEmail').max(254, 'errTooLong').optional(),
  tel: z.string().regex(E164, 'errTel').optional(),
  organization: optText(),
  'organization-title': optText(),
  bday: z.string().refine(isPastDate, 'errDate').optional(),
  sex: optText(40),
  url: z
    .url({ protocol: /^https?$/, error: 'errUrl' })
    .max(2000)
    .optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'errLanguage')
    .optional(),
  addresses: z.array(AddressSchema).max(20),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Persona = z.infer<typeof PersonaSchema>;

export const TermsClauseSchema = z.object({
  id,
  text: z.string().min(1).max(4000),
});

/** One version of the person's terms. `versionId` is stable; `sha256` is of `text`. */
export const TermsSchema = z.object({
  id,
  versionId: z.string().min(1).max(128),
  title: z.string().min(1).max(200),
  preset: z.string().max(64).optional(),
  uri: z.string().max(2000).optional(),
  clauses: z.array(TermsClauseSchema).max(50),
  text: z.string().max(20000),
  sha256: Hex32,
  purposes: z.array(z.string().max(100)).max(20).default([]),
  retentionDays: z.number().int().positive().max(36500).optional(),
  contact: TermsContact.default('any'),
  /** The IEEE 7012 (MyTerms) roster agreement these terms name (shared/myterms.ts); absent in versions from before agreements. */
  agreementId: AgreementId.optional(),
  createdAt: timestamp,
  /** When this version was last put in force (terms/activate); the one in force has the latest. */
  activatedAt: timestamp.optional(),
  revokedAt: timestamp.optional(),
});
export type Terms = z.infer<typeof TermsSchema>;

const ShareChannel = z.enum(['form', 'intent', 'request']);

/** A ledger entry: who received which values, when, under which terms. */
export const ShareSchema = z.object({
  id,
  site: Site,
  brandId: id.optional(),
  personaId: id.optional(),
  channel: ShareChannel,
  fields: z
    .array(
      z.object({
        token: z.string().max(64),
        value: z.string().max(4000),
        label: z.string().max(400).optional(),
        /** The cross-origin frame that received this value, when it was not the site itself. */
        origin: z.string().max(2000).optional(),
      }),
    )
    .max(500),
  termsId: id.optional(),
  termsSha256: z.string().max(64).optional(),
  /** Every cross-origin frame written to in this fill, space-separated (each field names its own). */
  frameOrigin: z.string().max(2000).optional(),
  /** The intent an intent-channel entry carried (so a later answer can settle an unconfirmed entry). */
  intentId: id.optional(),
  /**
   * Written before the values left (intent deliveries): the answer that says the brand has them has
   * not arrived. Cleared when it does; an entry left so by a crash says the brand may have them.
   */
  unconfirmed: z.literal(true).optional(),
  at: timestamp,
});
export type Share = z.infer<typeof ShareSchema>;

export const BrandSchema = z.object({
  id,
  origin: Site,
  name: z.string().max(200).optional(),
  intentEndpoint: z.string().max(2000).optional(),
  dataRightsEndpoint: z.string().max(2000).optional(),
  acceptedTerms: z.array(z.string().max(2000)).max(50).default([]),
  /** The pairwise Ed25519 key for this brand, hex. The secret never leaves the vault. */
  keys: z.object({ publicKey: Hex32, secretKey: Hex32 }).optional(),
  inIntentList: z.boolean().default(false),
  /**
   * Keys the brand signs its answers with, pinned from the first vrm.json that listed any (a record
   * from before pinning counts as pinned too); answers not signed by one are refused. Replaced only
   * by a rotation statement signed by one of them (docs/protocol.md 3.6), never emptied.
   */
  brandKeys: z.array(z.string().max(200)).max(8).optional(),
  /** When brandKeys were pinned or last rotated (ms). */
  brandKeysPinnedAt: timestamp.optional(),
  /** The `timestamp` (Unix seconds) of the last rotation statement accepted: older ones are refused. */
  brandKeysRotatedAt: z.number().int().nonnegative().optional(),
  contactEmail: z.string().max(254).optional(),
  addedAt: timestamp,
});
export type Brand = z.infer<typeof BrandSchema>;

/** An amount of money in one currency: an intent's budget, an offer's price. */
const Money = z.object({ amount: z.number().nonnegative(), currency: Currency });

export const IntentSchema = z.object({
  id,
  what: z.string().min(1).max(500),
  category: z.string().max(100).optional(),
  budget: Money.optional(),
  quantity: z.number().int().positive().max(1_000_000).optional(),
  condition: IntentCondition.default('any'),
  region: z.string().max(200).optional(),
  deadline: z.string().max(40).optional(),
  personaId: id.optional(),
  /** Persona fields (autocomplete tokens) revealed to the brands; none by default. */
  reveal: z.array(z.string().max(64)).max(50).default([]),
  termsId: id.optional(),
  expiresAt: timestamp,
  status: z.enum(['draft', 'active', 'withdrawn', 'expired']),
  deliveries: z
    .array(
      z.object({
        brandId: id,
        status: z.enum(['pending', 'sent', 'rejected', 'unreachable', 'retrying', 'withdrawn', 'withdraw-failed']),
        reason: z.string().max(500).optional(),
        attempts: z.number().int().nonnegative().default(0),
        nextAttemptAt: timestamp.optional(),
        updatedAt: timestamp,
      }),
    )
    .max(500)
    .default([]),
  createdAt: timestamp,
});
export type Intent = z.infer<typeof IntentSchema>;

export const OfferSchema = z.object({
  id,
  intentId: id,
  brandId: id,
  title: z.string().max(500),
  description: z.string().max(4000).optional(),
  price: Money.optional(),
  url: z.string().max(2000).optional(),
  validUntil: timestamp.optional(),
  receivedAt: timestamp,
  read: z.boolean().default(false),
  dismissed: z.boolean().default(false),
});
export type Offer = z.infer<typeof OfferSchema>;

/** A calendar date, YYYY-MM-DD. */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** What a company answered a request sent by letter, as the person records it. */
export const RequestAnswer = z.enum(['fulfilled', 'refused', 'partial', 'id', 'extended']);
export type RequestAnswer = z.infer<typeof RequestAnswer>;
/** A company of the privacy-contacts directory, as a request keeps it. */
export const RequestCompany = z.object({
  slug: z.string().max(100),
  name: z.string().max(200),
  email: z.string().max(254).optional(),
  webform: z.string().max(2000).optional(),
  address: z.string().max(600).optional(),
});

export const DataRightsRequestSchema = z.object({
  id,
  brandId: id.optional(),
  site: Site,
  exercise: Exercise,
  channel: z.enum(['endpoint', 'email']),
  law: Law,
  status: RequestStatus,
  reason: z.string().max(2000).optional(),
  remoteId: z.string().max(200).optional(),
  /** Our id for the request, sent as agent_request_id: a retry never files it twice. */
  agentRequestId: z.string().max(64).optional(),
  identifiers: z
    .array(z.object({ token: z.string().max(64), value: z.string().max(400) }))
    .max(50)
    .default([]),
  createdAt: timestamp,
  deadline: timestamp,
  answeredAt: timestamp.optional(),
  lastError: z.string().max(500).optional(),
  history: z
    .array(z.object({ status: RequestStatus, at: timestamp, reason: z.string().max(2000).optional() }))
    .max(200)
    .default([]),
  // Requests to a company from the privacy-contacts directory (issue 15); all optional, so records
  // written before keep opening. Dates are the person's calendar days (YYYY-MM-DD).
  /** The company as the directory named it when the request was written (a snapshot: the directory changes). */
  company: RequestCompany.optional(),
  /** How the letter went: an email, the company's web form, or a printed letter. */
  via: z.enum(['email', 'webform', 'letter']).optional(),
  /** Where it went: the email address, the web form's URL, or the postal address. */
  to: z.string().max(2000).optional(),
  /** The legal frame cited (src/protocol/jurisdiction.ts) and where the person said they live. */
  jurisdiction: z.enum(['eu', 'uk', 'ch', 'us-ca']).optional(),
  residence: z.string().max(8).optional(),
  /** The letter's language. */
  lang: z.string().max(8).optional(),
  sentOn: IsoDate.optional(),
  /** The day the answer is due (moved by an extension or an ID request). */
  dueOn: IsoDate.optional(),
  termsUri: z.string().max(2000).optional(),
  termsSha256: z.string().max(64).optional(),
  /**
   * The IEEE 7012 agreement in force when the request was written (issue 14): its id, so a letter
   * can cite it. Set by whoever has the agreement; letters.ts cites it when present.
   */
  agreementId: z.string().max(200).optional(),
  /** What the company answered, as the person recorded it. */
  answers: z
    .array(z.object({ kind: RequestAnswer, on: IsoDate, at: timestamp }))
    .max(50)
    .optional(),
  remindedOn: IsoDate.optional(),
  complainedOn: IsoDate.optional(),
  /** The authority the complaint was written to. */
  authority: z.object({ slug: z.string().max(100), name: z.string().max(300) }).optional(),
});
export type DataRightsRequest = z.infer<typeof DataRightsRequestSchema>;

/** Settings that need the vault open (everything personal). Auto-lock lives outside, see vault meta. */
export const SiteSettingsSchema = z.object({
  id,
  site: Site,
  defaultPersonaId: id.optional(),
  password: z.string().max(200).optional(),
  alias: z.string().max(254).optional(),
  approvedFrameOrigins: z.array(z.string().max(2000)).max(50).default([]),
  lastPlan: z
    .array(z.object({ token: z.string().max(64), key: z.string().max(400) }))
    .max(500)
    .optional(),
  updatedAt: timestamp,
});
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

/**
 * Something the person did about an agreement record after it was stored, kept beside the record
 * (which both parties hold and never changes); sync merges two devices' events by union.
 * - `kept-mine`: after the site's counter the person kept their own terms (with the terms version
 *   in force then: new terms ask again); `ask-again`: they cleared that choice.
 * - `revoked`: the person revoked the agreement, with the signed revocation (protocol.md 11.7).
 * - `revocation-sent`: one attempt to hand it to the site: delivered, failed (with the error code),
 *   or the site declares no agreement endpoint.
 */
export const AgreementEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kept-mine'), at: timestamp, termsId: id }),
  z.object({ type: z.literal('ask-again'), at: timestamp }),
  z.object({ type: z.literal('revoked'), at: timestamp, revocation: AgreementRevocation }),
  z.object({
    type: z.literal('revocation-sent'),
    at: timestamp,
    outcome: z.enum(['delivered', 'failed', 'no-endpoint']),
    error: z.string().max(80).optional(),
  }),
]);
export type AgreementEvent = z.infer<typeof AgreementEventSchema>;

/**
 * A MyTerms agreement record (docs/protocol.md section 11) as the person keeps it: `record` exactly
 * as both parties hold it (signed by both), and what the vault adds around it: the site it was made
 * with (blind-indexed), the brand, the terms version in force when it was proffered, and when it was
 * stored. Append-only: a later decision is a new record, never an edit; what the person does about
 * a record later (keeping their terms after a counter, revoking) is added to its `events`.
 */
export const AgreementSchema = z.object({
  id,
  site: Site,
  brandId: id.optional(),
  termsId: id.optional(),
  record: AgreementRecord,
  storedAt: timestamp,
  /** What happened to it later, oldest first (shared/agreements.ts reads them); never edited, only added to. */
  events: z.array(AgreementEventSchema).max(1000).optional(),
});
export type Agreement = z.infer<typeof AgreementSchema>;

/** Every table of sealed records, with its schema. Tables with `site` are indexed by blind index. */
export const RECORD_SCHEMAS = {
  personas: PersonaSchema,
  terms: TermsSchema,
  shares: ShareSchema,
  brands: BrandSchema,
  intents: IntentSchema,
  offers: OfferSchema,
  requests: DataRightsRequestSchema,
  sites: SiteSettingsSchema,
  agreements: AgreementSchema,
} as const;
export type RecordTable = keyof typeof RECORD_SCHEMAS;
export type RecordOf<T extends RecordTable> = z.infer<(typeof RECORD_SCHEMAS)[T]>;
export const RECORD_TABLES = Object.keys(RECORD_SCHEMAS) as RecordTable[];
/** Tables whose records carry a `site` (or brand `origin`) that lookups go through, blind-indexed. */
export const SITE_INDEXED: Partial<Record<RecordTable, (r: never) => string>> = {
  shares: (r: Share) => r.site,
  brands: (r: Brand) => r.origin,
  requests: (r: DataRightsRequest) => r.site,
  sites: (r: SiteSettings) => r.site,
  agreements: (r: Agreement) => r.site,
} as Partial<Record<RecordTable, (r: never) => string>>;
