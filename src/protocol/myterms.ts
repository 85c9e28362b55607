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
  agreementRef,
  canonicalDecision,
  canonicalProffer,
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
