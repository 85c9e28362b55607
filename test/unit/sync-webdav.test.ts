// Sync through a real WebDAV server (webdav-server over a folder on disk, demo/webdav.mjs) with the
// fetch client of src/sync/webdav.ts: two devices, what "test connection" says for each failure,
// a server stopped in the middle of a sync, and a scan of the server's files for anything personal.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebdav, type WebdavHandle } from '../../demo/webdav.mjs';
import type { RecordOf } from '../../src/shared/records';
import { SyncEngine } from '../../src/sync/engine';
import { SyncError } from '../../src/sync/errors';
import { joinVault } from '../../src/sync/join';
import type { SyncConfig } from '../../src/sync/store';
import { statusError, WebDavStore } from '../../src/sync/webdav';
import { newId } from '../../src/vault/records-codec';
import { createdVault, freshVault, KDF_FLOOR, PASS, PERSONAL, putAll, SITE } from './vault-fixture';

const PASSWORD = 'app-pass-7Qe';
const servers: WebdavHandle[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(opts: { quotaBytes?: number; port?: number; root?: string } = {}): Promise<WebdavHandle> {
  const s = await startWebdav({ root: opts.root ?? mkdtempSync(join(tmpdir(), 'proffer-dav-')), password: PASSWORD, ...opts });
  servers.push(s);
  return s;
}

const configFor = (s: { url: string }, password = PASSWORD): SyncConfig => ({ url: `${s.url}me/`, user: 'proffer', password });

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SyncError);
  return (e as SyncError).code;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const persona = (label: string): RecordOf<'personas'> => ({ id: newId(), label, addresses: [], createdAt: 1, updatedAt: 1 });

describe('sync through a WebDAV server', () => {
  it('two devices converge; the server folder holds no persona value, site name, field name or terms text', async () => {
    const dav = await server();
    const me = await fetch(`${dav.url}me/`, { method: 'MKCOL', headers: { Authorization: `Basic ${btoa(`proffer:${PASSWORD}`)}` } });
    expect(me.status).toBe(201);
    const { vault: a } = await createdVault();
    const syncA = new SyncEngine(a);
    await syncA.configure(configFor(dav));
    await putAll(a);
    await syncA.sync();

    const b = await freshVault();
    await joinVault(b, new WebDavStore(configFor(dav)), { passphrase: PASS }, { kdfFloor: KDF_FLOOR });
    const syncB = new SyncEngine(b);
    await syncB.configure(configFor(dav));
    await syncB.sync();
    expect((await b.list('personas')).records.map((p) => p.label)).toEqual(['Work persona Quillon']);

    // both edit, at the same time
    await a.put('personas', persona('From A'));
    await b.put('personas', persona('From B'));
    await Promise.all([syncA.sync(), syncB.sync()]);
    await syncA.sync();
    await syncB.sync();
    const labels = async (v: typeof a) => (await v.list('personas')).records.map((p) => p.label).sort();
    expect(await labels(a)).toEqual(['From A', 'From B', 'Work persona Quillon']);
    expect(await labels(b)).toEqual(await labels(a));

    const files = filesUnder(dav.root);
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const rel = f.slice(dav.root.length);
      expect(rel).toMatch(/^\/me\/proffer\/(header\.json|manifest|[om]\/[0-9a-f]{32})$/);
      const text = readFileSync(f).toString('latin1');
      for (const canary of [...PERSONAL, 'From A', SITE, 'zyxwares', 'given-name', 'email', 'No tracking'])
        expect(text, `${rel} ${canary}`).not.toContain(canary);
    }
  });

  it('a server stopped in the middle of a sync and started again: nothing lost, nothing twice', async () => {
    const root = mkdtempSync(join(tmpdir(), 'proffer-dav-'));
    let dav = await server({ root });
    const port = dav.port;
    await fetch(`${dav.url}me/`, { method: 'MKCOL', headers: { Authorization: `Basic ${btoa(`proffer:${PASSWORD}`)}` } });
    const { vault: a } = await createdVault();
    let requests = 0;
    let stopping: Promise<void> | null = null;
    const counting: typeof fetch = (input, init) => {
      if (++requests === 40) stopping = dav.close();
      return fetch(input, init);
    };
    const syncA = new SyncEngine(a, { remote: (c) => new WebDavStore(c, { fetch: counting, timeoutMs: 3000 }) });
    await syncA.configure(configFor(dav));
    await a.putMany(
      'personas',
      Array.from({ length: 60 }, (_, i) => persona(`P${String(i).padStart(2, '0')}`)),
    );
    expect(await code(syncA.sync())).toBe('errSyncUnreachable');
    await stopping;
    servers.splice(servers.indexOf(dav), 1);
    expect((await syncA.status()).pending).toBe(60);
    dav = await server({ root, port });
    await syncA.sync();
    expect((await syncA.status()).pending).toBe(0);
    const b = await freshVault();
    await joinVault(b, new WebDavStore(configFor(dav)), { passphrase: PASS }, { kdfFloor: KDF_FLOOR });
    const syncB = new SyncEngine(b);
    await syncB.configure(configFor(dav));
    await syncB.sync();
    const got = (await b.list('personas')).records.map((p) => p.label).sort();
    expect(got).toHaveLength(60);
    expect(new Set(got).size).toBe(60);
    // objects on the server: exactly one per record
    expect(filesUnder(join(root, 'me', 'proffer', 'o'))).toHaveLength(60);
  });
});

describe('test connection says what failed', () => {
  it('works with the right settings', async () => {
    const dav = await server();
    await new WebDavStore({ url: dav.url, user: 'proffer', password: PASSWORD }).test();
  });

  it('a wrong app password: errSyncAuth', async () => {
    const dav = await server();
    expect(await code(new WebDavStore({ url: dav.url, user: 'proffer', password: 'wrong' }).test())).toBe('errSyncAuth');
  });

  it('nothing listening: errSyncUnreachable', async () => {
    const dav = await server();
    const url = dav.url;
    await dav.close();
    servers.pop();
    expect(await code(new WebDavStore({ url, user: 'proffer', password: PASSWORD }, { timeoutMs: 3000 }).test())).toBe(
      'errSyncUnreachable',
    );
  });

  it('a web server that is not WebDAV: errSyncNotWebdav', async () => {
    const plain = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>hello</p>');
    });
    await new Promise<void>((ok) => plain.listen(0, '127.0.0.1', ok));
    const port = (plain.address() as { port: number }).port;
    try {
      expect(await code(new WebDavStore({ url: `http://127.0.0.1:${port}/`, user: 'u', password: 'p' }).test())).toBe('errSyncNotWebdav');
    } finally {
      await new Promise((ok) => plain.close(ok));
    }
  });

  it('a full server: errSyncNoSpace', async () => {
    const dav = await server({ quotaBytes: 100 });
    expect(await code(new WebDavStore({ url: dav.url, user: 'proffer', password: PASSWORD }).test())).toBe('errSyncNoSpace');
  });

  it('statuses map to what the person can act on', () => {
    expect(statusError(403, 'x').code).toBe('errSyncForbidden');
    expect(statusError(401, 'x').code).toBe('errSyncAuth');
    expect(statusError(507, 'x').code).toBe('errSyncNoSpace');
    expect(statusError(502, 'x').code).toBe('errSyncServer');
    expect(() => new WebDavStore({ url: 'ftp://example.org/', user: 'u', password: 'p' })).toThrow(SyncError);
  });
});
