/**
 * Moving a backup between a page and the background. Chrome refuses a message over 64 MiB, and a
 * vault with a large ledger exports more than that: big backups go in chunks both ways.
 */
import { BACKUP_CHUNK } from '../shared/messages';
import type { Send } from './connector';

type Failure = { ok: false; code: string };

/** The whole backup file's text, or the error code. */
export async function fetchBackup(send: Send): Promise<{ ok: true; filename: string; data: string } | Failure> {
  const r = await send({ type: 'backup/export' });
  if (!r.ok) return { ok: false, code: r.error.code };
  if (r.data !== undefined) return { ok: true, filename: r.filename, data: r.data };
  const parts: string[] = [];
  for (let index = 0; index < (r.chunks ?? 0); index++) {
    const c = await send({ type: 'backup/export-chunk', exportId: r.exportId!, index });
    if (!c.ok) return { ok: false, code: c.error.code };
    parts.push(c.data);
  }
  return { ok: true, filename: r.filename, data: parts.join('') };
}

/** Import a backup file's text; the background checks it whole before writing anything. */
export async function sendBackup(
  send: Send,
  data: string,
  passphrase: string,
): Promise<{ ok: true; imported: Record<string, number> } | Failure> {
  if (data.length <= BACKUP_CHUNK) {
    const r = await send({ type: 'backup/import', data, passphrase });
    return r.ok ? { ok: true, imported: r.imported } : { ok: false, code: r.error.code };
  }
  const total = Math.ceil(data.length / BACKUP_CHUNK);
  if (total > 64) return { ok: false, code: 'errBackupTooLarge' };
  const uploadId = crypto.randomUUID();
  for (let index = 0; index < total; index++) {
    const r = await send({
      type: 'backup/upload',
      uploadId,
      index,
      total,
      data: data.slice(index * BACKUP_CHUNK, (index + 1) * BACKUP_CHUNK),
    });
    if (!r.ok) return { ok: false, code: r.error.code };
  }
  const r = await send({ type: 'backup/import-upload', uploadId, passphrase });
  return r.ok ? { ok: true, imported: r.imported } : { ok: false, code: r.error.code };
}
