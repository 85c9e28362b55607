/**
 * Intentcasting: the person's brand list, intents (compose, broadcast, withdraw), and the offers
 * brands answer with. The work is in ../intents/: delivery.ts (signed deliveries and withdrawals,
 * backoff, one operation per intent at a time), offers.ts (reading, storing, marking offers; the
 * badge) and alarm.ts (`tick()`, what the 'intents-poll' alarm runs).
 */
import { discover, normalizeOrigin, pinnedKeysOf, pinnedKeysRecord } from '../../protocol/client';
import { ProtocolError } from '../../protocol/errors';
import { generateBrandKeys } from '../../protocol/sign';
import type { IntentBrand, Msg } from '../../shared/messages';
import type { Brand, Intent } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { setBadgeCount } from '../badge';
import { intentsPass } from '../intents/alarm';
import { CONCURRENCY, intentDelivery, pool } from '../intents/delivery';
import { intentOffers } from '../intents/offers';
import { HandledError } from '../router';

const toIntentBrand = (b: Brand): IntentBrand => ({
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
  const delivery = intentDelivery(vault, now);
  const offerStore = intentOffers(vault, now, setBadge);
  const { serial, loadIntent, withdraw, withdrawOne, broadcast } = delivery;
  const { unreadCount, refreshBadge } = offerStore;
  const tick = intentsPass(vault, now, delivery, offerStore);

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
        // Keys pinned on first contact stay pinned: discover() refuses a vrm.json that drops or swaps
        // them without a rotation statement signed by one of them.
        const existing = (await vault.bySite('brands', origin)).records.sort((a, b) => b.addedAt - a.addedAt)[0];
        const pinned = pinnedKeysOf(existing);
        let found: Awaited<ReturnType<typeof discover>>;
        try {
          found = await discover(origin, pinned ? { pinned } : {});
        } catch (e) {
          if (e instanceof ProtocolError) throw new HandledError(e.code, e.detail);
          throw e;
        }
        if (!found.intents) throw new HandledError('errBrandNoEndpoint', 'intents');
        const brand: Brand = {
          ...(existing ?? { id: crypto.randomUUID(), origin, addedAt: now() }),
          origin,
          name: found.name,
          intentEndpoint: found.intents.endpoint,
          ...(found.dataRights ? { dataRightsEndpoint: found.dataRights.endpoint } : {}),
          acceptedTerms: found.acceptedTerms.slice(0, 50),
          ...pinnedKeysRecord(existing, found, now()),
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
      'offers/mark': async (m: Msg<'offers/mark'>) => ({ offer: await offerStore.mark(m) }),
    },
  };
}
