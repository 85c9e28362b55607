/**
 * A static server for a folder of test pages on two loopback origins, the way
 * ../shared/corpus/pages/serve.mjs serves the shared corpus: the first port on 127.0.0.1 is "the site",
 * the second (also on [::1], so http://localhost:PORT works) is "the other origin" that pages aim
 * iframes, form actions and beacons at. Every request is logged with its body (POST/PUT answer 204,
 * so any path is a collection sink); the suite reads the log to see what reached the other origin.
 *
 * One implementation serves both the shared corpus and test/fixtures/pages, so both are judged alike.
 */

import { readdirSync, readFile, stat } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

/** One request, as serve.mjs logs it. */
export interface RequestLogEntry {
  ts: string;
  port: number;
  method: string;
  url: string;
  origin: string | null;
  referer: string | null;
  /** The request's Sec-GPC header (Global Privacy Control), null when it had none. */
  gpc: string | null;
  status: number;
  /** Up to 64 KiB of the request body, when there was one. */
  body?: string;
}

export interface PageServer {
  root: string;
  /** [site port, other port]. */
  ports: [number, number];
  /** The site's origin: http://127.0.0.1:PORT1. */
  origin: string;
  /** The other origin, as pages get it in `?other=`: http://localhost:PORT2. */
  other: string;
  /** Every request so far, oldest first. */
  log: RequestLogEntry[];
  /** Requests received on the other port since index `from` of the log. */
  otherRequests(from?: number): RequestLogEntry[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const MAX_BODY = 64 * 1024;

function handler(root: string, port: () => number, log: RequestLogEntry[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const done = (status: number, headers: Record<string, string>, data?: string | Buffer) => {
        log.push({
          ts: new Date().toISOString(),
          port: port(),
          method: req.method ?? '',
          url: req.url ?? '',
          origin: req.headers.origin ?? null,
          referer: req.headers.referer ?? null,
          gpc: (req.headers['sec-gpc'] as string | undefined) ?? null,
          status,
          ...(body ? { body } : {}),
        });
        res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
        res.end(req.method === 'HEAD' ? undefined : data);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') return done(204, {});
      let rel: string;
      try {
        rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      } catch {
        return done(400, {}, 'bad url');
      }
      if (rel === '/') {
        const pages = readdirSync(root)
          .filter((f) => f.endsWith('.html'))
          .sort();
        const html = `<!doctype html><meta charset="utf-8"><title>pages</title><ul>${pages.map((f) => `<li><a href="/${f}">${f}</a></li>`).join('')}</ul>`;
        return done(200, { 'Content-Type': TYPES['.html']! }, html);
      }
      const file = resolve(root, `.${rel}`);
      if (file !== root && !file.startsWith(root + sep)) return done(403, {}, 'forbidden');
      stat(file, (err, st) => {
        if (err || !st.isFile()) return done(404, { 'Content-Type': 'text/plain' }, 'not found');
        readFile(file, (e2, data) => {
          if (e2) return done(500, { 'Content-Type': 'text/plain' }, 'error');
          done(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }, data);
        });
      });
    });
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Serve `root` on two loopback ports (0 = any free port). The other port is also bound on [::1]
 * when the machine has IPv6, so `localhost` reaches it whichever address it resolves to.
 */
export async function startPageServer(root: string, ports: [number, number] = [0, 0]): Promise<PageServer> {
  const dir = resolve(root);
  const log: RequestLogEntry[] = [];
  let p1 = 0;
  let p2 = 0;
  const s1 = createServer(handler(dir, () => p1, log));
  const s2 = createServer(handler(dir, () => p2, log));
  const s3 = createServer(handler(dir, () => p2, log));
  p1 = await listen(s1, ports[0], '127.0.0.1');
  p2 = await listen(s2, ports[1], '127.0.0.1');
  const v6 = await listen(s3, p2, '::1').then(
    () => true,
    () => false,
  );
  const servers = v6 ? [s1, s2, s3] : [s1, s2];
  return {
    root: dir,
    ports: [p1, p2],
    origin: `http://127.0.0.1:${p1}`,
    other: `http://localhost:${p2}`,
    log,
    otherRequests: (from = 0) => log.slice(from).filter((e) => e.port === p2),
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((ok) => {
              s.closeAllConnections();
              s.close(() => ok());
            }),
        ),
      ).then(() => undefined),
  };
}
