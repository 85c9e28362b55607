/**
 * The vault's typed errors. Every code is an i18n key (public/_locales/<lang>/messages.json), so the
 * background can hand it to the UI as is (router.ts forwards `code` and a string `detail`).
 * `detail` never carries a secret or a record value: at most ids, table names or a schema path.
 * The English texts, like every other language's, live only in public/_locales, under the code.
 */
export type VaultErrorCode =
  | 'errWrongPassphrase'
  | 'errWrongRecoveryCode'
  | 'errLocked'
  | 'errNotInitialized'
  | 'errAlreadyInitialized'
  | 'errWeakPassphrase'
  | 'errRecordCorrupt'
  | 'errRecordInvalid'
  | 'errRecordVersion'
  | 'errInvalidRecord'
  | 'errInvalidId'
  | 'errInvalidSettings'
  | 'errSessionKey'
  | 'errBackupFormat'
  | 'errBackupVersion'
  | 'errBackupAuth'
  | 'errBackupPassphrase'
  | 'errBackupTruncated'
  | 'errBackupKdf'
  | 'errVaultKdf'
  | 'errRecordRollback';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    readonly detail?: string,
  ) {
    // The message is the code, not prose: messages can end up in logs, and the UI translates codes.
    super(code);
  }
}
