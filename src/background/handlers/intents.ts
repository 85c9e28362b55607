/**
 * Intentcasting: the person's brand list, intents (compose, broadcast, withdraw), and the offers
 * brands answer with. Each brand gets the intent signed with the person's pairwise key for it and
 * only the fields revealed; each delivery is tracked per brand (sent, rejected with the reason,
 * unreachable or retrying with backoff) and each one a brand received is a ledger entry (channel
 * 'intent') with exactly the revealed values and the terms in force.
 *
 * `tick()` is what the 'intents-poll' alarm runs: expire lapsed intents (withdrawing them), retry
 * due deliveries and withdrawals, read offers, and set the badge to the unread offer count.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { discover, normalizeOrigin } from '../../protocol/client';
import { ProtocolError } from '../../protocol/errors';
import {
  broadcastIntent,
  buildIntentDocument,
  fetchOffers,
  type IntentTarget,
  intentIdentifier,
  revealedFields,
  withdrawIntent,
} from '../../protocol/intents';
import type { TermsRef } from '../../protocol/schemas';
import { generateBrandKeys } from '../../protocol/sign';
import type { IntentBrand, Msg } from '../../shared/messages';
import type { Brand, Intent, Offer, Persona, Terms } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { setBadgeCount } from '../badge';
import { HandledError } from '../router';
import { activeTerms } from '../terms';

type Delivery = Intent['deliveries'][number];

export const INTENTS_ALARM = 'intents-poll';
/** Tries per delivery before giving up (the person can still broadcast again). */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 60 * 60_000;
/** Brands contacted at once. */
const CONCURRENCY = 16;

/** Delay before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, ... capped at 6 h. */
export const backoffMs = (attempts: number): number => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
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

const reasonOf = (e: ProtocolError): string => (e.detail ? `${e.code}: ${e.detail}` : e.code).slice(0, 500);

export const toIntentBrand = (b: Brand): IntentBrand => ({
  id: b.id,
  origin: b.origin,
  ...(b.name ? { name: b.name } : {}),
  ...(b.intentEndpoint ? { intentEndpoint: b.intentEndpoint } : {}),
  inIntentList: b.inIntentList,
});

export interface IntentsOptions {
  /** Reports the unread offer count for the toolbar badge; badge.ts by default. */
  setBadge?: (unread: number) => Promise<void>;
  now?: () => number;
}

export function intentHandlers(vault: Vault, opts: IntentsOptions = {}) {
  const now = opts.now ?? Date.now;
  const setBadge = opts.setBadge ?? ((n: number) => setBadgeCount('unread', n));

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

  const target = (b: Brand): IntentTarget => ({ origin: b.origin, endpoint: b.intentEndpoint!, brandKeys: b.brandKeys ?? [] });

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
    const record = () =>
      vault.put('shares', {
        id: crypto.randomUUID(),
        site: brand.origin,
        brandId: brand.id,
        ...(intent.personaId && ctx.persona ? { personaId: intent.personaId } : {}),
        channel: 'intent',
        fields: Object.entries(revealed).map(([token, value]) => ({ token, value })),
        ...(ctx.terms ? { termsId: ctx.terms.id, termsSha256: ctx.terms.sha256 } : {}),
        frameOrigin: brand.origin,
        at,
      });
    try {
      const document = buildIntentDocument(intent, {
        identifier: intentIdentifier(intent.id, brand.keys.publicKey),
        revealed,
        ...(terms ? { terms } : {}),
      });
      await broadcastIntent({ target: target(brand), keys: brand.keys, document });
      await record();
      const next: Delivery = { brandId: d.brandId, status: 'sent', attempts, updatedAt: at };
      return next;
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      if (e.retryable) {
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
      if (e.httpStatus !== undefined || RECEIVED_DESPITE.has(e.code)) await record();
      return { brandId: d.brandId, status: 'rejected', reason: reasonOf(e), attempts, updatedAt: at };
    }
  }

  /** A signed withdrawal to one brand that received the intent. */
  async function withdrawOne(intent: Intent, d: Delivery): Promise<Delivery> {
    const at = now();
    const brand = await vault.get('brands', d.brandId);
    if (!brand?.intentEndpoint || !brand.keys)
      return { ...d, status: 'withdraw-failed', reason: 'errBrandNoEndpoint', nextAttemptAt: undefined, updatedAt: at };
    const attempts = d.status === 'withdraw-failed' ? d.attempts + 1 : 1;
    try {
      await withdrawIntent({ target: target(brand), keys: brand.keys, identifier: intentIdentifier(intent.id, brand.keys.publicKey) });
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

  const offerId = (intentId: string, brandId: string, identifier: string): string =>
    `o-${bytesToHex(sha256(new TextEncoder().encode(`${intentId}\n${brandId}\n${identifier}`))).slice(0, 40)}`;

  /** Reads offers for every delivery that reached its brand; returns how many new offers arrived. */
  async function pollOffers(intent: Intent, known: Map<string, Offer>): Promise<{ intent: Intent; added: number }> {
    let added = 0;
    const deliveries = await pool(intent.deliveries, CONCURRENCY, async (d) => {
      if (d.status !== 'sent') return d;
      const brand = await vault.get('brands', d.brandId);
      if (!brand?.intentEndpoint || !brand.keys) return d;
      try {
        const { offers } = await fetchOffers({
          target: target(brand),
          keys: brand.keys,
          identifier: intentIdentifier(intent.id, brand.keys.publicKey),
          now,
        });
        // Withdrawn (or expired) while we were asking: ignore what came back.
        const current = await vault.get('intents', intent.id);
        if (current?.status !== 'active') return d;
        const fresh: Offer[] = [];
        for (const o of offers) {
          const id = offerId(intent.id, brand.id, o.identifier);
          const old = known.get(id);
          const offer: Offer = {
            id,
            intentId: intent.id,
            brandId: brand.id,
            title: o.title,
            ...(o.description ? { description: o.description } : {}),
            ...(o.price ? { price: o.price } : {}),
            ...(o.url ? { url: o.url } : {}),
            ...(o.validUntil !== undefined ? { validUntil: o.validUntil } : {}),
            receivedAt: old?.receivedAt ?? now(),
            read: old?.read ?? false,
            dismissed: old?.dismissed ?? false,
          };
          if (!old) added++;
          known.set(id, offer);
          fresh.push(offer);
        }
        if (fresh.length) await vault.putMany('offers', fresh);
        if (d.reason) {
          const { reason: _r, ...rest } = d;
          return rest;
        }
        return d;
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        // Still sent; the reason says what the last read of offers ran into (shown with the delivery).
        return { ...d, reason: `offers: ${reasonOf(e)}`.slice(0, 500), updatedAt: now() };
      }
    });
    const current = await vault.get('intents', intent.id);
    if (current?.status !== 'active') return { intent: current ?? intent, added: 0 };
    const next = { ...intent, deliveries };
    await vault.put('intents', next);
    return { intent: next, added };
  }

  /** Offers to count: unread, not dismissed, of an active intent. */
  async function unreadCount(offers?: Offer[], intents?: Intent[]): Promise<number> {
    const os = offers ?? (await vault.list('offers')).records;
    const is = intents ?? (await vault.list('intents')).records;
    const active = new Set(is.filter((i) => i.status === 'active').map((i) => i.id));
    return os.filter((o) => !o.read && !o.dismissed && active.has(o.intentId)).length;
  }

  async function refreshBadge(): Promise<number> {
    const n = await unreadCount();
    await setBadge(n).catch(() => undefined);
    return n;
  }

  let ticking: Promise<number> | null = null;
  /**
   * One pass of the alarm: expire, retry, poll offers, badge. Concurrent calls share one pass.
   * `force` (the person's own "check now", intents/poll) retries undelivered intents without waiting
   * for their backoff; the alarm waits.
   */
  let tickingForced = false;
  function tick(force = false): Promise<number> {
    // A forced pass asked for during an ordinary one runs right after it (it must not miss retries).
    if (force && ticking && !tickingForced) return ticking.catch(() => 0).then(() => tick(true));
    if (!ticking) tickingForced = force;
    ticking ??= (async () => {
      try {
        const t = force ? Number.MAX_SAFE_INTEGER : now();
        const { records: intents } = await vault.list('intents');
        const known = new Map((await vault.list('offers')).records.map((o) => [o.id, o] as const));
        let added = 0;
        for (const listed of intents) {
          added += await serial(listed.id, async () => {
            // Re-read under the lock: a handler may have changed it since the list was taken.
            const intent = (await vault.get('intents', listed.id)) ?? listed;
            if (intent.status === 'active' && intent.expiresAt <= now()) {
              await withdraw(intent, 'expired');
              return 0;
            }
            let current = intent;
            if (current.status === 'withdrawn' || current.status === 'expired') {
              if (current.deliveries.some((d) => d.status === 'withdraw-failed' && d.nextAttemptAt !== undefined && d.nextAttemptAt <= t)) {
                const deliveries = await pool(current.deliveries, CONCURRENCY, (d) =>
                  d.status === 'withdraw-failed' && d.nextAttemptAt !== undefined && d.nextAttemptAt <= t
                    ? withdrawOne(current, d)
                    : Promise.resolve(d),
                );
                await vault.put('intents', { ...current, deliveries });
              }
              return 0;
            }
            if (current.status !== 'active') return 0;
            const due = (d: Delivery) =>
              (d.status === 'unreachable' || d.status === 'retrying' || d.status === 'pending') &&
              d.nextAttemptAt !== undefined &&
              d.nextAttemptAt <= t;
            if (current.deliveries.some(due)) current = await broadcast(current, due);
            if (current.status !== 'active') return 0;
            return (await pollOffers(current, known)).added;
          });
        }
        await refreshBadge();
        return added;
      } finally {
        ticking = null;
      }
    })();
    return ticking;
  }

  async function listBrands(): Promise<IntentBrand[]> {
    return (await vault.list('brands')).records
      .filter((b) => b.inIntentList)
      .sort((a, b) => a.addedAt - b.addedAt)
      .map(toIntentBrand);
  }

  return {
    tick,
    refreshBadge,
    handlers: {
      'intents/list': async () => {
        const [{ records: intents }, { records: offers }] = await Promise.all([vault.list('intents'), vault.list('offers')]);
        intents.sort((a, b) => b.createdAt - a.createdAt);
        offers.sort((a, b) => b.receivedAt - a.receivedAt);
        return { intents, offers, brands: await listBrands(), unread: await unreadCount(offers, intents) };
      },
      'intents/save': async (m: Msg<'intents/save'>) => {
        const input = m.intent;
        const existing = input.id ? await vault.get('intents', input.id) : undefined;
        if (input.id && !existing) throw new HandledError('errNotFound');
        if (existing && existing.status !== 'draft') throw new HandledError('errInvalidMessage', 'not_draft');
        if (input.expiresAt <= now()) throw new HandledError('errInvalidMessage', 'expiresAt');
        const reveal = [...new Set(input.reveal)];
        if (reveal.length > 0) {
          if (!input.personaId || !(await vault.get('personas', input.personaId))) throw new HandledError('errNoPersona');
        }
        const brandIds = [...new Set(input.brandIds)];
        for (const id of brandIds) {
          const b = await vault.get('brands', id);
          if (!b?.intentEndpoint) throw new HandledError('errBrandNoEndpoint', id);
        }
        if (input.termsId && !(await vault.get('terms', input.termsId))) throw new HandledError('errNotFound', 'terms');
        const at = now();
        const intent: Intent = {
          id: existing?.id ?? crypto.randomUUID(),
          what: input.what,
          ...(input.category ? { category: input.category } : {}),
          ...(input.budget ? { budget: input.budget } : {}),
          ...(input.quantity ? { quantity: input.quantity } : {}),
          condition: input.condition,
          ...(input.region ? { region: input.region } : {}),
          ...(input.deadline ? { deadline: input.deadline } : {}),
          ...(input.personaId ? { personaId: input.personaId } : {}),
          reveal,
          ...(input.termsId ? { termsId: input.termsId } : {}),
          expiresAt: input.expiresAt,
          status: 'draft',
          deliveries: brandIds.map((brandId) => ({ brandId, status: 'pending' as const, attempts: 0, updatedAt: at })),
          createdAt: existing?.createdAt ?? at,
        };
        return { intent: await vault.put('intents', intent) };
      },
      'intents/broadcast': async (m: Msg<'intents/broadcast'>) =>
        serial(m.id, async () => {
          const intent = await loadIntent(m.id);
          if (intent.status !== 'draft' && intent.status !== 'active') throw new HandledError('errInvalidMessage', 'closed');
          if (intent.expiresAt <= now()) return { intent: await withdraw(intent, 'expired') };
          // A broadcast is the person's own "send now": every delivery not yet received is tried, backoff or not.
          const next = await broadcast(intent);
          await refreshBadge();
          return { intent: next };
        }),
      'intents/withdraw': async (m: Msg<'intents/withdraw'>) =>
        serial(m.id, async () => {
          const intent = await loadIntent(m.id);
          if (intent.status === 'withdrawn' || intent.status === 'expired') {
            // Again: retry the withdrawals that failed.
            const deliveries = await pool(intent.deliveries, CONCURRENCY, (d) =>
              d.status === 'withdraw-failed' ? withdrawOne(intent, d) : Promise.resolve(d),
            );
            return { intent: await vault.put('intents', { ...intent, deliveries }) };
          }
          const next = await withdraw(intent, 'withdrawn');
          await refreshBadge();
          return { intent: next };
        }),
      'intents/poll': async () => ({ newOffers: await tick(true) }),
      'brands/add': async (m: Msg<'brands/add'>) => {
        let origin: string;
        try {
          origin = normalizeOrigin(m.origin);
        } catch (e) {
          throw new HandledError((e as ProtocolError).code ?? 'errBrandInsecure');
        }
        let found: Awaited<ReturnType<typeof discover>>;
        try {
          found = await discover(origin);
        } catch (e) {
          if (e instanceof ProtocolError) throw new HandledError(e.code, e.detail);
          throw e;
        }
        if (!found.intents) throw new HandledError('errBrandNoEndpoint', 'intents');
        const existing = (await vault.bySite('brands', origin)).records.sort((a, b) => b.addedAt - a.addedAt)[0];
        const brand: Brand = {
          ...(existing ?? { id: crypto.randomUUID(), origin, addedAt: now() }),
          origin,
          name: found.name,
          intentEndpoint: found.intents.endpoint,
          ...(found.dataRights ? { dataRightsEndpoint: found.dataRights.endpoint } : {}),
          acceptedTerms: found.acceptedTerms.slice(0, 50),
          brandKeys: found.brandKeys.slice(0, 8),
          ...(found.contact?.email ? { contactEmail: found.contact.email } : {}),
          keys: existing?.keys ?? generateBrandKeys(),
          inIntentList: true,
        } as Brand;
        return { brand: toIntentBrand(await vault.put('brands', brand)) };
      },
      'brands/remove': async (m: Msg<'brands/remove'>) => {
        const b = await vault.get('brands', m.id);
        if (!b) throw new HandledError('errNotFound');
        // Off the list only: the key stays, so intents it received can still be withdrawn.
        await vault.put('brands', { ...b, inIntentList: false });
        return {};
      },
      'offers/mark': async (m: Msg<'offers/mark'>) => {
        const o = await vault.get('offers', m.id);
        if (!o) throw new HandledError('errNotFound');
        const offer = await vault.put('offers', {
          ...o,
          ...(m.read !== undefined ? { read: m.read } : {}),
          ...(m.dismissed !== undefined ? { dismissed: m.dismissed } : {}),
        });
        await refreshBadge();
        return { offer };
      },
    },
  };
}
