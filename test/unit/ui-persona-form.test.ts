/** The persona editor's data: empty means absent, forgiving clean-ups, schema issues mapped to inputs. */
import { describe, expect, it } from 'vitest';
import { PersonaSchema } from '../../src/shared/records';
import { addressErrorKey, buildPersona, draftFromPersona, emptyAddress, emptyDraft, validateDraft } from '../../src/ui/persona-form';

const NOW = 1_700_000_000_000;

function draft(values: Record<string, string> = {}) {
  const d = emptyDraft('p-1', NOW - 1000, 'Home');
  Object.assign(d.values, values);
  return d;
}

describe('buildPersona', () => {
  it('omits empty inputs instead of storing ""', () => {
    const { candidate } = buildPersona(draft({ 'given-name': 'Ada', nickname: '   ' }), NOW);
    expect(candidate).toEqual({ id: 'p-1', label: 'Home', 'given-name': 'Ada', addresses: [], createdAt: NOW - 1000, updatedAt: NOW });
  });

  it('drops addresses with nothing filled in and keeps the draft index of the others', () => {
    const d = draft();
    d.addresses = [emptyAddress('a-1'), emptyAddress('a-2')];
    d.addresses[1]!.values['address-level2'] = 'Paris';
    const { candidate, addressIndex } = buildPersona(d, NOW);
    expect(candidate.addresses).toEqual([{ id: 'a-2', 'address-level2': 'Paris' }]);
    expect(addressIndex).toEqual([1]);
  });

  it('cleans up phone numbers, bare domains, language tags and postal codes', () => {
    const d = draft({ tel: '+1 (503) 555-0147', url: 'example.com/me', language: 'EN_us' });
    d.addresses = [emptyAddress('a-1')];
    d.addresses[0]!.values['postal-code'] = ' n1 9gu ';
    const { candidate } = buildPersona(d, NOW);
    expect(candidate.tel).toBe('+15035550147');
    expect(candidate.url).toBe('https://example.com/me');
    expect(candidate.language).toBe('en-us');
    expect((candidate.addresses as { 'postal-code': string }[])[0]!['postal-code']).toBe('N1 9GU');
    expect(buildPersona(draft({ tel: '0049 30 123456' }), NOW).candidate.tel).toBe('+4930123456');
  });
});

describe('validateDraft', () => {
  it('accepts a valid persona, as the background would', () => {
    const r = validateDraft(draft({ email: 'ada@example.com', tel: '+15035550147', bday: '1990-02-03' }), NOW);
    expect(r.ok).toBe(true);
    if (r.ok) expect(PersonaSchema.safeParse(r.persona).success).toBe(true);
  });

  it('maps each issue to its input, with the i18n key from records.ts', () => {
    const d = draft({ label: '  ', email: 'nope', tel: '555 0147', bday: '2999-01-01' });
    d.addresses = [emptyAddress('a-1'), emptyAddress('a-2'), emptyAddress('a-3')];
    d.addresses[2]!.values['postal-code'] = 'N1 9GU!';
    const r = validateDraft(d, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      label: 'errLabelRequired',
      email: 'errEmail',
      tel: 'errTel',
      bday: 'errDate',
      [addressErrorKey(2, 'postal-code')]: 'errPostalCode',
    });
  });

  it('round-trips a stored persona through the editor unchanged (except updatedAt)', () => {
    const stored = PersonaSchema.parse({
      id: 'p-9',
      label: 'Work',
      email: 'a@b.example',
      addresses: [{ id: 'a-1', 'street-address': '1 Main St\nFloor 2', country: 'US' }],
      createdAt: 1,
      updatedAt: 2,
    });
    const r = validateDraft(draftFromPersona(stored), NOW);
    expect(r.ok && r.persona).toEqual({ ...stored, updatedAt: NOW });
  });
});
