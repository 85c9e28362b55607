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
import { type FrameView, frameWindow, newVisibilityCache, visibilityFacts } from '../forms/visibility';
import { watchForms } from './watch';

/** The elements of the last few scans, by scan id: a fill writes only into elements it scanned. */
const scans = new Map<string, { els: Control[]; view: FrameView | null | undefined }>();

/** A child frame as this document shows it: its place in the frame tree and the window it is seen through (null: hidden). */
export interface FrameSeen {
  path: number[];
  view: FrameView | null;
}

/**
 * Where this document's frame sits in the tab's frame tree: from the top, its index in each
 * ancestor's `window.frames`, found by comparing WindowProxy objects (allowed across origins, and
 * read from this isolated world, where the page cannot redefine `parent` or `frames`). The browser
 * keeps a frame's index when the frame navigates, so a hidden frame that goes to another address
 * keeps its place; two frames at one URL never share one. `siblings` is the parent's frame count,
 * which the background checks against the parent's own report: frames added or removed between
 * the two scans make the match fail, and the frame counts as hidden.
 */
export function whereAmI(): { path: number[] | null; siblings: number } {
  const path: number[] = [];
  let siblings = 0;
  try {
    for (let w: Window = window; w !== w.top; w = w.parent) {
      const p = w.parent;
      const n = p.length;
      if (w === window) siblings = n;
      let i = 0;
      while (i < n && p[i] !== w) i++;
      if (i === n || path.length > 30) return { path: null, siblings };
      path.unshift(i);
    }
  } catch {
    return { path: null, siblings };
  }
  return { path, siblings };
}

/** Index of an <iframe>'s window among this window's frames, or -1. */
function indexOf(f: HTMLIFrameElement): number {
  const cw = f.contentWindow;
  if (!cw) return -1;
  for (let i = 0; i < window.length; i++) if (window[i] === cw) return i;
  return -1;
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
  ): {
    url: string;
    fields: FieldFacts[];
    frames: { url: string; visible: boolean }[];
    seen: FrameSeen[];
    path: number[] | null;
    siblings: number;
    count: number;
  };
  /** Where this frame is in the frame tree (see `whereAmI`). */
  where(): { path: number[] | null; siblings: number };
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

const api: ContentApi = {
  scan(scanId, rawView) {
    const view = viewArg(rawView);
    const collected = collectFields(document, view === undefined ? {} : { frame: view });
    scans.set(String(scanId), { els: collected.map((f) => f.el), view });
    if (scans.size > 4) scans.delete(scans.keys().next().value!);
    const iframes = [...document.querySelectorAll<HTMLIFrameElement>('iframe,frame')].slice(0, 100);
    // A cross-origin child frame cannot see whether its <iframe> is visible; its parent can.
    // One cache for every <iframe> of this document: styles and the census are read once.
    const cache = newVisibilityCache(view);
    const frames = iframes.map((f) => ({ url: f.src, visible: view !== null && visibilityFacts(f, cache).visible }));
    const here = whereAmI();
    const seen: FrameSeen[] = [];
    for (const f of iframes) {
      const i = indexOf(f);
      if (i >= 0 && here.path) seen.push({ path: [...here.path, i], view: view === null ? null : frameWindow(f, cache) });
    }
    return { url: location.href, fields: collected.map((f) => f.facts), frames, seen, ...here, count: window.length };
  },
  where() {
    return whereAmI();
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
