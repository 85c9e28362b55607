/** Helpers over stored MyTerms agreement records (records.ts AgreementSchema), for the background and the pages. */
import type { AgreementRevocation } from './myterms';
import type { Agreement, AgreementEvent } from './records';

/** Newest stored first. */
export const byStored = (a: Agreement, b: Agreement): number => b.storedAt - a.storedAt || (a.id < b.id ? 1 : -1);

/** The signed revocation of a record, if the person revoked it (the first one stands). */
export function revocationOf(a: Agreement): AgreementRevocation | null {
  for (const e of a.events ?? []) if (e.type === 'revoked') return e.revocation;
  return null;
}

/** When the record was revoked (ms), or null. */
export function revokedAt(a: Agreement): number | null {
  const v = revocationOf(a);
  return v ? Date.parse(v.revoked_at) : null;
}

/** The latest attempt to hand the revocation to the site, or null. */
export function revocationSent(a: Agreement): Extract<AgreementEvent, { type: 'revocation-sent' }> | null {
  let last: Extract<AgreementEvent, { type: 'revocation-sent' }> | null = null;
  for (const e of a.events ?? []) if (e.type === 'revocation-sent' && (!last || e.at >= last.at)) last = e;
  return last;
}

/**
 * Whether the person kept their own terms after this counter, and still does: their latest choice
 * about it is `kept-mine` (not cleared), made under the terms version in force now (`termsId`).
 * Returns when they chose, or null.
 */
export function keptMineAt(a: Agreement, termsId: string | undefined): number | null {
  const last = keepChoice(a);
  return last?.type === 'kept-mine' && last.termsId === termsId ? last.at : null;
}

/** The person's latest choice about a counter: kept their terms, or asked to be asked again; null if none. */
export function keepChoice(a: Agreement): Extract<AgreementEvent, { type: 'kept-mine' | 'ask-again' }> | null {
  if (a.record.decision !== 'counter') return null;
  let last: Extract<AgreementEvent, { type: 'kept-mine' | 'ask-again' }> | null = null;
  for (const e of a.events ?? []) if ((e.type === 'kept-mine' || e.type === 'ask-again') && (!last || e.at >= last.at)) last = e;
  return last;
}

/**
 * The agreement in force with a site at `at` (ms): the latest record the site accepted by then,
 * unless the person revoked it by then (an older agreement it replaced does not come back).
 */
export function agreementInForce(agreements: readonly Agreement[], at = Infinity): Agreement | null {
  let best: Agreement | null = null;
  for (const a of agreements) {
    if (a.record.decision !== 'accept') continue;
    const decided = Date.parse(a.record.decided_at);
    if (decided > at) continue;
    if (!best || decided > Date.parse(best.record.decided_at)) best = a;
  }
  const revoked = best ? revokedAt(best) : null;
  return revoked !== null && revoked <= at ? null : best;
}
