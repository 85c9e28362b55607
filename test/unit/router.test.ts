/**
 * The router's order: the sender first (errForbidden, before the message is even parsed), then the
 * schema (errInvalidMessage naming the field), then the handler, whose unknown errors never leak
 * their message. The same checks in a real browser: test/e2e/senders.e2e.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

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
  ]);
  const echo = vi.fn(async (m: { text: string }) => ({ text: m.text }));
  const route = makeRouter(Schema, isExtensionPage, {
    echo: echo as never,
    boom: (async (m: { kind: string }) => {
      if (m.kind === 'handled') throw new HandledError('errNotFound', 'persona');
      throw new Error('persona Quillon Zebrowskaya is broken');
    }) as never,
  });

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
});
