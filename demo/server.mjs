// The demo site: "Northwind Outfitters", a fictional shop with a signup and a contact form, for trying
// Proffer by hand (`npm run demo`, `npm start`) and for the end-to-end tests (start it in-process on
// port 0 with createDemoServer). No dependencies and no external resources, so it runs offline.
//
// Routes live in a table keyed "METHOD /path" so later work can add the brand endpoints
// (/.well-known/vrm.json, data rights, intents) with routes.set(...) and nothing else.
// Only listed paths are served: there is no generic file server, hence no path traversal to guard.

import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBrandRoutes } from './brand/brand.mjs';
import { startWebdav } from './webdav.mjs';

const PAGES = join(import.meta.dirname, 'pages');

/**
 * Sent with every response. Strict on purpose: real sites increasingly ship strict CSPs, and
 * Proffer's content script must work under them. Same-origin scripts and frames are allowed so later
 * pages can test framework-controlled inputs and same-origin iframes; nothing external loads.
 */
export const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // Pages are edited while the server runs; never let the browser serve a stale copy.
  'Cache-Control': 'no-store',
};

const BODY_LIMIT = 64 * 1024;

/** Escape text for HTML element content and quoted attribute values. */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Send a complete response. */
export function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Send a JSON response (for the brand endpoints to come). */
export function sendJson(res, status, value) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

/** Read a request body, refusing more than `limit` bytes (error.status = 413). */
export function readBody(req, limit = BODY_LIMIT) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      // Past the limit, keep draining but drop the data, so the 413 still reaches the client.
      if (size > limit) reject(Object.assign(new Error('Request body too large'), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Read an application/x-www-form-urlencoded body, as a browser submits a form. */
export async function readForm(req) {
  return new URLSearchParams((await readBody(req)).toString('utf8'));
}

/** A full page: the shared layout (header, footer) around one page's <main> content. */
export function renderPage(title, main) {
  // Read on every request so edits to the pages show on reload, without a restart.
  const layout = readFileSync(join(PAGES, 'layout.html'), 'utf8');
  return layout.replace('{{title}}', () => esc(title)).replace('{{main}}', () => main);
}

const pageFile = (name) => readFileSync(join(PAGES, name), 'utf8');
const page = (file, title) => (_req, res) => send(res, 200, renderPage(title, pageFile(file)));
const asset = (file, type) => (_req, res) => send(res, 200, pageFile(file), type);

/**
 * What the site "received", shown back after a submit: the point of the demo is that a person can see
 * exactly which values went to which site. Passwords are masked and the honeypot is named as such.
 */
function receivedTable(form) {
  const rows = [];
  for (const [name, value] of form) {
    if (value === '') continue;
    const shown =
      name === 'password'
        ? `${'•'.repeat(8)} (${value.length} characters)`
        : name === 'website'
          ? `${value} (honeypot: a person never sees this field, so the signup is treated as a bot)`
          : value;
    rows.push(`<tr><th scope="row"><code>${esc(name)}</code></th><td>${esc(shown)}</td></tr>`);
  }
  if (rows.length === 0) return '<p>Nothing: every field was empty.</p>';
  return `<table class="received"><thead><tr><th scope="col">Field</th><th scope="col">Value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function thanks(heading, intro, form) {
  return `<section class="panel narrow"><h1>${esc(heading)}</h1><p>${esc(intro)}</p>
<h2>What Northwind received</h2>${receivedTable(form)}
<p><a class="button secondary" href="/">Back to the shop</a></p></section>`;
}

/** The default route table; a fresh Map per server so tests can add routes without side effects. */
export function createRoutes() {
  return new Map([
    ['GET /', page('index.html', 'Northwind Outfitters')],
    ['GET /signup', page('signup.html', 'Join the Trail Club · Northwind Outfitters')],
    ['GET /contact', page('contact.html', 'Contact us · Northwind Outfitters')],
    ['GET /style.css', asset('style.css', 'text/css; charset=utf-8')],
    ['GET /favicon.svg', asset('favicon.svg', 'image/svg+xml')],
    [
      'POST /signup',
      async (req, res) => {
        const form = await readForm(req);
        const name = form.get('given-name') || 'friend';
        send(
          res,
          200,
          renderPage(
            'Welcome · Northwind Outfitters',
            thanks(
              `Welcome to the Trail Club, ${name}!`,
              'Your account is ready (not really: this is a demo, and nothing was stored).',
              form,
            ),
          ),
        );
      },
    ],
    [
      'POST /contact',
      async (req, res) => {
        const form = await readForm(req);
        send(
          res,
          200,
          renderPage(
            'Message sent · Northwind Outfitters',
            thanks('Thanks, we got your message', 'We usually answer within two working days (in this demo, never).', form),
          ),
        );
      },
    ],
    [
      'GET /search',
      (_req, res, { url }) => {
        const q = url.searchParams.get('q') ?? '';
        send(
          res,
          200,
          renderPage(
            'Search · Northwind Outfitters',
            `<section class="panel narrow"><h1>Search</h1><p>No products match “${esc(q)}”. The shop shelves are empty in this demo.</p></section>`,
          ),
        );
      },
    ],
  ]);
}

function notFound(res) {
  send(
    res,
    404,
    renderPage(
      'Not found · Northwind Outfitters',
      '<section class="panel narrow"><h1>Trail not found</h1><p>That page does not exist. <a href="/">Back to the shop</a>.</p></section>',
    ),
  );
}

/**
 * Start the demo site. Resolves once it listens, with its URL (port 0 picks a free port).
 * @example const demo = await createDemoServer({ port: 0 }); await fetch(`${demo.url}/signup`); await demo.close();
 */
export async function createDemoServer({
  port = 8787,
  host = '127.0.0.1',
  routes = createRoutes(),
  log = process.env.DEMO_LOG === '1',
  brand,
} = {}) {
  // With `brand`, the site is also a reference brand: vrm.json, gpc.json and signed data-rights requests.
  const made = brand ? createBrandRoutes(brand) : undefined;
  if (made) for (const [key, handler] of made.routes) if (!routes.has(key)) routes.set(key, handler);
  const server = createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    if (log) {
      res.on('finish', () => {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        process.stdout.write(
          `${JSON.stringify({ time: new Date().toISOString(), method: req.method, path: url.pathname, status: res.statusCode, ms })}\n`,
        );
      });
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const method = req.method ?? 'GET';
    // HEAD is answered by the GET handler; Node leaves the body out by itself.
    const handler = routes.get(`${method} ${url.pathname}`) ?? (method === 'HEAD' ? routes.get(`GET ${url.pathname}`) : undefined);
    try {
      if (handler) return await handler(req, res, { url });
      const allowed = [...routes.keys()].filter((k) => k.endsWith(` ${url.pathname}`)).map((k) => k.split(' ')[0]);
      if (allowed.length > 0) {
        res.setHeader('Allow', allowed.join(', '));
        return send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8');
      }
      notFound(res);
    } catch (err) {
      const status = typeof err?.status === 'number' ? err.status : 500;
      if (status === 500) console.error(err);
      if (!res.headersSent) send(res, status, `${status === 500 ? 'Internal error' : err.message}\n`, 'text/plain; charset=utf-8');
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', (err) => {
      made?.brand.close();
      reject(err);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  const close = () =>
    new Promise((resolve) => {
      // A browser keeps idle keep-alive connections open; without this, close() waits for them.
      server.closeAllConnections();
      server.close(() => {
        made?.brand.close();
        resolve(undefined);
      });
    });
  return { server, url, routes, brand: made?.brand, close };
}

// `node demo/server.mjs` (npm run demo): serve until Ctrl-C.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 8787);
  try {
    const demo = await createDemoServer({
      port,
      brand: {
        name: 'Northwind Outfitters',
        dataDir: process.env.BRAND_DATA ?? join(import.meta.dirname, '../.tmp/northwind-brand'),
        contactEmail: 'privacy@northwind.example',
      },
    });
    console.log(`Northwind Outfitters demo site: ${demo.url}/ (signup form: ${demo.url}/signup, contact form: ${demo.url}/contact)`);
    // A WebDAV server to try sync between two browser profiles (README, "Try sync").
    const davRoot = process.env.WEBDAV_ROOT ?? join(import.meta.dirname, '../.tmp/webdav');
    mkdirSync(davRoot, { recursive: true });
    const davPassword = process.env.WEBDAV_PASSWORD ?? 'proffer-demo';
    const dav = await startWebdav({ root: davRoot, port: Number(process.env.WEBDAV_PORT ?? 8789), password: davPassword });
    console.log(`WebDAV for sync: ${dav.url}  user ${dav.user}  app password ${davPassword}  (files in ${dav.root})`);
    console.log('Ctrl-C to stop. DEMO_LOG=1 logs each request as one JSON line.');
    const stop = async () => {
      await demo.close();
      await dav.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    if (err?.code === 'EADDRINUSE')
      console.error(`Port ${port} is already in use on 127.0.0.1; set PORT to another one (PORT=8788 npm run demo).`);
    else console.error(err);
    process.exit(1);
  }
}
