/**
 * Intent delivery: each brand gets the intent signed with the person's pairwise key for it and only
 * the fields revealed; each delivery is tracked per brand (sent, rejected with the reason, unreachable
 * or retrying with backoff) and each one a brand received is a ledger entry (channel 'intent') with
 * exactly the revealed values and the terms in force. Withdrawals are signed the same way.
 * One operation per intent runs at a time (`serial`).
 */
import { ProtocolError } from '../../protocol/errors';
import {
  broadcastIntent,
  buildIntentDocument,
  type IntentTarget,
  intentIdentifier,
  revealedFields,
  withdrawIntent,
} from '../../protocol/intents';
import type { TermsRef } from '../../protocol/schemas';
import { type Brand, type Intent, type Persona, type Share, ShareSchema, type Terms } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';
import { activeTerms } from '../terms';
import { withRotation } from './brand-keys';

export type Delivery = Intent['deliveries'][number];

/** Tries per delivery before giving up (the person can still broadcast again). */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 60 * 60_000;
/** Brands contacted at once. */
export const CONCURRENCY = 16;

/** Delay before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, ... capped at 6 h. */
export const backoffMs = (attempts: number): number => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Refusals of an answer the brand did send: the request (and the revealed fields) reached it. */
const RECEIVED_DESPITE: ReadonlySet<string> = new Set([
  'errBrandSignature',
  'errBrandGarbage',
  'errBrandTooLarge',
  'errBrandRedirect',
  'errBrandRefused',
  'errBrandNotFound',
  'errBrandClock',
]);

export const reasonOf = (e: ProtocolError): string => (e.detail ? `${e.code}: ${e.detail}` : e.code).slice(0, 500);

export const target = (b: Brand): IntentTarget => ({ origin: b.origin, endpoint: b.intentEndpoint!, brandKeys: b.brandKeys ?? [] });

export function intentDelivery(vault: Vault, now: () => number) {
  // One operation per intent at a time (a broadcast, a withdrawal, an alarm pass), so none of them
  // overwrites the delivery states another one just wrote.
  const locks = new Map<string, Promise<unknown>>();
  function serial<T>(intentId: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(intentId) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    locks.set(intentId, tail);
    void tail.then(() => {
      if (locks.get(intentId) === tail) locks.delete(intentId);
    });
    return run;
  }

  async function loadIntent(id: string): Promise<Intent> {
    const i = await vault.get('intents', id);
    if (!i) throw new HandledError('errNotFound');
    return i;
  }

  async function termsFor(intent: Intent): Promise<Terms | null> {
    if (intent.termsId) return (await vault.get('terms', intent.termsId)) ?? null;
    return activeTerms(vault);
  }

  const termsRef = (t: Terms | null): TermsRef | undefined =>
    t ? { uri: t.uri ?? `urn:sha256:${t.sha256}`, sha256: t.sha256 } : undefined;

  async function personaFor(intent: Intent): Promise<Persona | undefined> {
    if (intent.reveal.length === 0) return undefined;
    if (intent.personaId) return vault.get('personas', intent.personaId);
    return undefined;
  }

  /** One delivery attempt of an intent to one brand; writes the ledger entry when the brand has it. */
  async function deliver(intent: Intent, d: Delivery, ctx: { persona: Persona | undefined; terms: Terms | null }): Promise<Delivery> {
    const at = now();
    const brand = await vault.get('brands', d.brandId);
    if (!brand?.intentEndpoint || !brand.keys)
      return { ...d, status: 'rejected', reason: 'errBrandNoEndpoint', nextAttemptAt: undefined, updatedAt: at };
    const revealed = revealedFields(ctx.persona, intent.reveal);
    const terms = termsRef(ctx.terms);
    const attempts = d.attempts + 1;
    // The ledger entry is written BEFORE the values leave, marked unconfirmed, and settled by the
    // answer: confirmed when the brand has them, removed when they certainly did not reach it. A
    // browser killed in between leaves an entry that says "may have received", never a brand that
    // holds data the ledger does not show.
    const entry: Share = ShareSchema.parse({
      id: crypto.randomUUID(),
      site: brand.origin,
      brandId: brand.id,
      ...(intent.personaId && ctx.persona ? { personaId: intent.personaId } : {}),
      channel: 'intent',
      fields: Object.entries(revealed).map(([token, value]) => ({ token, value })),
      ...(ctx.terms ? { termsId: ctx.terms.id, termsSha256: ctx.terms.sha256 } : {}),
      frameOrigin: brand.origin,
      intentId: intent.id,
      unconfirmed: true,
      at,
    });
    await vault.put('shares', entry);
    const confirm = async () => {
      const { unconfirmed: _u, ...confirmed } = entry;
      await vault.put('shares', confirmed);
      await settleEarlier(brand.origin, intent.id, entry.id);
    };
    try {
      const document = buildIntentDocument(intent, {
        identifier: intentIdentifier(intent.id, brand.keys.publicKey),
        revealed,
        ...(terms ? { terms } : {}),
      });
      const keys = brand.keys;
      await withRotation(vault, brand, (b) => broadcastIntent({ target: target(b), keys, document }), now);
      await confirm();
      const next: Delivery = { brandId: d.brandId, status: 'sent', attempts, updatedAt: at };
      return next;
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      if (e.retryable) {
        // Unreachable or failed before the brand took it: no one received the values.
        await vault.delete('shares', entry.id);
        const giveUp = attempts >= MAX_ATTEMPTS;
        const status = e.code === 'errBrandFailed' ? 'retrying' : 'unreachable';
        return {
          brandId: d.brandId,
          status,
          reason: reasonOf(e),
          attempts,
          ...(giveUp ? {} : { nextAttemptAt: at + backoffMs(attempts) }),
          updatedAt: at,
        };
      }
      // The brand answered, so it has the intent even though its answer was refused: the ledger says so.
      if (e.httpStatus !== undefined || RECEIVED_DESPITE.has(e.code)) await confirm();
      else await vault.delete('shares', entry.id);
      return { brandId: d.brandId, status: 'rejected', reason: reasonOf(e), attempts, updatedAt: at };
    }
  }

  /**
   * Once a delivery of an intent to a brand is confirmed, entries an earlier attempt left
   * unconfirmed (a crash mid-send) are the same intent to the same brand: the confirmed entry
   * replaces them, so the ledger lists the intent once.
   */
  async function settleEarlier(site: string, intentId: string, keep: string): Promise<void> {
    const { records } = await vault.bySite('shares', site);
    for (const s of records) if (s.id !== keep && s.unconfirmed && s.intentId === intentId) await vault.delete('shares', s.id);
  }

  /** A signed withdrawal to one brand that received the intent. */
  async function withdrawOne(intent: Intent, d: Delivery): Promise<Delivery> {
    const at = now();
    const brand = await vault.get('brands', d.brandId);
    if (!brand?.intentEndpoint || !brand.keys)
      return { ...d, status: 'withdraw-failed', reason: 'errBrandNoEndpoint', nextAttemptAt: undefined, updatedAt: at };
    const attempts = d.status === 'withdraw-failed' ? d.attempts + 1 : 1;
    try {
      const keys = brand.keys;
      const identifier = intentIdentifier(intent.id, keys.publicKey);
      await withRotation(vault, brand, (b) => withdrawIntent({ target: target(b), keys, identifier }), now);
      return { brandId: d.brandId, status: 'withdrawn', attempts, updatedAt: at };
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      // The brand no longer knows it: nothing left to withdraw.
      if (e.code === 'errBrandNotFound') return { brandId: d.brandId, status: 'withdrawn', reason: reasonOf(e), attempts, updatedAt: at };
      const retry = e.retryable && attempts < MAX_ATTEMPTS;
      return {
        brandId: d.brandId,
        status: 'withdraw-failed',
        reason: reasonOf(e),
        attempts,
        ...(retry ? { nextAttemptAt: at + backoffMs(attempts) } : {}),
        updatedAt: at,
      };
    }
  }

  /** Withdraws everywhere the intent was received; deliveries still pending stop without contact. */
  async function withdraw(intent: Intent, status: 'withdrawn' | 'expired'): Promise<Intent> {
    const at = now();
    const deliveries = await pool(intent.deliveries, CONCURRENCY, async (d) => {
      if (d.status === 'sent' || d.status === 'withdraw-failed') return withdrawOne(intent, d);
      if (d.status === 'withdrawn' || d.status === 'rejected') return d;
      // Never received (pending, retrying, unreachable): no more tries.
      const { nextAttemptAt: _drop, ...rest } = d;
      return { ...rest, status: 'withdrawn' as const, reason: 'notDelivered', updatedAt: at };
    });
    const next: Intent = { ...intent, status, deliveries };
    await vault.put('intents', next);
    return next;
  }

  async function broadcast(intent: Intent, only?: (d: Delivery) => boolean): Promise<Intent> {
    const ctx = { persona: await personaFor(intent), terms: await termsFor(intent) };
    const send = only ?? ((d: Delivery) => d.status !== 'sent' && d.status !== 'withdrawn' && d.status !== 'withdraw-failed');
    const deliveries = await pool(intent.deliveries, CONCURRENCY, (d) => (send(d) ? deliver(intent, d, ctx) : Promise.resolve(d)));
    // The intent may have been withdrawn meanwhile: do not resurrect it.
    const latest = await vault.get('intents', intent.id);
    if (latest && latest.status !== 'draft' && latest.status !== 'active') return latest;
    const next: Intent = { ...intent, status: 'active', deliveries };
    await vault.put('intents', next);
    return next;
  }

  return { serial, loadIntent, withdrawOne, withdraw, broadcast };
}
