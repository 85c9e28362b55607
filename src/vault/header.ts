/**
 * The vault header: everything needed to turn a passphrase (or the recovery code) into the vault
 * key, and nothing else. It is not secret (salts, KDF cost, ciphertexts), but it is validated
 * wherever it is read, because a backup file is untrusted input and the KDF cost is a memory bomb
 * if left unbounded.
 */
import { z } from 'zod';
import { type KdfCost, type KdfParams, newKdfParams } from './crypto';
import { fromB64, toB64 } from './encoding';

export const HEADER_FORMAT = 1;

/** Bytes of an exact length, or (ciphertexts) at least a Poly1305 tag long. */
const bytes = (len?: number) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array && (len === undefined ? v.length >= 16 : v.length === len), 'bytes');

const SealedSchema = z.object({ n: bytes(24), c: bytes() });

/** Bounds keep a hostile backup from asking for gigabytes: m up to 512 MiB, t up to 32, p up to 16. */
const KdfParamsSchema = z
  .object({
    alg: z.literal('argon2id'),
    m: z
      .number()
      .int()
      .min(8)
      .max(512 * 1024),
    t: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: bytes(16),
  })
  .refine((k) => k.m >= 8 * k.p, 'argon2 m >= 8p');

/** Fresh KDF parameters (new salt) for a cost, refused if outside the bounds every reader enforces. */
export function kdfParamsFor(cost: KdfCost): KdfParams {
  const parsed = KdfParamsSchema.safeParse(newKdfParams(cost));
  if (!parsed.success) throw new TypeError('KDF cost out of bounds');
  return parsed.data;
}

export const HeaderSchema = z.object({
  id: z.literal('header'),
  format: z.literal(HEADER_FORMAT),
  kdf: KdfParamsSchema,
  wrapped: z.object({
    passphrase: SealedSchema,
    recovery: z.object({ salt: bytes(16), n: bytes(24), c: bytes() }),
  }),
  keyCheck: SealedSchema,
  createdAt: z.number().int().nonnegative(),
});
export type Header = z.infer<typeof HeaderSchema>;

/** The header as it appears in a backup file: the same fields, bytes as base64. */
export interface HeaderJson {
  format: number;
  kdf: { alg: string; m: number; t: number; p: number; salt: string };
  wrapped: { passphrase: { n: string; c: string }; recovery: { salt: string; n: string; c: string } };
  keyCheck: { n: string; c: string };
  createdAt: number;
}

const b64 = z.string().max(1024);
export const HeaderJsonSchema = z.object({
  format: z.number(),
  kdf: z.object({ alg: z.string(), m: z.number(), t: z.number(), p: z.number(), salt: b64 }),
  wrapped: z.object({
    passphrase: z.object({ n: b64, c: b64 }),
    recovery: z.object({ salt: b64, n: b64, c: b64 }),
  }),
  keyCheck: z.object({ n: b64, c: b64 }),
  createdAt: z.number(),
});

export function headerToJson(h: Header): HeaderJson {
  const s = (x: { n: Uint8Array; c: Uint8Array }) => ({ n: toB64(x.n), c: toB64(x.c) });
  return {
    format: h.format,
    kdf: { alg: h.kdf.alg, m: h.kdf.m, t: h.kdf.t, p: h.kdf.p, salt: toB64(h.kdf.salt) },
    wrapped: { passphrase: s(h.wrapped.passphrase), recovery: { salt: toB64(h.wrapped.recovery.salt), ...s(h.wrapped.recovery) } },
    keyCheck: s(h.keyCheck),
    createdAt: h.createdAt,
  };
}

/** Back to bytes, then through HeaderSchema; returns null if anything is off (the caller names the error). */
export function headerFromJson(j: HeaderJson): Header | null {
  try {
    const s = (x: { n: string; c: string }) => ({ n: fromB64(x.n), c: fromB64(x.c) });
    const parsed = HeaderSchema.safeParse({
      id: 'header',
      format: j.format,
      kdf: { ...j.kdf, salt: fromB64(j.kdf.salt) },
      wrapped: { passphrase: s(j.wrapped.passphrase), recovery: { salt: fromB64(j.wrapped.recovery.salt), ...s(j.wrapped.recovery) } },
      keyCheck: s(j.keyCheck),
      createdAt: j.createdAt,
    });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
