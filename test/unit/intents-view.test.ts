/**
 * Intentcasting's UI helpers, without a DOM: offers sorted by price, budgets formatted, expiry and
 * delivery status in words, the compose draft turned into `intents/save`, and save-then-broadcast
 * against a mock background (including one that does not know intents yet).
 */
import { describe, expect, it } from 'vitest';
import { UiToBackground } from '../../src/shared/messages';
import type { Intent, Offer, Persona } from '../../src/shared/records';
import type { Send } from '../../src/ui/connector';
import {
  brandLabel,
  budgetText,
  buildIntent,
  DEFAULT_EXPIRY_DAYS,
  type Delivery,
  deliveryProblem,
  deliveryText,
  descriptionNamesIntent,
  emptyIntentDraft,
  expiryText,
  formatMoney,
  intentErrorCode,
  intentStatus,
  listedBrands,
  originFromInput,
  parseAmount,
  revealableFields,
  safeOfferUrl,
  saveAndBroadcast,
  sortOffers,
  unreadCount,
} from '../../src/ui/intents-view';
import { messages, useEnglish } from './english';

useEnglish();

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 86_400_000;

function offer(id: string, over: Partial<Offer> = {}): Offer {
  return { id, intentId: 'i1', brandId: 'b1', title: id, receivedAt: NOW, read: false, dismissed: false, ...over };
}
const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('sortOffers', () => {
  const offers = [
    offer('mid', { price: eur(250), receivedAt: NOW - 3 }),
    offer('none', { receivedAt: NOW }),
    offer('cheap', { price: eur(199.99), receivedAt: NOW - 2 }),
    offer('dear', { price: eur(320), receivedAt: NOW - 1 }),
    offer('usd', { price: { amount: 10, currency: 'USD' }, receivedAt: NOW - 4 }),
    offer('gone', { price: eur(1), dismissed: true }),
  ];
  const ids = (o: Offer[]) => o.map((x) => x.id);

  it('sorts by price within a currency, lowest or highest first, unpriced last, without dismissed ones', () => {
    expect(ids(sortOffers(offers, 'price-asc'))).toEqual(['cheap', 'mid', 'dear', 'usd', 'none']);
    expect(ids(sortOffers(offers, 'price-desc'))).toEqual(['dear', 'mid', 'cheap', 'usd', 'none']);
  });
  it('sorts newest first and breaks price ties by newest', () => {
    expect(ids(sortOffers(offers, 'newest'))).toEqual(['none', 'dear', 'cheap', 'mid', 'usd']);
    const tie = [offer('old', { price: eur(5), receivedAt: 1 }), offer('new', { price: eur(5), receivedAt: 2 })];
    expect(ids(sortOffers(tie, 'price-asc'))).toEqual(['new', 'old']);
  });
  it('leaves the given array alone', () => {
    const copy = [...offers];
    sortOffers(offers, 'price-asc');
    expect(offers).toEqual(copy);
  });
  it('counts unread offers that are not dismissed', () => {
    expect(unreadCount([offer('a'), offer('b', { read: true }), offer('c', { dismissed: true })])).toBe(1);
  });
});

describe('money', () => {
  it('formats budgets and prices with Intl.NumberFormat', () => {
    expect(formatMoney(eur(299), 'en')).toBe('€299.00');
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'en')).toBe('¥1,500');
    expect(formatMoney(eur(1299.5), 'de')).toMatch(/^1\.299,50\s€$/);
    expect(budgetText({ amount: 300, currency: 'USD' }, 'en')).toBe('Up to $300.00');
    expect(budgetText(undefined, 'en')).toBe('Any price');
  });
  it('falls back to the code after the number for a currency Intl refuses', () => {
    expect(formatMoney({ amount: 5, currency: 'A1' }, 'en')).toBe('5 A1');
  });
  it('reads amounts as people type them', () => {
    expect(parseAmount('300')).toBe(300);
    expect(parseAmount(' 299.99 ')).toBe(299.99);
    expect(parseAmount('299,5')).toBe(299.5);
    expect(parseAmount('1 299')).toBe(1299);
    for (const bad of ['', 'abc', '-5', '1.234', '1e3', '12.3.4']) expect(parseAmount(bad), bad).toBeNull();
  });
});

describe('time and status words', () => {
  it('says when an intent expires or expired', () => {
    expect(expiryText(NOW + 14 * DAY, NOW, 'en')).toBe('Expires in 2 weeks');
    expect(expiryText(NOW + 3 * DAY, NOW, 'en')).toBe('Expires in 3 days');
    expect(expiryText(NOW - 2 * DAY, NOW, 'en')).toBe('Expired 2 days ago');
  });
  it('shows an active intent past its expiry as expired', () => {
    expect(intentStatus({ status: 'active', expiresAt: NOW - 1 }, NOW)).toBe('expired');
    expect(intentStatus({ status: 'active', expiresAt: NOW + 1 }, NOW)).toBe('active');
    expect(intentStatus({ status: 'withdrawn', expiresAt: NOW - 1 }, NOW)).toBe('withdrawn');
  });
  it('describes every delivery status, with the reason and the next attempt', () => {
    const d = (over: Partial<Delivery>): Delivery => ({ brandId: 'b1', status: 'sent', attempts: 1, updatedAt: NOW, ...over });
    expect(deliveryText(d({ status: 'pending' }), NOW, 'en')).toBe('not sent yet');
    expect(deliveryText(d({ status: 'sent' }), NOW, 'en')).toMatch(/^received on .*2026/);
    expect(deliveryText(d({ status: 'rejected', reason: 'terms_not_accepted' }), NOW, 'en')).toBe(
      'refused by the brand: terms_not_accepted',
    );
    expect(deliveryText(d({ status: 'rejected' }), NOW, 'en')).toBe('refused by the brand');
    expect(deliveryText(d({ status: 'unreachable', attempts: 3 }), NOW, 'en')).toBe('could not be reached (3 attempts)');
    expect(deliveryText(d({ status: 'retrying', attempts: 2, nextAttemptAt: NOW + 5 * 60_000 }), NOW, 'en')).toBe(
      'could not be reached (2 attempts); trying again in 5 minutes',
    );
    expect(deliveryText(d({ status: 'retrying', attempts: 2 }), NOW, 'en')).toBe('could not be reached (2 attempts); trying again soon');
    expect(deliveryText(d({ status: 'withdrawn' }), NOW, 'en')).toMatch(/^withdrawn on /);
    expect(deliveryText(d({ status: 'withdraw-failed', reason: 'timeout' }), NOW, 'en')).toBe(
      'the withdrawal did not reach the brand: timeout',
    );
    expect(deliveryProblem({ status: 'unreachable' })).toBe(true);
    expect(deliveryProblem({ status: 'retrying' })).toBe(false);
  });
});

describe('offers', () => {
  it('sees when an offer’s description already names its intent, whatever the case, quotes or accents', () => {
    expect(descriptionNamesIntent('Offer for "27-inch monitor".', '27-inch monitor')).toBe(true);
    expect(descriptionNamesIntent('Angebot für „Café-Tisch“, geliefert nach Berlin.', 'cafe tisch')).toBe(true);
    expect(descriptionNamesIntent('Matte panel, height-adjustable, 3 years warranty.', '27-inch monitor')).toBe(false);
    // Whole words only: "tv" is not named by "tvs" or "etv".
    expect(descriptionNamesIntent('Deals on TVs and ETV boxes', 'tv')).toBe(false);
    expect(descriptionNamesIntent(undefined, '27-inch monitor')).toBe(false);
    expect(descriptionNamesIntent('Offer for "".', '')).toBe(false);
  });
});

describe('brands and links', () => {
  it('names a brand by its name, else its host', () => {
    expect(brandLabel({ origin: 'https://shop.example', name: ' Shop ' })).toBe('Shop');
    expect(brandLabel({ origin: 'http://127.0.0.1:8123' })).toBe('127.0.0.1:8123');
    expect(brandLabel(undefined, 'b9')).toBe('b9');
  });
  it('keeps only brands in the intent list', () => {
    const b = (id: string, inIntentList: boolean) => ({ id, origin: `https://${id}.example`, inIntentList });
    expect(listedBrands([b('a', true), b('x', false)]).map((x) => x.id)).toEqual(['a']);
  });
  it('opens only http(s) offer URLs', () => {
    expect(safeOfferUrl('https://shop.example/o/1')).toBe('https://shop.example/o/1');
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'not a url', undefined, ''])
      expect(safeOfferUrl(bad), String(bad)).toBeNull();
  });
  it('reads a brand address as an origin', () => {
    expect(originFromInput('shop.example')).toBe('https://shop.example');
    expect(originFromInput(' https://shop.example/path?q=1 ')).toBe('https://shop.example');
    expect(originFromInput('http://127.0.0.1:8123/')).toBe('http://127.0.0.1:8123');
    for (const bad of ['', 'ftp://x.example', 'two words', 'javascript:alert(1)']) expect(originFromInput(bad), bad).toBeNull();
  });
});

describe('compose', () => {
  const persona: Persona = {
    id: 'p1',
    label: 'Everyday',
    'given-name': 'Ada',
    email: 'ada@example.com',
    tel: '',
    addresses: [{ id: 'a1', 'address-level2': 'Berlin', country: 'DE' }],
    createdAt: 0,
    updatedAt: 0,
  } as Persona;

  it('offers the persona fields that hold a value, none ticked by default', () => {
    expect(revealableFields(persona).map((f) => f.token)).toEqual(['given-name', 'email', 'address-level2', 'country']);
    expect(revealableFields(undefined)).toEqual([]);
    expect(emptyIntentDraft().reveal).toEqual([]);
    expect(emptyIntentDraft().expiryDays).toBe(String(DEFAULT_EXPIRY_DAYS));
  });

  it('builds an intents/save payload the message schema accepts, leaving empty inputs out', () => {
    const r = buildIntent(
      emptyIntentDraft({
        what: ' 27-inch monitor ',
        amount: '300',
        currency: 'EUR',
        region: 'Berlin',
        deadline: '2026-12-10',
        brandIds: ['b1', 'b2'],
      }),
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      intent: {
        what: '27-inch monitor',
        condition: 'any',
        reveal: [],
        expiresAt: NOW + 14 * DAY,
        brandIds: ['b1', 'b2'],
        budget: { amount: 300, currency: 'EUR' },
        region: 'Berlin',
        deadline: '2026-12-10',
      },
    });
    if (!r.ok) throw new Error('unreachable');
    expect(UiToBackground.safeParse({ type: 'intents/save', intent: r.intent }).success).toBe(true);
  });

  it('reveals nothing without a persona, and only what was ticked with one', () => {
    const base = emptyIntentDraft({ what: 'bike', brandIds: ['b1'], reveal: ['email'] });
    const none = buildIntent(base, NOW);
    expect(none.ok && none.intent.reveal).toEqual([]);
    const some = buildIntent({ ...base, personaId: 'p1', termsId: 't1' }, NOW);
    expect(some.ok && [some.intent.reveal, some.intent.personaId, some.intent.termsId]).toEqual([['email'], 'p1', 't1']);
  });

  it('names the first problem', () => {
    const ok = emptyIntentDraft({ what: 'bike', brandIds: ['b1'] });
    const problem = (over: Parameters<typeof emptyIntentDraft>[0]) => {
      const r = buildIntent({ ...ok, ...over }, NOW);
      return r.ok ? null : r.problem;
    };
    expect(problem({})).toBeNull();
    expect(problem({ what: '  ' })).toBe('intentProblemWhat');
    expect(problem({ what: 'x'.repeat(501) })).toBe('intentProblemWhatLong');
    expect(problem({ amount: 'cheap' })).toBe('intentProblemBudget');
    expect(problem({ quantity: '0' })).toBe('intentProblemQuantity');
    expect(problem({ quantity: '2.5' })).toBe('intentProblemQuantity');
    expect(problem({ deadline: 'soon' })).toBe('intentProblemDeadline');
    expect(problem({ expiryDays: '0' })).toBe('intentProblemExpiry');
    expect(problem({ expiryDays: '366' })).toBe('intentProblemExpiry');
    expect(problem({ brandIds: [] })).toBe('intentProblemBrands');
    for (const key of ['intentProblemWhat', 'intentProblemBudget', 'intentProblemBrands', 'intentUnavailable', 'intentSavedNotSent'])
      expect(messages[key], key).toBeDefined();
  });
});

describe('saveAndBroadcast', () => {
  const intent = (over: Partial<Intent> = {}): Intent => ({
    id: 'i1',
    what: 'bike',
    condition: 'any',
    reveal: [],
    expiresAt: NOW + DAY,
    status: 'active',
    deliveries: [
      { brandId: 'b1', status: 'sent', attempts: 1, updatedAt: NOW },
      { brandId: 'b2', status: 'retrying', attempts: 1, updatedAt: NOW },
    ],
    createdAt: NOW,
    ...over,
  });
  const draft = emptyIntentDraft({ what: 'bike', brandIds: ['b1', 'b2'] });

  function mock(answers: Record<string, unknown>): { send: Send; sent: string[] } {
    const sent: string[] = [];
    const send = (async (msg: { type: string }) => {
      sent.push(msg.type);
      return answers[msg.type] ?? { ok: false, error: { code: 'errInvalidMessage' } };
    }) as Send;
    return { send, sent };
  }

  it('saves, then broadcasts the saved intent, and says how many brands received it', async () => {
    const m = mock({
      'intents/save': { ok: true, intent: intent({ status: 'draft', deliveries: [] }) },
      'intents/broadcast': { ok: true, intent: intent() },
    });
    expect(await saveAndBroadcast(m.send, draft, NOW)).toEqual({ ok: true, message: '"bike" was sent: 1 of 2 brands received it so far.' });
    expect(m.sent).toEqual(['intents/save', 'intents/broadcast']);
  });

  it('sends nothing for an invalid draft', async () => {
    const m = mock({});
    expect(await saveAndBroadcast(m.send, { ...draft, what: '' }, NOW)).toEqual({ ok: false, code: 'intentProblemWhat' });
    expect(m.sent).toEqual([]);
  });

  it('says "not available yet" when the list is refused, and passes other errors on', async () => {
    expect(intentErrorCode('errInvalidMessage')).toBe('intentUnavailable');
    expect(intentErrorCode('errBrandUnreachable')).toBe('errBrandUnreachable');
    expect(await saveAndBroadcast(mock({}).send, draft, NOW)).toEqual({ ok: false, code: 'errInvalidMessage' });
    const m = mock({ 'intents/save': { ok: false, error: { code: 'errBrandNoEndpoint' } } });
    expect(await saveAndBroadcast(m.send, draft, NOW)).toEqual({ ok: false, code: 'errBrandNoEndpoint' });
    expect(m.sent).toEqual(['intents/save']);
  });

  it('reports a saved intent whose broadcast failed', async () => {
    const m = mock({
      'intents/save': { ok: true, intent: intent({ status: 'draft' }) },
      'intents/broadcast': { ok: false, error: { code: 'errLocked' } },
    });
    expect(await saveAndBroadcast(m.send, draft, NOW)).toEqual({ ok: false, code: 'errLocked', saved: true });
  });
});
