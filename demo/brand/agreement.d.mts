// Types for demo/brand/agreement.mjs (the node:crypto check of MyTerms records), for TypeScript tests.

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
export function verifyRecord(record: unknown, roster?: unknown): { ok: boolean; checks: VerifyCheck[] };
export function verifyRevocation(revocation: unknown, record: unknown): { ok: boolean; checks: VerifyCheck[] };
