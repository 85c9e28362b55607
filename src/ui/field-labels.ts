/**
 * The persona editor's name for each field (an i18n key), by autocomplete token: the editor, the
 * ledger, the request form and intents all name a value the same way. No runtime imports, so the
 * popup can name fields without loading the persona schema.
 */
import type { Address, PersonaField } from '../shared/records';

export type PersonaKey = 'label' | PersonaField;
export type AddressKey = Exclude<keyof Address, 'id'>;

/** The i18n key of each persona input's label (the persona editor's, and wherever a persona field is named). */
export const PERSONA_LABEL_KEYS: Readonly<Record<PersonaKey, string>> = {
  label: 'fieldLabel',
  'honorific-prefix': 'fieldHonorificPrefix',
  'given-name': 'fieldGivenName',
  'additional-name': 'fieldAdditionalName',
  'family-name': 'fieldFamilyName',
  nickname: 'fieldNickname',
  email: 'fieldEmail',
  tel: 'fieldTel',
  organization: 'fieldOrganization',
  'organization-title': 'fieldOrganizationTitle',
  bday: 'fieldBday',
  sex: 'fieldSex',
  url: 'fieldUrl',
  language: 'fieldLanguage',
};

/** The i18n key of each address input's label. */
export const ADDRESS_LABEL_KEYS: Readonly<Record<AddressKey, string>> = {
  label: 'fieldAddressLabel',
  'street-address': 'fieldStreetAddress',
  'address-line1': 'fieldAddressLine1',
  'address-line2': 'fieldAddressLine2',
  'address-line3': 'fieldAddressLine3',
  'address-level2': 'fieldAddressLevel2',
  'address-level1': 'fieldAddressLevel1',
  'postal-code': 'fieldPostalCode',
  country: 'fieldCountry',
};

/**
 * The i18n key of the label for a value named by its autocomplete token (a persona or address
 * field, or `name`, the full name an intent can reveal), or undefined for a token the editor has no
 * field for. `label` is the persona's own name for itself, not a value: it has none here.
 */
export function tokenLabelKey(token: string): string | undefined {
  if (token === 'name') return 'fieldFullName';
  if (token === 'label') return undefined;
  if (Object.hasOwn(PERSONA_LABEL_KEYS, token)) return PERSONA_LABEL_KEYS[token as PersonaKey];
  if (Object.hasOwn(ADDRESS_LABEL_KEYS, token)) return ADDRESS_LABEL_KEYS[token as AddressKey];
  return undefined;
}
