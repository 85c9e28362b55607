/**
 * The vault's typed errors. Every code is an i18n key (public/_locales/<lang>/messages.json), so the
 * background can hand it to the UI as is (router.ts forwards `code` and a string `detail`).
 * `detail` never carries a secret or a record value: at most ids, table names or a schema path.
 */
export const VAULT_ERROR_MESSAGES = {
  errWrongPassphrase: 'That passphrase does not open this vault.',
  errWrongRecoveryCode: 'That recovery code does not open this vault. Check it and try again.',
  errLocked: 'The vault is locked. Unlock it with your passphrase first.',
  errNotInitialized: 'There is no vault yet. Create one first.',
  errAlreadyInitialized: 'A vault already exists here. Unlock it, or wipe it first.',
  errWeakPassphrase: 'This passphrase is too easy to guess. Use a longer one, for example four or more random words.',
  errRecordCorrupt: 'A stored record could not be opened: it is damaged or was tampered with.',
  errRecordInvalid: 'A stored record opened but does not have the expected shape.',
  errRecordVersion: 'A stored record was written by a newer version of Proffer. Update the extension to read it.',
  errInvalidRecord: 'This record is not valid and was not saved.',
  errInvalidId: 'Record ids must be random identifiers (letters, digits, - and _ only).',
  errInvalidSettings: 'These settings are not valid.',
  errSessionKey: 'The saved session does not match this vault. Unlock it again.',
  errBackupFormat: 'This file is not a Proffer backup, or it is damaged.',
  errBackupVersion: 'This backup was made by a newer version of Proffer. Update the extension to import it.',
  errBackupAuth: 'This backup has been altered or damaged: its contents do not match its signature.',
  errBackupPassphrase: 'That passphrase does not open this backup. Use the passphrase the vault had when the backup was made.',
  errBackupTruncated: 'This backup file is incomplete. It may have been cut off while saving or copying.',
} as const;

export type VaultErrorCode = keyof typeof VAULT_ERROR_MESSAGES;
export const VAULT_ERROR_CODES = Object.keys(VAULT_ERROR_MESSAGES) as VaultErrorCode[];

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

export const isVaultError = (e: unknown, code?: VaultErrorCode): e is VaultError =>
  e instanceof VaultError && (code === undefined || e.code === code);
