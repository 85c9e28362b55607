/**
 * Which tab the popup fills: pure decisions, so they are tested without a browser. main.tsx asks
 * the browser (tabs.query, tabs.getCurrent) and hands the answers to `pickTarget`.
 *
 * - `popup.html?tab=ID` targets tab ID: a detached popup window, and the e2e tests.
 * - Otherwise the active tab of the current window. When the popup itself is open as a tab, that
 *   active tab is the popup: it must not scan itself, so there is nothing to fill.
 */
import { FormsChangedEvent } from '../shared/events';

export type Target =
  | { kind: 'tab'; tabId: number }
  /** The popup is open as a tab of its own and no `?tab=` names another one. */
  | { kind: 'self' }
  /** No tab to fill: none active, a malformed `?tab=`, or the browser did not answer. */
  | { kind: 'none' };

export type TabParam = { tabId: number } | 'absent' | 'invalid';

/** Read `?tab=ID` from `location.search`. Only a plain non-negative integer is a tab id. */
export function parseTabParam(search: string): TabParam {
  const params = new URLSearchParams(search);
  if (!params.has('tab')) return 'absent';
  const values = params.getAll('tab');
  const raw = values[0]!.trim();
  if (values.length !== 1 || !/^\d{1,15}$/.test(raw)) return 'invalid';
  const tabId = Number(raw);
  return Number.isSafeInteger(tabId) ? { tabId } : 'invalid';
}

export interface TabFacts {
  param: TabParam;
  /** The active tab of the current window (tabs.query), if any. */
  active?: { id?: number | undefined; url?: string | undefined } | undefined;
  /** The tab this page runs in (tabs.getCurrent): undefined in a real popup. */
  currentTabId?: number | undefined;
  /** Base URL of the extension's own pages (`runtime.getURL('')`, e.g. chrome-extension://ID/). */
  extensionBase: string;
}

export function pickTarget(f: TabFacts): Target {
  if (f.param === 'invalid') return { kind: 'none' };
  if (f.param !== 'absent') return { kind: 'tab', tabId: f.param.tabId };
  const id = f.active?.id;
  if (id === undefined || !Number.isSafeInteger(id) || id < 0) return { kind: 'none' };
  if (f.currentTabId !== undefined && f.currentTabId === id) return { kind: 'self' };
  if (f.active?.url && f.extensionBase && f.active.url.startsWith(f.extensionBase)) return { kind: 'self' };
  return { kind: 'tab', tabId: id };
}

/** The parts of `runtime.MessageSender` the check reads. */
export interface EventSender {
  id?: string | undefined;
  url?: string | undefined;
  tab?: unknown;
}

/**
 * True when `msg` is the background's `forms/changed` for `tabId`. Content scripts' messages reach
 * extension pages too (with our id, but with a `tab`), so only a sender that is our extension, not in
 * a tab, and (when it says) at our own URL counts.
 */
export function isFormsChangedFor(
  msg: unknown,
  sender: EventSender,
  own: { runtimeId: string; extensionBase: string },
  tabId: number,
): boolean {
  if (!own.runtimeId || sender.id !== own.runtimeId || sender.tab !== undefined) return false;
  if (sender.url !== undefined && !sender.url.startsWith(own.extensionBase)) return false;
  const parsed = FormsChangedEvent.safeParse(msg);
  return parsed.success && parsed.data.tabId === tabId;
}
