/**
 * Pass 1 of the classifier: the page's own `autocomplete` attribute ("section-a shipping tel",
 * "email", "off"), parsed into the role it names. Junk written to defeat autofill is ignored.
 */
import { norm } from '../norm';
import type { TokenRole } from '../types';
import { isTokenName } from './roles';

export interface ParsedAutocomplete {
  /** `section-*` name, "" if none. */
  section: string;
  /** "shipping" / "billing" / "". */
  hint: string;
  /** Contact kind for tel/email tokens: "home", "work", "mobile", "fax", "pager" or "". */
  contact: string;
  /** The field name as written ("email", "country-name", "cc-given-name" ...). */
  field: string;
  /** The role it means for us, or null when the token is valid HTML but not a role we fill. */
  role: TokenRole | null;
}

/** Spec tokens and common variants that mean one of our roles. */
const AC_ALIAS: Record<string, TokenRole | null> = {
  'country-name': 'country',
  'tel-national': 'tel',
  'tel-local': 'tel',
  'cc-given-name': 'given-name',
  'cc-family-name': 'family-name',
  'cc-additional-name': 'additional-name',
  'address-line3': null,
  'address-level3': null,
  'address-level4': null,
  'honorific-suffix': null,
  photo: null,
  impp: null,
  'transaction-currency': null,
  'transaction-amount': null,
  webauthn: null,
  'cc-family': 'family-name',
  'cc-given': 'given-name',
  fax: 'x-fax',
  sex: 'sex',
  gender: 'sex',
  phone: 'tel',
  mobile: 'tel',
  zip: 'postal-code',
  zipcode: 'postal-code',
  city: 'address-level2',
  state: 'address-level1',
  firstname: 'given-name',
  'first-name': 'given-name',
  lastname: 'family-name',
  'last-name': 'family-name',
  given_name: 'given-name',
  family_name: 'family-name',
};
const CONTACT = new Set(['home', 'work', 'mobile', 'fax', 'pager']);

/**
 * Parse an `autocomplete` attribute ("section-a shipping tel", "email", "off"). Returns null for
 * "off", "on", empty and junk (pages write "nope", "false", random strings to defeat autofill).
 */
export function parseAutocomplete(attr: string): ParsedAutocomplete | null {
  const words = norm(attr).split(' ').filter(Boolean);
  if (!words.length || words.length > 5) return null;
  let section = '',
    hint = '',
    contact = '';
  let i = 0;
  if (words[i]?.startsWith('section-')) section = words[i++]!.slice(8);
  if (words[i] === 'shipping' || words[i] === 'billing') hint = words[i++]!;
  if (CONTACT.has(words[i] ?? '') && i + 1 < words.length) contact = words[i++]!;
  const field = words[i];
  if (!field || field === 'off' || field === 'on') return null;
  let role: TokenRole | null;
  if (field in AC_ALIAS) role = AC_ALIAS[field] ?? null;
  else if (isTokenName(field) && !field.startsWith('x-')) role = field as TokenRole;
  else return null;
  if (role === 'tel' && contact === 'fax') role = 'x-fax';
  return { section, hint, contact, field, role };
}
