/**
 * The UI's only path to the background. Pages (popup, options) import `send`; components receive it
 * (or plain callbacks) as props, so they can run against a mock and never touch extension APIs.
 *
 * `chrome.runtime.sendMessage` returns a promise in Chrome and Firefox MV3. Any transport failure
 * (no service worker, a reply that is not a Reply) becomes `errNoBackground`, so callers only ever
 * handle `Reply` values.
 */
import type { Reply, UiMessageType, UiToBackground } from '../shared/messages';

export type Send = <T extends UiMessageType>(msg: Extract<UiToBackground, { type: T }>) => Promise<Reply<T>>;

const noBackground = { ok: false, error: { code: 'errNoBackground' } } as const;

function isReply(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { ok?: unknown; error?: { code?: unknown } };
  if (r.ok === true) return true;
  return r.ok === false && typeof r.error?.code === 'string';
}

export const send: Send = async (msg) => {
  try {
    const reply: unknown = await globalThis.chrome.runtime.sendMessage(msg);
    return isReply(reply) ? (reply as never) : noBackground;
  } catch {
    return noBackground;
  }
};
