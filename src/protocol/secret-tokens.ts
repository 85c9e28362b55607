/**
 * Autocomplete tokens that name a secret or payment data: never sent to a brand as an identifier,
 * whatever the person picks. No imports, so the popup can use it without the protocol's schemas.
 */
const NEVER = /^(?:cc-|password$|new-password$|current-password$|one-time-code$|webauthn$|transaction-)/;

/** True for autocomplete tokens that name a secret or payment data, never used as an identifier. */
export const isSecretToken = (token: string): boolean => NEVER.test(token);
