/** Helpers over stored MyTerms agreement records (records.ts AgreementSchema), for the background and the pages. */
import type { Agreement } from './records';

/** Newest stored first. */
export const byStored = (a: Agreement, b: Agreement): number => b.storedAt - a.storedAt || (a.id < b.id ? 1 : -1);

/** The agreement in force with a site at `at` (ms): the latest record the site accepted by then. */
export function agreementInForce(agreements: readonly Agreement[], at = Infinity): Agreement | null {
  let best: Agreement | null = null;
  for (const a of agreements) {
    if (a.record.decision !== 'accept') continue;
    const decided = Date.parse(a.record.decided_at);
    if (decided > at) continue;
    if (!best || decided > Date.parse(best.record.decided_at)) best = a;
  }
  return best;
}
