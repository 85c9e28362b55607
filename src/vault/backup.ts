/**
 * The backup file: pure functions from rows to text and back. No keys are derived here; vault.ts
 * unwraps the backup's key and calls verifyBackupMac before it trusts any of it.
 *
 * ```
 * { "format": "proffer-backup", "version": 1, "createdAt": ISO-8601,
 *   "header": { kdf, wrapped keys, key check: header.ts, bytes as base64 },
 *   "tables": { "<table>": [ { id, v, n, c, bi? }, ... ], ... one entry per table },
 *   "mac": hex HMAC-SHA256 under the backup MAC key of the canonical JSON of everything else }
 * ```
 * Canonical JSON sorts object keys and keeps array order, so adding, removing or reordering a row,
 * or editing any field, changes the MAC. The records stay sealed as they are in the database.
 */
import { z } from 'zod';
import { RECORD_TABLES, type RecordOf, type RecordTable, SCHEMA_VERSION } from '../shared/records';
import { backupMac, type Subkeys } from './crypto';
import type { Row } from './db';
import { equalBytes, fromB64, toB64, toHex } from './encoding';
import { VaultError } from './errors';
import { HEADER_FORMAT, type Header, HeaderJsonSchema, headerFromJson, headerToJson } from './header';
import { ID_PATTERN, openRow } from './records-codec';

export const BACKUP_FORMAT = 'proffer-backup';
export const BACKUP_VERSION = 1;

const RowJsonSchema = z.object({
  id: z.string().regex(ID_PATTERN),
  v: z.number().int().min(1),
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

const rowToJson = (r: Row): RowJson => ({ id: r.id, v: r.v, n: toB64(r.n), c: toB64(r.c), ...(r.bi ? { bi: r.bi } : {}) });

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
        return { id: r.id, v: r.v, n: fromB64(r.n), c: fromB64(r.c), ...(r.bi ? { bi: r.bi } : {}) };
      } catch {
        throw new VaultError('errBackupAuth', `${name}/${r.id}`);
      }
    });
  }
  const { mac, ...body } = obj;
  return { header, tables, body, mac: file.mac };
}

/** Throws errBackupAuth unless the MAC matches: nothing was added, removed, reordered or edited. */
export function verifyBackupMac(parsed: ParsedBackup, macKey: Uint8Array): void {
  const expected = backupMac(macKey, canonicalJson(parsed.body));
  if (!equalBytes(expected, hexBytes(parsed.mac))) throw new VaultError('errBackupAuth');
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export type BackupRecords = { [T in RecordTable]: RecordOf<T>[] };

/**
 * Opens and validates every record of an authenticated backup, or throws for the first bad one
 * (errBackupVersion if a newer build wrote it, else errBackupAuth), naming it in `detail`.
 */
export function openBackupRecords(file: ParsedBackup, sub: Subkeys): BackupRecords {
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
