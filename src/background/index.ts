/**
 * Background service worker: wires the message router, the session, the shortcut and the alarms.
 * It is the only code that opens the vault. Entry points only wire things up: the messages and
 * whom each trusts are in table.ts, their work in handlers/, the shortcut's fill in shortcut.ts.
 */

import { ContentToBackground } from '../shared/content-messages';
import { Vault } from '../vault/vault';
import { initGpc } from './gpc';
import { agreementHandlers, retryRevocations } from './handlers/agreements';
import { INTENTS_ALARM } from './intents/alarm';
import { checkRequests, REQUESTS_ALARM } from './reminders';
import { isExtensionPage } from './router';
import { AUTOLOCK_ALARM, endSession, onSessionEnd, onSessionStart, restrictSessionStorage, resumeSession } from './session';
import { registerShortcut } from './shortcut';
import { tableDeps, uiRouter } from './table';

const vault = new Vault();

const ready = (async () => {
  await restrictSessionStorage();
  await vault.init();
  await resumeSession(vault);
})();

// Global Privacy Control does not wait for the vault: it is on from the first start.
void initGpc();

const deps = tableDeps(vault);
const route = uiRouter(vault, deps);
// Locking drops every pending fill plan, and with it the decrypted values it holds.
onSessionEnd(deps.forms.dropPlans);
// Sync (background/sync.ts): a round at unlock, after changes, on its alarm; locking forgets its state.
onSessionStart(() => deps.sync.soon(0));
onSessionEnd(() => deps.sync.engine.forget());
void deps.sync.installAlarm();
chrome.alarms.onAlarm.addListener((alarm) => void ready.then(() => deps.sync.onAlarm(alarm)));

chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  const page = isExtensionPage(sender);
  // Our content script may only say that a tab's forms changed; nothing it sends is trusted further.
  if (!page && sender.id === chrome.runtime.id && sender.tab?.id !== undefined && ContentToBackground.safeParse(raw).success) {
    chrome.runtime.sendMessage({ type: 'forms/changed', tabId: sender.tab.id }).catch(() => undefined);
    return false;
  }
  // Everything else meets the router, whose sender check answers errForbidden to anyone but our own
  // pages (a content script asking for more gets that, not silence) without waiting for the vault.
  (page ? ready.then(() => route(raw, sender)) : route(raw, sender)).then(sendResponse, () =>
    sendResponse({ ok: false, error: { code: 'errInternal' } }),
  );
  return true;
});

chrome.runtime.onInstalled.addListener(() => void initGpc());
registerShortcut({ vault, ready, quickFill: deps.forms.quickFill });

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
    void ready.then(() => (vault.state() === 'unlocked' ? checkRequests(vault, deps.requests.refresh) : undefined)).catch(() => undefined);
});
// Revocations of MyTerms agreements the site could not be given are sent again on the same alarm.
const revocations = agreementHandlers(vault);
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REQUESTS_ALARM)
    void ready
      .then(() =>
        vault.state() === 'unlocked'
          ? retryRevocations(vault, (id) => revocations['agreements/revoke']({ type: 'agreements/revoke', id }))
          : undefined,
      )
      .catch(() => undefined);
});

// Intents: offers polled, undelivered intents retried with backoff, lapsed ones withdrawn, badge = unread offers.
void chrome.alarms.get(INTENTS_ALARM).then((a) => {
  if (!a) void chrome.alarms.create(INTENTS_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === INTENTS_ALARM)
    void ready.then(() => (vault.state() === 'unlocked' ? deps.intents.tick() : undefined)).catch(() => undefined);
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK_ALARM) void ready.then(() => endSession(vault));
});
