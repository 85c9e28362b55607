// The schemas that are now derived or shared accept exactly what they did: intents/save and terms/save
// (derived from the intent and terms record schemas), the shared vocabulary, and the field facts the
// content script sends (one schema, with the types inferred from it).
import { describe, expect, it } from 'vitest';
import { ExerciseRequest, Regime, StatusDocument } from '../../src/protocol/schemas';
import { ScanReply } from '../../src/shared/content-messages';
import { FieldFactsSchema } from '../../src/shared/field-facts';
import { UiToBackground } from '../../src/shared/messages';
import { INTENT_REVEAL_FIELDS } from '../../src/shared/persona-fields';
import { ADDRESS_FIELDS, DataRightsRequestSchema, PERSONA_TEXT_FIELDS } from '../../src/shared/records';
import { Exercise, Law, RequestStatus } from '../../src/shared/vocab';
import { blankField, blankForm } from './field-facts';

/** The issues of a refused message, as (path, code) pairs; [] when accepted. */
function issues(msg: unknown): [string, string][] {
  const r = UiToBackground.safeParse(msg);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.code]);
}

describe('intents/save', () => {
  const intent = { what: 'a 27-inch monitor', expiresAt: 1_800_000_000_000, brandIds: ['b1'] };
  const save = (over: Record<string, unknown>) => ({ type: 'intents/save', intent: { ...intent, ...over } });

  it('accepts a valid intent, filling the defaults and trimming what', () => {
    const r = UiToBackground.parse(
      save({ what: '  monitor  ', budget: { amount: 300, currency: 'EUR' }, personaId: 'p1', reveal: ['email'] }),
    );
    expect(r).toEqual({
      type: 'intents/save',
      intent: {
        ...intent,
        what: 'monitor',
        budget: { amount: 300, currency: 'EUR' },
        personaId: 'p1',
        reveal: ['email'],
        condition: 'any',
      },
    });
    expect(issues(save({ id: 'i1', condition: 'used', quantity: 2, region: 'Berlin', deadline: '2027-01-01', termsId: 't1' }))).toEqual([]);
  });

  it('drops what the background keeps (status, deliveries, createdAt)', () => {
    const r = UiToBackground.parse(save({ status: 'active', deliveries: [], createdAt: 1 }));
    expect(r).toEqual({ type: 'intents/save', intent: { ...intent, condition: 'any', reveal: [] } });
  });

  it('refuses what it refused, at the same path', () => {
    expect(issues({ type: 'intents/save', intent: { expiresAt: 1, brandIds: [] } })).toEqual([['intent.what', 'invalid_type']]);
    expect(issues(save({ what: '   ' }))).toEqual([['intent.what', 'too_small']]);
    expect(issues(save({ what: 'x'.repeat(501) }))).toEqual([['intent.what', 'too_big']]);
    expect(issues(save({ category: 'x'.repeat(101) }))).toEqual([['intent.category', 'too_big']]);
    expect(issues(save({ budget: { amount: 1, currency: 'eur' } }))).toEqual([['intent.budget.currency', 'invalid_format']]);
    expect(issues(save({ budget: { amount: -1, currency: 'EUR' } }))).toEqual([['intent.budget.amount', 'too_small']]);
    expect(issues(save({ condition: 'broken' }))).toEqual([['intent.condition', 'invalid_value']]);
    expect(issues(save({ id: '' }))).toEqual([['intent.id', 'too_small']]);
    expect(issues(save({ expiresAt: 0 }))).toEqual([['intent.expiresAt', 'too_small']]);
    expect(issues(save({ brandIds: ['x'.repeat(65)] }))).toEqual([['intent.brandIds.0', 'too_big']]);
    expect(issues(save({ reveal: Array(51).fill('email') }))).toEqual([['intent.reveal', 'too_big']]);
  });
});

describe('terms/save', () => {
  const terms = { type: 'terms/save', title: 'Mine', clauses: [{ id: 'no-sale', text: 'Do not sell.' }] };

  it('accepts a draft, filling the defaults', () => {
    expect(UiToBackground.parse(terms)).toEqual({ ...terms, purposes: [], contact: 'any' });
    expect(issues({ ...terms, preset: 'nostalking', purposes: ['transaction'], retentionDays: 30, contact: 'email' })).toEqual([]);
  });

  it('refuses what it refused: no clause, too many, a too-long title, a bad contact', () => {
    expect(issues({ ...terms, clauses: [] })).toEqual([['clauses', 'too_small']]);
    expect(issues({ ...terms, clauses: Array(51).fill(terms.clauses[0]) })).toEqual([['clauses', 'too_big']]);
    expect(issues({ ...terms, clauses: [{ id: '', text: 'x' }] })).toEqual([['clauses.0.id', 'too_small']]);
    expect(issues({ ...terms, title: 'x'.repeat(201) })).toEqual([['title', 'too_big']]);
    expect(issues({ ...terms, retentionDays: 36501 })).toEqual([['retentionDays', 'too_big']]);
    expect(issues({ ...terms, contact: 'phone' })).toEqual([['contact', 'invalid_value']]);
  });
});

describe('one vocabulary', () => {
  it('messages, records and the protocol share the exercise, law and status enums', () => {
    expect(Exercise.options).toEqual(['deletion', 'access', 'sale:opt-out']);
    expect(Regime).toBe(Law);
    expect(DataRightsRequestSchema.shape.exercise).toBe(Exercise);
    expect(DataRightsRequestSchema.shape.law).toBe(Law);
    expect(DataRightsRequestSchema.shape.status).toBe(RequestStatus);
    expect(StatusDocument.shape.status).toBe(RequestStatus);
    expect(ExerciseRequest.shape.regime).toBe(Law);
    const create = { type: 'requests/create', site: 'https://shop.example', exercise: 'sale:opt-out', law: 'ccpa', identifiers: ['email'] };
    expect(issues(create)).toEqual([]);
    expect(issues({ ...create, exercise: 'sale:opt_out' })).toEqual([['exercise', 'invalid_value']]);
    expect(issues({ type: 'requests/mark', id: 'r1', status: 'open' })).toEqual([['status', 'invalid_value']]);
  });

  it('an intent reveals what the intent form always offered, all persona or address fields', () => {
    const offered = 'given-name family-name nickname email tel organization organization-title language address-level2 postal-code country';
    expect(INTENT_REVEAL_FIELDS.join(' ')).toBe(offered);
    const known = new Set<string>([...PERSONA_TEXT_FIELDS, ...ADDRESS_FIELDS]);
    expect(INTENT_REVEAL_FIELDS.filter((f) => !known.has(f))).toEqual([]);
  });
});

describe('field facts', () => {
  const frame = { top: true, origin: 'https://shop.example', path: '/signup', title: 'Sign up', frameVisible: true };
  const field = blankField(0, blankForm({ fieldCount: 1, textCount: 1 }), frame);

  it('the test fixtures parse with the schema the background uses', () => {
    expect(FieldFactsSchema.parse(field)).toEqual(field);
    const visibility = {
      width: 200,
      height: 20,
      opacity: 1,
      visibility: 'visible',
      displayed: true,
      clipped: false,
      offscreen: false,
      covered: null,
      visible: true,
    };
    const withVisibility = { ...field, tag: 'select' as const, options: [{ value: 'DE', text: 'Germany' }], visibility };
    expect(FieldFactsSchema.parse(withVisibility)).toEqual(withVisibility);
    expect(ScanReply.parse({ url: 'https://shop.example/signup', fields: [field] })).toEqual({
      url: 'https://shop.example/signup',
      fields: [field],
    });
  });

  it('passes keys it does not list through, and refuses a bad one', () => {
    expect(FieldFactsSchema.parse({ ...field, minLength: 8 })).toEqual({ ...field, minLength: 8 });
    expect(FieldFactsSchema.safeParse({ ...field, index: -1 }).success).toBe(false);
    expect(FieldFactsSchema.safeParse({ ...field, tag: 'button' }).success).toBe(false);
    expect(FieldFactsSchema.safeParse({ ...field, frame: { ...frame, frameVisible: undefined } }).success).toBe(false);
  });
});
