/**
 * The 'intents-poll' alarm's pass: expire lapsed intents (withdrawing them), retry due deliveries
 * and withdrawals, read offers, and set the badge to the unread offer count.
 */
import type { Vault } from '../../vault/vault';
import { CONCURRENCY, type Delivery, type intentDelivery, pool } from './delivery';
import type { intentOffers } from './offers';

export const INTENTS_ALARM = 'intents-poll';

export function intentsPass(
  vault: Vault,
  now: () => number,
  { serial, withdraw, withdrawOne, broadcast }: ReturnType<typeof intentDelivery>,
  { pollOffers, refreshBadge }: ReturnType<typeof intentOffers>,
): (force?: boolean) => Promise<number> {
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
  return tick;
}
