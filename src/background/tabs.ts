/**
 * Reaching a tab's documents: the frames the content script runs in, and one message per frame
 * (`tabs.sendMessage` without `frameId` would take only the first frame's answer). Every reply is
 * parsed with its schema here, where it is received: the page may have tampered with it.
 */
import * as z from 'zod/mini';
import { ScanReply } from '../shared/content-messages';
import { HandledError } from './router';

/** http(s) pages only: browser and extension pages are never scanned or filled. */
export function fillableUrl(url: string | undefined): boolean {
  return !!url && /^https?:\/\//.test(url);
}

export async function tabUrl(tabId: number): Promise<string> {
  let tab: chrome.tabs.Tab;
  try {
    tab = await chrome.tabs.get(tabId);
  } catch {
    throw new HandledError('errTabGone');
  }
  if (!fillableUrl(tab.url)) throw new HandledError('errNotFillable');
  return tab.url!;
}

/**
 * The frame ids of a tab's documents where scripts may run (our host permissions: http/https).
 * Enumerating first and then calling each frame on its own (callFrame) costs one more round trip
 * than a single allFrames call returning every scan, on purpose: an allFrames call settles only
 * when its slowest frame does, so one hostile or busy frame would hold up the whole preview,
 * while per-frame calls each get their own timeout and a stuck frame only loses its own fields.
 */
export async function frameIds(tabId: number): Promise<number[]> {
  try {
    const results = await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => 0 });
    return [...new Set(results.map((r) => r.frameId))].sort((a, b) => a - b);
  } catch {
    throw new HandledError('errNotFillable');
  }
}

/**
 * Call the content script's `scan` or `fill` (src/content/index.ts) in one frame, in its isolated
 * world, and parse the result with `schema`; null when the frame has no content script, does not
 * answer in time, or answers garbage.
 */
export async function callFrame<T>(
  tabId: number,
  frameId: number,
  call: 'scan' | 'fill',
  args: unknown[],
  schema: z.ZodMiniType<T>,
  timeoutMs = 5000,
): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((res) => {
    timer = setTimeout(() => res(null), timeoutMs);
  });
  try {
    const run = chrome.scripting
      .executeScript({
        target: { tabId, frameIds: [frameId] },
        // Runs in the content script's isolated world: `__proffer` is the content script's API.
        func: (name: string, a: unknown[]) => {
          const api = (globalThis as unknown as { __proffer?: Record<string, (...x: unknown[]) => unknown> }).__proffer;
          return api ? api[name]!(...a) : null;
        },
        args: [call, args],
      })
      .then(
        (r) => r[0]?.result ?? null,
        () => null,
      );
    const reply = await Promise.race([run, timeout]);
    if (reply === null || reply === undefined) return null;
    const parsed = schema.safeParse(reply);
    return parsed.success ? parsed.data : null;
  } finally {
    clearTimeout(timer);
  }
}

const n = () => z.number().check(z.refine(Number.isFinite));
/** Where a parent shows a child frame (src/forms/visibility.ts `FrameView`), in the child's coordinates. */
const FrameViewSchema = z.object({ l: n(), t: n(), r: n(), b: n(), opacity: n() });
type FrameView = z.infer<typeof FrameViewSchema>;

/** A scan with the document's child frames by frame id and the window each is seen through. */
export const ScanWithFrames = z.extend(ScanReply, {
  seen: z.optional(z.array(z.object({ frameId: z.number().check(z.int()), view: z.nullable(FrameViewSchema) })).check(z.maxLength(100))),
});
export type ScanWithFrames = z.infer<typeof ScanWithFrames>;

/**
 * Scan the frames of a tab, parents before children, handing each child the window its parent
 * shows it through, so a child judges its fields through every enclosing <iframe> up to the top.
 *
 * Matching a child frame to its <iframe> is exact and never by URL: the parent's content script
 * reports, for each <iframe> element, the frame id of the document inside it
 * (`runtime.getFrameId(element)`, answered by the browser, not by the page), with the window. A
 * hidden frame that navigates keeps its frame id, so it stays hidden; two frames showing one URL are
 * never confused. The report comes from the parent's isolated world, so the parent page cannot
 * forge it; a frame only its own (hidden) parent can vouch for inherits that parent's verdict.
 * A frame that no scanned parent reports (its parent did not answer, or the id is unknown) is
 * scanned too but counts as not shown.
 */
export async function scanFrames(
  tabId: number,
  frames: number[],
  scanId: string,
): Promise<Array<(ScanWithFrames & { shown: boolean }) | null>> {
  const out = new Map<number, ScanWithFrames & { shown: boolean }>();
  const views = new Map<number, FrameView | null>();
  const pending = new Set(frames);
  const scanLevel = async (level: number[], vouched: boolean): Promise<number[]> => {
    const replies = await Promise.all(
      level.map((id) => callFrame(tabId, id, 'scan', id === 0 ? [scanId] : [scanId, views.get(id) ?? null], ScanWithFrames)),
    );
    const next: number[] = [];
    level.forEach((id, i) => {
      pending.delete(id);
      const r = replies[i];
      if (!r) return;
      const shown = id === 0 || (vouched && (views.get(id) ?? null) !== null);
      out.set(id, { ...r, shown });
      for (const s of r.seen ?? []) {
        if (!pending.has(s.frameId) || views.has(s.frameId)) continue;
        views.set(s.frameId, shown ? s.view : null);
        next.push(s.frameId);
      }
    });
    return next;
  };
  let level = pending.has(0) ? [0] : [];
  while (level.length) level = await scanLevel(level, true);
  // Frames no parent vouched for: their fields are still listed (as hidden), never filled.
  if (pending.size) await scanLevel([...pending], false);
  return frames.map((id) => out.get(id) ?? null);
}
