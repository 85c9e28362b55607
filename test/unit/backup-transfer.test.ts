/**
 * Big backups cross the 64 MiB message limit in chunks: the page-side helpers against the real
 * background handlers (with a stand-in vault), with every message size checked.
 */
import { describe, expect, it, vi } from 'vitest';
import { BACKUP_CHUNK } from '../../src/shared/messages';

vi.stubGlobal('chrome', { runtime: { id: 'test' } });
const { backupHandlers } = await import('../../src/background/handlers/backup');
const { fetchBackup, sendBackup } = await import('../../src/ui/backup-transfer');

function rig(file: string) {
  const imported: string[] = [];
  const vault = {
    state: () => 'unlocked',
    exportBackup: async () => file,
    importBackup: async (text: string) => {
      imported.push(text);
      return { personas: 1 };
    },
    getSettings: async () => ({ autoLockMinutes: 15 }),
  };
  const h = backupHandlers(vault as never) as Record<string, (m: never) => Promise<Record<string, unknown>>>;
  let largest = 0;
  const send = (async (msg: { type: string }) => {
    largest = Math.max(largest, JSON.stringify(msg).length);
    try {
      const r = { ok: true, ...(await h[msg.type]!(msg as never)) };
      largest = Math.max(largest, JSON.stringify(r).length);
      return r;
    } catch (e) {
      return { ok: false, error: { code: (e as { code?: string }).code ?? 'errInternal' } };
    }
  }) as never;
  return { send, imported, largest: () => largest };
}

describe('backup transfer', () => {
  it('moves a small backup in one message each way', async () => {
    const r = rig('{"small":true}');
    expect(await fetchBackup(r.send)).toMatchObject({ ok: true, data: '{"small":true}' });
    expect(await sendBackup(r.send, '{"small":true}', 'pass')).toMatchObject({ ok: true });
    expect(r.imported).toEqual(['{"small":true}']);
  });

  it('moves a 40 MB backup in chunks, none over the chunk size, and gets back exactly the same text', async () => {
    const big = `${'x'.repeat(40 * 1024 * 1024 - 3)}end`;
    const r = rig(big);
    const out = await fetchBackup(r.send);
    expect(out.ok).toBe(true);
    expect(out.ok && out.data === big).toBe(true);
    expect(await sendBackup(r.send, big, 'pass')).toMatchObject({ ok: true, imported: { personas: 1 } });
    expect(r.imported).toHaveLength(1);
    expect(r.imported[0] === big).toBe(true);
    expect(r.largest()).toBeLessThan(BACKUP_CHUNK + 1000);
    expect(r.largest()).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses to import an upload with a missing chunk, and writes nothing', async () => {
    const r = rig('');
    const h = r.send as unknown as (m: Record<string, unknown>) => Promise<{ ok: boolean; error?: { code: string } }>;
    await h({ type: 'backup/upload', uploadId: 'abcdefgh-1', index: 0, total: 2, data: 'half' });
    const res = await h({ type: 'backup/import-upload', uploadId: 'abcdefgh-1', passphrase: 'pass' });
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('errBackupTruncated');
    expect(r.imported).toEqual([]);
  });
});
