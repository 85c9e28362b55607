/**
 * Offers: what brands answer an intent with. Read (polled) for every delivery that reached its
 * brand, stored under an id derived from the intent, the brand and the offer's identifier (so a
 * second read updates rather than duplicates), marked read or dismissed by the person, and counted
 * for the toolbar badge (unread offers of active intents).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ProtocolError } from '../../protocol/errors';
import { fetchOffers, intentIdentifier } from '../../protocol/intents';
import type { Msg } from '../../shared/messages';
import type { Intent, Offer } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';
import { withRotation } from './brand-keys';
import { CONCURRENCY, pool, reasonOf, target } from './delivery';

const offerId = (intentId: string, brandId: string, identifier: string): string =>
  `o-${bytesToHex(sha256(new TextEncoder().encode(`${intentId}\n${brandId}\n${identifier}`))).slice(0, 40)}`;

export function intentOffers(vault: Vault, now: () => number, setBadge: (unread: number) => Promise<void>) {
  /** Reads offers for every delivery that reached its brand; returns how many new offers arrived. */
  async function pollOffers(intent: Intent, known: Map<string, Offer>): Promise<{ intent: Intent; added: number }> {
    let added = 0;
    const deliveries = await pool(intent.deliveries, CONCURRENCY, async (d) => {
      if (d.status !== 'sent') return d;
      const brand = await vault.get('brands', d.brandId);
      if (!brand?.intentEndpoint || !brand.keys) return d;
      try {
        const keys = brand.keys;
        const identifier = intentIdentifier(intent.id, keys.publicKey);
        const { offers } = await withRotation(vault, brand, (b) => fetchOffers({ target: target(b), keys, identifier, now }), now);
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

  /** The person read or dismissed an offer (or took that back); the badge follows. */
  async function mark(m: Msg<'offers/mark'>): Promise<Offer> {
    const o = await vault.get('offers', m.id);
    if (!o) throw new HandledError('errNotFound');
    const offer = await vault.put('offers', {
      ...o,
      ...(m.read !== undefined ? { read: m.read } : {}),
      ...(m.dismissed !== undefined ? { dismissed: m.dismissed } : {}),
    });
    await refreshBadge();
    return offer;
  }

  return { pollOffers, unreadCount, refreshBadge, mark };
}
