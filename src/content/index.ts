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
import { type FrameView, frameWindow, isVisible, newVisibilityCache } from '../forms/visibility';
import { watchForms } from './watch';

/** The elements of the last few scans, by scan id: a fill writes only into elements it scanned. */
const scans = new Map<string, { els: Control[]; view: FrameView | null | undefined }>();

/** A child frame as this document shows it: its frame id and the window it is seen through (null: hidden). */
export interface FrameSeen {
  frameId: number;
  view: FrameView | null;
}

interface ContentApi {
  /**
   * This document's field facts, and where its own frames are visible. `view` is where this
   * document's frame is seen in its parents (from the parent's scan, via the background): undefined
   * for the top document, null when the parents show it nowhere.
   */
  scan(
    scanId: string,
    view?: FrameView | null,
  ): { url: string; fields: FieldFacts[]; frames: { url: string; visible: boolean }[]; seen: FrameSeen[] };
  /** Write the approved ops into the elements of scan `scanId`, if the document is still at `url`. */
  fill(scanId: string, url: string, ops: FillOp[]): Promise<{ results: FillResult[] }>;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
/** The background's argument, checked: a window of five finite numbers, null, or undefined. */
function viewArg(v: unknown): FrameView | null | undefined {
  if (v === null) return null;
  const o = v as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object') return undefined;
  return finite(o.l) && finite(o.t) && finite(o.r) && finite(o.b) && finite(o.opacity)
    ? { l: o.l, t: o.t, r: o.r, b: o.b, opacity: o.opacity }
    : null;
}

/**
 * The frame id of an `<iframe>`'s current document, exact and independent of its URL (a frame that
 * navigates keeps its id): `runtime.getFrameId` (Chrome 106+, Firefox 96+) on the element. -1 when
 * unknown; the background then treats a frame no parent vouches for as hidden.
 */
function frameIdOf(f: Element): number {
  try {
    const get = (chrome.runtime as unknown as { getFrameId?: (t: Element) => number }).getFrameId;
    return get ? get(f) : -1;
  } catch {
    return -1;
  }
}

const api: ContentApi = {
  scan(scanId, rawView) {
    const view = viewArg(rawView);
    const collected = collectFields(document, view === undefined ? {} : { frame: view });
    scans.set(String(scanId), { els: collected.map((f) => f.el), view });
    if (scans.size > 4) scans.delete(scans.keys().next().value!);
    const iframes = [...document.querySelectorAll<HTMLIFrameElement>('iframe,frame')].slice(0, 100);
    // A cross-origin child frame cannot see whether its <iframe> is visible; its parent can.
    const frames = iframes.map((f) => ({ url: f.src, visible: view !== null && isVisible(f, view) }));
    const cache = newVisibilityCache(view);
    const seen = iframes.map((f) => ({ frameId: frameIdOf(f), view: view === null ? null : frameWindow(f, cache) }));
    return { url: location.href, fields: collected.map((f) => f.facts), frames, seen };
  },
  async fill(scanId, url, ops) {
    if (!Array.isArray(ops)) return { results: [] };
    const s = scans.get(String(scanId));
    return { results: await fillFields(ops, String(url), document, s?.els ?? [], s ? s.view : null) };
  },
};
// Non-writable and non-configurable: nothing else in this world can swap it.
Object.defineProperty(globalThis, '__proffer', { value: Object.freeze(api) });

watchForms((fields) => {
  chrome.runtime.sendMessage({ type: 'content/changed', fields }).catch(() => undefined);
});
