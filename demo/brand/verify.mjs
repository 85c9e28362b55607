// Request signatures, the brand's side (docs/protocol.md, "Signatures"), with node:crypto only.
// Deliberately a second implementation of src/protocol/sign.ts (which uses @noble/curves): the tests
// sign with one and verify with the other, so the canonical strings cannot drift apart unnoticed.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export const REQUEST_SIGNATURE_VERSION = 'proffer-sig-v1';
export const RESPONSE_SIGNATURE_VERSION = 'proffer-response-v1';
export const MAX_SKEW_SECONDS = 300;

const KEY_RE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const SIG_RE = /^[A-Za-z0-9_-]{85}[AQgw]$/;
const TS_RE = /^[1-9]\d{0,11}$/;
const NONCE_RE = /^[A-Za-z0-9_-]{16,64}$/;

/** Lowercase hex SHA-256 of a body (Buffer or string); no body hashes as the empty string. */
export const bodySha256 = (body) =>
  createHash('sha256')
    .update(body ?? '')
    .digest('hex');

export function canonicalRequest({ method, origin, target, timestamp, nonce, bodyHash }) {
  return [REQUEST_SIGNATURE_VERSION, method.toUpperCase(), origin.toLowerCase(), target, String(timestamp), nonce, bodyHash].join('\n');
}

export function canonicalResponse({ status, origin, method, target, requestNonce, timestamp, bodyHash }) {
  return [
    RESPONSE_SIGNATURE_VERSION,
    String(status),
    origin.toLowerCase(),
    method.toUpperCase(),
    target,
    requestNonce,
    String(timestamp),
    bodyHash,
  ].join('\n');
}

/** A Node header value, or undefined when absent or repeated (a repeated Proffer header is malformed). */
function one(headers, name) {
  const v = headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

function publicKeyObject(wireKey) {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: wireKey }, format: 'jwk' });
}

/**
 * Verifies a signed request. `headers` are Node's (lowercase names). Checks, in this order: the four
 * headers present and well formed, the timestamp within MAX_SKEW_SECONDS, the signature, and only then
 * the nonce (so unsigned junk cannot fill the nonce store).
 * @returns {{ ok: true, key: string, nonce: string, timestamp: number } | { ok: false, error: string }}
 */
export function verifyRequest({ method, origin, target, headers, body, nowMs = Date.now(), nonces }) {
  const key = one(headers, 'proffer-key');
  const sig = one(headers, 'proffer-signature');
  const ts = one(headers, 'proffer-timestamp');
  const nonce = one(headers, 'proffer-nonce');
  if (key === undefined || sig === undefined || ts === undefined || nonce === undefined) return { ok: false, error: 'signature_missing' };
  if (!KEY_RE.test(key) || !SIG_RE.test(sig) || !TS_RE.test(ts) || !NONCE_RE.test(nonce))
    return { ok: false, error: 'signature_malformed' };
  const nowSeconds = Math.floor(nowMs / 1000);
  const timestamp = Number(ts);
  if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS) return { ok: false, error: 'timestamp_stale' };
  const message = canonicalRequest({ method, origin, target, timestamp, nonce, bodyHash: bodySha256(body) });
  let valid = false;
  try {
    valid = verify(null, Buffer.from(message, 'utf8'), publicKeyObject(key), Buffer.from(sig, 'base64url'));
  } catch {
    valid = false; // not a point on the curve: a bad signature, not a crash
  }
  if (!valid) return { ok: false, error: 'signature_invalid' };
  if (nonces?.checkAndRemember(key, nonce, timestamp, nowSeconds)) return { ok: false, error: 'nonce_replayed' };
  return { ok: true, key, nonce, timestamp };
}

/**
 * Nonces seen within the time window, kept in memory and (with a file) on disk, so a request captured
 * just before a restart cannot be replayed just after it. The file is append-only while running and
 * rewritten with only the still-relevant nonces at start.
 */
export class NonceStore {
  #seen = new Map();
  #file;
  constructor(file, nowMs = Date.now()) {
    this.#file = file;
    if (!file) return;
    const nowSeconds = Math.floor(nowMs / 1000);
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        try {
          const { id, until } = JSON.parse(line);
          if (typeof id === 'string' && typeof until === 'number' && until >= nowSeconds) this.#seen.set(id, until);
        } catch {
          // a torn last line: that nonce's request never got an answer
        }
      }
    }
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, [...this.#seen].map(([id, until]) => `${JSON.stringify({ id, until })}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, file);
  }
  checkAndRemember(key, nonce, timestamp, nowSeconds) {
    if (this.#seen.size > 10_000) for (const [id, until] of this.#seen) if (until < nowSeconds) this.#seen.delete(id);
    const id = `${key}.${nonce}`;
    if (this.#seen.has(id)) return true;
    const until = timestamp + MAX_SKEW_SECONDS;
    this.#seen.set(id, until);
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify({ id, until })}\n`, { mode: 0o600 });
    return false;
  }
}

/**
 * The brand's own signing key, created on first use and kept in `file` (mode 0600).
 * @returns {{ publicKey: string, sign(message: string): string }} publicKey in wire form (base64url)
 */
export function loadBrandKey(file) {
  let jwk;
  if (file && existsSync(file)) jwk = JSON.parse(readFileSync(file, 'utf8'));
  else {
    jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    if (file) writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  }
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return {
    publicKey: jwk.x,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url'),
  };
}

/** The three Proffer-* headers signing one answer to a signed request. */
export function signResponse({ brandKey, status, origin, method, target, requestNonce, body, nowMs = Date.now() }) {
  const timestamp = Math.floor(nowMs / 1000);
  const message = canonicalResponse({ status, origin, method, target, requestNonce, timestamp, bodyHash: bodySha256(body) });
  return { 'Proffer-Key': brandKey.publicKey, 'Proffer-Signature': brandKey.sign(message), 'Proffer-Timestamp': String(timestamp) };
}

// ---------------------------------------------------------------------------------------------------
// Key rotation (docs/protocol.md 3.6): the statement by which a brand's previous key vouches for its
// new key list. Again a second implementation of src/protocol/sign.ts, over node:crypto.

export const KEY_ROTATION_VERSION = 'proffer-key-rotation-v1';

export function canonicalKeyRotation({ origin, timestamp, previous, keys }) {
  return [KEY_ROTATION_VERSION, origin.toLowerCase(), String(timestamp), previous, ...keys].join('\n');
}

/**
 * The `keyRotation` member of vrm.json: `previous` (a brand key, as loadBrandKey returns it) signs the
 * new `keys` for `origin` at `timestamp` (Unix seconds).
 * @returns {{ previous: string, timestamp: number, signature: string }}
 */
export function signKeyRotation({ previous, origin, keys, timestamp }) {
  const message = canonicalKeyRotation({ origin, timestamp, previous: previous.publicKey, keys });
  return { previous: previous.publicKey, timestamp, signature: previous.sign(message) };
}

/** True when `statement` is a valid signature by `statement.previous` over `keys` for `origin`. */
export function verifyKeyRotation({ origin, keys, statement }) {
  if (!statement || !KEY_RE.test(statement.previous) || !SIG_RE.test(statement.signature) || !Number.isSafeInteger(statement.timestamp)) {
    return false;
  }
  try {
    const message = canonicalKeyRotation({ origin, timestamp: statement.timestamp, previous: statement.previous, keys });
    return verify(null, Buffer.from(message, 'utf8'), publicKeyObject(statement.previous), Buffer.from(statement.signature, 'base64url'));
  } catch {
    return false;
  }
}
