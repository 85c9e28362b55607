// Checking a MyTerms agreement record on its own (docs/protocol.md section 11), with node:crypto
// only: its shape, both agreements against the roster, the times, the decision and both signatures
// over the canonical strings, written here again from the protocol. This is the second, independent
// implementation behind `npm run verify:agreement` (scripts/verify-agreement.mjs), and the tests
// cross-check the extension's records with it; the extension and the reference brand share the
// other one (src/shared/myterms.ts, src/protocol/myterms.ts; the brand through ./extension.mjs).
// A revocation (section 11.7) is checked against its record here too (verifyRevocation).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PROFFER_SIGNATURE_VERSION = 'myterms-proffer-v1';
const DECISION_SIGNATURE_VERSION = 'myterms-decision-v1';
const REVOCATION_SIGNATURE_VERSION = 'myterms-revocation-v1';

const KEY_RE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const SIG_RE = /^[A-Za-z0-9_-]{85}[AQgw]$/;
const ID_RE = /^[A-Za-z0-9_-]{16,64}$/;
const AGREEMENT_ID_RE = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+){0,6}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const JURISDICTION_RE = /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/;
const ORIGIN_RE = /^https?:\/\/[^\s/?#]+$/;
const HEX32_RE = /^[0-9a-f]{64}$/;
const URL_RE = /^https:\/\/[^\s]+$/;

/** The roster shipped with Proffer (src/shared/myterms-roster.json). */
export function loadRoster(file = new URL('../../src/shared/myterms-roster.json', import.meta.url)) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

function canonicalProffer(p) {
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

function canonicalDecision(r) {
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

function canonicalRevocation(v) {
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

function verifySig(sig, message, key) {
  try {
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key }, format: 'jwk' });
    return verify(null, Buffer.from(message, 'utf8'), pub, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
}

const isRef = (a) =>
  a && typeof a === 'object' && AGREEMENT_ID_RE.test(a.id ?? '') && URL_RE.test(a.url ?? '') && HEX32_RE.test(a.sha256 ?? '');

const ALLOWED = new Set([
  'format',
  'version',
  'id',
  'agreement',
  'first_party',
  'second_party',
  'jurisdiction',
  'proffered_at',
  'decided_at',
  'decision',
  'counter',
  'signatures',
]);

/**
 * Checks one agreement record on its own, as `npm run verify:agreement` does: its shape, both
 * agreements against the roster (id, URL and SHA-256 of the text), the fields agreeing with each
 * other, and both signatures. Returns { ok, checks: [{ name, ok, detail? }] }.
 */
export function verifyRecord(record, roster = loadRoster()) {
  const checks = [];
  const check = (name, ok, detail) => checks.push(detail ? { name, ok, detail } : { name, ok });
  const r = record ?? {};
  const extra = Object.keys(r).filter((k) => !ALLOWED.has(k));
  check(
    'format',
    r.format === 'myterms-agreement' && r.version === 1 && extra.length === 0,
    extra.length ? `unknown ${extra.join(', ')}` : undefined,
  );
  check('id', ID_RE.test(r.id ?? ''));
  check('first party key', KEY_RE.test(r.first_party?.key ?? ''));
  check('second party', ORIGIN_RE.test(r.second_party?.origin ?? '') && KEY_RE.test(r.second_party?.key ?? ''));
  check('jurisdiction', JURISDICTION_RE.test(r.jurisdiction ?? ''));
  const timesOk =
    ISO_RE.test(r.proffered_at ?? '') && ISO_RE.test(r.decided_at ?? '') && Date.parse(r.decided_at) >= Date.parse(r.proffered_at);
  check('times', timesOk);
  const inRoster = (ref) => roster.agreements.find((a) => a.id === ref?.id);
  const a = inRoster(r.agreement);
  check('agreement in roster', Boolean(a) && isRef(r.agreement), r.agreement?.id);
  check(
    'agreement hash',
    Boolean(a) && a.sha256 === r.agreement.sha256 && a.url === r.agreement.url && sha256Hex(a.text) === a.sha256,
    a ? a.sha256.slice(0, 16) : undefined,
  );
  const decisionOk = ['accept', 'counter', 'decline'].includes(r.decision) && (r.decision === 'counter') === (r.counter !== undefined);
  check('decision', decisionOk, r.decision);
  if (r.counter !== undefined) {
    const c = inRoster(r.counter);
    check(
      'counter in roster, hash',
      Boolean(c) && isRef(r.counter) && c.sha256 === r.counter.sha256 && c.url === r.counter.url && r.counter.id !== r.agreement?.id,
      r.counter?.id,
    );
  }
  const sigsWellFormed = SIG_RE.test(r.signatures?.first_party ?? '') && SIG_RE.test(r.signatures?.second_party ?? '');
  const shapeOk = checks.every((c) => c.ok);
  check('first party signature', shapeOk && sigsWellFormed && verifySig(r.signatures.first_party, canonicalProffer(r), r.first_party.key));
  check(
    'second party signature',
    shapeOk && sigsWellFormed && verifySig(r.signatures.second_party, canonicalDecision(r), r.second_party.key),
  );
  return { ok: checks.every((c) => c.ok), checks };
}

const REVOCATION_FIELDS = new Set([
  'format',
  'version',
  'id',
  'agreement',
  'first_party',
  'second_party',
  'record_signature',
  'revoked_at',
  'signature',
]);

/** Every problem of a revocation's shape (field names), [] when well formed. */
function revocationShapeProblems(v) {
  const out = [];
  const extra = v && typeof v === 'object' ? Object.keys(v).filter((k) => !REVOCATION_FIELDS.has(k)) : [];
  if (v?.format !== 'myterms-revocation' || v?.version !== 1 || extra.length) out.push('format');
  if (!ID_RE.test(v?.id ?? '')) out.push('id');
  if (!isRef(v?.agreement)) out.push('agreement');
  if (!KEY_RE.test(v?.first_party?.key ?? '')) out.push('first_party.key');
  if (!ORIGIN_RE.test(v?.second_party?.origin ?? '')) out.push('second_party.origin');
  if (!SIG_RE.test(v?.record_signature ?? '')) out.push('record_signature');
  if (!ISO_RE.test(v?.revoked_at ?? '')) out.push('revoked_at');
  if (!SIG_RE.test(v?.signature ?? '')) out.push('signature');
  return out;
}

/**
 * Checks a revocation against the record it revokes (docs/protocol.md 11.7): its shape, that it
 * names exactly that record (id, agreement, both parties, the record's second-party signature), that
 * the record was accepted, that it is not dated before the decision, and the first party's
 * signature. Returns { ok, checks: [{ name, ok, detail? }] }.
 */
export function verifyRevocation(revocation, record) {
  const checks = [];
  const check = (name, ok, detail) => checks.push(detail ? { name, ok, detail } : { name, ok });
  const v = revocation ?? {};
  const r = record ?? {};
  const shape = revocationShapeProblems(v);
  check('revocation format', shape.length === 0, shape.length ? shape.join(', ') : undefined);
  check(
    'revocation names the record',
    v.id === r.id &&
      v.agreement?.id === r.agreement?.id &&
      v.agreement?.url === r.agreement?.url &&
      v.agreement?.sha256 === r.agreement?.sha256 &&
      v.first_party?.key === r.first_party?.key &&
      v.second_party?.origin === r.second_party?.origin &&
      v.record_signature === r.signatures?.second_party,
  );
  check('revoked agreement was accepted', r.decision === 'accept', r.decision);
  check('revocation time', ISO_RE.test(v.revoked_at ?? '') && Date.parse(v.revoked_at) >= Date.parse(r.decided_at));
  check(
    'revocation signature',
    shape.length === 0 && verifySig(v.signature, canonicalRevocation(v), v.first_party.key) && v.first_party.key === r.first_party?.key,
  );
  return { ok: checks.every((c) => c.ok), checks };
}
