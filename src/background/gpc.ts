/**
 * Global Privacy Control, on by default (DESIGN.md: the person's terms travel with every share, and
 * the browser signals them with GPC). Two signals, one setting:
 * - `Sec-GPC: 1` on every http(s) request: one dynamic declarativeNetRequest rule (modifyHeaders).
 * - `navigator.globalPrivacyControl === true`: content/gpc-page.ts, registered with chrome.scripting
 *   in the page's MAIN world at document_start in every frame.
 *
 * The switch and the per-site exceptions live in chrome.storage.local: they are not secret and must
 * work while the vault is locked. `apply()` rebuilds both signals from that state, so every call is
 * idempotent and repairs whatever the browser lost; calls are serialized so two never interleave.
 *
 * An exception names a site by its host, because that is what both mechanisms can match: DNR
 * matches domains (with their subdomains) and content-script match patterns cannot tell ports
 * apart. So an exception for https://shop.example covers every scheme and port of shop.example and
 * its subdomains: requests to it from anywhere, and requests its own documents make to anywhere.
 */
import { z } from 'zod';
import { readAtMost } from '../protocol/client';
import { HandledError } from './router';

/** The dynamic DNR rule id this module owns. */
export const GPC_RULE_ID = 1;
export const GPC_SCRIPT_ID = 'proffer-gpc';
/** Emitted by vite.config.ts (registeredScript) from src/content/gpc-page.ts. */
export const GPC_SCRIPT_FILE = 'src/content/gpc-page.js';
const MAX_EXCEPTIONS = 1000;
export const GPC_JSON_MAX_BYTES = 16 * 1024;
const GPC_JSON_TIMEOUT_MS = 5_000;
const MAX_REDIRECTS = 3;
const STORAGE_KEY = 'gpc';

export type GpcSupport = 'supported' | 'not-supported' | 'unknown';
export interface GpcState {
  enabled: boolean;
  /** Origins where GPC is off, in the order they were added (one per host). */
  exceptions: string[];
}

const StoredState = z.object({ enabled: z.boolean(), exceptions: z.array(z.string().max(2000)).max(MAX_EXCEPTIONS) });
const defaultState = (): GpcState => ({ enabled: true, exceptions: [] });

// ---------------------------------------------------------------------------------------------
// Pure: origins, exceptions, the rule and the script registration. Tested in test/unit/gpc.test.ts.
// ---------------------------------------------------------------------------------------------

/** The origin of an http(s) URL or origin, else null. */
export function normalizeOrigin(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  return url.origin;
}

const hostOf = (origin: string): string => new URL(origin).hostname;
const isIpLiteral = (host: string): boolean => host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host);

/** The exception list with `origin` added; unchanged when its host is already excepted. */
export function withException(exceptions: readonly string[], origin: string): string[] {
  const host = hostOf(origin);
  return exceptions.some((e) => hostOf(e) === host) ? [...exceptions] : [...exceptions, origin];
}

/** The exception list without `origin`'s host (whichever scheme or port it was added with). */
export function withoutException(exceptions: readonly string[], origin: string): string[] {
  const host = hostOf(origin);
  return exceptions.filter((e) => hostOf(e) !== host);
}

/** Hosts of the exceptions, as DNR domains (lowercase, punycode: what URL gives). */
export function exceptionHosts(exceptions: readonly string[]): string[] {
  return [...new Set(exceptions.map(hostOf))];
}

/** Whether GPC is on for `origin`: the same test DNR applies (the host or a parent domain excepted). */
export function gpcEnabledFor(state: GpcState, origin: string): boolean {
  if (!state.enabled) return false;
  const host = hostOf(origin);
  return !exceptionHosts(state.exceptions).some((h) => host === h || (!isIpLiteral(h) && host.endsWith(`.${h}`)));
}

/** Match patterns that exclude a host and, like DNR's domain match, its subdomains. */
export function excludePatterns(host: string): string[] {
  return isIpLiteral(host) ? [`*://${host}/*`] : [`*://${host}/*`, `*://*.${host}/*`];
}

/**
 * Every resource type Chrome's DNR knows (its ResourceType enum). Chrome needs them listed to match
 * main_frame: a rule without resourceTypes, or with an empty excludedResourceTypes, leaves it out.
 */
export const CHROME_RESOURCE_TYPES: readonly `${chrome.declarativeNetRequest.ResourceType}`[] = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'webtransport',
  'webbundle',
  'other',
];

/**
 * The DNR rule: `Sec-GPC: 1` on every request, except to and from the excepted hosts.
 * Firefox gets `excludedResourceTypes: []` instead of a list: it matches every type there,
 * main_frame included (ExtensionDNR.sys.mjs), and a list would fail as a whole on a type that one
 * Firefox version lacks (none has webtransport or webbundle, and the list has grown over versions).
 */
export function gpcRule(hosts: readonly string[], browser: 'chrome' | 'firefox'): chrome.declarativeNetRequest.Rule {
  return {
    id: GPC_RULE_ID,
    priority: 1,
    action: {
      type: 'modifyHeaders',
      requestHeaders: [{ header: 'Sec-GPC', operation: 'set', value: '1' }],
    },
    condition: {
      ...(browser === 'firefox' ? { excludedResourceTypes: [] } : { resourceTypes: [...CHROME_RESOURCE_TYPES] }),
      ...(hosts.length > 0 ? { excludedRequestDomains: [...hosts], excludedInitiatorDomains: [...hosts] } : {}),
    },
  };
}

/** The MAIN-world script registration, with the excepted hosts left out. */
export function gpcScript(hosts: readonly string[]): chrome.scripting.RegisteredContentScript {
  return {
    id: GPC_SCRIPT_ID,
    js: [GPC_SCRIPT_FILE],
    matches: ['http://*/*', 'https://*/*'],
    excludeMatches: hosts.flatMap(excludePatterns),
    allFrames: true,
    // about:blank, srcdoc, data: and blob: frames of a matching origin (manifest: match_about_blank).
    matchOriginAsFallback: true,
    runAt: 'document_start',
    world: 'MAIN',
    persistAcrossSessions: true,
  };
}

const GpcJson = z.object({ gpc: z.boolean(), lastUpdate: z.string().max(100).optional() });

/** A `/.well-known/gpc.json` body: supported when it says `"gpc": true`, unknown when it is not valid. */
export function parseGpcJson(text: string): GpcSupport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'unknown';
  }
  const parsed = GpcJson.safeParse(data);
  if (!parsed.success) return 'unknown';
  return parsed.data.gpc ? 'supported' : 'not-supported';
}

// ---------------------------------------------------------------------------------------------
// Browser side.
// ---------------------------------------------------------------------------------------------

let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}

async function readState(): Promise<GpcState> {
  const got = await chrome.storage.local.get(STORAGE_KEY);
  const parsed = StoredState.safeParse(got[STORAGE_KEY]);
  if (!parsed.success) return defaultState();
  // An entry that is not an origin would make every apply() throw: drop it rather than stop GPC.
  return { ...parsed.data, exceptions: parsed.data.exceptions.filter((e) => normalizeOrigin(e) === e) };
}

const browserName = (): 'chrome' | 'firefox' => (chrome.runtime.getURL('/').startsWith('moz-extension:') ? 'firefox' : 'chrome');

async function apply(state: GpcState): Promise<void> {
  const hosts = exceptionHosts(state.exceptions);
  await chrome.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: [GPC_RULE_ID],
    addRules: state.enabled ? [gpcRule(hosts, browserName())] : [],
  });
  const registered = await chrome.scripting.getRegisteredContentScripts({ ids: [GPC_SCRIPT_ID] });
  if (!state.enabled) {
    if (registered.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [GPC_SCRIPT_ID] });
    return;
  }
  const script = gpcScript(hosts);
  if (registered.length > 0) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
}

async function update(change: (state: GpcState) => GpcState): Promise<GpcState> {
  return serial(async () => {
    const next = change(await readState());
    await chrome.storage.local.set({ [STORAGE_KEY]: next });
    await apply(next);
    return next;
  });
}

function originOrThrow(origin: string): string {
  const normalized = normalizeOrigin(origin);
  if (!normalized) throw new HandledError('errUrl');
  return normalized;
}

/**
 * Apply the stored state (GPC on, no exceptions, when nothing is stored). Called at every
 * service-worker start and on install/update; idempotent. Never rejects: a failure is logged and
 * the next start tries again.
 */
export async function initGpc(): Promise<void> {
  try {
    await serial(async () => apply(await readState()));
  } catch (e) {
    console.error('Proffer: could not apply Global Privacy Control', e instanceof Error ? e.message : e);
  }
}

export function getGpcState(): Promise<GpcState> {
  return serial(readState);
}

export function setGpcEnabled(on: boolean): Promise<GpcState> {
  return update((s) => ({ ...s, enabled: on }));
}

/** Back to the defaults (on everywhere, no exceptions): part of wiping everything, since exceptions name sites. */
export function resetGpc(): Promise<GpcState> {
  return update(() => ({ enabled: true, exceptions: [] }));
}

/** Turn GPC off for `origin`'s site. Throws errUrl for anything but an http(s) origin. */
export async function addGpcException(origin: string): Promise<GpcState> {
  const o = originOrThrow(origin);
  return update((s) => {
    const exceptions = withException(s.exceptions, o);
    if (exceptions.length > MAX_EXCEPTIONS) throw new HandledError('errTooLong');
    return { ...s, exceptions };
  });
}

export async function removeGpcException(origin: string): Promise<GpcState> {
  const o = originOrThrow(origin);
  return update((s) => ({ ...s, exceptions: withoutException(s.exceptions, o) }));
}

/** Read at most `limit` bytes of a body as UTF-8; null when it is longer or not UTF-8. */
async function readLimited(res: Response, limit: number): Promise<string | null> {
  if (!res.body) return '';
  if (Number(res.headers.get('content-length')) > limit) {
    await res.body.cancel().catch(() => undefined);
    return null;
  }
  const bytes = await readAtMost(res, limit);
  if (!bytes) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether a site declares GPC support in `/.well-known/gpc.json`: 'supported' / 'not-supported' as
 * the file says, 'unknown' when there is no valid file (absent, too large, slow, not JSON, or
 * behind a redirect to another origin). No cookies are sent. Redirects are followed only within the
 * origin, and only where their target is visible: a browser hides it from extension fetches
 * (an opaque redirect), so there any redirect counts as 'unknown'.
 */
export async function siteGpcSupport(origin: string, opts: { timeoutMs?: number } = {}): Promise<GpcSupport> {
  const base = originOrThrow(origin);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? GPC_JSON_TIMEOUT_MS);
  try {
    let url = new URL('/.well-known/gpc.json', base);
    for (let hop = 0; ; hop++) {
      const res = await fetch(url, {
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        headers: { Accept: 'application/json' },
        signal,
      });
      if (res.type === 'opaqueredirect') return 'unknown';
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        const next = location ? new URL(location, url) : null;
        if (!next || next.origin !== base || hop >= MAX_REDIRECTS) return 'unknown';
        url = next;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return 'unknown';
      }
      const text = await readLimited(res, GPC_JSON_MAX_BYTES);
      return text === null ? 'unknown' : parseGpcJson(text);
    }
  } catch {
    // Network error, timeout, or a Location that is not a URL.
    return 'unknown';
  }
}
