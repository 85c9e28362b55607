/**
 * Content script (every page and frame): the glue between forms/ and the background. It holds
 * nothing secret and listens to nobody: no runtime messages, no window messages. The background
 * calls `scan` and `fill` directly in this script's isolated world (chrome.scripting.executeScript),
 * where pages cannot see or call them, and parses what they return. So a page can neither start
 * nor steer a fill, and cannot even tell that the extension is there.
 */
import { collectFields } from '../forms/collect';
import { type Control, type FillResult, fillFields } from '../forms/fill';
import type { FillOp } from '../forms/plan';
import type { FieldFacts } from '../forms/types';
import { isVisible } from '../forms/visibility';
import { watchForms } from './watch';

/** The elements of the last few scans, by scan id: a fill writes only into elements it scanned. */
const scans = new Map<string, Control[]>();

interface ContentApi {
  /** This document's field facts, and where its own frames are visible. */
  scan(scanId: string): { url: string; fields: FieldFacts[]; frames: { url: string; visible: boolean }[] };
  /** Write the approved ops into the elements of scan `scanId`, if the document is still at `url`. */
  fill(scanId: string, url: string, ops: FillOp[]): Promise<{ results: FillResult[] }>;
}

const api: ContentApi = {
  scan(scanId) {
    const collected = collectFields(document);
    scans.set(
      String(scanId),
      collected.map((f) => f.el),
    );
    if (scans.size > 4) scans.delete(scans.keys().next().value!);
    // A cross-origin child frame cannot see whether its <iframe> is visible; its parent can.
    const frames = [...document.querySelectorAll<HTMLIFrameElement>('iframe,frame')]
      .slice(0, 100)
      .map((f) => ({ url: f.src, visible: isVisible(f) }));
    return { url: location.href, fields: collected.map((f) => f.facts), frames };
  },
  async fill(scanId, url, ops) {
    if (!Array.isArray(ops)) return { results: [] };
    return { results: await fillFields(ops, String(url), document, scans.get(String(scanId)) ?? []) };
  },
};
// Non-writable and non-configurable: nothing else in this world can swap it.
Object.defineProperty(globalThis, '__proffer', { value: Object.freeze(api) });

watchForms((fields) => {
  chrome.runtime.sendMessage({ type: 'content/changed', fields }).catch(() => undefined);
});
