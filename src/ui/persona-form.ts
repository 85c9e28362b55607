/**
 * The persona editor's data, kept apart from its components so it can be tested without a DOM.
 * A draft holds every input as a string; `buildPersona` turns it into a Persona candidate where an
 * empty input means "absent" (the key is omitted, never ""), then `PersonaSchema` validates it and
 * each issue is mapped back to the input it belongs to.
 */
import { PERSONA_TEXT_FIELDS, type Persona, PersonaSchema } from '../shared/records';

import type { AddressKey, PersonaKey } from './field-labels';

export { ADDRESS_LABEL_KEYS, type AddressKey, PERSONA_LABEL_KEYS, type PersonaKey, tokenLabelKey } from './field-labels';

const PERSONA_KEYS: readonly PersonaKey[] = ['label', ...PERSONA_TEXT_FIELDS];
const ADDRESS_KEYS: readonly AddressKey[] = [
  'label',
  'street-address',
  'address-line1',
  'address-line2',
  'address-line3',
  'address-level2',
  'address-level1',
  'postal-code',
  'country',
];

export interface AddressDraft {
  id: string;
  values: Record<AddressKey, string>;
}

export interface PersonaDraft {
  id: string;
  createdAt: number;
  values: Record<PersonaKey, string>;
  addresses: AddressDraft[];
}

/** Where an error belongs: `label`, `email`, `addresses.0.postal-code`, or `form` for anything else. */
export type ErrorKey = string;
export type FieldErrors = Record<ErrorKey, string>;

export const addressErrorKey = (index: number, key: AddressKey): ErrorKey => `addresses.${index}.${key}`;

export function emptyAddress(id: string): AddressDraft {
  return { id, values: Object.fromEntries(ADDRESS_KEYS.map((k) => [k, ''])) as Record<AddressKey, string> };
}

export function emptyDraft(id: string, now: number, label = ''): PersonaDraft {
  const values = Object.fromEntries(PERSONA_KEYS.map((k) => [k, ''])) as Record<PersonaKey, string>;
  values.label = label;
  return { id, createdAt: now, values, addresses: [] };
}

export function draftFromPersona(p: Persona): PersonaDraft {
  const values = Object.fromEntries(PERSONA_KEYS.map((k) => [k, p[k] ?? ''])) as Record<PersonaKey, string>;
  const addresses = p.addresses.map((a) => ({
    id: a.id,
    values: Object.fromEntries(ADDRESS_KEYS.map((k) => [k, a[k] ?? ''])) as Record<AddressKey, string>,
  }));
  return { id: p.id, createdAt: p.createdAt, values, addresses };
}

/** Forgiving clean-ups of what people type; anything still wrong is reported by the schema. */
function cleanPersonaValue(key: PersonaKey, raw: string): string {
  const v = raw.trim();
  if (!v) return '';
  switch (key) {
    case 'tel':
      // "+1 (503) 555-0147" -> "+15035550147"; a leading 00 is the international prefix.
      if (/^(\+|00)[\d\s().\-/]+$/.test(v)) return v.replace(/^00/, '+').replace(/[\s().\-/]/g, '');
      return v;
    case 'url':
      return /^[^\s:/]+\.[^\s]+$/.test(v) && !v.includes('://') ? `https://${v}` : v;
    case 'language': {
      const [primary, ...rest] = v.replace(/_/g, '-').split('-');
      return [primary?.toLowerCase() ?? '', ...rest].join('-');
    }
    default:
      return v;
  }
}

function cleanAddressValue(key: AddressKey, raw: string): string {
  if (key === 'street-address') return raw.replace(/\s+$/gm, '').trim();
  const v = raw.trim();
  return key === 'postal-code' ? v.toUpperCase() : v;
}

export interface BuiltPersona {
  candidate: Record<string, unknown>;
  /** For each address in the candidate, its index in the draft (empty addresses are dropped). */
  addressIndex: number[];
}

export function buildPersona(draft: PersonaDraft, now: number): BuiltPersona {
  const candidate: Record<string, unknown> = { id: draft.id };
  for (const key of PERSONA_KEYS) {
    const v = key === 'label' ? draft.values.label : cleanPersonaValue(key, draft.values[key]);
    if (key === 'label' || v !== '') candidate[key] = v;
  }
  const addresses: Record<string, string>[] = [];
  const addressIndex: number[] = [];
  draft.addresses.forEach((a, i) => {
    const out: Record<string, string> = { id: a.id };
    for (const key of ADDRESS_KEYS) {
      const v = cleanAddressValue(key, a.values[key]);
      if (v !== '') out[key] = v;
    }
    if (Object.keys(out).length > 1) {
      addresses.push(out);
      addressIndex.push(i);
    }
  });
  candidate.addresses = addresses;
  candidate.createdAt = draft.createdAt;
  candidate.updatedAt = now;
  return { candidate, addressIndex };
}

export type Validated = { ok: true; persona: Persona } | { ok: false; errors: FieldErrors };

/** Validate with the same schema the background uses; errors are i18n keys keyed by input. */
export function validateDraft(draft: PersonaDraft, now: number): Validated {
  const { candidate, addressIndex } = buildPersona(draft, now);
  const parsed = PersonaSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, persona: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const [first, index, field] = issue.path;
    let key: ErrorKey = 'form';
    if (first === 'addresses' && typeof index === 'number' && typeof field === 'string') {
      key = addressErrorKey(addressIndex[index] ?? index, field as AddressKey);
    } else if (first === 'addresses') {
      key = 'form';
    } else if (typeof first === 'string' && (PERSONA_KEYS as readonly string[]).includes(first)) {
      key = first;
    }
    const message = /^err[A-Z]\w*$/.test(issue.message) ? issue.message : 'errInternal';
    errors[key] ??= message;
  }
  return { ok: false, errors };
}
