/**
 * The background's single entry for messages. Each message kind states whom it trusts and what the
 * vault must be for it (its Route in the table, table.ts); the router checks both. A message is
 * parsed with its zod schema here, where it is received, before any handler sees it.
 */
import type { z } from 'zod';

export type Sender = chrome.runtime.MessageSender;
/** Who may send a message. A union so a message open to more senders can say so (weaker trusts join it). */
export type Trust = 'extension-page';
/** What the vault must be for a message: unlocked; not locked (empty or unlocked: restoring a backup); any state. */
export type Unlock = 'unlocked' | 'not-locked' | 'any';

/** One message kind: whom it trusts, the vault state it needs, and its handler. */
export interface Route<M, R, T extends string = Trust> {
  readonly trust: T;
  readonly needsUnlocked: Unlock;
  readonly handle: (msg: M, sender: Sender) => Promise<R>;
}

/** One Route per message type of `U`, answering `R[type]`: no type missing, none extra. */
export type RouteTable<U extends { type: string }, R extends { [K in U['type']]: object }, T extends string = Trust> = {
  [K in U['type']]: Route<Extract<U, { type: K }>, R[K], T>;
};

/** The vault as the router sees it: its state before a handler runs, and the session to push back after. */
export interface VaultGate {
  state(): 'uninitialized' | 'locked' | 'unlocked';
  touch(): Promise<void>;
}

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

/** How each trust is checked against a sender. */
export const TRUST_CHECKS: Record<Trust, (sender: Sender) => boolean> = { 'extension-page': isExtensionPage };

/**
 * The router over `table`: the sender first (errForbidden before anything is parsed unless some
 * trust in the table admits it), the schema (errInvalidMessage naming the field), the message's
 * own trust (errForbidden), the vault state it needs (errNotInitialized, errLocked), then the handler.
 */
export function makeRouter<U extends { type: string }, T extends string>(
  schema: z.ZodType<U>,
  table: RouteTable<U, { [K in U['type']]: object }, T>,
  checks: Record<T, (sender: Sender) => boolean>,
  vault: VaultGate,
) {
  // Looked up by the parsed message's type, so a route's handler gets the message it declares (`never`
  // below stands for that: the parse, not the compiler, ties a message to its route).
  const routes: Partial<Record<string, Route<never, object, T>>> = table;
  // Checked before parsing: a sender none of the table's trusts admits learns nothing about the schema.
  const trusts = [...new Set(Object.values(routes).map((r) => r!.trust))];
  const admitted = (sender: Sender) => trusts.some((t) => checks[t](sender));
  return async (raw: unknown, sender: Sender): Promise<unknown> => {
    if (!admitted(sender)) return { ok: false, error: { code: 'errForbidden' } };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: invalidBody(parsed.error.issues[0]?.path) };
    const msg = parsed.data;
    const route = routes[msg.type];
    if (!route) return { ok: false, error: { code: 'errInvalidMessage' } };
    if (!checks[route.trust](sender)) return { ok: false, error: { code: 'errForbidden' } };
    try {
      const state = vault.state();
      if (route.needsUnlocked === 'unlocked' && state !== 'unlocked')
        throw new HandledError(state === 'uninitialized' ? 'errNotInitialized' : 'errLocked');
      if (route.needsUnlocked === 'not-locked' && state === 'locked') throw new HandledError('errLocked');
      const reply = await route.handle(msg as never, sender);
      // Any use of the unlocked vault pushes the auto-lock back.
      if (route.needsUnlocked === 'unlocked') await vault.touch();
      return { ok: true, ...reply };
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
