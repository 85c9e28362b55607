/**
 * The WebDAV side of sync: plain fetch with PROPFIND, MKCOL, GET, PUT and DELETE, conditional
 * on ETags (If-Match, If-None-Match). Runs in the MV3 service worker and in Firefox (nothing but
 * fetch, AbortSignal and TextEncoder). Every failure becomes a SyncError that says what failed.
 *
 * The vault lives in the folder `proffer/` under the URL the person gives (their own folder on
 * Nextcloud, ownCloud, a NAS or Apache), objects in `proffer/o/`, the manifest's buckets in `proffer/m/`.
 *
 * Two things real servers do that the engine's contract (remote.ts) hides:
 * - Apache sends a weak ETag (W/"...") for a file changed less than a second ago, and a weak ETag
 *   never matches If-Match. A read whose ETag guards a write (`forWrite`) waits until the server
 *   gives the strong one (a revalidation, not a second download).
 * - Apache's If-Match is checked, then the file written, with nothing in between held: two
 *   writers with the same If-Match can both succeed (measured: 4 of 12 at once). So a conditional
 *   write first takes a WebDAV write lock on `proffer/lock` (exclusive, 60 s), which Apache grants
 *   to one at a time; a server without locks (405, 501, ...) has only its If-Match.
 */
import { SyncError } from './errors';
import type { Fetched, GetOptions, RemoteStore } from './remote';

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
  /** Waits (tests pass a fake clock's). */
  sleep?: (ms: number) => Promise<void>;
}

const FOLDER = 'proffer/';
const LOCK_NAME = 'lock';
/** Apache's weak window is one second; three tries cover a busy server. */
const WEAK_WAIT_MS = 1100;
const WEAK_TRIES = 3;
/** Waits while another device holds the write lock (its write is one PUT): about 6 s in all. */
const LOCK_WAITS_MS = [200, 400, 800, 1600, 3200];
const LOCK_BODY =
  '<?xml version="1.0" encoding="utf-8"?>\n<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>' +
  '<D:locktype><D:write/></D:locktype><D:owner>proffer</D:owner></D:lockinfo>';
/** Lock tokens this worker took and could not release (the server went away): released before the next lock. */
const unreleased = new Map<string, string>();

const isWeak = (etag: string | null): boolean => etag?.startsWith('W/') === true;

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
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private readonly sleep: (ms: number) => Promise<void>;
  /** False once the server said it does not do LOCK. */
  private locking = true;

  private async request(url: string, method: string, headers: Record<string, string> = {}, body?: Uint8Array | string): Promise<Response> {
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
    for (const dir of [FOLDER, `${FOLDER}o/`, `${FOLDER}m/`]) {
      const res = await this.request(`${this.root}${dir}`, 'MKCOL');
      await res.body?.cancel();
      // 405: it exists already (RFC 4918 9.3.1).
      if (res.status !== 201 && res.status !== 405) throw statusError(res.status, 'MKCOL');
    }
  }

  async get(name: string, opts: GetOptions = {}): Promise<Fetched | null | 'unchanged'> {
    const url = this.url(name);
    const res = await this.request(url, 'GET', opts.ifNoneMatch ? { 'If-None-Match': opts.ifNoneMatch } : {});
    if (res.status === 304) return 'unchanged';
    let got = await this.body(res);
    if (!opts.forWrite) return got;
    // A weak ETag cannot guard a write: ask again (If-None-Match compares weakly, so an unchanged
    // file answers 304 with its ETag, strong once the server vouches for it).
    for (let i = 0; i < WEAK_TRIES && got !== null && isWeak(got.etag); i++) {
      await this.sleep(WEAK_WAIT_MS);
      const again = await this.request(url, 'GET', { 'If-None-Match': got.etag! });
      if (again.status === 304) {
        await again.body?.cancel();
        got = { body: got.body, etag: again.headers.get('ETag') ?? got.etag };
      } else got = await this.body(again);
    }
    return got;
  }

  /** A GET's blob and ETag; null for 404. */
  private async body(res: Response): Promise<Fetched | null> {
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
    if (ifMatch === undefined) return this.write(name, body, {});
    const token = await this.lock();
    if (token === 'busy') return false;
    try {
      return await this.write(name, body, ifMatch === null ? { 'If-None-Match': '*' } : { 'If-Match': ifMatch });
    } finally {
      if (token) await this.unlock(token);
    }
  }

  private async write(name: string, body: Uint8Array, cond: Record<string, string>): Promise<boolean> {
    const res = await this.request(this.url(name), 'PUT', { 'Content-Type': 'application/octet-stream', ...cond }, body);
    await res.body?.cancel();
    if (res.status === 412) return false;
    if (res.status === 200 || res.status === 201 || res.status === 204) return true;
    throw statusError(res.status, 'PUT');
  }

  /**
   * The vault's write lock: its token; null when the server has no locks (its If-Match alone
   * guards the write); 'busy' when another device kept it through every wait.
   */
  private async lock(): Promise<string | null | 'busy'> {
    if (!this.locking) return null;
    const url = this.url(LOCK_NAME);
    const stale = unreleased.get(url);
    if (stale) {
      unreleased.delete(url);
      await this.unlock(stale);
    }
    for (let i = 0; ; i++) {
      const res = await this.request(
        url,
        'LOCK',
        { 'Content-Type': 'application/xml; charset=utf-8', Timeout: 'Second-60', Depth: '0' },
        LOCK_BODY,
      );
      const text = await res.text().catch(() => '');
      if (res.status === 200 || res.status === 201) {
        const token = res.headers.get('Lock-Token')?.replace(/^<|>$/g, '') ?? /<D:href>\s*([^<\s]+)\s*<\/D:href>/i.exec(text)?.[1];
        if (token) return token;
        this.locking = false;
        return null;
      }
      if (res.status === 401) throw statusError(401, 'LOCK');
      if (res.status !== 423) {
        // No WebDAV locks here (405, 501, or refused): the server's If-Match is all there is.
        this.locking = false;
        return null;
      }
      const wait = LOCK_WAITS_MS[i];
      if (wait === undefined) return 'busy';
      await this.sleep(wait);
    }
  }

  private async unlock(token: string): Promise<void> {
    const url = this.url(LOCK_NAME);
    try {
      const res = await this.request(url, 'UNLOCK', { 'Lock-Token': `<${token}>` });
      await res.body?.cancel();
    } catch {
      // The server went away: it keeps the lock until its timeout, or until this worker's next lock releases it.
      unreleased.set(url, token);
    }
  }

  async delete(name: string): Promise<void> {
    const res = await this.request(this.url(name), 'DELETE');
    await res.body?.cancel();
    if (res.status !== 200 && res.status !== 204 && res.status !== 404) throw statusError(res.status, 'DELETE');
  }
}
