/**
 * The WebDAV client (src/sync/webdav.ts) against Apache httpd with mod_dav (test/e2e/apache-dav.ts),
 * without a browser: what "test connection" says, and the two ways Apache differs from the embedded
 * demo server that sync's conditional writes depend on: a weak ETag for a file changed less than a
 * second ago, and an If-Match that is not atomic (the client's write lock makes it so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/sync/errors';
import { WebDavStore } from '../../src/sync/webdav';
import { type ApacheDav, startApacheDav } from './apache-dav';

const PASSWORD = 'apache-app-pass-9Kd';
let dav: ApacheDav;

beforeAll(async () => {
  dav = await startApacheDav({ password: PASSWORD });
  const res = await fetch(`${dav.url}me/`, { method: 'MKCOL', headers: { Authorization: `Basic ${btoa(`proffer:${PASSWORD}`)}` } });
  if (res.status !== 201) throw new Error(`MKCOL ${res.status}`);
});
afterAll(async () => {
  await dav?.dispose();
});

const store = (password = PASSWORD, url = `${dav.url}me/`) => new WebDavStore({ url, user: 'proffer', password }, { timeoutMs: 5000 });
const bytes = (s: string) => new TextEncoder().encode(s);

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SyncError);
  return (e as SyncError).code;
}

describe('Apache mod_dav as the sync server', () => {
  it('test connection: works with the right app password, names a wrong one (401) and a server that is not there', async () => {
    await store().test();
    expect(await code(store('wrong-password').test())).toBe('errSyncAuth');
    const gone = `http://127.0.0.1:${dav.port}/`;
    await dav.stop();
    try {
      expect(await code(store(PASSWORD, `${gone}me/`).test())).toBe('errSyncUnreachable');
    } finally {
      await dav.start();
    }
    await store().test();
  });

  it('sends a weak ETag for a file just written, which If-Match refuses; the client waits for the strong one', async () => {
    const s = store();
    await s.prepare();
    expect(await s.put('manifest', bytes('first'), null)).toBe(true);
    const raw = await fetch(`${dav.url}me/proffer/manifest`, { headers: { Authorization: `Basic ${btoa(`proffer:${PASSWORD}`)}` } });
    await raw.body?.cancel();
    const weak = raw.headers.get('ETag') ?? '';
    expect(weak).toMatch(/^W\/"/);
    // What the engine would do without the wait: the write is refused as if another device had won.
    expect(await s.put('manifest', bytes('second'), weak)).toBe(false);
    const got = await s.get('manifest', { forWrite: true });
    if (got === null || got === 'unchanged') throw new Error('no manifest');
    expect(got.etag).toMatch(/^"/);
    expect(await s.put('manifest', bytes('second'), got.etag)).toBe(true);
    // the ETag it had is spent: a second write with it is refused
    expect(await s.put('manifest', bytes('third'), got.etag)).toBe(false);
    // If-None-Match: * (the first write of a file) is refused once the file exists
    expect(await s.put('manifest', bytes('again'), null)).toBe(false);
  });

  it('twelve writers with the same If-Match at once: exactly one wins', async () => {
    const s = store();
    const got = await s.get('manifest', { forWrite: true });
    if (got === null || got === 'unchanged') throw new Error('no manifest');
    const writers = Array.from({ length: 12 }, (_, i) => store().put('manifest', bytes(`writer ${i} `.repeat(50_000)), got.etag));
    const won = (await Promise.all(writers)).filter(Boolean);
    expect(won).toHaveLength(1);
    // and the lock is free again afterwards
    const now = await s.get('manifest', { forWrite: true });
    if (now === null || now === 'unchanged') throw new Error('no manifest');
    expect(await s.put('manifest', bytes('after the race'), now.etag)).toBe(true);
  });
});
