/**
 * The WebDAV side of sync: plain fetch with PROPFIND, MKCOL, GET, PUT and DELETE, conditional
 * on ETags (If-Match, If-None-Match). Runs in the MV3 service worker and in Firefox (nothing but
 * fetch, AbortSignal and TextEncoder). Every failure becomes a SyncError that says what failed.
 *
 * The vault lives in the folder `proffer/` under the URL the person gives (their own folder on
 * Nextcloud, ownCloud, a NAS or Apache), objects in `proffer/o/`.
 */
import { SyncError } from './errors';
import type { Fetched, RemoteStore } from './remote';

export interface WebDavConfig {
  /** The person's WebDAV folder, http(s). */
  url: string;
  user: string;
  password: string;
}

export interface WebDavOptions {
  /** Per request (ms). A server that is down or slow fails the sync; it never blocks the UI. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const FOLDER = 'proffer/';

/** The base URL with exactly one trailing slash, or errSyncNotWebdav for something that is not http(s). */
export function folderUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SyncError('errSyncNotWebdav', 'url');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new SyncError('errSyncNotWebdav', 'url');
  u.hash = '';
  u.search = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return `Basic ${btoa(s)}`;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH|ERR_CERT)/;

/** A fetch that threw: TLS when the runtime says so (Node names the cause; browsers do not), else unreachable. */
function networkError(e: unknown): SyncError {
  const cause = (e as { cause?: { code?: string } })?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (TLS_CODES.test(code)) return new SyncError('errSyncTls', code);
  if ((e as { name?: string })?.name === 'TimeoutError') return new SyncError('errSyncUnreachable', 'timeout');
  return new SyncError('errSyncUnreachable', code || undefined);
}

/** The SyncError for a status the caller did not expect. */
export function statusError(status: number, what: string): SyncError {
  if (status === 401) return new SyncError('errSyncAuth', what);
  if (status === 403) return new SyncError('errSyncForbidden', what);
  if (status === 507 || status === 413) return new SyncError('errSyncNoSpace', what);
  if (status === 404 || status === 405 || status === 409 || status === 501) return new SyncError('errSyncNotWebdav', `${what} ${status}`);
  return new SyncError('errSyncServer', `${what} ${status}`);
}

export class WebDavStore implements RemoteStore {
  private readonly root: string;
  private readonly auth: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(config: WebDavConfig, opts: WebDavOptions = {}) {
    this.root = folderUrl(config.url);
    this.auth = basicAuth(config.user, config.password);
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  private async request(url: string, method: string, headers: Record<string, string> = {}, body?: Uint8Array): Promise<Response> {
    const once = () =>
      this.doFetch(url, {
        method,
        headers: { Authorization: this.auth, ...headers },
        body: body as BodyInit | undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
        // The server's answer is never cached: a stale manifest would look like a rollback.
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'error',
      });
    try {
      return await once();
    } catch (first) {
      // A kept-alive connection the server closed while idle fails at once: one more try on a new
      // one. Every request here is idempotent (a repeated conditional PUT that had gone through
      // answers 412, which the round treats as a lost race and reads again). A timeout is not retried.
      if ((first as { name?: string })?.name === 'TimeoutError') throw networkError(first);
      try {
        return await once();
      } catch (e) {
        throw networkError(e);
      }
    }
  }

  private url(name: string): string {
    return `${this.root}${FOLDER}${name}`;
  }

  /**
   * "Test connection": the folder answers PROPFIND as WebDAV with these credentials, the vault's
   * folder can be made, and a small file can be written and deleted (space, rights). Throws the
   * SyncError that names the first thing that failed.
   */
  async test(): Promise<void> {
    const res = await this.request(this.root, 'PROPFIND', { Depth: '0', 'Content-Type': 'application/xml' });
    await res.body?.cancel();
    if (res.status !== 207) throw statusError(res.status === 200 ? 405 : res.status, 'PROPFIND');
    await this.prepare();
    const probe = `probe-${Math.random().toString(36).slice(2, 10)}`;
    const put = await this.request(this.url(probe), 'PUT', { 'Content-Type': 'application/octet-stream' }, new Uint8Array(1024));
    await put.body?.cancel();
    if (put.status !== 200 && put.status !== 201 && put.status !== 204) throw statusError(put.status, 'PUT');
    await this.delete(probe);
  }

  async prepare(): Promise<void> {
    for (const dir of [FOLDER, `${FOLDER}o/`]) {
      const res = await this.request(`${this.root}${dir}`, 'MKCOL');
      await res.body?.cancel();
      // 405: it exists already (RFC 4918 9.3.1).
      if (res.status !== 201 && res.status !== 405) throw statusError(res.status, 'MKCOL');
    }
  }

  async get(name: string, ifNoneMatch?: string): Promise<Fetched | null | 'unchanged'> {
    const res = await this.request(this.url(name), 'GET', ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {});
    if (res.status === 304) return 'unchanged';
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw statusError(res.status, 'GET');
    }
    let body: Uint8Array;
    try {
      body = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw networkError(e);
    }
    return { body, etag: res.headers.get('ETag') };
  }

  async put(name: string, body: Uint8Array, ifMatch: string | null | undefined): Promise<boolean> {
    const cond: Record<string, string> = ifMatch === undefined ? {} : ifMatch === null ? { 'If-None-Match': '*' } : { 'If-Match': ifMatch };
    const res = await this.request(this.url(name), 'PUT', { 'Content-Type': 'application/octet-stream', ...cond }, body);
    await res.body?.cancel();
    if (res.status === 412) return false;
    if (res.status === 200 || res.status === 201 || res.status === 204) return true;
    throw statusError(res.status, 'PUT');
  }

  async delete(name: string): Promise<void> {
    const res = await this.request(this.url(name), 'DELETE');
    await res.body?.cancel();
    if (res.status !== 200 && res.status !== 204 && res.status !== 404) throw statusError(res.status, 'DELETE');
  }
}
