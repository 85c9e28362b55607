// Sync between devices through an in-memory server (test/unit/sync-fixture.ts): joining with the
// passphrase, merging offline edits, deletes, conflicts, lost races, a rolled-back or tampered
// server copy, and what the server gets to see.
import { describe, expect, it } from 'vitest';
import type { RecordOf } from '../../src/shared/records';
import { SyncEngine } from '../../src/sync/engine';
import { SyncError } from '../../src/sync/errors';
import { bucketName, bucketOf, entryKey, openBucket, openManifest, type RemoteEntry, syncKeys } from '../../src/sync/format';
import { joinVault } from '../../src/sync/join';
import { newId } from '../../src/vault/records-codec';
import { CONFIG, type Device, firstDevice, joinedDevice, MemoryServer, settle } from './sync-fixture';
import { createdVault, freshVault, KDF_FLOOR, PASS, PASS2, PERSONAL, putAll, SITE, samples } from './vault-fixture';

function persona(label: string, extra: Partial<RecordOf<'personas'>> = {}): RecordOf<'personas'> {
  return { id: newId(), label, addresses: [], createdAt: 1, updatedAt: 1, ...extra };
}

async function labels(d: Device): Promise<string[]> {
  return (await d.vault.list('personas')).records.map((p) => p.label).sort();
}

async function syncError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SyncError);
  return (e as SyncError).code;
}

/** A clock per device that the test moves by hand. */
function manualClock(start: number) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('a second device', () => {
  it('joins with the passphrase, gets the same vault key and every record', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const recs = await putAll(a.vault);
    await a.sync.sync();
    const b = await joinedDevice(server);
    const keyCheck = async (d: Device) => ((await d.vault.db.meta.get('header')) as { keyCheck?: unknown } | undefined)?.keyCheck;
    expect(await keyCheck(b)).toBeDefined();
    expect(await keyCheck(b)).toEqual(await keyCheck(a));
    for (const t of Object.keys(recs) as (keyof typeof recs)[]) expect(await b.vault.get(t, recs[t].id), t).toEqual(recs[t]);
    // B's vault opens with the same passphrase after a lock
    b.vault.lock();
    await b.vault.unlock(PASS);
    expect(await labels(b)).toEqual(['Work persona Quillon']);
  });

  it('joins with the recovery code and a passphrase of its own, without changing the key', async () => {
    const server = new MemoryServer();
    const { vault, recoveryCode } = await createdVault();
    const a: Device = { vault, sync: new SyncEngine(vault, { remote: () => server.store() }), name: vault.db.name };
    await a.sync.configure(CONFIG);
    await a.vault.put('personas', persona('Shared one'));
    await a.sync.sync();
    const bVault = await freshVault();
    const weak = await joinVault(bVault, server.store(), { recoveryCode, newPassphrase: 'abc' }, { kdfFloor: KDF_FLOOR }).catch((e) => e);
    expect(weak.code).toBe('errWeakPassphrase');
    await joinVault(bVault, server.store(), { recoveryCode, newPassphrase: 'violet anchor drizzle tundra' }, { kdfFloor: KDF_FLOOR });
    const b = new SyncEngine(bVault, { remote: () => server.store() });
    await b.configure(CONFIG);
    await b.sync();
    expect((await bVault.list('personas')).records.map((p) => p.label)).toEqual(['Shared one']);
    bVault.lock();
    await bVault.unlock('violet anchor drizzle tundra');
    // A keeps its passphrase
    a.vault.lock();
    await a.vault.unlock(PASS);
  });

  it('is refused with a wrong passphrase, and where the folder holds no vault', async () => {
    const server = new MemoryServer();
    const empty = await freshVault();
    expect(await syncError(joinVault(empty, server.store(), { passphrase: PASS }, { kdfFloor: KDF_FLOOR }))).toBe('errSyncNoVault');
    const a = await firstDevice(server);
    await a.sync.sync();
    const e = await joinVault(empty, server.store(), { passphrase: 'wrong wrong wrong wrong' }, { kdfFloor: KDF_FLOOR }).catch((x) => x);
    expect(e.code).toBe('errWrongPassphrase');
    expect(empty.state()).toBe('uninitialized');
  });
});

describe('merging', () => {
  it('offline edits on both devices converge, nothing lost', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const home = persona('Home');
    await a.vault.put('personas', home);
    await a.sync.sync();
    const b = await joinedDevice(server);
    // offline: A renames Home and adds Work; B adds Club and a ledger entry
    await a.vault.put('personas', { ...home, label: 'Home (new)', updatedAt: 2 });
    await a.vault.put('personas', persona('Work'));
    await b.vault.put('personas', persona('Club'));
    await b.vault.put('shares', samples().shares);
    await settle(a);
    await settle(b);
    expect((await a.sync.status()).pending).toBe(2);
    await a.sync.sync();
    await b.sync.sync();
    await a.sync.sync();
    expect(await labels(a)).toEqual(['Club', 'Home (new)', 'Work']);
    expect(await labels(b)).toEqual(['Club', 'Home (new)', 'Work']);
    expect((await a.vault.list('shares')).records).toHaveLength(1);
    expect((await a.sync.status()).pending).toBe(0);
    expect((await b.sync.status()).pending).toBe(0);
  });

  it('a delete on one device is gone on both, and stays gone', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const p = persona('Temporary');
    await a.vault.put('personas', p);
    await a.sync.sync();
    const b = await joinedDevice(server);
    expect(await labels(b)).toEqual(['Temporary']);
    await a.vault.delete('personas', p.id);
    await settle(a);
    await a.sync.sync();
    await b.sync.sync();
    expect(await labels(b)).toEqual([]);
    await a.sync.sync();
    expect(await labels(a)).toEqual([]);
  });

  it('a delete wins over an older edit; an edit made after the delete brings the record back', async () => {
    const server = new MemoryServer();
    const ca = manualClock(1_000_000);
    const cb = manualClock(1_000_000);
    const a = await firstDevice(server, ca.now);
    const p = persona('Contested');
    await a.vault.put('personas', p);
    await a.sync.sync();
    const b = await joinedDevice(server, cb.now);
    cb.t = 2_000_000;
    await b.vault.put('personas', { ...p, label: 'Edited on B' });
    ca.t = 3_000_000;
    await a.vault.delete('personas', p.id);
    await settle(a);
    await settle(b);
    await b.sync.sync();
    await a.sync.sync();
    await b.sync.sync();
    expect(await labels(a)).toEqual([]);
    expect(await labels(b)).toEqual([]);
    // now B edits it again (later than the delete): it comes back on both
    cb.t = 4_000_000;
    await b.vault.put('personas', { ...p, label: 'Back again' });
    await settle(b);
    await b.sync.sync();
    await a.sync.sync();
    expect(await labels(a)).toEqual(['Back again']);
  });

  it('two edits of the same persona field: the later wins on both, and both values are kept as a conflict, listed on both devices', async () => {
    const server = new MemoryServer();
    const ca = manualClock(1_000_000);
    const cb = manualClock(1_000_000);
    const a = await firstDevice(server, ca.now);
    const p = persona('Me', { email: 'old@example.org' });
    await a.vault.put('personas', p);
    await a.sync.sync();
    const b = await joinedDevice(server, cb.now);
    ca.t = 2_000_000;
    await a.vault.put('personas', { ...p, email: 'from-a@example.org' });
    cb.t = 3_000_000;
    await b.vault.put('personas', { ...p, email: 'from-b@example.org', nickname: 'Bee' });
    await settle(a);
    await settle(b);
    await a.sync.sync();
    await b.sync.sync();
    await a.sync.sync();
    expect((await a.vault.get('personas', p.id))?.email).toBe('from-b@example.org');
    expect((await b.vault.get('personas', p.id))?.email).toBe('from-b@example.org');
    const conflicts = (await b.sync.status()).conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.recordId).toBe(p.id);
    expect(conflicts[0]!.fields).toContainEqual({ field: 'email', kept: 'from-b@example.org', other: 'from-a@example.org' });
    // The conflict travels with the vault: A, which only received the result, lists it too.
    expect((await a.sync.status()).conflicts).toEqual(conflicts);
  });

  it('a data-rights request updated on both devices keeps both histories (append-only tables merge by union)', async () => {
    const server = new MemoryServer();
    const ca = manualClock(1_000_000);
    const cb = manualClock(1_000_000);
    const a = await firstDevice(server, ca.now);
    const req = { ...samples().requests, history: [{ status: 'open' as const, at: 1 }] };
    await a.vault.put('requests', req);
    await a.sync.sync();
    const b = await joinedDevice(server, cb.now);
    ca.t = 2_000_000;
    await a.vault.put('requests', { ...req, status: 'in_progress', history: [...req.history, { status: 'in_progress' as const, at: 5 }] });
    cb.t = 3_000_000;
    await b.vault.put('requests', { ...req, status: 'fulfilled', history: [...req.history, { status: 'fulfilled' as const, at: 9 }] });
    await settle(a);
    await settle(b);
    await a.sync.sync();
    await b.sync.sync();
    await a.sync.sync();
    for (const d of [a, b]) {
      const got = await d.vault.get('requests', req.id);
      expect(got?.history.map((h) => h.status)).toEqual(['open', 'in_progress', 'fulfilled']);
      expect(got?.status).toBe('fulfilled');
    }
  });

  it('two devices writing at once: the one that loses the race retries, and nothing is overwritten', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.sync.sync();
    const b = await joinedDevice(server);
    await a.vault.put('personas', persona('From A'));
    await b.vault.put('personas', persona('From B'));
    await settle(a);
    await settle(b);
    // B writes its manifest just before A's conditional write of the manifest: A's is refused (412)
    let raced = false;
    server.beforeManifestPut = async () => {
      raced = true;
      await b.sync.sync();
    };
    const refused = server.refused;
    const result = await a.sync.sync();
    expect(raced).toBe(true);
    expect(server.refused).toBe(refused + 1);
    expect(result.pulled).toBe(1);
    await b.sync.sync();
    expect(await labels(a)).toEqual(['From A', 'From B']);
    expect(await labels(b)).toEqual(['From A', 'From B']);
  });
});

describe('a server that cannot be trusted', () => {
  it('a rolled-back server copy is reported and nothing of it is applied', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.vault.put('personas', persona('Before'));
    await a.sync.sync();
    const snapshot = new Map(server.files);
    await a.vault.put('personas', persona('After'));
    await settle(a);
    await a.sync.sync();
    const b = await joinedDevice(server);
    // the server is put back to the earlier copy
    server.files.clear();
    for (const [k, v] of snapshot) server.files.set(k, v);
    expect(await syncError(b.sync.sync())).toBe('errSyncRollback');
    expect(await labels(b)).toEqual(['After', 'Before']);
    const status = await b.sync.status();
    expect(status.lastError?.code).toBe('errSyncRollback');
    // a server emptied of the vault is a rollback too, not a fresh start
    server.files.delete('manifest');
    expect(await syncError(a.sync.sync())).toBe('errSyncRollback');
  });

  it('a tampered object or manifest is reported, never applied', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.sync.sync();
    const b = await joinedDevice(server);
    await a.vault.put('personas', persona('Genuine'));
    await settle(a);
    await a.sync.sync();
    const [name, obj] = [...server.files].find(([n]) => n.startsWith('o/'))!;
    const bad = obj.body.slice();
    bad[bad.length - 1]! ^= 1;
    server.files.set(name, { body: bad, etag: '"x1"' });
    expect(await syncError(b.sync.sync())).toBe('errSyncTampered');
    expect(await labels(b)).toEqual([]);
    server.files.set(name, obj);
    const m = server.files.get('manifest')!;
    const badM = m.body.slice();
    badM[30]! ^= 1;
    server.files.set('manifest', { body: badM, etag: '"x2"' });
    expect(await syncError(b.sync.sync())).toBe('errSyncTampered');
    server.files.set('manifest', m);
    await b.sync.sync();
    expect(await labels(b)).toEqual(['Genuine']);
  });

  it('after the vault key was replaced here, sync says so instead of just being off', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.vault.put('personas', persona('Before rotation'));
    await a.sync.sync();
    await a.vault.changePassphrase(PASS, PASS2, { rotate: true });
    const status = await a.sync.status();
    expect(status.configured).toBe(false);
    expect(status.lastError?.code).toBe('errSyncKeyChanged');
    // set up again on the same folder: it holds the vault under the old key
    await a.sync.configure(CONFIG);
    expect(await syncError(a.sync.sync())).toBe('errSyncOtherVault');
  });

  it("another vault's folder is refused", async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.sync.sync();
    const other = await firstDevice(server);
    expect(await syncError(other.sync.sync())).toBe('errSyncOtherVault');
  });

  it('holds nothing but ciphertext under names that say nothing', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const recs = await putAll(a.vault);
    await a.sync.sync();
    const text = server.allText();
    for (const canary of [
      ...PERSONAL,
      'shop-zyxwares',
      SITE,
      'given-name',
      'family-name',
      'personas',
      'shares',
      recs.personas.id,
      'No tracking',
    ])
      expect(text, canary).not.toContain(canary);
    for (const name of server.files.keys()) expect(name).toMatch(/^(header\.json|manifest|[om]\/[0-9a-f]{32})$/);
  });
});

describe('a server that is down', () => {
  it('loses no change: the edit stays pending, the error is kept, and the next sync sends it', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.sync.sync();
    const b = await joinedDevice(server);
    server.down = true;
    await a.vault.put('personas', persona('Written offline'));
    await settle(a);
    expect(await syncError(a.sync.sync())).toBe('errSyncUnreachable');
    const status = await a.sync.status();
    expect(status.pending).toBe(1);
    expect(status.lastError?.code).toBe('errSyncUnreachable');
    server.down = false;
    await a.sync.sync();
    expect((await a.sync.status()).lastError).toBeUndefined();
    await b.sync.sync();
    expect(await labels(b)).toEqual(['Written offline']);
  });

  it('a write the running engine was not told about (a backup merged in) is found by the vault counter and sent', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.vault.put('personas', persona('Told'));
    await settle(a);
    await a.sync.sync();
    const hook = a.vault.onChange;
    a.vault.onChange = null;
    await a.vault.put('personas', persona('Not told'));
    a.vault.onChange = hook;
    await a.vault.put('personas', persona('Told again'));
    await settle(a);
    await a.sync.sync();
    const b = await joinedDevice(server);
    expect(await labels(b)).toEqual(['Not told', 'Told', 'Told again']);
  });

  it('a write the engine was not told about (the worker stopped in between) is still found and sent', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.sync.sync();
    a.vault.onChange = null;
    await a.vault.put('personas', persona('Unannounced'));
    const again = new SyncEngine(a.vault, { remote: () => server.store() });
    await again.sync();
    const b = await joinedDevice(server);
    expect(await labels(b)).toEqual(['Unannounced']);
  });
});

describe('a server that sends weak ETags (Apache, for a file changed in the last second)', () => {
  it('a round that writes trades the weak ETag for the strong one; a round that only reads does not ask for it', async () => {
    const server = new MemoryServer();
    server.weakEtags = true;
    const a = await firstDevice(server);
    await a.vault.put('personas', persona('One'));
    await settle(a);
    await a.sync.sync();
    const reads = server.strongReads;
    const b = await joinedDevice(server);
    await b.sync.sync();
    expect(await labels(b)).toEqual(['One']);
    expect(server.strongReads).toBe(reads);
    await a.vault.put('personas', persona('Two'));
    await settle(a);
    expect((await a.sync.sync()).pushed).toBe(1);
    expect(server.strongReads).toBe(reads + 1);
    await b.sync.sync();
    expect(await labels(b)).toEqual(['One', 'Two']);
  });
});

describe('persona conflicts on every device', () => {
  /** A and B edit the same persona's email offline; after A, B, A sync, both list the conflict. */
  async function conflicted() {
    const server = new MemoryServer();
    const ca = manualClock(1_000_000);
    const cb = manualClock(1_000_000);
    const a = await firstDevice(server, ca.now);
    const p = persona('Me', { email: 'old@example.org' });
    await a.vault.put('personas', p);
    await a.sync.sync();
    const b = await joinedDevice(server, cb.now);
    ca.t = 2_000_000;
    await a.vault.put('personas', { ...p, email: 'from-a@example.org' });
    cb.t = 3_000_000;
    await b.vault.put('personas', { ...p, email: 'from-b@example.org', nickname: 'Bee' });
    await settle(a);
    await settle(b);
    await a.sync.sync();
    await b.sync.sync();
    await a.sync.sync();
    const id = (await b.sync.status()).conflicts[0]!.id;
    expect((await a.sync.status()).conflicts.map((c) => c.id)).toEqual([id]);
    return { a, b, ca, cb, p, id };
  }
  const email = async (d: Device, id: string) => (await d.vault.get('personas', id))?.email;

  it('resolved on B: gone from A after its next sync, and A has the values B chose', async () => {
    const { a, b, cb, p, id } = await conflicted();
    cb.t = 4_000_000;
    expect(await b.sync.resolveConflict(id, 'other')).toBeDefined();
    expect((await b.sync.status()).conflicts).toEqual([]);
    expect(await email(b, p.id)).toBe('from-a@example.org');
    await settle(b);
    await b.sync.sync();
    expect((await a.sync.status()).conflicts).toHaveLength(1); // not before A syncs
    await a.sync.sync();
    expect((await a.sync.status()).conflicts).toEqual([]);
    expect(await email(a, p.id)).toBe('from-a@example.org');
    // the same persona on both (the other side's values include no nickname), and no new conflict anywhere
    expect(await a.vault.get('personas', p.id)).toEqual(await b.vault.get('personas', p.id));
    expect((await a.vault.get('personas', p.id))?.nickname).toBeUndefined();
    await b.sync.sync();
    expect((await b.sync.status()).conflicts).toEqual([]);
    // resolving again (or on A now) finds nothing open
    expect(await a.sync.resolveConflict(id, 'kept')).toBeUndefined();
  });

  it.each([
    ['B resolves later, A syncs first', 'b', 'a'],
    ['A resolves later, A syncs first', 'a', 'a'],
    ['A resolves later, B syncs first', 'a', 'b'],
  ] as const)('resolved on both at once (%s): the later resolution wins on both, no new conflict', async (_, later, first) => {
    const { a, b, ca, cb, p, id } = await conflicted();
    // A keeps what is applied (B's email); B takes the other (A's email).
    ca.t = later === 'a' ? 6_000_000 : 5_000_000;
    cb.t = later === 'b' ? 6_000_000 : 5_000_000;
    await a.sync.resolveConflict(id, 'kept');
    await b.sync.resolveConflict(id, 'other');
    await settle(a);
    await settle(b);
    const [x, y] = first === 'a' ? [a, b] : [b, a];
    await x.sync.sync();
    await y.sync.sync();
    await x.sync.sync();
    const want = later === 'a' ? 'from-b@example.org' : 'from-a@example.org';
    expect(await email(a, p.id)).toBe(want);
    expect(await email(b, p.id)).toBe(want);
    expect((await a.sync.status()).conflicts).toEqual([]);
    expect((await b.sync.status()).conflicts).toEqual([]);
    expect((await a.sync.status()).pending).toBe(0);
    expect((await b.sync.status()).pending).toBe(0);
  });

  it("a conflict from before conflicts synced (this device's list only) goes up at the first round", async () => {
    const { a, b, p } = await conflicted();
    // A conflict stored the old way: in the state, with no entry of its own.
    const old = {
      id: `personas-${p.id}-1`,
      table: 'personas',
      recordId: p.id,
      label: 'Me',
      fields: [{ field: 'tel', kept: '+1', other: '+2' }],
      at: 1,
    };
    const l = (b.sync as unknown as { loaded: { state: { conflicts: unknown[] }; counter: number } }).loaded;
    l.state.conflicts.push(old);
    l.counter = -1; // a restarted worker scans at its first round
    await b.sync.sync();
    await a.sync.sync();
    expect((await a.sync.status()).conflicts.map((c) => c.id)).toContain(old.id);
  });
});

describe('a passphrase changed on another device', () => {
  it('B stops with a plain error, keeps its changes, and goes on once the new passphrase is entered; later joins use the new one', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.vault.put('personas', persona('Shared'));
    await a.sync.sync();
    const b = await joinedDevice(server);
    // A changes the passphrase (same vault key); its next round puts the new wrap on the server
    await a.vault.changePassphrase(PASS, PASS2);
    await a.sync.sync();
    // B made a change meanwhile
    await b.vault.put('personas', persona('Made on B'));
    await settle(b);
    expect(await syncError(b.sync.sync())).toBe('errSyncPassphraseChanged');
    const stopped = await b.sync.status();
    expect(stopped.lastError?.code).toBe('errSyncPassphraseChanged');
    expect(stopped.pending).toBe(1);
    await a.sync.sync();
    expect(await labels(a)).toEqual(['Shared']);
    // the old passphrase is refused, and nothing changes
    await expect(b.sync.adoptPassphrase(PASS)).rejects.toMatchObject({ code: 'errWrongPassphrase' });
    expect(await syncError(b.sync.sync())).toBe('errSyncPassphraseChanged');
    await b.sync.adoptPassphrase(PASS2);
    expect((await b.sync.status()).lastError).toBeUndefined();
    await b.sync.sync();
    expect((await b.sync.status()).pending).toBe(0);
    await a.sync.sync();
    expect(await labels(a)).toEqual(['Made on B', 'Shared']);
    // B's vault now opens with the new passphrase, not the old one
    b.vault.lock();
    await expect(b.vault.unlock(PASS)).rejects.toMatchObject({ code: 'errWrongPassphrase' });
    await b.vault.unlock(PASS2);
    // a third device joins with the new passphrase
    const c = await freshVault();
    await expect(joinVault(c, server.store(), { passphrase: PASS }, { kdfFloor: KDF_FLOOR })).rejects.toMatchObject({
      code: 'errWrongPassphrase',
    });
    await joinVault(c, server.store(), { passphrase: PASS2 }, { kdfFloor: KDF_FLOOR });
  });

  it("a device joined with the recovery code keeps its own passphrase: not stopped by a change of the server's, and its own change stays its own", async () => {
    const server = new MemoryServer();
    const { vault, recoveryCode } = await createdVault();
    const a: Device = { vault, sync: new SyncEngine(vault, { remote: () => server.store() }), name: vault.db.name };
    await a.sync.configure(CONFIG);
    await a.sync.sync();
    const bVault = await freshVault();
    await joinVault(bVault, server.store(), { recoveryCode, newPassphrase: 'violet anchor drizzle tundra' }, { kdfFloor: KDF_FLOOR });
    const b = new SyncEngine(bVault, { remote: () => server.store() });
    await b.configure(CONFIG);
    await b.sync();
    await bVault.put('personas', persona('From B'));
    await b.sync();
    await a.sync.sync();
    expect((await a.sync.status()).lastError).toBeUndefined();
    expect(await labels(a)).toEqual(['From B']);
    // A changes the vault's passphrase: B, which has its own, goes on syncing with it
    await a.vault.changePassphrase(PASS, PASS2);
    await a.vault.put('personas', persona('From A'));
    await settle(a);
    await a.sync.sync();
    await b.sync();
    expect((await b.status()).lastError).toBeUndefined();
    expect((await bVault.list('personas')).records.map((p) => p.label).sort()).toEqual(['From A', 'From B']);
    // and B changing its own passphrase leaves the server's as it is: a device joining uses A's
    await bVault.changePassphrase('violet anchor drizzle tundra', 'saffron beacon walnut quarry');
    await b.sync();
    const c = await freshVault();
    await joinVault(c, server.store(), { passphrase: PASS2 }, { kdfFloor: KDF_FLOOR });
  });
});

describe('tombstones collected after 90 days', () => {
  const day = 86_400_000;

  /** The entries the server's manifest names now, opened with the vault's keys. */
  function serverEntries(server: MemoryServer, d: Device): Map<string, RemoteEntry> {
    const keys = syncKeys(d.vault.syncKey());
    const m = openManifest(keys, server.files.get('manifest')!.body);
    if (m?.v !== 2) throw new Error('no manifest of format 2');
    const out = new Map<string, RemoteEntry>();
    for (const [i, token] of m.buckets)
      for (const [k, e] of openBucket(keys, i, token, server.files.get(bucketName(keys, i, token))!.body)!) out.set(k, e);
    return out;
  }

  it('leave the bucket at its next write after 90 days; a device unchanged since deletes the record, one that edited it before the delete brings it back', async () => {
    const server = new MemoryServer();
    const ca = manualClock(10 * day);
    const cb = manualClock(10 * day);
    const cc = manualClock(10 * day);
    const a = await firstDevice(server, ca.now);
    // three personas in one bucket, so a write of the third rewrites the others' tombstones
    const keys = syncKeys(a.vault.syncKey());
    const inBucket = (i: number) => {
      for (;;) {
        const id = newId();
        if (bucketOf(keys, entryKey('personas', id)) === i) return id;
      }
    };
    const x = persona('Deleted on B', { id: newId() });
    const bucket = bucketOf(keys, entryKey('personas', x.id));
    const y = persona('Edited on C before the delete', { id: inBucket(bucket) });
    const z = persona('Written on A', { id: inBucket(bucket) });
    await a.vault.put('personas', x);
    await a.vault.put('personas', y);
    await settle(a);
    await a.sync.sync();
    const b = await joinedDevice(server, cb.now);
    const c = await joinedDevice(server, cc.now);
    cc.t = 10.5 * day; // C edits y, then stays away
    await c.vault.put('personas', { ...y, label: 'Edited on C (offline)' });
    await settle(c);
    cb.t = 11 * day;
    await b.vault.delete('personas', x.id);
    await b.vault.delete('personas', y.id);
    await settle(b);
    await b.sync.sync();
    ca.t = 11 * day;
    await a.sync.sync();
    expect(await labels(a)).toEqual([]);
    expect(serverEntries(server, a).get(entryKey('personas', x.id))?.d).toBe(true);
    // day 50: a write in that bucket keeps the tombstones (younger than 90 days)
    ca.t = 50 * day;
    await a.vault.put('personas', z);
    await settle(a);
    await a.sync.sync();
    expect(serverEntries(server, a).get(entryKey('personas', x.id))?.d).toBe(true);
    // day 102: the next write of the bucket leaves them out
    ca.t = 102 * day;
    await a.vault.put('personas', { ...z, label: 'Written on A again' });
    await settle(a);
    await a.sync.sync();
    const entries = serverEntries(server, a);
    expect(entries.has(entryKey('personas', x.id))).toBe(false);
    expect(entries.has(entryKey('personas', y.id))).toBe(false);
    expect(entries.has(entryKey('personas', z.id))).toBe(true);
    // C comes back: x, unchanged there since, is deleted; y, edited there before the delete, comes
    // back (the documented cost: with its tombstone gone, the older edit no longer loses to it)
    cc.t = 103 * day;
    await c.sync.sync();
    expect(await labels(c)).toEqual(['Edited on C (offline)', 'Written on A again']);
    await a.sync.sync();
    await b.sync.sync();
    expect(await labels(a)).toEqual(['Edited on C (offline)', 'Written on A again']);
    expect(await labels(b)).toEqual(['Edited on C (offline)', 'Written on A again']);
    for (const d of [a, b, c]) expect((await d.sync.status()).pending, d.name).toBe(0);
  });
});
