/**
 * The ledger: who received which values, when, through which channel, under which terms, and the
 * requests sent to take it back. Extension pages only; the vault must be unlocked.
 *
 * - `ledger/site`: one site's entries with their values (the popup, and "show values" in options).
 * - `ledger/all`: every site, grouped, newest first. Values are left out (empty strings): the
 *   options page asks `ledger/site` when the person reveals them, so values cross to a page only on
 *   demand. Each site carries at most LEDGER_SITE_LIMIT entries (its newest); the oldest one sent
 *   is newer than `firstAt` when more exist. A ledger of 100,000 entries stays a reply of a few MB.
 * - `ledger/export`: everything, values included, as JSON or CSV (one row per shared field).
 * - `brands/forget`: every record about one site, readable or not, through the blind index.
 */

import { agreementInForce, byStored, revocationOf } from '../../shared/agreements';
import type { LedgerSite, Msg } from '../../shared/messages';
import { type Agreement, type Brand, type DataRightsRequest, type RecordTable, type Share, SITE_INDEXED } from '../../shared/records';
import { normalizeSite } from '../../vault/site';
import type { Vault } from '../../vault/vault';

/** Entries per site in `ledger/all`; the rest are one `ledger/site` away. */
export const LEDGER_SITE_LIMIT = 50;

export function ledgerHandlers(vault: Vault) {
  return {
    'ledger/site': async (m: Msg<'ledger/site'>) => {
      const { records, failures } = await vault.bySite('shares', m.site);
      records.sort((a, b) => b.at - a.at);
      return { shares: records, failures };
    },
    'ledger/all': async (_m: Msg<'ledger/all'>) => {
      const [shares, brands, requests, agreements] = await Promise.all([
        vault.list('shares'),
        vault.list('brands'),
        vault.list('requests'),
        vault.list('agreements'),
      ]);
      const sites = groupLedger(shares.records, brands.records, requests.records, {
        limit: LEDGER_SITE_LIMIT,
        values: false,
        agreements: agreements.records,
      });
      return { sites, failures: [...shares.failures, ...brands.failures, ...requests.failures, ...agreements.failures] };
    },
    'ledger/export': async (m: Msg<'ledger/export'>) => {
      const [shares, requests, agreements] = await Promise.all([vault.list('shares'), vault.list('requests'), vault.list('agreements')]);
      return exportLedger(m.format, shares.records, requests.records, new Date(), agreements.records);
    },
    'brands/forget': async (m: Msg<'brands/forget'>) => forgetSite(vault, m.site),
  };
}

/** Deletes every record about `site` in each site-indexed table (shares, brands with their keys, requests, site settings), and the brands' offers. */
export async function forgetSite(vault: Vault, site: string): Promise<{ removed: Record<string, number> }> {
  const removed: Record<string, number> = {};
  // Offers name their brand by id only: find the brand ids before the brands go.
  const brandIds = new Set((await vault.bySite('brands', site)).records.map((b) => b.id));
  for (const table of Object.keys(SITE_INDEXED) as RecordTable[]) removed[table] = await vault.deleteBySite(table, site);
  if (brandIds.size > 0) {
    const offers = (await vault.list('offers')).records.filter((o) => brandIds.has(o.brandId));
    for (const o of offers) await vault.delete('offers', o.id);
    removed.offers = offers.length;
  }
  return { removed };
}

// ---- pure helpers (tested in test/unit/ledger.test.ts) ----------------------------------------

export interface GroupOptions {
  /** Most entries kept per site (its newest); Infinity for all. */
  limit?: number;
  /** false: field values replaced by '' (revealed later through ledger/site). */
  values?: boolean;
  /** MyTerms agreement records, listed with their site (sites with only agreements are listed too). */
  agreements?: readonly Agreement[];
}

/**
 * Shares grouped by site (normalized origin), each with the brand known for that origin and the
 * requests sent to it; sites with requests but no entries are listed too. Sites most recently
 * active first; entries and requests newest first. `firstAt` is the site's first entry (its first
 * request when it has none); `lastAt` its latest activity. O(n log n) in the number of entries.
 */
export function groupLedger(
  shares: readonly Share[],
  brands: readonly Brand[],
  requests: readonly DataRightsRequest[],
  opts: GroupOptions = {},
): LedgerSite[] {
  const limit = opts.limit ?? Infinity;
  const keyCache = new Map<string, string>();
  const keyOf = (s: string) => {
    let k = keyCache.get(s);
    if (k === undefined) {
      k = normalizeSite(s);
      keyCache.set(s, k);
    }
    return k;
  };
  interface Acc {
    site: string;
    shares: Share[];
    requests: DataRightsRequest[];
    agreements: Agreement[];
    firstAt: number;
    lastAt: number;
  }
  const groups = new Map<string, Acc>();
  const acc = (site: string): Acc => {
    const key = keyOf(site);
    let g = groups.get(key);
    if (!g) {
      g = { site: key, shares: [], requests: [], agreements: [], firstAt: Infinity, lastAt: -Infinity };
      groups.set(key, g);
    }
    return g;
  };
  for (const s of shares) {
    const g = acc(s.site);
    g.shares.push(s);
    if (s.at < g.firstAt) g.firstAt = s.at;
    if (s.at > g.lastAt) g.lastAt = s.at;
  }
  for (const r of requests) {
    const g = acc(r.site);
    g.requests.push(r);
    if (r.createdAt > g.lastAt) g.lastAt = r.createdAt;
  }
  for (const a of opts.agreements ?? []) {
    const g = acc(a.site);
    g.agreements.push(a);
    if (a.storedAt > g.lastAt) g.lastAt = a.storedAt;
  }
  const brandBySite = new Map<string, Brand>();
  for (const b of brands) {
    const key = keyOf(b.origin);
    const seen = brandBySite.get(key);
    if (!seen || b.addedAt > seen.addedAt) brandBySite.set(key, b);
  }
  const out: LedgerSite[] = [];
  for (const g of groups.values()) {
    g.shares.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
    g.requests.sort((a, b) => b.createdAt - a.createdAt);
    const kept = g.shares.length > limit ? g.shares.slice(0, limit) : g.shares;
    const b = brandBySite.get(g.site);
    out.push({
      site: g.site,
      brand: b
        ? {
            ...(b.name ? { name: b.name } : {}),
            ...(b.dataRightsEndpoint ? { dataRightsEndpoint: b.dataRightsEndpoint } : {}),
            hasKey: Boolean(b.keys),
          }
        : null,
      shares: opts.values === false ? kept.map(withoutValues) : kept,
      requests: g.requests,
      agreements: g.agreements.sort(byStored),
      // The first entry (so a page can tell whether older ones were left out), else the first request.
      firstAt: g.shares.length > 0 ? g.firstAt : Math.min(...g.requests.map((r) => r.createdAt), ...g.agreements.map((a) => a.storedAt)),
      lastAt: g.lastAt,
    });
  }
  out.sort((a, b) => b.lastAt - a.lastAt || a.site.localeCompare(b.site));
  return out;
}

function withoutValues(s: Share): Share {
  return { ...s, fields: s.fields.map((f) => ({ ...f, value: '' })) };
}

/** CSV columns: one row per shared field. */
/** `agreement`: the MyTerms agreement in force with the site when the share was made; `unconfirmed`: "yes" for an entry written before the values left whose answer never came. */
const CSV_COLUMNS = ['site', 'at', 'channel', 'token', 'label', 'value', 'terms_sha256', 'agreement', 'unconfirmed'] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma, CR or LF, quotes doubled. A cell
 * that a spreadsheet would read as a formula (starting with = + - @, or a tab or CR) gets a leading
 * apostrophe first (OWASP "CSV injection").
 */
export function csvCell(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export interface LedgerExport {
  filename: string;
  data: string;
  mime: string;
}

/** The whole ledger as a file: JSON (shares and requests) or CSV (one row per shared field). */
export function exportLedger(
  format: 'json' | 'csv',
  shares: readonly Share[],
  requests: readonly DataRightsRequest[],
  now: Date,
  agreements: readonly Agreement[] = [],
): LedgerExport {
  const day = now.toISOString().slice(0, 10);
  const sorted = [...shares].sort((a, b) => b.at - a.at);
  if (format === 'json') {
    const doc = {
      format: 'proffer-ledger',
      version: 1,
      exportedAt: now.toISOString(),
      shares: sorted,
      requests: [...requests].sort((a, b) => b.createdAt - a.createdAt),
      // Each exactly as both parties keep it: `npm run verify:agreement -- FILE` checks them all.
      agreements: [...agreements].sort(byStored).map((a) => {
        const revocation = revocationOf(a);
        return { site: a.site, storedAt: a.storedAt, record: a.record, ...(revocation ? { revocation } : {}) };
      }),
    };
    return { filename: `proffer-ledger-${day}.json`, data: `${JSON.stringify(doc, null, 2)}\n`, mime: 'application/json' };
  }
  const rows: string[][] = [[...CSV_COLUMNS]];
  const bySite = new Map<string, Agreement[]>();
  for (const a of agreements) bySite.set(a.site, [...(bySite.get(a.site) ?? []), a]);
  for (const s of sorted) {
    const at = new Date(s.at).toISOString();
    const agreed = agreementInForce(bySite.get(s.site) ?? [], s.at)?.record.agreement.id ?? '';
    for (const f of s.fields)
      rows.push([s.site, at, s.channel, f.token, f.label ?? '', f.value, s.termsSha256 ?? '', agreed, s.unconfirmed ? 'yes' : '']);
  }
  return { filename: `proffer-ledger-${day}.csv`, data: toCsv(rows), mime: 'text/csv' };
}
