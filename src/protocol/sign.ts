/**
 * Request and response signatures of the brand protocol (docs/protocol.md, "Signatures").
 *
 * Each brand gets its own Ed25519 key pair (pairwise: no two brands see the same key, so they cannot
 * link the person). Every request to a brand is signed over a canonical string that binds the method,
 * the brand's origin, the path and query, a timestamp, a random nonce and the SHA-256 of the body, so a
 * signature cannot be moved to another request, another brand, another time or another body, and the
 * brand can refuse replays by remembering nonces for the accepted time window.
 *
 * Pure functions over @noble/curves and @noble/hashes: the same code runs in the service worker and in
 * Node. The reference brand (demo/brand/verify.mjs) verifies with node:crypto instead, which makes the
 * tests a cross-check of two implementations.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';

export const REQUEST_SIGNATURE_VERSION = 'proffer-sig-v1';
export const RESPONSE_SIGNATURE_VERSION = 'proffer-response-v1';
/** Largest accepted difference between the signer's clock and the verifier's, either way. */
export const MAX_SKEW_SECONDS = 300;

export const HEADERS = {
  key: 'Proffer-Key',
  signature: 'Proffer-Signature',
  timestamp: 'Proffer-Timestamp',
  nonce: 'Proffer-Nonce',
} as const;

/** A pairwise key pair, hex, as the vault stores it (BrandSchema.keys in src/shared/records.ts). */
export interface BrandKeys {
  publicKey: string;
  secretKey: string;
}

// ---------------------------------------------------------------------------------------------------
// Encoding

const encoder = new TextEncoder();
const B64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Map([...B64URL_CHARS].map((c, i) => [c, i]));

/** base64url without padding (RFC 4648 section 5). */
export function toB64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL_CHARS[n >> 18]! + B64URL_CHARS[(n >> 12) & 63]! + B64URL_CHARS[(n >> 6) & 63]! + B64URL_CHARS[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL_CHARS[n >> 18]! + B64URL_CHARS[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL_CHARS[n >> 18]! + B64URL_CHARS[(n >> 12) & 63]! + B64URL_CHARS[(n >> 6) & 63]!;
  }
  return out;
}

/** Strict base64url decoding: no padding, no stray characters, no non-zero trailing bits. Throws TypeError. */
export function fromB64url(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new TypeError('base64url');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of s) {
    const v = B64URL_INDEX.get(c);
    if (v === undefined) throw new TypeError('base64url');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw new TypeError('base64url');
  return out;
}

const bodyBytes = (body: Uint8Array | string | undefined | null): Uint8Array =>
  body == null ? new Uint8Array(0) : typeof body === 'string' ? encoder.encode(body) : body;

/** Lowercase hex SHA-256 of a body; an absent body hashes as the empty string. */
export const bodySha256 = (body: Uint8Array | string | undefined | null): string => bytesToHex(sha256(bodyBytes(body)));

// ---------------------------------------------------------------------------------------------------
// Keys

/** A fresh pairwise key pair for one brand. */
export function generateBrandKeys(): BrandKeys {
  const { secretKey, publicKey } = ed25519.keygen();
  return { publicKey: bytesToHex(publicKey), secretKey: bytesToHex(secretKey) };
}

/** The wire form of a public key (base64url, 43 characters) from its hex form. */
export const wireKey = (publicKeyHex: string): string => toB64url(hexToBytes(publicKeyHex));

/** A random nonce: 16 bytes, base64url (22 characters). */
export const newNonce = (): string => toB64url(randomBytes(16));

// ---------------------------------------------------------------------------------------------------
// Canonical strings

export interface CanonicalRequest {
  method: string;
  /** The brand's origin as the client addresses it: scheme://host[:port], lowercase, no slash. */
  origin: string;
  /** Path and query exactly as on the request line, e.g. "/vrm/data-rights/status?request_id=abc". */
  target: string;
  /** Unix time in seconds. */
  timestamp: number;
  nonce: string;
  /** bodySha256(body). */
  bodyHash: string;
}

/**
 * The string a request signature covers: seven lines joined by "\n", no trailing newline.
 * @example canonicalRequest({ method: 'POST', origin: 'https://shop.example', target: '/vrm/dr/exercise',
 *   timestamp: 1767225600, nonce: 'q3G0...', bodyHash: bodySha256(body) })
 */
export function canonicalRequest(r: CanonicalRequest): string {
  return [
    REQUEST_SIGNATURE_VERSION,
    r.method.toUpperCase(),
    r.origin.toLowerCase(),
    r.target,
    String(r.timestamp),
    r.nonce,
    r.bodyHash,
  ].join('\n');
}

export interface CanonicalResponse {
  /** HTTP status code of the response. */
  status: number;
  origin: string;
  /** Method and target of the request this answers. */
  method: string;
  target: string;
  /** The nonce of the request this answers: binds the answer to exactly one request. */
  requestNonce: string;
  timestamp: number;
  bodyHash: string;
}

export function canonicalResponse(r: CanonicalResponse): string {
  return [
    RESPONSE_SIGNATURE_VERSION,
    String(r.status),
    r.origin.toLowerCase(),
    r.method.toUpperCase(),
    r.target,
    r.requestNonce,
    String(r.timestamp),
    r.bodyHash,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Signing requests

export interface SignRequestInput {
  method: string;
  /** The full URL the request goes to; origin and target are taken from it. */
  url: string | URL;
  body?: Uint8Array | string;
  keys: BrandKeys;
  /** Milliseconds since the epoch; Date.now() by default. */
  now?: number;
  nonce?: string;
}

/** The four Proffer-* headers for one request. Pure when `now` and `nonce` are given. */
export function signRequest(input: SignRequestInput): Record<(typeof HEADERS)[keyof typeof HEADERS], string> {
  const url = new URL(input.url);
  const timestamp = Math.floor((input.now ?? Date.now()) / 1000);
  const nonce = input.nonce ?? newNonce();
  const message = canonicalRequest({
    method: input.method,
    origin: url.origin,
    target: url.pathname + url.search,
    timestamp,
    nonce,
    bodyHash: bodySha256(input.body),
  });
  const signature = ed25519.sign(encoder.encode(message), hexToBytes(input.keys.secretKey));
  return {
    [HEADERS.key]: wireKey(input.keys.publicKey),
    [HEADERS.signature]: toB64url(signature),
    [HEADERS.timestamp]: String(timestamp),
    [HEADERS.nonce]: nonce,
  };
}

// ---------------------------------------------------------------------------------------------------
// Verifying requests (what a brand does; the reference brand has its own node:crypto copy)

export type VerifyError = 'signature_missing' | 'signature_malformed' | 'timestamp_stale' | 'signature_invalid' | 'nonce_replayed';
export type VerifyResult = { ok: true; key: string; timestamp: number; nonce: string } | { ok: false; error: VerifyError };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | undefined {
  if (typeof (source as Headers).get === 'function') return (source as Headers).get(name) ?? undefined;
  const rec = source as Record<string, string | string[] | undefined>;
  const v = rec[name.toLowerCase()] ?? rec[name];
  return Array.isArray(v) ? undefined : v; // a repeated Proffer header is malformed, not "the first one"
}

const NONCE_RE = /^[A-Za-z0-9_-]{16,64}$/;
const KEY_RE = /^[A-Za-z0-9_-]{43}$/;
const SIG_RE = /^[A-Za-z0-9_-]{86}$/;
const TS_RE = /^[1-9]\d{0,11}$/;

/** Remembers nonces until their timestamps leave the accepted window. In memory; brands may persist it. */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowSeconds = MAX_SKEW_SECONDS) {}
  /** True when (key, nonce) was already used; otherwise remembers it and returns false. */
  checkAndRemember(key: string, nonce: string, timestamp: number, nowSeconds: number): boolean {
    if (this.seen.size > 10_000) this.prune(nowSeconds);
    const id = `${key}.${nonce}`;
    if (this.seen.has(id)) return true;
    this.seen.set(id, timestamp + this.windowSeconds);
    return false;
  }
  prune(nowSeconds: number): void {
    for (const [id, until] of this.seen) if (until < nowSeconds) this.seen.delete(id);
  }
}

export interface VerifyRequestInput {
  method: string;
  /** The verifier's own public origin. */
  origin: string;
  target: string;
  headers: HeaderSource;
  body?: Uint8Array | string;
  /** Milliseconds since the epoch. */
  now?: number;
  /** Omit only to check a signature without replay protection (tests, receipts). */
  nonces?: NonceCache;
}

/** Checks in this order: headers present and well formed, timestamp fresh, signature, nonce unused. */
export function verifyRequest(input: VerifyRequestInput): VerifyResult {
  const key = header(input.headers, HEADERS.key);
  const sig = header(input.headers, HEADERS.signature);
  const ts = header(input.headers, HEADERS.timestamp);
  const nonce = header(input.headers, HEADERS.nonce);
  if (key === undefined || sig === undefined || ts === undefined || nonce === undefined) return { ok: false, error: 'signature_missing' };
  if (!KEY_RE.test(key) || !SIG_RE.test(sig) || !TS_RE.test(ts) || !NONCE_RE.test(nonce))
    return { ok: false, error: 'signature_malformed' };
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const timestamp = Number(ts);
  if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS) return { ok: false, error: 'timestamp_stale' };
  let pub: Uint8Array;
  let sigBytes: Uint8Array;
  try {
    pub = fromB64url(key);
    sigBytes = fromB64url(sig);
  } catch {
    return { ok: false, error: 'signature_malformed' };
  }
  const message = canonicalRequest({
    method: input.method,
    origin: input.origin,
    target: input.target,
    timestamp,
    nonce,
    bodyHash: bodySha256(input.body),
  });
  if (!verifyBytes(sigBytes, encoder.encode(message), pub)) return { ok: false, error: 'signature_invalid' };
  // Only after the signature holds: unsigned junk must not fill (or poison) the nonce store.
  if (input.nonces?.checkAndRemember(key, nonce, timestamp, nowSeconds)) return { ok: false, error: 'nonce_replayed' };
  return { ok: true, key, timestamp, nonce };
}

function verifyBytes(sig: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    // Strict RFC 8032 (not ZIP-215), the same rule node:crypto applies on the brand's side.
    return ed25519.verify(sig, message, publicKey, { zip215: false });
  } catch {
    return false; // a malformed point or signature is a bad signature, not a crash
  }
}

// ---------------------------------------------------------------------------------------------------
// Response signatures (brands that publish `keys` in vrm.json sign every answer to a signed request)

export interface SignResponseInput extends Omit<CanonicalResponse, 'bodyHash' | 'timestamp'> {
  body: Uint8Array | string;
  /** The brand's key pair, hex. */
  keys: BrandKeys;
  now?: number;
}

export function signResponse(input: SignResponseInput): Record<string, string> {
  const timestamp = Math.floor((input.now ?? Date.now()) / 1000);
  const message = canonicalResponse({ ...input, timestamp, bodyHash: bodySha256(input.body) });
  return {
    [HEADERS.key]: wireKey(input.keys.publicKey),
    [HEADERS.signature]: toB64url(ed25519.sign(encoder.encode(message), hexToBytes(input.keys.secretKey))),
    [HEADERS.timestamp]: String(timestamp),
  };
}

export interface VerifyResponseInput extends Omit<CanonicalResponse, 'bodyHash' | 'timestamp'> {
  headers: HeaderSource;
  body: Uint8Array | string;
  /** The keys the brand published in vrm.json (wire form). */
  brandKeys: readonly string[];
}

/** True when the answer carries a valid signature by one of the brand's published keys. */
export function verifyResponse(input: VerifyResponseInput): boolean {
  const key = header(input.headers, HEADERS.key);
  const sig = header(input.headers, HEADERS.signature);
  const ts = header(input.headers, HEADERS.timestamp);
  if (!key || !sig || !ts || !KEY_RE.test(key) || !SIG_RE.test(sig) || !TS_RE.test(ts)) return false;
  if (!input.brandKeys.includes(key)) return false;
  try {
    const message = canonicalResponse({ ...input, timestamp: Number(ts), bodyHash: bodySha256(input.body) });
    return verifyBytes(fromB64url(sig), encoder.encode(message), fromB64url(key));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Key rotation (docs/protocol.md, "Key pinning and rotation")

export const KEY_ROTATION_VERSION = 'proffer-key-rotation-v1';

/** What a brand publishes as `keyRotation` in vrm.json: its new `keys`, vouched for by an old key. */
export interface KeyRotationStatement {
  /** The previous key that signs the statement (wire form); the client must have it pinned. */
  previous: string;
  /** Unix time in seconds when the statement was made; a later rotation needs a later one. */
  timestamp: number;
  /** Ed25519 signature by `previous` over canonicalKeyRotation(), base64url. */
  signature: string;
}

export interface CanonicalKeyRotation {
  /** The brand's origin, lowercase: a statement for one origin means nothing for another. */
  origin: string;
  timestamp: number;
  previous: string;
  /** The new key list exactly as vrm.json `keys` lists it (wire form, in that order). */
  keys: readonly string[];
}

/**
 * The string a rotation statement covers: the version, the origin, the timestamp, the signing key,
 * then one line per new key, joined by "\n", no trailing newline. Every line has a fixed alphabet
 * without "\n", so the encoding is unambiguous.
 */
export function canonicalKeyRotation(r: CanonicalKeyRotation): string {
  return [KEY_ROTATION_VERSION, r.origin.toLowerCase(), String(r.timestamp), r.previous, ...r.keys].join('\n');
}

/** A brand's rotation statement: `previous` (hex key pair, still the pinned key) vouches for `keys`. */
export function signKeyRotation(input: {
  origin: string;
  keys: readonly string[];
  previous: BrandKeys;
  now?: number;
}): KeyRotationStatement {
  const timestamp = Math.floor((input.now ?? Date.now()) / 1000);
  const previous = wireKey(input.previous.publicKey);
  const message = canonicalKeyRotation({ origin: input.origin, timestamp, previous, keys: input.keys });
  return { previous, timestamp, signature: toB64url(ed25519.sign(encoder.encode(message), hexToBytes(input.previous.secretKey))) };
}

export type RotationError = 'rotation_missing' | 'rotation_key' | 'rotation_signature' | 'rotation_stale' | 'rotation_future';

export interface VerifyKeyRotationInput {
  origin: string;
  /** The new key list, vrm.json `keys`. */
  keys: readonly string[];
  statement: KeyRotationStatement | undefined;
  /** The keys the client has pinned for this origin (wire form). */
  pinned: readonly string[];
  /** Statements at or before this Unix time are refused: the last rotation accepted, or the pin. */
  rotatedAt?: number;
  /** Milliseconds since the epoch. */
  now?: number;
}

/**
 * Checks a rotation statement against the pinned keys: signed by a pinned key, over this origin and
 * exactly these new keys, not from the future (beyond the clock skew), and newer than the last
 * rotation accepted (an old statement cannot be replayed to roll the keys back).
 */
export function verifyKeyRotation(input: VerifyKeyRotationInput): { ok: true } | { ok: false; error: RotationError } {
  const s = input.statement;
  if (!s) return { ok: false, error: 'rotation_missing' };
  if (!KEY_RE.test(s.previous) || !input.pinned.includes(s.previous)) return { ok: false, error: 'rotation_key' };
  if (!SIG_RE.test(s.signature) || !Number.isSafeInteger(s.timestamp) || s.timestamp <= 0)
    return { ok: false, error: 'rotation_signature' };
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (s.timestamp > nowSeconds + MAX_SKEW_SECONDS) return { ok: false, error: 'rotation_future' };
  if (input.rotatedAt !== undefined && s.timestamp <= input.rotatedAt) return { ok: false, error: 'rotation_stale' };
  let ok = false;
  try {
    const message = canonicalKeyRotation({ origin: input.origin, timestamp: s.timestamp, previous: s.previous, keys: input.keys });
    ok = verifyBytes(fromB64url(s.signature), encoder.encode(message), fromB64url(s.previous));
  } catch {
    ok = false;
  }
  return ok ? { ok: true } : { ok: false, error: 'rotation_signature' };
}
