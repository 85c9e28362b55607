/**
 * All of the vault's cryptography, in one small module over audited primitives (@noble/*):
 *
 * - passphrase -> key-encryption key (KEK): Argon2id, parameters stored with the vault;
 * - recovery code -> KEK: HKDF-SHA256 (the code carries 160 random bits, so no stretching is needed);
 * - a random 256-bit vault key, wrapped (sealed) under each KEK;
 * - subkeys from the vault key with HKDF: one seals records, one keys the blind index, one MACs backups;
 * - records sealed with XChaCha20-Poly1305, a fresh random 24-byte nonce each time (random nonces are
 *   safe at this size), and associated data binding the ciphertext to its table, id, schema version
 *   and revision (manifest.ts).
 *
 * Nothing here logs, and nothing here knows about IndexedDB.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { toHex, utf8 } from './encoding';
import { VaultError, type VaultErrorCode } from './errors';
import { normalizeSite } from './site';

export { randomBytes };

export const KEY_BYTES = 32;
const SALT_BYTES = 16;
const NONCE_BYTES = 24;

/** Argon2id cost. `m` is in KiB. */
export interface KdfCost {
  m: number;
  t: number;
  p: number;
}
export interface KdfParams extends KdfCost {
  alg: 'argon2id';
  salt: Uint8Array;
}

/** OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane). Stored per vault, so it can be raised later. */
export const DEFAULT_KDF: Readonly<KdfCost> = Object.freeze({ m: 19456, t: 2, p: 1 });

export function newKdfParams(cost: Partial<KdfCost> = {}): KdfParams {
  return { alg: 'argon2id', ...DEFAULT_KDF, ...cost, salt: randomBytes(SALT_BYTES) };
}

/**
 * Passphrase -> KEK. Async: noble yields to the event loop every few ms, so the service worker keeps
 * answering messages during the ~0.5 s derivation. Never call this inside a Dexie transaction.
 * The passphrase is NFC-normalized so the same words typed on another OS give the same key.
 */
export function deriveKek(passphrase: string, params: KdfParams): Promise<Uint8Array> {
  return argon2idAsync(utf8(passphrase.normalize('NFC')), params.salt, {
    m: params.m,
    t: params.t,
    p: params.p,
    dkLen: KEY_BYTES,
  });
}

/** Sealed bytes as stored: nonce and ciphertext (with its 16-byte Poly1305 tag) kept apart. */
export interface Sealed {
  n: Uint8Array;
  c: Uint8Array;
}

const PREFIX = 'proffer/v1';

/**
 * Associated data for a record: moving a row to another id, table, version or revision makes it fail
 * to open. Revision 0 (rows sealed before revisions existed) keeps the original form.
 */
export const recordAad = (table: string, id: string, schemaVersion: number, revision = 0): Uint8Array =>
  utf8(revision === 0 ? `${PREFIX}|${table}|${id}|${schemaVersion}` : `${PREFIX}|${table}|${id}|${schemaVersion}|r${revision}`);

/** Associated data for the header's own ciphertexts: a different prefix, so no record AAD can equal it. */
export const keyAad = (what: 'passphrase' | 'recovery' | 'check'): Uint8Array => utf8(`${PREFIX}-key|${what}`);

/**
 * Nonces come from a pool of CSPRNG bytes refilled 1,024 nonces at a time: one getRandomValues
 * call per nonce cost more than the sealing itself when putMany seals 100,000 ledger entries.
 * Each nonce is a copy of a slice that is handed out once, so no nonce is ever reused.
 */
let noncePool = new Uint8Array(0);
let noncePos = 0;
function freshNonce(): Uint8Array {
  if (noncePos + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * 1024);
    noncePos = 0;
  }
  const n = noncePool.slice(noncePos, noncePos + NONCE_BYTES);
  noncePool.fill(0, noncePos, noncePos + NONCE_BYTES);
  noncePos += NONCE_BYTES;
  return n;
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed {
  const n = freshNonce();
  return { n, c: xchacha20poly1305(key, n, aad).encrypt(plaintext) };
}

/** Opens or throws `code` (default errRecordCorrupt). AEAD cannot tell a wrong key from tampering. */
export function open(key: Uint8Array, sealed: Sealed, aad: Uint8Array, code: VaultErrorCode = 'errRecordCorrupt'): Uint8Array {
  try {
    return xchacha20poly1305(key, sealed.n, aad).decrypt(sealed.c);
  } catch {
    throw new VaultError(code);
  }
}

export const newVaultKey = (): Uint8Array => randomBytes(KEY_BYTES);

export const wrapKey = (kek: Uint8Array, vaultKey: Uint8Array, by: 'passphrase' | 'recovery'): Sealed => seal(kek, vaultKey, keyAad(by));

export function unwrapKey(kek: Uint8Array, wrapped: Sealed, by: 'passphrase' | 'recovery', code: VaultErrorCode): Uint8Array {
  const key = open(kek, wrapped, keyAad(by), code);
  if (key.length !== KEY_BYTES) throw new VaultError(code);
  return key;
}

/** Keys derived from the vault key; each has one job, so one can never be used for another's. */
export interface Subkeys {
  record: Uint8Array;
  blind: Uint8Array;
  mac: Uint8Array;
  /** MACs the rollback manifest and keys its revision tags (manifest.ts). */
  manifest: Uint8Array;
}

/** An unlocked vault's key and the subkeys derived from it. */
export interface OpenKeys {
  vaultKey: Uint8Array;
  sub: Subkeys;
}

const subkey = (vaultKey: Uint8Array, name: string) => hkdf(sha256, vaultKey, undefined, utf8(`${PREFIX} ${name}`), KEY_BYTES);

/** A key for another part of the extension (sync), derived from the vault key, so the vault key itself never leaves the vault. */
export const purposeKey = (vaultKey: Uint8Array, purpose: 'sync'): Uint8Array => subkey(vaultKey, `${purpose}-key`);

export function deriveSubkeys(vaultKey: Uint8Array): Subkeys {
  return {
    record: subkey(vaultKey, 'record-key'),
    blind: subkey(vaultKey, 'blind-index-key'),
    mac: subkey(vaultKey, 'backup-mac-key'),
    manifest: subkey(vaultKey, 'manifest-key'),
  };
}

const KEY_CHECK_TEXT = 'proffer key check';

/** A ciphertext in the header that only the right vault key opens: verifies a key restored from the session. */
export const makeKeyCheck = (sub: Subkeys): Sealed => seal(sub.record, utf8(KEY_CHECK_TEXT), keyAad('check'));

export function verifyKeyCheck(sub: Subkeys, check: Sealed, code: VaultErrorCode): void {
  const text = open(sub.record, check, keyAad('check'), code);
  if (new TextDecoder().decode(text) !== KEY_CHECK_TEXT) throw new VaultError(code);
}

/** Keyed blind index of a site: equal sites match, but the database names no site in the clear. */
export function blindIndex(blindKey: Uint8Array, site: string): string {
  return toHex(hmac(sha256, blindKey, utf8(normalizeSite(site)))).slice(0, 32);
}

export const backupMac = (macKey: Uint8Array, canonical: string): Uint8Array =>
  hmac(sha256, macKey, utf8(`proffer-backup-mac/v1\n${canonical}`));

// ---------------------------------------------------------------------------------------------
// Recovery codes: 160 random bits in Crockford base32, shown once as 8 groups of 4 characters.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_BYTES = 20;
const RECOVERY_CHARS = (RECOVERY_BYTES * 8) / 5;

export function newRecoveryCode(): { code: string; bytes: Uint8Array } {
  const bytes = randomBytes(RECOVERY_BYTES);
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return { code: out.match(/.{4}/g)!.join('-'), bytes };
}

/**
 * Reads a recovery code the way a person types it back: any case, spaces, dashes and underscores
 * ignored, O read as 0, I and L as 1 (Crockford's rules). Anything else: errWrongRecoveryCode.
 */
export function parseRecoveryCode(typed: string): Uint8Array {
  const s = typed
    .toUpperCase()
    .replace(/[\s\-_\u2010-\u2015]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== RECOVERY_CHARS) throw new VaultError('errWrongRecoveryCode');
  const out = new Uint8Array(RECOVERY_BYTES);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const ch of s) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) throw new VaultError('errWrongRecoveryCode');
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Recovery code -> KEK. HKDF suffices: 160 random bits cannot be guessed, stretched or not. */
export const recoveryKek = (codeBytes: Uint8Array, salt: Uint8Array): Uint8Array =>
  hkdf(sha256, codeBytes, salt, utf8(`${PREFIX} recovery-kek`), KEY_BYTES);

/** A fresh recovery code (shown once) and the vault key wrapped under it, with its own salt. */
export function newRecoveryWrap(vaultKey: Uint8Array): { code: string; wrapped: Sealed & { salt: Uint8Array } } {
  const { code, bytes } = newRecoveryCode();
  const salt = randomBytes(SALT_BYTES);
  const kek = recoveryKek(bytes, salt);
  const wrapped = { salt, ...wrapKey(kek, vaultKey, 'recovery') };
  zero(kek, bytes);
  return { code, wrapped };
}

/** Best effort: overwrite key material we are done with (JS gives no guarantee about copies). */
export function zero(...keys: (Uint8Array | undefined)[]): void {
  for (const k of keys) k?.fill(0);
}
