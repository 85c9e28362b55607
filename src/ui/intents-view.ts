/**
 * Intentcasting, without a DOM: the words and numbers an intent, a delivery and an offer are shown
 * with, offers sorted by price, and the compose form's draft turned into an `intents/save` payload.
 * Used by the options page (IntentsSection) and the popup (IntentQuick); tested in
 * test/unit/intents-view.test.ts.
 */

import type { IntentBrand, UiToBackground } from '../shared/messages';
import { INTENT_REVEAL_FIELDS } from '../shared/persona-fields';
import type { Intent, Offer, Persona } from '../shared/records';
import type { Send } from './connector';
import { tokenLabelKey } from './field-labels';
import { t } from './i18n';
import { absoluteTime, relativeTime } from './ledger-view';

export type IntentInput = Extract<UiToBackground, { type: 'intents/save' }>['intent'];
export type Delivery = Intent['deliveries'][number];
export type Money = { amount: number; currency: string };

const DAY = 86_400_000;
export const DEFAULT_EXPIRY_DAYS = 14;
export const MAX_EXPIRY_DAYS = 365;

/** Currencies offered in the budget select; the first is the default. */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'] as const;

export const CONDITIONS = ['any', 'new', 'used', 'refurbished'] as const satisfies readonly Intent['condition'][];
export const CONDITION_KEYS: Readonly<Record<Intent['condition'], string>> = {
  any: 'intentConditionAny',
  new: 'intentConditionNew',
  used: 'intentConditionUsed',
  refurbished: 'intentConditionRefurbished',
};

export const INTENT_STATUS_KEYS: Readonly<Record<Intent['status'], string>> = {
  draft: 'intentStatusDraft',
  active: 'intentStatusActive',
  withdrawn: 'intentStatusWithdrawn',
  expired: 'intentStatusExpired',
};

/** Persona fields that can be revealed to brands, with their labels (the persona editor's). */
export const REVEAL_FIELDS: readonly { token: string; label: string }[] = INTENT_REVEAL_FIELDS.map((token) => ({
  token,
  label: tokenLabelKey(token) ?? token,
}));

const ADDRESS_TOKENS = new Set(['address-level2', 'postal-code', 'country']);

/** The fields of a persona that hold a value and so can be revealed (addresses: the first one). */
export function revealableFields(p: Persona | undefined): { token: string; label: string }[] {
  if (!p) return [];
  const first = p.addresses[0] as Record<string, unknown> | undefined;
  return REVEAL_FIELDS.filter((f) => {
    const v = ADDRESS_TOKENS.has(f.token) ? first?.[f.token] : (p as unknown as Record<string, unknown>)[f.token];
    return typeof v === 'string' && v.trim() !== '';
  });
}

// ---- money ----------------------------------------------------------------------------------

/** "€299.00", in the UI's language; an unknown currency code is shown after the number. */
export function formatMoney(m: Money, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency }).format(m.amount);
  } catch {
    return `${new Intl.NumberFormat(lang).format(m.amount)} ${m.currency}`;
  }
}

/** "Up to €300.00", or "Any price" when there is no budget. */
export function budgetText(budget: Money | undefined, lang: string): string {
  return budget ? t('intentBudgetUpTo', formatMoney(budget, lang)) : t('intentBudgetAny');
}

/** An amount as typed ("299", "299.99", "299,99", " 1 299 "), or null when it is not one. */
export function parseAmount(s: string): number | null {
  const v = s.trim().replace(/[\s\u00a0]/g, '');
  if (!/^\d{1,12}([.,]\d{1,2})?$/.test(v)) return null;
  return Number(v.replace(',', '.'));
}

// ---- offers ---------------------------------------------------------------------------------

export type OfferSort = 'newest' | 'price-asc' | 'price-desc';
export const OFFER_SORTS: readonly OfferSort[] = ['newest', 'price-asc', 'price-desc'];
export const OFFER_SORT_KEYS: Readonly<Record<OfferSort, string>> = {
  newest: 'offerSortNewest',
  'price-asc': 'offerSortPriceAsc',
  'price-desc': 'offerSortPriceDesc',
};

/**
 * Offers in the order asked, without the dismissed ones. By price: amounts are compared within a
 * currency (there is no exchange rate to compare across), currencies in alphabetical order, and
 * offers without a price last; ties go newest first. Never changes the array given.
 */
export function sortOffers(offers: readonly Offer[], by: OfferSort): Offer[] {
  const shown = offers.filter((o) => !o.dismissed);
  const newest = (a: Offer, b: Offer) => b.receivedAt - a.receivedAt;
  if (by === 'newest') return shown.sort(newest);
  const dir = by === 'price-asc' ? 1 : -1;
  return shown.sort((a, b) => {
    if (!a.price || !b.price) return a.price ? -1 : b.price ? 1 : newest(a, b);
    if (a.price.currency !== b.price.currency) return a.price.currency < b.price.currency ? -1 : 1;
    return (a.price.amount - b.price.amount) * dir || newest(a, b);
  });
}

export const unreadCount = (offers: readonly Offer[]): number => offers.filter((o) => !o.read && !o.dismissed).length;

/** Words only: lower case, accents, quotes and punctuation gone, spaces collapsed. */
const words = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Whether an offer's description already names the intent it answers ("Offer for "27-inch
 * monitor"."): then "For: 27-inch monitor" beside it would only say it again.
 */
export function descriptionNamesIntent(description: string | undefined, what: string | undefined): boolean {
  const w = what ? words(what) : '';
  return w !== '' && ` ${words(description ?? '')} `.includes(` ${w} `);
}

/** Only http(s) URLs are opened from an offer; anything else (javascript:, data:) is shown as nothing. */
export function safeOfferUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A brand as the person knows it: its name, else its host. */
export function brandLabel(b: Pick<IntentBrand, 'origin' | 'name'> | undefined, fallbackId = ''): string {
  if (!b) return fallbackId || t('intentBrandUnknown');
  if (b.name?.trim()) return b.name.trim();
  try {
    return new URL(b.origin).host || b.origin;
  } catch {
    return b.origin;
  }
}

// ---- time -----------------------------------------------------------------------------------

/** "Expires in 13 days" / "Expired 2 days ago". */
export function expiryText(expiresAt: number, now: number, lang: string): string {
  const rel = relativeTime(expiresAt, now, lang);
  return expiresAt > now ? t('intentExpiresIn', rel) : t('intentExpiredAgo', rel);
}

/** An intent that is still out there: active and not past its expiry. */
export const isLive = (i: Pick<Intent, 'status' | 'expiresAt'>, now: number): boolean =>
  (i.status === 'active' || i.status === 'draft') && i.expiresAt > now;

/** The status shown for an intent: an active one past its expiry reads as expired before the background says so. */
export function intentStatus(i: Pick<Intent, 'status' | 'expiresAt'>, now: number): Intent['status'] {
  return i.status === 'active' && i.expiresAt <= now ? 'expired' : i.status;
}

/** Where one brand's copy of the intent stands, in words. */
export function deliveryText(d: Delivery, now: number, lang: string): string {
  switch (d.status) {
    case 'pending':
      return t('intentDeliveryPending');
    case 'sent':
      return t('intentDeliverySent', absoluteTime(d.updatedAt, lang));
    case 'rejected':
      return d.reason ? t('intentDeliveryRejectedReason', d.reason) : t('intentDeliveryRejected');
    case 'unreachable':
      return t('intentDeliveryUnreachable', d.attempts);
    case 'retrying':
      return d.nextAttemptAt !== undefined
        ? t('intentDeliveryRetrying', [d.attempts, relativeTime(d.nextAttemptAt, now, lang)])
        : t('intentDeliveryRetryingSoon', d.attempts);
    case 'withdrawn':
      return t('intentDeliveryWithdrawn', absoluteTime(d.updatedAt, lang));
    case 'withdraw-failed':
      return d.reason ? t('intentDeliveryWithdrawFailedReason', d.reason) : t('intentDeliveryWithdrawFailed');
  }
}

/** Whether a delivery needs the person's attention (shown as a problem). */
export const deliveryProblem = (d: Pick<Delivery, 'status'>): boolean =>
  d.status === 'rejected' || d.status === 'unreachable' || d.status === 'withdraw-failed';

// ---- compose --------------------------------------------------------------------------------

/** The compose form as typed: every input a string, so it can be edited freely. */
export interface IntentDraft {
  what: string;
  category: string;
  amount: string;
  currency: string;
  quantity: string;
  condition: Intent['condition'];
  region: string;
  deadline: string;
  personaId: string;
  reveal: string[];
  termsId: string;
  expiryDays: string;
  brandIds: string[];
}

export function emptyIntentDraft(init: Partial<IntentDraft> = {}): IntentDraft {
  return {
    what: '',
    category: '',
    amount: '',
    currency: CURRENCIES[0],
    quantity: '',
    condition: 'any',
    region: '',
    deadline: '',
    personaId: '',
    reveal: [],
    termsId: '',
    expiryDays: String(DEFAULT_EXPIRY_DAYS),
    brandIds: [],
    ...init,
  };
}

/** Brands an intent can be sent to: those in the person's intent list. */
export const listedBrands = (brands: readonly IntentBrand[]): IntentBrand[] => brands.filter((b) => b.inIntentList);

/**
 * The draft as an `intents/save` payload, or the i18n key of the first problem. Empty inputs are
 * left out; nothing is revealed unless a persona is chosen and fields are ticked.
 */
export function buildIntent(d: IntentDraft, now: number): { ok: true; intent: IntentInput } | { ok: false; problem: string } {
  const what = d.what.trim();
  if (!what) return { ok: false, problem: 'intentProblemWhat' };
  if (what.length > 500) return { ok: false, problem: 'intentProblemWhatLong' };
  let budget: Money | undefined;
  if (d.amount.trim()) {
    const amount = parseAmount(d.amount);
    if (amount === null) return { ok: false, problem: 'intentProblemBudget' };
    if (!/^[A-Z]{3}$/.test(d.currency)) return { ok: false, problem: 'intentProblemCurrency' };
    budget = { amount, currency: d.currency };
  }
  let quantity: number | undefined;
  if (d.quantity.trim()) {
    const q = Number(d.quantity.trim());
    if (!/^\d+$/.test(d.quantity.trim()) || q < 1 || q > 1_000_000) return { ok: false, problem: 'intentProblemQuantity' };
    quantity = q;
  }
  const deadline = d.deadline.trim();
  if (deadline && !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) return { ok: false, problem: 'intentProblemDeadline' };
  const days = Number(d.expiryDays.trim());
  if (!/^\d+$/.test(d.expiryDays.trim()) || days < 1 || days > MAX_EXPIRY_DAYS) return { ok: false, problem: 'intentProblemExpiry' };
  if (d.brandIds.length === 0) return { ok: false, problem: 'intentProblemBrands' };
  const intent: IntentInput = {
    what,
    condition: d.condition,
    reveal: d.personaId ? [...d.reveal] : [],
    expiresAt: now + days * DAY,
    brandIds: [...d.brandIds],
  };
  const category = d.category.trim();
  if (category) intent.category = category.slice(0, 100);
  if (budget) intent.budget = budget;
  if (quantity !== undefined) intent.quantity = quantity;
  const region = d.region.trim();
  if (region) intent.region = region.slice(0, 200);
  if (deadline) intent.deadline = deadline;
  if (d.personaId) intent.personaId = d.personaId;
  if (d.termsId) intent.termsId = d.termsId;
  return { ok: true, intent };
}

/**
 * The error shown when `intents/list` fails: a background without intent handlers refuses the
 * message itself (errInvalidMessage), which reads as "not available yet". Other replies keep their
 * code: the handlers use errInvalidMessage for bad input too.
 */
export const intentErrorCode = (code: string): string => (code === 'errInvalidMessage' ? 'intentUnavailable' : code);

/** The origin of a brand's address as typed ("shop.example", "https://shop.example/x"), or null. */
export function originFromInput(s: string): string | null {
  const v = s.trim();
  if (!v || /\s/.test(v)) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (!u.hostname) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Save the draft, then broadcast it. A save that worked but a broadcast that did not leaves a draft
 * the person can send again from the list. Returns the message to announce, or the error code.
 */
export async function saveAndBroadcast(
  send: Send,
  draft: IntentDraft,
  now: number,
): Promise<{ ok: true; message: string } | { ok: false; code: string; saved?: boolean }> {
  const built = buildIntent(draft, now);
  if (!built.ok) return { ok: false, code: built.problem };
  const saved = await send({ type: 'intents/save', intent: built.intent });
  if (!saved.ok) return { ok: false, code: saved.error.code };
  const sent = await send({ type: 'intents/broadcast', id: saved.intent.id });
  if (!sent.ok) return { ok: false, code: sent.error.code, saved: true };
  const n = sent.intent.deliveries.filter((d) => d.status === 'sent').length;
  return { ok: true, message: t('intentSentCount', [sent.intent.what, n, built.intent.brandIds.length]) };
}
