/**
 * The sync engine: one per service worker, beside the vault. It learns of every committed write
 * (Vault.onChange) and stamps the record with this device's clock; a sync round then merges with
 * the server's copy (merge.ts) and writes back what this device has that the server lacks.
 *
 * A round:
 * 1. scan: every vault row whose revision differs from its entry (a write whose stamp was lost,
 *    e.g. the worker stopped in between) is stamped now; a row gone is a delete.
 * 2. read the manifest; refuse one that does not open (tampered, errSyncTampered) or whose seq is
 *    below the highest this device saw (rolled back, errSyncRollback): nothing of it is applied.
 * 3. per record, decide (merge.ts); fetch and open the server versions this device needs, and
 *    apply them to the vault (a delete as a delete); merge append-only records by union; record
 *    persona conflicts.
 * 4. upload this device's newer versions as new objects (names never reused, so objects need no
 *    locking), then the manifest with If-Match on the ETag read in 2. A 412 means another device
 *    wrote first: start again at 2 (a few times, then errSyncBusy). Only after the manifest is
 *    written are replaced objects deleted.
 * A round never holds a vault transaction across the network, and never blocks the vault: the
 * person's writes go on during a round, and a record written meanwhile is left for the next round.
 */
import { RECORD_SCHEMAS, RECORD_TABLES, type RecordTable } from '../shared/records';
import { type Header, HeaderSchema, headerFromJson, headerToJson } from '../vault/header';
import type { Vault, VaultChange } from '../vault/vault';
import { SyncError } from './errors';
import {
  BUCKETS,
  bucketName,
  bucketOf,
  entryKey,
  newBucketToken,
  objectAad,
  objectName,
  openBucket,
  openJson,
  openManifest,
  type RemoteEntry,
  type RemoteManifest,
  type SyncKeys,
  sealBucket,
  sealJson,
  sealManifest,
  syncKeys,
} from './format';
import { Clock, newNodeId } from './hlc';
import { remoteHeader } from './join';
import {
  APPEND_ONLY,
  CONFLICTS_TABLE,
  conflictId,
  type Decision,
  decide,
  expiredTombstone,
  fieldConflicts,
  goneFromServer,
  mergeConflict,
  unionMerge,
  type Version,
  winningResolution,
} from './merge';
import type { RemoteStore } from './remote';
import { type Conflict, ConflictSchema, type Entry, LocalStore, type SyncConfig, type SyncState } from './store';
import { WebDavStore } from './webdav';

export const SYNC_ORIGIN = 'sync';
const MAX_ATTEMPTS = 5;
const MAX_CONFLICTS = 200;
/** Requests in flight at once during a round. */
const FETCHES_AT_ONCE = 6;
/** Records per vault transaction when a round writes what it pulled. */
const WRITE_BATCH = 500;

/** Runs `fn` over `items`, at most `width` at a time; the first failure is thrown once all have settled. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < items.length && failure === null) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (failure !== null) throw failure;
}

export interface SyncStatus {
  configured: boolean;
  url?: string;
  user?: string;
  lastSync?: number;
  pending: number;
  lastError?: { code: string; detail?: string; at: number };
  conflicts: Conflict[];
  running: boolean;
}

export interface SyncResult {
  pulled: number;
  pushed: number;
  conflicts: number;
}

export interface EngineOptions {
  /** The server for a configuration: WebDAV by default; tests pass an in-memory one. */
  remote?: (config: SyncConfig) => RemoteStore;
  now?: () => number;
}

interface Loaded {
  /** The vault's sync key this state was opened with (a new key after rotation starts afresh). */
  syncKey: Uint8Array;
  keys: SyncKeys;
  store: LocalStore;
  state: SyncState;
  entries: Map<string, Entry>;
  clock: Clock;
  /** The server side has been checked this session (folders, header). */
  prepared: boolean;
  /** The vault's write counter as far as sync knows every write up to it (scan, change events); -1: scan first. */
  counter: number;
  /** The manifest's buckets as last read or written, by bucket: a round fetches only those whose token changed. */
  buckets: Map<number, { token: string; entries: Map<string, RemoteEntry> }>;
  /** The server's header as last read, with its ETag (read again only when it changed). */
  header?: { etag: string; data: Header };
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const isTable = (t: string): t is RecordTable => (RECORD_TABLES as string[]).includes(t);
const isConflictKey = (key: string) => key.startsWith(`${CONFLICTS_TABLE}:`);

/** At most MAX_CONFLICTS kept: the oldest resolved ones go first, then the oldest open ones. */
function trimConflicts(list: Conflict[]): Conflict[] {
  if (list.length <= MAX_CONFLICTS) return list;
  const drop = new Set<string>();
  const byAge = [...list].sort((a, b) => a.at - b.at);
  for (const c of byAge) if (list.length - drop.size > MAX_CONFLICTS && winningResolution(c)) drop.add(c.id);
  for (const c of byAge) if (list.length - drop.size > MAX_CONFLICTS) drop.add(c.id);
  return list.filter((c) => !drop.has(c.id));
}

export class SyncEngine {
  private loaded: Loaded | null = null;
  /** Every change to `loaded` runs here, one at a time: the vault's change events and the rounds' updates. */
  private chain: Promise<unknown> = Promise.resolve();
  private running: Promise<SyncResult> | null = null;
  /** What a sync write is about to put, by entry key: its change event records it as merged, not as the person's edit. */
  private readonly expected = new Map<string, Entry>();
  private readonly makeRemote: (config: SyncConfig) => RemoteStore;
  private readonly now: () => number;
  /** Called after each local change that sync should send (the background debounces a round). */
  onPending: (() => void) | null = null;

  constructor(
    private readonly vault: Vault,
    opts: EngineOptions = {},
  ) {
    this.makeRemote = opts.remote ?? ((c) => new WebDavStore(c));
    this.now = opts.now ?? Date.now;
    vault.onChange = (change) => {
      void this.serial(() => this.onVaultChange(change)).catch(() => undefined);
    };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Forget everything decrypted (the vault locked). */
  forget(): void {
    this.loaded = null;
    this.expected.clear();
  }

  /** The state for the open vault, loaded once per key. Throws errLocked when the vault is locked. */
  private async load(): Promise<Loaded> {
    const syncKey = this.vault.syncKey();
    if (this.loaded && sameBytes(this.loaded.syncKey, syncKey)) return this.loaded;
    const keys = syncKeys(syncKey);
    const store = new LocalStore(this.vault.db, keys);
    const stored = await store.loadState();
    let state: SyncState = stored === undefined || stored === 'unreadable' ? { node: newNodeId(), seq: 0, conflicts: [] } : stored;
    if (stored === 'unreadable') {
      // Sealed under a vault key this vault no longer has: the server's copy is under that old key
      // too. Say so, instead of showing sync as simply off, and drop what cannot be read.
      await store.clear();
      state = { ...state, lastError: { code: 'errSyncKeyChanged', at: this.now() } };
      await store.saveState(state);
    }
    const entries = state.config ? await store.loadEntries() : new Map<string, Entry>();
    const clock = new Clock(state.node, this.now, state.clock);
    this.loaded = { syncKey, keys, store, state, entries, clock, prepared: false, counter: -1, buckets: new Map() };
    return this.loaded;
  }

  // -- the person's changes ------------------------------------------------------------------------

  private async onVaultChange(change: VaultChange): Promise<void> {
    if (this.vault.state() !== 'unlocked') return;
    const l = await this.load();
    if (!l.state.config) return;
    // A put takes one counter value per row, a delete one in all: an event that starts right after
    // what sync knew accounts for every write up to its counter. A gap (a write without an event,
    // or events out of order) leaves the counter behind, and the next round scans.
    const first = change.counter - (change.put.length > 0 ? change.put.length : 1) + 1;
    if (l.counter >= 0 && first === l.counter + 1) l.counter = change.counter;
    const changed: [string, Entry][] = [];
    const own = change.origin === SYNC_ORIGIN;
    for (const { id, r } of change.put) {
      const key = entryKey(change.table, id);
      const cur = l.entries.get(key);
      if (cur?.r !== undefined && r < cur.r) continue; // an older write reported late
      const exp = own ? this.expected.get(key) : undefined;
      if (own && !exp) continue;
      const next: Entry = exp ? { ...exp, r } : { h: l.clock.now(), ...(cur?.b ? { b: cur.b } : {}), r };
      if (exp) this.expected.delete(key);
      l.entries.set(key, next);
      changed.push([key, next]);
    }
    for (const id of change.deleted) {
      const key = entryKey(change.table, id);
      const cur = l.entries.get(key);
      const exp = own ? this.expected.get(key) : undefined;
      if (own && !exp) continue;
      const next: Entry = exp
        ? { h: exp.h, ...(exp.b ? { b: exp.b } : {}), d: true }
        : { h: l.clock.now(), ...(cur?.b ? { b: cur.b } : {}), d: true };
      if (exp) this.expected.delete(key);
      l.entries.set(key, next);
      changed.push([key, next]);
    }
    if (changed.length === 0) return;
    l.state.clock = l.clock.latest();
    await l.store.saveEntries(changed);
    if (!own) this.onPending?.();
  }

  /** The vault's write counter as stored (in the clear on its manifest row; only a hint to scan). */
  private async vaultCounter(): Promise<number> {
    const m = (await this.vault.db.meta.get('manifest')) as { counter?: unknown } | undefined;
    return typeof m?.counter === 'number' ? m.counter : Number.MAX_SAFE_INTEGER;
  }

  /** Rows whose revision differs from their entry were written without a stamp: stamp them now; rows gone are deletes. */
  private async scan(l: Loaded): Promise<void> {
    const counter = await this.vaultCounter();
    const changed: [string, Entry][] = [];
    const seen = new Set<string>();
    for (const t of RECORD_TABLES) {
      const rows = await this.vault.db.rows(t).toArray();
      for (const row of rows) {
        const key = entryKey(t, row.id);
        seen.add(key);
        const cur = l.entries.get(key);
        const r = row.r ?? 0;
        if (cur && !cur.d && cur.r === r) continue;
        const next: Entry = { h: l.clock.now(), ...(cur?.b ? { b: cur.b } : {}), r };
        l.entries.set(key, next);
        changed.push([key, next]);
      }
    }
    // Conflicts from before they synced (or whose entry was lost) go up too.
    for (const c of l.state.conflicts) {
      const key = entryKey(CONFLICTS_TABLE, c.id);
      seen.add(key);
      if (l.entries.has(key)) continue;
      const next: Entry = { h: l.clock.now() };
      l.entries.set(key, next);
      changed.push([key, next]);
    }
    for (const [key, cur] of l.entries) {
      if (seen.has(key) || cur.d || isConflictKey(key)) continue;
      const next: Entry = { h: l.clock.now(), ...(cur.b ? { b: cur.b } : {}), d: true };
      l.entries.set(key, next);
      changed.push([key, next]);
    }
    if (changed.length > 0) {
      l.state.clock = l.clock.latest();
      await l.store.saveEntries(changed);
    }
    l.counter = counter;
  }

  // -- settings and status --------------------------------------------------------------------------

  /** Saves the server settings (sealed in the vault); null switches sync off and forgets its state. */
  async configure(config: SyncConfig | null): Promise<void> {
    await this.serial(async () => {
      const l = await this.load();
      if (config === null) {
        await l.store.clear();
        this.loaded = null;
        return;
      }
      const changedServer = l.state.config?.url !== config.url;
      l.state.config = config;
      if (changedServer) {
        // Another server: nothing of the old one's history applies (its seq, the bases).
        l.state.seq = 0;
        l.state.lastSync = undefined;
        l.state.lastError = undefined;
        for (const [k, e] of l.entries)
          l.entries.set(k, { h: e.h, ...(e.d ? { d: true as const } : {}), ...(e.r !== undefined ? { r: e.r } : {}) });
        await l.store.saveEntries([...l.entries]);
      }
      l.prepared = false;
      await l.store.saveState(l.state);
    });
  }

  async status(): Promise<SyncStatus> {
    const l = await this.load();
    const cfg = l.state.config;
    let pending = 0;
    for (const e of l.entries.values()) if (e.h !== e.b) pending++;
    return {
      configured: cfg !== undefined,
      ...(cfg ? { url: cfg.url, user: cfg.user } : {}),
      ...(l.state.lastSync !== undefined ? { lastSync: l.state.lastSync } : {}),
      pending: cfg ? pending : 0,
      ...(l.state.lastError ? { lastError: l.state.lastError } : {}),
      conflicts: l.state.conflicts.filter((c) => !winningResolution(c)),
      running: this.running !== null,
    };
  }

  /** The server settings (for the Settings form; the password stays in the background). */
  async config(): Promise<SyncConfig | undefined> {
    return (await this.load()).state.config;
  }

  /**
   * The person resolved a conflict on this device: the chosen values go into the persona as an
   * edit stamped now, and the conflict records that resolution under the same stamp. Both sync:
   * the other devices take the persona and drop the conflict from their list; two devices that
   * resolve at once keep both resolutions, and the later one (by that stamp) is the one whose
   * persona edit wins the persona's merge. Undefined if no open conflict has this id.
   */
  async resolveConflict(id: string, use: 'kept' | 'other'): Promise<Conflict | undefined> {
    const l = await this.serial(() => this.load());
    const c = l.state.conflicts.find((x) => x.id === id && !winningResolution(x));
    if (!c) return undefined;
    const key = entryKey(c.table, c.recordId);
    const h = await this.serial(async () => l.clock.now());
    const current = c.table === 'personas' ? await this.readLocal('personas', c.recordId) : undefined;
    if (current) {
      const next: Record<string, unknown> = { ...current, updatedAt: this.now() };
      for (const f of c.fields) {
        const v = use === 'other' ? f.other : f.kept;
        if (v === undefined) delete next[f.field];
        else next[f.field] = v;
      }
      const base = l.entries.get(key)?.b;
      this.expected.set(key, { h, ...(base ? { b: base } : {}) });
      try {
        await this.vault.putMany('personas', [next as never], { origin: l.state.config ? SYNC_ORIGIN : undefined });
        await this.serial(async () => undefined);
      } finally {
        this.expected.delete(key);
      }
    }
    await this.serial(async () => {
      const now = l.state.conflicts.find((x) => x.id === id) ?? c;
      const updated: Conflict = { ...now, resolved: [...(now.resolved ?? []), { use, h, at: this.now() }].slice(-20) };
      l.state.conflicts = l.state.conflicts.map((x) => (x.id === id ? updated : x));
      if (l.state.config) {
        const ck = entryKey(CONFLICTS_TABLE, id);
        const base = l.entries.get(ck)?.b;
        await this.setEntry(l, ck, { h: l.clock.now(), ...(base ? { b: base } : {}) });
      }
      l.state.clock = l.clock.latest();
      await l.store.saveState(l.state);
    });
    this.onPending?.();
    return c;
  }

  // -- a round --------------------------------------------------------------------------------------

  /** One sync round (a round already running is joined, not doubled). Records its outcome in the status. */
  sync(): Promise<SyncResult> {
    if (this.running) return this.running;
    const run = this.round().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async round(): Promise<SyncResult> {
    const l = await this.serial(() => this.load());
    const config = l.state.config;
    if (!config) throw new SyncError('errSyncNotConfigured');
    try {
      const result = await this.roundWith(l, this.makeRemote(config));
      await this.serial(async () => {
        l.state.lastSync = this.now();
        l.state.lastError = undefined;
        l.state.clock = l.clock.latest();
        await l.store.saveState(l.state);
      });
      return result;
    } catch (e) {
      const code = e instanceof SyncError ? e.code : ((e as { code?: string })?.code ?? 'errInternal');
      const detail = e instanceof SyncError ? e.detail?.slice(0, 200) : undefined;
      if (this.loaded === l)
        await this.serial(async () => {
          l.state.lastError = { code, ...(detail ? { detail } : {}), at: this.now() };
          await l.store.saveState(l.state);
        }).catch(() => undefined);
      throw e;
    }
  }

  private async roundWith(l: Loaded, remote: RemoteStore): Promise<SyncResult> {
    if (!l.prepared) {
      await remote.prepare();
      l.prepared = true;
    }
    // Every round: a passphrase changed here goes up, one changed elsewhere stops this device.
    await this.checkHeader(l, remote);
    // At the first round, and whenever the vault's counter moved past what the change events told
    // (a backup imported, a key rotated, a worker stopped between a write and its event).
    if (l.counter < 0 || (await this.vaultCounter()) > l.counter) await this.serial(() => this.scan(l));
    const result: SyncResult = { pulled: 0, pushed: 0, conflicts: 0 };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Read plainly: a weak ETag is traded for a strong one only if this round writes (push).
      const got = await remote.get('manifest');
      if (got === 'unchanged') throw new SyncError('errSyncServer', 'manifest 304');
      let manifest: RemoteManifest;
      if (got === null) {
        // Nothing on the server. Fine for a first sync; after one, the server lost or rolled back the vault.
        if (l.state.seq > 0) throw new SyncError('errSyncRollback', 'manifest missing');
        manifest = { seq: 0, entries: new Map() };
      } else {
        const opened = openManifest(l.keys, got.body);
        if (opened === null) throw new SyncError('errSyncTampered', 'manifest');
        if (opened.seq < l.state.seq) throw new SyncError('errSyncRollback', `seq ${opened.seq} < ${l.state.seq}`);
        if (opened.v === 1) manifest = { seq: opened.seq, entries: opened.entries };
        else {
          const read = await this.readBuckets(l, remote, opened.seq, opened.buckets);
          if (read === 'retry') continue;
          manifest = read;
        }
      }
      const etag = got === null ? null : (got.etag ?? undefined);
      if (etag === undefined) throw new SyncError('errSyncNotWebdav', 'no ETag');
      const pull = await this.pull(l, remote, manifest);
      if (pull === 'retry') continue;
      result.pulled += pull.pulled;
      result.conflicts += pull.conflicts;
      const pushed = await this.push(l, remote, manifest, etag, got === null ? null : got.body);
      if (pushed === 'retry') continue;
      result.pushed += pushed;
      return result;
    }
    throw new SyncError('errSyncBusy');
  }

  /**
   * The entries of a format 2 manifest: its buckets, fetched only where the token differs from the
   * one this device last read or wrote. A bucket gone while the manifest moved on: 'retry'; gone
   * otherwise, or not opening as that bucket and token: tampered.
   */
  private async readBuckets(l: Loaded, remote: RemoteStore, seq: number, buckets: Map<number, string>): Promise<RemoteManifest | 'retry'> {
    const need = [...buckets].filter(([i, token]) => l.buckets.get(i)?.token !== token);
    let moved = false;
    await pool(need, FETCHES_AT_ONCE, async ([i, token]) => {
      if (moved) return;
      const got = await remote.get(bucketName(l.keys, i, token));
      if (got === 'unchanged') throw new SyncError('errSyncServer', 'bucket 304');
      if (got === null) {
        if (await this.manifestMoved(l, remote, seq)) moved = true;
        else throw new SyncError('errSyncTampered', 'bucket missing');
        return;
      }
      const entries = openBucket(l.keys, i, token, got.body);
      if (entries === null) throw new SyncError('errSyncTampered', 'bucket');
      l.buckets.set(i, { token, entries });
    });
    if (moved) return 'retry';
    for (const i of [...l.buckets.keys()]) if (!buckets.has(i)) l.buckets.delete(i);
    const entries = new Map<string, RemoteEntry>();
    for (const [i] of buckets) for (const [k, e] of l.buckets.get(i)!.entries) entries.set(k, e);
    return { seq, entries, buckets: new Map(buckets) };
  }

  /** The server's manifest is no longer the one of `seq` (another device wrote since). */
  private async manifestMoved(l: Loaded, remote: RemoteStore, seq: number): Promise<boolean> {
    const now = await remote.get('manifest');
    return now !== null && now !== 'unchanged' && (openManifest(l.keys, now.body)?.seq ?? seq) !== seq;
  }

  /**
   * The header on the server is this vault's (or none yet: upload it); another vault's is refused.
   * Its passphrase wrap against the one this device last agreed with (state.hdr): changed here
   * (a passphrase change on this device), the new wrap goes up (If-Match), so a device that joins
   * later uses the new passphrase; changed on the server (on another device), this device stops
   * with errSyncPassphraseChanged until the person enters the new passphrase (adoptPassphrase).
   * Nothing is lost meanwhile: this device's changes wait, stamped, and go up after.
   */
  private async checkHeader(l: Loaded, remote: RemoteStore, again = true): Promise<void> {
    const local = HeaderSchema.safeParse(await this.vault.db.meta.get('header'));
    if (!local.success) throw new SyncError('errSyncNotConfigured', 'header');
    const localWrap = hex(local.data.wrapped.passphrase.c);
    const got = await remote.get('header.json', l.header ? { ifNoneMatch: l.header.etag } : {});
    if (got === null) {
      const body = new TextEncoder().encode(JSON.stringify(headerToJson(local.data)));
      if (await remote.put('header.json', body, null)) {
        await this.agreeHeader(l, localWrap, localWrap);
        return;
      }
      if (again) return this.checkHeader(l, remote, false);
      throw new SyncError('errSyncBusy', 'header');
    }
    let theirs: Header | null = got === 'unchanged' ? (l.header?.data ?? null) : null;
    if (got !== 'unchanged') {
      try {
        theirs = headerFromJson(JSON.parse(new TextDecoder().decode(got.body)));
      } catch {
        theirs = null;
      }
      if (theirs !== null && got.etag !== null) l.header = { etag: got.etag, data: theirs };
    }
    if (theirs === null) throw new SyncError('errSyncTampered', 'header');
    // The key check is a ciphertext only this vault's key opens: equal bytes, same vault key.
    if (!sameBytes(theirs.keyCheck.c, local.data.keyCheck.c)) throw new SyncError('errSyncOtherVault');
    const serverWrap = hex(theirs.wrapped.passphrase.c);
    const agreed = l.state.hdr;
    if (!agreed) return this.agreeHeader(l, serverWrap, localWrap);
    // A device with a passphrase of its own (joined with the recovery code) neither follows the
    // server's passphrase nor changes it.
    const shared = agreed.server === agreed.local;
    if (serverWrap !== agreed.server) {
      if (serverWrap === localWrap || !shared) return this.agreeHeader(l, serverWrap, localWrap);
      throw new SyncError('errSyncPassphraseChanged');
    }
    if (localWrap === agreed.local) return;
    if (!shared) return this.agreeHeader(l, serverWrap, localWrap);
    // The passphrase was changed here: its wrap (and KDF parameters) go up; the rest stays the server's.
    const strong = await remote.get('header.json', { forWrite: true });
    if (strong === null || strong === 'unchanged' || strong.etag === null) throw new SyncError('errSyncServer', 'header');
    const next: Header = { ...theirs, kdf: local.data.kdf, wrapped: { ...theirs.wrapped, passphrase: local.data.wrapped.passphrase } };
    const body = new TextEncoder().encode(JSON.stringify(headerToJson(next)));
    if (await remote.put('header.json', body, strong.etag)) {
      l.header = undefined;
      await this.agreeHeader(l, localWrap, localWrap);
      return;
    }
    l.header = undefined;
    if (again) return this.checkHeader(l, remote, false);
    throw new SyncError('errSyncBusy', 'header');
  }

  private async agreeHeader(l: Loaded, server: string, local: string): Promise<void> {
    if (l.state.hdr?.server === server && l.state.hdr.local === local) return;
    await this.serial(async () => {
      l.state.hdr = { server, local };
      await l.store.saveState(l.state);
    });
  }

  /**
   * The person entered the passphrase that was set on another device: if it opens the server's
   * header to this vault's key, this vault takes that passphrase (Vault.adoptPassphraseWrap) and
   * sync goes on (the caller runs a round). errWrongPassphrase otherwise; nothing changes.
   */
  async adoptPassphrase(passphrase: string): Promise<void> {
    const l = await this.serial(() => this.load());
    if (!l.state.config) throw new SyncError('errSyncNotConfigured');
    const remote = this.makeRemote(l.state.config);
    const theirs = await remoteHeader(remote);
    await this.vault.adoptPassphraseWrap(passphrase, theirs);
    const wrap = hex(theirs.wrapped.passphrase.c);
    await this.serial(async () => {
      l.state.hdr = { server: wrap, local: wrap };
      if (l.state.lastError?.code === 'errSyncPassphraseChanged') l.state.lastError = undefined;
      await l.store.saveState(l.state);
    });
  }

  /** Fetches and applies what the server has that this device lacks; 'retry' if the manifest moved meanwhile. */
  private async pull(l: Loaded, remote: RemoteStore, manifest: RemoteManifest): Promise<{ pulled: number; conflicts: number } | 'retry'> {
    // Conflicts first: a persona merge below looks at how they were resolved.
    if ((await this.pullConflicts(l, remote, manifest)) === 'retry') return 'retry';
    let pulled = 0;
    let conflicts = 0;
    // (a table of a newer build is left on the server as it is)
    const todo = await this.toPull(l, manifest, (t) => isTable(t));
    // The objects, a few at a time.
    const fetched = new Map<string, Record<string, unknown>>();
    let moved = false;
    await pool(
      todo.filter((x) => !x.r.d),
      FETCHES_AT_ONCE,
      async (x) => {
        if (moved) return;
        const got = await this.fetchRecord(l, remote, x.r, manifest.seq);
        if (got === 'retry') moved = true;
        else fetched.set(x.key, got);
      },
    );
    if (moved) return 'retry';

    // Plain pulls go in per table, many records per vault transaction.
    const plain = new Map<RecordTable, typeof todo>();
    for (const x of todo)
      if (x.decision === 'pull' || (x.decision === 'both-remote' && (!x.local || x.local.d || x.r.d))) {
        const t = x.r.t as RecordTable;
        const list = plain.get(t);
        if (list) list.push(x);
        else plain.set(t, [x]);
      }
    for (const [table, list] of plain) {
      const puts = list.filter((x) => !x.r.d);
      pulled += await this.writeMany(
        l,
        table,
        puts.map((x) => ({ id: x.r.id, record: fetched.get(x.key)!, entry: { h: x.r.h, b: x.r.h }, seen: x.local })),
      );
      for (const x of list.filter((y) => y.r.d)) {
        await this.write(l, table, x.r.id, null, { h: x.r.h, b: x.r.h, d: true }, x.local);
        pulled++;
      }
    }

    // Both sides changed, both versions alive: union, conflicts, or the later one.
    for (const { key, r, local, decision } of todo) {
      if (decision === 'pull' || !local || local.d || r.d) {
        if (decision === 'both-local' && local) await this.serial(() => this.setEntry(l, key, { ...local, b: r.h }));
        continue;
      }
      const table = r.t as RecordTable;
      const theirs = fetched.get(key)!;
      const mine = await this.readLocal(table, r.id);
      if (mine && APPEND_ONLY.has(table)) {
        const merged = decision === 'both-remote' ? unionMerge(theirs, mine) : unionMerge(mine, theirs);
        await this.write(l, table, r.id, merged, { h: l.clock.now(), b: r.h }, local);
        pulled++;
        continue;
      }
      if (decision === 'both-remote') {
        if (mine && table === 'personas' && (await this.addConflict(l, table, theirs, mine, r.h, local.h))) conflicts++;
        await this.write(l, table, r.id, theirs, { h: r.h, b: r.h }, local);
        pulled++;
      } else {
        // both-local: this device's version is the later; it stays and goes up.
        if (mine && table === 'personas' && (await this.addConflict(l, table, mine, theirs, local.h, r.h))) conflicts++;
        await this.serial(() => this.setEntry(l, key, { ...local, b: r.h }));
      }
    }
    // Records the manifest no longer names: their tombstone was collected (the record was deleted).
    for (const [key, e] of [...l.entries]) {
      if (manifest.seq === 0 || manifest.entries.has(key)) continue;
      const table = key.slice(0, key.indexOf(':'));
      const what = goneFromServer(e, e.b);
      if (what === null || !isTable(table)) continue;
      if (what === 'delete') {
        await this.write(l, table, key.slice(table.length + 1), null, { h: e.h, b: e.h, d: true }, e);
        pulled++;
      }
      await this.serial(async () => {
        const now = l.entries.get(key);
        if (!now?.d || now.h !== now.b) return;
        l.entries.delete(key);
        await l.store.deleteEntries([key]);
      });
    }
    return { pulled, conflicts };
  }

  /** Several server versions of one table into the vault in one transaction (see write). */
  private async writeMany(
    l: Loaded,
    table: RecordTable,
    items: { id: string; record: Record<string, unknown>; entry: Entry; seen: Entry | undefined }[],
  ): Promise<number> {
    const fresh = items.filter((x) => l.entries.get(entryKey(table, x.id))?.h === x.seen?.h);
    for (let i = 0; i < fresh.length; i += WRITE_BATCH) {
      const batch = fresh.slice(i, i + WRITE_BATCH);
      for (const x of batch) this.expected.set(entryKey(table, x.id), x.entry);
      try {
        await this.vault.putMany(
          table,
          batch.map((x) => x.record as never),
          { origin: SYNC_ORIGIN },
        );
        await this.serial(async () => undefined);
      } finally {
        for (const x of batch) this.expected.delete(entryKey(table, x.id));
      }
    }
    return fresh.length;
  }

  private async setEntry(l: Loaded, key: string, e: Entry): Promise<void> {
    l.entries.set(key, e);
    await l.store.saveEntries([[key, e]]);
  }

  /** A record from the server, opened and checked against its schema; 'retry' when its object is gone because the manifest moved on. */
  private async fetchRecord(l: Loaded, remote: RemoteStore, r: RemoteEntry, seq: number): Promise<Record<string, unknown> | 'retry'> {
    const got = await remote.get(objectName(l.keys, r.t, r.id, r.h));
    if (got === 'unchanged') throw new SyncError('errSyncServer', 'object 304');
    if (got === null) {
      // Deleted by a device that replaced it after we read the manifest? Then the manifest moved
      // (and if it did for another reason, the next attempt finds the object missing again).
      if (await this.manifestMoved(l, remote, seq)) return 'retry';
      throw new SyncError('errSyncTampered', 'object missing');
    }
    const value = openJson(l.keys.seal, got.body, objectAad(r.t, r.id, r.h));
    const parsed = (r.t === CONFLICTS_TABLE ? ConflictSchema : RECORD_SCHEMAS[r.t as RecordTable]).safeParse(value);
    if (value === undefined || !parsed.success || (parsed.data as { id: string }).id !== r.id)
      throw new SyncError('errSyncTampered', 'object');
    return parsed.data as Record<string, unknown>;
  }

  private async readLocal(table: RecordTable, id: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.vault.get(table, id)) as Record<string, unknown> | undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Writes a version into the vault as sync's own write (its change event records `entry`, not a
   * new edit of the person's). Skipped if the person changed the record since this round read its
   * entry: that newer edit is merged in the next round.
   */
  private async write(
    l: Loaded,
    table: RecordTable,
    id: string,
    record: Record<string, unknown> | null,
    entry: Entry,
    seen: Entry | undefined,
  ): Promise<void> {
    const key = entryKey(table, id);
    const current = l.entries.get(key);
    if (current?.h !== seen?.h) return;
    this.expected.set(key, entry);
    try {
      if (record === null) {
        const exists = await this.vault.db.rows(table).get(id);
        if (exists) await this.vault.delete(table, id, { origin: SYNC_ORIGIN });
        else {
          this.expected.delete(key);
          await this.serial(() => this.setEntry(l, key, entry));
        }
      } else await this.vault.putMany(table, [record as never], { origin: SYNC_ORIGIN });
      await this.serial(async () => undefined);
    } finally {
      this.expected.delete(key);
    }
  }

  /**
   * Keeps the fields where two versions of a persona differ as a conflict (id from the two stamps,
   * so a device that meets the same two versions again adds nothing), as a record that syncs.
   * Not when the two versions are two resolutions of one conflict made at once: the later one
   * wins, as its resolution does.
   */
  private async addConflict(
    l: Loaded,
    table: RecordTable,
    kept: Record<string, unknown>,
    other: Record<string, unknown>,
    keptH: string,
    otherH: string,
  ): Promise<boolean> {
    const id = conflictId(keptH, otherH);
    const recordId = String(kept.id);
    if (l.state.conflicts.some((c) => c.id === id)) return false;
    const resolvedBy = (c: Conflict, h: string) => c.resolved?.some((r) => r.h === h) ?? false;
    if (l.state.conflicts.some((c) => c.recordId === recordId && resolvedBy(c, keptH) && resolvedBy(c, otherH))) return false;
    const fields = fieldConflicts(kept, other);
    if (fields.length === 0) return false;
    const label = typeof kept.label === 'string' ? kept.label : '';
    const conflict: Conflict = { id, table, recordId, label, fields, at: this.now() };
    await this.serial(async () => {
      l.state.conflicts = trimConflicts([...l.state.conflicts, conflict]);
      await this.setEntry(l, entryKey(CONFLICTS_TABLE, id), { h: l.clock.now() });
      await l.store.saveState(l.state);
    });
    return true;
  }

  /**
   * The manifest's entries of the tables `want` accepts that this device must pull, with what to do
   * with each. An entry at the same version on both sides becomes the base, here.
   */
  private async toPull(
    l: Loaded,
    manifest: RemoteManifest,
    want: (table: string) => boolean,
  ): Promise<{ key: string; r: RemoteEntry; local: Entry | undefined; decision: Decision }[]> {
    const todo: { key: string; r: RemoteEntry; local: Entry | undefined; decision: Decision }[] = [];
    for (const [key, r] of manifest.entries) {
      if (!want(r.t)) continue;
      const local = l.entries.get(key);
      const decision = decide(local, local?.b, r);
      if (decision === 'none' || decision === 'push') {
        if (decision === 'none' && local && local.b !== r.h) await this.serial(() => this.setEntry(l, key, { ...local, b: r.h }));
        continue;
      }
      l.clock.observe(r.h);
      todo.push({ key, r, local, decision });
    }
    return todo;
  }

  /** The server's versions of the conflicts, merged into this device's (mergeConflict); 'retry' if the manifest moved. */
  private async pullConflicts(l: Loaded, remote: RemoteStore, manifest: RemoteManifest): Promise<undefined | 'retry'> {
    const todo = await this.toPull(l, manifest, (t) => t === CONFLICTS_TABLE);
    if (todo.length === 0) return;
    const fetched = new Map<string, Conflict>();
    let moved = false;
    await pool(
      todo.filter((x) => !x.r.d),
      FETCHES_AT_ONCE,
      async (x) => {
        if (moved) return;
        const got = await this.fetchRecord(l, remote, x.r, manifest.seq);
        if (got === 'retry') moved = true;
        else fetched.set(x.key, got as Conflict);
      },
    );
    if (moved) return 'retry';
    await this.serial(async () => {
      const changed: [string, Entry][] = [];
      for (const { key, r, local, decision } of todo) {
        if (l.entries.get(key)?.h !== local?.h) continue; // resolved here meanwhile: merged next round
        const mine = l.state.conflicts.find((c) => c.id === r.id);
        const theirs = fetched.get(key);
        let record: Conflict | null;
        let entry: Entry;
        if (decision === 'both-local' && (local?.d || r.d)) {
          record = local?.d ? null : (mine ?? null);
          entry = { ...local!, b: r.h };
        } else if (!theirs) {
          record = null;
          entry = { h: r.h, b: r.h, d: true };
        } else if (decision === 'pull' || !mine || local?.d) {
          record = theirs;
          entry = { h: r.h, b: r.h };
        } else {
          // Both changed: every resolution of either side is kept; if this side adds one, it goes up.
          record = mergeConflict(theirs, mine);
          const adds = (record.resolved?.length ?? 0) > (theirs.resolved?.length ?? 0);
          entry = adds ? { h: l.clock.now(), b: r.h } : { h: r.h, b: r.h };
        }
        const others = l.state.conflicts.filter((c) => c.id !== r.id);
        l.state.conflicts = record ? trimConflicts([...others, record]) : others;
        l.entries.set(key, entry);
        changed.push([key, entry]);
      }
      await l.store.saveEntries(changed);
      l.state.clock = l.clock.latest();
      await l.store.saveState(l.state);
    });
  }

  /** Uploads this device's newer versions, then the manifest (If-Match); 'retry' on a lost race. */
  private async push(
    l: Loaded,
    remote: RemoteStore,
    manifest: RemoteManifest,
    etag: string | null,
    read: Uint8Array | null,
  ): Promise<number | 'retry'> {
    const pending: [string, Entry][] = [];
    for (const [key, e] of l.entries) {
      const r = manifest.entries.get(key);
      if (e.h !== e.b && e.h !== r?.h) pending.push([key, e]);
    }
    if (pending.length === 0 && manifest.seq > 0) {
      l.state.seq = Math.max(l.state.seq, manifest.seq);
      return 0;
    }
    const next: RemoteManifest = { seq: manifest.seq + 1, entries: new Map(manifest.entries) };
    const replaced: string[] = [];
    const byTable = new Map<RecordTable, [string, Entry][]>();
    for (const p of pending) {
      const [t] = p[0].split(':') as [RecordTable];
      const list = byTable.get(t);
      if (list) list.push(p);
      else byTable.set(t, [p]);
    }
    const sent: [string, Entry][] = [];
    const uploads: { name: string; body: Uint8Array }[] = [];
    for (const [table, list] of byTable) {
      const records = await this.recordsFor(table, list);
      for (const [key, e] of list) {
        const id = key.slice(table.length + 1);
        if (!e.d) {
          const record = records.get(id);
          if (!record) continue; // unreadable here (reported by the vault): not sent
          uploads.push({ name: objectName(l.keys, table, id, e.h), body: sealJson(l.keys.seal, record, objectAad(table, id, e.h)) });
        }
        const old = manifest.entries.get(key);
        if (old && !old.d) replaced.push(objectName(l.keys, table, id, old.h));
        next.entries.set(key, e.d ? { t: table, id, h: e.h, d: true } : { t: table, id, h: e.h });
        sent.push([key, e]);
      }
    }
    if (sent.length === 0 && manifest.seq > 0) return 0;
    let guard = etag;
    if (guard?.startsWith('W/')) {
      // A weak ETag never matches If-Match (Apache sends one for a file changed in the last
      // second): the strong one, for the same manifest, or the round starts again.
      const strong = await remote.get('manifest', { forWrite: true });
      if (strong === null || strong === 'unchanged' || read === null || !sameBytes(strong.body, read)) return 'retry';
      guard = strong.etag;
    }
    // The buckets the sent entries are in, each under a new token (all of them when the server
    // holds a version 1 manifest or none: the first write in format 2).
    const written = new Map<number, { token: string; entries: Map<string, RemoteEntry> }>();
    const nextBuckets = new Map(manifest.buckets ?? []);
    const touched = new Set<number>();
    if (manifest.buckets === undefined) for (let i = 0; i < BUCKETS; i++) touched.add(i);
    else for (const [key] of sent) touched.add(bucketOf(l.keys, key));
    const fresh = new Map<number, Map<string, RemoteEntry>>();
    for (const i of touched) {
      const cached = l.buckets.get(i);
      const base = manifest.buckets !== undefined && cached && cached.token === manifest.buckets.get(i) ? cached.entries : undefined;
      fresh.set(i, new Map(base ?? []));
    }
    if (manifest.buckets === undefined) for (const [key, e] of next.entries) fresh.get(bucketOf(l.keys, key))!.set(key, e);
    else for (const [key] of sent) fresh.get(bucketOf(l.keys, key))!.set(key, next.entries.get(key)!);
    // Tombstones older than TOMBSTONE_DAYS are left out of the buckets written anyway (not one just sent).
    const now = this.now();
    const justSent = new Set(sent.map(([key]) => key));
    for (const entries of fresh.values())
      for (const [key, e] of entries)
        if (!justSent.has(key) && expiredTombstone(e, now)) {
          entries.delete(key);
          next.entries.delete(key);
        }
    const replacedBuckets: string[] = [];
    for (const [i, entries] of fresh) {
      const old = manifest.buckets?.get(i);
      if (old) replacedBuckets.push(bucketName(l.keys, i, old));
      if (entries.size === 0) {
        nextBuckets.delete(i);
        continue;
      }
      const token = newBucketToken();
      nextBuckets.set(i, token);
      written.set(i, { token, entries });
      uploads.push({ name: bucketName(l.keys, i, token), body: sealBucket(l.keys, i, token, entries.values()) });
    }
    // Unconditional: a name belongs to one version of one record from one device (the stamp
    // carries the node id), so a copy already there (from a round cut off before its manifest)
    // is that same version; writing it again also repairs one the server kept half-written. A
    // bucket's name has a token no other write uses.
    await pool(uploads, FETCHES_AT_ONCE, async (u) => {
      await remote.put(u.name, u.body, undefined);
    });
    if (!(await remote.put('manifest', sealManifest(l.keys, next.seq, nextBuckets), guard))) {
      // Another device wrote first: these bucket versions are named by no manifest.
      await pool([...written], FETCHES_AT_ONCE, ([i, b]) => remote.delete(bucketName(l.keys, i, b.token)).catch(() => undefined));
      return 'retry';
    }
    for (const [i, b] of written) l.buckets.set(i, b);
    for (const i of touched) if (!written.has(i)) l.buckets.delete(i);
    replaced.push(...replacedBuckets);
    await this.serial(async () => {
      l.state.seq = next.seq;
      const done: [string, Entry][] = [];
      for (const [key, e] of sent) {
        const cur = l.entries.get(key);
        // Written meanwhile: that newer edit stays pending; what went up is its base now.
        const updated: Entry = cur && cur.h !== e.h ? { ...cur, b: e.h } : { ...e, b: e.h };
        l.entries.set(key, updated);
        done.push([key, updated]);
      }
      await l.store.saveEntries(done);
      await l.store.saveState(l.state);
    });
    // Only now may the replaced versions go: every device reading the new manifest finds the new ones.
    await pool(replaced, FETCHES_AT_ONCE, (name) => remote.delete(name).catch(() => undefined));
    return sent.length;
  }

  /** The records to upload, read once per table (list for many, get for a few). */
  private async recordsFor(table: RecordTable, list: [string, Entry][]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    const ids = list.filter(([, e]) => !e.d).map(([k]) => k.slice(table.length + 1));
    if (ids.length === 0) return out;
    if ((table as string) === CONFLICTS_TABLE) {
      const want = new Set(ids);
      for (const c of this.loaded?.state.conflicts ?? []) if (want.has(c.id)) out.set(c.id, c);
      return out;
    }
    if (ids.length > 20) {
      const { records } = await this.vault.list(table);
      const want = new Set(ids);
      for (const r of records) if (want.has(r.id)) out.set(r.id, r);
      return out;
    }
    for (const id of ids) {
      const r = await this.readLocal(table, id);
      if (r) out.set(id, r);
    }
    return out;
  }
}

export type { Version };
