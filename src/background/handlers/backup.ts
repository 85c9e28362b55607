/** Encrypted backup export and import. Import checks the whole file before it writes anything. */
import { BACKUP_CHUNK, type Msg } from '../../shared/messages';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';
import { startSession } from '../session';

const TRANSFER_TTL_MS = 10 * 60_000;
/** Uploads held at once: the options page sends one at a time; a second tab may start another. */
const MAX_UPLOADS = 2;
/** Characters held across every upload in flight: one backup at its largest (64 chunks). */
const MAX_UPLOAD_CHARS = 64 * BACKUP_CHUNK;

export function backupHandlers(vault: Vault, limits = { uploads: MAX_UPLOADS, chars: MAX_UPLOAD_CHARS }) {
  // Big backups in transit, in this worker's memory only (the file is sealed anyway), briefly.
  const exports = new Map<string, { chunks: string[]; at: number }>();
  const uploads = new Map<string, { parts: (string | undefined)[]; at: number }>();
  const prune = () => {
    const now = Date.now();
    for (const [k, v] of exports) if (now - v.at > TRANSFER_TTL_MS) exports.delete(k);
    for (const [k, v] of uploads) if (now - v.at > TRANSFER_TTL_MS) uploads.delete(k);
  };

  async function importText(data: string, passphrase: string) {
    const wasUnlocked = vault.state() === 'unlocked';
    const imported = await vault.importBackup(data, passphrase);
    // Restoring into an empty vault leaves it unlocked under the backup's passphrase.
    if (!wasUnlocked && vault.state() === 'unlocked') await startSession(vault, (await vault.getSettings()).autoLockMinutes);
    return { imported };
  }

  return {
    'backup/export': async () => {
      prune();
      const data = await vault.exportBackup();
      const day = new Date().toISOString().slice(0, 10);
      const filename = `proffer-backup-${day}.json`;
      if (data.length <= BACKUP_CHUNK) return { filename, data };
      const chunks: string[] = [];
      for (let i = 0; i < data.length; i += BACKUP_CHUNK) chunks.push(data.slice(i, i + BACKUP_CHUNK));
      const exportId = crypto.randomUUID();
      exports.set(exportId, { chunks, at: Date.now() });
      return { filename, exportId, chunks: chunks.length };
    },
    'backup/export-chunk': async (m: Msg<'backup/export-chunk'>) => {
      const e = exports.get(m.exportId);
      const data = e?.chunks[m.index];
      if (!e || data === undefined) throw new HandledError('errBackupTruncated');
      if (m.index === e.chunks.length - 1) exports.delete(m.exportId);
      return { data };
    },
    'backup/import': async (m: Msg<'backup/import'>) => importText(m.data, m.passphrase),
    'backup/upload': async (m: Msg<'backup/upload'>) => {
      prune();
      let u = uploads.get(m.uploadId);
      if (!u) {
        // A new upload makes room by dropping the oldest (whose next chunk then says it is truncated).
        while (uploads.size >= limits.uploads) uploads.delete(uploads.keys().next().value!);
        u = { parts: new Array<string | undefined>(m.total).fill(undefined), at: Date.now() };
      }
      if (u.parts.length !== m.total || m.index >= m.total) throw new HandledError('errBackupTruncated');
      const held = (x: { parts: (string | undefined)[] }) => x.parts.reduce((n, p) => n + (p?.length ?? 0), 0);
      const others = [...uploads].filter(([id]) => id !== m.uploadId);
      const mine = held(u) - (u.parts[m.index]?.length ?? 0) + m.data.length;
      // Memory is bounded across uploads too: older ones give way to the one being sent now.
      let total = mine + others.reduce((n, [, x]) => n + held(x), 0);
      for (const [id, x] of others) {
        if (total <= limits.chars) break;
        uploads.delete(id);
        total -= held(x);
      }
      u.parts[m.index] = m.data;
      uploads.set(m.uploadId, u);
      return { received: u.parts.filter((p) => p !== undefined).length };
    },
    'backup/import-upload': async (m: Msg<'backup/import-upload'>) => {
      const u = uploads.get(m.uploadId);
      uploads.delete(m.uploadId);
      if (!u || u.parts.some((p) => p === undefined)) throw new HandledError('errBackupTruncated');
      return importText(u.parts.join(''), m.passphrase);
    },
  };
}
