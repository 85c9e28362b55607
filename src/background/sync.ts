/**
 * When sync runs (the rounds themselves are src/sync/engine.ts): a few seconds after each change
 * (debounced, so a burst of edits makes one round), at unlock, on an alarm every 15 minutes, and
 * when the person asks. A failed round retries with backoff (30 s, doubling, at most 30 min) on
 * an alarm, so a down or slow server never blocks a page and a change waits until it can go up.
 */
import { SyncEngine } from '../sync/engine';
import type { Vault } from '../vault/vault';

export const SYNC_ALARM = 'sync';
export const SYNC_RETRY_ALARM = 'sync-retry';
const DEBOUNCE_MS = 3_000;
const PERIOD_MINUTES = 15;
const BACKOFF_MIN_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;

export interface SyncScheduler {
  engine: SyncEngine;
  /** A round a little later (debounced). */
  soon(delayMs?: number): void;
  /** A round now, if sync is set up and the vault open; failures are kept in the status, not thrown. */
  run(): Promise<void>;
  onAlarm(alarm: { name: string }): void;
  /** Creates the periodic alarm if it is missing (once, at start-up). */
  installAlarm(): Promise<void>;
}

export function syncScheduler(vault: Vault, engine = new SyncEngine(vault)): SyncScheduler {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  async function run(): Promise<void> {
    if (vault.state() !== 'unlocked') return;
    if (!(await engine.status()).configured) return;
    try {
      await engine.sync();
      failures = 0;
      await chrome.alarms.clear(SYNC_RETRY_ALARM);
    } catch {
      failures++;
      const delay = Math.min(BACKOFF_MIN_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
      await chrome.alarms.create(SYNC_RETRY_ALARM, { when: Date.now() + delay });
    }
  }

  function soon(delayMs = DEBOUNCE_MS): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void run().catch(() => undefined);
    }, delayMs);
  }

  engine.onPending = () => soon();

  return {
    engine,
    soon,
    run,
    installAlarm: async () => {
      if (!(await chrome.alarms.get(SYNC_ALARM)))
        await chrome.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: 1 });
    },
    onAlarm: (alarm) => {
      if (alarm.name === SYNC_ALARM || alarm.name === SYNC_RETRY_ALARM) void run().catch(() => undefined);
    },
  };
}
