// @vitest-environment node
// The demo site is what people try Proffer on and what the e2e tests fill: it must serve labelled
// forms under a strict CSP, load nothing from elsewhere, and stay extensible through its route table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer, sendJson } from '../../demo/server.mjs';

let demo: DemoServer;
beforeAll(async () => {
  demo = await createDemoServer({ port: 0, log: false });
});
afterAll(async () => {
  await demo.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${demo.url}${path}`, init);

/** ids of the form controls in a page (inputs, selects, textareas). */
const controlIds = (html: string) => [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);

describe('demo server', () => {
  it('listens on 127.0.0.1 on the port it was given', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the signup page with a strict CSP', async () => {
    const res = await get('/signup');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('labels every control of the signup page and leaves the consent unticked', async () => {
    const html = await (await get('/signup')).text();
    const ids = controlIds(html);
    for (const id of [
      'given-name',
      'family-name',
      'email',
      'phone',
      'street-address',
      'city',
      'state',
      'postal-code',
      'country',
      'birthday',
      'password',
      'marketing',
      'website',
      'site-search-q',
    ]) {
      expect(ids).toContain(id);
    }
    for (const id of ids) expect(html, `label for #${id}`).toContain(`<label for="${id}"`);
    expect(html).toMatch(/<input id="marketing"[^>]*type="checkbox"/);
    expect(html).not.toMatch(/<input id="marketing"[^>]*\bchecked\b/);
    expect(html).toContain('autocomplete="new-password"');
  });

  it('loads nothing from another origin', async () => {
    for (const path of ['/', '/signup', '/contact']) {
      const html = await (await get(path)).text();
      expect(html, path).not.toMatch(/\b(?:src|href|action)="(?:https?:)?\/\//);
    }
  });

  it('links the index to both forms, and serves the contact form', async () => {
    const index = await (await get('/')).text();
    expect(index).toContain('href="/signup"');
    expect(index).toContain('href="/contact"');
    const contact = await get('/contact');
    expect(contact.status).toBe(200);
    const html = await contact.text();
    for (const id of controlIds(html)) expect(html, `label for #${id}`).toContain(`<label for="${id}"`);
  });

  it('404s unknown paths, with the same security headers', async () => {
    const res = await get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('Trail not found');
    expect((await get('/../../etc/passwd')).status).toBe(404);
  });

  it('answers a known path with the wrong method with 405', async () => {
    const res = await get('/signup', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('shows back what a signup sent, escaped, with the password masked', async () => {
    const body = new URLSearchParams({
      'given-name': 'Ada',
      'family-name': '<b>Lovelace</b>',
      password: 'correct horse battery',
      marketing: '',
    });
    const html = await (await get('/signup', { method: 'POST', body })).text();
    expect(html).toContain('Welcome to the Trail Club, Ada!');
    expect(html).toContain('&#60;b&#62;Lovelace&#60;/b&#62;');
    expect(html).not.toContain('correct horse battery');
    expect(html).toContain('(21 characters)');
    expect(html).not.toContain('<code>marketing</code>'); // empty fields were not sent in substance
  });

  it('takes new routes, as the brand endpoints will be added', async () => {
    demo.routes.set('GET /.well-known/vrm.json', (_req, res) => sendJson(res, 200, { name: 'Northwind Outfitters' }));
    const res = await get('/.well-known/vrm.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ name: 'Northwind Outfitters' });
  });
});
