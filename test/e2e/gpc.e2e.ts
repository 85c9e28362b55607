/**
 * Global Privacy Control in real headless Chromium with the built extension: `Sec-GPC: 1` reaches
 * the server on the navigation and on every kind of subresource, pages and frames see
 * `navigator.globalPrivacyControl === true` from their first script on, and the person's switch and
 * per-site exceptions (sent as the options page sends them, with the vault never created) take both
 * signals away and give them back, also after a browser restart.
 *
 * Two sites on one local server: Chromium resolves *.gpc.test to 127.0.0.1, so site.gpc.test and
 * other.gpc.test are different hosts (what DNR domains and match patterns tell apart) on one port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Launched, launch, openExtensionPage, send } from './harness';

interface Hit {
  host: string;
  path: string;
  tag: string;
  gpc: string | undefined;
}

/** Every request the server received, with its Sec-GPC header. */
const hits: Hit[] = [];
let server: Server;
let port = 0;
const SITE = 'site.gpc.test';
const OTHER = 'other.gpc.test';
const origin = (host: string) => `http://${host}:${port}`;

/**
 * A page that loads one of each kind of subresource from its own host (stylesheet, script, image,
 * fetch, XHR, same-origin iframe), an image from `peer` (a third-party request), and holds an
 * about:blank iframe. Its first script records what the page saw before any other script ran.
 */
function pageHtml(tag: string, peer: string): string {
  const q = `?tag=${tag}`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>GPC ${tag}</title>
<script>window.gpcAtStart = navigator.globalPrivacyControl;</script>
<link rel="stylesheet" href="/style.css${q}">
<script src="/script.js${q}"></script>
</head><body>
<img src="/image.png${q}" alt="">
<img src="http://${peer}:${port}/image.png${q}" alt="">
<iframe src="/frame.html${q}" title="same origin"></iframe>
<iframe id="blank" title="blank"></iframe>
</body></html>`;
}

const SCRIPT = `window.loaded = Promise.all([
  fetch('/fetch' + location.search).then((r) => r.text()),
  new Promise((ok) => { const x = new XMLHttpRequest(); x.onloadend = ok; x.open('GET', '/xhr' + location.search); x.send(); }),
]);`;

function serve(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const tag = url.searchParams.get('tag') ?? '';
  const gpc = req.headers['sec-gpc'];
  hits.push({ host, path: url.pathname, tag, gpc: Array.isArray(gpc) ? gpc.join(',') : gpc });
  const reply = (type: string, body: string | Buffer, status = 200) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
    return true;
  };
  switch (url.pathname) {
    case '/page.html':
      return reply('text/html; charset=utf-8', pageHtml(tag, host === SITE ? OTHER : SITE));
    case '/frame.html':
      return reply(
        'text/html; charset=utf-8',
        '<!doctype html><title>frame</title><script>window.gpcAtStart = navigator.globalPrivacyControl;</script><p>frame</p>',
      );
    case '/script.js':
      return reply('text/javascript', SCRIPT);
    case '/style.css':
      return reply('text/css', 'body { margin: 0 }');
    case '/image.png':
      // 1x1 transparent PNG.
      return reply(
        'image/png',
        Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
      );
    case '/fetch':
    case '/xhr':
      return reply('text/plain', 'ok');
    case '/.well-known/gpc.json':
      if (host === SITE) return reply('application/json', JSON.stringify({ gpc: true, lastUpdate: '2026-01-15' }));
      return reply('text/plain', 'not found', 404);
    default:
      return reply('text/plain', 'not found', 404);
  }
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

let l: Launched | null = null;
afterEach(async () => {
  await l?.dispose();
  l = null;
});

const launchGpc = (userDataDir?: string) =>
  launch({ ...(userDataDir ? { userDataDir } : {}), args: [`--host-resolver-rules=MAP *.gpc.test 127.0.0.1`] });

/** The paths a page load of `tag` on `host` must request from its own host. */
const OWN_PATHS = ['/page.html', '/style.css', '/script.js', '/image.png', '/fetch', '/xhr', '/frame.html'];

let run = 0;
interface Load {
  /** Sec-GPC of each request to the page's own host, by path. */
  own: Record<string, string | undefined>;
  /** Sec-GPC of the image request to the other host. */
  thirdParty: string | undefined;
  /** navigator.globalPrivacyControl: in the page (now and before its scripts), its iframe, its about:blank iframe. */
  page: unknown;
  pageAtStart: unknown;
  frame: unknown;
  frameAtStart: unknown;
  blank: unknown;
}

/** Load the test page of `host` in `page` and report what the server got and what the page saw. */
async function load(page: Page, host: string): Promise<Load> {
  const tag = `r${++run}`;
  await page.goto(`${origin(host)}/page.html?tag=${tag}`);
  await page.evaluate(() => (window as unknown as { loaded: Promise<unknown> }).loaded);
  const mine = () => hits.filter((h) => h.tag === tag);
  await expect.poll(() => OWN_PATHS.every((p) => mine().some((h) => h.host === host && h.path === p))).toBe(true);
  await expect.poll(() => mine().some((h) => h.host !== host)).toBe(true);
  const own: Record<string, string | undefined> = {};
  for (const p of OWN_PATHS) own[p] = mine().find((h) => h.host === host && h.path === p)?.gpc;
  const frame = page.frames().find((f) => f.url().includes('/frame.html'));
  if (!frame) throw new Error('the iframe did not load');
  const read = () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl;
  const atStart = () => (window as unknown as { gpcAtStart: unknown }).gpcAtStart;
  return {
    own,
    thirdParty: mine().find((h) => h.host !== host)?.gpc,
    page: await page.evaluate(read),
    pageAtStart: await page.evaluate(atStart),
    frame: await frame.evaluate(read),
    frameAtStart: await frame.evaluate(atStart),
    blank: await page.evaluate(() => {
      const w = (document.getElementById('blank') as HTMLIFrameElement).contentWindow as
        | (Window & { navigator: { globalPrivacyControl?: boolean } })
        | null;
      return w?.navigator.globalPrivacyControl;
    }),
  };
}

const allOwn = (value: string | undefined) => Object.fromEntries(OWN_PATHS.map((p) => [p, value]));
const ON: Omit<Load, 'thirdParty'> = { own: allOwn('1'), page: true, pageAtStart: true, frame: true, frameAtStart: true, blank: true };
const OFF: Omit<Load, 'thirdParty'> = {
  own: allOwn(undefined),
  page: undefined,
  pageAtStart: undefined,
  frame: undefined,
  frameAtStart: undefined,
  blank: undefined,
};

type State = { enabled: boolean; exceptions: string[] };

describe('Global Privacy Control in Chromium', () => {
  it('is on by default, everywhere; an exception and the switch take it away per site and globally', async () => {
    l = await launchGpc();
    const ext = await openExtensionPage(l, 'options');
    // No vault exists: GPC needs none. The reply also waits for the start-up apply (calls are serialized).
    expect((await send<{ state: string }>(ext, { type: 'vault/status' })).state).toBe('uninitialized');
    expect(await send<State>(ext, { type: 'gpc/state' })).toEqual({ ok: true, enabled: true, exceptions: [] });

    const page = await l.context.newPage();
    const on = await load(page, SITE);
    expect(on).toEqual({ ...ON, thirdParty: '1' });
    // Shaped like the attribute of a browser that implements GPC: an accessor on the prototype.
    const shape = await page.evaluate(() => {
      const d = Object.getOwnPropertyDescriptor(Navigator.prototype, 'globalPrivacyControl');
      return {
        get: typeof d?.get,
        getName: d?.get?.name,
        set: d?.set,
        enumerable: d?.enumerable,
        configurable: d?.configurable,
        own: Object.getOwnPropertyNames(navigator).length,
      };
    });
    expect(shape).toEqual({
      get: 'function',
      getName: 'get globalPrivacyControl',
      set: undefined,
      enumerable: true,
      configurable: true,
      own: 0,
    });

    // What the sites declare in /.well-known/gpc.json, and whether GPC is sent to them.
    expect(await send(ext, { type: 'gpc/site', origin: origin(SITE) })).toEqual({ ok: true, support: 'supported', enabled: true });
    expect(await send(ext, { type: 'gpc/site', origin: origin(OTHER) })).toEqual({ ok: true, support: 'unknown', enabled: true });

    // An exception for the site: nothing from or to it carries GPC; the other site keeps it.
    const excepted = await send<State>(ext, { type: 'gpc/exception', origin: origin(SITE), except: true });
    expect(excepted).toEqual({ ok: true, enabled: true, exceptions: [origin(SITE)] });
    expect(await send(ext, { type: 'gpc/site', origin: origin(SITE) })).toMatchObject({ enabled: false });
    expect(await load(page, SITE)).toEqual({ ...OFF, thirdParty: undefined });
    const other = await load(page, OTHER);
    expect(other).toEqual({ ...ON, thirdParty: undefined });

    // A malformed origin is refused, and changes nothing.
    expect(await send(ext, { type: 'gpc/exception', origin: 'javascript:alert(1)', except: true })).toMatchObject({
      ok: false,
      error: { code: 'errUrl' },
    });
    expect(await send(ext, { type: 'gpc/exception', origin: 'site.gpc.test', except: true })).toMatchObject({
      ok: false,
      error: { code: 'errUrl' },
    });

    // Removing the exception (by any URL of the site) brings both signals back.
    expect(await send<State>(ext, { type: 'gpc/exception', origin: `${origin(SITE)}/some/page`, except: false })).toEqual({
      ok: true,
      enabled: true,
      exceptions: [],
    });
    expect(await load(page, SITE)).toEqual({ ...ON, thirdParty: '1' });

    // The global switch: off everywhere, then on again.
    expect(await send<State>(ext, { type: 'gpc/set-enabled', enabled: false })).toEqual({ ok: true, enabled: false, exceptions: [] });
    expect(await send(ext, { type: 'gpc/site', origin: origin(OTHER) })).toMatchObject({ enabled: false });
    expect(await load(page, SITE)).toEqual({ ...OFF, thirdParty: undefined });
    expect(await load(page, OTHER)).toEqual({ ...OFF, thirdParty: undefined });
    expect(await send<State>(ext, { type: 'gpc/set-enabled', enabled: true })).toEqual({ ok: true, enabled: true, exceptions: [] });
    expect(await load(page, OTHER)).toEqual({ ...ON, thirdParty: '1' });
  });

  it('keeps the switch and the exceptions across a browser restart', async () => {
    l = await launchGpc();
    const ext = await openExtensionPage(l, 'options');
    await send(ext, { type: 'gpc/exception', origin: origin(SITE), except: true });
    const userDataDir = l.userDataDir;
    await l.close();

    l = await launchGpc(userDataDir);
    // Chromium reloads a command-line (unpacked) extension on every launch, as if updated, and drops
    // its registered content scripts then (the DNR rule stays): the service worker's start-up
    // initGpc registers the page script again. Wait for it, as a page loaded first would race it.
    const ext2 = await openExtensionPage(l, 'options');
    expect(await send<State>(ext2, { type: 'gpc/state' })).toEqual({ ok: true, enabled: true, exceptions: [origin(SITE)] });
    const page = await l.context.newPage();
    expect(await load(page, OTHER)).toEqual({ ...ON, thirdParty: undefined });
    expect(await load(page, SITE)).toEqual({ ...OFF, thirdParty: undefined });

    // The switch off stays off after the next restart.
    expect(await send<State>(ext2, { type: 'gpc/set-enabled', enabled: false })).toMatchObject({ enabled: false });
    await l.close();
    l = await launchGpc(userDataDir);
    const ext3 = await openExtensionPage(l, 'options');
    expect(await send<State>(ext3, { type: 'gpc/state' })).toEqual({ ok: true, enabled: false, exceptions: [origin(SITE)] });
    expect(await load(await l.context.newPage(), OTHER)).toEqual({ ...OFF, thirdParty: undefined });
  });
});

describe('the popup on a site', () => {
  it('says whether GPC is sent and whether the site declares support, and makes a site exception', async () => {
    const { createDemoServer } = await import('../../demo/server.mjs');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { fixturePersona, launch, openPopupForTab, readyVault, send } = await import('./harness');
    const dir = mkdtempSync(join(tmpdir(), 'proffer-gpc-popup-'));
    const shop = await createDemoServer({ port: 0, brand: { name: 'Gpcwind', dataDir: dir } });
    const l = await launch();
    try {
      const ext = await readyVault(l, [fixturePersona()]);
      const page = await l.context.newPage();
      await page.goto(`${shop.url}/signup`);
      const popup = await openPopupForTab(l, page);
      const section = popup.getByRole('region', { name: 'Global Privacy Control' });
      await section.getByText(/says it honours Global Privacy Control/).waitFor();
      const box = section.getByRole('checkbox', { name: 'Send Global Privacy Control to this site' });
      expect(await box.isChecked()).toBe(true);
      await box.uncheck();
      await expect.poll(async () => (await send<{ exceptions: string[] }>(ext, { type: 'gpc/state' })).exceptions.length).toBe(1);
      await page.reload();
      expect(await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true)).toBe(
        false,
      );
      await box.check();
      await expect.poll(async () => (await send<{ exceptions: string[] }>(ext, { type: 'gpc/state' })).exceptions.length).toBe(0);
      // The popup with its site sections has no accessibility violations.
      const { readFileSync } = await import('node:fs');
      const { ROOT } = await import('./harness');
      await popup.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
      const violations = await popup.evaluate(async () => {
        const r = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe.run();
        return r.violations.map((v) => v.id);
      });
      expect(violations).toEqual([]);
    } finally {
      await l.dispose();
      await shop.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
