// bench/fields/folds.mjs — split the forms corpus into folds BY SITE, for cross-fold scores.
//
// Rules written while looking at one site's pages must be judged on other sites, so every page of
// one site lands in the same fold. The site of a page:
//  - formasaurus/: the host of `url_or_site` in its labels (the page's own address);
//  - duckduckgo/: its labels carry no address and the HTML no canonical / og:url / base href (checked:
//    none of the captures keeps one), so the file name says it: `account_asus_com_signup.html` minus its
//    page kind (`page_kind_from_filename`, here "signup") is `account.asus.com`; a name that is only a
//    kind ("amazon-mobile-payment-form") is cut at its first separator ("amazon").
//    A canonical / og:url / base href in the HTML, when present, wins over the name.
// The host is reduced to its registrable name without the public suffix (tldts): "forum.kanadam.com"
// and "kanadam.de" are both "kanadam", "account.asus.com" and "asus_signup" both "asus", so one brand's
// pages in either source, or under different country domains, share a fold. A name with no known
// suffix ("accor", "asana_board_title" -> "asana.board") is its first label, the brand that opens a
// file name.
// The fold of a site is a stable hash of that name (FNV-1a) modulo the number of folds: no list to
// maintain, and a new page of a known site always falls in that site's fold.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'tldts';

const URL_IN_HTML = [
  /<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"'>\s]+)/i,
  /<link\b[^>]*\bhref=["']([^"'>\s]+)["'][^>]*\brel=["']?canonical/i,
  /<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"'>\s]+)/i,
  /<base\b[^>]*\bhref=["'](https?:[^"'>\s]+)/i,
];

const GENERIC_HOST_LABEL = /^(www\d*|m|my|accounts?|login|signin|signup|auth|sso|id|secure|app|web|portal)$/;

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The registrable name of a host without its public suffix ("forum.kanadam.com" -> "kanadam"). */
export function siteName(host) {
  const h = host.toLowerCase().replace(/^www\d*\./, '');
  const p = parse(h);
  if (p.isIcann && p.domainWithoutSuffix) return p.domainWithoutSuffix;
  // (host-name conventions such as "accounts.", "login.", "auth." are not the brand)
  return h.split('.').find((l) => l && !GENERIC_HOST_LABEL.test(l)) || h;
}

/** The site of one corpus page ({ source, page, labels }), and how it was found. */
export function siteOf(corpus, { source, page, labels }) {
  if (/^https?:/i.test(labels.url_or_site || '')) {
    const h = hostOf(labels.url_or_site);
    if (h) return { site: siteName(h), from: 'url' };
  }
  let html = '';
  try {
    const fd = fs.openSync(path.join(corpus, source, page), 'r');
    const buf = Buffer.alloc(262144);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    html = buf.subarray(0, n).toString('utf8');
  } catch {}
  for (const re of URL_IN_HTML) {
    const m = re.exec(html);
    const h = m ? hostOf(m[1]) : '';
    if (h && h !== '127.0.0.1' && h !== 'localhost') return { site: siteName(h), from: 'html' };
  }
  let base = page.replace(/\.html?$/i, '');
  const kind = labels.page_kind_from_filename || '';
  if (kind && base.endsWith(`_${kind}`)) base = base.slice(0, -kind.length - 1);
  else if (kind && base === kind) base = base.split(/[-_]/)[0];
  return { site: siteName(base.replace(/_/g, '.')), from: 'filename' };
}

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The fold (0 .. n-1) of a site. */
export const foldOf = (site, n) => fnv1a(site) % n;
