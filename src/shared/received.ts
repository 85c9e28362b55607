/**
 * What one site itself received, from the ledger: a data-rights request names only values that the
 * site's own origin was given. A fill writes into the site's page and, when the person approved it,
 * into cross-origin frames (a payment provider's card form); those frames' values went to another
 * origin, so they never identify the person to the site.
 */
import type { Share } from './records';

export interface ReceivedValue {
  token: string;
  value: string;
  label?: string;
}

/**
 * The newest value of each wanted token that `site` (an origin) itself received (`receivedBySite`).
 * @example identifiersReceivedBy(shares, 'https://shop.example', ['email']) // [{ token: 'email', value: 'ada@example.org' }]
 */
export function identifiersReceivedBy(shares: readonly Share[], site: string, wanted: readonly string[]): ReceivedValue[] {
  const want = new Set(wanted);
  const out: ReceivedValue[] = [];
  for (const s of [...shares].sort((a, b) => b.at - a.at)) {
    if (s.site !== site) continue;
    for (const f of s.fields) {
      if (!receivedBySite(s, f) || !want.has(f.token) || !f.value || out.some((i) => i.token === f.token)) continue;
      out.push({ token: f.token, value: f.value, ...(f.label ? { label: f.label } : {}) });
    }
  }
  return out;
}

/**
 * Whether the share's site itself (not a cross-origin frame on its pages) received `field`.
 * A field names its origin when a cross-origin frame received it. Entries written before fields
 * carried their origin say only that some frame was cross-origin (`frameOrigin`): their fields
 * cannot be told apart, so none of them counts.
 */
export function receivedBySite(share: Share, field: Share['fields'][number]): boolean {
  if (field.origin !== undefined) return field.origin === share.site;
  // Since fields name their frame, a share with a cross-origin frame has at least one field that says so.
  const unsure = share.frameOrigin !== undefined && share.frameOrigin !== share.site && !share.fields.some((f) => f.origin !== undefined);
  return !unsure;
}
