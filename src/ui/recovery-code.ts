/**
 * Recovery codes are compared the way a person types them back, by the same rules the vault reads
 * them with (src/vault/crypto.ts parseRecoveryCode, Crockford base32): any case, spaces, dashes and
 * underscores ignored, O read as 0, I and L as 1.
 */
export function normalizeRecoveryCode(s: string): string {
  return s
    .toUpperCase()
    .replace(/[\s\-_\u2010-\u2015]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function sameRecoveryCode(typed: string, shown: string): boolean {
  const a = normalizeRecoveryCode(typed);
  return a.length > 0 && a === normalizeRecoveryCode(shown);
}
