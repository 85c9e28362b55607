/**
 * Records <-> sealed rows. A record is validated with its zod schema, serialized as JSON, sealed
 * under the record key with associated data `proffer/v1|table|id|version`, and stored with a blind
 * index of its site where the table has one. Opening reverses this and reports, rather than throws,
 * why a row cannot be read, so a list can name every bad row and still show the good ones.
 */
import type { z } from 'zod';
import { RECORD_SCHEMAS, type RecordOf, type RecordTable, SCHEMA_VERSION, SITE_INDEXED } from '../shared/records';
import { blindIndex, open, recordAad, type Subkeys, seal } from './crypto';
import type { Row } from './db';
import { fromUtf8, utf8 } from './encoding';
import { VaultError } from './errors';
import { normalizeSite } from './site';

/** What put accepts: the schema's input, so fields with defaults may be left out. */
export type RecordInput<T extends RecordTable> = z.input<(typeof RECORD_SCHEMAS)[T]>;

/** Why a stored row could not be read, or (errRecordRollback) is not the current copy. Each is an i18n key. */
export type FailureReason = 'errRecordCorrupt' | 'errRecordInvalid' | 'errRecordVersion' | 'errRecordRollback';
export interface RecordFailure {
  table: RecordTable;
  id: string;
  reason: FailureReason;
}

/**
 * Upgrades of sealed records, by table: `RECORD_UPGRADES.shares[1]` turns a version-1 share into a
 * version-2 one. Empty while SCHEMA_VERSION is 1. When records.ts bumps SCHEMA_VERSION, add a step
 * for every table whose shape changed, and a seed in test/unit/migrations.test.ts.
 */
export const RECORD_UPGRADES: Partial<Record<RecordTable, Record<number, (old: unknown) => unknown>>> = {};

/**
 * Ids are stored in the clear, so they must carry no meaning: use newId(). This pattern refuses
 * the likely mistakes (an origin, an e-mail address, a name with spaces) without guessing more.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A fresh random record id (122 random bits). */
export const newId = (): string => crypto.randomUUID();

export function validateRecord<T extends RecordTable>(table: T, record: unknown): RecordOf<T> {
  const parsed = RECORD_SCHEMAS[table].safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    // Our schemas' messages are i18n keys; zod's own messages never contain the value, but keep to keys.
    const key = issue && /^err[A-Z]\w*$/.test(issue.message) ? `:${issue.message}` : '';
    throw new VaultError('errInvalidRecord', `${table}.${path}${key}`);
  }
  const data = parsed.data as RecordOf<T>;
  if (!ID_PATTERN.test(data.id)) throw new VaultError('errInvalidId', table);
  return data;
}

/** The site a record is looked up by, for SITE_INDEXED tables. */
function siteOf<T extends RecordTable>(table: T, record: RecordOf<T>): string | undefined {
  const get = SITE_INDEXED[table] as ((r: RecordOf<T>) => string) | undefined;
  return get?.(record);
}

/** Blind index by site, memoized: a ledger of 100,000 entries names a few hundred sites. */
export type BlindIndexer = (site: string) => string;
export function blindIndexer(blindKey: Uint8Array): BlindIndexer {
  const memo = new Map<string, string>();
  return (site) => {
    let bi = memo.get(site);
    if (bi === undefined) {
      bi = blindIndex(blindKey, site);
      if (memo.size < 10_000) memo.set(site, bi);
    }
    return bi;
  };
}

/** Seals an already validated record under the current schema version, as revision `revision` (manifest.ts). */
export function sealRecord<T extends RecordTable>(
  keys: Subkeys,
  table: T,
  record: RecordOf<T>,
  bi: BlindIndexer = blindIndexer(keys.blind),
  revision = 0,
): Row {
  const { n, c } = seal(keys.record, utf8(JSON.stringify(record)), recordAad(table, record.id, SCHEMA_VERSION, revision));
  const row: Row = { id: record.id, v: SCHEMA_VERSION, ...(revision > 0 ? { r: revision } : {}), n, c };
  const site = siteOf(table, record);
  if (site !== undefined) row.bi = bi(site);
  return row;
}

export type Opened<T extends RecordTable> = { ok: true; record: RecordOf<T> } | { ok: false; reason: FailureReason };

export function openRow<T extends RecordTable>(keys: Subkeys, table: T, row: Row): Opened<T> {
  if (!Number.isInteger(row.v) || row.v < 1) return { ok: false, reason: 'errRecordCorrupt' };
  if (row.v > SCHEMA_VERSION) return { ok: false, reason: 'errRecordVersion' };
  if (row.r !== undefined && (!Number.isSafeInteger(row.r) || row.r < 1)) return { ok: false, reason: 'errRecordCorrupt' };
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(open(keys.record, row, recordAad(table, row.id, row.v, row.r ?? 0))));
  } catch {
    return { ok: false, reason: 'errRecordCorrupt' };
  }
  try {
    for (let v = row.v; v < SCHEMA_VERSION; v++) {
      const step = RECORD_UPGRADES[table]?.[v];
      if (step) value = step(value);
    }
  } catch {
    return { ok: false, reason: 'errRecordInvalid' };
  }
  const parsed = RECORD_SCHEMAS[table].safeParse(value);
  if (!parsed.success || (parsed.data as { id: string }).id !== row.id) return { ok: false, reason: 'errRecordInvalid' };
  return { ok: true, record: parsed.data as RecordOf<T> };
}

/** Whether an opened record really is about `site` (guards the truncated blind index). */
export function isForSite<T extends RecordTable>(table: T, record: RecordOf<T>, site: string): boolean {
  const own = siteOf(table, record);
  return own !== undefined && normalizeSite(own) === normalizeSite(site);
}
