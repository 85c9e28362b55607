/**
 * The Vault over fake-indexeddb: lifecycle (create, unlock, recover, change passphrase, session key,
 * wipe), records (validation, blind index, failures reported and never overwritten), settings, and
 * what actually lands in IndexedDB (nothing personal in the clear).
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { RECORD_SCHEMAS, RECORD_TABLES, SCHEMA_VERSION } from '../../src/shared/records';
import { DEFAULT_KDF, deriveSubkeys, recordAad, seal } from '../../src/vault/crypto';
import { utf8 } from '../../src/vault/encoding';
import { VaultError } from '../../src/vault/errors';
import { HeaderSchema } from '../../src/vault/header';
import { bucketOf } from '../../src/vault/manifest';
import { newId } from '../../src/vault/records-codec';
import { Vault } from '../../src/vault/vault';
import { createdVault, dbName, expectCode, freshVault, PASS, PASS2, PERSONAL, putAll, rawDump, SITE, samples } from './vault-fixture';

const recordTablesOnly = (dump: Record<string, unknown[]>) => Object.fromEntries(Object.entries(dump).filter(([k]) => k !== 'meta'));

// ---- lifecycle --------------------------------------------------------------------------------

describe('lifecycle', () => {
  it('starts uninitialized; nothing works before create', async () => {
    const vault = await freshVault();
    expect(vault.state()).toBe('uninitialized');
    await expectCode(vault.unlock(PASS), 'errNotInitialized');
    await expectCode(vault.get('personas', 'x'), 'errNotInitialized');
    await expectCode(vault.restoreSessionKey(new Uint8Array(32)), 'errNotInitialized');
    expect(() => vault.exportSessionKey()).toThrow(VaultError);
  });

  it('the product accepts no KDF cost below 19 MiB: a test-cost vault does not open without the test floor', async () => {
    const { vault, name } = await createdVault();
    vault.lock();
    const product = new Vault({ name });
    await product.init();
    await expectCode(product.unlock(PASS), 'errVaultKdf');
  });

  it('says locked (never uninitialized) before init has read the header', () => {
    expect(new Vault({ name: dbName() }).state()).toBe('locked');
  });

  it('create: unlocked, shows a recovery code, refuses a second vault and weak passphrases', async () => {
    const weak = await freshVault();
    // The vault enforces the dictionary-free floor (the screens rate with zxcvbn before they send).
    await expectCode(weak.create('hunter22'), 'errWeakPassphrase');
    await expectCode(weak.create('12345678901'), 'errWeakPassphrase');
    await expectCode(weak.create(''), 'errWeakPassphrase');
    expect(weak.state()).toBe('uninitialized');

    const { vault, recoveryCode, name } = await createdVault();
    expect(vault.state()).toBe('unlocked');
    expect(recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    await expectCode(vault.create(PASS2), 'errAlreadyInitialized');
    const other = await freshVault(name);
    expect(other.state()).toBe('locked');
    await expectCode(other.create(PASS2), 'errAlreadyInitialized');
  });

  it('default KDF: Argon2id with at least 19 MiB, t=2, p=1, stored in the header', async () => {
    const name = dbName();
    const vault = new Vault({ name });
    await vault.init();
    await vault.create(PASS);
    const header = HeaderSchema.parse((await rawDump(name)).meta!.find((r) => (r as { id: string }).id === 'header'));
    expect(header.kdf.alg).toBe('argon2id');
    expect(header.kdf.m).toBeGreaterThanOrEqual(19 * 1024);
    expect(header.kdf).toMatchObject({ m: DEFAULT_KDF.m, t: 2, p: 1 });
    expect(header.kdf.salt.length).toBe(16);
    vault.lock();
    await vault.unlock(PASS);
    expect(vault.state()).toBe('unlocked');
  });

  it('lock and unlock; a wrong passphrase leaves it locked', async () => {
    const { vault, name } = await createdVault();
    const recs = await putAll(vault);
    vault.lock();
    expect(vault.state()).toBe('locked');
    await expectCode(vault.list('personas'), 'errLocked');
    await expectCode(vault.put('personas', recs.personas), 'errLocked');
    await expectCode(vault.unlock(PASS2), 'errWrongPassphrase');
    await expectCode(vault.unlock(PASS.toUpperCase()), 'errWrongPassphrase');
    expect(vault.state()).toBe('locked');
    await vault.unlock(PASS);
    expect(await vault.get('personas', recs.personas.id)).toEqual(RECORD_SCHEMAS.personas.parse(recs.personas));

    // a second instance (a restarted service worker) unlocks the same database
    const again = await freshVault(name);
    expect(again.state()).toBe('locked');
    await again.unlock(PASS);
    expect((await again.list('shares')).records).toHaveLength(1);
  });

  it('changePassphrase re-wraps only the vault key: no record row changes, the recovery code still works', async () => {
    const { vault, name, recoveryCode } = await createdVault();
    await putAll(vault);
    const before = await rawDump(name);
    const headerBefore = HeaderSchema.parse(before.meta!.find((r) => (r as { id: string }).id === 'header'));

    await expectCode(vault.changePassphrase(PASS2, 'tundra violin oyster meadow'), 'errWrongPassphrase');
    await expectCode(vault.changePassphrase(PASS, 'qwerty123'), 'errWeakPassphrase');
    expect(await rawDump(name)).toEqual(before);

    await vault.changePassphrase(PASS, PASS2);
    const after = await rawDump(name);
    expect(recordTablesOnly(after)).toEqual(recordTablesOnly(before));
    const headerAfter = HeaderSchema.parse(after.meta!.find((r) => (r as { id: string }).id === 'header'));
    expect(headerAfter.wrapped.passphrase.c).not.toEqual(headerBefore.wrapped.passphrase.c);
    expect(headerAfter.kdf.salt).not.toEqual(headerBefore.kdf.salt);
    expect(headerAfter.wrapped.recovery).toEqual(headerBefore.wrapped.recovery);
    expect(headerAfter.keyCheck).toEqual(headerBefore.keyCheck);
    expect(vault.state()).toBe('unlocked');

    vault.lock();
    await expectCode(vault.unlock(PASS), 'errWrongPassphrase');
    await vault.unlock(PASS2);
    expect((await vault.list('personas')).records).toHaveLength(1);
    vault.lock();
    await vault.unlockWithRecovery(recoveryCode, 'umbrella fjord quasar mitten');
    expect((await vault.list('personas')).records).toHaveLength(1);
  });

  it('recovery: wrong or malformed codes refused; the right one (typed sloppily) sets a new passphrase and a new code', async () => {
    const { vault, name, recoveryCode } = await createdVault();
    const recs = await putAll(vault);
    vault.lock();
    const before = await rawDump(name);

    const other = (await createdVault()).recoveryCode;
    await expectCode(vault.unlockWithRecovery(other, PASS2), 'errWrongRecoveryCode');
    await expectCode(vault.unlockWithRecovery('ABCD-EFGH', PASS2), 'errWrongRecoveryCode');
    await expectCode(vault.unlockWithRecovery(`U${recoveryCode.slice(1)}`, PASS2), 'errWrongRecoveryCode');
    await expectCode(vault.unlockWithRecovery(recoveryCode, 'password1'), 'errWeakPassphrase');
    expect(vault.state()).toBe('locked');
    expect(await rawDump(name)).toEqual(before);

    const sloppy = recoveryCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const { recoveryCode: fresh } = await vault.unlockWithRecovery(sloppy, PASS2);
    expect(vault.state()).toBe('unlocked');
    expect(fresh).not.toBe(recoveryCode);
    expect(await vault.get('shares', recs.shares.id)).toBeDefined();
    // recovery rotates the vault key: every row is re-sealed (vault-rotation.test.ts has the details)
    expect(recordTablesOnly(await rawDump(name))).not.toEqual(recordTablesOnly(before));

    vault.lock();
    await expectCode(vault.unlock(PASS), 'errWrongPassphrase');
    await expectCode(vault.unlockWithRecovery(recoveryCode, 'tundra violin oyster meadow'), 'errWrongRecoveryCode');
    await vault.unlock(PASS2);
    vault.lock();
    await vault.unlockWithRecovery(fresh, 'tundra violin oyster meadow');
    expect(vault.state()).toBe('unlocked');
  });

  it('session key: a restarted worker reopens with it; any other key is refused', async () => {
    const { vault, name } = await createdVault();
    const recs = await putAll(vault);
    const key = vault.exportSessionKey();
    expect(key.length).toBe(32);
    key.fill(0); // the caller's copy is theirs: zeroing it must not lock the vault
    expect(await vault.get('personas', recs.personas.id)).toBeDefined();

    const restarted = await freshVault(name);
    await restarted.restoreSessionKey(vault.exportSessionKey());
    expect(restarted.state()).toBe('unlocked');
    expect((await restarted.get('personas', recs.personas.id))?.['family-name']).toBe('Zebrowskaya');

    const stranger = await freshVault(name);
    await expectCode(stranger.restoreSessionKey(new Uint8Array(32).fill(7)), 'errSessionKey');
    await expectCode(stranger.restoreSessionKey(new Uint8Array(16)), 'errSessionKey');
    const otherVault = (await createdVault()).vault;
    await expectCode(stranger.restoreSessionKey(otherVault.exportSessionKey()), 'errSessionKey');
    expect(stranger.state()).toBe('locked');
  });

  it('raises a stored KDF cost below the target at unlock, without touching records', async () => {
    const name = dbName();
    const low = await freshVault(name, { m: 64, t: 1, p: 1 });
    await low.create(PASS);
    await putAll(low);
    const before = await rawDump(name);

    const high = await freshVault(name, { m: 128, t: 2, p: 1 });
    await high.unlock(PASS);
    const after = await rawDump(name);
    const header = HeaderSchema.parse(after.meta!.find((r) => (r as { id: string }).id === 'header'));
    expect(header.kdf).toMatchObject({ m: 128, t: 2, p: 1 });
    expect(recordTablesOnly(after)).toEqual(recordTablesOnly(before));

    // a build with a lower target never lowers it, and the passphrase still opens
    const lower = await freshVault(name, { m: 64, t: 1, p: 1 });
    await lower.unlock(PASS);
    expect(HeaderSchema.parse((await rawDump(name)).meta!.find((r) => (r as { id: string }).id === 'header')).kdf.m).toBe(128);
    expect((await lower.list('personas')).records).toHaveLength(1);
  });

  it('a vault header with a KDF cost Proffer never writes is refused before any derivation -> errVaultKdf', async () => {
    const { vault, name, recoveryCode } = await createdVault();
    vault.lock();
    const raw = new Dexie(name);
    await raw.open();
    const header = (await raw.table('meta').get('header')) as { kdf: Record<string, number> };
    for (const change of [{ m: 4 * 1024 * 1024 }, { t: 11 }, { p: 5 }]) {
      await raw.table('meta').put({ ...header, kdf: { ...header.kdf, ...change } });
      const started = performance.now();
      await expectCode(vault.unlock(PASS), 'errVaultKdf');
      await expectCode(vault.unlockWithRecovery(recoveryCode, PASS2), 'errVaultKdf');
      await expectCode(vault.changePassphrase(PASS, PASS2), 'errVaultKdf');
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    await raw.table('meta').put(header);
    raw.close();
    await vault.unlock(PASS);
    expect(vault.state()).toBe('unlocked');
  });
});

// ---- records ----------------------------------------------------------------------------------

describe('records', () => {
  it('put / get / list / count / delete round trip for every table, defaults applied', async () => {
    const { vault } = await createdVault();
    const recs = samples();
    for (const t of RECORD_TABLES) {
      const stored = await vault.put(t, recs[t] as never);
      const expected = RECORD_SCHEMAS[t].parse(recs[t]);
      expect(stored).toEqual(expected);
      expect(await vault.get(t, recs[t].id)).toEqual(expected);
      expect(await vault.list(t)).toEqual({ records: [expected], failures: [] });
      expect(await vault.count(t)).toBe(1);
    }
    expect(await vault.get('personas', newId())).toBeUndefined();

    const updated = { ...recs.personas, nickname: 'Q' };
    await vault.put('personas', updated);
    expect((await vault.get('personas', recs.personas.id))?.nickname).toBe('Q');
    expect(await vault.count('personas')).toBe(1);

    await vault.delete('personas', recs.personas.id);
    expect(await vault.get('personas', recs.personas.id)).toBeUndefined();
    expect(await vault.count('personas')).toBe(0);
  });

  it('refuses invalid records and meaningful ids, writing nothing', async () => {
    const { vault, name } = await createdVault();
    const before = await rawDump(name);
    const bad = { ...samples().personas, email: 'not-an-email' };
    const e = await expectCode(vault.put('personas', bad), 'errInvalidRecord');
    expect(e.detail).toBe('personas.email:errEmail');
    expect(e.detail).not.toContain('not-an-email');
    await expectCode(vault.put('shares', { ...samples().shares, id: 'quillon@example.org' }), 'errInvalidId');
    await expectCode(vault.put('sites', { ...samples().sites, id: 'https://shop.example' }), 'errInvalidId');
    await expectCode(vault.putMany('shares', [samples().shares, { ...samples().shares, channel: 'fax' as never }]), 'errInvalidRecord');
    expect(await rawDump(name)).toEqual(before);
  });

  it('a row copied onto another id, or into another table, fails to open and is reported by id', async () => {
    const { vault } = await createdVault();
    const a = samples().personas;
    let b = samples().personas;
    // In one manifest bucket, a would also be reported as possibly rolled back (the bucket cannot say which row is stale).
    while (bucketOf(b.id) === bucketOf(a.id)) b = samples().personas;
    await vault.put('personas', a);
    await vault.put('personas', b);
    const rowA = (await vault.db.rows('personas').get(a.id))!;
    await vault.db.rows('personas').put({ ...rowA, id: b.id });
    await vault.db.rows('terms').put({ ...rowA });

    const list = await vault.list('personas');
    expect(list.records.map((r) => r.id)).toEqual([a.id]);
    expect(list.failures).toEqual([{ table: 'personas', id: b.id, reason: 'errRecordCorrupt' }]);
    expect((await vault.list('terms')).failures).toEqual([{ table: 'terms', id: a.id, reason: 'errRecordCorrupt' }]);
    await expectCode(vault.get('personas', b.id), 'errRecordCorrupt');
    expect(vault.knownFailures()).toBe(2);
  });

  it('an unreadable row is never overwritten by put or putMany, only removed by delete', async () => {
    const { vault } = await createdVault();
    const p = samples().personas;
    await vault.put('personas', p);
    const row = (await vault.db.rows('personas').get(p.id))!;
    const flipped = row.c.slice();
    flipped[3]! ^= 0xff;
    await vault.db.rows('personas').put({ ...row, c: flipped });

    const e = await expectCode(vault.put('personas', { ...p, nickname: 'new' }), 'errRecordCorrupt');
    expect(e.detail).toBe(`personas/${p.id}`);
    const other = samples().personas;
    await expectCode(vault.putMany('personas', [other, { ...p, nickname: 'new' }]), 'errRecordCorrupt');
    // big batches take another path to find existing rows
    const many = Array.from({ length: 100 }, () => samples().personas);
    await expectCode(vault.putMany('personas', [...many, { ...p, nickname: 'new' }]), 'errRecordCorrupt');
    expect(await vault.count('personas')).toBe(1);
    expect(await vault.db.rows('personas').get(p.id)).toEqual({ ...row, c: flipped });
    expect(await vault.get('personas', other.id)).toBeUndefined();

    await vault.delete('personas', p.id);
    expect(vault.knownFailures()).toBe(0);
    await vault.put('personas', { ...p, nickname: 'new' });
    expect((await vault.get('personas', p.id))?.nickname).toBe('new');
  });

  it('rows from a newer schema version, or that open but fail their schema, are reported distinctly', async () => {
    const { vault } = await createdVault();
    const p = samples().personas;
    await vault.put('personas', p);
    const row = (await vault.db.rows('personas').get(p.id))!;
    await vault.db.rows('personas').put({ ...row, v: SCHEMA_VERSION + 1 });
    expect((await vault.list('personas')).failures).toEqual([{ table: 'personas', id: p.id, reason: 'errRecordVersion' }]);
    await expectCode(vault.put('personas', p), 'errRecordVersion');

    // sealed correctly, but the content is not a valid persona
    const sub = deriveSubkeys(vault.exportSessionKey());
    const id = newId();
    const sealed = seal(sub.record, utf8(JSON.stringify({ id, label: '' })), recordAad('personas', id, SCHEMA_VERSION));
    await vault.db.rows('personas').put({ id, v: SCHEMA_VERSION, ...sealed });
    const list = await vault.list('personas');
    expect(list.failures).toContainEqual({ table: 'personas', id, reason: 'errRecordInvalid' });
    expect(list.records).toEqual([]);
  });

  it('bySite and deleteBySite go through the blind index', async () => {
    const { vault } = await createdVault();
    const a1 = samples('https://shop-zyxwares.example').shares;
    const a2 = samples('https://SHOP-zyxwares.example/checkout?step=2').shares;
    const b = samples('https://other.example').shares;
    await vault.putMany('shares', [a1, a2, b]);
    const found = await vault.bySite('shares', 'https://shop-zyxwares.example/');
    expect(found.records.map((r) => r.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(found.failures).toEqual([]);
    expect((await vault.bySite('shares', 'https://nowhere.example')).records).toEqual([]);

    const rows = await vault.db.rows('shares').toArray();
    for (const r of rows) {
      expect(r.bi).toMatch(/^[0-9a-f]{32}$/);
      expect(r.bi).not.toContain('shop');
    }
    expect(new Set(rows.map((r) => r.bi)).size).toBe(2);

    await expect(vault.bySite('personas', SITE)).rejects.toThrow(TypeError);
    expect(await vault.deleteBySite('shares', 'https://shop-zyxwares.example')).toBe(2);
    expect((await vault.list('shares')).records.map((r) => r.id)).toEqual([b.id]);

    await vault.put('brands', samples().brands);
    expect((await vault.bySite('brands', SITE)).records).toHaveLength(1);
  });

  it('putMany writes thousands of ledger entries in one go', async () => {
    const { vault } = await createdVault();
    const shares = Array.from({ length: 3000 }, (_, i) => ({ ...samples(`https://s${i % 50}.example`).shares, at: i }));
    expect(await vault.putMany('shares', shares)).toBe(3000);
    expect(await vault.count('shares')).toBe(3000);
    const { records, failures } = await vault.list('shares');
    expect(failures).toEqual([]);
    expect(records).toHaveLength(3000);
    expect((await vault.bySite('shares', 'https://s7.example')).records).toHaveLength(60);
    // re-putting existing ones updates in place
    expect(
      await vault.putMany(
        'shares',
        shares.slice(0, 100).map((s) => ({ ...s, at: s.at + 1 })),
      ),
    ).toBe(100);
    expect(await vault.count('shares')).toBe(3000);
  });

  it('an operation in flight when the vault locks fails with errLocked instead of using zeroed keys', async () => {
    const { vault } = await createdVault();
    await putAll(vault);
    const pending = vault.list('personas');
    vault.lock();
    await expectCode(pending, 'errLocked');
    expect(vault.knownFailures()).toBe(0);
  });

  it('stores nothing personal in the clear: no names, values, sites or labels in any raw row', async () => {
    const { vault, name } = await createdVault();
    await putAll(vault);
    await vault.putMany('shares', [samples().shares, samples().shares]);
    await vault.setSettings({ autoLockMinutes: 30 });
    const dump = await rawDump(name);
    expect(Object.keys(dump).sort()).toEqual(['meta', ...RECORD_TABLES].sort());

    const seen: string[] = [];
    const visit = (v: unknown) => {
      if (typeof v === 'string') seen.push(v);
      else if (v instanceof Uint8Array) seen.push(Buffer.from(v).toString('latin1'));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          seen.push(k);
          visit(x);
        }
    };
    visit(dump);
    const haystack = seen.join('\n').toLowerCase();
    for (const needle of [...PERSONAL, 'example.org', 'shop-', '10435']) expect(haystack).not.toContain(needle.toLowerCase());

    for (const t of RECORD_TABLES) {
      for (const row of dump[t] as Record<string, unknown>[]) {
        // r: the row's revision (a counter value), bound into its associated data (manifest.ts)
        expect(Object.keys(row).sort()).toEqual(
          Object.keys(row).includes('bi') ? ['bi', 'c', 'id', 'n', 'r', 'v'] : ['c', 'id', 'n', 'r', 'v'],
        );
        expect(row.r).toEqual(expect.any(Number));
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
  });
});

// ---- settings and wipe ------------------------------------------------------------------------

describe('settings and wipe', () => {
  it('settings: 15 minutes by default, validated, readable while locked', async () => {
    const { vault } = await createdVault();
    expect(await vault.getSettings()).toEqual({ autoLockMinutes: 15 });
    expect(await vault.setSettings({ autoLockMinutes: 45 })).toEqual({ autoLockMinutes: 45 });
    await expectCode(vault.setSettings({ autoLockMinutes: 0 }), 'errInvalidSettings');
    await expectCode(vault.setSettings({ autoLockMinutes: 1.5 }), 'errInvalidSettings');
    vault.lock();
    expect(await vault.getSettings()).toEqual({ autoLockMinutes: 45 });
    expect(await (await freshVault()).getSettings()).toEqual({ autoLockMinutes: 15 });
  });

  it('wipe deletes every record, key, header and setting, leaving uninitialized', async () => {
    const { vault, name } = await createdVault();
    await putAll(vault);
    await vault.setSettings({ autoLockMinutes: 60 });
    const key = vault.exportSessionKey();
    await vault.wipe();
    expect(vault.state()).toBe('uninitialized');
    const dump = await rawDump(name);
    for (const rows of Object.values(dump)) expect(rows).toEqual([]);
    expect(await vault.getSettings()).toEqual({ autoLockMinutes: 15 });
    await expectCode(vault.restoreSessionKey(key), 'errNotInitialized');
    await expectCode(vault.unlock(PASS), 'errNotInitialized');

    await vault.create(PASS2);
    expect(vault.state()).toBe('unlocked');
    for (const t of RECORD_TABLES) expect(await vault.count(t)).toBe(0);
  });
});
