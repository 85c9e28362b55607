/**
 * The background's single entry for messages. Each message kind states whom it trusts; a message
 * is parsed with its zod schema here, where it is received, before any handler sees it.
 */
import type { z } from 'zod';

export type Sender = chrome.runtime.MessageSender;
export type Trust = 'extension-page';
export type Handler = (msg: never, sender: Sender) => Promise<Record<string, unknown>>;

export class HandledError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
  ) {
    super(code);
  }
}

const extensionOrigin = () => new URL(chrome.runtime.getURL('/')).origin;

/** True when the sender is one of our own pages (popup, options), never a content script or another extension. */
export function isExtensionPage(sender: Sender): boolean {
  if (sender.id !== chrome.runtime.id) return false;
  const url = sender.url ?? '';
  try {
    return new URL(url).origin === extensionOrigin();
  } catch {
    return false;
  }
}

export function makeRouter<S extends z.ZodType<{ type: string }>>(
  schema: S,
  trust: (sender: Sender) => boolean,
  handlers: Record<string, Handler>,
) {
  return async (raw: unknown, sender: Sender): Promise<unknown> => {
    if (!trust(sender)) return { ok: false, error: { code: 'errForbidden' } };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: invalidBody(parsed.error.issues[0]?.path) };
    const msg = parsed.data as { type: string };
    const handler = handlers[msg.type];
    if (!handler) return { ok: false, error: { code: 'errInvalidMessage' } };
    try {
      return { ok: true, ...(await handler(msg as never, sender)) };
    } catch (e) {
      return { ok: false, error: toErrorBody(e) };
    }
  };
}

/** errInvalidMessage, with the path of the first field the schema refused ("persona.email", "type"). */
function invalidBody(path: readonly PropertyKey[] | undefined): { code: string; detail?: string } {
  const detail = (path ?? []).map(String).join('.').slice(0, 200);
  return detail ? { code: 'errInvalidMessage', detail } : { code: 'errInvalidMessage' };
}

function toErrorBody(e: unknown): { code: string; detail?: string } {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /^err[A-Z]\w*$/.test(code)) {
    const detail = (e as { detail?: unknown }).detail;
    return typeof detail === 'string' ? { code, detail } : { code };
  }
  // Never echo an unknown error's message: it could carry record contents.
  console.error('Proffer: unexpected error in a handler', (e as Error)?.name ?? 'Error');
  return { code: 'errInternal' };
}
