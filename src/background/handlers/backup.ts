/** Encrypted backup export and import. Import checks the whole file before it writes anything. */
import type { UiToBackground } from '../../shared/messages';
import type { Vault } from '../../vault/vault';
import { startSession } from '../session';

type Msg<T extends UiToBackground['type']> = Extract<UiToBackground, { type: T }>;

export function backupHandlers(vault: Vault) {
  return {
    'backup/export': async () => {
      const data = await vault.exportBackup();
      const day = new Date().toISOString().slice(0, 10);
      return { filename: `proffer-backup-${day}.json`, data };
    },
    'backup/import': async (m: Msg<'backup/import'>) => {
      const wasUnlocked = vault.state() === 'unlocked';
      const imported = await vault.importBackup(m.data, m.passphrase);
      // Restoring into an empty vault leaves it unlocked under the backup's passphrase.
      if (!wasUnlocked && vault.state() === 'unlocked') await startSession(vault, (await vault.getSettings()).autoLockMinutes);
      return { imported };
    },
  };
}
