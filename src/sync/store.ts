/**
 * This device's sync state, kept in the vault's database (`meta` rows whose ids start with
 * `sync:`), sealed under a key derived from the vault key: nothing of it reads without the
 * passphrase, and a wipe removes it with the vault.
 *
 * - `sync:state`: the server settings (URL, user name, app password), this device's node id and
 *   clock, the highest manifest seq seen (the rollback check), the last sync and error, and the
 *   persona conflicts, open and resolved (they sync as records of the table `sync-conflicts`).
 * - `sync:e:<table>:<id>`, one per record: the stamp of this device's version, the base (the
 *   server version last merged), whether it is a delete, and in the clear the vault row's
 *   revision it belongs to (already in the clear on that row), so that a write sync was not told
 *   about is still found.
 */
import { z } from 'zod';
import type { ProfferDb } from '../vault/db';
import { openJson, type SyncKeys, sealJson } from './format';
import { HLC_PATTERN } from './hlc';

const Stamp = z.string().regex(HLC_PATTERN);

export const SyncConfigSchema = z.object({
  url: z.string().min(1).max(2000),
  user: z.string().max(200),
  password: z.string().max(1000),
});
export type SyncConfig = z.infer<typeof SyncConfigSchema>;

export const ConflictSchema = z.object({
  id: z.string().max(80),
  table: z.string().max(40),
  recordId: z.string().max(64),
  label: z.string().max(200),
  fields: z.array(z.object({ field: z.string().max(64), kept: z.unknown().optional(), other: z.unknown().optional() })).max(100),
  at: z.number().int().nonnegative(),
  /** How it was resolved, on any device (merge.ts mergeConflict); absent while it is open. */
  resolved: z
    .array(z.object({ use: z.enum(['kept', 'other']), h: Stamp, at: z.number().int().nonnegative() }))
    .max(20)
    .optional(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

const StateSchema = z.object({
  config: SyncConfigSchema.optional(),
  node: z.string().regex(/^[0-9a-f]{8}$/),
  seq: z.number().int().nonnegative(),
  clock: Stamp.optional(),
  lastSync: z.number().int().nonnegative().optional(),
  lastError: z.object({ code: z.string().max(64), detail: z.string().max(200).optional(), at: z.number() }).optional(),
  conflicts: z.array(ConflictSchema).max(200),
  /** The passphrase wraps (ciphertext, hex) of the server's header and this vault's as last agreed (engine.ts checkHeader). */
  hdr: z.object({ server: z.string().max(200), local: z.string().max(200) }).optional(),
});
export type SyncState = z.infer<typeof StateSchema>;

const EntrySchema = z.object({ h: Stamp, b: Stamp.optional(), d: z.literal(true).optional() });
/** A record's sync entry: `r` is the vault row revision it describes (absent for a delete). */
export type Entry = z.infer<typeof EntrySchema> & { r?: number };

interface StateRow {
  id: string;
  s: Uint8Array;
}
interface EntryRow {
  id: string;
  r?: number;
  s: Uint8Array;
}

const STATE_ID = 'sync:state';
const ENTRY_PREFIX = 'sync:e:';
const stateAad = 'proffer-sync/v1|local|state';
const entryAad = (key: string) => `proffer-sync/v1|local|e|${key}`;

export class LocalStore {
  constructor(
    private readonly db: ProfferDb,
    private readonly keys: SyncKeys,
  ) {}

  private get meta() {
    return this.db.table<StateRow | EntryRow, string>('meta');
  }

  /**
   * The state; undefined when there is none; 'unreadable' when there is one this key does not open
   * (the vault key was replaced since sync was set up: recovery, or a passphrase change with a new key).
   */
  async loadState(): Promise<SyncState | undefined | 'unreadable'> {
    const row = (await this.meta.get(STATE_ID)) as StateRow | undefined;
    if (!row) return undefined;
    if (!(row.s instanceof Uint8Array)) return 'unreadable';
    const parsed = StateSchema.safeParse(openJson(this.keys.local, row.s, stateAad));
    return parsed.success ? parsed.data : 'unreadable';
  }

  async saveState(state: SyncState): Promise<void> {
    await this.meta.put({ id: STATE_ID, s: sealJson(this.keys.local, state, stateAad) });
  }

  /** Every entry that opens, by `table:id`. */
  async loadEntries(): Promise<Map<string, Entry>> {
    const rows = (await this.meta.where('id').startsWith(ENTRY_PREFIX).toArray()) as EntryRow[];
    const out = new Map<string, Entry>();
    for (const row of rows) {
      const key = row.id.slice(ENTRY_PREFIX.length);
      const parsed = EntrySchema.safeParse(openJson(this.keys.local, row.s, entryAad(key)));
      if (parsed.success) out.set(key, row.r === undefined ? parsed.data : { ...parsed.data, r: row.r });
    }
    return out;
  }

  async saveEntries(entries: [string, Entry][]): Promise<void> {
    if (entries.length === 0) return;
    const rows: EntryRow[] = entries.map(([key, e]) => {
      const sealed = { h: e.h, ...(e.b ? { b: e.b } : {}), ...(e.d ? { d: true as const } : {}) };
      return { id: `${ENTRY_PREFIX}${key}`, ...(e.r !== undefined ? { r: e.r } : {}), s: sealJson(this.keys.local, sealed, entryAad(key)) };
    });
    await this.meta.bulkPut(rows);
  }

  /** Forgets entries (tombstones the server no longer names). */
  async deleteEntries(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.meta.bulkDelete(keys.map((k) => `${ENTRY_PREFIX}${k}`));
  }

  /** Removes all of this device's sync state (sync switched off). */
  async clear(): Promise<void> {
    await this.meta.where('id').startsWith('sync:').delete();
  }
}
