/**
 * Talking to brands, defensively. A brand is any web site, so everything it answers is hostile until
 * parsed: every exchange has a deadline, a size cap, no cookies, no redirects to elsewhere, JSON only,
 * and a zod schema; every failure is a ProtocolError whose code the UI can show. Nothing here touches
 * the DOM, and nothing a brand sends is ever treated as HTML.
 *
 * Runs in the background service worker and in Node (tests): `fetch` is injectable.
 */
import { isProtocolError, ProtocolError, plainText } from './errors';
import {
  ErrorDocument,
  type Exercise,
  GpcDocument,
  MyTermsDocument,
  PROTOCOL_VERSION,
  type Regime,
  siteAgreements,
  VrmDocument,
} from './schemas';
import { type BrandKeys, type KeyRotationStatement, MAX_SKEW_SECONDS, signRequest, verifyKeyRotation, verifyResponse } from './sign';

const DEFAULT_TIMEOUT_MS = 8_000;
const DEFAULT_MAX_BYTES = 64 * 1024;

export interface ClientOptions {
  /** The fetch to use; globalThis.fetch by default. */
  fetch?: typeof fetch;
  /** Deadline for the whole exchange, headers and body. */
  timeoutMs?: number;
  /** Largest body read from a brand; beyond it the connection is dropped. */
  maxBytes?: number;
  /** Clock for signatures, in milliseconds. */
  now?: () => number;
  /** Cancels the exchange (errBrandCancelled). */
  signal?: AbortSignal;
}

/** What discover() learned about a brand, endpoints resolved to absolute same-origin URLs. */
export interface DiscoveredBrand {
  origin: string;
  name: string;
  dataRights?: { endpoint: string; exercises: Exercise[]; regimes: Regime[] };
  intents?: { endpoint: string };
  acceptedTerms: string[];
  /**
   * Keys the brand signs its answers with, to pin: on first contact the published ones; once pinned,
   * the pinned ones, or the new ones a valid rotation statement vouched for. When present, unsigned
   * answers are refused.
   */
  brandKeys: string[];
  /** Set when this discovery accepted a rotation statement: store `timestamp` with the new keys. */
  keyRotation?: { previous: string; timestamp: number };
  contact?: { email?: string; url?: string };
  policy?: string;
  /** vrm.json `terms`: the MyTerms agreements the brand accepts, and its agreement endpoint (same origin). */
  terms?: SiteTermsDeclaration;
}

/** What a site declares about MyTerms agreements, from myterms.json or vrm.json `terms`. */
export interface SiteTermsDeclaration {
  agreements: { id: string; url?: string }[];
  /** Where proffers go: absolute, on the site's origin. */
  endpoint?: string;
  tosUrl?: string;
  effectiveDate?: string;
}

/**
 * The keys a client pinned for a brand on first contact (the vault's Brand.brandKeys), and the
 * timestamp of the last rotation statement it accepted (Brand.brandKeysRotatedAt).
 */
export interface PinnedKeys {
  keys: readonly string[];
  /** Rotation statements at or before this Unix time (seconds) are refused as stale. */
  rotatedAt?: number;
}

export interface DiscoverOptions extends ClientOptions {
  /** The brand's pinned keys: the document must list the same ones, or a valid rotation to new ones. */
  pinned?: PinnedKeys;
}

/**
 * Where signed requests go: an origin and the brand's response keys (possibly none). The keys are
 * the pinned ones (docs/protocol.md 3.6); a 2xx answer not signed by one of them is refused.
 */
export interface BrandTarget {
  origin: string;
  brandKeys?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------
// Origins

const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The origin of a site, as the protocol addresses it. HTTPS only, except loopback addresses (local
 * development and the reference brand). Throws errBrandInsecure.
 * @example normalizeOrigin('https://Shop.Example/some/page?x') // 'https://shop.example'
 */
export function normalizeOrigin(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ProtocolError('errBrandInsecure', { detail: 'origin' });
  }
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url.origin;
  throw new ProtocolError('errBrandInsecure', { detail: 'origin' });
}

/** Resolves a declared endpoint against the brand's origin; it must stay on that origin. */
export function resolveEndpoint(origin: string, endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint, `${origin}/`);
  } catch {
    throw new ProtocolError('errBrandGarbage', { detail: 'endpoint' });
  }
  if (url.origin !== origin) throw new ProtocolError('errBrandInsecure', { detail: 'endpoint_origin' });
  if (url.search || url.hash || url.username || url.password) throw new ProtocolError('errBrandGarbage', { detail: 'endpoint' });
  return url.href.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------------
// One bounded exchange

interface BrandResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]*\+)?json\s*(?:;|$)/i;

const safeUrl = (href: string, base: string): URL | null => {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
};

/** Same-origin redirects followed for one unsigned GET, at most. */
const MAX_REDIRECTS = 3;

/**
 * fetch with the protocol's limits. Redirects are never followed blindly: the fetch itself stops at
 * each one (`redirect: 'manual'`), and an unsigned GET goes on, by hand, only to a Location on the
 * same origin, so a hostile site cannot point Proffer at a local or private service (a followed
 * redirect would already have sent the request there). Where the Location is hidden (a browser
 * answers extension fetches with an opaque redirect), the redirect is refused. Signed requests never
 * follow a redirect (a 307 would resend the person's identifiers to wherever it points).
 */
async function boundedFetch(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string; followSameOrigin?: boolean },
  opts: ClientOptions = {},
): Promise<BrandResponse> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const origin = new URL(url).origin;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onCallerAbort = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    let target = url;
    let res: Response;
    for (let hop = 0; ; hop++) {
      res = await doFetch(target, {
        method: init.method,
        headers: { Accept: 'application/json', ...init.headers },
        body: init.body,
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
      if (res.type !== 'opaqueredirect' && (res.status < 300 || res.status >= 400)) break;
      await res.body?.cancel().catch(() => undefined);
      const location = res.type === 'opaqueredirect' ? null : res.headers.get('location');
      const next = location ? safeUrl(location, target) : null;
      if (!init.followSameOrigin || !next || next.origin !== origin || hop >= MAX_REDIRECTS) {
        throw new ProtocolError('errBrandRedirect', { httpStatus: res.status || undefined });
      }
      target = next.href;
    }
    if (res.url && new URL(res.url).origin !== origin) {
      await res.body?.cancel().catch(() => undefined);
      throw new ProtocolError('errBrandRedirect');
    }
    // Too long as declared, or as read: the body is not read any further.
    const declared = Number(res.headers.get('content-length'));
    const body = Number.isFinite(declared) && declared > maxBytes ? null : await readAtMost(res, maxBytes);
    if (!body) {
      controller.abort();
      throw new ProtocolError('errBrandTooLarge', { httpStatus: res.status });
    }
    return { status: res.status, headers: res.headers, body };
  } catch (e) {
    if (isProtocolError(e)) throw e;
    if (timedOut) throw new ProtocolError('errBrandTimeout');
    if (opts.signal?.aborted) throw new ProtocolError('errBrandCancelled');
    throw new ProtocolError('errBrandUnreachable');
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * A response body, read to its end but never past `maxBytes` bytes: null, with the stream cancelled,
 * when it is longer. No body is an empty one. The caller decides what too long means.
 */
export async function readAtMost(res: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const isJson = (res: BrandResponse): boolean => JSON_TYPE.test(res.headers.get('content-type') ?? '');

/** The body as JSON, or errBrandGarbage (wrong content type, bad UTF-8, bad JSON). */
function parseJson(res: BrandResponse): unknown {
  if (!isJson(res)) throw new ProtocolError('errBrandGarbage', { detail: 'content_type', httpStatus: res.status });
  try {
    return JSON.parse(utf8.decode(res.body));
  } catch {
    throw new ProtocolError('errBrandGarbage', { detail: 'json', httpStatus: res.status });
  }
}

/** A typed error for a non-2xx answer, with the brand's error token and prose when it sent them. */
function httpError(res: BrandResponse): ProtocolError {
  let doc: ErrorDocument = {};
  try {
    const parsed = ErrorDocument.safeParse(parseJson(res));
    if (parsed.success) doc = parsed.data;
  } catch {
    // an HTML error page: the status alone decides
  }
  const init = {
    httpStatus: res.status,
    ...(doc.error ? { detail: doc.error } : {}),
    ...(doc.message ? { brandMessage: plainText(doc.message) } : {}),
  };
  if (res.status === 401 && doc.error === 'timestamp_stale') return new ProtocolError('errBrandClock', init);
  if (res.status === 404) return new ProtocolError('errBrandNotFound', init);
  if (res.status === 429 || res.status >= 500) return new ProtocolError('errBrandFailed', init);
  if (res.status >= 400) return new ProtocolError('errBrandRefused', init);
  return new ProtocolError('errBrandGarbage', { ...init, detail: 'status' });
}

// ---------------------------------------------------------------------------------------------------
// Discovery

/**
 * Reads and checks a brand's /.well-known/vrm.json.
 * Throws errBrandNoDiscovery (404/410, or a page that is not JSON), errBrandUnsupported (newer major version), errBrandGarbage,
 * errBrandInsecure (endpoint on another origin), errBrandKeyMissing / errBrandKeyChanged (the keys
 * differ from `opts.pinned` without a valid rotation statement) or any transport error of boundedFetch.
 * @example const brand = await discover('https://shop.example'); if (brand.dataRights) ...
 */
export async function discover(site: string, opts: DiscoverOptions = {}): Promise<DiscoveredBrand> {
  const origin = normalizeOrigin(site);
  const res = await boundedFetch(`${origin}/.well-known/vrm.json`, { method: 'GET', followSameOrigin: true }, opts);
  if (res.status === 404 || res.status === 410) throw new ProtocolError('errBrandNoDiscovery', { httpStatus: res.status });
  if (res.status !== 200) throw httpError(res);
  // Many sites answer every path with their HTML app shell and a 200: that is "no document", not garbage.
  if (!isJson(res)) throw new ProtocolError('errBrandNoDiscovery', { detail: 'not_json', httpStatus: res.status });
  const raw = parseJson(res);
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > PROTOCOL_VERSION) {
    throw new ProtocolError('errBrandUnsupported', { detail: 'version' });
  }
  const parsed = VrmDocument.safeParse(raw);
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  const doc = parsed.data;
  const keys = acceptBrandKeys({ origin, published: doc.keys ?? [], statement: doc.keyRotation, pinned: opts.pinned, now: opts.now?.() });
  return {
    origin,
    name: doc.name,
    ...(doc.dataRights
      ? {
          dataRights: {
            endpoint: resolveEndpoint(origin, doc.dataRights.endpoint),
            exercises: doc.dataRights.exercises,
            regimes: doc.dataRights.regimes ?? ['gdpr', 'ccpa'],
          },
        }
      : {}),
    ...(doc.intents ? { intents: { endpoint: resolveEndpoint(origin, doc.intents.endpoint) } } : {}),
    acceptedTerms: doc.acceptedTerms ?? [],
    brandKeys: keys.keys,
    ...(keys.rotation ? { keyRotation: keys.rotation } : {}),
    ...(doc.contact ? { contact: doc.contact } : {}),
    ...(doc.policy ? { policy: doc.policy } : {}),
    ...(doc.terms ? { terms: termsDeclaration(origin, siteAgreements(doc.terms.agreements), doc.terms.endpoint) } : {}),
  };
}

/** A declaration with its endpoint resolved; an endpoint on another origin is dropped (never followed). */
function termsDeclaration(
  origin: string,
  agreements: { id: string; url?: string }[],
  endpoint: string | undefined,
  extra: { tosUrl?: string; effectiveDate?: string } = {},
): SiteTermsDeclaration {
  let resolved: string | undefined;
  try {
    resolved = endpoint ? resolveEndpoint(origin, endpoint) : undefined;
  } catch {
    resolved = undefined;
  }
  return { agreements, ...(resolved ? { endpoint: resolved } : {}), ...extra };
}

/**
 * Reads /.well-known/myterms.json (IEEE 7012, MyTerms) with the limits of discover(): bounded,
 * same-origin redirects only, JSON only. Undefined when the site publishes none (404/410, or an HTML
 * page for every path); throws errBrandGarbage for a document that is not one, or a transport error.
 */
export async function fetchMyTerms(site: string, opts: ClientOptions = {}): Promise<SiteTermsDeclaration | undefined> {
  const origin = normalizeOrigin(site);
  const res = await boundedFetch(`${origin}/.well-known/myterms.json`, { method: 'GET', followSameOrigin: true }, opts);
  if (res.status === 404 || res.status === 410) return undefined;
  if (res.status !== 200) throw httpError(res);
  if (!isJson(res)) return undefined;
  const parsed = MyTermsDocument.safeParse(parseJson(res));
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  const d = parsed.data;
  return termsDeclaration(origin, d.agreements, d.endpoint, {
    ...(d.tos_url ? { tosUrl: d.tos_url } : {}),
    ...(d.effective_date ? { effectiveDate: d.effective_date } : {}),
  });
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((k) => sb.has(k));
};

/**
 * Key pinning (docs/protocol.md 3.6): which response keys to trust after reading a vrm.json.
 * Nothing pinned yet: the published keys (trust on first use). Pinned: the same set again, or the
 * new set when a rotation statement signed by a pinned key vouches for it; anything else throws
 * errBrandKeyMissing (no keys listed) or errBrandKeyChanged (detail: why the rotation failed).
 * An empty or missing list never unpins: verification stays on with the pinned keys.
 */
export function acceptBrandKeys(input: {
  origin: string;
  published: readonly string[];
  statement?: KeyRotationStatement | undefined;
  pinned?: PinnedKeys | undefined;
  now?: number | undefined;
}): { keys: string[]; rotation?: { previous: string; timestamp: number } } {
  const published = [...new Set(input.published)];
  const pinned = input.pinned?.keys ?? [];
  if (pinned.length === 0) return { keys: published };
  if (published.length === 0) throw new ProtocolError('errBrandKeyMissing', { detail: 'keys_missing' });
  if (sameKeys(published, pinned)) return { keys: [...pinned] };
  const v = verifyKeyRotation({
    origin: input.origin,
    keys: input.published,
    statement: input.statement,
    pinned,
    ...(input.pinned?.rotatedAt !== undefined ? { rotatedAt: input.pinned.rotatedAt } : {}),
    ...(input.now !== undefined ? { now: input.now } : {}),
  });
  if (!v.ok) throw new ProtocolError('errBrandKeyChanged', { detail: v.error });
  const { previous, timestamp } = input.statement!;
  return { keys: published, rotation: { previous, timestamp } };
}

/** How a stored brand record holds its pinned keys (src/shared/records.ts BrandSchema). */
export interface PinnedKeysRecord {
  brandKeys?: string[] | undefined;
  brandKeysPinnedAt?: number | undefined;
  brandKeysRotatedAt?: number | undefined;
}

/**
 * The pinned keys of a stored brand; none pinned when it has no keys (a brand that never published
 * any). A rotation must be newer than the last one accepted and than the pin itself (less the clock
 * skew): a legitimate rotation is made after the client pinned, so a statement from before it, a
 * replay of the brand's history, is refused (rotation_stale). Records from before pinning have
 * neither date and accept any rotation signed by a pinned key.
 */
export function pinnedKeysOf(r: PinnedKeysRecord | undefined): PinnedKeys | undefined {
  if (!r?.brandKeys?.length) return undefined;
  const floors = [
    ...(r.brandKeysRotatedAt !== undefined ? [r.brandKeysRotatedAt] : []),
    ...(r.brandKeysPinnedAt !== undefined ? [Math.floor(r.brandKeysPinnedAt / 1000) - MAX_SKEW_SECONDS] : []),
  ];
  return { keys: r.brandKeys, ...(floors.length ? { rotatedAt: Math.max(...floors) } : {}) };
}

/**
 * The key fields to store after discover({ pinned: pinnedKeysOf(stored) }) succeeded: a rotation
 * replaces the keys and remembers its timestamp, a first contact with keys pins them, and otherwise
 * the stored fields stay exactly as they were (pinned keys never change without a rotation).
 */
export function pinnedKeysRecord(stored: PinnedKeysRecord | undefined, found: DiscoveredBrand, nowMs: number): PinnedKeysRecord {
  if (found.keyRotation) {
    return { brandKeys: found.brandKeys.slice(0, 8), brandKeysPinnedAt: nowMs, brandKeysRotatedAt: found.keyRotation.timestamp };
  }
  const pinned = pinnedKeysOf(stored);
  if (pinned) {
    return {
      brandKeys: [...pinned.keys],
      ...(stored?.brandKeysPinnedAt !== undefined ? { brandKeysPinnedAt: stored.brandKeysPinnedAt } : {}),
      ...(pinned.rotatedAt !== undefined ? { brandKeysRotatedAt: pinned.rotatedAt } : {}),
    };
  }
  if (found.brandKeys.length > 0) return { brandKeys: found.brandKeys.slice(0, 8), brandKeysPinnedAt: nowMs };
  return { brandKeys: [] };
}

/**
 * Reads /.well-known/gpc.json. Undefined when the site publishes none (404/410); throws like
 * discover() otherwise.
 */
export async function fetchGpc(site: string, opts: ClientOptions = {}): Promise<GpcDocument | undefined> {
  const origin = normalizeOrigin(site);
  const res = await boundedFetch(`${origin}/.well-known/gpc.json`, { method: 'GET', followSameOrigin: true }, opts);
  if (res.status === 404 || res.status === 410) return undefined;
  if (res.status !== 200) throw httpError(res);
  if (!isJson(res)) return undefined; // an HTML app shell for every path: nothing declared
  const parsed = GpcDocument.safeParse(parseJson(res));
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------
// Signed exchanges

export interface SignedCall {
  brand: BrandTarget;
  keys: BrandKeys;
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL on the brand's origin. */
  url: string;
  /** Sent as JSON; omitted for GET and DELETE without a body. */
  json?: unknown;
}

/**
 * One signed request; resolves with the parsed JSON of a 2xx answer (schema checks are the caller's).
 * When the target has response keys (the pinned ones: never the current vrm.json's, which a brand
 * can change at will), a 2xx answer must carry a valid response signature by one of them.
 */
export async function signedExchange(call: SignedCall, opts: ClientOptions = {}): Promise<unknown> {
  const origin = normalizeOrigin(call.brand.origin);
  const url = new URL(call.url);
  if (url.origin !== origin) throw new ProtocolError('errBrandInsecure', { detail: 'endpoint_origin' });
  const body = call.json === undefined ? undefined : JSON.stringify(call.json);
  const now = opts.now?.() ?? Date.now();
  const signed = signRequest({ method: call.method, url, keys: call.keys, now, ...(body !== undefined ? { body } : {}) });
  const headers: Record<string, string> = { ...signed };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await boundedFetch(url.href, { method: call.method, headers, ...(body !== undefined ? { body } : {}) }, opts);
  if (res.status < 200 || res.status >= 300) throw httpError(res);
  const brandKeys = call.brand.brandKeys ?? [];
  if (brandKeys.length > 0) {
    const ok = verifyResponse({
      status: res.status,
      origin,
      method: call.method,
      target: url.pathname + url.search,
      requestNonce: signed['Proffer-Nonce'],
      headers: res.headers,
      body: res.body,
      brandKeys,
    });
    if (!ok) throw new ProtocolError('errBrandSignature', { httpStatus: res.status });
  }
  return parseJson(res);
}
