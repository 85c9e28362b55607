/**
 * Reaching a tab's documents: the frames the content script runs in, and one message per frame
 * (`tabs.sendMessage` without `frameId` would take only the first frame's answer). Every reply is
 * parsed with its schema here, where it is received: the page may have tampered with it.
 */
import type { z } from 'zod/mini';
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
