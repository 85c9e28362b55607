/**
 * Backup export and import for the Vault class (its exportBackup and importBackup delegate here),
 * and the backup file itself: pure functions from rows to text and back.
 *
 * ```
 * { "format": "proffer-backup", "version": 1, "createdAt": ISO-8601,
 *   "header": { kdf, wrapped keys, key check: header.ts, bytes as base64 },
 *   "tables": { "<table>": [ { id, v, r?, n, c, bi? }, ... ], ... one entry per table },
 *   "mac": hex HMAC-SHA256 under the backup MAC key of the canonical JSON of everything else }
 * ```
 * Canonical JSON sorts object keys and keeps array order, so adding, removing or reordering a row,
 * or editing any field, changes the MAC. The records stay sealed as they are in the database.
 */
import { z } from 'zod';
import { RECORD_TABLES, type RecordOf, type RecordTable, SCHEMA_VERSION } from '../shared/records';
import { backupMac, deriveKek, deriveSubkeys, type KdfCost, type OpenKeys, type Subkeys, unwrapKey, verifyKeyCheck, zero } from './crypto';
import type { ProfferDb, Row } from './db';
import { equalBytes, fromB64, toB64, toHex } from './encoding';
import { VaultError } from './errors';
import { HEADER_FORMAT, type Header, HeaderJsonSchema, HeaderSchema, headerFromJson, headerToJson, kdfCostAllowed } from './header';
import { digestsOf, emptyManifest, type Manifest, revOf, sealManifest, tagger, toggle } from './manifest';
import { blindIndexer, ID_PATTERN, openRow, type RecordFailure, sealRecord } from './records-codec';

const BACKUP_FORMAT = 'proffer-backup';
const BACKUP_VERSION = 1;

const RowJsonSchema = z.object({
  id: z.string().regex(ID_PATTERN),
  v: z.number().int().min(1),
  r: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  n: z.string().max(64),
  c: z.string().max(16 * 1024 * 1024),
  bi: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});
type RowJson = z.infer<typeof RowJsonSchema>;

const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string().max(40),
  header: HeaderJsonSchema,
  tables: z.record(z.string(), z.array(RowJsonSchema)),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

/** JSON with object keys sorted at every level; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const rowToJson = (r: Row): RowJson => ({
  id: r.id,
  v: r.v,
  ...(r.r ? { r: r.r } : {}),
  n: toB64(r.n),
  c: toB64(r.c),
  ...(r.bi ? { bi: r.bi } : {}),
});

export function writeBackup(header: Header, tables: Record<RecordTable, Row[]>, macKey: Uint8Array, now = new Date()): string {
  const body = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    header: headerToJson(header),
    tables: Object.fromEntries(RECORD_TABLES.map((t) => [t, tables[t].map(rowToJson)])),
  };
  const mac = toHex(backupMac(macKey, canonicalJson(body)));
  return `${JSON.stringify({ ...body, mac })}\n`;
}

export interface ParsedBackup {
  header: Header;
  tables: Partial<Record<RecordTable, Row[]>>;
  /** The parsed JSON without `mac`, exactly as read: what the MAC covers. */
  body: Record<string, unknown>;
  mac: string;
}

/**
 * Structure only: format, version, shape, sizes. Says nothing about authenticity (that needs the
 * passphrase): errBackupTruncated, errBackupFormat, errBackupVersion, or errBackupAuth for fields
 * that have the right shape but do not decode.
 */
export function readBackup(text: string): ParsedBackup {
  const trimmed = text.trim();
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    // Our files are one JSON object: one that starts but never closes was cut off.
    throw new VaultError(trimmed.startsWith('{') && !trimmed.endsWith('}') ? 'errBackupTruncated' : 'errBackupFormat');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new VaultError('errBackupFormat');
  const obj = raw as Record<string, unknown>;
  if (obj.format !== BACKUP_FORMAT) throw new VaultError('errBackupFormat');
  if (typeof obj.version !== 'number') throw new VaultError('errBackupFormat');
  if (obj.version !== BACKUP_VERSION) throw new VaultError('errBackupVersion', String(obj.version));
  const parsed = BackupSchema.safeParse(obj);
  if (!parsed.success) throw new VaultError('errBackupFormat');
  const file = parsed.data;

  if (file.header.format !== HEADER_FORMAT) throw new VaultError('errBackupVersion', 'header');
  if (file.header.kdf.alg !== 'argon2id') throw new VaultError('errBackupKdf', 'alg');
  const header = headerFromJson(file.header);
  if (!header) throw new VaultError('errBackupFormat', 'header');

  const tables: Partial<Record<RecordTable, Row[]>> = {};
  for (const [name, rows] of Object.entries(file.tables)) {
    // A table this build does not know was written by a newer one.
    if (!(RECORD_TABLES as string[]).includes(name)) throw new VaultError('errBackupVersion', name);
    const seen = new Set<string>();
    tables[name as RecordTable] = rows.map((r) => {
      if (r.v > SCHEMA_VERSION) throw new VaultError('errBackupVersion', `${name}/${r.id}`);
      if (seen.has(r.id)) throw new VaultError('errBackupAuth', `${name}/${r.id}`);
      seen.add(r.id);
      try {
        return { id: r.id, v: r.v, ...(r.r ? { r: r.r } : {}), n: fromB64(r.n), c: fromB64(r.c), ...(r.bi ? { bi: r.bi } : {}) };
      } catch {
        throw new VaultError('errBackupAuth', `${name}/${r.id}`);
      }
    });
  }
  const { mac, ...body } = obj;
  return { header, tables, body, mac: file.mac };
}

/** Throws errBackupAuth unless the MAC matches: nothing was added, removed, reordered or edited. */
function verifyBackupMac(parsed: ParsedBackup, macKey: Uint8Array): void {
  const expected = backupMac(macKey, canonicalJson(parsed.body));
  if (!equalBytes(expected, hexBytes(parsed.mac))) throw new VaultError('errBackupAuth');
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

type BackupRecords = { [T in RecordTable]: RecordOf<T>[] };

/**
 * Opens and validates every record of an authenticated backup, or throws for the first bad one
 * (errBackupVersion if a newer build wrote it, else errBackupAuth), naming it in `detail`.
 */
function openBackupRecords(file: ParsedBackup, sub: Subkeys): BackupRecords {
  const out = {} as Record<RecordTable, unknown[]>;
  for (const t of RECORD_TABLES) {
    out[t] = (file.tables[t] ?? []).map((row) => {
      const opened = openRow(sub, t, row);
      if (!opened.ok) throw new VaultError(opened.reason === 'errRecordVersion' ? 'errBackupVersion' : 'errBackupAuth', `${t}/${row.id}`);
      return opened.record;
    });
  }
  return out as BackupRecords;
}

/** What export and import need from the Vault: its database, and its open state through its own checks. */
export interface BackupHost {
  readonly db: ProfferDb;
  /** Lowers KDF_BOUNDS' floor for tests (VaultOptions.kdfFloor). */
  readonly kdfFloor: Partial<KdfCost>;
  /** The header as stored now; null when there is no vault. */
  loadHeader(): Promise<Header | null | 'corrupt'>;
  isOpen(): boolean;
  /** The open keys; throws errLocked (or errNotInitialized) when there are none. */
  requireKeys(): OpenKeys;
  /** After an await: throws errLocked unless `keys` are still the open ones. */
  stillOpen(keys: OpenKeys): void;
  /** The rows of `table` that do not open; the vault remembers them for its failure count. */
  unreadable(keys: OpenKeys, table: RecordTable, rows: Row[]): RecordFailure[];
  /** A backup was restored into the empty vault: its header and key are now the vault's. */
  restored(header: Header, vaultKey: Uint8Array, sub: Subkeys): void;
  /** These rows were just written sealed under the vault's key, so they open again. */
  rewritten(table: RecordTable, ids: string[]): void;
  /** Throws errRecordRollback unless every table checks out against the manifest (manifest.ts). */
  assertCurrent(keys: OpenKeys): Promise<void>;
  /** Inside a write transaction: the manifest, or errRecordRollback. */
  manifestIn(keys: OpenKeys): Promise<Manifest>;
  /** The counter kept outside the database (0 when there is none), and raising it after a write. */
  outsideCounter(): Promise<number>;
  bumpOutside(n: number): Promise<void>;
}

/** The whole vault as a backup file (records stay sealed). Refuses while any row is unreadable. */
export async function exportBackup(vault: BackupHost, now = new Date()): Promise<string> {
  const { db } = vault;
  const keys = vault.requireKeys();
  const { header, tables } = await db.transaction('r', db.allTables(), async () => {
    const header = await db.meta.get('header');
    const tables = {} as Record<RecordTable, Row[]>;
    for (const t of RECORD_TABLES) tables[t] = await db.rows(t).toArray();
    return { header, tables };
  });
  vault.stillOpen(keys);
  // A backup of rolled-back data would carry the rollback along: refuse, naming nothing secret.
  await vault.assertCurrent(keys);
  const parsedHeader = HeaderSchema.safeParse(header);
  if (!parsedHeader.success) throw new VaultError('errNotInitialized');
  // The header on disk must be the one our key belongs to (not replaced behind our back).
  verifyKeyCheck(keys.sub, parsedHeader.data.keyCheck, 'errSessionKey');
  const bad: string[] = [];
  for (const t of RECORD_TABLES) bad.push(...vault.unreadable(keys, t, tables[t]).map((f) => `${t}/${f.id}`));
  if (bad.length > 0) throw new VaultError('errRecordCorrupt', bad.slice(0, 20).join(' '));
  return writeBackup(parsedHeader.data, tables, keys.sub.mac, now);
}

/**
 * Imports a backup. Everything is checked first (structure, version, passphrase, MAC, every
 * record opened and validated); then one transaction writes. Into an empty vault the backup is
 * restored as it is (same key, same passphrase, same recovery code) and the vault ends unlocked;
 * into an unlocked vault its records are re-sealed under this vault's key, same ids overwriting.
 * On any error nothing has changed. Returns how many records each table received.
 */
export async function importBackup(vault: BackupHost, text: string, passphrase: string): Promise<Record<RecordTable, number>> {
  const { db } = vault;
  const existing = await vault.loadHeader();
  if (existing !== null && !vault.isOpen()) throw new VaultError('errLocked');
  const file = readBackup(text);
  // Before any derivation: a cost Proffer never writes is refused, not tried (4 GiB would hang or crash the worker).
  if (!kdfCostAllowed(file.header.kdf, vault.kdfFloor)) throw new VaultError('errBackupKdf');
  const kek = await deriveKek(passphrase, file.header.kdf);
  const backupKey = unwrapKey(kek, file.header.wrapped.passphrase, 'passphrase', 'errBackupPassphrase');
  zero(kek);
  const backupSub = deriveSubkeys(backupKey);
  verifyKeyCheck(backupSub, file.header.keyCheck, 'errBackupAuth');
  verifyBackupMac(file, backupSub.mac);
  const records = openBackupRecords(file, backupSub);
  const counts = Object.fromEntries(RECORD_TABLES.map((t) => [t, records[t].length])) as Record<RecordTable, number>;

  if (existing === null) {
    // A fresh manifest for the restored rows, its counter above every one seen (rows and outside).
    const tag = tagger(backupSub.manifest);
    const manifest = emptyManifest(await vault.outsideCounter());
    for (const t of RECORD_TABLES) {
      const rows = file.tables[t] ?? [];
      for (const row of rows) manifest.counter = Math.max(manifest.counter, revOf(row));
      manifest.tables[t] = digestsOf(tag, t, rows);
    }
    manifest.counter += 1;
    await db.transaction('rw', db.allTables(), async () => {
      if (await db.meta.get('header')) throw new VaultError('errAlreadyInitialized');
      for (const t of RECORD_TABLES) {
        await db.rows(t).clear();
        await db.rows(t).bulkPut(file.tables[t] ?? []);
      }
      await db.meta.put(file.header);
      await db.meta.put(sealManifest(backupSub.manifest, manifest));
    });
    vault.restored(file.header, backupKey, backupSub);
    await vault.bumpOutside(manifest.counter);
    return counts;
  }

  const keys = vault.requireKeys();
  const bi = blindIndexer(keys.sub.blind);
  const tag = tagger(keys.sub.manifest);
  zero(backupKey, backupSub.record, backupSub.blind, backupSub.mac, backupSub.manifest);
  await vault.assertCurrent(keys);
  const written = {} as Record<RecordTable, Row[]>;
  const counter = await db.transaction('rw', db.allTables(), async () => {
    const current = HeaderSchema.safeParse(await db.meta.get('header'));
    vault.stillOpen(keys);
    if (!current.success) throw new VaultError('errNotInitialized');
    verifyKeyCheck(keys.sub, current.data.keyCheck, 'errSessionKey');
    const m = await vault.manifestIn(keys);
    for (const t of RECORD_TABLES) {
      // A merge never puts an older copy over a newer one: a record this vault changed after the
      // backup was made stays as it is. An unreadable row is replaced (import is how it is repaired).
      const existing = await db.rows(t).bulkGet(records[t].map((r) => r.id));
      const rows: Row[] = [];
      records[t].forEach((record, i) => {
        const row = existing[i];
        if (row) {
          const opened = openRow(keys.sub, t, row);
          if (opened.ok && lastChange(opened.record) > lastChange(record)) return;
          toggle(m.tables[t], tag, t, row);
        }
        const sealed = sealRecord(keys.sub, t, record, bi, ++m.counter);
        toggle(m.tables[t], tag, t, sealed);
        rows.push(sealed);
      });
      counts[t] = rows.length;
      written[t] = rows;
      await db.rows(t).bulkPut(rows);
    }
    await db.meta.put(sealManifest(keys.sub.manifest, m));
    return m.counter;
  });
  await vault.bumpOutside(counter);
  for (const t of RECORD_TABLES)
    vault.rewritten(
      t,
      written[t].map((r) => r.id),
    );
  return counts;
}

/** When a record last changed, by what it carries: for a merge to tell the newer of two copies. */
export function lastChange(record: object): number {
  const r = record as Record<string, unknown>;
  const times: number[] = [];
  for (const key of ['updatedAt', 'createdAt', 'at', 'addedAt', 'receivedAt']) if (typeof r[key] === 'number') times.push(r[key] as number);
  // Intents change through their deliveries, requests through their history.
  for (const list of [r.deliveries, r.history])
    if (Array.isArray(list))
      for (const x of list as Record<string, unknown>[])
        for (const key of ['updatedAt', 'at']) if (typeof x[key] === 'number') times.push(x[key] as number);
  return times.length > 0 ? Math.max(...times) : 0;
}
