/**
 * Why a new passphrase cannot be used yet, as an i18n key, or null when it can. The background
 * checks strength again (errWeakPassphrase); this is so the person knows before submitting.
 */
export interface StrengthLike {
  ok: boolean;
}

export function newPassphraseProblem(passphrase: string, confirm: string, strength: StrengthLike | null): string | null {
  if (passphrase.length === 0) return 'passProblemEmpty';
  if (!strength?.ok) return 'passProblemWeak';
  if (confirm.length === 0) return 'passProblemConfirm';
  if (confirm !== passphrase) return 'passProblemMismatch';
  return null;
}
