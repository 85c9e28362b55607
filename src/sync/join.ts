/**
 * A second device joins a synced vault: it reads the vault header from the server (KDF
 * parameters and wrapped keys, as in a backup), opens the vault key with the passphrase, or with
 * the recovery code and a new passphrase for this device, and restores it into its empty vault
 * as an empty backup of that header (backup.ts), so the device ends unlocked with the same vault
 * key, not a new one. The records follow with the first sync round.
 *
 * With the recovery code, this device's header wraps the same key under the new passphrase (the
 * recovery wrap and key check stay): the other devices keep their passphrase, nothing is rotated.
 */
import { floorWarnings } from '../shared/passphrase-floor';
import { RECORD_TABLES, type RecordTable } from '../shared/records';
import { writeBackup } from '../vault/backup';
import {
  deriveKek,
  deriveSubkeys,
  type KdfCost,
  parseRecoveryCode,
  recoveryKek,
  unwrapKey,
  verifyKeyCheck,
  wrapKey,
  zero,
} from '../vault/crypto';
import type { Row } from '../vault/db';
import { VaultError } from '../vault/errors';
import { type Header, HeaderJsonSchema, headerFromJson, kdfCostAllowed, kdfParamsFor } from '../vault/header';
import type { Vault } from '../vault/vault';
import { SyncError } from './errors';
import type { RemoteStore } from './remote';

export type JoinWith = { passphrase: string } | { recoveryCode: string; newPassphrase: string };

export interface JoinOptions {
  /** Lowest KDF cost accepted from the server's header (unit tests lower it; the product does not). */
  kdfFloor?: Partial<KdfCost>;
}

/** The vault header on the server, validated; errSyncNoVault when there is none. */
export async function remoteHeader(remote: RemoteStore): Promise<Header> {
  const got = await remote.get('header.json');
  if (got === null || got === 'unchanged') throw new SyncError('errSyncNoVault');
  let header: Header | null = null;
  try {
    const parsed = HeaderJsonSchema.safeParse(JSON.parse(new TextDecoder().decode(got.body)));
    header = parsed.success ? headerFromJson(parsed.data) : null;
  } catch {
    header = null;
  }
  if (header === null) throw new SyncError('errSyncTampered', 'header');
  return header;
}

/** Joins: the vault must be empty on this device; ends unlocked with the server vault's key. */
export async function joinVault(vault: Vault, remote: RemoteStore, how: JoinWith, opts: JoinOptions = {}): Promise<void> {
  if ((await vault.init()) !== 'uninitialized') throw new VaultError('errAlreadyInitialized');
  await remote.prepare();
  const header = await remoteHeader(remote);
  // Before any derivation: a cost Proffer never writes is refused (a memory bomb from a hostile server).
  if (!kdfCostAllowed(header.kdf, opts.kdfFloor)) throw new VaultError('errVaultKdf');
  let vaultKey: Uint8Array;
  let local: Header = header;
  let passphrase: string;
  if ('passphrase' in how) {
    const kek = await deriveKek(how.passphrase, header.kdf);
    vaultKey = unwrapKey(kek, header.wrapped.passphrase, 'passphrase', 'errWrongPassphrase');
    zero(kek);
    passphrase = how.passphrase;
  } else {
    // The same floor as every passphrase the vault accepts (vault.ts create, changePassphrase).
    if (floorWarnings(how.newPassphrase).length > 0) throw new VaultError('errWeakPassphrase');
    const code = parseRecoveryCode(how.recoveryCode);
    const rkek = recoveryKek(code, header.wrapped.recovery.salt);
    vaultKey = unwrapKey(rkek, header.wrapped.recovery, 'recovery', 'errWrongRecoveryCode');
    zero(rkek, code);
    const kdf = kdfParamsFor({ m: header.kdf.m, t: header.kdf.t, p: header.kdf.p });
    const kek = await deriveKek(how.newPassphrase, kdf);
    local = { ...header, kdf, wrapped: { ...header.wrapped, passphrase: wrapKey(kek, vaultKey, 'passphrase') } };
    zero(kek);
    passphrase = how.newPassphrase;
  }
  const sub = deriveSubkeys(vaultKey);
  try {
    verifyKeyCheck(sub, header.keyCheck, 'errRecordCorrupt');
    const empty = Object.fromEntries(RECORD_TABLES.map((t) => [t, [] as Row[]])) as Record<RecordTable, Row[]>;
    const text = writeBackup(local, empty, sub.mac);
    await vault.importBackup(text, passphrase);
  } finally {
    zero(vaultKey, sub.record, sub.blind, sub.mac, sub.manifest);
  }
}
