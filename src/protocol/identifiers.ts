/**
 * Which of the person's values identify them to a brand, and in which shape: DRP identity claims for
 * the endpoint (identityFromFields) and labelled lines for the email fallback. Secrets and payment
 * data are never identifiers, whatever the person picks. No network, no crypto: safe in any page.
 */
import { Identity } from './schemas';

import { isSecretToken } from './secret-tokens';

export { isSecretToken };

/**
 * The DRP identity claims for the values the person chose to identify themselves with, from ledger
 * fields named by HTML autocomplete token. Secrets and payment data are dropped; values that do not
 * fit a claim's shape go under `other` by token.
 * @example identityFromFields([{ token: 'email', value: 'ada@example.org' }]) // { email: 'ada@example.org' }
 */
export function identityFromFields(fields: readonly { token: string; value: string }[]): Identity {
  const byToken = new Map<string, string>();
  for (const f of fields) {
    const value = f.value.replace(/\s+/g, ' ').trim();
    if (value && !isSecretToken(f.token) && !byToken.has(f.token)) byToken.set(f.token, value.slice(0, 400));
  }
  const take = (t: string) => {
    const v = byToken.get(t);
    byToken.delete(t);
    return v;
  };
  const identity: Identity = {};
  const email = take('email');
  if (email !== undefined) {
    if (Identity.shape.email.safeParse(email).success) identity.email = email;
    else byToken.set('email', email);
  }
  const tel = take('tel');
  if (tel !== undefined) {
    const compact = tel.replace(/[\s().-]/g, '');
    if (Identity.shape.phone_number.safeParse(compact).success) identity.phone_number = compact;
    else byToken.set('tel', tel);
  }
  const parts = ['honorific-prefix', 'given-name', 'additional-name', 'family-name'].map(take).filter(Boolean);
  const name = take('name') ?? (parts.length ? parts.join(' ') : undefined);
  if (name !== undefined) identity.name = name.slice(0, 200);
  const street =
    take('street-address') ?? (['address-line1', 'address-line2', 'address-line3'].map(take).filter(Boolean).join(', ') || undefined);
  const address = {
    ...(street ? { street_address: street } : {}),
    ...optional('locality', take('address-level2')?.slice(0, 200)),
    ...optional('region', take('address-level1')?.slice(0, 200)),
    ...optional('postal_code', take('postal-code')?.slice(0, 20)),
    ...optional('country', (take('country') ?? take('country-name'))?.slice(0, 60)),
  };
  if (Object.keys(address).length > 0) identity.address = address;
  const other: Record<string, string> = {};
  for (const [token, value] of byToken) if (/^[a-z][a-z0-9-]{0,63}$/.test(token)) other[token] = value;
  if (Object.keys(other).length > 0) identity.other = other;
  return Identity.parse(identity);
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;
