// A stand-alone reference brand: discovery and the data-rights endpoint on their own origin, for the
// end-to-end tests (several brands, one of them down) and for trying a real brand's side by hand.
//
//   node demo/brand/server.mjs            PORT (8790), BRAND_NAME, BRAND_DATA (.tmp/brand-<port>)
//
// In-process: const b = await createBrand({ name: 'Acme', dataDir, port: 0 }); ... await b.close();
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDemoServer, esc, send } from '../server.mjs';
import { createBrandRoutes } from './brand.mjs';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Starts a reference brand on its own port. Resolves once it listens.
 * @param {import('./server.d.mts').CreateBrandOptions} options
 */
export async function createBrand({ port = 8790, host = '127.0.0.1', log = false, ...brandOptions }) {
  const { routes, brand } = createBrandRoutes(brandOptions);
  routes.set('GET /', (_req, res) =>
    send(
      res,
      200,
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${esc(brand.name)}</title>` +
        `<h1>${esc(brand.name)}</h1><p>A reference brand for Proffer. It speaks the protocol in docs/protocol.md: ` +
        `<a href="/.well-known/vrm.json">/.well-known/vrm.json</a>, <a href="/.well-known/gpc.json">/.well-known/gpc.json</a>.</p></html>`,
    ),
  );
  let server;
  try {
    server = await createDemoServer({ port, host, routes, log });
  } catch (e) {
    brand.close();
    throw e;
  }
  return {
    url: server.url,
    server: server.server,
    routes,
    brand,
    async close() {
      await server.close();
      brand.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 8790);
  const name = process.env.BRAND_NAME ?? 'Acme Supplies';
  const dataDir = process.env.BRAND_DATA ?? join(ROOT, '.tmp', `brand-${port}`);
  try {
    const b = await createBrand({ name, dataDir, port, log: process.env.DEMO_LOG === '1' });
    console.log(`${name}, a reference brand: ${b.url}/.well-known/vrm.json (data in ${dataDir})`);
    if (process.env.BRAND_ROTATE_KEY === '1') {
      const { previous, publicKey } = b.brand.rotateKey({ keepPrevious: process.env.BRAND_KEEP_PREVIOUS === '1' });
      console.log(`Rotated the response key ${previous} -> ${publicKey}; vrm.json now carries the rotation statement.`);
    }
    console.log('Ctrl-C to stop. DEMO_LOG=1 logs each request as one JSON line.');
    const stop = async () => {
      await b.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    if (err?.code === 'EADDRINUSE') console.error(`Port ${port} is already in use; set PORT to another one.`);
    else console.error(err);
    process.exit(1);
  }
}
