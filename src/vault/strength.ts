/**
 * Moved to src/shared/strength.ts (zxcvbn-ts; the UI rates with it too). This re-export only keeps
 * src/vault/vault.ts's import working until its owner points it at '../shared/strength'; then delete.
 */
export { estimateStrength, type Strength, type StrengthWarning } from '../shared/strength';
