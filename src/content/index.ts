/**
 * Content script (every page and frame): the glue between forms/ and the background. It holds
 * nothing secret. It answers only the background: `content/scan` returns this document's field
 * facts, `content/fill` writes the values of a fill the person approved. It never starts a fill and
 * never listens to the page (no window messages), so a page can neither start nor steer one.
 */
import { collectFields } from '../forms/collect';
import { isVisible } from '../forms/visibility';
import { type Control, fillFields } from '../forms/fill';
import type { FillOp } from '../forms/plan';
import { BackgroundToContent } from '../shared/content-messages';
import { watchForms } from './watch';

function fromBackground(sender: chrome.runtime.MessageSender): boolean {
  // Messages from our own background have our id and no tab; other frames' content scripts have a tab.
  return sender.id === chrome.runtime.id && !sender.tab;
}

/** The elements of the last few scans, by scan id: a fill writes only into elements it scanned. */
const scans = new Map<string, Control[]>();

chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  if (!fromBackground(sender)) return false;
  const parsed = BackgroundToContent.safeParse(raw);
  if (!parsed.success) return false;
  const msg = parsed.data;
  if (msg.type === 'content/scan') {
    const collected = collectFields(document);
    scans.set(msg.scanId, collected.map((f) => f.el));
    if (scans.size > 4) scans.delete(scans.keys().next().value!);
    // Where this document's own frames are visible: a cross-origin child cannot tell by itself.
    const frames = [...document.querySelectorAll<HTMLIFrameElement>('iframe,frame')].slice(0, 100).map((f) => ({ url: f.src, visible: isVisible(f) }));
    sendResponse({ url: location.href, fields: collected.map((f) => f.facts), frames });
    return false;
  }
  fillFields((msg.ops ?? []) as FillOp[], msg.url ?? '', document, scans.get(msg.scanId) ?? []).then(
    (results) => sendResponse({ results }),
    () => sendResponse({ results: [] }),
  );
  return true;
});

watchForms((fields) => {
  chrome.runtime.sendMessage({ type: 'content/changed', fields }).catch(() => undefined);
});
