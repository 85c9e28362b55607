/** Email aliases: plus-addressing the persona's email with the registrable name of the site. */
import { getDomainWithoutSuffix } from 'tldts';

/**
 * The alias tag for a site: its registrable name ("https://shop.example.co.uk" -> "example"),
 * lowercased and reduced to [a-z0-9-], at most 32 characters.
 */
export function aliasTag(site: string): string {
  let host = site.trim().toLowerCase();
  try {
    host = new URL(host.includes('://') ? host : `https://${host}`).hostname;
  } catch {
    /* keep as given */
  }
  host = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  // The registrable name by the public-suffix list: news.bbc.co.uk -> bbc; IPs and single labels stay whole.
  const name =
    (!/^[\d.]+$/.test(host) && !host.includes(':') && getDomainWithoutSuffix(host, { validateHostname: false })) ||
    host.split('.').filter(Boolean).join('.');
  return name
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
}

/**
 * Plus-address `email` for `site`: aliasEmail('ann@example.org', 'https://shop.example.com')
 * -> 'ann+example@example.org'. An existing +tag is replaced. Returns null for an invalid address.
 */
export function aliasEmail(email: string, site: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  const local = email.slice(0, at).split('+')[0]!;
  const tag = aliasTag(site);
  if (!local) return null;
  return tag ? `${local}+${tag}@${email.slice(at + 1)}` : `${local}@${email.slice(at + 1)}`;
}
