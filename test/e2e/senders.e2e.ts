/**
 * Who can talk to the background, in real Chromium: only Proffer's own pages. Another extension
 * (a stranger, written here at test time and loaded beside Proffer) finds no receiver; a web page
 * has no `chrome.runtime`, and where the stranger opens one to the page (externally_connectable),
 * Proffer still does not answer; our content script's isolated world is refused by the router
 * (errForbidden) even with the right passphrase; a malformed message from our own page is refused
 * by the schema, naming the field. Each time, the vault is checked to be exactly as it was.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePersona, type Launched, launch, PASSPHRASE, readyVault, send, tabIdOf } from './harness';
import { type PageServer, startPageServer } from './page-server';

/** What a sender got back: the reply, or the error its sendMessage threw. */
type Outcome = { reply?: unknown; error?: string };

const NO_RECEIVER = 'Could not establish connection. Receiving end does not exist.';
/** Privileged messages an intruder would want answered: they read the vault, or lock or wipe it. */
const PRIVILEGED = [
  { type: 'vault/status' },
  { type: 'personas/list' },
  { type: 'ledger/all' },
  { type: 'backup/export' },
  { type: 'vault/lock' },
  { type: 'vault/wipe', confirm: 'WIPE' },
];

let l: Launched;
let ext: Page;
let site: PageServer;
let stranger: Worker;
const dir = mkdtempSync(join(tmpdir(), 'proffer-senders-'));

/**
 * The stranger: no permissions, opens itself to pages of 127.0.0.1 (so the test can show that page
 * messaging works at all), answers any external message with a pong, and exposes `ask` and `dial`
 * for the test to message Proffer with.
 */
function writeStranger(root: string): void {
  mkdirSync(root);
  const manifest = {
    manifest_version: 3,
    name: 'Stranger (Proffer e2e)',
    version: '1.0',
    background: { service_worker: 'sw.js' },
    externally_connectable: { matches: ['http://127.0.0.1/*'] },
  };
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(root, 'sw.js'),
    `chrome.runtime.onMessageExternal.addListener((m, s, respond) => { respond({ pong: true }); });
self.ask = async (id, m) => {
  try { return { reply: await chrome.runtime.sendMessage(id, m) }; } catch (e) { return { error: String(e && e.message || e) }; }
};
self.dial = (id, m) => new Promise((done) => {
  const port = chrome.runtime.connect(id);
  port.onDisconnect.addListener(() => done({ error: chrome.runtime.lastError ? chrome.runtime.lastError.message : 'disconnected' }));
  port.onMessage.addListener((reply) => done({ reply }));
  port.postMessage(m);
});`,
  );
}

beforeAll(async () => {
  writeStranger(join(dir, 'stranger'));
  mkdirSync(join(dir, 'site'));
  writeFileSync(join(dir, 'site/page.html'), '<!doctype html><meta charset="utf-8"><title>A page</title><p>Any web page.</p>');
  site = await startPageServer(join(dir, 'site'));
  l = await launch({ extraExtensions: [join(dir, 'stranger')] });
  const isStranger = (w: Worker) => w.url().endsWith('/sw.js');
  stranger = l.context.serviceWorkers().find(isStranger) ?? (await l.context.waitForEvent('serviceworker', { predicate: isStranger }));
  ext = await readyVault(l, [fixturePersona()]);
});
afterAll(async () => {
  await l?.dispose();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The vault as Proffer's own page sees it: its state and the labels of its personas. */
async function vaultSeen(): Promise<{ state: unknown; personas: unknown }> {
  const status = await send<{ state: string }>(ext, { type: 'vault/status' });
  const list = await send<{ personas?: { id: string; label: string }[] }>(ext, { type: 'personas/list' });
  return { state: status.state, personas: list.personas?.map((p) => `${p.id}:${p.label}`) ?? list.error?.code };
}

/** The stranger's worker sends `message` to Proffer: `ask` with sendMessage, `dial` over a port. */
function strangerCalls(how: 'ask' | 'dial', message: unknown): Promise<Outcome> {
  type Api = Record<'ask' | 'dial', (id: string, m: unknown) => Promise<Outcome>>;
  return stranger.evaluate(([h, id, m]) => (self as unknown as Api)[h](id, m), [how, l.extensionId, message] as const);
}

/** Send a message from the content script's isolated world in the tab of `page`. */
async function fromContentScript(page: Page, message: unknown): Promise<Outcome> {
  const tabId = await tabIdOf(l, page);
  return ext.evaluate(
    async ([tab, m]) => {
      const [frame] = await chrome.scripting.executeScript({
        target: { tabId: tab },
        world: 'ISOLATED',
        func: async (msg: unknown) => {
          try {
            return { reply: await chrome.runtime.sendMessage(msg) };
          } catch (e) {
            return { error: String((e as Error)?.message ?? e) };
          }
        },
        args: [m],
      });
      return (frame?.result ?? { error: 'no result' }) as Outcome;
    },
    [tabId, message] as const,
  );
}

describe("the background answers only Proffer's own pages", () => {
  it('another extension finds no receiver: no data, and its lock and wipe change nothing', async () => {
    const before = await vaultSeen();
    expect(before).toEqual({ state: 'unlocked', personas: ['persona-everyday:Everyday'] });
    for (const m of PRIVILEGED) expect(await strangerCalls('ask', m), m.type).toEqual({ error: NO_RECEIVER });
    // A long-lived port is refused the same way.
    const port = await strangerCalls('dial', { type: 'personas/list' });
    expect(port).toEqual({ error: NO_RECEIVER });
    expect(await vaultSeen()).toEqual(before);
  });

  it('a web page has no chrome.runtime; where another extension gives it one, Proffer still does not answer', async () => {
    // An origin no extension opens itself to: the API is not there at all.
    const plain = await l.context.newPage();
    await plain.goto(`${site.other}/page.html`);
    expect(await plain.evaluate(() => typeof (globalThis as { chrome?: { runtime?: unknown } }).chrome?.runtime)).toBe('undefined');
    await plain.close();

    // 127.0.0.1 is listed by the stranger, so the page gets chrome.runtime.sendMessage.
    const page = await l.context.newPage();
    await page.goto(`${site.origin}/page.html`);
    const strangerId = new URL(stranger.url()).host;
    const got = await page.evaluate(
      async ([proffer, other, messages]) => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(id: string, m: unknown): Promise<unknown> } } }).chrome
          .runtime;
        const ask = async (id: string, m: unknown) => {
          try {
            return { reply: await runtime.sendMessage(id, m) };
          } catch (e) {
            return { error: String((e as Error)?.message ?? e) };
          }
        };
        const toProffer = [];
        for (const m of messages) toProffer.push(await ask(proffer, m));
        return { control: await ask(other, { ping: true }), toProffer };
      },
      [l.extensionId, strangerId, PRIVILEGED] as const,
    );
    // The channel works (the stranger answers the page), so Proffer's silence is Proffer's doing.
    expect(got.control).toEqual({ reply: { pong: true } });
    expect(got.toProffer).toEqual(PRIVILEGED.map(() => ({ error: NO_RECEIVER })));
    await page.close();
    expect((await vaultSeen()).state).toBe('unlocked');
  });

  it("our content script's isolated world is refused by the router: errForbidden, no data, no effect", async () => {
    const page = await l.context.newPage();
    await page.goto(`${site.origin}/page.html?from=content-script`);
    const before = await vaultSeen();
    for (const m of PRIVILEGED)
      expect(await fromContentScript(page, m), m.type).toEqual({ reply: { ok: false, error: { code: 'errForbidden' } } });
    expect(await vaultSeen()).toEqual(before);

    // Even the right passphrase does not unlock from there.
    await send(ext, { type: 'vault/lock' });
    expect((await vaultSeen()).state).toBe('locked');
    expect(await fromContentScript(page, { type: 'vault/unlock', passphrase: PASSPHRASE })).toEqual({
      reply: { ok: false, error: { code: 'errForbidden' } },
    });
    expect((await vaultSeen()).state).toBe('locked');

    // Its one message (forms changed) is taken, and not answered.
    expect(await fromContentScript(page, { type: 'content/changed', fields: 1 })).toEqual({});
    expect((await send(ext, { type: 'vault/unlock', passphrase: PASSPHRASE })).ok).toBe(true);
    expect(await vaultSeen()).toEqual(before);
    await page.close();
  });

  it('a malformed message from our own page is refused by the schema, naming the field, and changes nothing', async () => {
    const before = await vaultSeen();
    const refused = async (m: unknown) => (await ext.evaluate((msg) => chrome.runtime.sendMessage(msg), m)) as unknown;
    // A wipe without its confirmation word.
    expect(await refused({ type: 'vault/wipe' })).toEqual({ ok: false, error: { code: 'errInvalidMessage', detail: 'confirm' } });
    // A persona whose label is not text overwrites nothing.
    expect(await refused({ type: 'personas/save', persona: { ...fixturePersona(), label: 42 } })).toEqual({
      ok: false,
      error: { code: 'errInvalidMessage', detail: 'persona.label' },
    });
    expect(await refused({ type: 'vault/wipe-everything' })).toEqual({ ok: false, error: { code: 'errInvalidMessage', detail: 'type' } });
    expect(await refused('personas/list')).toEqual({ ok: false, error: { code: 'errInvalidMessage' } });
    expect(await vaultSeen()).toEqual(before);
  });
});

describe('what a page or our content script can reach besides messages', () => {
  it("a page cannot load or probe the extension's files (no web-accessible resources)", async () => {
    const page = await l.context.newPage();
    await page.goto(`${site.origin}/page.html?probe=files`);
    const probes = await page.evaluate(async (id) => {
      const base = `chrome-extension://${id}`;
      const viaFetch = async (path: string) => {
        try {
          const r = await fetch(`${base}/${path}`);
          return `loaded ${r.status}`;
        } catch {
          return 'blocked';
        }
      };
      const viaImage = (path: string) =>
        new Promise<string>((done) => {
          const img = new Image();
          img.onload = () => done('loaded');
          img.onerror = () => done('blocked');
          img.src = `${base}/${path}`;
        });
      return {
        manifest: await viaFetch('manifest.json'),
        contentScript: await viaFetch('src/content/index.js'),
        icon: await viaImage('icons/icon-16.png'),
      };
    }, l.extensionId);
    // The same icon loads in Proffer's own page, so the page's failure is the missing exposure.
    const own = await ext.evaluate(
      (src) =>
        new Promise<string>((done) => {
          const img = new Image();
          img.onload = () => done('loaded');
          img.onerror = () => done('blocked');
          img.src = src;
        }),
      `chrome-extension://${l.extensionId}/icons/icon-16.png`,
    );
    expect(own).toBe('loaded');
    expect(probes).toEqual({ manifest: 'blocked', contentScript: 'blocked', icon: 'blocked' });
    await page.close();
  });

  it("our content script cannot read the session storage that holds the unlocked vault's key", async () => {
    const page = await l.context.newPage();
    await page.goto(`${site.origin}/page.html?probe=session`);
    const tabId = await tabIdOf(l, page);
    const seen = await ext.evaluate(async (tab) => {
      const [frame] = await chrome.scripting.executeScript({
        target: { tabId: tab },
        world: 'ISOLATED',
        func: async () => {
          const session = chrome.storage?.session;
          if (!session) return { session: 'absent' };
          try {
            return { session: 'read', keys: Object.keys(await session.get(null)) };
          } catch (e) {
            return { session: 'refused', error: String((e as Error)?.message ?? e) };
          }
        },
      });
      return frame?.result;
    }, tabId);
    // Proffer's own page sees that the session holds something while unlocked (the control).
    const ownKeys = await ext.evaluate(async () => Object.keys(await chrome.storage.session.get(null)));
    expect(ownKeys.length).toBeGreaterThan(0);
    expect(seen?.session).not.toBe('read');
    await page.close();
  });

  it("Proffer's own pages run no inline or foreign script (the manifest's CSP holds)", async () => {
    const page = await l.context.newPage();
    await page.goto(`chrome-extension://${l.extensionId}/src/options/index.html`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const tried = await page.evaluate(async () => {
      const w = globalThis as unknown as { __inline?: boolean; __data?: boolean };
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
      const inline = document.createElement('script');
      inline.textContent = 'window.__inline = true;';
      document.head.append(inline);
      const data = document.createElement('script');
      data.src = 'data:text/javascript,window.__data=true';
      await new Promise((done) => {
        data.onerror = done;
        data.onload = done;
        document.head.append(data);
      });
      await new Promise((done) => setTimeout(done, 50));
      return { inline: w.__inline === true, data: w.__data === true, violations: [...new Set(violations)].sort() };
    });
    expect(tried).toEqual({ inline: false, data: false, violations: ['script-src-elem data', 'script-src-elem inline'] });
    await page.close();
  });
});
