/**
 * The unlocked vault key lives here and nowhere else: in this service worker's memory and in
 * `storage.session` (memory-only, trusted contexts only), so a restarted service worker stays
 * unlocked while a restarted browser starts locked. Auto-lock is an alarm that every use pushes back.
 */
import { z } from 'zod';
import type { Vault } from '../vault/vault';

const SESSION_KEY = 'vaultKey';
const LOCK_AT = 'lockAt';
export const AUTOLOCK_ALARM = 'autolock';
/** What storage.session holds for the session; a value of the wrong kind counts as missing. */
const StoredSession = z.object({
  [SESSION_KEY]: z.string().optional().catch(undefined),
  [LOCK_AT]: z.number().optional().catch(undefined),
});

function toB64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
function fromB64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Content scripts must never read storage.session (Chrome's default, made explicit). */
export async function restrictSessionStorage(): Promise<void> {
  const area = chrome.storage.session as chrome.storage.StorageArea & {
    setAccessLevel?: (o: { accessLevel: string }) => Promise<void>;
  };
  await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}

/** After a service-worker restart: reopen the vault with the key kept in storage.session, unless it expired. */
export async function resumeSession(vault: Vault): Promise<void> {
  const got = StoredSession.safeParse(await chrome.storage.session.get([SESSION_KEY, LOCK_AT]));
  const key = got.success ? got.data[SESSION_KEY] : undefined;
  const lockAt = got.success ? got.data[LOCK_AT] : undefined;
  if (!key) return;
  if (lockAt !== undefined && Date.now() >= lockAt) {
    await endSession(vault);
    return;
  }
  try {
    await vault.restoreSessionKey(fromB64(key));
    checkInBackground(vault);
  } catch {
    await endSession(vault);
  }
}

/** Keep the key for the session and (re)arm the auto-lock alarm. */
export async function startSession(vault: Vault, autoLockMinutes: number): Promise<void> {
  await chrome.storage.session.set({ [SESSION_KEY]: toB64(vault.exportSessionKey()) });
  await touchSession(autoLockMinutes);
  checkInBackground(vault);
  for (const start of onStart) start();
}

/** What starts when the vault opens (a sync round). */
const onStart = new Set<() => void>();

/** Run `start` whenever a session starts (create, unlock, recovery, a joined vault). */
export function onSessionStart(start: () => void): void {
  onStart.add(start);
}

/** The rollback check of every table, started now so that the first reads do not wait for it. */
function checkInBackground(vault: Vault): void {
  void vault.verifyAll().catch(() => undefined);
}

/** Any use of the unlocked vault pushes the auto-lock back. */
export async function touchSession(autoLockMinutes: number): Promise<void> {
  const when = Date.now() + autoLockMinutes * 60_000;
  await chrome.storage.session.set({ [LOCK_AT]: when });
  await chrome.alarms.create(AUTOLOCK_ALARM, { when });
}

/** What must forget decrypted values when the vault locks (pending fill plans). */
const onEnd = new Set<() => void>();

/** Run `drop` whenever the session ends (lock, auto-lock, wipe, an expired or unreadable session key). */
export function onSessionEnd(drop: () => void): void {
  onEnd.add(drop);
}

export async function endSession(vault: Vault): Promise<void> {
  vault.lock();
  for (const drop of onEnd) drop();
  await chrome.storage.session.remove([SESSION_KEY, LOCK_AT]);
  await chrome.alarms.clear(AUTOLOCK_ALARM);
}
