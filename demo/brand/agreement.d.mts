// Types for demo/brand/agreement.mjs (node:crypto MyTerms records), for TypeScript tests.
import type { AgreementRecordJson } from './brand.mjs';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail?: string;
}
export function loadRoster(file?: URL | string): {
  version: string;
  agreements: { id: string; url: string; sha256: string; text: string }[];
};
export function sha256Hex(text: string): string;
export function canonicalProffer(p: unknown): string;
export function canonicalDecision(r: unknown): string;
export function profferShapeProblems(p: unknown): string[];
export function profferSignatureValid(p: unknown): boolean;
export function decide(input: {
  proffer: unknown;
  decision: 'accept' | 'counter' | 'decline';
  counter?: { id: string; url: string; sha256: string };
  siteKey: { publicKey: string; sign(message: string): string };
  nowMs?: number;
}): AgreementRecordJson;
export function verifyRecord(record: unknown, roster?: unknown): { ok: boolean; checks: VerifyCheck[] };
export function canonicalRevocation(v: unknown): string;
export function revocationShapeProblems(v: unknown): string[];
export function verifyRevocation(revocation: unknown, record: unknown): { ok: boolean; checks: VerifyCheck[] };
