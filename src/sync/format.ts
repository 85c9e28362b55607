/**
 * What goes to the server, sealed. Keys come from the vault's sync key (Vault.syncKey, an HKDF
 * subkey of the vault key): one seals, one names objects.
 *
 * - An object per record version: `o/<name>`, name = HMAC(name key, table|id|stamp) as 32 hex
 *   digits (the server learns neither the table, the id nor the time), body = 24-byte nonce ||
 *   XChaCha20-Poly1305 ciphertext of the record's JSON, associated data `proffer-sync/v1|obj|table|id|stamp`:
 *   an object copied to another name, or an older version put in place of the current one, does not open.
 * - The manifest `manifest`: nonce || ciphertext of `{v, seq, e: [[table, id, stamp, deleted?], ...]}`,
 *   associated data `proffer-sync/v1|manifest`. `seq` goes up with every write of the manifest; a
 *   device that saw seq n refuses a manifest below n (a rolled-back server copy).
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
}

export const entryKey = (table: string, id: string): string => `${table}:${id}`;

export function sealManifest(keys: SyncKeys, m: RemoteManifest): Uint8Array {
  const e = [...m.entries.values()].map((x) => (x.d ? [x.t, x.id, x.h, 1] : [x.t, x.id, x.h]));
  return sealJson(keys.seal, { v: 1, seq: m.seq, e }, MANIFEST_AAD);
}

/** The manifest, or null when it does not open or is malformed (tampered, or another vault's). */
export function openManifest(keys: SyncKeys, body: Uint8Array): RemoteManifest | null {
  const raw = openJson(keys.seal, body, MANIFEST_AAD) as { v?: unknown; seq?: unknown; e?: unknown } | undefined;
  // Checked by hand, not with zod: a manifest lists every record (10,000 entries are 0.8 MB), and
  // a schema per entry cost half a second there.
  if (!raw || typeof raw !== 'object' || raw.v !== 1) return null;
  if (typeof raw.seq !== 'number' || !Number.isSafeInteger(raw.seq) || raw.seq < 1 || !Array.isArray(raw.e)) return null;
  const entries = new Map<string, RemoteEntry>();
  for (const x of raw.e as unknown[]) {
    if (!Array.isArray(x) || x.length < 3 || x.length > 4) return null;
    const [t, id, h, d] = x as unknown[];
    if (typeof t !== 'string' || t.length > 40 || typeof id !== 'string' || id.length > 64 || typeof h !== 'string' || !HLC_PATTERN.test(h))
      return null;
    if (d !== undefined && d !== 1) return null;
    entries.set(entryKey(t, id), d ? { t, id, h, d: true } : { t, id, h });
  }
  return { seq: raw.seq, entries };
}
