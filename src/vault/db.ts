/**
 * The vault's IndexedDB schema, in one place. Nothing personal is stored in the clear:
 *
 * - `meta`: `{id:'header'}` (KDF parameters, salts, wrapped keys, key check: see header.ts) and
 *   `{id:'settings', autoLockMinutes}` (not personal, readable while locked);
 * - one table per record kind (RECORD_TABLES), each row a `Row`: random id, schema version,
 *   revision, nonce, ciphertext, and for site-indexed tables a keyed blind index `bi` of the site;
 * - `{id:'manifest'}`: the rollback manifest (manifest.ts).
 *
 * Two kinds of change, two mechanisms:
 * - The shape of the database (a new table, a new index) is a Dexie version, appended to
 *   DB_VERSIONS below and never edited once released. Dexie upgrades run before the vault is
 *   unlocked, so an upgrade function can move rows and indexes but cannot read what is inside them.
 * - The shape of a record (its zod schema) is the row's `v`: records are opened with the `v` they were
 *   sealed under and upgraded in memory (records-codec.ts, RECORD_UPGRADES), then written back
 *   under the current version on their next put. No bulk re-encryption, no window where half the
 *   rows are in one format.
 * test/unit/migrations.test.ts seeds every released version with the data that version wrote and
 * opens it with the current code; every new version adds its seed there.
 */
import Dexie, { type Table } from 'dexie';
import { RECORD_TABLES, type RecordTable } from '../shared/records';
import type { ManifestRow } from './manifest';

/** A sealed record as stored. Only `id` (random) and `bi` (keyed hash) are indexed. */
export interface Row {
  id: string;
  /** Schema version of the sealed record (records.ts SCHEMA_VERSION at the time of sealing). */
  v: number;
  /** Revision: the vault's write counter when sealed, in the associated data (manifest.ts). Absent in rows sealed before it existed. */
  r?: number;
  n: Uint8Array;
  c: Uint8Array;
  bi?: string;
}

export interface SettingsRow {
  id: 'settings';
  autoLockMinutes: number;
}

/** `meta` holds the header (see header.ts, validated where it is read), the settings and the manifest (manifest.ts). */
export type MetaRow = { id: 'header' } & Record<string, unknown>;

export interface DbVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: import('dexie').Transaction) => Promise<void>;
}

/** Append-only. Released versions are frozen; test/unit/migrations.test.ts holds their snapshots. */
export const DB_VERSIONS: readonly DbVersion[] = [
  {
    version: 1,
    stores: {
      meta: 'id',
      personas: 'id',
      terms: 'id',
      shares: 'id, bi',
      brands: 'id, bi',
      intents: 'id',
      offers: 'id',
      requests: 'id, bi',
      sites: 'id, bi',
    },
  },
  // MyTerms agreement records (issue 14), looked up by site.
  { version: 2, stores: { agreements: 'id, bi' } },
];

const DB_NAME = 'proffer';

export class ProfferDb extends Dexie {
  meta!: Table<MetaRow | SettingsRow | ManifestRow, string>;

  constructor(name: string = DB_NAME) {
    // 'strict': a transaction the UI reports as done has reached the disk (Chrome's default,
    // 'relaxed', only hands it to the operating system). The vault is small and written on the
    // person's actions, so the flush costs little; a lost confirmed change costs much more.
    super(name, { chromeTransactionDurability: 'strict' });
    for (const v of DB_VERSIONS) {
      const version = this.version(v.version).stores(v.stores);
      if (v.upgrade) version.upgrade(v.upgrade);
    }
  }

  /** The table of sealed rows for one record kind. */
  rows(table: RecordTable): Table<Row, string> {
    return this.table(table);
  }

  /** The header and settings table and every record table: the scope of an all-or-nothing write. */
  allTables(): Table[] {
    return [this.meta, ...RECORD_TABLES.map((t) => this.rows(t))];
  }
}
