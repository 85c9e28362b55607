// The WebDAV client against what Apache mod_dav does and the embedded demo server does not (both
// measured on Apache 2.4, see test/e2e/sync-apache.e2e.ts): a weak ETag for a file changed less than
// a second ago, which never matches If-Match; and an If-Match that two writers at once can both
// pass, which the client closes with a WebDAV write lock. A small fake of those rules, on a clock
// the client's waits move forward.
import { describe, expect, it } from 'vitest';
import { WebDavStore } from '../../src/sync/webdav';

const BASE = 'https://dav.example/me/';

class FakeApache {
  now = 1_000_000;
  readonly files = new Map<string, { body: Uint8Array; mtime: number; n: number }>();
  lockToken: string | null = null;
  /** Answer LOCK with this status instead (405: no locks). */
  lockStatus: number | null = null;
  /** Every request fails as if the server were gone. */
  down = false;
  readonly log: string[] = [];
  private n = 0;

  private etag(path: string): string | null {
    const f = this.files.get(path);
    if (!f) return null;
    const tag = `"${f.body.length}-${f.n}"`;
    return this.now - f.mtime < 1000 ? `W/${tag}` : tag;
  }

  write(path: string, text: string): void {
    this.files.set(path, { body: new TextEncoder().encode(text), mtime: this.now, n: ++this.n });
  }

  fetch: typeof fetch = async (input, init) => {
    if (this.down) throw new TypeError('fetch failed');
    const url = new URL(String(input));
    const path = url.pathname;
    const method = init?.method ?? 'GET';
    const h = new Headers(init?.headers);
    this.log.push(`${method} ${path.slice(4)}${h.get('If-Match') ? ` If-Match ${h.get('If-Match')}` : ''}`);
    const etag = this.etag(path);
    const strip = (t: string) => t.replace(/^W\//, '');
    if (method === 'GET') {
      if (etag === null) return new Response(null, { status: 404 });
      const inm = h.get('If-None-Match');
      if (inm && strip(inm) === strip(etag)) return new Response(null, { status: 304, headers: { ETag: etag } });
      return new Response(this.files.get(path)!.body.slice(), { status: 200, headers: { ETag: etag } });
    }
    if (method === 'LOCK') {
      if (this.lockStatus !== null) return new Response(null, { status: this.lockStatus });
      if (this.lockToken) return new Response(null, { status: 423 });
      this.lockToken = `opaquelocktoken:${++this.n}`;
      return new Response('<D:prop/>', { status: 200, headers: { 'Lock-Token': `<${this.lockToken}>` } });
    }
    if (method === 'UNLOCK') {
      if (h.get('Lock-Token') !== `<${this.lockToken}>`) return new Response(null, { status: 409 });
      this.lockToken = null;
      return new Response(null, { status: 204 });
    }
    if (method === 'PUT') {
      const im = h.get('If-Match');
      // Strong comparison: a weak ETag on either side never matches.
      if (im !== null && (etag === null || im.startsWith('W/') || etag.startsWith('W/') || im !== etag))
        return new Response(null, { status: 412 });
      if (h.get('If-None-Match') === '*' && etag !== null) return new Response(null, { status: 412 });
      this.write(path, String(init?.body ? new TextDecoder().decode(init.body as Uint8Array) : ''));
      return new Response(null, { status: etag === null ? 201 : 204 });
    }
    return new Response(null, { status: 405 });
  };

  store(): WebDavStore {
    return new WebDavStore(
      { url: BASE, user: 'me', password: 'pw' },
      {
        fetch: this.fetch,
        sleep: async (ms) => {
          this.now += ms;
        },
      },
    );
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('a weak ETag (a file changed less than a second ago) never guards a write', () => {
  it('a read for a write waits until the server gives the strong ETag, and the write then goes through', async () => {
    const s = new FakeApache();
    s.write('/me/proffer/manifest', 'one');
    const store = s.store();
    const plain = await store.get('manifest');
    expect(plain !== null && plain !== 'unchanged' && plain.etag).toBe('W/"3-1"');
    const started = s.now;
    const got = await store.get('manifest', { forWrite: true });
    if (got === null || got === 'unchanged') throw new Error('no manifest');
    expect(got.etag).toBe('"3-1"');
    expect(text(got.body)).toBe('one');
    expect(s.now - started).toBeGreaterThanOrEqual(1000);
    expect(await store.put('manifest', new TextEncoder().encode('two'), got.etag)).toBe(true);
    expect(text(s.files.get('/me/proffer/manifest')!.body)).toBe('two');
  });

  it('without the wait, the weak ETag would be refused (what the wait is for)', async () => {
    const s = new FakeApache();
    s.write('/me/proffer/manifest', 'one');
    expect(await s.store().put('manifest', new TextEncoder().encode('two'), 'W/"3-1"')).toBe(false);
    expect(text(s.files.get('/me/proffer/manifest')!.body)).toBe('one');
  });

  it('a file written again during the wait is read again, with its own ETag', async () => {
    const s = new FakeApache();
    s.write('/me/proffer/manifest', 'one');
    const inner = s.fetch;
    let rewrites = 1;
    s.fetch = async (input, init) => {
      if (new Headers(init?.headers).get('If-None-Match') && rewrites-- > 0) s.write('/me/proffer/manifest', 'other device');
      return inner(input, init);
    };
    const got = await s.store().get('manifest', { forWrite: true });
    if (got === null || got === 'unchanged') throw new Error('no manifest');
    expect(text(got.body)).toBe('other device');
    expect(got.etag).toBe('"12-2"');
  });
});

describe('a conditional write holds the WebDAV write lock', () => {
  it('takes the lock, writes with If-Match, releases it', async () => {
    const s = new FakeApache();
    s.now -= 5000;
    s.write('/me/proffer/manifest', 'one');
    s.now += 5000;
    expect(await s.store().put('manifest', new TextEncoder().encode('two'), '"3-1"')).toBe(true);
    expect(s.log).toEqual(['LOCK proffer/lock', 'PUT proffer/manifest If-Match "3-1"', 'UNLOCK proffer/lock']);
    expect(s.lockToken).toBeNull();
  });

  it('while another device holds it: waits, and writes once it is free', async () => {
    const s = new FakeApache();
    s.write('/me/proffer/manifest', 'one');
    s.now += 5000;
    s.lockToken = 'opaquelocktoken:other';
    const inner = s.fetch;
    let locks = 0;
    s.fetch = async (input, init) => {
      if (init?.method === 'LOCK' && ++locks === 3) s.lockToken = null; // the other device is done
      return inner(input, init);
    };
    expect(await s.store().put('manifest', new TextEncoder().encode('two'), '"3-1"')).toBe(true);
    expect(locks).toBe(3);
  });

  it('held through every wait: the write is not made, and reported as a lost race (false)', async () => {
    const s = new FakeApache();
    s.write('/me/proffer/manifest', 'one');
    s.now += 5000;
    s.lockToken = 'opaquelocktoken:other';
    expect(await s.store().put('manifest', new TextEncoder().encode('two'), '"3-1"')).toBe(false);
    expect(text(s.files.get('/me/proffer/manifest')!.body)).toBe('one');
    expect(s.log.filter((l) => l.startsWith('PUT'))).toEqual([]);
  });

  it('a server without locks (405): If-Match alone, and LOCK is not asked again', async () => {
    const s = new FakeApache();
    s.lockStatus = 405;
    const store = s.store();
    expect(await store.put('manifest', new TextEncoder().encode('one'), null)).toBe(true);
    s.now += 5000;
    expect(await store.put('manifest', new TextEncoder().encode('two'), '"3-1"')).toBe(true);
    expect(await store.put('manifest', new TextEncoder().encode('three'), '"3-1"')).toBe(false);
    expect(s.log.filter((l) => l.startsWith('LOCK'))).toHaveLength(1);
  });

  it('a lock left behind by a write the server went away during is released by the next one', async () => {
    const s = new FakeApache();
    s.now -= 5000;
    s.write('/me/proffer/manifest', 'one');
    s.now += 5000;
    const inner = s.fetch;
    s.fetch = async (input, init) => {
      if (init?.method === 'PUT') s.down = true; // stops as the write starts
      return inner(input, init);
    };
    await expect(s.store().put('manifest', new TextEncoder().encode('two'), '"3-1"')).rejects.toMatchObject({ code: 'errSyncUnreachable' });
    expect(s.lockToken).not.toBeNull();
    s.down = false;
    s.fetch = inner;
    expect(await s.store().put('manifest', new TextEncoder().encode('two'), '"3-1"')).toBe(true);
    expect(s.lockToken).toBeNull();
  });

  it('objects (never rewritten with other content) are written without a lock or condition', async () => {
    const s = new FakeApache();
    expect(await s.store().put('o/0123', new TextEncoder().encode('x'), undefined)).toBe(true);
    expect(s.log).toEqual(['PUT proffer/o/0123']);
  });
});
