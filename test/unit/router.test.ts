/**
 * The router's order: the sender first (errForbidden, before the message is even parsed), then the
 * schema (errInvalidMessage naming the field), then the message's own trust (errForbidden) and the
 * vault state it needs (errLocked, errNotInitialized), then the handler, whose unknown errors never
 * leak their message. The same checks in a real browser: test/e2e/senders.e2e.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { RouteTable, Sender } from '../../src/background/router';

vi.stubGlobal('chrome', { runtime: { id: 'proffer', getURL: (p: string) => `chrome-extension://proffer${p}` } });
const { HandledError, isExtensionPage, makeRouter } = await import('../../src/background/router');

const page = { id: 'proffer', url: 'chrome-extension://proffer/src/popup/index.html' };

describe('isExtensionPage', () => {
  it('trusts our own pages only', () => {
    expect(isExtensionPage(page)).toBe(true);
    expect(isExtensionPage({ ...page, tab: { id: 3 } as chrome.tabs.Tab })).toBe(true); // the options page in a tab
    expect(isExtensionPage({ id: 'stranger', url: 'chrome-extension://stranger/x.html' })).toBe(false);
    expect(isExtensionPage({ id: 'stranger', url: page.url })).toBe(false);
    expect(isExtensionPage({ id: 'proffer', url: 'https://shop.example/', tab: { id: 3 } as chrome.tabs.Tab })).toBe(false); // our content script
    expect(isExtensionPage({ id: 'proffer' })).toBe(false);
    expect(isExtensionPage({ id: 'proffer', url: 'not a url' })).toBe(false);
  });
});

describe('makeRouter', () => {
  const Schema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('echo'), text: z.string().max(10) }),
    z.object({ type: z.literal('boom'), kind: z.enum(['handled', 'secret']) }),
    z.object({ type: z.literal('options-only') }),
    z.object({ type: z.literal('secret') }),
    z.object({ type: z.literal('restore') }),
  ]);
  type Schema = z.infer<typeof Schema>;
  type Replies = { echo: { text: string }; boom: object; 'options-only': object; secret: { n: number }; restore: object };
  const options = { ...page, url: 'chrome-extension://proffer/src/options/index.html' };
  // A stronger trust than our pages in general, to show the router checks each message's own.
  const checks = { 'extension-page': isExtensionPage, 'options-page': (s: Sender) => isExtensionPage(s) && s.url === options.url };
  const echo = vi.fn(async (m: { text: string }) => ({ text: m.text }));
  const secret = vi.fn(async () => ({ n: 1 }));
  const gate = { state: vi.fn((): 'uninitialized' | 'locked' | 'unlocked' => 'unlocked'), touch: vi.fn(async () => undefined) };
  const table: RouteTable<Schema, Replies, keyof typeof checks> = {
    echo: { trust: 'extension-page', needsUnlocked: 'any', handle: echo },
    boom: {
      trust: 'extension-page',
      needsUnlocked: 'any',
      handle: async (m) => {
        if (m.kind === 'handled') throw new HandledError('errNotFound', 'persona');
        throw new Error('persona Quillon Zebrowskaya is broken');
      },
    },
    'options-only': { trust: 'options-page', needsUnlocked: 'any', handle: async () => ({}) },
    secret: { trust: 'extension-page', needsUnlocked: 'unlocked', handle: secret },
    restore: { trust: 'extension-page', needsUnlocked: 'not-locked', handle: async () => ({}) },
  };
  const route = makeRouter(Schema, table, checks, gate);

  it('refuses an untrusted sender before parsing anything', async () => {
    const parse = vi.spyOn(Schema, 'safeParse');
    expect(await route({ type: 'echo', text: 'hi' }, { id: 'proffer', url: 'https://shop.example/', tab: { id: 1 } as never })).toEqual({
      ok: false,
      error: { code: 'errForbidden' },
    });
    expect(parse).not.toHaveBeenCalled();
    expect(echo).not.toHaveBeenCalled();
    parse.mockRestore();
  });

  it('refuses what the schema refuses, naming the field', async () => {
    expect(await route({ type: 'echo', text: 'x'.repeat(11) }, page)).toEqual({
      ok: false,
      error: { code: 'errInvalidMessage', detail: 'text' },
    });
    expect(await route({ type: 'nope' }, page)).toEqual({ ok: false, error: { code: 'errInvalidMessage', detail: 'type' } });
    expect(await route(null, page)).toEqual({ ok: false, error: { code: 'errInvalidMessage' } });
    expect(echo).not.toHaveBeenCalled();
  });

  it('answers with the handler, its handled errors, and errInternal for anything else', async () => {
    expect(await route({ type: 'echo', text: 'hi' }, page)).toEqual({ ok: true, text: 'hi' });
    expect(await route({ type: 'boom', kind: 'handled' }, page)).toEqual({ ok: false, error: { code: 'errNotFound', detail: 'persona' } });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await route({ type: 'boom', kind: 'secret' }, page)).toEqual({ ok: false, error: { code: 'errInternal' } });
    expect(JSON.stringify(errors.mock.calls)).not.toContain('Quillon');
    errors.mockRestore();
  });

  it("refuses a message whose declared trust the sender lacks, though it passes another message's", async () => {
    expect(await route({ type: 'options-only' }, page)).toEqual({ ok: false, error: { code: 'errForbidden' } });
    expect(await route({ type: 'options-only' }, options)).toEqual({ ok: true });
    expect(await route({ type: 'echo', text: 'hi' }, options)).toEqual({ ok: true, text: 'hi' });
  });

  it('runs a message that needs the vault unlocked only then, and pushes the auto-lock back after it', async () => {
    gate.state.mockReturnValue('locked');
    expect(await route({ type: 'secret' }, page)).toEqual({ ok: false, error: { code: 'errLocked' } });
    gate.state.mockReturnValue('uninitialized');
    expect(await route({ type: 'secret' }, page)).toEqual({ ok: false, error: { code: 'errNotInitialized' } });
    expect(secret).not.toHaveBeenCalled();
    expect(gate.touch).not.toHaveBeenCalled();
    gate.state.mockReturnValue('unlocked');
    expect(await route({ type: 'secret' }, page)).toEqual({ ok: true, n: 1 });
    expect(gate.touch).toHaveBeenCalledTimes(1);
  });

  it('runs a not-locked message on an empty or unlocked vault, never a locked one, and any-state messages always', async () => {
    gate.state.mockReturnValue('locked');
    expect(await route({ type: 'restore' }, page)).toEqual({ ok: false, error: { code: 'errLocked' } });
    expect(await route({ type: 'echo', text: 'hi' }, page)).toEqual({ ok: true, text: 'hi' });
    gate.state.mockReturnValue('uninitialized');
    expect(await route({ type: 'restore' }, page)).toEqual({ ok: true });
    gate.state.mockReturnValue('unlocked');
    expect(await route({ type: 'restore' }, page)).toEqual({ ok: true });
    gate.touch.mockClear();
    expect(await route({ type: 'echo', text: 'hi' }, page)).toEqual({ ok: true, text: 'hi' });
    expect(gate.touch).not.toHaveBeenCalled();
  });
});
