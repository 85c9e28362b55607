/**
 * Error codes the UI can be handed: reply codes from the background and validation keys from
 * src/shared/records.ts. Each is an i18n key; test/unit/ui-i18n.test.ts checks that each has a message.
 */
export const REPLY_ERROR_CODES = [
  'errAlreadyInitialized',
  'errBackupAuth',
  'errBackupKdf',
  'errBackupFormat',
  'errBackupPassphrase',
  'errBackupTooLarge',
  'errBackupTruncated',
  'errBackupVersion',
  'errForbidden',
  'errFormChanged',
  'errInternal',
  'errInvalidId',
  'errInvalidMessage',
  'errInvalidRecord',
  'errInvalidSettings',
  'errLocked',
  'errNoBackground',
  'errNoFrames',
  'errNoPersona',
  'errNotFillable',
  'errPlanExpired',
  'errTabGone',
  'errVaultKdf',
  'errNotFound',
  'errNotInitialized',
  'errRecordCorrupt',
  'errRecordInvalid',
  'errRecordRollback',
  'errRecordVersion',
  'errSessionKey',
  'errWeakPassphrase',
  'errWrongPassphrase',
  'errWrongRecoveryCode',
] as const;

/** Brand-protocol failures (src/protocol/errors.ts), shown when a request to a brand goes wrong. */
export { PROTOCOL_ERROR_CODES } from '../protocol/errors';

export const VALIDATION_CODES = [
  'errCountry',
  'errDate',
  'errEmail',
  'errLabelRequired',
  'errLanguage',
  'errPostalCode',
  'errTel',
  'errTooLong',
  'errUrl',
] as const;

/** Codes that mean "the vault is not open any more": the page should re-read `vault/status`. */
export function isVaultClosed(code: string): boolean {
  return code === 'errLocked' || code === 'errNotInitialized';
}
