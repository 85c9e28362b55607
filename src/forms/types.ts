/**
 * Plain data passed between the form stages (collect -> classify -> plan -> fill).
 * Everything here is structured-cloneable: no DOM nodes, so facts can cross message boundaries and
 * the classifier can be tested in Node.
 */

/** The facts collect gathers: one zod/mini schema in src/shared is their source (type-only here: no zod in the content script). */
export type { FieldFacts, FormFacts, FrameInfo, OptionFacts, VisibilityFacts } from '../shared/field-facts';

/**
 * Field roles: every HTML autocomplete token the extension understands, the corpus' x- tokens, and
 * the roles that must never be filled. Each role has one rule in `classify.ts` (a `Record<Role, ...>`),
 * so adding a role without a rule fails to compile.
 */
export const TOKEN_ROLES = [
  'honorific-prefix',
  'given-name',
  'additional-name',
  'family-name',
  'name',
  'nickname',
  'email',
  'tel',
  'tel-country-code',
  'tel-area-code',
  'tel-local-prefix',
  'tel-local-suffix',
  'tel-extension',
  'x-fax',
  'organization',
  'organization-title',
  'street-address',
  'address-line1',
  'address-line2',
  'x-house-number',
  'x-po-box',
  'address-level2',
  'address-level1',
  'postal-code',
  'country',
  'bday',
  'bday-day',
  'bday-month',
  'bday-year',
  'sex',
  'url',
  'language',
  'username',
  'new-password',
  'current-password',
  'one-time-code',
  'cc-name',
  'cc-number',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
  'cc-csc',
  'cc-type',
] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Roles that are recognised so that they are never filled; their token is UNKNOWN. */
export const NEVER_ROLES = ['search', 'captcha', 'honeypot', 'message', 'coupon', 'consent', 'other-choice'] as const;
export type NeverRole = (typeof NEVER_ROLES)[number];

export type Role = TokenRole | NeverRole;
export type Token = TokenRole | 'UNKNOWN';

export interface Classification {
  /** The autocomplete token, or UNKNOWN. */
  token: Token;
  /** The role that won (a never-fill role when token is UNKNOWN, or null when nothing matched). */
  role: Role | null;
  /** May the planner put profile data into it? false for UNKNOWN, passwords, usernames, cards, OTP. */
  fillable: boolean;
  /** Winning score (higher is more certain); 0 when nothing matched. */
  score: number;
  /** Which evidence decided: "autocomplete", "label", "name", "placeholder", "nearby", "type", "options", "context". */
  source: string;
  /** What the field's form is for (classify/purpose.ts): the same for every field of one form (always set by classifyFields). */
  purpose?: 'signup' | 'login' | 'newsletter' | 'contact' | 'checkout' | 'reset' | 'search' | 'other';
}
