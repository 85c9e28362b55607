/**
 * Background service worker: wires message handlers, the session and alarms. It is the only code
 * that opens the vault. Entry points only wire things up; the work is in handlers/.
 */

import { ContentToBackground } from '../shared/content-messages';
import { UiToBackground } from '../shared/messages';
import { Vault } from '../vault/vault';
import { initGpc } from './gpc';
import { backupHandlers } from './handlers/backup';
import { formsHandlers } from './handlers/forms';
import { gpcHandlers } from './handlers/gpc';
import { INTENTS_ALARM, intentHandlers } from './handlers/intents';
import { ledgerHandlers } from './handlers/ledger';
import { personaHandlers } from './handlers/personas';
import { requestHandlers } from './handlers/requests';
import { termsHandlers } from './handlers/terms';
import { vaultHandlers } from './handlers/vault';
import { checkRequests, REQUESTS_ALARM } from './reminders';
import { HandledError, type Handler, isExtensionPage, makeRouter } from './router';
import { AUTOLOCK_ALARM, endSession, restrictSessionStorage, resumeSession, touchSession } from './session';

/** How long the toolbar shows how many fields a shortcut fill wrote, before the shared badge is back. */
const FILL_BADGE_MS = 4000;
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

// Global Privacy Control does not wait for the vault: it is on from the first start.
void initGpc();

const backup = backupHandlers(vault);
const forms = formsHandlers(vault);
const requests = requestHandlers(vault);
const intents = intentHandlers(vault);
const uiRouter = makeRouter(UiToBackground, isExtensionPage, {
  ...(vaultHandlers(vault) as unknown as Record<string, Handler>),
  ...(gpcHandlers() as unknown as Record<string, Handler>),
  ...needsUnlocked(personaHandlers(vault) as unknown as Record<string, Handler>),
  ...needsUnlocked(ledgerHandlers(vault) as unknown as Record<string, Handler>),
  ...needsUnlocked(termsHandlers(vault) as unknown as Record<string, Handler>),
  ...needsUnlocked(forms.handlers as unknown as Record<string, Handler>),
  ...needsUnlocked(requests.handlers as unknown as Record<string, Handler>),
  ...needsUnlocked(intents.handlers as unknown as Record<string, Handler>),
  ...needsUnlocked({ 'backup/export': backup['backup/export'], 'backup/export-chunk': backup['backup/export-chunk'] } as unknown as Record<
    string,
    Handler
  >),
  // Import works on an empty vault too (restore after a wipe or on a new machine).
  ...Object.fromEntries(
    (['backup/import', 'backup/upload', 'backup/import-upload'] as const).map((type) => [
      type,
      (async (msg, sender) => {
        if (vault.state() === 'locked') throw new HandledError('errLocked');
        return (backup[type] as unknown as Handler)(msg, sender);
      }) as Handler,
    ]),
  ),
});

chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  const page = isExtensionPage(sender);
  // Our content script may only say that a tab's forms changed; nothing it sends is trusted further.
  if (!page && sender.id === chrome.runtime.id && sender.tab?.id !== undefined && ContentToBackground.safeParse(raw).success) {
    chrome.runtime.sendMessage({ type: 'forms/changed', tabId: sender.tab.id }).catch(() => undefined);
    return false;
  }
  // Everything else meets the router, whose sender check answers errForbidden to anyone but our own
  // pages (a content script asking for more gets that, not silence) without waiting for the vault.
  (page ? ready.then(() => uiRouter(raw, sender)) : uiRouter(raw, sender)).then(sendResponse, () =>
    sendResponse({ ok: false, error: { code: 'errInternal' } }),
  );
  return true;
});

/**
 * Keyboard shortcut and context menu: reuse the plan last approved for the site, or open the same
 * preview as the popup, in a small window that targets the tab.
 */
async function fillFromShortcut(tabId: number | undefined): Promise<void> {
  if (tabId === undefined || tabId < 0) return;
  await ready;
  if (vault.state() === 'unlocked') {
    try {
      const done = await forms.quickFill(tabId);
      if (done) {
        await touchSession((await vault.getSettings()).autoLockMinutes);
        const n = done.filled.length;
        await chrome.action.setBadgeText({ tabId, text: n ? String(n) : '!' }).catch(() => undefined);
        // The count answers this one key press; then the tab shows the shared badge again (null
        // clears the tab's own text), so it never hides overdue requests or unread offers.
        setTimeout(() => {
          chrome.action.setBadgeText({ tabId, text: null as unknown as string }).catch(() => undefined);
        }, FILL_BADGE_MS);
        return;
      }
    } catch {
      // Not fillable or nothing to reuse: the preview explains.
    }
  }
  await chrome.windows.create({ url: chrome.runtime.getURL(`src/popup/index.html?tab=${tabId}`), type: 'popup', width: 420, height: 640 });
}

const MENU_ID = 'proffer-fill';
chrome.runtime.onInstalled.addListener(() => {
  void initGpc();
  chrome.contextMenus.create(
    { id: MENU_ID, title: chrome.i18n.getMessage('contextMenuFill') || 'Fill with Proffer…', contexts: ['editable', 'page'] },
    () => void chrome.runtime.lastError,
  );
});
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) void fillFromShortcut(tab?.id);
});
chrome.commands?.onCommand.addListener((command, tab) => {
  if (command === 'fill-form') void fillFromShortcut(tab?.id);
});

// Open requests are polled, and passed deadlines flagged, while the vault is open.
void chrome.alarms.get(REQUESTS_ALARM).then((a) => {
  if (!a) void chrome.alarms.create(REQUESTS_ALARM, { periodInMinutes: 30, delayInMinutes: 1 });
});
// A reminder leads to the ledger, where the overdue request is.
chrome.notifications?.onClicked.addListener((id) => {
  if (id.startsWith('overdue-')) void chrome.tabs.create({ url: chrome.runtime.getURL('src/options/index.html#ledger') });
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REQUESTS_ALARM)
    void ready.then(() => (vault.state() === 'unlocked' ? checkRequests(vault, requests.refresh) : undefined)).catch(() => undefined);
});

// Intents: offers polled, undelivered intents retried with backoff, lapsed ones withdrawn, badge = unread offers.
void chrome.alarms.get(INTENTS_ALARM).then((a) => {
  if (!a) void chrome.alarms.create(INTENTS_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === INTENTS_ALARM)
    void ready.then(() => (vault.state() === 'unlocked' ? intents.tick() : undefined)).catch(() => undefined);
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK_ALARM) void ready.then(() => endSession(vault));
});
