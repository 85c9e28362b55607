/**
 * Popup entry: wires the page to the extension (connector, options page, the tab to fill, the
 * background's forms/changed events) and renders it. The only place in the popup that calls chrome.*
 * besides the connector.
 */
import { render } from 'preact';
import '../ui/theme.css';
import { localizeDocument } from '../ui/i18n';
import { App } from './App';
import type { WatchForms } from './FillPreview';
import { isFormsChangedFor, parseTabParam, pickTarget, type Target } from './target-tab';

const extensionBase = chrome.runtime.getURL('');

/** `?tab=ID`, else the active tab of this window, unless that is this very page (opened as a tab). */
async function findTarget(): Promise<Target> {
  const param = parseTabParam(location.search);
  if (param !== 'absent') return pickTarget({ param, extensionBase });
  const [[active], current] = await Promise.all([chrome.tabs.query({ active: true, currentWindow: true }), chrome.tabs.getCurrent()]);
  return pickTarget({ param, active, currentTabId: current?.id, extensionBase });
}

const watchForms: WatchForms = (tabId, onChange) => {
  const listener = (msg: unknown, sender: chrome.runtime.MessageSender) => {
    if (isFormsChangedFor(msg, sender, { runtimeId: chrome.runtime.id, extensionBase }, tabId)) onChange();
    // No reply, and not `true`: requests meant for the background must not be answered here.
    return undefined;
  };
  chrome.runtime.onMessage.addListener(listener);
  return () => chrome.runtime.onMessage.removeListener(listener);
};

localizeDocument();
document.documentElement.classList.add('popup');
render(
  <App openOptions={() => void chrome.runtime.openOptionsPage()} findTarget={findTarget} watchForms={watchForms} />,
  document.getElementById('app')!,
);
