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

/**
 * What Proffer itself writes, and so all it accepts from a header or a backup (untrusted input: an
 * unbounded cost is a memory bomb, a tiny one a cheap offline guess). Argon2id only; m in KiB.
 * Unit tests lower the floor (VaultOptions.kdfFloor) to run at m=64; the upper bounds are fixed.
 */
export const KDF_BOUNDS = Object.freeze({ m: { min: 19 * 1024, max: 256 * 1024 }, t: { min: 1, max: 10 }, p: { min: 1, max: 4 } });

/** Structure only: the cost is bounded separately (kdfCostAllowed), so the refusal has its own error. */
const KdfParamsSchema = z
  .object({
    alg: z.literal('argon2id'),
    m: z.number().int().min(1).max(0xffffffff),
    t: z.number().int().min(1).max(0xffffffff),
    p: z.number().int().min(1).max(0xffffff),
    salt: bytes(16),
  })
  .refine((k) => k.m >= 8 * k.p, 'argon2 m >= 8p');

/**
 * Whether a stored cost is one Proffer may have written: within KDF_BOUNDS (the lower bounds of m
 * and t lowered to `floor` where that is lower). Checked before any key derivation runs.
 */
export function kdfCostAllowed(cost: KdfCost, floor: Partial<KdfCost> = {}): boolean {
  const b = KDF_BOUNDS;
  const within = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  return (
    within(cost.m, Math.min(b.m.min, floor.m ?? b.m.min), b.m.max) &&
    within(cost.t, Math.min(b.t.min, floor.t ?? b.t.min), b.t.max) &&
    within(cost.p, b.p.min, b.p.max) &&
    cost.m >= 8 * cost.p
  );
}

/** Fresh KDF parameters (new salt) for a cost, refused if above what any reader accepts. */
export function kdfParamsFor(cost: KdfCost): KdfParams {
  const parsed = KdfParamsSchema.safeParse(newKdfParams(cost));
  if (!parsed.success || !kdfCostAllowed(parsed.data, parsed.data)) throw new TypeError('KDF cost out of bounds');
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
