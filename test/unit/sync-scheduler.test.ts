// When sync runs (src/background/sync.ts): a failed round retries on an alarm with backoff (30 s,
// doubling, at most 30 min), a good round clears the retry, and nothing runs while locked or unset.
import { describe, expect, it, vi } from 'vitest';

const alarms = new Map<string, { when?: number; periodInMinutes?: number }>();
vi.stubGlobal('chrome', {
  runtime: { id: 'proffer' },
  alarms: {
    create: async (name: string, info: { when?: number; periodInMinutes?: number }) => {
      alarms.set(name, info);
    },
    clear: async (name: string) => alarms.delete(name),
    get: async (name: string) => alarms.get(name),
  },
});
const { SYNC_ALARM, SYNC_RETRY_ALARM, syncScheduler } = await import('../../src/background/sync');
const { firstDevice, MemoryServer } = await import('./sync-fixture');

describe('sync scheduler', () => {
  it('retries a failed round with doubling backoff, and a good round clears the retry', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const s = syncScheduler(a.vault, a.sync);
    await s.installAlarm();
    expect(alarms.get(SYNC_ALARM)?.periodInMinutes).toBe(15);
    server.down = true;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = Date.now();
      await s.run();
      delays.push(Math.round(((alarms.get(SYNC_RETRY_ALARM)?.when ?? 0) - before) / 1000));
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1800, 1800]);
    expect((await a.sync.status()).lastError?.code).toBe('errSyncUnreachable');
    server.down = false;
    await s.run();
    expect(alarms.has(SYNC_RETRY_ALARM)).toBe(false);
    expect((await a.sync.status()).lastError).toBeUndefined();
  });

  it('runs nothing while the vault is locked', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const s = syncScheduler(a.vault, a.sync);
    a.vault.lock();
    a.sync.forget();
    await s.run();
    expect(server.puts).toBe(0);
  });
});
