/** Sync settings, status, test connection, sync now, joining, conflicts. Extension pages only. */
import type { Msg, SyncServer, SyncStatusReply } from '../../shared/messages';
import { SyncError } from '../../sync/errors';
import { joinVault } from '../../sync/join';
import type { SyncConfig } from '../../sync/store';
import { WebDavStore } from '../../sync/webdav';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';
import { startSession } from '../session';
import type { SyncScheduler } from '../sync';

export function syncHandlers(vault: Vault, scheduler: SyncScheduler) {
  const { engine } = scheduler;

  async function status(): Promise<SyncStatusReply> {
    const s = await engine.status();
    const cfg = await engine.config();
    return {
      ...s,
      hasPassword: Boolean(cfg?.password),
      conflicts: s.conflicts.map((c) => ({
        id: c.id,
        label: c.label,
        fields: c.fields.map((f) => ({ field: f.field, kept: f.kept, other: f.other })),
        at: c.at,
      })),
    };
  }

  /** An empty password keeps the saved one, for the same server and user. */
  async function withSaved(server: SyncServer): Promise<SyncConfig> {
    if (server.password) return server;
    const saved = await engine.config();
    if (saved && saved.url === server.url && saved.user === server.user) return { ...server, password: saved.password };
    throw new SyncError('errSyncAuth', 'no password');
  }

  return {
    'sync/status': status,
    'sync/test': async (m: Msg<'sync/test'>) => {
      await new WebDavStore(await withSaved(m.server)).test();
      return {};
    },
    'sync/configure': async (m: Msg<'sync/configure'>) => {
      await engine.configure(m.server === null ? null : await withSaved(m.server));
      if (m.server !== null) scheduler.soon(0);
      return status();
    },
    'sync/now': async () => {
      // The reply carries the outcome in the status (lastError), so the page says what failed.
      await engine.sync().catch(() => undefined);
      return status();
    },
    'sync/join': async (m: Msg<'sync/join'>) => {
      if (vault.state() !== 'uninitialized') throw new HandledError('errAlreadyInitialized');
      const how =
        m.passphrase !== undefined
          ? { passphrase: m.passphrase }
          : m.recoveryCode !== undefined && m.newPassphrase !== undefined
            ? { recoveryCode: m.recoveryCode, newPassphrase: m.newPassphrase }
            : null;
      if (how === null) throw new HandledError('errInvalidMessage');
      await joinVault(vault, new WebDavStore(m.server), how);
      await engine.configure(m.server);
      await startSession(vault, (await vault.getSettings()).autoLockMinutes);
      scheduler.soon(0);
      return {};
    },
    'sync/resolve': async (m: Msg<'sync/resolve'>) => {
      // The chosen values become an edit of the persona, and the resolution syncs with the
      // conflict, so every device drops it (SyncEngine.resolveConflict).
      if (!(await engine.resolveConflict(m.id, m.use))) throw new HandledError('errNotFound');
      return status();
    },
    'sync/passphrase': async (m: Msg<'sync/passphrase'>) => {
      // errWrongPassphrase (a VaultError) goes back to the page as it is; then a round at once.
      await engine.adoptPassphrase(m.passphrase);
      await engine.sync().catch(() => undefined);
      return status();
    },
  };
}
