/** Vault lifecycle: create, unlock, recover, change passphrase, lock, wipe, settings. Extension pages only. */
import type { Msg } from '../../shared/messages';
import type { Vault } from '../../vault/vault';
import { clearBadge } from '../badge';
import { resetGpc } from '../gpc';
import { endSession, startSession, touchSession } from '../session';

export function vaultHandlers(vault: Vault) {
  const autoLock = async () => (await vault.getSettings()).autoLockMinutes;
  return {
    'vault/status': async () => {
      const settings = await vault.getSettings();
      if (vault.state() === 'unlocked') await touchSession(settings.autoLockMinutes);
      const state = vault.state();
      const lost = state === 'uninitialized' && (await vault.lost());
      return { state, autoLockMinutes: settings.autoLockMinutes, recordFailures: vault.knownFailures?.() ?? 0, ...(lost ? { lost } : {}) };
    },
    'vault/create': async (m: Msg<'vault/create'>) => {
      const { recoveryCode } = await vault.create(m.passphrase);
      await startSession(vault, await autoLock());
      return { recoveryCode };
    },
    'vault/unlock': async (m: Msg<'vault/unlock'>) => {
      await vault.unlock(m.passphrase);
      await startSession(vault, await autoLock());
      return {};
    },
    'vault/recover': async (m: Msg<'vault/recover'>) => {
      const { recoveryCode } = await vault.unlockWithRecovery(m.recoveryCode, m.newPassphrase);
      await startSession(vault, await autoLock());
      return { recoveryCode };
    },
    'vault/change-passphrase': async (m: Msg<'vault/change-passphrase'>) => {
      const { recoveryCode } = await vault.changePassphrase(m.current, m.next, { rotate: m.rotate === true });
      if (recoveryCode === undefined) return {};
      // Rotated: the key kept for the session is the old one; keep the new one instead.
      if (vault.state() === 'unlocked') await startSession(vault, await autoLock());
      return { recoveryCode };
    },
    'vault/lock': async () => {
      await endSession(vault);
      return {};
    },
    'vault/wipe': async () => {
      await endSession(vault);
      await vault.wipe();
      // Everything Proffer keeps outside the vault goes too: GPC exceptions name sites, reminders list request ids.
      await resetGpc();
      await chrome.storage.local.remove('notified');
      await clearBadge();
      return {};
    },
    'settings/set': async (m: Msg<'settings/set'>) => {
      await vault.setSettings({ autoLockMinutes: m.autoLockMinutes });
      if (vault.state() === 'unlocked') await touchSession(m.autoLockMinutes);
      return { autoLockMinutes: m.autoLockMinutes };
    },
  };
}
