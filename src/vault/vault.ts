/**
 * The vault: one per service worker, the only code that holds the vault key and opens records.
 *
 * Rules kept throughout:
 * - Key derivation (the slow, async Argon2id) always runs before a Dexie transaction starts, never
 *   inside one: IndexedDB commits a transaction that waits on anything else.
 * - Writes that must not half-happen (create, header changes, putMany, import, wipe) are one
 *   transaction. Import checks the whole file before that transaction starts.
 * - A row that cannot be opened is reported by id (list's `failures`, get's error), never dropped,
 *   and put refuses to overwrite it: only delete removes it.
 * - After every await, an operation checks that the vault was not locked meanwhile before it uses
 *   a key, so lock() can zero the keys at any time.
 * - Every write seals its rows as the next revisions of the vault's counter and updates the
 *   rollback manifest in the same transaction (manifest.ts); reads report rows that are not the
 *   current copy as errRecordRollback. Rotation (recovery, or changePassphrase with rotate)
 *   re-seals everything under a new key in one transaction.
 */

import { z } from 'zod';
import { floorWarnings } from '../shared/passphrase-floor';
import { RECORD_TABLES, type RecordOf, type RecordTable, SITE_INDEXED } from '../shared/records';
import { type BackupHost, exportBackup, importBackup } from './backup';
import {
  blindIndex,
  DEFAULT_KDF,
  deriveKek,
  deriveSubkeys,
  type KdfCost,
  KEY_BYTES,
  makeKeyCheck,
  newRecoveryWrap,
  newVaultKey,
  type OpenKeys,
  parseRecoveryCode,
  purposeKey,
  recoveryKek,
  type Subkeys,
  unwrapKey,
  verifyKeyCheck,
  wrapKey,
  zero,
} from './crypto';
import { ProfferDb, type Row, type SettingsRow } from './db';
import { equalBytes } from './encoding';
import { VaultError } from './errors';
import { HEADER_FORMAT, type Header, HeaderSchema, kdfCostAllowed, kdfParamsFor } from './header';
import {
  badBuckets,
  bucketOf,
  type CounterStore,
  chromeCounterStore,
  digestsOf,
  emptyManifest,
  extraRow,
  type Manifest,
  openManifest,
  revOf,
  sealManifest,
  tagger,
  toggle,
} from './manifest';
import { blindIndexer, isForSite, openRow, type RecordFailure, type RecordInput, sealRecord, validateRecord } from './records-codec';

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

export interface VaultOptions {
  /** IndexedDB database name; tests use their own. */
  name?: string;
  /** Argon2id cost for new wraps. Unlock raises a vault's stored cost to this when it is lower. */
  kdf?: Partial<KdfCost>;
  /**
   * Lowest KDF cost accepted from a header or a backup: header.ts KDF_BOUNDS (19 MiB, t=1), lowered
   * to `kdf` where that is lower (unit tests run at m=64). The product sets neither.
   */
  kdfFloor?: Partial<KdfCost>;
  /**
   * Where the vault's write counter is also kept, outside the database, so that a whole database
   * put back is caught (manifest.ts). Default: chrome.storage.local when there is one; null: none.
   */
  counter?: CounterStore | null;
}

/**
 * What a committed write changed, for a listener such as sync (src/sync): the ids written with the
 * revisions they were sealed as, and the ids deleted. `origin` is what the writer passed (sync marks
 * its own writes, so it can tell them from the person's).
 */
export interface VaultChange {
  table: RecordTable;
  put: { id: string; r: number }[];
  deleted: string[];
  origin?: string;
  /** The vault's write counter after this write (manifest.ts): a listener can tell that writes happened it was not told about. */
  counter: number;
}

/** Options of a write: who wrote it, handed on to the change listener. */
export interface WriteOptions {
  origin?: string;
}

export interface CreateOptions {
  /** Overrides the cost for this vault only (tests use small values). */
  kdf?: Partial<KdfCost>;
}

export interface ListResult<T extends RecordTable> {
  records: RecordOf<T>[];
  failures: RecordFailure[];
}

const SettingsSchema = z.object({
  autoLockMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
export type Settings = z.infer<typeof SettingsSchema>;
const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ autoLockMinutes: 15 });

export class Vault {
  readonly db: ProfferDb;
  private readonly kdfCost: KdfCost;
  private readonly kdfFloor: Partial<KdfCost>;
  /** undefined: not read yet; null: no vault; 'corrupt': a header row that fails its schema. */
  private header: Header | null | 'corrupt' | undefined = undefined;
  private keys: OpenKeys | null = null;
  private readonly failures = new Map<string, RecordFailure>();
  /** The counter kept outside the database (manifest.ts); undefined where there is no such store. */
  private readonly counter: CounterStore | undefined;
  private outsideChain: Promise<void> = Promise.resolve();
  /** Whether this run already noted outside the database that a vault lives here. */
  private heldNoted = false;
  /** The keys the manifest was last checked for (ready()); null: not checked since they were set. */
  private checkedFor: OpenKeys | null = null;
  /** The whole vault is rolled back (manifest forged, missing or older than the outside counter). */
  private vaultRollback = false;
  /** Per table checked against the manifest since unlock: the ids reported as rolled back. */
  private readonly verified = new Map<RecordTable, Set<string>>();
  /** Table checks under way, so that concurrent reads wait for one check instead of each reading the table. */
  private readonly verifying = new Map<RecordTable, Promise<Set<string>>>();
  /** Called after every committed put or delete (not awaited; a listener that throws changes nothing here). */
  onChange: ((change: VaultChange) => void) | null = null;

  constructor(opts: VaultOptions = {}) {
    this.db = new ProfferDb(opts.name);
    this.kdfCost = { ...DEFAULT_KDF, ...opts.kdf };
    this.kdfFloor = { m: this.kdfCost.m, t: this.kdfCost.t, ...opts.kdfFloor };
    this.counter = opts.counter === undefined ? chromeCounterStore(`vaultCounter:${this.db.name}`) : (opts.counter ?? undefined);
  }

  // -- state -------------------------------------------------------------------------------------

  /** Reads the header. Call once at start-up; every other method also reads it when needed. */
  async init(): Promise<VaultState> {
    await this.loadHeader();
    return this.state();
  }

  /** Before init() has read the header this says 'locked': the safe answer (never offers "create"). */
  state(): VaultState {
    if (this.keys) return 'unlocked';
    return this.header === null ? 'uninitialized' : 'locked';
  }

  /** How many unreadable rows the last reads found (list, get, export), for the status line. */
  knownFailures(): number {
    return this.failures.size + (this.vaultRollback && this.failures.size === 0 ? 1 : 0);
  }

  // -- lifecycle ---------------------------------------------------------------------------------

  async create(passphrase: string, opts: CreateOptions = {}): Promise<{ recoveryCode: string }> {
    if ((await this.loadHeader()) !== null) throw new VaultError('errAlreadyInitialized');
    if (floorWarnings(passphrase).length > 0) throw new VaultError('errWeakPassphrase');
    const kdf = kdfParamsFor({ ...this.kdfCost, ...opts.kdf });
    const kek = await deriveKek(passphrase, kdf);
    const vaultKey = newVaultKey();
    const sub = deriveSubkeys(vaultKey);
    const recovery = newRecoveryWrap(vaultKey);
    const header: Header = {
      id: 'header',
      format: HEADER_FORMAT,
      kdf,
      wrapped: { passphrase: wrapKey(kek, vaultKey, 'passphrase'), recovery: recovery.wrapped },
      keyCheck: makeKeyCheck(sub),
      createdAt: Date.now(),
    };
    zero(kek);
    // The counter starts above any counter an earlier vault left outside the database.
    const manifest = sealManifest(sub.manifest, emptyManifest(((await this.counter?.read()) ?? 0) + 1));
    // A new vault starts empty: rows left without a header could never be opened again.
    await this.db.transaction('rw', this.db.allTables(), async () => {
      if (await this.db.meta.get('header')) throw new VaultError('errAlreadyInitialized');
      await Promise.all(RECORD_TABLES.map((t) => this.db.rows(t).clear()));
      await this.db.meta.put(header);
      await this.db.meta.put(manifest);
    });
    this.header = header;
    this.setKeys(vaultKey, sub);
    await this.bumpOutside(manifest.counter, true);
    return { recoveryCode: recovery.code };
  }

  async unlock(passphrase: string): Promise<void> {
    const header = this.boundedKdf(await this.requireHeader());
    const kek = await deriveKek(passphrase, header.kdf);
    const vaultKey = unwrapKey(kek, header.wrapped.passphrase, 'passphrase', 'errWrongPassphrase');
    zero(kek);
    const sub = deriveSubkeys(vaultKey);
    verifyKeyCheck(sub, header.keyCheck, 'errRecordCorrupt');
    this.setKeys(vaultKey, sub);
    // A copy: lock() may zero the open key while the slower re-wrap is still deriving.
    await this.raiseKdfCost(header, passphrase, vaultKey.slice());
    // The rollback check of the whole vault (manifest vs the outside counter) runs at unlock.
    if (this.keys) await this.ready(this.keys);
    await this.noteHeld();
  }

  /**
   * Opens with the recovery code, sets a new passphrase and always rotates the vault key: every
   * record is re-sealed under a new key and a new recovery code is issued, so the old code (or an
   * old header with an old passphrase) opens nothing any more. Ends unlocked.
   */
  async unlockWithRecovery(code: string, newPassphrase: string): Promise<{ recoveryCode: string }> {
    const header = this.boundedKdf(await this.requireHeader());
    if (floorWarnings(newPassphrase).length > 0) throw new VaultError('errWeakPassphrase');
    const codeBytes = parseRecoveryCode(code);
    const rkek = recoveryKek(codeBytes, header.wrapped.recovery.salt);
    const vaultKey = unwrapKey(rkek, header.wrapped.recovery, 'recovery', 'errWrongRecoveryCode');
    zero(rkek, codeBytes);
    const sub = deriveSubkeys(vaultKey);
    verifyKeyCheck(sub, header.keyCheck, 'errRecordCorrupt');
    const kdf = kdfParamsFor(this.raisedCost(header.kdf));
    const kek = await deriveKek(newPassphrase, kdf);
    const rotated = await this.rotate(header, { vaultKey, sub }, kdf, kek);
    zero(kek, vaultKey, sub.record, sub.blind, sub.mac, sub.manifest);
    this.setKeys(rotated.vaultKey, rotated.sub);
    if (this.keys) await this.ready(this.keys);
    return { recoveryCode: rotated.recoveryCode };
  }

  /**
   * Re-wraps the vault key under the new passphrase; no record changes and the recovery code stays
   * valid. With `rotate`, a real key rotation instead: a new vault key, every record re-sealed under
   * it in one transaction, and a new recovery code (returned; the old one stops working), so an old
   * header opens nothing with the old passphrase. The vault stays locked or unlocked as it was.
   */
  async changePassphrase(current: string, next: string, opts: { rotate?: boolean } = {}): Promise<{ recoveryCode?: string }> {
    const header = this.boundedKdf(await this.requireHeader());
    if (floorWarnings(next).length > 0) throw new VaultError('errWeakPassphrase');
    const kek = await deriveKek(current, header.kdf);
    const vaultKey = unwrapKey(kek, header.wrapped.passphrase, 'passphrase', 'errWrongPassphrase');
    zero(kek);
    const kdf = kdfParamsFor(this.raisedCost(header.kdf));
    const nextKek = await deriveKek(next, kdf);
    if (opts.rotate) {
      const sub = deriveSubkeys(vaultKey);
      verifyKeyCheck(sub, header.keyCheck, 'errRecordCorrupt');
      const wasOpen = this.keys !== null;
      const rotated = await this.rotate(header, { vaultKey, sub }, kdf, nextKek);
      zero(nextKek, vaultKey, sub.record, sub.blind, sub.mac, sub.manifest);
      if (wasOpen) this.setKeys(rotated.vaultKey, rotated.sub);
      else {
        this.lock();
        zero(rotated.vaultKey, rotated.sub.record, rotated.sub.blind, rotated.sub.mac, rotated.sub.manifest);
      }
      return { recoveryCode: rotated.recoveryCode };
    }
    const updated: Header = { ...header, kdf, wrapped: { ...header.wrapped, passphrase: wrapKey(nextKek, vaultKey, 'passphrase') } };
    zero(nextKek, vaultKey);
    await this.replaceHeader(header, updated);
    return {};
  }

  /**
   * Takes the passphrase wrap of another header of this same vault key (sync: the passphrase was
   * changed on another device): only if `passphrase` opens it to this vault's key (key check).
   * The recovery wrap and key check stay this vault's own. The vault must be unlocked.
   */
  async adoptPassphraseWrap(passphrase: string, other: Header): Promise<void> {
    if (!this.keys) throw new VaultError('errLocked');
    const header = await this.requireHeader();
    if (!equalBytes(other.keyCheck.c, header.keyCheck.c)) throw new VaultError('errRecordCorrupt');
    if (!kdfCostAllowed(other.kdf, this.kdfFloor)) throw new VaultError('errVaultKdf');
    const kek = await deriveKek(passphrase, other.kdf);
    const key = unwrapKey(kek, other.wrapped.passphrase, 'passphrase', 'errWrongPassphrase');
    zero(kek);
    const sub = deriveSubkeys(key);
    try {
      verifyKeyCheck(sub, header.keyCheck, 'errWrongPassphrase');
    } finally {
      zero(key, sub.record, sub.blind, sub.mac, sub.manifest);
    }
    await this.replaceHeader(header, { ...header, kdf: other.kdf, wrapped: { ...header.wrapped, passphrase: other.wrapped.passphrase } });
  }

  /**
   * Key rotation: a new vault key wrapped under `kek` (already derived, outside the transaction)
   * and a new recovery code; in ONE transaction, every row that opens under `old` is re-sealed under
   * the new key (new blind index too) and the header is replaced, or nothing changes. A row that
   * does not open under the old key cannot be re-sealed: it is left as it is and stays reported.
   */
  private async rotate(expected: Header, old: OpenKeys, kdf: Header['kdf'], kek: Uint8Array): Promise<OpenKeys & { recoveryCode: string }> {
    const vaultKey = newVaultKey();
    const sub = deriveSubkeys(vaultKey);
    const recovery = newRecoveryWrap(vaultKey);
    const nextHeader: Header = {
      ...expected,
      kdf,
      wrapped: { passphrase: wrapKey(kek, vaultKey, 'passphrase'), recovery: recovery.wrapped },
      keyCheck: makeKeyCheck(sub),
    };
    const bi = blindIndexer(sub.blind);
    const oldTag = tagger(old.sub.manifest);
    const newTag = tagger(sub.manifest);
    const outside = await this.counter?.read();
    let counter = 0;
    try {
      counter = await this.db.transaction('rw', this.db.allTables(), async () => {
        this.assertHeaderIs(HeaderSchema.safeParse(await this.db.meta.get('header')), expected);
        // Rotation must not launder a rollback into a fresh manifest: the vault must check out first.
        const raw = await this.db.meta.get('manifest');
        const m = raw === undefined ? null : openManifest(old.sub.manifest, raw);
        const legacy = raw === undefined && outside === undefined;
        if ((m === null && !legacy) || (m !== null && outside !== undefined && m.counter < outside))
          throw new VaultError('errRecordRollback', 'vault');
        const next = emptyManifest(Math.max(m?.counter ?? 0, outside ?? 0));
        for (const table of RECORD_TABLES) {
          const t = this.db.rows(table);
          const rows = await t.toArray();
          if (legacy ? rows.some((r) => revOf(r) > 0) : badBuckets(digestsOf(oldTag, table, rows), m!.tables[table]).length > 0)
            throw new VaultError('errRecordRollback', table);
          const resealed: Row[] = [];
          for (const row of rows) {
            const opened = openRow(old.sub, table, row);
            // A row that does not open under the old key cannot be re-sealed: it stays, still reported.
            const now = opened.ok ? sealRecord(sub, table, opened.record, bi, ++next.counter) : row;
            if (opened.ok) resealed.push(now);
            toggle(next.tables[table], newTag, table, now);
          }
          await t.bulkPut(resealed);
        }
        next.counter += 1;
        await this.db.meta.put(sealManifest(sub.manifest, next));
        await this.db.meta.put(nextHeader);
        return next.counter;
      });
    } catch (e) {
      zero(vaultKey, sub.record, sub.blind, sub.mac, sub.manifest);
      throw e;
    }
    this.resetChecks();
    await this.bumpOutside(counter);
    this.header = nextHeader;
    return { vaultKey, sub, recoveryCode: recovery.code };
  }

  lock(): void {
    if (this.keys) zero(this.keys.vaultKey, this.keys.sub.record, this.keys.sub.blind, this.keys.sub.mac, this.keys.sub.manifest);
    this.keys = null;
    this.failures.clear();
    this.resetChecks();
  }

  /** The vault key, for the background to keep in storage.session across service-worker restarts. */
  exportSessionKey(): Uint8Array {
    return this.requireKeys().vaultKey.slice();
  }

  /** Reopens with a key from exportSessionKey(); the header's key check proves it is this vault's key. */
  async restoreSessionKey(bytes: Uint8Array): Promise<void> {
    const header = await this.requireHeader();
    if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_BYTES) throw new VaultError('errSessionKey');
    const vaultKey = bytes.slice();
    const sub = deriveSubkeys(vaultKey);
    verifyKeyCheck(sub, header.keyCheck, 'errSessionKey');
    this.setKeys(vaultKey, sub);
    if (this.keys) await this.ready(this.keys);
  }

  /** Deletes every record, key, header and setting in one transaction, leaving 'uninitialized'. */
  async wipe(): Promise<void> {
    this.lock();
    await this.db.transaction('rw', this.db.allTables(), async () => {
      await Promise.all(this.db.allTables().map((t) => t.clear()));
    });
    // The counter outside the database stays: the next vault's starts above it.
    this.header = null;
    const store = this.counter;
    this.outsideChain = this.outsideChain.then(async () => {
      await store?.writeHeld?.(false);
      this.heldNoted = false;
    });
    await this.outsideChain;
  }

  // -- records -----------------------------------------------------------------------------------

  /** Validates with the table's schema, seals, and stores; returns the record as stored (defaults applied). */
  async put<T extends RecordTable>(table: T, record: RecordInput<T>): Promise<RecordOf<T>> {
    await this.putMany(table, [record]);
    return validateRecord(table, record);
  }

  /**
   * Many records in one transaction (the ledger can hold 100,000 entries). Validation happens
   * before the transaction; if any record is invalid, or would overwrite an unreadable or
   * rolled-back row, nothing is written. Each row is sealed as the next revision of the vault's
   * counter, and the manifest is updated in the same transaction (manifest.ts).
   */
  async putMany<T extends RecordTable>(table: T, records: readonly RecordInput<T>[], opts: WriteOptions = {}): Promise<number> {
    const keys = this.requireKeys();
    const valid = records.map((r) => validateRecord(table, r));
    await this.verifiedTable(keys, table);
    const bi = blindIndexer(keys.sub.blind);
    const tag = tagger(keys.sub.manifest);
    let written: { id: string; r: number }[] = [];
    const counter = await this.db.transaction('rw', [this.db.meta, this.db.rows(table)], async () => {
      const m = await this.manifestIn(keys);
      const t = this.db.rows(table);
      let ids = valid.map((r) => r.id);
      // For big batches, one pass over the keys is far cheaper than a lookup per id.
      if (ids.length > 64) {
        const present = new Set(await t.toCollection().primaryKeys());
        ids = ids.filter((id) => present.has(id));
      }
      const olds = (await t.bulkGet(ids)).filter((o): o is Row => o !== undefined);
      for (const old of olds) this.assertReadable(keys, table, old);
      for (const old of olds) toggle(m.tables[table], tag, table, old);
      const rows = valid.map((r, i) => sealRecord(keys.sub, table, r, bi, m.counter + 1 + i));
      for (const row of rows) toggle(m.tables[table], tag, table, row);
      m.counter += rows.length;
      await t.bulkPut(rows);
      await this.db.meta.put(sealManifest(keys.sub.manifest, m));
      written = rows.map((r) => ({ id: r.id, r: revOf(r) }));
      return m.counter;
    });
    await this.bumpOutside(counter);
    this.changed({ table, put: written, deleted: [], origin: opts.origin, counter });
    return valid.length;
  }

  /** The record, undefined if there is none, or a VaultError naming why the row cannot be read. */
  async get<T extends RecordTable>(table: T, id: string): Promise<RecordOf<T> | undefined> {
    const keys = this.requireKeys();
    const flagged = await this.verifiedTable(keys, table);
    const row = await this.db.rows(table).get(id);
    if (!row) return undefined;
    this.stillOpen(keys);
    const direct = openRow(keys.sub, table, row);
    const opened = direct.ok && flagged.has(id) ? ({ ok: false, reason: 'errRecordRollback' } as const) : direct;
    if (opened.ok) return opened.record;
    this.failures.set(`${table}/${id}`, { table, id, reason: opened.reason });
    throw new VaultError(opened.reason, `${table}/${id}`);
  }

  async list<T extends RecordTable>(table: T): Promise<ListResult<T>> {
    const keys = this.requireKeys();
    await this.ready(keys);
    const { rows, manifest } = await this.db.transaction('r', [this.db.meta, this.db.rows(table)], async () => ({
      rows: await this.db.rows(table).toArray(),
      manifest: await this.db.meta.get('manifest'),
    }));
    this.stillOpen(keys);
    for (const k of this.failures.keys()) if (k.startsWith(`${table}/`)) this.failures.delete(k);
    const flagged = this.check(keys, table, rows, manifest);
    return this.openAll(keys, table, rows, flagged);
  }

  /** Deletes one row, readable or not, and takes it out of the manifest. */
  async delete(table: RecordTable, id: string, opts: WriteOptions = {}): Promise<void> {
    const keys = this.requireKeys();
    await this.ready(keys);
    let found = false;
    const counter = await this.removeRows(keys, table, async () => {
      const row = await this.db.rows(table).get(id);
      found = row !== undefined;
      return row ? [row] : [];
    });
    this.failures.delete(`${table}/${id}`);
    await this.bumpOutside(counter);
    if (found) this.changed({ table, put: [], deleted: [id], origin: opts.origin, counter });
  }

  /** Records about one site, found through the blind index (site-indexed tables only). */
  async bySite<T extends RecordTable>(table: T, site: string): Promise<ListResult<T>> {
    const keys = this.requireKeys();
    const flagged = await this.verifiedTable(keys, table);
    const rows = await this.db
      .rows(table)
      .where('bi')
      .equals(this.blind(keys, table, site))
      .toArray();
    this.stillOpen(keys);
    const result = this.openAll(keys, table, rows, flagged);
    result.records = result.records.filter((r) => isForSite(table, r, site));
    return result;
  }

  /** Deletes every row about one site, readable or not; returns how many. */
  async deleteBySite(table: RecordTable, site: string): Promise<number> {
    const keys = this.requireKeys();
    const bi = this.blind(keys, table, site);
    await this.ready(keys);
    let ids: string[] = [];
    const counter = await this.removeRows(keys, table, async () => {
      const rows = await this.db.rows(table).where('bi').equals(bi).toArray();
      ids = rows.map((r) => r.id);
      return rows;
    });
    for (const id of ids) this.failures.delete(`${table}/${id}`);
    await this.bumpOutside(counter);
    if (ids.length > 0) this.changed({ table, put: [], deleted: ids, counter });
    return ids.length;
  }

  /**
   * A key derived from the vault key for sync (crypto.ts purposeKey): it seals what goes to the
   * person's server. The vault key itself never leaves this class.
   */
  syncKey(): Uint8Array {
    return purposeKey(this.requireKeys().vaultKey, 'sync');
  }

  /** Number of rows in a table, readable or not. */
  async count(table: RecordTable): Promise<number> {
    this.requireKeys();
    return this.db.rows(table).count();
  }

  /**
   * After a reported rollback, the person's decision to keep the vault as it now is: the manifest
   * is rebuilt from the rows as they are, above every counter seen, and nothing is reported as
   * rolled back any more. Rows that do not open stay reported.
   */
  async acceptRollback(): Promise<void> {
    const keys = this.requireKeys();
    const outside = (await this.counter?.read()) ?? 0;
    this.stillOpen(keys);
    const tag = tagger(keys.sub.manifest);
    const counter = await this.db.transaction('rw', this.db.allTables(), async () => {
      const old = openManifest(keys.sub.manifest, await this.db.meta.get('manifest'));
      this.stillOpen(keys);
      const m = emptyManifest(Math.max(old?.counter ?? 0, outside));
      for (const table of RECORD_TABLES) {
        const rows = await this.db.rows(table).toArray();
        for (const row of rows) m.counter = Math.max(m.counter, revOf(row));
        m.tables[table] = digestsOf(tag, table, rows);
      }
      m.counter += 1;
      await this.db.meta.put(sealManifest(keys.sub.manifest, m));
      return m.counter;
    });
    this.resetChecks();
    for (const [k, f] of this.failures) if (f.reason === 'errRecordRollback') this.failures.delete(k);
    await this.bumpOutside(counter, true);
    this.checkedFor = keys;
  }

  // -- backup (backup.ts) -----------------------------------------------------------------------

  /** The whole vault as a backup file (records stay sealed). Refuses while any row is unreadable. */
  exportBackup(now = new Date()): Promise<string> {
    return exportBackup(this.backupHost(), now);
  }

  /**
   * Imports a backup: everything is checked before one transaction writes; on any error nothing has
   * changed. Into an empty vault it is restored as it is and the vault ends unlocked; into an
   * unlocked vault its records are re-sealed under this vault's key. Returns the count per table.
   */
  importBackup(text: string, passphrase: string): Promise<Record<RecordTable, number>> {
    return importBackup(this.backupHost(), text, passphrase);
  }

  // -- settings (outside the vault: readable while locked, not personal) -------------------------

  async getSettings(): Promise<Settings> {
    const parsed = SettingsSchema.safeParse(await this.db.meta.get('settings'));
    return parsed.success ? { autoLockMinutes: parsed.data.autoLockMinutes } : { ...DEFAULT_SETTINGS };
  }

  async setSettings(settings: Settings): Promise<Settings> {
    const parsed = SettingsSchema.safeParse(settings);
    if (!parsed.success) throw new VaultError('errInvalidSettings');
    const row: SettingsRow = { id: 'settings', autoLockMinutes: parsed.data.autoLockMinutes };
    await this.db.meta.put(row);
    return { autoLockMinutes: row.autoLockMinutes };
  }

  // -- rollback (manifest.ts) ----------------------------------------------------------------------

  /**
   * Once per opened key: checks the manifest against its MAC and against the counter kept outside
   * the database. A vault written before manifests existed gets one built from its rows (which then
   * all have revision 0); a missing manifest is a rollback when the outside counter, or any row's
   * revision, says one existed. A rollback found here applies to the whole vault: every row is
   * reported, nothing is returned as valid and nothing is written until acceptRollback().
   */
  private async ready(keys: OpenKeys): Promise<void> {
    if (this.checkedFor === keys) return;
    const raw = await this.db.meta.get('manifest');
    const outside = await this.counter?.read();
    this.stillOpen(keys);
    let rollback = false;
    let counter = outside ?? 0;
    if (raw === undefined) {
      if (outside !== undefined) rollback = true;
      else {
        const built = await this.buildFirstManifest(keys);
        if (built === null) rollback = true;
        else counter = built;
      }
    } else {
      const m = openManifest(keys.sub.manifest, raw);
      if (m === null || (outside !== undefined && m.counter < outside)) rollback = true;
      else counter = m.counter;
    }
    this.stillOpen(keys);
    this.resetChecks();
    this.vaultRollback = rollback;
    this.checkedFor = keys;
    if (!rollback) await this.bumpOutside(counter);
  }

  /** The first manifest of a vault from before revisions: null if some row says there was one already. */
  private async buildFirstManifest(keys: OpenKeys): Promise<number | null> {
    const tag = tagger(keys.sub.manifest);
    return this.db.transaction('rw', this.db.allTables(), async () => {
      const existing = await this.db.meta.get('manifest');
      if (existing !== undefined) {
        const m = openManifest(keys.sub.manifest, existing);
        return m === null ? null : m.counter;
      }
      const m = emptyManifest(1);
      for (const table of RECORD_TABLES) {
        const rows = await this.db.rows(table).toArray();
        if (rows.some((r) => revOf(r) > 0)) return null;
        m.tables[table] = digestsOf(tag, table, rows);
      }
      this.stillOpen(keys);
      await this.db.meta.put(sealManifest(keys.sub.manifest, m));
      return m.counter;
    });
  }

  /** The ids of `table` reported as rolled back, checking the whole table once per unlock. */
  private async verifiedTable(keys: OpenKeys, table: RecordTable): Promise<Set<string>> {
    await this.ready(keys);
    const known = this.verified.get(table);
    if (known) return known;
    const running = this.verifying.get(table);
    if (running) return running;
    const check = this.checkTable(keys, table).finally(() => this.verifying.delete(table));
    this.verifying.set(table, check);
    return check;
  }

  /**
   * Check every table now (after unlock), so that the first read of a big table does not wait for
   * its check: with 100,000 ledger entries that check reads the whole table once (seconds).
   * Failures are left to the reads that follow, which report them as usual.
   */
  async verifyAll(): Promise<void> {
    const keys = this.requireKeys();
    for (const t of RECORD_TABLES) await this.verifiedTable(keys, t);
  }

  private async checkTable(keys: OpenKeys, table: RecordTable): Promise<Set<string>> {
    const { rows, manifest } = await this.db.transaction('r', [this.db.meta, this.db.rows(table)], async () => ({
      rows: await this.db.rows(table).toArray(),
      manifest: await this.db.meta.get('manifest'),
    }));
    this.stillOpen(keys);
    return this.check(keys, table, rows, manifest);
  }

  /**
   * Compares a table's rows with the manifest (read in the same transaction) and remembers which
   * ids are rolled back: in a bucket that does not add up, the one extra row if the difference is
   * exactly one row's tag (a deleted row put back), else every row of the bucket (the manifest
   * cannot say which is stale), or `missing:<bucket>` when the bucket has no row left (one was removed).
   */
  private check(keys: OpenKeys, table: RecordTable, rows: Row[], raw: unknown): Set<string> {
    const flagged = new Set<string>();
    const m = this.vaultRollback ? null : openManifest(keys.sub.manifest, raw);
    if (m === null) {
      this.vaultRollback = true;
      for (const r of rows) flagged.add(r.id);
      if (rows.length === 0) flagged.add('missing:manifest');
    } else {
      const tag = tagger(keys.sub.manifest);
      const actual = digestsOf(tag, table, rows);
      for (const b of badBuckets(actual, m.tables[table])) {
        const extra = extraRow(actual, m.tables[table], b, tag, table, rows);
        const inBucket = rows.filter((r) => bucketOf(r.id) === b).map((r) => r.id);
        if (extra !== undefined) flagged.add(extra);
        else if (inBucket.length > 0) for (const id of inBucket) flagged.add(id);
        else flagged.add(`missing:${b}`);
      }
    }
    for (const id of flagged)
      if (id.startsWith('missing:')) this.failures.set(`${table}/${id}`, { table, id, reason: 'errRecordRollback' });
    this.verified.set(table, flagged);
    return flagged;
  }

  /** Inside a write transaction: the manifest, or errRecordRollback if it is missing, forged or the vault is rolled back. */
  private async manifestIn(keys: OpenKeys): Promise<Manifest> {
    const m = openManifest(keys.sub.manifest, await this.db.meta.get('manifest'));
    this.stillOpen(keys);
    if (m === null || this.vaultRollback) throw new VaultError('errRecordRollback', 'vault');
    return m;
  }

  /** Deletes the rows `find` returns, taking them out of the manifest, in one transaction; returns the new counter. */
  private async removeRows(keys: OpenKeys, table: RecordTable, find: () => Promise<Row[]>): Promise<number> {
    const tag = tagger(keys.sub.manifest);
    return this.db.transaction('rw', [this.db.meta, this.db.rows(table)], async () => {
      const m = await this.manifestIn(keys);
      const rows = await find();
      for (const row of rows) toggle(m.tables[table], tag, table, row);
      // A delete moves the counter too: a database put back from before it is then older than the outside counter.
      m.counter += 1;
      await this.db.rows(table).bulkDelete(rows.map((r) => r.id));
      await this.db.meta.put(sealManifest(keys.sub.manifest, m));
      return m.counter;
    });
  }

  /**
   * Raises the counter kept outside the database to `n` (never lowers it, unless `reset`), and
   * notes there that a vault lives here (once per run of the background).
   */
  private bumpOutside(n: number, reset = false): Promise<void> {
    const store = this.counter;
    if (!store) return Promise.resolve();
    this.outsideChain = this.outsideChain.then(async () => {
      const current = reset ? undefined : await store.read();
      if (current === undefined || n > current) await store.write(n);
      if (!this.heldNoted && store.writeHeld) {
        await store.writeHeld(true);
        this.heldNoted = true;
      }
    });
    return this.outsideChain;
  }

  /** Notes outside the database that a vault lives here (an unlock of a vault from before the note). */
  private noteHeld(): Promise<void> {
    const store = this.counter;
    if (!store?.writeHeld || this.heldNoted) return Promise.resolve();
    this.outsideChain = this.outsideChain.then(async () => {
      if (this.heldNoted) return;
      await store.writeHeld?.(true);
      this.heldNoted = true;
    });
    return this.outsideChain;
  }

  /**
   * True when there is no vault in the database but the note outside it says one lived here and
   * was never wiped: the browser lost the database (a crash, a profile repair, storage cleared for
   * the database alone). The person is told so and offered a backup, not a fresh start unawares.
   */
  async lost(): Promise<boolean> {
    if ((await this.loadHeader()) !== null) return false;
    return (await this.counter?.readHeld?.()) === true;
  }

  private changed(change: VaultChange): void {
    try {
      this.onChange?.(change);
    } catch {
      // A listener's failure is its own: the write is committed.
    }
  }

  private resetChecks(): void {
    this.checkedFor = null;
    this.vaultRollback = false;
    this.verified.clear();
    this.verifying.clear();
  }

  // -- internals ---------------------------------------------------------------------------------

  /** The state export and import read and change, without handing out the fields themselves. */
  private backupHost(): BackupHost {
    return {
      db: this.db,
      kdfFloor: this.kdfFloor,
      loadHeader: () => this.loadHeader(),
      isOpen: () => this.keys !== null,
      requireKeys: () => this.requireKeys(),
      stillOpen: (keys) => this.stillOpen(keys),
      unreadable: (keys, table, rows) => this.openAll(keys, table, rows).failures,
      restored: (header, vaultKey, sub) => {
        this.header = header;
        this.setKeys(vaultKey, sub);
        this.resetChecks();
      },
      rewritten: (table, ids) => {
        for (const id of ids) this.failures.delete(`${table}/${id}`);
      },
      assertCurrent: async (keys) => {
        const bad: string[] = [];
        for (const t of RECORD_TABLES) for (const id of await this.verifiedTable(keys, t)) bad.push(`${t}/${id}`);
        if (this.vaultRollback || bad.length > 0) throw new VaultError('errRecordRollback', bad.slice(0, 20).join(' ') || 'vault');
      },
      manifestIn: (keys) => this.manifestIn(keys),
      outsideCounter: async () => (await this.counter?.read()) ?? 0,
      bumpOutside: (n) => this.bumpOutside(n),
    };
  }

  private async loadHeader(): Promise<Header | null | 'corrupt'> {
    const raw = await this.db.meta.get('header');
    if (!raw) this.header = null;
    else {
      const parsed = HeaderSchema.safeParse(raw);
      this.header = parsed.success ? parsed.data : 'corrupt';
    }
    if (this.header === null && this.keys) this.lock(); // wiped elsewhere
    return this.header;
  }

  private async requireHeader(): Promise<Header> {
    const header = await this.loadHeader();
    if (header === null) throw new VaultError('errNotInitialized');
    if (header === 'corrupt') throw new VaultError('errRecordCorrupt', 'header');
    return header;
  }

  /** The header, if its KDF cost is one Proffer may have written; checked before any derivation. */
  private boundedKdf(header: Header): Header {
    if (!kdfCostAllowed(header.kdf, this.kdfFloor)) throw new VaultError('errVaultKdf');
    return header;
  }

  private requireKeys(): OpenKeys {
    if (this.keys) return this.keys;
    throw new VaultError(this.header === null ? 'errNotInitialized' : 'errLocked');
  }

  /** After an await: the keys we started with must still be the open ones (lock() zeroes them). */
  private stillOpen(keys: OpenKeys): void {
    if (this.keys !== keys) throw new VaultError('errLocked');
  }

  private setKeys(vaultKey: Uint8Array, sub: Subkeys): void {
    if (this.keys && this.keys.vaultKey !== vaultKey) this.lock();
    this.keys = { vaultKey, sub };
  }

  private assertReadable(keys: OpenKeys, table: RecordTable, row: Row): void {
    this.stillOpen(keys);
    const direct = openRow(keys.sub, table, row);
    const opened = direct.ok && this.verified.get(table)?.has(row.id) ? ({ ok: false, reason: 'errRecordRollback' } as const) : direct;
    if (!opened.ok) {
      this.failures.set(`${table}/${row.id}`, { table, id: row.id, reason: opened.reason });
      throw new VaultError(opened.reason, `${table}/${row.id}`);
    }
  }

  /** Opens rows; those that do not open, or are `flagged` as rolled back, are failures, never records. */
  private openAll<T extends RecordTable>(keys: OpenKeys, table: T, rows: Row[], flagged: Set<string> = new Set()): ListResult<T> {
    const records: RecordOf<T>[] = [];
    const failures: RecordFailure[] = [];
    for (const row of rows) {
      // A row that does not open says why; one that opens but is not the current copy is a rollback.
      const opened = openRow(keys.sub, table, row);
      if (opened.ok && flagged.has(row.id)) {
        const failure = { table, id: row.id, reason: 'errRecordRollback' as const };
        failures.push(failure);
        this.failures.set(`${table}/${row.id}`, failure);
      } else if (opened.ok) records.push(opened.record);
      else {
        const failure = { table, id: row.id, reason: opened.reason };
        failures.push(failure);
        this.failures.set(`${table}/${row.id}`, failure);
      }
    }
    // Rolled back rows that are gone (removed, or the manifest itself) are reported under their bucket.
    for (const id of flagged)
      if (id.startsWith('missing:')) {
        const failure = { table, id, reason: 'errRecordRollback' as const };
        failures.push(failure);
      }
    return { records, failures };
  }

  private blind(keys: OpenKeys, table: RecordTable, site: string): string {
    if (!SITE_INDEXED[table]) throw new TypeError(`${table} has no site index`);
    return blindIndex(keys.sub.blind, site);
  }

  /** The cost to use for a new wrap: never lower than what the vault has, raised to our target. */
  private raisedCost(stored: KdfCost): KdfCost {
    return { m: Math.max(stored.m, this.kdfCost.m), t: Math.max(stored.t, this.kdfCost.t), p: Math.max(stored.p, this.kdfCost.p) };
  }

  /** If the stored KDF cost is below our target (the defaults rose), re-wrap under the new cost. */
  private async raiseKdfCost(header: Header, passphrase: string, vaultKey: Uint8Array): Promise<void> {
    const cost = this.raisedCost(header.kdf);
    if (cost.m === header.kdf.m && cost.t === header.kdf.t && cost.p === header.kdf.p) return zero(vaultKey);
    try {
      const kdf = kdfParamsFor(cost);
      const kek = await deriveKek(passphrase, kdf);
      const next: Header = { ...header, kdf, wrapped: { ...header.wrapped, passphrase: wrapKey(kek, vaultKey, 'passphrase') } };
      zero(kek);
      await this.replaceHeader(header, next);
    } catch {
      // Opportunistic: the vault still opens with the old cost; the next unlock tries again.
    } finally {
      zero(vaultKey);
    }
  }

  /** Writes a new header if the stored one is still `expected` (same vault, same passphrase wrap). */
  private async replaceHeader(expected: Header, next: Header): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      this.assertHeaderIs(HeaderSchema.safeParse(await this.db.meta.get('header')), expected);
      await this.db.meta.put(next);
    });
    this.header = next;
  }

  /** Inside a transaction: the stored header must still be `expected` (same key check and passphrase wrap). */
  private assertHeaderIs(current: ReturnType<typeof HeaderSchema.safeParse>, expected: Header): void {
    if (
      !current.success ||
      !equalBytes(current.data.keyCheck.c, expected.keyCheck.c) ||
      !equalBytes(current.data.wrapped.passphrase.c, expected.wrapped.passphrase.c)
    )
      throw new VaultError('errNotInitialized');
  }
}
