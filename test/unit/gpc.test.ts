// @vitest-environment node
// Global Privacy Control without a browser: what a gpc.json says, how exceptions map onto DNR and
// match patterns, the page script's shape, fetching gpc.json from a local server (limits, redirects,
// timeout), and the background's apply step against a stand-in for the chrome APIs.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { transformWithOxc } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHROME_RESOURCE_TYPES,
  exceptionHosts,
  excludePatterns,
  GPC_JSON_MAX_BYTES,
  GPC_RULE_ID,
  GPC_SCRIPT_FILE,
  GPC_SCRIPT_ID,
  type GpcState,
  gpcEnabledFor,
  gpcRule,
  gpcScript,
  normalizeOrigin,
  parseGpcJson,
  siteGpcSupport,
  withException,
  withoutException,
} from '../../src/background/gpc';

const ROOT = join(import.meta.dirname, '../..');

describe('parseGpcJson', () => {
  it('reads the gpc member', () => {
    expect(parseGpcJson('{"gpc": true, "lastUpdate": "2021-06-01"}')).toBe('supported');
    expect(parseGpcJson('{"gpc": true}')).toBe('supported');
    expect(parseGpcJson('{"gpc": false, "lastUpdate": "2021-06-01"}')).toBe('not-supported');
    expect(parseGpcJson('{"gpc": true, "version": 1, "note": "extra members are fine"}')).toBe('supported');
  });

  it('is unknown for anything else', () => {
    for (const text of [
      '',
      'not json',
      '[]',
      'null',
      'true',
      '{}',
      '{"gpc": "true"}',
      '{"gpc": 1}',
      '{"gpc": true, "lastUpdate": 20210601}',
      '<html>{"gpc": true}</html>',
    ]) {
      expect(parseGpcJson(text), text).toBe('unknown');
    }
  });
});

describe('origins and exceptions', () => {
  it('normalizes http(s) origins and refuses the rest', () => {
    expect(normalizeOrigin('https://Shop.Example.COM/cart?x=1#y')).toBe('https://shop.example.com');
    expect(normalizeOrigin('  http://127.0.0.1:8080  ')).toBe('http://127.0.0.1:8080');
    expect(normalizeOrigin('https://example.com:443')).toBe('https://example.com');
    expect(normalizeOrigin('https://münchen.example')).toBe('https://xn--mnchen-3ya.example');
    expect(normalizeOrigin('http://[::1]:3000/')).toBe('http://[::1]:3000');
    for (const bad of [
      'example.com',
      'javascript:alert(1)',
      'ftp://example.com',
      'file:///etc/passwd',
      'data:text/html,x',
      'chrome://settings',
      '',
    ]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
  });

  it('keeps one exception per host, and removes it whichever scheme or port names it', () => {
    let list = withException([], 'https://a.example');
    list = withException(list, 'http://b.example:8080');
    list = withException(list, 'http://a.example:8443');
    expect(list).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(withoutException(list, 'http://a.example')).toEqual(['http://b.example:8080']);
    expect(withoutException(list, 'https://c.example')).toEqual(list);
    expect(exceptionHosts(['https://a.example', 'http://127.0.0.1:5000'])).toEqual(['a.example', '127.0.0.1']);
  });

  it('turns GPC off for an excepted host and its subdomains, as DNR does, and everywhere when switched off', () => {
    const state: GpcState = { enabled: true, exceptions: ['https://shop.example', 'http://10.0.0.1:8080'] };
    expect(gpcEnabledFor(state, 'https://shop.example')).toBe(false);
    expect(gpcEnabledFor(state, 'http://shop.example:3000')).toBe(false);
    expect(gpcEnabledFor(state, 'https://cdn.shop.example')).toBe(false);
    expect(gpcEnabledFor(state, 'https://example')).toBe(true);
    expect(gpcEnabledFor(state, 'https://myshop.example')).toBe(true);
    expect(gpcEnabledFor(state, 'http://10.0.0.1')).toBe(false);
    expect(gpcEnabledFor(state, 'http://110.0.0.1')).toBe(true);
    expect(gpcEnabledFor({ ...state, enabled: false }, 'https://other.example')).toBe(false);
  });

  it('excludes a domain with its subdomains from the page script, and an IP address alone', () => {
    expect(excludePatterns('shop.example')).toEqual(['*://shop.example/*', '*://*.shop.example/*']);
    expect(excludePatterns('127.0.0.1')).toEqual(['*://127.0.0.1/*']);
    expect(excludePatterns('[::1]')).toEqual(['*://[::1]/*']);
  });
});

describe('the DNR rule and the script registration', () => {
  it('sets Sec-GPC: 1 on every resource type, the navigation included', () => {
    const chromeRule = gpcRule([], 'chrome');
    expect(chromeRule).toEqual({
      id: GPC_RULE_ID,
      priority: 1,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'Sec-GPC', operation: 'set', value: '1' }] },
      condition: { resourceTypes: [...CHROME_RESOURCE_TYPES] },
    });
    expect(CHROME_RESOURCE_TYPES).toContain('main_frame');
    expect(new Set(CHROME_RESOURCE_TYPES).size).toBe(15);
    // Firefox: an empty exclusion list matches every type there, and names none it could reject.
    expect(gpcRule([], 'firefox').condition).toEqual({ excludedResourceTypes: [] });
  });

  it('leaves out requests to and from the excepted hosts', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const { condition } = gpcRule(['a.example', '127.0.0.1'], browser);
      expect(condition.excludedRequestDomains).toEqual(['a.example', '127.0.0.1']);
      expect(condition.excludedInitiatorDomains).toEqual(['a.example', '127.0.0.1']);
    }
  });

  it('registers the page script in the MAIN world at document_start in every frame, minus the exceptions', () => {
    expect(gpcScript(['a.example'])).toEqual({
      id: GPC_SCRIPT_ID,
      js: [GPC_SCRIPT_FILE],
      matches: ['http://*/*', 'https://*/*'],
      excludeMatches: ['*://a.example/*', '*://*.a.example/*'],
      allFrames: true,
      matchOriginAsFallback: true,
      runAt: 'document_start',
      world: 'MAIN',
      persistAcrossSessions: true,
    });
    expect(gpcScript([]).excludeMatches).toEqual([]);
    // vite.config.ts emits the built file next to where its source is.
    expect(existsSync(join(ROOT, GPC_SCRIPT_FILE.replace(/\.js$/, '.ts')))).toBe(true);
    expect(readFileSync(join(ROOT, 'vite.config.ts'), 'utf8')).toContain(`registeredScript('${GPC_SCRIPT_FILE.replace(/\.js$/, '.ts')}')`);
  });
});

describe('the page script', () => {
  /** Run the script as vite.config.ts ships it, in a fresh global with a Navigator of its own. */
  async function runPageScript(native?: PropertyDescriptor) {
    const src = join(ROOT, 'src/content/gpc-page.ts');
    const { code } = await transformWithOxc(readFileSync(src, 'utf8'), src, { lang: 'ts', target: 'es2022' });
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    const sandbox = createContext({ native });
    runInContext(
      `
      globalThis.Navigator = class Navigator {};
      if (native) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', native);
      globalThis.navigator = new Navigator();`,
      sandbox,
    );
    const names = () => runInContext('Object.getOwnPropertyNames(globalThis)', sandbox) as string[];
    const before = new Set(names());
    runInContext(code, sandbox);
    const leaked = names().filter((k) => !before.has(k));
    // A top-level let/const/class would not show as a property, but would throw on a second run
    // ("already been declared"): in a page it would be a global the page could clash with.
    runInContext(code, sandbox);
    return { sandbox, leaked };
  }

  it('defines navigator.globalPrivacyControl like a browser attribute, and leaks no global', async () => {
    const { sandbox, leaked } = await runPageScript();
    expect(leaked).toEqual([]);
    expect(runInContext('navigator.globalPrivacyControl', sandbox)).toBe(true);
    const shape = runInContext(
      `(() => {
      const d = Object.getOwnPropertyDescriptor(Navigator.prototype, 'globalPrivacyControl');
      return JSON.stringify({ get: typeof d.get, name: d.get.name, set: d.set === undefined, enumerable: d.enumerable, configurable: d.configurable,
        own: Object.getOwnPropertyNames(navigator).length, listed: Object.keys(Object.getPrototypeOf(navigator)).includes('globalPrivacyControl') });
    })()`,
      sandbox,
    );
    expect(JSON.parse(shape)).toEqual({
      get: 'function',
      name: 'get globalPrivacyControl',
      set: true,
      enumerable: true,
      configurable: true,
      own: 0,
      listed: true,
    });
  });

  it('replaces a native getter that answers false (Firefox with its pref off) and keeps one that answers true', async () => {
    const off = await runPageScript({ get: () => false, enumerable: true, configurable: true });
    expect(runInContext('navigator.globalPrivacyControl', off.sandbox)).toBe(true);
    const nativeOn = () => true;
    const on = await runPageScript({ get: nativeOn, enumerable: true, configurable: true });
    expect(runInContext("Object.getOwnPropertyDescriptor(Navigator.prototype, 'globalPrivacyControl').get", on.sandbox)).toBe(nativeOn);
  });
});

describe('siteGpcSupport', () => {
  const servers: Server[] = [];
  let handler: RequestListener = (_req, res) => res.end();
  let otherHits = 0;
  let site = '';
  let other = '';
  const listen = async (h: RequestListener) => {
    const s = createServer(h);
    servers.push(s);
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  beforeAll(async () => {
    site = await listen((req, res) => handler(req, res));
    other = await listen((_req, res) => {
      otherHits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"gpc": true}');
    });
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((ok) => s.close(ok));
    }
  });
  beforeEach(() => {
    otherHits = 0;
  });

  const json =
    (body: string, status = 200, headers: Record<string, string> = {}): RequestListener =>
    (req, res) => {
      if (req.url !== '/.well-known/gpc.json') return void res.writeHead(404).end();
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    };

  it('fetches /.well-known/gpc.json without cookies and says what it declares', async () => {
    let seen: { url?: string; cookie?: string } = {};
    handler = (req, res) => {
      seen = { url: req.url, cookie: req.headers.cookie };
      json('{"gpc": true, "lastUpdate": "2022-02-02"}')(req, res);
    };
    expect(await siteGpcSupport(`${site}/any/page`)).toBe('supported');
    expect(seen).toEqual({ url: '/.well-known/gpc.json', cookie: undefined });
    handler = json('{"gpc": false}');
    expect(await siteGpcSupport(site)).toBe('not-supported');
    handler = json('\uFEFF{"gpc": true}');
    expect(await siteGpcSupport(site)).toBe('supported');
  });

  it('is unknown when the file is absent, invalid, not UTF-8 or over 16 KB', async () => {
    handler = json('{"gpc": true}', 404);
    expect(await siteGpcSupport(site)).toBe('unknown');
    handler = json('{"gpc": true}', 500);
    expect(await siteGpcSupport(site)).toBe('unknown');
    handler = json('{"gpc": tru');
    expect(await siteGpcSupport(site)).toBe('unknown');
    handler = (_req, res) => res.end(Buffer.from([0x7b, 0x22, 0x67, 0xff, 0x22, 0x7d]));
    expect(await siteGpcSupport(site)).toBe('unknown');
    const big = `{"gpc": true, "pad": "${'x'.repeat(GPC_JSON_MAX_BYTES)}"}`;
    handler = json(big);
    expect(await siteGpcSupport(site)).toBe('unknown');
    // Without a Content-Length (chunked), the body is cut off at the limit as it streams.
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(big.slice(0, 10_000));
      res.end(big.slice(10_000));
    };
    expect(await siteGpcSupport(site)).toBe('unknown');
    // Just under the limit is fine.
    handler = json(`{"gpc": true, "pad": "${'x'.repeat(GPC_JSON_MAX_BYTES - 40)}"}`);
    expect(await siteGpcSupport(site)).toBe('supported');
  });

  it('follows a redirect within the origin, never one to another origin', async () => {
    handler = (req, res) => {
      if (req.url === '/.well-known/gpc.json') return void res.writeHead(301, { Location: '/gpc-policy.json' }).end();
      json('{"gpc": true}')({ ...req, url: '/.well-known/gpc.json' } as never, res);
    };
    expect(await siteGpcSupport(site)).toBe('supported');
    handler = (_req, res) => void res.writeHead(302, { Location: `${other}/.well-known/gpc.json` }).end();
    expect(await siteGpcSupport(site)).toBe('unknown');
    expect(otherHits).toBe(0);
    handler = (_req, res) => void res.writeHead(302, { Location: '/.well-known/gpc.json' }).end();
    expect(await siteGpcSupport(site)).toBe('unknown');
    handler = (_req, res) => void res.writeHead(302, { Location: 'http://[bad' }).end();
    expect(await siteGpcSupport(site)).toBe('unknown');
  });

  it('gives up after the timeout, and refuses what is not an http(s) origin', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    expect(await siteGpcSupport(site, { timeoutMs: 300 })).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(3_000);
    // A body that starts and then stalls is cut off by the same timeout.
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"gpc":');
    };
    expect(await siteGpcSupport(site, { timeoutMs: 300 })).toBe('unknown');
    await expect(siteGpcSupport('javascript:alert(1)')).rejects.toMatchObject({ code: 'errUrl' });
  });
});

describe('applying the state (chrome APIs stood in for)', () => {
  /** Just enough of chrome.storage.local, declarativeNetRequest and scripting, with a call log. */
  function fakeChrome(protocol = 'chrome-extension:') {
    const store: Record<string, unknown> = {};
    let rules: chrome.declarativeNetRequest.Rule[] = [];
    let scripts: chrome.scripting.RegisteredContentScript[] = [];
    const calls: string[] = [];
    const api = {
      runtime: { getURL: (p: string) => `${protocol}//abc${p}` },
      storage: {
        local: {
          get: async (key: string) => (key in store ? { [key]: structuredClone(store[key]) } : {}),
          set: async (items: Record<string, unknown>) => void Object.assign(store, structuredClone(items)),
        },
      },
      declarativeNetRequest: {
        updateDynamicRules: async (o: { removeRuleIds: number[]; addRules: chrome.declarativeNetRequest.Rule[] }) => {
          calls.push('rules');
          rules = [...rules.filter((r) => !o.removeRuleIds.includes(r.id)), ...o.addRules];
        },
      },
      scripting: {
        getRegisteredContentScripts: async (f: { ids: string[] }) => scripts.filter((s) => f.ids.includes(s.id)),
        registerContentScripts: async (list: chrome.scripting.RegisteredContentScript[]) => {
          calls.push('register');
          await new Promise((r) => setTimeout(r, 5));
          for (const s of list) if (scripts.some((x) => x.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          scripts.push(...list);
        },
        updateContentScripts: async (list: chrome.scripting.RegisteredContentScript[]) => {
          calls.push('update');
          scripts = scripts.map((s) => list.find((x) => x.id === s.id) ?? s);
        },
        unregisterContentScripts: async (f: { ids: string[] }) => {
          calls.push('unregister');
          scripts = scripts.filter((s) => !f.ids.includes(s.id));
        },
      },
    };
    return { api, store, calls, rules: () => rules, scripts: () => scripts };
  }

  beforeEach(() => {
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('starts on, applies idempotently however often it starts, and follows the switch and the exceptions', async () => {
    const fake = fakeChrome();
    vi.stubGlobal('chrome', fake.api);
    const gpc = await import('../../src/background/gpc');
    // Service-worker start and onInstalled at once: one registration, no duplicate-id error.
    await Promise.all([gpc.initGpc(), gpc.initGpc()]);
    expect(fake.calls.filter((c) => c === 'register')).toHaveLength(1);
    expect(fake.rules()).toEqual([gpc.gpcRule([], 'chrome')]);
    expect(fake.scripts()).toEqual([gpc.gpcScript([])]);
    expect(await gpc.getGpcState()).toEqual({ enabled: true, exceptions: [] });

    expect(await gpc.addGpcException('https://shop.example/basket')).toEqual({ enabled: true, exceptions: ['https://shop.example'] });
    expect(fake.rules()).toEqual([gpc.gpcRule(['shop.example'], 'chrome')]);
    expect(fake.scripts()).toEqual([gpc.gpcScript(['shop.example'])]);
    expect(fake.store.gpc).toEqual({ enabled: true, exceptions: ['https://shop.example'] });
    await expect(gpc.addGpcException('not an origin')).rejects.toMatchObject({ code: 'errUrl' });

    expect(await gpc.setGpcEnabled(false)).toEqual({ enabled: false, exceptions: ['https://shop.example'] });
    expect(fake.rules()).toEqual([]);
    expect(fake.scripts()).toEqual([]);
    await gpc.initGpc();
    expect(fake.scripts()).toEqual([]);

    await gpc.setGpcEnabled(true);
    expect(await gpc.removeGpcException('http://shop.example:8080')).toEqual({ enabled: true, exceptions: [] });
    expect(fake.rules()).toEqual([gpc.gpcRule([], 'chrome')]);
    expect(fake.scripts()).toEqual([gpc.gpcScript([])]);
  });

  it('uses the Firefox rule in Firefox, and falls back to the defaults over a corrupt stored state', async () => {
    const fake = fakeChrome('moz-extension:');
    fake.store.gpc = { enabled: 'yes', exceptions: 7 };
    vi.stubGlobal('chrome', fake.api);
    const gpc = await import('../../src/background/gpc');
    await gpc.initGpc();
    expect(fake.rules()).toEqual([gpc.gpcRule([], 'firefox')]);
    expect(await gpc.getGpcState()).toEqual({ enabled: true, exceptions: [] });
    // One bad entry is dropped; the rest still apply.
    fake.store.gpc = { enabled: true, exceptions: ['garbage', 'https://ok.example', 'HTTPS://OK.example/x'] };
    await gpc.initGpc();
    expect(fake.rules()).toEqual([gpc.gpcRule(['ok.example'], 'firefox')]);
    expect(await gpc.getGpcState()).toEqual({ enabled: true, exceptions: ['https://ok.example'] });
  });

  it('refuses more exceptions than the limit', async () => {
    const fake = fakeChrome();
    fake.store.gpc = { enabled: true, exceptions: Array.from({ length: 1000 }, (_, i) => `https://s${i}.example`) };
    vi.stubGlobal('chrome', fake.api);
    const gpc = await import('../../src/background/gpc');
    await expect(gpc.addGpcException('https://one-more.example')).rejects.toMatchObject({ code: 'errTooLong' });
    expect(await gpc.addGpcException('https://s5.example')).toMatchObject({ exceptions: expect.arrayContaining(['https://s5.example']) });
  });
});
