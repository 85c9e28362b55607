// The client against hostile brands on 127.0.0.1: garbage, huge bodies, redirects elsewhere, silence,
// errors. Each must end as a typed error code the UI can show, never as a hang or as brand HTML.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, fetchGpc, normalizeOrigin, resolveEndpoint, signedExchange } from '../../src/protocol/client';
import { dataRightsTarget, fetchStatus, sendDataRightsRequest } from '../../src/protocol/data-rights';
import {
  isProtocolError,
  PROTOCOL_ERROR_CODES,
  PROTOCOL_ERROR_MESSAGES,
  ProtocolError,
  type ProtocolErrorCode,
} from '../../src/protocol/errors';
import { GpcDocument, StatusDocument, VrmDocument } from '../../src/protocol/schemas';
import { generateBrandKeys, signResponse, wireKey } from '../../src/protocol/sign';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.on('error', () => undefined); // the client hangs up on purpose in some tests
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const json = (res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) => {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', ...extra });
  res.end(body);
};

const VRM = { version: 1, name: 'Hostile Ltd', dataRights: { endpoint: '/dr', exercises: ['deletion'] } };
const brandKeys = generateBrandKeys();
const routes: Record<string, Handler> = {};
let hostile: { server: Server; url: string };
let elsewhere: { server: Server; url: string };
/** Requests that reached the other listener: a redirect must never deliver one there. */
let elsewhereHits = 0;

beforeAll(async () => {
  hostile = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const h = routes[path];
    if (h) h(req, res);
    else json(res, 404, { code: '404', error: 'not_found' });
  });
  elsewhere = await listen((_req, res) => {
    elsewhereHits++;
    json(res, 200, VRM);
  });
});
afterAll(async () => {
  await stop(hostile.server);
  await stop(elsewhere.server);
});

/** Serve `handler` as the vrm.json of the hostile site for one test. */
const serveVrm = (handler: Handler) => {
  routes['/.well-known/vrm.json'] = handler;
};

async function codeOf(p: Promise<unknown>): Promise<ProtocolErrorCode | 'resolved'> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    if (!isProtocolError(e)) throw e;
    return e.code;
  }
}

describe('discover()', () => {
  it("reads a good document and resolves its endpoints on the brand's origin", async () => {
    serveVrm((_q, r) => json(r, 200, { ...VRM, acceptedTerms: ['https://customercommons.org/p2b1/'], unknownField: 1 }));
    const brand = await discover(`${hostile.url}/some/page?q=1`);
    expect(brand).toEqual({
      origin: hostile.url,
      name: 'Hostile Ltd',
      dataRights: { endpoint: `${hostile.url}/dr`, exercises: ['deletion'], regimes: ['gdpr', 'ccpa'] },
      acceptedTerms: ['https://customercommons.org/p2b1/'],
      brandKeys: [],
    });
  });

  it('turns garbage JSON into errBrandGarbage', async () => {
    serveVrm((_q, r) => json(r, 200, '{"version": 1, "name": "x",'));
    expect(await codeOf(discover(hostile.url))).toBe('errBrandGarbage');
  });

  it('takes an HTML page served with 200 (an app shell) for "no document", and keeps it out of the error', async () => {
    serveVrm((_q, r) => {
      r.writeHead(200, { 'Content-Type': 'text/html' });
      r.end('<script>alert(1)</script>');
    });
    const e = await discover(hostile.url).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).code).toBe('errBrandNoDiscovery');
    expect(JSON.stringify(e)).not.toContain('<script>');
  });

  it('refuses well-formed JSON of the wrong shape', async () => {
    serveVrm((_q, r) => json(r, 200, { version: 1, name: '', dataRights: { endpoint: 'javascript:alert(1)', exercises: [] } }));
    expect(await codeOf(discover(hostile.url))).toBe('errBrandGarbage');
    serveVrm((_q, r) => json(r, 200, [1, 2, 3]));
    expect(await codeOf(discover(hostile.url))).toBe('errBrandGarbage');
  });

  it('stops reading a 10 MB body (without Content-Length) at the size cap', async () => {
    serveVrm((_q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      r.write('{"version":1,"name":"');
      let sent = 0;
      const pump = () => {
        while (sent < 160 && r.write(chunk)) sent++;
        if (sent < 160 && !r.destroyed) r.once('drain', pump);
        else r.end('"}');
      };
      pump();
    });
    const started = Date.now();
    expect(await codeOf(discover(hostile.url))).toBe('errBrandTooLarge');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a declared Content-Length beyond the cap before reading', async () => {
    serveVrm((_q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(10 * 1024 * 1024) });
      r.write('{');
    });
    expect(await codeOf(discover(hostile.url))).toBe('errBrandTooLarge');
  });

  it('refuses a redirect to another origin, and the other listener receives nothing', async () => {
    const before = elsewhereHits;
    for (const status of [301, 302, 303, 307, 308]) {
      serveVrm((_q, r) => {
        r.writeHead(status, { Location: `${elsewhere.url}/admin/reset` });
        r.end();
      });
      expect(await codeOf(discover(hostile.url))).toBe('errBrandRedirect');
    }
    expect(elsewhereHits).toBe(before);
  });

  it('stops a chain of same-origin redirects after three hops', async () => {
    let hits = 0;
    routes['/loop.json'] = (_q, r) => {
      hits++;
      r.writeHead(302, { Location: '/loop.json' });
      r.end();
    };
    serveVrm((_q, r) => {
      r.writeHead(302, { Location: '/loop.json' });
      r.end();
    });
    expect(await codeOf(discover(hostile.url))).toBe('errBrandRedirect');
    expect(hits).toBe(3);
  });

  it('follows a redirect that stays on the same origin', async () => {
    routes['/moved.json'] = (_q, r) => json(r, 200, VRM);
    serveVrm((_q, r) => {
      r.writeHead(301, { Location: '/moved.json' });
      r.end();
    });
    expect((await discover(hostile.url)).name).toBe('Hostile Ltd');
  });

  it('times out on a brand that never answers', async () => {
    serveVrm(() => undefined);
    const started = Date.now();
    expect(await codeOf(discover(hostile.url, { timeoutMs: 300 }))).toBe('errBrandTimeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out on a brand that sends headers and then stalls mid-body', async () => {
    serveVrm((_q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json' });
      r.write('{"version":1,');
    });
    expect(await codeOf(discover(hostile.url, { timeoutMs: 300 }))).toBe('errBrandTimeout');
  });

  it('reports a 500 as errBrandFailed (retryable), a missing document as errBrandNoDiscovery', async () => {
    serveVrm((_q, r) => {
      r.writeHead(500, { 'Content-Type': 'text/html' });
      r.end('<h1>Oops</h1>');
    });
    const e = (await discover(hostile.url).catch((x: unknown) => x)) as ProtocolError;
    expect(e.code).toBe('errBrandFailed');
    expect(e.retryable).toBe(true);
    expect(e.httpStatus).toBe(500);
    expect(e.brandMessage).toBeUndefined();
    serveVrm((_q, r) => json(r, 404, { code: '404' }));
    expect(await codeOf(discover(hostile.url))).toBe('errBrandNoDiscovery');
  });

  it('reports a closed port as errBrandUnreachable', async () => {
    const gone = await listen(() => undefined);
    await stop(gone.server);
    expect(await codeOf(discover(gone.url))).toBe('errBrandUnreachable');
  });

  it('refuses newer protocol versions, endpoints on another origin, and plain http off loopback', async () => {
    serveVrm((_q, r) => json(r, 200, { ...VRM, version: 2 }));
    expect(await codeOf(discover(hostile.url))).toBe('errBrandUnsupported');
    serveVrm((_q, r) => json(r, 200, { ...VRM, dataRights: { endpoint: `${elsewhere.url}/dr`, exercises: ['deletion'] } }));
    expect(await codeOf(discover(hostile.url))).toBe('errBrandInsecure');
    expect(await codeOf(discover('http://shop.example'))).toBe('errBrandInsecure');
    expect(await codeOf(discover('ftp://shop.example'))).toBe('errBrandInsecure');
    expect(await codeOf(discover('not a url'))).toBe('errBrandInsecure');
  });

  it('can be cancelled', async () => {
    serveVrm(() => undefined);
    const controller = new AbortController();
    const p = discover(hostile.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(p)).toBe('errBrandCancelled');
  });

  it('sends no cookies and no referrer, and asks for JSON', async () => {
    let seen: IncomingMessage['headers'] = {};
    serveVrm((q, r) => {
      seen = q.headers;
      json(r, 200, VRM);
    });
    await discover(hostile.url);
    expect(seen.cookie).toBeUndefined();
    expect(seen.referer).toBeUndefined();
    expect(seen.accept).toBe('application/json');
  });
});

describe('fetchGpc()', () => {
  it('reads gpc.json, and is undefined when there is none', async () => {
    routes['/.well-known/gpc.json'] = (_q, r) => json(r, 200, { gpc: true, lastUpdate: '2026-01-01' });
    expect(await fetchGpc(hostile.url)).toEqual({ gpc: true, lastUpdate: '2026-01-01' });
    routes['/.well-known/gpc.json'] = (_q, r) => {
      r.writeHead(200, { 'Content-Type': 'text/html' });
      r.end('<!doctype html><div id="app"></div>');
    };
    expect(await fetchGpc(hostile.url)).toBeUndefined();
    routes['/.well-known/gpc.json'] = (_q, r) => json(r, 200, { gpc: 'yes' });
    expect(await codeOf(fetchGpc(hostile.url))).toBe('errBrandGarbage');
    delete routes['/.well-known/gpc.json'];
    expect(await fetchGpc(hostile.url)).toBeUndefined();
  });
});

describe('signed exchanges with a hostile endpoint', () => {
  const keys = generateBrandKeys();
  const target = () => ({ origin: hostile.url, endpoint: `${hostile.url}/dr` });
  const status = { request_id: 'req-12345678', status: 'open', received_at: '2026-01-31T12:00:00.000Z' };

  it("never follows a redirect with the person's identifiers (307 would resend the body)", async () => {
    let leaked = false;
    const trap = await listen((_q, r) => {
      leaked = true;
      json(r, 200, status);
    });
    routes['/dr/exercise'] = (_q, r) => {
      r.writeHead(307, { Location: `${trap.url}/steal` });
      r.end();
    };
    const p = sendDataRightsRequest({
      target: target(),
      keys,
      request: { exercise: 'deletion', regime: 'gdpr', identity: { email: 'ada@example.org' } },
    });
    expect(await codeOf(p)).toBe('errBrandRedirect');
    expect(leaked).toBe(false);
    await stop(trap.server);
  });

  it("maps refusals to codes with the brand's token as detail and its prose as plain text", async () => {
    routes['/dr/status'] = (_q, r) => json(r, 401, { code: '401', error: 'signature_invalid', message: 'Bad\nsignature <b>!</b>' });
    const e = (await fetchStatus({ target: target(), keys, requestId: 'req-12345678' }).catch((x: unknown) => x)) as ProtocolError;
    expect(e.code).toBe('errBrandRefused');
    expect(e.detail).toBe('signature_invalid');
    expect(e.brandMessage).toBe('Bad signature <b>!</b>');
    expect(e.retryable).toBe(false);
    routes['/dr/status'] = (_q, r) => json(r, 401, { code: '401', error: 'timestamp_stale' });
    expect(await codeOf(fetchStatus({ target: target(), keys, requestId: 'req-12345678' }))).toBe('errBrandClock');
    routes['/dr/status'] = (_q, r) => json(r, 404, { code: '404', error: 'not_found' });
    expect(await codeOf(fetchStatus({ target: target(), keys, requestId: 'req-12345678' }))).toBe('errBrandNotFound');
    routes['/dr/status'] = (_q, r) => json(r, 429, { code: '429', error: 'too_many_requests' });
    expect(await codeOf(fetchStatus({ target: target(), keys, requestId: 'req-12345678' }))).toBe('errBrandFailed');
  });

  it('refuses a status for another request, or a denial without a reason', async () => {
    routes['/dr/status'] = (_q, r) => json(r, 200, { ...status, request_id: 'req-other000' });
    expect(await codeOf(fetchStatus({ target: target(), keys, requestId: 'req-12345678' }))).toBe('errBrandGarbage');
    routes['/dr/status'] = (_q, r) => json(r, 200, { ...status, status: 'denied' });
    expect(await codeOf(fetchStatus({ target: target(), keys, requestId: 'req-12345678' }))).toBe('errBrandGarbage');
    routes['/dr/status'] = (_q, r) => json(r, 200, { ...status, status: 'done' });
    expect(await codeOf(fetchStatus({ target: target(), keys, requestId: 'req-12345678' }))).toBe('errBrandGarbage');
  });

  it('requires a valid response signature from a brand that publishes keys', async () => {
    const withKeys = { ...target(), brandKeys: [wireKey(brandKeys.publicKey)] };
    routes['/dr/status'] = (_q, r) => json(r, 200, status);
    expect(await codeOf(fetchStatus({ target: withKeys, keys, requestId: 'req-12345678' }))).toBe('errBrandSignature');
    // Signed, but for another request (a replayed answer): its nonce does not match.
    routes['/dr/status'] = (q, r) => {
      const body = JSON.stringify(status);
      const headers = signResponse({
        status: 200,
        origin: hostile.url,
        method: 'GET',
        target: q.url ?? '',
        requestNonce: 'x'.repeat(22),
        body,
        keys: brandKeys,
      });
      json(r, 200, body, headers);
    };
    expect(await codeOf(fetchStatus({ target: withKeys, keys, requestId: 'req-12345678' }))).toBe('errBrandSignature');
    routes['/dr/status'] = (q, r) => {
      const body = JSON.stringify(status);
      const nonce = String(q.headers['proffer-nonce']);
      const headers = signResponse({
        status: 200,
        origin: hostile.url,
        method: 'GET',
        target: q.url ?? '',
        requestNonce: nonce,
        body,
        keys: brandKeys,
      });
      json(r, 200, body, headers);
    };
    expect((await fetchStatus({ target: withKeys, keys, requestId: 'req-12345678' })).status).toBe('open');
  });

  it("will not sign for a URL on another origin than the brand's", async () => {
    const p = signedExchange({ brand: { origin: hostile.url }, keys, method: 'GET', url: `${elsewhere.url}/x` });
    expect(await codeOf(p)).toBe('errBrandInsecure');
  });

  it('picks the endpoint only for declared exercises and regimes', async () => {
    serveVrm((_q, r) =>
      json(r, 200, {
        ...VRM,
        dataRights: { endpoint: '/dr', exercises: ['deletion', 'sale:opt_out', 'access:categories'], regimes: ['ccpa', 'lgpd'] },
      }),
    );
    const brand = await discover(hostile.url);
    expect(brand.dataRights?.exercises).toEqual(['deletion', 'sale:opt-out']);
    expect(dataRightsTarget(brand, 'sale:opt-out', 'ccpa').endpoint).toBe(`${hostile.url}/dr`);
    expect(() => dataRightsTarget(brand, 'access')).toThrow(ProtocolError);
    expect(() => dataRightsTarget(brand, 'deletion', 'gdpr')).toThrow(ProtocolError);
    serveVrm((_q, r) => json(r, 200, { version: 1, name: 'Mail only', contact: { email: 'privacy@shop.example' } }));
    const mailOnly = await discover(hostile.url);
    expect(() => dataRightsTarget(mailOnly, 'deletion')).toThrow(expect.objectContaining({ code: 'errBrandNoEndpoint' }));
  });
});

describe('origins and schemas', () => {
  it('normalizes origins and keeps endpoints on them', () => {
    expect(normalizeOrigin('https://Shop.Example:443/a?b')).toBe('https://shop.example');
    expect(normalizeOrigin('http://localhost:8787/')).toBe('http://localhost:8787');
    expect(normalizeOrigin('http://[::1]:8787')).toBe('http://[::1]:8787');
    expect(resolveEndpoint('https://shop.example', '/vrm/dr/')).toBe('https://shop.example/vrm/dr');
    expect(() => resolveEndpoint('https://shop.example', '//evil.example/dr')).toThrow(ProtocolError);
    expect(() => resolveEndpoint('https://shop.example', 'https://shop.example/dr?x=1')).toThrow(ProtocolError);
  });

  it('parses the documented examples', () => {
    expect(
      VrmDocument.parse({
        version: 1,
        name: 'Northwind Outfitters',
        dataRights: {
          endpoint: 'https://shop.example/vrm/data-rights',
          exercises: ['deletion', 'access', 'sale:opt-out'],
          regimes: ['gdpr', 'ccpa'],
        },
        intents: { endpoint: '/vrm/intents' },
        acceptedTerms: ['https://customercommons.org/p2b1/'],
        keys: ['IvDPIdBwYIRQU7VQkM0yIsof7g8o4GMdFn9lJcQpcTo'],
        contact: { email: 'privacy@shop.example' },
      }).dataRights?.exercises,
    ).toEqual(['deletion', 'access', 'sale:opt-out']);
    expect(GpcDocument.safeParse({ gpc: true, lastUpdate: '2026-01-01' }).success).toBe(true);
    expect(GpcDocument.safeParse({ gpc: 'yes' }).success).toBe(false);
    expect(
      StatusDocument.safeParse({
        request_id: 'c789ff35-7644-4ceb-9981-4b35c264aac3',
        status: 'denied',
        reason: 'no_match',
        received_at: '2026-01-31T12:00:00Z',
      }).success,
    ).toBe(true);
    expect(VrmDocument.safeParse({ version: 1, name: 'x', keys: ['not-a-key'] }).success).toBe(false);
  });

  it('has an English message and a translator note for every error code', () => {
    for (const code of PROTOCOL_ERROR_CODES) {
      expect(code).toMatch(/^err[A-Z]\w+$/);
      const [message, description] = PROTOCOL_ERROR_MESSAGES[code];
      expect(message.length, code).toBeGreaterThan(10);
      expect(description.length, code).toBeGreaterThan(10);
    }
  });
});
