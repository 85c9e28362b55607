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

/** The frame ids of a tab's documents where scripts may run (our host permissions: http/https). */
export async function frameIds(tabId: number): Promise<number[]> {
  try {
    const results = await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => 0 });
    return [...new Set(results.map((r) => r.frameId))].sort((a, b) => a - b);
  } catch {
    throw new HandledError('errNotFillable');
  }
}

/** Send to one frame and parse its reply; null when it does not answer in time or answers garbage. */
export async function askFrame<T>(tabId: number, frameId: number, message: unknown, schema: z.ZodMiniType<T>, timeoutMs = 5000): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((res) => {
    timer = setTimeout(() => res(null), timeoutMs);
  });
  try {
    const reply = await Promise.race([chrome.tabs.sendMessage(tabId, message, { frameId }).catch(() => null), timeout]);
    if (reply === null || reply === undefined) return null;
    const parsed = schema.safeParse(reply);
    return parsed.success ? parsed.data : null;
  } finally {
    clearTimeout(timer);
  }
}
