/** Email aliases: plus-addressing the persona's email with the registrable name of the site. */

/** Second-level public suffixes common enough to matter for alias tags (from the Public Suffix List, a platform convention; issue 15 replaces this with tldts). */
const SECOND_LEVEL = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'me.uk',
  'ltd.uk',
  'plc.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'org.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'com.br',
  'com.mx',
  'co.za',
  'com.cn',
  'com.tw',
  'com.hk',
  'co.in',
  'co.kr',
  'com.sg',
  'com.tr',
  'co.il',
  'com.ar',
  'co.at',
  'or.at',
  'com.es',
  'com.pt',
  'com.pl',
]);

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
  const labels = host.split('.').filter(Boolean);
  let name = host;
  if (!/^[\d.]+$/.test(host) && !host.includes(':') && labels.length >= 2) {
    const two = labels.slice(-2).join('.');
    name = SECOND_LEVEL.has(two) && labels.length >= 3 ? labels[labels.length - 3]! : labels[labels.length - 2]!;
  }
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
