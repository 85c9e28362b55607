/**
 * How a site is named for blind-index lookups, so `https://Shop.Example/cart` and
 * `https://shop.example` find the same records. A URL becomes its origin (scheme, lower-case
 * punycode host, non-default port); anything else (a bare host) is trimmed and lower-cased.
 * Sites are not grouped by registrable domain: `a.shop.example` and `shop.example` stay apart.
 */
export function normalizeSite(site: string): string {
  const s = site.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      const origin = new URL(s).origin;
      if (origin !== 'null') return origin;
    } catch {
      // not a URL after all: fall through to the plain form
    }
  }
  return s.toLowerCase().replace(/\/+$/, '');
}
