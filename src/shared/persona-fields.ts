/**
 * The persona's own fields, and which of them an intent may reveal. No zod here: the popup imports
 * the reveal list (IntentQuick, through options/intents-view.ts) and stays small.
 */
/** The persona's own fields, named by their HTML autocomplete token. */
export const PERSONA_TEXT_FIELDS = [
  'honorific-prefix',
  'given-name',
  'additional-name',
  'family-name',
  'nickname',
  'email',
  'tel',
  'organization',
  'organization-title',
  'bday',
  'sex',
  'url',
  'language',
] as const;
export type PersonaField = (typeof PERSONA_TEXT_FIELDS)[number];

/** Persona fields an intent never reveals to brands. */
const NOT_REVEALED: ReadonlySet<PersonaField> = new Set(['honorific-prefix', 'additional-name', 'bday', 'sex', 'url'] as const);
/** Address fields (of the first address) an intent may reveal: where, not the street (records.ts checks they are address fields). */
export const REVEALED_ADDRESS = ['address-level2', 'postal-code', 'country'] as const;

/** What an intent may reveal, in the order the intent form offers it (options/intents-view.ts labels it). */
export const INTENT_REVEAL_FIELDS: readonly (PersonaField | (typeof REVEALED_ADDRESS)[number])[] = [
  ...PERSONA_TEXT_FIELDS.filter((f) => !NOT_REVEALED.has(f)),
  ...REVEALED_ADDRESS,
];
