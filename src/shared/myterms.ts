/**
 * IEEE 7012 (MyTerms) agreements: the roster Proffer ships as data, and the agreement record both
 * parties keep. The person is the first party; they proffer one agreement from the roster, the site
 * (second party) accepts it, counters with another roster agreement, or declines, and both keep the
 * same signed record (docs/protocol.md section 11, docs/terms.md).
 *
 * The roster is a data file (myterms-roster.json): a roster change is a data update, not code. The
 * record's canonical strings are here (pure, shared by the background, the options page and the
 * tests, and the reference brand); signing and verifying them is src/protocol/myterms.ts, and a
 * second implementation with node:crypto is demo/brand/agreement.mjs (`npm run verify:agreement`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import rosterData from './myterms-roster.json';
import { Hex32 } from './vocab';

/** A roster id: upper-case words joined by dashes ("SD-BASE", "PDC-INTENT"). */
export const AgreementId = z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+){0,6}$/, 'errAgreementId');

/** What a roster agreement allows beyond delivering the service: used to answer consent boxes. */
export const AgreementGrant = z.enum(['marketing', 'analytics', 'offers']);

const HttpsUrl = z.url({ protocol: /^https$/ }).max(2000);

export const RosterAgreement = z.object({
  id: AgreementId,
  title: z.string().min(1).max(200),
  url: HttpsUrl,
  grants: z.array(AgreementGrant).max(10),
  /** 'proffer-draft': the text is Proffer's own draft, shipped in this file; 'published': copied from the roster. */
  textSource: z.enum(['proffer-draft', 'published']),
  sha256: Hex32,
  text: z.string().min(1).max(20000),
});
export type RosterAgreement = z.infer<typeof RosterAgreement>;

export const Roster = z.object({
  format: z.literal('proffer-myterms-roster'),
  version: z.string().min(1).max(40),
  source: z.string().max(40),
  note: z.string().max(2000),
  agreements: z.array(RosterAgreement).min(1).max(100),
});
export type Roster = z.infer<typeof Roster>;

/** The roster shipped with this build, checked when the module loads (a broken data file fails every test). */
export const ROSTER: Roster = Roster.parse(rosterData);

/** The default agreement of new terms: the base service-delivery agreement, without sale or tracking. */
export const DEFAULT_AGREEMENT = 'SD-BASE';
/** The agreement intents are sent under. */
export const INTENT_AGREEMENT = 'PDC-INTENT';

export function rosterAgreement(id: string | undefined, roster: Roster = ROSTER): RosterAgreement | undefined {
  return id === undefined ? undefined : roster.agreements.find((a) => a.id === id);
}

/** Whether every agreement's text still hashes to the sha256 the roster states. */
export function rosterHashesHold(roster: Roster = ROSTER): boolean {
  return roster.agreements.every((a) => bytesToHex(sha256(utf8ToBytes(a.text))) === a.sha256);
}

// ---- what a site says it accepts (/.well-known/myterms.json, vrm.json `terms`) -------------------

/** An agreement a site names: its id, and the URL of the text it means. */
export interface SiteAgreement {
  id: string;
  url?: string;
}

/** accepts: the person's agreement is among the site's; other: the site names only other ones; silent: it says nothing. */
export type SiteTermsStatus = 'accepts' | 'other' | 'silent';

export function siteTermsStatus(mine: string | undefined, theirs: readonly SiteAgreement[]): SiteTermsStatus {
  if (theirs.length === 0) return 'silent';
  return mine !== undefined && theirs.some((a) => a.id === mine) ? 'accepts' : 'other';
}

// ---- the agreement record ------------------------------------------------------------------------

/** An Ed25519 public key, base64url (43 characters), as in docs/protocol.md 3.2. */
export const WireKey = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'errBrandKey');
const WireSig = z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/);
/** The exchange's id: 16 to 64 base64url characters, chosen by the first party. */
const RecordId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** ISO 8601 in UTC with milliseconds, as Date.toISOString() writes it: one spelling per instant. */
const IsoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
/** Where the agreement is made under: ISO 3166-1 alpha-2, optionally a subdivision (US-CA), or EU. */
export const Jurisdiction = z.string().regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/);
const Origin = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/[^\s/?#]+$/);

export const AgreementRef = z.object({ id: AgreementId, url: HttpsUrl, sha256: Hex32 });
export type AgreementRef = z.infer<typeof AgreementRef>;

export const AgreementDecision = z.enum(['accept', 'counter', 'decline']);
export type AgreementDecision = z.infer<typeof AgreementDecision>;

/** What the first party sends: the proffer, signed with their pairwise key for the site. */
export const AgreementProffer = z.object({
  format: z.literal('myterms-proffer'),
  version: z.literal(1),
  id: RecordId,
  agreement: AgreementRef,
  first_party: z.object({ key: WireKey }),
  second_party: z.object({ origin: Origin }),
  jurisdiction: Jurisdiction,
  proffered_at: IsoUtc,
  signature: WireSig,
});
export type AgreementProffer = z.infer<typeof AgreementProffer>;

/** The record both parties keep, identical on both sides. `counter` only with decision `counter`. */
export const AgreementRecord = z
  .object({
    format: z.literal('myterms-agreement'),
    version: z.literal(1),
    id: RecordId,
    agreement: AgreementRef,
    first_party: z.object({ key: WireKey }),
    second_party: z.object({ origin: Origin, key: WireKey }),
    jurisdiction: Jurisdiction,
    proffered_at: IsoUtc,
    decided_at: IsoUtc,
    decision: AgreementDecision,
    counter: AgreementRef.optional(),
    signatures: z.object({ first_party: WireSig, second_party: WireSig }),
  })
  .refine((r) => (r.decision === 'counter') === (r.counter !== undefined), { message: 'counter' });
export type AgreementRecord = z.infer<typeof AgreementRecord>;

export const PROFFER_SIGNATURE_VERSION = 'myterms-proffer-v1';
export const DECISION_SIGNATURE_VERSION = 'myterms-decision-v1';

type ProfferFields = Pick<AgreementRecord, 'id' | 'agreement' | 'first_party' | 'jurisdiction' | 'proffered_at'> & {
  second_party: { origin: string };
};

/**
 * What the first party signs: nine lines joined by "\n", no trailing newline. Every line has a
 * fixed alphabet without "\n" (the schemas above), so the encoding is unambiguous.
 */
export function canonicalProffer(p: ProfferFields): string {
  return [
    PROFFER_SIGNATURE_VERSION,
    p.id,
    p.agreement.id,
    p.agreement.url,
    p.agreement.sha256,
    p.second_party.origin,
    p.first_party.key,
    p.jurisdiction,
    p.proffered_at,
  ].join('\n');
}

/** What the second party signs: the proffer's fields, its own key, the decision, and the first party's signature. */
export function canonicalDecision(
  r: Omit<AgreementRecord, 'format' | 'version' | 'signatures'> & { signatures: { first_party: string } },
): string {
  return [
    DECISION_SIGNATURE_VERSION,
    r.id,
    r.agreement.id,
    r.agreement.url,
    r.agreement.sha256,
    r.second_party.origin,
    r.first_party.key,
    r.second_party.key,
    r.jurisdiction,
    r.proffered_at,
    r.decided_at,
    r.decision,
    r.counter?.id ?? '',
    r.counter?.url ?? '',
    r.counter?.sha256 ?? '',
    r.signatures.first_party,
  ].join('\n');
}

// ---- revoking an agreement (docs/protocol.md 11.7) -------------------------------------------------

export const REVOCATION_SIGNATURE_VERSION = 'myterms-revocation-v1';

/**
 * The first party's revocation of an accepted agreement, signed with the same pairwise key as the
 * proffer. `record_signature` is the record's second-party signature: it names exactly the record
 * revoked (the id alone is the person's choice). The record itself is never changed: both parties
 * keep it, and the revocation beside it.
 */
export const AgreementRevocation = z.object({
  format: z.literal('myterms-revocation'),
  version: z.literal(1),
  id: RecordId,
  agreement: AgreementRef,
  first_party: z.object({ key: WireKey }),
  second_party: z.object({ origin: Origin }),
  record_signature: WireSig,
  revoked_at: IsoUtc,
  signature: WireSig,
});
export type AgreementRevocation = z.infer<typeof AgreementRevocation>;

/** What the first party signs to revoke: eight lines joined by "\n", no trailing newline. */
export function canonicalRevocation(v: Omit<AgreementRevocation, 'format' | 'version' | 'signature'>): string {
  return [
    REVOCATION_SIGNATURE_VERSION,
    v.id,
    v.agreement.id,
    v.agreement.sha256,
    v.second_party.origin,
    v.first_party.key,
    v.record_signature,
    v.revoked_at,
  ].join('\n');
}

/** A roster agreement as a record names it. */
export const agreementRef = (a: RosterAgreement): AgreementRef => ({ id: a.id, url: a.url, sha256: a.sha256 });

/**
 * Where the person is, as a jurisdiction: the region of their browser's language tag when it names
 * one (de-DE -> DE), else EU, whose law (the GDPR) Proffer's defaults follow.
 */
export function jurisdictionOf(languageTag: string | undefined): string {
  const region = /^[a-z]{2,3}-([A-Z]{2})\b/i.exec(languageTag ?? '')?.[1];
  return region ? region.toUpperCase() : 'EU';
}
