/**
 * The MyTerms exchange, the person's side (docs/protocol.md section 11): build a proffer of one
 * roster agreement signed with the pairwise key for the site, send it to the site's agreement
 * endpoint as a signed request, and accept the answer only when it is the same record, completed
 * and signed by the site. The record is then kept as it came: both parties hold the same bytes of
 * meaning, and either can show it later (`npm run verify:agreement`).
 *
 * Pure over @noble/curves; the reference brand uses this code too (demo/brand/extension.mjs), and
 * `npm run verify:agreement` a second implementation over node:crypto (demo/brand/agreement.mjs)
 * that the tests cross-check this one with.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import {
  AgreementProffer,
  AgreementRecord,
  type AgreementRef,
  AgreementRevocation,
  agreementRef,
  canonicalDecision,
  canonicalProffer,
  canonicalRevocation,
  ROSTER,
  type Roster,
  type RosterAgreement,
} from '../shared/myterms';
import { type ClientOptions, normalizeOrigin, type SignedCall, signedExchange } from './client';
import { ProtocolError } from './errors';
import { type BrandKeys, fromB64url, newNonce, toB64url, wireKey } from './sign';

const encoder = new TextEncoder();

export interface ProfferInput {
  agreement: RosterAgreement;
  /** The site's origin (the second party). */
  origin: string;
  /** The person's pairwise key pair for this site, hex. */
  keys: BrandKeys;
  jurisdiction: string;
  /** Milliseconds since the epoch. */
  now?: number;
  /** The exchange's id; random by default. A retry reuses it. */
  id?: string;
}

/** A proffer, signed by the first party. */
export function buildProffer(input: ProfferInput): AgreementProffer {
  const fields = {
    id: input.id ?? newNonce(),
    agreement: agreementRef(input.agreement),
    first_party: { key: wireKey(input.keys.publicKey) },
    second_party: { origin: normalizeOrigin(input.origin) },
    jurisdiction: input.jurisdiction,
    proffered_at: new Date(input.now ?? Date.now()).toISOString(),
  };
  const signature = toB64url(ed25519.sign(encoder.encode(canonicalProffer(fields)), hexToBytes(input.keys.secretKey)));
  return AgreementProffer.parse({ format: 'myterms-proffer', version: 1, ...fields, signature });
}

function verifySig(sig: string, message: string, key: string): boolean {
  try {
    return ed25519.verify(fromB64url(sig), encoder.encode(message), fromB64url(key), { zip215: false });
  } catch {
    return false;
  }
}

/** Whether a proffer's signature verifies under its first-party key: what a site checks before it decides. */
export function profferSignatureValid(p: AgreementProffer): boolean {
  return verifySig(p.signature, canonicalProffer(p), p.first_party.key);
}

export type RecordProblem =
  | 'schema'
  | 'agreement_unknown'
  | 'agreement_hash'
  | 'counter_unknown'
  | 'counter_hash'
  | 'counter_same'
  | 'times'
  | 'first_party_signature'
  | 'second_party_signature';

const refMatches = (ref: AgreementRef, roster: Roster): 'unknown' | 'hash' | null => {
  const a = roster.agreements.find((x) => x.id === ref.id);
  if (!a) return 'unknown';
  return a.sha256 === ref.sha256 && a.url === ref.url ? null : 'hash';
};

/**
 * Checks a record on its own: its shape, both agreements against the roster (id, text URL and
 * hash), the times in order, and both signatures. Returns the first problem, or null.
 */
export function recordProblem(input: unknown, roster: Roster = ROSTER): RecordProblem | null {
  const parsed = AgreementRecord.safeParse(input);
  if (!parsed.success) return 'schema';
  const r = parsed.data;
  const a = refMatches(r.agreement, roster);
  if (a) return a === 'unknown' ? 'agreement_unknown' : 'agreement_hash';
  if (r.counter) {
    const c = refMatches(r.counter, roster);
    if (c) return c === 'unknown' ? 'counter_unknown' : 'counter_hash';
    if (r.counter.id === r.agreement.id) return 'counter_same';
  }
  if (Date.parse(r.decided_at) < Date.parse(r.proffered_at)) return 'times';
  if (!verifySig(r.signatures.first_party, canonicalProffer(r), r.first_party.key)) return 'first_party_signature';
  if (!verifySig(r.signatures.second_party, canonicalDecision(r), r.second_party.key)) return 'second_party_signature';
  return null;
}

/**
 * The site's answer checked against the proffer that was sent: the same id, agreement, parties,
 * jurisdiction, time and first-party signature; the site's key one of its pinned keys when it has
 * any; and the record valid on its own (recordProblem). Throws errBrandGarbage (detail: what differs).
 */
export function checkAnswer(
  proffer: AgreementProffer,
  answer: unknown,
  pinned: readonly string[],
  roster: Roster = ROSTER,
): AgreementRecord {
  const parsed = AgreementRecord.safeParse(answer);
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  const r = parsed.data;
  const same =
    r.id === proffer.id &&
    r.agreement.id === proffer.agreement.id &&
    r.agreement.url === proffer.agreement.url &&
    r.agreement.sha256 === proffer.agreement.sha256 &&
    r.first_party.key === proffer.first_party.key &&
    r.second_party.origin === proffer.second_party.origin &&
    r.jurisdiction === proffer.jurisdiction &&
    r.proffered_at === proffer.proffered_at &&
    r.signatures.first_party === proffer.signature;
  if (!same) throw new ProtocolError('errBrandGarbage', { detail: 'agreement_mismatch' });
  if (pinned.length > 0 && !pinned.includes(r.second_party.key)) throw new ProtocolError('errBrandSignature', { detail: 'agreement_key' });
  const problem = recordProblem(r, roster);
  if (problem) throw new ProtocolError(problem.endsWith('signature') ? 'errBrandSignature' : 'errBrandGarbage', { detail: problem });
  return r;
}

export interface ProfferCall extends ClientOptions {
  /** The site's agreement endpoint (absolute, same origin) and its pinned response keys. */
  endpoint: string;
  brand: SignedCall['brand'];
  keys: BrandKeys;
  proffer: AgreementProffer;
}

/** Sends a proffer (a signed POST) and returns the checked record the site answered with. */
export async function sendProffer(call: ProfferCall): Promise<AgreementRecord> {
  const answer = await signedExchange({ brand: call.brand, keys: call.keys, method: 'POST', url: call.endpoint, json: call.proffer }, call);
  return checkAnswer(call.proffer, answer, call.brand.brandKeys ?? []);
}

// ---- revoking (docs/protocol.md 11.7) -------------------------------------------------------------

/** A revocation of `record`, signed with the person's pairwise key for the site (the key that proffered it). */
export function buildRevocation(record: AgreementRecord, keys: BrandKeys, now = Date.now()): AgreementRevocation {
  // Only the key that proffered can revoke: a site checks the revocation against the record's key.
  if (wireKey(keys.publicKey) !== record.first_party.key) throw new RangeError('first_party_key');
  const fields = {
    id: record.id,
    agreement: record.agreement,
    first_party: { key: record.first_party.key },
    second_party: { origin: record.second_party.origin },
    record_signature: record.signatures.second_party,
    // Never before the decision it revokes.
    revoked_at: new Date(Math.max(now, Date.parse(record.decided_at))).toISOString(),
  };
  const signature = toB64url(ed25519.sign(encoder.encode(canonicalRevocation(fields)), hexToBytes(keys.secretKey)));
  return AgreementRevocation.parse({ format: 'myterms-revocation', version: 1, ...fields, signature });
}

export type RevocationProblem = 'schema' | 'not_accepted' | 'record_mismatch' | 'times' | 'signature';

/** Checks a revocation against the record it revokes: the same exchange, an accepted one, later, signed by the first party. */
export function revocationProblem(input: unknown, record: AgreementRecord): RevocationProblem | null {
  const parsed = AgreementRevocation.safeParse(input);
  if (!parsed.success) return 'schema';
  const v = parsed.data;
  if (record.decision !== 'accept') return 'not_accepted';
  const same =
    v.id === record.id &&
    v.agreement.id === record.agreement.id &&
    v.agreement.url === record.agreement.url &&
    v.agreement.sha256 === record.agreement.sha256 &&
    v.first_party.key === record.first_party.key &&
    v.second_party.origin === record.second_party.origin &&
    v.record_signature === record.signatures.second_party;
  if (!same) return 'record_mismatch';
  if (Date.parse(v.revoked_at) < Date.parse(record.decided_at)) return 'times';
  return verifySig(v.signature, canonicalRevocation(v), v.first_party.key) ? null : 'signature';
}

export interface RevocationCall extends ClientOptions {
  endpoint: string;
  brand: SignedCall['brand'];
  keys: BrandKeys;
  revocation: AgreementRevocation;
}

/** Sends a revocation (a signed POST to the agreement endpoint); resolves when the site confirms it holds a revocation of that record. */
export async function sendRevocation(call: RevocationCall): Promise<void> {
  const answer = (await signedExchange(
    { brand: call.brand, keys: call.keys, method: 'POST', url: call.endpoint, json: call.revocation },
    call,
  )) as { format?: unknown; id?: unknown; signature?: unknown } | null;
  // The receipt names the revocation the site holds: the first it received, which may be another
  // device's revocation of the same record (the person revoked on both before they synced).
  if (answer?.format !== 'myterms-revocation-receipt' || answer.id !== call.revocation.id || typeof answer.signature !== 'string')
    throw new ProtocolError('errBrandGarbage', { detail: 'revocation_receipt' });
}
