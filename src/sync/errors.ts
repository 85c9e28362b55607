/**
 * Why sync failed, as i18n keys (public/_locales), so the status line and "test connection" can
 * say exactly what went wrong. `detail` never holds a secret (no password, no record content).
 */
export type SyncErrorCode =
  /** No answer: the server is down, the name does not resolve, or the request timed out. */
  | 'errSyncUnreachable'
  /** The TLS handshake failed (certificate not trusted, expired, wrong name). */
  | 'errSyncTls'
  /** 401: the user name or app password is wrong. */
  | 'errSyncAuth'
  /** 403: the account may not use this folder. */
  | 'errSyncForbidden'
  /** The URL answers, but not as a WebDAV folder (no 207 to PROPFIND, or not found). */
  | 'errSyncNotWebdav'
  /** 507 (or 413): the server has no space left for the vault. */
  | 'errSyncNoSpace'
  /** Any other failure of the server (5xx, an unexpected status). */
  | 'errSyncServer'
  /** The server's copy is older than one this device already saw: rolled back, or replaced. */
  | 'errSyncRollback'
  /** The server's copy does not open under this vault's key: changed by someone without the key. */
  | 'errSyncTampered'
  /** The folder holds another vault (a different vault key). */
  | 'errSyncOtherVault'
  /** Joining: the folder holds no vault yet. */
  | 'errSyncNoVault'
  /** Another device kept winning the race to write; the next sync tries again. */
  | 'errSyncBusy'
  /** Sync is not set up. */
  | 'errSyncNotConfigured'
  /** The vault key was replaced here (recovery, or a new key with a passphrase change) since sync was set up. */
  | 'errSyncKeyChanged'
  /** The vault's passphrase was changed on another device: this one stops until the person enters the new one. */
  | 'errSyncPassphraseChanged';

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SyncError';
  }
}
