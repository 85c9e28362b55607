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

const Path = z.array(z.number().check(z.int())).check(z.maxLength(32));
const Where = z.object({ path: z.nullable(Path), siblings: z.number().check(z.int()) });
type Where = z.infer<typeof Where>;

/** A scan with where the frame sits, and its child frames (by place) with the window each is seen through. */
export const ScanWithFrames = z.extend(ScanReply, {
  path: z.optional(z.nullable(Path)),
  siblings: z.optional(z.number()),
  count: z.optional(z.number()),
  seen: z.optional(z.array(z.object({ path: Path, view: z.nullable(FrameViewSchema) })).check(z.maxLength(100))),
});
export type ScanWithFrames = z.infer<typeof ScanWithFrames>;

/** The frames of a tab where the content script runs, each with its place in the frame tree. */
async function framePlaces(tabId: number): Promise<Map<number, Where | null>> {
  let results: chrome.scripting.InjectionResult<unknown>[];
  try {
    results = await chrome.scripting.executeScript({
      target: { tabId, allFrames: true },
      // The content script's isolated world: ask it where it is (src/content/index.ts whereAmI).
      func: () => {
        const api = (globalThis as unknown as { __proffer?: { where?: () => unknown } }).__proffer;
        return api?.where ? api.where() : null;
      },
    });
  } catch {
    throw new HandledError('errNotFillable');
  }
  const out = new Map<number, Where | null>();
  for (const r of results.sort((a, b) => a.frameId - b.frameId)) {
    const w = Where.safeParse(r.result);
    out.set(r.frameId, w.success ? w.data : null);
  }
  return out;
}

const key = (p: readonly number[]): string => p.join('.');

/**
 * Scan the frames of a tab, parents before children, handing each child the window its parent
 * shows it through, so a child judges its fields through every enclosing <iframe> up to the top.
 *
 * Matching a child frame to its <iframe> is exact and never by URL. Chrome offers no frame id for
 * an <iframe> element to content scripts (Firefox's runtime.getFrameId) and the manifest has no
 * webNavigation, so every frame reports its place in the frame tree (`whereAmI`: its index in each
 * ancestor's window.frames, found by WindowProxy identity), and the parent reports each <iframe>
 * element by the same place (its contentWindow's index in its own frames). The browser keeps a
 * frame's place when it navigates: a hidden frame that goes elsewhere stays hidden, and two
 * frames at one URL are never confused. Both reports come from isolated worlds the page cannot
 * touch. A frame is seen only when its place is the same at enumeration and at its own scan, its
 * parent's frame count agrees, and its parent is seen; otherwise its fields are listed as hidden.
 */
export async function scanFrames(
  tabId: number,
  scanId: string,
): Promise<{ frames: number[]; scans: Array<(ScanWithFrames & { shown: boolean }) | null> }> {
  const places = await framePlaces(tabId);
  const frames = [...places.keys()];
  const out = new Map<number, ScanWithFrames & { shown: boolean }>();
  const byPlace = new Map<string, number>();
  for (const [id, w] of places) if (w?.path) byPlace.set(key(w.path), id);
  const depth = (id: number): number => places.get(id)?.path?.length ?? -1;
  const maxDepth = Math.max(0, ...frames.map(depth));
  for (let d = 0; d <= maxDepth; d++) {
    const level = frames.filter((id) => depth(id) === d && byPlace.get(key(places.get(id)!.path!)) === id);
    const views = level.map((id): FrameView | null | undefined => {
      const w = places.get(id)!;
      if (d === 0) return undefined;
      const parentId = byPlace.get(key(w.path!.slice(0, -1)));
      const parent = parentId === undefined ? undefined : out.get(parentId);
      if (!parent?.shown || parent.count !== w.siblings) return null;
      return parent.seen?.find((s) => key(s.path) === key(w.path!))?.view ?? null;
    });
    const replies = await Promise.all(
      level.map((id, i) => callFrame(tabId, id, 'scan', views[i] === undefined ? [scanId] : [scanId, views[i]], ScanWithFrames)),
    );
    level.forEach((id, i) => {
      const r = replies[i];
      if (!r) return;
      const w = places.get(id)!;
      const same = !!r.path && key(r.path) === key(w.path!) && r.siblings === w.siblings;
      out.set(id, { ...r, shown: same && (d === 0 ? id === 0 : views[i] !== null) });
    });
  }
  // Frames with no known place (or two frames claiming one): listed as hidden, never filled.
  const rest = frames.filter((id) => !out.has(id) && !(places.get(id)?.path && byPlace.get(key(places.get(id)!.path!)) === id));
  const replies = await Promise.all(rest.map((id) => callFrame(tabId, id, 'scan', [scanId, null], ScanWithFrames)));
  rest.forEach((id, i) => {
    const r = replies[i];
    if (r) out.set(id, { ...r, shown: false });
  });
  return { frames, scans: frames.map((id) => out.get(id) ?? null) };
}
