/**
 * What goes to the server, sealed. Keys come from the vault's sync key (Vault.syncKey, an HKDF
 * subkey of the vault key): one seals, one names objects.
 *
 * - An object per record version: `o/<name>`, name = HMAC(name key, table|id|stamp) as 32 hex
 *   digits (the server learns neither the table, the id nor the time), body = 24-byte nonce ||
 *   XChaCha20-Poly1305 ciphertext of the record's JSON, associated data `proffer-sync/v1|obj|table|id|stamp`:
 *   an object copied to another name, or an older version put in place of the current one, does not open.
 * - The manifest `manifest`: nonce || ciphertext of `{v: 2, seq, b: [[bucket, token], ...]}`,
 *   associated data `proffer-sync/v1|manifest`. `seq` goes up with every write of the manifest; a
 *   device that saw seq n refuses a manifest below n (a rolled-back server copy). The entries
 *   (`[table, id, stamp, deleted?]`, one per record) are in BUCKETS buckets by a keyed hash of
 *   table and id, each in its own file `m/<name>`, name = HMAC(name key, bucket|token), sealed
 *   with associated data `proffer-sync/v2|bucket|<bucket>|<token>`; the token is new at every write
 *   of that bucket, so a bucket file is never rewritten and an old one does not open as the
 *   current. A change rewrites its bucket and the manifest, not every entry.
 *   Version 1 (read, never written) held every entry in the manifest itself: `{v: 1, seq, e}`.
 * - `header.json`: the vault header (header.ts, as in a backup): KDF parameters and wrapped keys,
 *   so another device can join with the passphrase. Not secret, and needed before the key exists.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { HLC_PATTERN } from './hlc';

export interface SyncKeys {
  seal: Uint8Array;
  name: Uint8Array;
  local: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export function syncKeys(syncKey: Uint8Array): SyncKeys {
  const k = (name: string) => hkdf(sha256, syncKey, undefined, enc.encode(`proffer-sync/v1 ${name}`), 32);
  return { seal: k('seal'), name: k('name'), local: k('local') };
}

export function sealBytes(key: Uint8Array, plain: Uint8Array, aad: string): Uint8Array {
  const n = randomBytes(24);
  const c = xchacha20poly1305(key, n, enc.encode(aad)).encrypt(plain);
  const out = new Uint8Array(24 + c.length);
  out.set(n);
  out.set(c, 24);
  return out;
}

/** The plaintext, or null when the bytes do not open under this key and associated data. */
export function openBytes(key: Uint8Array, sealed: Uint8Array, aad: string): Uint8Array | null {
  if (sealed.length < 24 + 16) return null;
  try {
    return xchacha20poly1305(key, sealed.subarray(0, 24), enc.encode(aad)).decrypt(sealed.subarray(24));
  } catch {
    return null;
  }
}

export const sealJson = (key: Uint8Array, value: unknown, aad: string): Uint8Array =>
  sealBytes(key, enc.encode(JSON.stringify(value)), aad);

export function openJson(key: Uint8Array, sealed: Uint8Array, aad: string): unknown {
  const plain = openBytes(key, sealed, aad);
  if (plain === null) return undefined;
  try {
    return JSON.parse(dec.decode(plain));
  } catch {
    return undefined;
  }
}

/** The opaque name of one version of a record on the server. */
export function objectName(keys: SyncKeys, table: string, id: string, stamp: string): string {
  const mac = hmac(sha256, keys.name, enc.encode(`${table}|${id}|${stamp}`));
  let hex = '';
  for (const b of mac.subarray(0, 16)) hex += b.toString(16).padStart(2, '0');
  return `o/${hex}`;
}

export const objectAad = (table: string, id: string, stamp: string): string => `proffer-sync/v1|obj|${table}|${id}|${stamp}`;
const MANIFEST_AAD = 'proffer-sync/v1|manifest';

/** One record's current version on the server. */
export interface RemoteEntry {
  t: string;
  id: string;
  h: string;
  d?: boolean;
}

export interface RemoteManifest {
  seq: number;
  entries: Map<string, RemoteEntry>;
  /** Each bucket's current token (format 2); absent for a version 1 manifest or none yet. */
  buckets?: Map<number, string>;
}

/** How many buckets the entries are split into (about 150 entries each for 10,000 records). */
export const BUCKETS = 64;

export const entryKey = (table: string, id: string): string => `${table}:${id}`;

const packEntries = (list: Iterable<RemoteEntry>) => [...list].map((x) => (x.d ? [x.t, x.id, x.h, 1] : [x.t, x.id, x.h]));

/** Entries as sealed into `into`, checked by hand (not with zod: a schema per entry cost half a second for 10,000); false if malformed. */
function unpackEntries(raw: unknown, into: Map<string, RemoteEntry>): boolean {
  if (!Array.isArray(raw)) return false;
  for (const x of raw as unknown[]) {
    if (!Array.isArray(x) || x.length < 3 || x.length > 4) return false;
    const [t, id, h, d] = x as unknown[];
    if (typeof t !== 'string' || t.length > 40 || typeof id !== 'string' || id.length > 64 || typeof h !== 'string' || !HLC_PATTERN.test(h))
      return false;
    if (d !== undefined && d !== 1) return false;
    into.set(entryKey(t, id), d ? { t, id, h, d: true } : { t, id, h });
  }
  return true;
}

/** A version 1 manifest (every entry inside); kept for tests of reading one. */
export function sealManifestV1(keys: SyncKeys, m: RemoteManifest): Uint8Array {
  return sealJson(keys.seal, { v: 1, seq: m.seq, e: packEntries(m.entries.values()) }, MANIFEST_AAD);
}

/** The manifest of format 2: seq and each bucket's token (the entries are in the buckets). */
export function sealManifest(keys: SyncKeys, seq: number, buckets: Map<number, string>): Uint8Array {
  const b = [...buckets].sort((x, y) => x[0] - y[0]);
  return sealJson(keys.seal, { v: 2, seq, b }, MANIFEST_AAD);
}

export type OpenedManifest = { v: 1; seq: number; entries: Map<string, RemoteEntry> } | { v: 2; seq: number; buckets: Map<number, string> };

const TOKEN = /^[0-9a-f]{16}$/;

/** The manifest, or null when it does not open or is malformed (tampered, or another vault's). */
export function openManifest(keys: SyncKeys, body: Uint8Array): OpenedManifest | null {
  const raw = openJson(keys.seal, body, MANIFEST_AAD) as { v?: unknown; seq?: unknown; e?: unknown; b?: unknown } | undefined;
  if (!raw || typeof raw !== 'object') return null;
  if (typeof raw.seq !== 'number' || !Number.isSafeInteger(raw.seq) || raw.seq < 1) return null;
  if (raw.v === 1) {
    const entries = new Map<string, RemoteEntry>();
    return unpackEntries(raw.e, entries) ? { v: 1, seq: raw.seq, entries } : null;
  }
  if (raw.v !== 2 || !Array.isArray(raw.b)) return null;
  const buckets = new Map<number, string>();
  for (const x of raw.b as unknown[]) {
    if (!Array.isArray(x) || x.length !== 2) return null;
    const [i, token] = x as unknown[];
    if (
      typeof i !== 'number' ||
      !Number.isInteger(i) ||
      i < 0 ||
      i >= BUCKETS ||
      typeof token !== 'string' ||
      !TOKEN.test(token) ||
      buckets.has(i)
    )
      return null;
    buckets.set(i, token);
  }
  return { v: 2, seq: raw.seq, buckets };
}

const bucketAad = (i: number, token: string) => `proffer-sync/v2|bucket|${i}|${token}`;

/** Which bucket a record's entry is in: a keyed hash (FNV-1a over the name key's first bytes and the entry key). */
export function bucketOf(keys: SyncKeys, key: string): number {
  let h = 0x811c9dc5;
  const mix = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (let i = 0; i < 8; i++) mix(keys.name[i]!);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    mix(c & 0xff);
    mix(c >>> 8);
  }
  return h % BUCKETS;
}

/** A new bucket token: 8 random bytes as hex (a new one at every write of the bucket). */
export function newBucketToken(): string {
  let hex = '';
  for (const b of randomBytes(8)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The opaque name of one written version of a bucket. */
export function bucketName(keys: SyncKeys, i: number, token: string): string {
  const mac = hmac(sha256, keys.name, enc.encode(`bucket|${i}|${token}`));
  let hex = '';
  for (const b of mac.subarray(0, 16)) hex += b.toString(16).padStart(2, '0');
  return `m/${hex}`;
}

export function sealBucket(keys: SyncKeys, i: number, token: string, entries: Iterable<RemoteEntry>): Uint8Array {
  return sealJson(keys.seal, { v: 2, i, e: packEntries(entries) }, bucketAad(i, token));
}

/** A bucket's entries, or null when it does not open as bucket `i` written with `token`, or an entry is not in bucket `i`. */
export function openBucket(keys: SyncKeys, i: number, token: string, body: Uint8Array): Map<string, RemoteEntry> | null {
  const raw = openJson(keys.seal, body, bucketAad(i, token)) as { v?: unknown; i?: unknown; e?: unknown } | undefined;
  if (!raw || typeof raw !== 'object' || raw.v !== 2 || raw.i !== i) return null;
  const entries = new Map<string, RemoteEntry>();
  if (!unpackEntries(raw.e, entries)) return null;
  for (const k of entries.keys()) if (bucketOf(keys, k) !== i) return null;
  return entries;
}
