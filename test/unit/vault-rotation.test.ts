/**
 * Key rotation: changePassphrase({ rotate: true }) and recovery (always) put a new vault key in
 * place, re-seal every record under it in one transaction and issue a new recovery code, so an old
 * header (a copy of the database, or of the header row) opens nothing with the old passphrase or code.
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { RECORD_TABLES } from '../../src/shared/records';
import { HeaderSchema } from '../../src/vault/header';
import type { Vault } from '../../src/vault/vault';
import { createdVault, expectCode, freshVault, PASS, PASS2, putAll, rawDump, samples } from './vault-fixture';

const PASS3 = 'tundra violin oyster meadow';

async function allRecords(vault: Vault) {
  const out: Record<string, unknown[]> = {};
  for (const t of RECORD_TABLES) {
    const { records, failures } = await vault.list(t);
    expect(failures, t).toEqual([]);
    out[t] = records.sort((a, b) => a.id.localeCompare(b.id));
  }
  return out;
}

async function readHeader(name: string): Promise<Record<string, unknown>> {
  const raw = new Dexie(name);
  await raw.open();
  const h = (await raw.table('meta').get('header')) as Record<string, unknown>;
  raw.close();
  return h;
}

async function putHeader(name: string, header: Record<string, unknown>): Promise<void> {
  const raw = new Dexie(name);
  await raw.open();
  await raw.table('meta').put(header);
  raw.close();
}

/** Unlocks `name` with the given header put back, and counts what opens. */
async function whatOpens(name: string, header: Record<string, unknown>, open: (v: Vault) => Promise<unknown>) {
  const current = await readHeader(name);
  await putHeader(name, header);
  const v = await freshVault(name);
  const before = await rawDump(name);
  const refused = await open(v).then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );
  if (refused !== undefined) {
    // Refused outright (recovery re-seals, and the old key does not match the manifest): nothing changed.
    expect(await rawDump(name)).toEqual(before);
    await putHeader(name, current);
    return { records: 0, failures: 0, refused };
  }
  let records = 0;
  let failures = 0;
  for (const t of RECORD_TABLES) {
    const r = await v.list(t);
    records += r.records.length;
    failures += r.failures.length;
  }
  v.lock();
  await putHeader(name, current);
  return { records, failures, refused };
}

describe('key rotation', () => {
  it('changePassphrase with rotate: a new key, every record re-sealed, an old header with the old passphrase opens nothing', async () => {
    const { vault, name, recoveryCode } = await createdVault();
    await putAll(vault);
    await vault.putMany('shares', [samples().shares, samples().shares]);
    const before = await allRecords(vault);
    const rawBefore = await rawDump(name);
    const oldHeader = await readHeader(name);
    const oldKey = vault.exportSessionKey();

    const { recoveryCode: fresh } = await vault.changePassphrase(PASS, PASS2, { rotate: true });
    expect(fresh).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(fresh).not.toBe(recoveryCode);
    expect(vault.state()).toBe('unlocked');
    expect(vault.exportSessionKey()).not.toEqual(oldKey);
    expect(await allRecords(vault)).toEqual(before);

    // every row's ciphertext changed; the blind index too (it is keyed by the vault key)
    const rawAfter = await rawDump(name);
    for (const t of RECORD_TABLES) {
      const old = new Map((rawBefore[t] as { id: string; c: Uint8Array; bi?: string }[]).map((r) => [r.id, r]));
      for (const row of rawAfter[t] as { id: string; c: Uint8Array; bi?: string }[]) {
        expect(row.c).not.toEqual(old.get(row.id)!.c);
        if (row.bi) expect(row.bi).not.toBe(old.get(row.id)!.bi);
      }
    }
    const newHeader = HeaderSchema.parse(await readHeader(name));
    expect(newHeader.keyCheck.c).not.toEqual(HeaderSchema.parse(oldHeader).keyCheck.c);

    // an old copy of the header, with the old passphrase or the old recovery code, opens nothing
    expect(await whatOpens(name, oldHeader, (v) => v.unlock(PASS))).toMatchObject({ records: 0 });
    expect(await whatOpens(name, oldHeader, (v) => v.unlockWithRecovery(recoveryCode, PASS3))).toMatchObject({ records: 0 });
    // and the old key (kept in an old session) is refused by the new header
    await expectCode((await freshVault(name)).restoreSessionKey(oldKey), 'errSessionKey');

    // the current header: the old passphrase and code are refused, the new ones open everything
    vault.lock();
    await expectCode(vault.unlock(PASS), 'errWrongPassphrase');
    await expectCode(vault.unlockWithRecovery(recoveryCode, PASS3), 'errWrongRecoveryCode');
    await vault.unlock(PASS2);
    expect(await allRecords(vault)).toEqual(before);
    expect((await vault.bySite('shares', samples().shares.site)).records.length).toBeGreaterThan(0);
    vault.lock();
    await vault.unlockWithRecovery(fresh!, PASS3);
    expect(await allRecords(vault)).toEqual(before);
  });

  it('without rotate, changePassphrase returns no recovery code; a locked vault rotates and stays locked', async () => {
    const { vault, name } = await createdVault();
    await putAll(vault);
    const before = await allRecords(vault);
    expect(await vault.changePassphrase(PASS, PASS2)).toEqual({});
    vault.lock();
    const { recoveryCode } = await vault.changePassphrase(PASS2, PASS3, { rotate: true });
    expect(recoveryCode).toBeDefined();
    expect(vault.state()).toBe('locked');
    const again = await freshVault(name);
    await again.unlock(PASS3);
    expect(await allRecords(again)).toEqual(before);
  });

  it('recovery always rotates: the old header with the old code or passphrase opens nothing; the new code works', async () => {
    const { vault, name, recoveryCode } = await createdVault();
    await putAll(vault);
    const before = await allRecords(vault);
    const oldHeader = await readHeader(name);
    vault.lock();

    const { recoveryCode: fresh } = await vault.unlockWithRecovery(recoveryCode, PASS2);
    expect(vault.state()).toBe('unlocked');
    expect(await allRecords(vault)).toEqual(before);

    expect(await whatOpens(name, oldHeader, (v) => v.unlock(PASS))).toMatchObject({ records: 0 });
    expect(await whatOpens(name, oldHeader, (v) => v.unlockWithRecovery(recoveryCode, PASS3))).toMatchObject({ records: 0 });

    vault.lock();
    await expectCode(vault.unlockWithRecovery(recoveryCode, PASS3), 'errWrongRecoveryCode');
    await vault.unlockWithRecovery(fresh, PASS3);
    expect(await allRecords(vault)).toEqual(before);
    vault.lock();
    await vault.unlock(PASS3);
    expect(await allRecords(vault)).toEqual(before);
  });

  it('a rotation with the passphrase changed meanwhile by another instance is refused and changes nothing', async () => {
    const { vault, name } = await createdVault();
    await putAll(vault);
    const before = await rawDump(name);
    // Another instance changes the passphrase while this one still holds the old header.
    const other = await freshVault(name);
    await vault.changePassphrase(PASS, PASS2);
    const mid = await rawDump(name);
    expect(mid).not.toEqual(before);
    await expectCode(other.changePassphrase(PASS, PASS3, { rotate: true }), 'errWrongPassphrase');
    expect(await rawDump(name)).toEqual(mid);
  });

  it('rotation is all or nothing: a problem found in the last table leaves every table and the header as they were', async () => {
    const { vault, name, recoveryCode } = await createdVault();
    const recs = await putAll(vault);
    // an older copy of the last table's record: rotation re-seals the tables before it, then refuses
    expect(RECORD_TABLES.at(-1)).toBe('agreements');
    const raw = new Dexie(name);
    await raw.open();
    const old = await raw.table('agreements').get(recs.agreements.id);
    raw.close();
    await vault.put('agreements', { ...recs.agreements, storedAt: 2 });
    const raw2 = new Dexie(name);
    await raw2.open();
    await raw2.table('agreements').put(old);
    raw2.close();
    const before = await rawDump(name);

    await expectCode(vault.changePassphrase(PASS, PASS2, { rotate: true }), 'errRecordRollback');
    expect(await rawDump(name)).toEqual(before);
    vault.lock();
    await expectCode(vault.unlockWithRecovery(recoveryCode, PASS2), 'errRecordRollback');
    expect(await rawDump(name)).toEqual(before);
    await vault.unlock(PASS);
    expect((await vault.list('personas')).records).toHaveLength(1);
  });
});
