// Types for demo/brand/verify.mjs.
import type { IncomingHttpHeaders } from 'node:http';

export const REQUEST_SIGNATURE_VERSION: string;
export const RESPONSE_SIGNATURE_VERSION: string;
export const MAX_SKEW_SECONDS: number;
export function bodySha256(body?: string | Uint8Array): string;
export function canonicalRequest(r: {
  method: string;
  origin: string;
  target: string;
  timestamp: number;
  nonce: string;
  bodyHash: string;
}): string;
export function canonicalResponse(r: {
  status: number;
  origin: string;
  method: string;
  target: string;
  requestNonce: string;
  timestamp: number;
  bodyHash: string;
}): string;
export type VerifyResult = { ok: true; key: string; nonce: string; timestamp: number } | { ok: false; error: string };
export function verifyRequest(input: {
  method: string;
  origin: string;
  target: string;
  headers: IncomingHttpHeaders | Record<string, string>;
  body?: string | Uint8Array;
  nowMs?: number;
  nonces?: NonceStore;
}): VerifyResult;
export class NonceStore {
  constructor(file?: string, nowMs?: number);
  checkAndRemember(key: string, nonce: string, timestamp: number, nowSeconds: number): boolean;
}
export interface BrandKey {
  publicKey: string;
  sign(message: string): string;
}
export function loadBrandKey(file?: string): BrandKey;
export function signResponse(input: {
  brandKey: BrandKey;
  status: number;
  origin: string;
  method: string;
  target: string;
  requestNonce: string;
  body: string | Uint8Array;
  nowMs?: number;
}): Record<string, string>;
export const KEY_ROTATION_VERSION: string;
export interface KeyRotationStatement {
  previous: string;
  timestamp: number;
  signature: string;
}
export function canonicalKeyRotation(r: { origin: string; timestamp: number; previous: string; keys: readonly string[] }): string;
export function signKeyRotation(input: {
  previous: BrandKey;
  origin: string;
  keys: readonly string[];
  timestamp: number;
}): KeyRotationStatement;
export function verifyKeyRotation(input: { origin: string; keys: readonly string[]; statement: KeyRotationStatement | undefined }): boolean;
