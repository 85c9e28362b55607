/**
 * The "bare" Argon2id of the unlock benchmark: the same library call and parameters as
 * src/vault/crypto.ts deriveKek, with nothing around it. Bundled as an IIFE and evaluated (through
 * CDP, which the extension's CSP does not block) in an extension page and in the service worker.
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';

async function bareArgon2(passphrase: string, kdf: { m: number; t: number; p: number }): Promise<number> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const pass = new TextEncoder().encode(passphrase.normalize('NFC'));
  const t0 = performance.now();
  await argon2idAsync(pass, salt, { m: kdf.m, t: kdf.t, p: kdf.p, dkLen: 32 });
  return performance.now() - t0;
}

(globalThis as unknown as { __benchArgon2: typeof bareArgon2 }).__benchArgon2 = bareArgon2;
