/**
 * Rollback: an older copy of a record, a deleted record put back, a row removed, or the whole
 * database put back is reported (errRecordRollback) and never returned as valid data. The manifest
 * (src/vault/manifest.ts) is checked against the rows, and its counter against the one kept outside
 * the database (here the fixture's `outside` map; chrome.storage.local in the extension).
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { RECORD_TABLES } from '../../src/shared/records';
import type { Row } from '../../src/vault/db';
import { bucketOf } from '../../src/vault/manifest';
import { Vault } from '../../src/vault/vault';
import { createdVault, expectCode, freshVault, held, KDF, KDF_FLOOR, outside, PASS, putAll, SITE, samples } from './vault-fixture';

async function raw<T>(name: string, fn: (db: Dexie) => Promise<T>): Promise<T> {
  const db = new Dexie(name);
  await db.open();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

const getRow = (name: string, table: string, id: string) => raw(name, (db) => db.table(table).get(id) as Promise<Row>);
const putRow = (name: string, table: string, row: unknown) => raw(name, (db) => db.table(table).put(row));

/** Every table as stored, to put the whole database back later. */
const snapshot = (name: string) =>
  raw(name, async (db) => Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const))));
const restore = (name: string, snap: Record<string, unknown[]>) =>
  raw(name, (db) =>
    db.transaction('rw', db.tables, async () => {
      for (const t of db.tables) {
        await t.clear();
        await t.bulkPut(snap[t.name] ?? []);
      }
    }),
  );

describe('rollback of one record', () => {
  it('an older copy of a record put back in place is reported, not returned, and not overwritten', async () => {
    const { vault, name } = await createdVault();
    const p = samples().personas;
    await vault.put('personas', p);
    const old = await getRow(name, 'personas', p.id);
    await vault.put('personas', { ...p, nickname: 'current', updatedAt: p.updatedAt + 1 });
    const current = await getRow(name, 'personas', p.id);
    expect(current.r).toBeGreaterThan(old.r!);

    await putRow(name, 'personas', old); // validly sealed, right id and table: only its revision is old
    const reader = await freshVault(name);
    await reader.unlock(PASS);
    const list = await reader.list('personas');
    expect(list.records).toEqual([]);
    expect(list.failures).toEqual([{ table: 'personas', id: p.id, reason: 'errRecordRollback' }]);
    await expectCode(reader.get('personas', p.id), 'errRecordRollback');
    await expectCode(reader.put('personas', { ...p, nickname: 'over it' }), 'errRecordRollback');
    await expectCode(reader.exportBackup(), 'errRecordRollback');
    expect(reader.knownFailures()).toBe(1);

    // the same in the instance that was open all along, once it reads the table again
    expect((await vault.list('personas')).failures).toEqual([{ table: 'personas', id: p.id, reason: 'errRecordRollback' }]);

    // putting the current copy back makes it whole again
    await putRow(name, 'personas', current);
    const again = await freshVault(name);
    await again.unlock(PASS);
    expect((await again.list('personas')).records.map((r) => r.nickname)).toEqual(['current']);
  });

  it('verifyAll (run after unlock) finds a rolled-back record before any read, and reads wait for that check', async () => {
    const { vault, name } = await createdVault();
    const p = samples().personas;
    await vault.put('personas', p);
    const old = await getRow(name, 'personas', p.id);
    await vault.put('personas', { ...p, nickname: 'current', updatedAt: p.updatedAt + 1 });
    await putRow(name, 'personas', old);
    const reader = await freshVault(name);
    await reader.unlock(PASS);
    const checking = reader.verifyAll();
    // A read while the check runs gets the same verdict, not the old copy.
    const [list] = await Promise.all([reader.list('personas'), checking]);
    expect(list.records).toEqual([]);
    expect(list.failures).toEqual([{ table: 'personas', id: p.id, reason: 'errRecordRollback' }]);
    expect(reader.knownFailures()).toBe(1);
  });

  it("an older copy's revision cannot be edited to the current one: it is in the associated data", async () => {
    const { vault, name } = await createdVault();
    const p = samples().personas;
    await vault.put('personas', p);
    const old = await getRow(name, 'personas', p.id);
    await vault.put('personas', { ...p, nickname: 'current' });
    const current = await getRow(name, 'personas', p.id);
    await putRow(name, 'personas', { ...old, r: current.r });
    expect((await vault.list('personas')).failures).toEqual([{ table: 'personas', id: p.id, reason: 'errRecordCorrupt' }]);
    await putRow(name, 'personas', { ...old, r: undefined });
    expect((await vault.list('personas')).failures.map((f) => f.id)).toEqual([p.id]);
    expect((await vault.list('personas')).records).toEqual([]);
  });

  it('a deleted ledger entry put back is reported by id; the other entries still read', async () => {
    const { vault, name } = await createdVault();
    const shares = Array.from({ length: 40 }, () => samples(SITE).shares);
    await vault.putMany('shares', shares);
    const gone = shares[7]!;
    const row = await getRow(name, 'shares', gone.id);
    await vault.delete('shares', gone.id);

    await putRow(name, 'shares', row);
    const reader = await freshVault(name);
    await reader.unlock(PASS);
    const list = await reader.list('shares');
    expect(list.failures).toEqual([{ table: 'shares', id: gone.id, reason: 'errRecordRollback' }]);
    expect(list.records).toHaveLength(39);
    expect(list.records.map((r) => r.id)).not.toContain(gone.id);
    const bySite = await reader.bySite('shares', SITE);
    expect(bySite.failures).toEqual([{ table: 'shares', id: gone.id, reason: 'errRecordRollback' }]);
    expect(bySite.records).toHaveLength(39);
    await expectCode(reader.get('shares', gone.id), 'errRecordRollback');
  });

  it('a deleted entry put back after deleteBySite is reported too', async () => {
    const { vault, name } = await createdVault();
    const s = samples('https://forget-me.example').shares;
    await vault.putMany('shares', [s, samples().shares]);
    const row = await getRow(name, 'shares', s.id);
    expect(await vault.deleteBySite('shares', 'https://forget-me.example')).toBe(1);
    await putRow(name, 'shares', row);
    // a table is checked once per unlock (and at every full list): a restarted worker checks it again
    const reader = await freshVault(name);
    await reader.unlock(PASS);
    const found = await reader.bySite('shares', 'https://forget-me.example');
    expect(found.records).toEqual([]);
    expect(found.failures).toEqual([{ table: 'shares', id: s.id, reason: 'errRecordRollback' }]);
    expect((await vault.list('shares')).failures).toEqual([{ table: 'shares', id: s.id, reason: 'errRecordRollback' }]);
  });

  it('a row removed behind the vault is reported (the bucket no longer adds up)', async () => {
    const { vault, name } = await createdVault();
    const a = samples().personas;
    let b = samples().personas;
    while (bucketOf(b.id) === bucketOf(a.id)) b = samples().personas;
    await vault.putMany('personas', [a, b]);
    await raw(name, (db) => db.table('personas').delete(b.id));
    const list = await vault.list('personas');
    expect(list.records.map((r) => r.id)).toEqual([a.id]);
    expect(list.failures).toEqual([{ table: 'personas', id: `missing:${bucketOf(b.id)}`, reason: 'errRecordRollback' }]);
  });

  it('acceptRollback keeps the vault as it now is, and later writes are checked again', async () => {
    const { vault, name } = await createdVault();
    const p = samples().personas;
    await vault.put('personas', p);
    const old = await getRow(name, 'personas', p.id);
    await vault.put('personas', { ...p, nickname: 'current' });
    await putRow(name, 'personas', old);
    expect((await vault.list('personas')).failures).toHaveLength(1);
    await vault.acceptRollback();
    expect((await vault.list('personas')).records).toHaveLength(1);
    expect(vault.knownFailures()).toBe(0);
    await vault.put('personas', { ...p, nickname: 'after' });
    await putRow(name, 'personas', old);
    expect((await vault.list('personas')).failures).toEqual([{ table: 'personas', id: p.id, reason: 'errRecordRollback' }]);
  });
});

describe('rollback of the whole database', () => {
  it('is reported when the counter kept outside the database is newer than its manifest', async () => {
    const { vault, name } = await createdVault();
    const recs = await putAll(vault);
    const snap = await snapshot(name);
    await vault.put('personas', { ...recs.personas, nickname: 'newer' });
    await vault.delete('shares', recs.shares.id);
    vault.lock();

    await restore(name, snap); // everything put back together: rows, header and manifest agree
    const reader = await freshVault(name);
    await reader.unlock(PASS);
    expect(reader.knownFailures()).toBeGreaterThan(0);
    for (const t of RECORD_TABLES) {
      const { records, failures } = await reader.list(t);
      expect(records, t).toEqual([]);
      expect(
        failures.every((f) => f.reason === 'errRecordRollback'),
        t,
      ).toBe(true);
    }
    expect((await reader.list('shares')).failures.map((f) => f.id)).toEqual([recs.shares.id]);
    await expectCode(reader.get('personas', recs.personas.id), 'errRecordRollback');
    await expectCode(reader.put('personas', recs.personas), 'errRecordRollback');
    await expectCode(reader.delete('personas', recs.personas.id), 'errRecordRollback');
    await expectCode(reader.exportBackup(), 'errRecordRollback');
    await expectCode(reader.changePassphrase(PASS, 'granite pelican sorbet ledger', { rotate: true }), 'errRecordRollback');
  });

  it('is reported after a service-worker restart too (session key), and a removed or forged manifest as well', async () => {
    const { vault, name } = await createdVault();
    await putAll(vault);
    const key = vault.exportSessionKey();
    const manifest = await raw(name, (db) => db.table('meta').get('manifest'));

    await raw(name, (db) => db.table('meta').delete('manifest'));
    const restarted = await freshVault(name);
    await restarted.restoreSessionKey(key.slice());
    expect((await restarted.list('personas')).failures.map((f) => f.reason)).toEqual(['errRecordRollback']);

    const forged = { ...manifest, counter: manifest.counter + 5 };
    await putRow(name, 'meta', forged);
    const again = await freshVault(name);
    await again.restoreSessionKey(key.slice());
    expect((await again.list('personas')).failures.map((f) => f.reason)).toEqual(['errRecordRollback']);

    await putRow(name, 'meta', manifest);
    const fine = await freshVault(name);
    await fine.restoreSessionKey(key.slice());
    expect((await fine.list('personas')).failures).toEqual([]);
  });

  it('is NOT detected when the outside counter is rolled back with it (the documented limit)', async () => {
    const { vault, name } = await createdVault();
    const recs = await putAll(vault);
    const snap = await snapshot(name);
    const outsideThen = outside.get(name);
    await vault.put('personas', { ...recs.personas, nickname: 'newer' });
    vault.lock();
    await restore(name, snap);
    outside.set(name, outsideThen!);
    const reader = await freshVault(name);
    await reader.unlock(PASS);
    expect((await reader.list('personas')).records.map((r) => r.nickname)).toEqual([recs.personas.nickname]);

    // Without any outside store (counter: null), likewise: only the database itself is checked.
    const bare = new Vault({ name, kdf: KDF, kdfFloor: KDF_FLOOR, counter: null });
    await bare.init();
    await bare.unlock(PASS);
    expect((await bare.list('personas')).failures).toEqual([]);
  });

  it('a new vault after wipe, and a restored backup, start above the outside counter', async () => {
    const { vault, name } = await createdVault();
    await putAll(vault);
    const text = await vault.exportBackup();
    const high = outside.get(name)!;
    await vault.wipe();
    expect(outside.get(name)).toBe(high);
    await vault.importBackup(text, PASS);
    expect(outside.get(name)!).toBeGreaterThan(high);
    for (const t of RECORD_TABLES) expect((await vault.list(t)).failures, t).toEqual([]);
    await vault.wipe();
    await vault.create(PASS);
    expect(outside.get(name)!).toBeGreaterThan(high);
    vault.lock();
    await vault.unlock(PASS);
    expect((await vault.list('personas')).failures).toEqual([]);
  });
});

describe('a vault the browser lost', () => {
  it('is told apart from a wiped one and from a new profile', async () => {
    // A new profile: no vault, nothing noted outside. Onboarding as usual.
    const fresh = await freshVault();
    expect(fresh.state()).toBe('uninitialized');
    expect(await fresh.lost()).toBe(false);

    // A vault with a persona; then the browser loses its database (deleted behind Proffer's back).
    const { vault: v, name } = await createdVault();
    await v.put('personas', samples().personas);
    v.lock();
    v.db.close();
    await Dexie.delete(name);
    const after = await freshVault(name);
    expect(after.state()).toBe('uninitialized');
    expect(await after.lost()).toBe(true);

    // A new vault in its place is no longer lost; wiping it is the person's choice, not a loss.
    await after.create(PASS);
    expect(await after.lost()).toBe(false);
    await after.wipe();
    expect(after.state()).toBe('uninitialized');
    expect(await after.lost()).toBe(false);
    after.db.close();
    expect(await (await freshVault(name)).lost()).toBe(false);
  });

  it('is noted by an unlock too (a vault created before the note existed)', async () => {
    const { vault: v, name } = await createdVault();
    held.delete(name); // as a vault from before this note: nothing outside says it lives here
    v.lock();
    v.db.close();
    const again = await freshVault(name);
    await again.unlock(PASS);
    again.lock();
    again.db.close();
    await Dexie.delete(name);
    expect(await (await freshVault(name)).lost()).toBe(true);
  });
});
