/**
 * The per-role table of the classifier: which control kinds can hold a role, and whether the planner
 * may put profile data into it. A `Record<Role, …>`, so a role without a row fails to compile.
 */
import type { Role, TokenRole } from '../types';
import { NEVER_ROLES, TOKEN_ROLES } from '../types';

export type Kind = 'text' | 'select' | 'textarea' | 'choice';
interface RoleInfo {
  /** May the planner put profile data into it? */
  fillable: boolean;
  /** Control kinds this role can live in ('text' covers every typed input). */
  kinds: Kind[];
}
const T: Kind[] = ['text'];
const TS: Kind[] = ['text', 'select'];
const ANY: Kind[] = ['text', 'select', 'textarea', 'choice'];
export const ROLE_INFO: Record<Role, RoleInfo> = {
  'honorific-prefix': { fillable: true, kinds: TS },
  'given-name': { fillable: true, kinds: T },
  'additional-name': { fillable: true, kinds: T },
  'family-name': { fillable: true, kinds: T },
  name: { fillable: true, kinds: T },
  nickname: { fillable: true, kinds: T },
  email: { fillable: true, kinds: T },
  tel: { fillable: true, kinds: T },
  'tel-country-code': { fillable: true, kinds: TS },
  'tel-area-code': { fillable: true, kinds: T },
  'tel-local-prefix': { fillable: true, kinds: T },
  'tel-local-suffix': { fillable: true, kinds: T },
  'tel-extension': { fillable: true, kinds: T },
  'x-fax': { fillable: true, kinds: T },
  organization: { fillable: true, kinds: T },
  'organization-title': { fillable: true, kinds: T },
  'street-address': { fillable: true, kinds: ['text', 'textarea'] },
  'address-line1': { fillable: true, kinds: ['text', 'textarea'] },
  'address-line2': { fillable: true, kinds: T },
  'x-house-number': { fillable: true, kinds: T },
  'x-po-box': { fillable: true, kinds: T },
  'address-level2': { fillable: true, kinds: TS },
  'address-level1': { fillable: true, kinds: TS },
  'postal-code': { fillable: true, kinds: T },
  country: { fillable: true, kinds: TS },
  bday: { fillable: true, kinds: T },
  'bday-day': { fillable: true, kinds: TS },
  'bday-month': { fillable: true, kinds: TS },
  'bday-year': { fillable: true, kinds: TS },
  sex: { fillable: true, kinds: ['select', 'choice'] },
  url: { fillable: true, kinds: T },
  language: { fillable: true, kinds: TS },
  // Credentials and payment data are recognised but never come from the profile.
  username: { fillable: false, kinds: T },
  'new-password': { fillable: false, kinds: T },
  'current-password': { fillable: false, kinds: T },
  'one-time-code': { fillable: false, kinds: T },
  'cc-name': { fillable: false, kinds: T },
  'cc-number': { fillable: false, kinds: T },
  'cc-exp': { fillable: false, kinds: T },
  'cc-exp-month': { fillable: false, kinds: TS },
  'cc-exp-year': { fillable: false, kinds: TS },
  'cc-csc': { fillable: false, kinds: T },
  'cc-type': { fillable: false, kinds: TS },
  // Never-fill roles: recognised so that nothing is put into them.
  search: { fillable: false, kinds: T },
  captcha: { fillable: false, kinds: T },
  honeypot: { fillable: false, kinds: ANY },
  message: { fillable: false, kinds: ['text', 'textarea'] },
  coupon: { fillable: false, kinds: T },
  consent: { fillable: false, kinds: ['choice'] },
  'other-choice': { fillable: false, kinds: ['choice', 'text'] },
};

const TOKENS = new Set<string>(TOKEN_ROLES);
/** Is this an HTML autocomplete token we fill or recognise (not a never-fill role)? */
export const isTokenName = (s: string): boolean => TOKENS.has(s);
export const isToken = (r: Role | null): r is TokenRole => r !== null && TOKENS.has(r);

/** Roles that are recognised so that nothing is put into them (the one list, from types.ts). */
export const NEVER_FILL: ReadonlySet<Role> = new Set<Role>(NEVER_ROLES);
