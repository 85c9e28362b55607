/**
 * The vault's crypto module: published known-answer vectors for every primitive it relies on,
 * cross-checks against Node's own implementations, then our constructions (seal/open with AAD,
 * key wrapping, recovery codes, subkeys, blind index) including tamper cases.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { argon2id } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  DEFAULT_KDF,
  deriveKek,
  deriveSubkeys,
  keyAad,
  makeKeyCheck,
  newKdfParams,
  newRecoveryCode,
  newVaultKey,
  open,
  parseRecoveryCode,
  recordAad,
  recoveryKek,
  seal,
  unwrapKey,
  verifyKeyCheck,
  wrapKey,
} from '../../src/vault/crypto';
import { fromB64, toB64, toHex, utf8 } from '../../src/vault/encoding';
import { VaultError } from '../../src/vault/errors';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );
const fill = (len: number, byte: number) => new Uint8Array(len).fill(byte);

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError);
    expect((e as VaultError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('known-answer vectors', () => {
  it('Argon2id: RFC 9106 section 5.3 (with secret and associated data)', () => {
    const tag = argon2id(fill(32, 1), fill(16, 2), { m: 32, t: 3, p: 4, dkLen: 32, key: fill(8, 3), personalization: fill(12, 4) });
    expect(toHex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  it('Argon2id: phc-winner-argon2 reference test.c, plain password and salt (the path deriveKek takes)', async () => {
    // hashtest(0x13, t=2, m=2^16, p=1, "password", "somesalt") for Argon2id.
    const kek = await deriveKek('password', { alg: 'argon2id', m: 65536, t: 2, p: 1, salt: utf8('somesalt') });
    expect(toHex(kek)).toBe('09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7');
  });

  it('XChaCha20-Poly1305: draft-irtf-cfrg-xchacha-03 A.3.1', () => {
    const plaintext = utf8(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hex('404142434445464748494a4b4c4d4e4f5051525354555657');
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const expected =
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
      '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
      'c0875924c1c7987947deafd8780acf49';
    expect(toHex(xchacha20poly1305(key, nonce, aad).encrypt(plaintext))).toBe(expected);
    // and our open() reads it
    expect(open(key, { n: nonce, c: hex(expected) }, aad)).toEqual(plaintext);
  });

  it('HMAC-SHA256: RFC 4231 test cases 1 and 2', () => {
    expect(toHex(hmac(sha256, fill(20, 0x0b), utf8('Hi There')))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(toHex(hmac(sha256, utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('HKDF-SHA256: RFC 5869 test case 1', () => {
    const okm = hkdf(sha256, fill(22, 0x0b), hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42);
    expect(toHex(okm)).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });

  it('HMAC and HKDF agree with Node on random inputs', () => {
    for (let i = 0; i < 20; i++) {
      const key = newVaultKey();
      const msg = newVaultKey().subarray(0, i);
      expect(toHex(hmac(sha256, key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
      const salt = newVaultKey().subarray(0, 16);
      const info = utf8(`info ${i}`);
      expect(toHex(hkdf(sha256, key, salt, info, 32))).toBe(Buffer.from(hkdfSync('sha256', key, salt, info, 32)).toString('hex'));
    }
  });
});

describe('KDF', () => {
  it('defaults are at least OWASP Argon2id: 19 MiB, t=2, p=1, 16-byte random salt', () => {
    expect(DEFAULT_KDF.m).toBeGreaterThanOrEqual(19 * 1024);
    expect(DEFAULT_KDF.t).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_KDF.p).toBe(1);
    const a = newKdfParams();
    const b = newKdfParams();
    expect(a.salt.length).toBe(16);
    expect(toHex(a.salt)).not.toBe(toHex(b.salt));
  });

  it('same passphrase + params -> same key; NFC and NFD spellings agree; salt matters', async () => {
    const params = newKdfParams({ m: 64, t: 1 });
    const nfc = await deriveKek('Zoë über café', params);
    const nfd = await deriveKek('Zoë über café'.normalize('NFD'), params);
    expect(toHex(nfd)).toBe(toHex(nfc));
    expect(toHex(await deriveKek('Zoë über café', newKdfParams({ m: 64, t: 1 })))).not.toBe(toHex(nfc));
    expect(toHex(await deriveKek('Zoe uber cafe', params))).not.toBe(toHex(nfc));
  });
});

describe('seal / open', () => {
  const key = newVaultKey();
  const aad = recordAad('personas', 'id-a', 1);

  it('round trips, with a fresh nonce every time', () => {
    const a = seal(key, utf8('hello'), aad);
    const b = seal(key, utf8('hello'), aad);
    expect(a.n.length).toBe(24);
    expect(toHex(a.n)).not.toBe(toHex(b.n));
    expect(toHex(a.c)).not.toBe(toHex(b.c));
    expect(new TextDecoder().decode(open(key, a, aad))).toBe('hello');
  });

  it('never repeats a nonce, across refills of the nonce pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(toHex(seal(key, utf8('x'), aad).n));
    expect(seen.size).toBe(5000);
  });

  it('rejects a flipped bit anywhere in nonce, ciphertext or tag', () => {
    const s = seal(key, utf8('some record'), aad);
    for (let i = 0; i < s.c.length; i++) {
      const c = s.c.slice();
      c[i]! ^= 0x01;
      expectCode(() => open(key, { n: s.n, c }, aad), 'errRecordCorrupt');
    }
    const n = s.n.slice();
    n[0]! ^= 0x80;
    expectCode(() => open(key, { n, c: s.c }, aad), 'errRecordCorrupt');
    expectCode(() => open(key, { n: s.n, c: s.c.subarray(0, s.c.length - 1) }, aad), 'errRecordCorrupt');
  });

  it('associated data binds table, id and schema version', () => {
    const s = seal(key, utf8('x'), aad);
    expectCode(() => open(key, s, recordAad('personas', 'id-b', 1)), 'errRecordCorrupt');
    expectCode(() => open(key, s, recordAad('terms', 'id-a', 1)), 'errRecordCorrupt');
    expectCode(() => open(key, s, recordAad('personas', 'id-a', 2)), 'errRecordCorrupt');
    expect(toHex(recordAad('personas', 'id-a', 1))).toBe(toHex(utf8('proffer/v1|personas|id-a|1')));
  });

  it('a wrong key fails with the code the caller names', () => {
    const s = seal(key, utf8('x'), aad);
    expectCode(() => open(newVaultKey(), s, aad, 'errWrongPassphrase'), 'errWrongPassphrase');
  });
});

describe('key wrapping and subkeys', () => {
  it('wraps the vault key under a KEK; wrong KEK or swapped purpose fails', () => {
    const vaultKey = newVaultKey();
    const kek = newVaultKey();
    const wrapped = wrapKey(kek, vaultKey, 'passphrase');
    expect(unwrapKey(kek, wrapped, 'passphrase', 'errWrongPassphrase')).toEqual(vaultKey);
    expectCode(() => unwrapKey(newVaultKey(), wrapped, 'passphrase', 'errWrongPassphrase'), 'errWrongPassphrase');
    expectCode(() => unwrapKey(kek, wrapped, 'recovery', 'errWrongRecoveryCode'), 'errWrongRecoveryCode');
  });

  it('derives three distinct subkeys, none equal to the vault key, deterministically', () => {
    const vaultKey = newVaultKey();
    const a = deriveSubkeys(vaultKey);
    const b = deriveSubkeys(vaultKey);
    expect(a).toEqual(b);
    const all = [vaultKey, a.record, a.blind, a.mac].map(toHex);
    expect(new Set(all).size).toBe(4);
  });

  it('key check opens only with the right vault key', () => {
    const sub = deriveSubkeys(newVaultKey());
    const check = makeKeyCheck(sub);
    verifyKeyCheck(sub, check, 'errSessionKey');
    expectCode(() => verifyKeyCheck(deriveSubkeys(newVaultKey()), check, 'errSessionKey'), 'errSessionKey');
    // the check is not a record: the same bytes under a record AAD do not open
    expectCode(() => open(sub.record, check, recordAad('key', 'check', 1)), 'errRecordCorrupt');
    expect(toHex(keyAad('check'))).toBe(toHex(utf8('proffer/v1-key|check')));
  });
});

describe('recovery codes', () => {
  it('are 160 random bits as 8 groups of 4 Crockford base32 characters', () => {
    const { code, bytes } = newRecoveryCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(bytes.length).toBe(20);
    expect(parseRecoveryCode(code)).toEqual(bytes);
    expect(newRecoveryCode().code).not.toBe(code);
  });

  it('parse tolerates case, spaces, dashes, and O/0, I/1, L/1 confusion', () => {
    for (let i = 0; i < 50; i++) {
      const { code, bytes } = newRecoveryCode();
      const typed = ` ${code
        .toLowerCase()
        .replace(/-/g, ' ')
        .replace(/0/g, 'o')
        .replace(/1/g, i % 2 ? 'I' : 'l')} `;
      expect(parseRecoveryCode(typed)).toEqual(bytes);
      expect(parseRecoveryCode(code.replace(/-/g, ''))).toEqual(bytes);
    }
  });

  it('rejects wrong lengths and characters outside the alphabet', () => {
    const { code } = newRecoveryCode();
    expectCode(() => parseRecoveryCode(code.slice(0, -1)), 'errWrongRecoveryCode');
    expectCode(() => parseRecoveryCode(`${code}A`), 'errWrongRecoveryCode');
    expectCode(() => parseRecoveryCode(`U${code.slice(1)}`), 'errWrongRecoveryCode');
    expectCode(() => parseRecoveryCode(''), 'errWrongRecoveryCode');
  });

  it('recovery KEK depends on code and salt', () => {
    const { bytes } = newRecoveryCode();
    const salt = newVaultKey().subarray(0, 16);
    expect(recoveryKek(bytes, salt)).toEqual(recoveryKek(bytes, salt));
    expect(toHex(recoveryKek(bytes, newVaultKey().subarray(0, 16)))).not.toBe(toHex(recoveryKek(bytes, salt)));
    expect(toHex(recoveryKek(newRecoveryCode().bytes, salt))).not.toBe(toHex(recoveryKek(bytes, salt)));
  });
});

describe('blind index', () => {
  const key = deriveSubkeys(newVaultKey()).blind;

  it('is 32 hex chars of HMAC-SHA256 over the normalized site', () => {
    const bi = blindIndex(key, 'https://shop.example');
    expect(bi).toMatch(/^[0-9a-f]{32}$/);
    expect(bi).toBe(toHex(hmac(sha256, key, utf8('https://shop.example'))).slice(0, 32));
  });

  it('equal sites match however they are written; other sites and other keys do not', () => {
    const bi = blindIndex(key, 'https://shop.example');
    for (const same of ['https://SHOP.example/', 'https://shop.example:443/cart?x=1', ' https://shop.example '])
      expect(blindIndex(key, same)).toBe(bi);
    for (const other of ['http://shop.example', 'https://shop.example:8443', 'https://www.shop.example'])
      expect(blindIndex(key, other)).not.toBe(bi);
    expect(blindIndex(deriveSubkeys(newVaultKey()).blind, 'https://shop.example')).not.toBe(bi);
    expect(blindIndex(key, 'Shop.Example')).toBe(blindIndex(key, 'shop.example'));
  });
});

describe('encoding', () => {
  it('base64 round trips and refuses non-canonical input', () => {
    for (const len of [0, 1, 2, 3, 4, 31, 32, 33, 70000]) {
      const b = new Uint8Array(len).map((_, i) => (i * 7) & 0xff);
      expect(fromB64(toB64(b))).toEqual(b);
      expect(toB64(b)).toBe(Buffer.from(b).toString('base64'));
    }
    expect(() => fromB64('abc')).toThrow();
    expect(() => fromB64('ab$=')).toThrow();
    expect(() => fromB64('YQ==\n')).toThrow();
  });
});
