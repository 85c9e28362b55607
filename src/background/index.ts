/**
 * Background service worker: wires message handlers, the session and alarms. It is the only code
 * that opens the vault. Entry points only wire things up; the work is in handlers/.
 */
import { UiToBackground } from '../shared/messages';
import { Vault } from '../vault/vault';
import { backupHandlers } from './handlers/backup';
import { ledgerHandlers } from './handlers/ledger';
import { personaHandlers } from './handlers/personas';
import { vaultHandlers } from './handlers/vault';
import { type Handler, HandledError, isExtensionPage, makeRouter } from './router';
import { AUTOLOCK_ALARM, endSession, resumeSession, restrictSessionStorage, touchSession } from './session';

const vault = new Vault();

/** Handlers that need the vault open are wrapped so they fail clearly when it is locked. */
function needsUnlocked(handlers: Record<string, Handler>): Record<string, Handler> {
  const out: Record<string, Handler> = {};
  for (const [type, h] of Object.entries(handlers)) {
    out[type] = async (msg, sender) => {
      if (vault.state() !== 'unlocked') throw new HandledError(vault.state() === 'uninitialized' ? 'errNotInitialized' : 'errLocked');
      const reply = await h(msg, sender);
      await touchSession((await vault.getSettings()).autoLockMinutes);
      return reply;
    };
  }
  return out;
}

const ready = (async () => {
  await restrictSessionStorage();
  await vault.init();
  await resumeSession(vault);
})();

const backup = backupHandlers(vault);
const uiRouter = makeRouter(UiToBackground, isExtensionPage, {
  ...(vaultHandlers(vault) as unknown as Record<string, Handler>),
  ...needsUnlocked(personaHandlers(vault) as unknown as Record<string, Handler>),
  ...needsUnlocked(ledgerHandlers(vault) as unknown as Record<string, Handler>),
  ...needsUnlocked({ 'backup/export': backup['backup/export'] } as unknown as Record<string, Handler>),
  // Import works on an empty vault too (restore after a wipe or on a new machine).
  'backup/import': async (msg, sender) => {
    if (vault.state() === 'locked') throw new HandledError('errLocked');
    return (backup['backup/import'] as unknown as Handler)(msg, sender);
  },
});

chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  if (!isExtensionPage(sender)) return false; // content-script messages are routed elsewhere (later)
  ready
    .then(() => uiRouter(raw, sender))
    .then(sendResponse, () => sendResponse({ ok: false, error: { code: 'errInternal' } }));
  return true;
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK_ALARM) void ready.then(() => endSession(vault));
});
