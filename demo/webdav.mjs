// A local WebDAV server for trying sync (`npm run demo`), for the unit tests and for `npm run bench:sync`
// (the e2e and Firefox sync tests use Apache mod_dav, test/e2e/apache-dav.ts): the `webdav-server` package
// (a real WebDAV implementation: PROPFIND, MKCOL, GET, PUT, DELETE, LOCK ...) over a folder
// on disk, behind one user with Basic authentication.
//
// webdav-server 2.x neither sends ETags on GET nor honours If-Match / If-None-Match, which every
// server people sync through does (Nextcloud, ownCloud, Apache mod_dav) and Proffer relies on for
// conditional writes. This front adds them: a strong ETag (SHA-256 of the file), 412 when a
// condition fails, 304 for a matching If-None-Match on GET, the check and the write serialized per
// path so that two writers with the same If-Match never both succeed. An optional quota answers
// 507 Insufficient Storage, as a full server does.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import webdavServer from 'webdav-server';

const { v2: webdav } = webdavServer;

function etagOf(file) {
  try {
    const st = statSync(file);
    if (!st.isFile()) return null;
    return `"${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 40)}"`;
  } catch {
    return null;
  }
}

function sizeOf(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? sizeOf(p) : statSync(p).size;
  }
  return total;
}

/**
 * Start the server. Resolves once it listens.
 * @param {{ root: string, port?: number, host?: string, user?: string, password: string, quotaBytes?: number, log?: boolean }} options
 */
export async function startWebdav({ root, port = 0, host = '127.0.0.1', user = 'proffer', password, quotaBytes, log = false }) {
  const base = resolve(root);
  // webdav-server checks the same credentials again: it grants rights only to a known user.
  const users = new webdav.SimpleUserManager();
  const account = users.addUser(user, password, false);
  const rights = new webdav.SimplePathPrivilegeManager();
  rights.setRights(account, '/', ['all']);
  const dav = new webdav.WebDAVServer({
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'Proffer demo WebDAV'),
    privilegeManager: rights,
  });
  dav.setFileSystemSync('/', new webdav.PhysicalFileSystem(base));
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const locks = new Map();
  const state = { quotaBytes };

  const server = createServer((req, res) => {
    if (log) console.log(JSON.stringify({ t: new Date().toISOString(), method: req.method, url: req.url }));
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Proffer demo WebDAV"', 'Content-Length': '0' });
      res.end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    const method = req.method ?? 'GET';
    if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(method)) {
      dav.executeRequest(req, res);
      return;
    }
    // One request per path at a time from the condition check to the end of the response.
    const previous = locks.get(file) ?? Promise.resolve();
    let release;
    const mine = new Promise((r) => {
      release = r;
    });
    const chain = previous.then(() => mine);
    locks.set(file, chain);
    res.on('close', () => {
      release();
      if (locks.get(file) === chain) locks.delete(file);
    });
    void previous.then(() => {
      const etag = etagOf(file);
      const ifMatch = req.headers['if-match'];
      const ifNoneMatch = req.headers['if-none-match'];
      if (method === 'PUT' || method === 'DELETE') {
        if (ifMatch !== undefined && (etag === null || (ifMatch !== '*' && ifMatch !== etag))) return res.writeHead(412).end();
        if (ifNoneMatch === '*' && etag !== null) return res.writeHead(412).end();
        if (method === 'PUT' && state.quotaBytes !== undefined) {
          const incoming = Number(req.headers['content-length'] ?? 0);
          if (sizeOf(base) + incoming > state.quotaBytes) return res.writeHead(507).end();
        }
      } else {
        if (etag !== null && ifNoneMatch !== undefined && ifNoneMatch === etag) return res.writeHead(304, { ETag: etag }).end();
        if (etag !== null) res.setHeader('ETag', etag);
      }
      dav.executeRequest(req, res);
    });
  });
  // As long as common production servers keep idle connections (Node's 5 s default is shorter).
  server.keepAliveTimeout = 65_000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(undefined));
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}/`;
  return {
    url,
    port: typeof address === 'object' && address ? address.port : port,
    root: base,
    user,
    /** Change the quota (bytes; undefined: none) while running. */
    setQuota(bytes) {
      state.quotaBytes = bytes;
    },
    close() {
      return new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok(undefined));
      });
    },
  };
}

// `node demo/webdav.mjs [root]`: a server on 127.0.0.1:8789, user proffer, password proffer-demo.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { mkdirSync } = await import('node:fs');
  const root = process.argv[2] ?? join(import.meta.dirname, '..', '.tmp', 'webdav');
  mkdirSync(root, { recursive: true });
  const s = await startWebdav({
    root,
    port: Number(process.env.WEBDAV_PORT ?? 8789),
    password: process.env.WEBDAV_PASSWORD ?? 'proffer-demo',
    log: true,
  });
  console.log(`WebDAV for sync: ${s.url}  user ${s.user}  password ${process.env.WEBDAV_PASSWORD ?? 'proffer-demo'}  (files in ${s.root})`);
}
