// Request and response signatures: round trips, every tampering the canonical string must catch,
// stale and replayed requests, and a cross-check against the reference brand's node:crypto copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as brandSide from '../../demo/brand/verify.mjs';
import {
  bodySha256,
  canonicalRequest,
  canonicalResponse,
  fromB64url,
  generateBrandKeys,
  HEADERS,
  MAX_SKEW_SECONDS,
  NonceCache,
  signRequest,
  signResponse,
  toB64url,
  verifyRequest,
  verifyResponse,
  wireKey,
} from '../../src/protocol/sign';

const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const URL_ = 'https://shop.example/vrm/data-rights/exercise';
const BODY = JSON.stringify({ exercise: 'deletion', regime: 'gdpr', identity: { email: 'ada@example.org' } });

function signed(keys = generateBrandKeys(), over: Partial<Parameters<typeof signRequest>[0]> = {}) {
  const headers = signRequest({ method: 'POST', url: URL_, body: BODY, keys, now: NOW, ...over });
  return { keys, headers };
}

const check = (headers: Record<string, string>, over: Partial<Parameters<typeof verifyRequest>[0]> = {}) =>
  verifyRequest({
    method: 'POST',
    origin: 'https://shop.example',
    target: '/vrm/data-rights/exercise',
    headers,
    body: BODY,
    now: NOW,
    ...over,
  });

describe('base64url', () => {
  it('round-trips every length and matches Node', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
      const s = toB64url(bytes);
      expect(s).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromB64url(s)).toEqual(bytes);
    }
  });

  it('refuses padding, foreign characters, impossible lengths and stray trailing bits', () => {
    for (const bad of ['AA==', 'A+B/', 'A', 'AB!C', 'AB', 'AAB']) expect(() => fromB64url(bad), bad).toThrow(TypeError);
    expect(fromB64url('AA')).toEqual(new Uint8Array([0]));
  });
});

describe('keys', () => {
  it('makes distinct pairwise keys in the vault record form (hex), 43-character wire form', () => {
    const a = generateBrandKeys();
    const b = generateBrandKeys();
    expect(a.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(bytesToHex(ed25519.getPublicKey(hexToBytes(a.secretKey)))).toBe(a.publicKey);
    expect(wireKey(a.publicKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signs the RFC 8032 test vector 1 exactly (our encodings around noble are right)', () => {
    const secretKey = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    const publicKey = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
    expect(bytesToHex(ed25519.getPublicKey(hexToBytes(secretKey)))).toBe(publicKey);
    expect(bytesToHex(ed25519.sign(new Uint8Array(0), hexToBytes(secretKey)))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });
});

describe('request signatures', () => {
  it('writes the documented canonical string', () => {
    expect(
      canonicalRequest({
        method: 'post',
        origin: 'HTTPS://Shop.Example',
        target: '/a?b=c',
        timestamp: 1769860800,
        nonce: 'n'.repeat(22),
        bodyHash: bodySha256(''),
      }),
    ).toBe(
      [
        'proffer-sig-v1',
        'POST',
        'https://shop.example',
        '/a?b=c',
        '1769860800',
        'n'.repeat(22),
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('round-trips, and names the key that signed', () => {
    const { keys, headers } = signed();
    expect(Object.keys(headers).sort()).toEqual([HEADERS.key, HEADERS.nonce, HEADERS.signature, HEADERS.timestamp].sort());
    expect(headers[HEADERS.timestamp]).toBe(String(NOW / 1000));
    const r = check(headers);
    expect(r).toMatchObject({ ok: true, key: wireKey(keys.publicKey) });
  });

  it('takes headers in any case, and as a Headers object', () => {
    const { headers } = signed();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(check(lower).ok).toBe(true);
    expect(check(new Headers(headers) as never).ok).toBe(true);
  });

  it('fails on any change to the body, path, query, method, origin, timestamp or nonce', () => {
    const { headers } = signed();
    expect(check(headers, { body: BODY.replace('ada', 'eve') })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check(headers, { body: undefined })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check(headers, { target: '/vrm/data-rights/revoke' })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check(headers, { target: '/vrm/data-rights/exercise?x=1' })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check(headers, { method: 'PUT' })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check(headers, { origin: 'https://other.example' })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check({ ...headers, [HEADERS.timestamp]: String(NOW / 1000 + 1) })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check({ ...headers, [HEADERS.nonce]: 'B'.repeat(22) })).toEqual({ ok: false, error: 'signature_invalid' });
  });

  it("fails when the key is swapped for another (the signature is not that key's)", () => {
    const { headers } = signed();
    const other = generateBrandKeys();
    expect(check({ ...headers, [HEADERS.key]: wireKey(other.publicKey) })).toEqual({ ok: false, error: 'signature_invalid' });
  });

  it('fails when the signature is flipped by one bit, or is not a point', () => {
    const { headers } = signed();
    const sig = fromB64url(headers[HEADERS.signature]);
    sig[10] = sig[10]! ^ 1;
    expect(check({ ...headers, [HEADERS.signature]: toB64url(sig) })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(check({ ...headers, [HEADERS.key]: `${toB64url(new Uint8Array(32).fill(255)).slice(0, 42)}A` })).toEqual({
      ok: false,
      error: 'signature_invalid',
    });
  });

  it('refuses missing and malformed headers before looking at the signature', () => {
    const { headers } = signed();
    for (const name of Object.values(HEADERS)) {
      const { [name]: _gone, ...rest } = headers;
      expect(check(rest), name).toEqual({ ok: false, error: 'signature_missing' });
    }
    expect(check({ ...headers, [HEADERS.key]: 'short' })).toEqual({ ok: false, error: 'signature_malformed' });
    expect(check({ ...headers, [HEADERS.timestamp]: '1.5e9' })).toEqual({ ok: false, error: 'signature_malformed' });
    expect(check({ ...headers, [HEADERS.nonce]: 'tiny' })).toEqual({ ok: false, error: 'signature_malformed' });
    expect(check({ ...headers, [HEADERS.signature]: `${headers[HEADERS.signature]}==` })).toEqual({
      ok: false,
      error: 'signature_malformed',
    });
  });

  it("refuses requests more than five minutes from the verifier's clock, either way", () => {
    const { headers } = signed();
    expect(check(headers, { now: NOW + MAX_SKEW_SECONDS * 1000 }).ok).toBe(true);
    expect(check(headers, { now: NOW - MAX_SKEW_SECONDS * 1000 }).ok).toBe(true);
    expect(check(headers, { now: NOW + (MAX_SKEW_SECONDS + 1) * 1000 })).toEqual({ ok: false, error: 'timestamp_stale' });
    expect(check(headers, { now: NOW - (MAX_SKEW_SECONDS + 1) * 1000 })).toEqual({ ok: false, error: 'timestamp_stale' });
  });

  it('refuses a replayed nonce, but not the same nonce from another key', () => {
    const nonces = new NonceCache();
    const nonce = 'Q'.repeat(22);
    const { headers } = signed(undefined, { nonce });
    expect(check(headers, { nonces }).ok).toBe(true);
    expect(check(headers, { nonces })).toEqual({ ok: false, error: 'nonce_replayed' });
    expect(check(signed(undefined, { nonce }).headers, { nonces }).ok).toBe(true);
  });

  it('does not let bad signatures fill the nonce store', () => {
    const nonces = new NonceCache();
    const { headers } = signed();
    expect(check(headers, { nonces, body: 'x' }).ok).toBe(false);
    expect(check(headers, { nonces }).ok).toBe(true);
  });

  it('signs the path and query exactly as they go on the wire', () => {
    const keys = generateBrandKeys();
    const headers = signRequest({ method: 'GET', url: 'https://shop.example/vrm/status?request_id=a%20b', keys, now: NOW });
    expect(
      verifyRequest({ method: 'GET', origin: 'https://shop.example', target: '/vrm/status?request_id=a%20b', headers, now: NOW }).ok,
    ).toBe(true);
  });
});

describe('the reference brand verifies what the extension signs (two implementations)', () => {
  it('builds the same canonical strings', () => {
    const r = {
      method: 'post',
      origin: 'https://Shop.example',
      target: '/x?y=z',
      timestamp: 1769860800,
      nonce: 'abcdefghijklmnopqrstuv',
      bodyHash: bodySha256(BODY),
    };
    expect(brandSide.canonicalRequest(r)).toBe(canonicalRequest(r));
    expect(brandSide.bodySha256(BODY)).toBe(bodySha256(BODY));
    expect(brandSide.bodySha256(Buffer.from(BODY))).toBe(bodySha256(new TextEncoder().encode(BODY)));
    const s = {
      status: 200,
      origin: 'https://shop.example',
      method: 'GET',
      target: '/s',
      requestNonce: 'abcdefghijklmnopqrstuv',
      timestamp: 1,
      bodyHash: bodySha256('{}'),
    };
    expect(brandSide.canonicalResponse(s)).toBe(canonicalResponse(s));
  });

  it('accepts a noble signature with node:crypto, and refuses it tampered', () => {
    const { keys, headers } = signed();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const base = { method: 'POST', origin: 'https://shop.example', target: '/vrm/data-rights/exercise', headers: lower, nowMs: NOW };
    expect(brandSide.verifyRequest({ ...base, body: Buffer.from(BODY) })).toMatchObject({ ok: true, key: wireKey(keys.publicKey) });
    expect(brandSide.verifyRequest({ ...base, body: Buffer.from(`${BODY} `) })).toEqual({ ok: false, error: 'signature_invalid' });
    expect(brandSide.verifyRequest({ ...base, body: Buffer.from(BODY), nowMs: NOW + 301_000 })).toEqual({
      ok: false,
      error: 'timestamp_stale',
    });
    const nonces = new brandSide.NonceStore();
    expect(brandSide.verifyRequest({ ...base, body: BODY, nonces }).ok).toBe(true);
    expect(brandSide.verifyRequest({ ...base, body: BODY, nonces })).toEqual({ ok: false, error: 'nonce_replayed' });
  });

  it('checks a node:crypto response signature with noble, bound to the request nonce', () => {
    const brandKey = brandSide.loadBrandKey();
    const body = JSON.stringify({ request_id: 'abcdefgh', status: 'open' });
    const common = {
      status: 200,
      origin: 'https://shop.example',
      method: 'POST',
      target: '/vrm/data-rights/exercise',
      requestNonce: 'abcdefghijklmnopqrstuv',
    };
    const headers = brandSide.signResponse({ brandKey, ...common, body, nowMs: NOW });
    expect(verifyResponse({ ...common, headers, body, brandKeys: [brandKey.publicKey] })).toBe(true);
    expect(verifyResponse({ ...common, headers, body: body.replace('open', 'fulfilled'), brandKeys: [brandKey.publicKey] })).toBe(false);
    expect(verifyResponse({ ...common, requestNonce: 'zbcdefghijklmnopqrstuv', headers, body, brandKeys: [brandKey.publicKey] })).toBe(
      false,
    );
    expect(verifyResponse({ ...common, status: 201, headers, body, brandKeys: [brandKey.publicKey] })).toBe(false);
    expect(verifyResponse({ ...common, headers, body, brandKeys: [] })).toBe(false);
    expect(verifyResponse({ ...common, headers: {}, body, brandKeys: [brandKey.publicKey] })).toBe(false);
  });

  it('checks a noble response signature with the same rules', () => {
    const keys = generateBrandKeys();
    const body = '{}';
    const common = {
      status: 200,
      origin: 'https://shop.example',
      method: 'GET',
      target: '/s?request_id=x',
      requestNonce: 'abcdefghijklmnopqrstuv',
    };
    const headers = signResponse({ ...common, body, keys, now: NOW });
    expect(verifyResponse({ ...common, headers, body, brandKeys: [wireKey(keys.publicKey)] })).toBe(true);
  });
});

describe('the test vector in docs/protocol.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/protocol.md'), 'utf8');
  const keys = {
    secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  };
  const body = '{"exercise":"deletion","regime":"gdpr","identity":{"email":"ada@example.org"},"agent_request_id":"7mUIbS0d4rY2f1c9xQe0Aw"}';
  const url = 'https://shop.example/vrm/data-rights/exercise';
  const headers = signRequest({ method: 'POST', url, body, keys, now: 1769860800_000, nonce: 'Gq1tNr9vXW3bq0yLhP4s0A' });

  it('is what sign.ts produces, and what the document prints', () => {
    const canonical = canonicalRequest({
      method: 'POST',
      origin: 'https://shop.example',
      target: '/vrm/data-rights/exercise',
      timestamp: 1769860800,
      nonce: 'Gq1tNr9vXW3bq0yLhP4s0A',
      bodyHash: bodySha256(body),
    });
    expect(doc).toContain(`\`\`\`\n${canonical}\n\`\`\``);
    expect(doc).toContain(body);
    for (const [name, value] of Object.entries(headers)) expect(doc).toContain(`${name}: ${value}`);
  });

  it('verifies on both sides', () => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const input = { method: 'POST', origin: 'https://shop.example', target: '/vrm/data-rights/exercise', body };
    expect(verifyRequest({ ...input, headers, now: 1769860800_000 }).ok).toBe(true);
    expect(brandSide.verifyRequest({ ...input, headers: lower, nowMs: 1769860800_000 }).ok).toBe(true);
  });
});
