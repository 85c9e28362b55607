/**
 * Backup uploads in flight are bounded (issue 12): a page of ours that starts upload after upload,
 * or sends huge chunks, cannot make the background hold more than one backup's worth of memory.
 */
import { describe, expect, it } from 'vitest';
import { backupHandlers } from '../../src/background/handlers/backup';
import type { Vault } from '../../src/vault/vault';

const imported: string[] = [];
const vault = {
  state: () => 'unlocked',
  importBackup: async (data: string) => {
    imported.push(data);
    return { personas: 1 };
  },
} as unknown as Vault;

const upload = (uploadId: string, index: number, total: number, data: string) =>
  ({ type: 'backup/upload', uploadId, index, total, data }) as const;

describe('backup uploads in flight', () => {
  it('keeps at most the configured number of uploads: the oldest gives way', async () => {
    const h = backupHandlers(vault, { uploads: 2, chars: 1000 });
    await h['backup/upload'](upload('upload-aaaa', 0, 2, 'a0'));
    await h['backup/upload'](upload('upload-bbbb', 0, 2, 'b0'));
    await h['backup/upload'](upload('upload-cccc', 0, 2, 'c0'));
    // The first was dropped: completing it is refused as truncated, nothing is imported.
    await h['backup/upload'](upload('upload-aaaa', 1, 2, 'a1'));
    await expect(
      h['backup/import-upload']({ type: 'backup/import-upload', uploadId: 'upload-aaaa', passphrase: 'x' }),
    ).rejects.toMatchObject({
      code: 'errBackupTruncated',
    });
    await h['backup/upload'](upload('upload-cccc', 1, 2, 'c1'));
    await h['backup/import-upload']({ type: 'backup/import-upload', uploadId: 'upload-cccc', passphrase: 'x' });
    expect(imported.at(-1)).toBe('c0c1');
  });

  it('bounds the characters held across uploads: older uploads are dropped for the current one', async () => {
    const h = backupHandlers(vault, { uploads: 2, chars: 10 });
    await h['backup/upload'](upload('upload-old1', 0, 2, '123456'));
    await h['backup/upload'](upload('upload-new1', 0, 2, 'abcdef'));
    await h['backup/upload'](upload('upload-new1', 1, 2, 'gh'));
    await expect(
      h['backup/import-upload']({ type: 'backup/import-upload', uploadId: 'upload-old1', passphrase: 'x' }),
    ).rejects.toMatchObject({
      code: 'errBackupTruncated',
    });
    await h['backup/import-upload']({ type: 'backup/import-upload', uploadId: 'upload-new1', passphrase: 'x' });
    expect(imported.at(-1)).toBe('abcdefgh');
  });
});
