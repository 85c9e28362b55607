/**
 * Keyboard shortcut and context menu: reuse the plan last approved for the site, or open the same
 * preview as the popup, in a small window that targets the tab.
 */
import type { FillOutcome } from '../shared/messages';
import type { Vault } from '../vault/vault';
import { touchSession } from './session';

/** How long the toolbar shows how many fields a shortcut fill wrote, before the shared badge is back. */
export const FILL_BADGE_MS = 4000;
const MENU_ID = 'proffer-fill';

export interface ShortcutDeps {
  vault: Vault;
  /** Settles once the vault has been opened (or found locked) after the worker started. */
  ready: Promise<void>;
  /** Refills the tab with the plan last approved for its site; null when there is none to reuse. */
  quickFill: (tabId: number) => Promise<FillOutcome | null>;
}

export async function fillFromShortcut(tabId: number | undefined, { vault, ready, quickFill }: ShortcutDeps): Promise<void> {
  if (tabId === undefined || tabId < 0) return;
  await ready;
  if (vault.state() === 'unlocked') {
    try {
      const done = await quickFill(tabId);
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

/** The context-menu entry (made on install) and the keyboard command, both filling the tab they came from. */
export function registerShortcut(deps: ShortcutDeps): void {
  chrome.runtime.onInstalled.addListener(() => {
    chrome.contextMenus.create(
      { id: MENU_ID, title: chrome.i18n.getMessage('contextMenuFill') || 'Fill with Proffer…', contexts: ['editable', 'page'] },
      () => void chrome.runtime.lastError,
    );
  });
  chrome.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) void fillFromShortcut(tab?.id, deps);
  });
  chrome.commands?.onCommand.addListener((command, tab) => {
    if (command === 'fill-form') void fillFromShortcut(tab?.id, deps);
  });
}
