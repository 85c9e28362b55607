/**
 * Backup export and import: round trips (into a wiped vault, a new database, and merged into
 * another vault), and every way a file can be wrong, each refused with its own code and the vault
 * left byte-for-byte as it was.
 */
import { describe, expect, it } from 'vitest';
import { RECORD_TABLES, SCHEMA_VERSION } from '../../src/shared/records';
import { canonicalJson, readBackup } from '../../src/vault/backup';
import { backupMac, deriveSubkeys, recordAad, seal } from '../../src/vault/crypto';
import { fromB64, toB64, toHex, utf8 } from '../../src/vault/encoding';
import { newId } from '../../src/vault/records-codec';
import type { Vault } from '../../src/vault/vault';
import { createdVault, dbName, expectCode, freshVault, PASS, PASS2, PERSONAL, putAll, rawDump, SITE, samples } from './vault-fixture';

async function vaultWithData(): Promise<{ vault: Vault; name: string; recs: ReturnType<typeof samples>; recoveryCode: string }> {
  const { vault, name, recoveryCode } = await createdVault();
  const recs = await putAll(vault);
  await vault.putMany('shares', [samples('https://other.example').shares, samples(SITE).shares]);
  return { vault, name, recs, recoveryCode };
}

async function allRecords(vault: Vault) {
  const out: Record<string, unknown[]> = {};
  for (const t of RECORD_TABLES) {
    const { records, failures } = await vault.list(t);
    expect(failures).toEqual([]);
    out[t] = records.sort((a, b) => a.id.localeCompare(b.id));
  }
  return out;
}

type BackupJson = { tables: Record<string, { id: string; v: number; n: string; c: string; bi?: string }[]>; mac: string } & Record<
  string,
  unknown
>;

/** Re-MACs an edited backup with the right key, to test the checks that come after the MAC. */
function remac(file: BackupJson, vaultKey: Uint8Array): string {
  const { mac: _old, ...body } = file;
  return JSON.stringify({ ...body, mac: toHex(backupMac(deriveSubkeys(vaultKey).mac, canonicalJson(body))) });
}

// ---- round trips ------------------------------------------------------------------------------

describe('backup round trips', () => {
  it('export is well-formed, authenticated, and carries nothing personal in the clear', async () => {
    const { vault } = await vaultWithData();
    const text = await vault.exportBackup(new Date('2025-01-02T03:04:05Z'));
    const file = JSON.parse(text);
    expect(file.format).toBe('proffer-backup');
    expect(file.version).toBe(1);
    expect(file.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(Object.keys(file.tables).sort()).toEqual([...RECORD_TABLES].sort());
    expect(file.tables.shares).toHaveLength(3);
    expect(file.header.kdf).toMatchObject({ alg: 'argon2id', m: 64, t: 1, p: 1 });
    expect(file.mac).toMatch(/^[0-9a-f]{64}$/);
    const decoded = [
      text,
      ...Object.values(file.tables as BackupJson['tables']).flatMap((rows) =>
        rows.map((r) => Buffer.from(fromB64(r.c)).toString('latin1')),
      ),
    ]
      .join('\n')
      .toLowerCase();
    for (const needle of [...PERSONAL, 'example.org']) expect(decoded).not.toContain(needle.toLowerCase());
  });

  it('restores into the wiped vault: same records, same passphrase and recovery code, unlocked', async () => {
    const { vault, recoveryCode } = await vaultWithData();
    const before = await allRecords(vault);
    const text = await vault.exportBackup();
    await vault.wipe();

    const counts = await vault.importBackup(text, PASS);
    expect(counts).toEqual({ personas: 1, terms: 1, shares: 3, brands: 1, intents: 1, offers: 1, requests: 1, sites: 1, agreements: 1 });
    expect(vault.state()).toBe('unlocked');
    expect(await allRecords(vault)).toEqual(before);
    expect((await vault.bySite('shares', `${SITE}/`)).records).toHaveLength(2);

    vault.lock();
    await vault.unlock(PASS);
    vault.lock();
    await vault.unlockWithRecovery(recoveryCode, PASS2);
    expect(await allRecords(vault)).toEqual(before);

    // and into a database that never had a vault (a new machine)
    const fresh = await freshVault();
    await fresh.importBackup(text, PASS);
    expect(await allRecords(fresh)).toEqual(before);
    expect(fresh.state()).toBe('unlocked');
  });

  it('merges into another unlocked vault: records re-sealed under its key, same ids overwritten, its passphrase unchanged', async () => {
    const { vault: a, recs } = await vaultWithData();
    const fromA = await allRecords(a);
    const text = await a.exportBackup();

    const nameB = dbName();
    const b = await freshVault(nameB);
    await b.create(PASS2);
    const own = samples('https://own-b.example');
    await b.put('personas', own.personas);
    await b.put('shares', { ...recs.shares, fields: [] }); // same id as in the backup: the backup wins
    const counts = await b.importBackup(text, PASS);
    expect(counts.shares).toBe(3);

    const merged = await allRecords(b);
    expect(merged.personas).toHaveLength(2);
    expect(merged.shares).toEqual(fromA.shares);
    expect((await b.get('shares', recs.shares.id))?.fields).toEqual(recs.shares.fields);
    expect((await b.bySite('shares', SITE)).records).toHaveLength(2);
    expect((await b.bySite('brands', SITE)).records).toHaveLength(1);

    // sealed under B's key: B's passphrase opens them, and their bytes differ from A's
    const fileRows = JSON.parse(text).tables.personas as { id: string; c: string }[];
    const rowInB = (await b.db.rows('personas').get(recs.personas.id))!;
    expect(toB64(rowInB.c)).not.toBe(fileRows[0]!.c);
    b.lock();
    await expectCode(b.unlock(PASS), 'errWrongPassphrase');
    await b.unlock(PASS2);
    expect(await allRecords(b)).toEqual(merged);
  });

  it('a merge never overwrites a newer record with an older copy from the backup', async () => {
    const { vault: a, recs } = await vaultWithData();
    const text = await a.exportBackup(); // persona updatedAt 1_700_000_000_000, site updatedAt 1

    const b = await freshVault();
    await b.create(PASS2);
    const newerPersona = { ...recs.personas, nickname: 'edited later', updatedAt: recs.personas.updatedAt + 1000 };
    const olderSite = { ...recs.sites, alias: 'old@example.net', updatedAt: 0 };
    const newerRequest = { ...recs.requests, history: [{ status: 'fulfilled' as const, at: 5_000 }], status: 'fulfilled' as const };
    await b.put('personas', newerPersona);
    await b.put('sites', olderSite);
    await b.put('requests', newerRequest);

    const counts = await b.importBackup(text, PASS);
    expect((await b.get('personas', recs.personas.id))?.nickname).toBe('edited later');
    expect((await b.get('requests', recs.requests.id))?.status).toBe('fulfilled');
    expect((await b.get('sites', recs.sites.id))?.alias).toBe(recs.sites.alias); // the backup's is newer
    expect(counts.personas).toBe(0);
    expect(counts.requests).toBe(0);
    expect(counts.sites).toBe(1);
    expect(counts.shares).toBe(3);
  });

  it('export refuses while a row is unreadable, naming it', async () => {
    const { vault, recs } = await vaultWithData();
    const row = (await vault.db.rows('terms').get(recs.terms.id))!;
    await vault.db.rows('terms').put({ ...row, id: recs.personas.id });
    const e = await expectCode(vault.exportBackup(), 'errRecordCorrupt');
    expect(e.detail).toBe(`terms/${recs.personas.id}`);
    vault.lock();
    await expectCode(vault.exportBackup(), 'errLocked');
  });
});

// ---- rejections -------------------------------------------------------------------------------

describe('backup import rejects bad files and changes nothing', () => {
  /** Runs an import expected to fail against both an unlocked vault with data and an empty database. */
  async function rejects(makeText: (good: string, ctx: { key: Uint8Array }) => string, code: string, passphrase = PASS) {
    const { vault, name } = await vaultWithData();
    const good = await vault.exportBackup();
    const text = makeText(good, { key: vault.exportSessionKey() });

    const before = await rawDump(name);
    await expectCode(vault.importBackup(text, passphrase), code);
    expect(await rawDump(name)).toEqual(before);
    expect(vault.state()).toBe('unlocked');

    const emptyName = dbName();
    const empty = await freshVault(emptyName);
    await expectCode(empty.importBackup(text, passphrase), code);
    expect(empty.state()).toBe('uninitialized');
    for (const rows of Object.values(await rawDump(emptyName))) expect(rows).toEqual([]);
  }

  const edit = (good: string, fn: (f: BackupJson) => void) => {
    const f = JSON.parse(good) as BackupJson;
    fn(f);
    return JSON.stringify(f);
  };

  it('malformed JSON -> errBackupFormat', () => rejects(() => '{"format": "proffer-backup", oops}', 'errBackupFormat'));
  it('not JSON at all -> errBackupFormat', () => rejects(() => 'PK\u0003\u0004 a zip file', 'errBackupFormat'));
  it('empty file -> errBackupFormat', () => rejects(() => '', 'errBackupFormat'));
  it('another format -> errBackupFormat', () => rejects((g) => edit(g, (f) => (f.format = 'bitwarden-export')), 'errBackupFormat'));
  it('right format, wrong shape -> errBackupFormat', () =>
    rejects((g) => edit(g, (f) => delete (f as Record<string, unknown>).header), 'errBackupFormat'));
  it('unsupported version -> errBackupVersion', () => rejects((g) => edit(g, (f) => (f.version = 2)), 'errBackupVersion'));
  it('a table this build does not know -> errBackupVersion', () =>
    rejects((g) => edit(g, (f) => (f.tables.wishes = [])), 'errBackupVersion'));
  it('a record from a newer schema -> errBackupVersion', () =>
    rejects((g) => edit(g, (f) => (f.tables.personas![0]!.v = SCHEMA_VERSION + 1)), 'errBackupVersion'));
  it('truncated file -> errBackupTruncated', () => rejects((g) => g.slice(0, Math.floor(g.length * 0.6)), 'errBackupTruncated'));
  it('truncated by one character -> errBackupTruncated', () => rejects((g) => g.trimEnd().slice(0, -1), 'errBackupTruncated'));
  it('wrong passphrase -> errBackupPassphrase', () => rejects((g) => g, 'errBackupPassphrase', PASS2));

  it('one flipped byte in one record -> errBackupAuth', () =>
    rejects(
      (g) =>
        edit(g, (f) => {
          const row = f.tables.shares![1]!;
          const c = fromB64(row.c);
          c[c.length >> 1]! ^= 0x01;
          row.c = toB64(c);
        }),
      'errBackupAuth',
    ));

  it('one changed character in the file text -> errBackupAuth', () =>
    rejects((g) => {
      const f = JSON.parse(g) as BackupJson;
      const c = f.tables.personas![0]!.c;
      const i = c.length >> 1;
      return g.replace(c, c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1));
    }, 'errBackupAuth'));

  it('a removed record -> errBackupAuth', () => rejects((g) => edit(g, (f) => f.tables.shares!.pop()), 'errBackupAuth'));
  it('reordered records -> errBackupAuth', () => rejects((g) => edit(g, (f) => f.tables.shares!.reverse()), 'errBackupAuth'));
  it('a removed table -> errBackupAuth', () => rejects((g) => edit(g, (f) => delete f.tables.offers), 'errBackupAuth'));
  it('an edited date -> errBackupAuth', () => rejects((g) => edit(g, (f) => (f.createdAt = '2001-01-01T00:00:00.000Z')), 'errBackupAuth'));
  it('a duplicated record -> errBackupAuth', () =>
    rejects((g) => edit(g, (f) => f.tables.personas!.push({ ...f.tables.personas![0]! })), 'errBackupAuth'));
  it('a record added from another backup -> errBackupAuth', async () => {
    const other = await (await vaultWithData()).vault.exportBackup();
    const foreign = (JSON.parse(other) as BackupJson).tables.personas![0]!;
    await rejects((g) => edit(g, (f) => f.tables.personas!.push(foreign)), 'errBackupAuth');
  });
  it('a forged MAC -> errBackupAuth', () => rejects((g) => edit(g, (f) => (f.mac = '0'.repeat(64))), 'errBackupAuth'));

  it('even with a valid MAC, a record moved to another id is opened and refused -> errBackupAuth', () =>
    rejects((g, { key }) => {
      const f = JSON.parse(g) as BackupJson;
      const [x, y] = f.tables.shares!;
      [x!.id, y!.id] = [y!.id, x!.id];
      return remac(f, key);
    }, 'errBackupAuth'));

  it('even with a valid MAC, a record that fails its schema is refused -> errBackupAuth', () =>
    rejects((g, { key }) => {
      const f = JSON.parse(g) as BackupJson;
      const id = newId();
      const sealed = seal(
        deriveSubkeys(key).record,
        utf8(JSON.stringify({ id, label: 'x', addresses: 'nope' })),
        recordAad('personas', id, SCHEMA_VERSION),
      );
      f.tables.personas!.push({ id, v: SCHEMA_VERSION, n: toB64(sealed.n), c: toB64(sealed.c) });
      return remac(f, key);
    }, 'errBackupAuth'));

  it('a hostile KDF cost is refused before any key derivation -> errBackupKdf', () =>
    rejects((g) => edit(g, (f) => ((f.header as { kdf: { m: number } }).kdf.m = 64 * 1024 * 1024)), 'errBackupKdf'));

  it('KDF parameters outside what Proffer writes are refused in milliseconds, before derivation -> errBackupKdf', async () => {
    const kdfOf = (f: BackupJson) => (f.header as { kdf: Record<string, unknown> }).kdf;
    const hostile: Record<string, unknown>[] = [
      { m: 4 * 1024 * 1024 }, // 4 GiB: derivation would run for minutes or exhaust memory
      { m: 256 * 1024 + 1 },
      { t: 11 },
      { t: 1_000_000 },
      { p: 5 },
      { p: 64, m: 4096 },
      { alg: 'scrypt' },
    ];
    for (const change of hostile) {
      const started = performance.now();
      await rejects((g) => edit(g, (f) => Object.assign(kdfOf(f), change)), 'errBackupKdf');
      // Two imports and two exports in `rejects`; the 4 GiB derivation alone would take minutes.
      expect(performance.now() - started, JSON.stringify(change)).toBeLessThan(5_000);
    }
  });

  it('a 4 GiB Argon2id backup is refused before derivation: the import returns within a second', async () => {
    const { vault } = await vaultWithData();
    const f = JSON.parse(await vault.exportBackup()) as BackupJson;
    (f.header as { kdf: { m: number } }).kdf.m = 4 * 1024 * 1024;
    const text = JSON.stringify(f);
    const started = performance.now();
    await expectCode(vault.importBackup(text, PASS), 'errBackupKdf');
    // Deriving with 4 GiB would allocate 4 GiB and run for minutes; the refusal takes milliseconds
    // (the bound leaves room for a loaded test machine).
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a locked vault refuses import (unlock first) -> errLocked', async () => {
    const { vault, name } = await vaultWithData();
    const text = await vault.exportBackup();
    vault.lock();
    const before = await rawDump(name);
    await expectCode(vault.importBackup(text, PASS), 'errLocked');
    expect(await rawDump(name)).toEqual(before);
  });
});

describe('readBackup (structure only)', () => {
  it('parses what writeBackup wrote', async () => {
    const { vault } = await vaultWithData();
    const parsed = readBackup(await vault.exportBackup());
    expect(parsed.tables.shares).toHaveLength(3);
    expect(parsed.header.kdf.salt).toBeInstanceOf(Uint8Array);
  });
});
