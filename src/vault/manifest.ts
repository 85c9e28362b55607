/**
 * The vault's rollback log: one small authenticated row (`meta`, id 'manifest') that says which
 * revision of each record is the current one, without listing them.
 *
 * - Every write takes the next value of a vault-wide counter as the revision `r` of each row it
 *   seals; `r` is in the row's associated data, so it cannot be edited without the row failing to open.
 * - Per table, the manifest holds BUCKETS digests. A row (id, r) counts in bucket bucketOf(id) as
 *   tag = HMAC(manifest key, table|id|r); a bucket's digest is the XOR of the tags of its live rows.
 *   A write XORs the old row's tag out and the new one in; a delete XORs the tag out. O(1) per
 *   record written, whatever the size of the table: the manifest is rewritten whole, but it is a
 *   fixed 8 tables x 64 buckets x 32 bytes, not a list of rows.
 * - The counter and every digest are under one HMAC (the manifest key, derived from the vault key),
 *   so the manifest itself cannot be edited or assembled from pieces of older manifests.
 * - The counter is also kept outside the database (CounterStore: chrome.storage.local), so a whole
 *   database put back with its own older manifest shows as a manifest older than that counter.
 *
 * Reading a table recomputes its digests from the rows (their clear id and r; nothing is decrypted)
 * and compares them with the manifest. An older copy of a row (its r is not the current one), a
 * deleted row put back, or a row removed changes its bucket's digest. The tags are keyed: without
 * the vault key nobody can compute them, so no combination of old rows can be made to match.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { RECORD_TABLES, type RecordTable } from '../shared/records';
import { equalBytes, utf8 } from './encoding';

/** What the manifest needs of a row: its id and revision, both in the clear. */
export interface RevRow {
  id: string;
  r?: number;
}

export const BUCKETS = 64;
const TAG_BYTES = 32;

/** The manifest row as stored. */
export interface ManifestRow {
  id: 'manifest';
  counter: number;
  tables: Record<RecordTable, Uint8Array>;
  mac: Uint8Array;
}

/** An opened manifest: the counter and, per table, BUCKETS digests of TAG_BYTES each. */
export interface Manifest {
  counter: number;
  tables: Record<RecordTable, Uint8Array>;
}

/** A row's revision: rows sealed before the manifest existed have none and count as 0. */
export const revOf = (row: { r?: number }): number => row.r ?? 0;

/** Which bucket a record id counts in (FNV-1a; not secret, only spreads ids). */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/** Keyed tags of (table, id, r): one HMAC key schedule, cloned per tag. */
export type Tagger = (table: RecordTable, id: string, r: number) => Uint8Array;
export function tagger(manifestKey: Uint8Array): Tagger {
  const base = hmac.create(sha256, manifestKey);
  return (table, id, r) =>
    base
      .clone()
      .update(utf8(`proffer-rev/v1|${table}|${id}|${r}`))
      .digest();
}

export const emptyDigests = (): Uint8Array => new Uint8Array(BUCKETS * TAG_BYTES);

export function emptyManifest(counter: number): Manifest {
  return { counter, tables: Object.fromEntries(RECORD_TABLES.map((t) => [t, emptyDigests()])) as Record<RecordTable, Uint8Array> };
}

/** XORs a row's tag into (or out of: the same thing) its bucket's digest. */
export function toggle(digests: Uint8Array, tag: Tagger, table: RecordTable, row: RevRow): void {
  const at = bucketOf(row.id) * TAG_BYTES;
  const t = tag(table, row.id, revOf(row));
  for (let i = 0; i < TAG_BYTES; i++) digests[at + i]! ^= t[i]!;
}

/** The digests a table's rows add up to. */
export function digestsOf(tag: Tagger, table: RecordTable, rows: readonly RevRow[]): Uint8Array {
  const d = emptyDigests();
  for (const row of rows) toggle(d, tag, table, row);
  return d;
}

/** Buckets whose digest differs between what the rows add up to and what the manifest says. */
export function badBuckets(actual: Uint8Array, expected: Uint8Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < BUCKETS; b++) {
    const at = b * TAG_BYTES;
    if (!equalBytes(actual.subarray(at, at + TAG_BYTES), expected.subarray(at, at + TAG_BYTES))) out.push(b);
  }
  return out;
}

/**
 * In a bucket that does not add up: the one row whose tag is exactly the difference, if there is
 * one (a deleted row put back, or a row added). Otherwise the bucket cannot say which row is stale.
 */
export function extraRow(
  actual: Uint8Array,
  expected: Uint8Array,
  bucket: number,
  tag: Tagger,
  table: RecordTable,
  rows: readonly RevRow[],
): string | undefined {
  const at = bucket * TAG_BYTES;
  const diff = new Uint8Array(TAG_BYTES);
  for (let i = 0; i < TAG_BYTES; i++) diff[i] = actual[at + i]! ^ expected[at + i]!;
  return rows.find((r) => bucketOf(r.id) === bucket && equalBytes(tag(table, r.id, revOf(r)), diff))?.id;
}

function macOf(manifestKey: Uint8Array, m: Manifest): Uint8Array {
  const h = hmac.create(sha256, manifestKey);
  h.update(utf8(`proffer-manifest/v1|${m.counter}`));
  for (const t of RECORD_TABLES) {
    h.update(utf8(`|${t}|`));
    h.update(m.tables[t]);
  }
  return h.digest();
}

export function sealManifest(manifestKey: Uint8Array, m: Manifest): ManifestRow {
  return { id: 'manifest', counter: m.counter, tables: m.tables, mac: macOf(manifestKey, m) };
}

/** The manifest if the stored row is well-formed and its MAC verifies under this key; else null. */
export function openManifest(manifestKey: Uint8Array, raw: unknown): Manifest | null {
  if (!raw || typeof raw !== 'object') return null;
  const row = raw as Partial<ManifestRow>;
  if (!Number.isSafeInteger(row.counter) || (row.counter as number) < 0) return null;
  if (!(row.mac instanceof Uint8Array) || !row.tables || typeof row.tables !== 'object') return null;
  const tables = {} as Record<RecordTable, Uint8Array>;
  for (const t of RECORD_TABLES) {
    const d = (row.tables as Record<string, unknown>)[t];
    if (!(d instanceof Uint8Array) || d.length !== BUCKETS * TAG_BYTES) return null;
    tables[t] = d.slice();
  }
  const m: Manifest = { counter: row.counter as number, tables };
  return equalBytes(macOf(manifestKey, m), row.mac) ? m : null;
}

/**
 * The counter kept outside the database (chrome.storage.local in the extension), so that a whole
 * database put back, manifest and all, is caught. It only ever goes up.
 */
export interface CounterStore {
  read(): Promise<number | undefined>;
  write(n: number): Promise<void>;
  /**
   * Whether a vault lives in this profile, kept beside the counter: set when a vault is created,
   * restored or written, cleared when the person wipes it. A database without a header while this
   * says a vault lives here was lost by the browser (or deleted behind Proffer's back), not wiped.
   */
  readHeld?(): Promise<boolean>;
  writeHeld?(held: boolean): Promise<void>;
}

/** chrome.storage.local under `key`, when the extension API is there; undefined elsewhere. */
export function chromeCounterStore(key: string): CounterStore | undefined {
  const area = (globalThis as { chrome?: { storage?: { local?: chrome.storage.StorageArea } } }).chrome?.storage?.local;
  if (!area) return undefined;
  return {
    read: async () => {
      const got = (await area.get(key)) as Record<string, unknown>;
      const v = got[key];
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
    },
    write: (n) => area.set({ [key]: n }),
    readHeld: async () => ((await area.get(`${key}:held`)) as Record<string, unknown>)[`${key}:held`] === true,
    writeHeld: (held) => area.set({ [`${key}:held`]: held }),
  };
}
