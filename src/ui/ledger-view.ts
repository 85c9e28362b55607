/**
 * "Who has my data", without a DOM: search and filters over the ledger's sites, the words and dates
 * an entry or a request is shown with, and which identifiers a deletion request offers. Used by the
 * options page and the popup; tested in test/unit/ledger-view.test.ts.
 */
import { isSecretToken } from '../protocol/secret-tokens';
import type { LedgerSite } from '../shared/messages';
import { receivedBySite } from '../shared/received';
import type { DataRightsRequest, Share, Terms } from '../shared/records';
import { shortHash } from '../shared/terms';
import { tokenLabelKey } from './field-labels';
import { t } from './i18n';

export type ChannelFilter = 'all' | Share['channel'];

export interface LedgerFilter {
  query: string;
  channel: ChannelFilter;
  openOnly: boolean;
}

export const EMPTY_FILTER: LedgerFilter = { query: '', channel: 'all', openOnly: false };

const FINAL_STATUSES: ReadonlySet<string> = new Set(['fulfilled', 'denied', 'expired', 'revoked']);

/** A request still waiting for the brand (or for the person to record the answer). */
export const isOpenRequest = (r: Pick<DataRightsRequest, 'status'>): boolean => !FINAL_STATUSES.has(r.status);

/** Folded for matching: lower case, accents removed. */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Does the site match every word of the query: in its origin, brand name, or a field's label or token? */
export function matchesQuery(site: LedgerSite, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [site.site, site.brand?.name ?? ''];
  const seen = new Set<string>();
  for (const s of site.shares) {
    for (const f of s.fields) {
      const k = `${f.token}\u0000${f.label ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      hay.push(f.token, fieldName(f));
    }
  }
  const text = fold(hay.join('\n'));
  return words.every((w) => text.includes(w));
}

/** The sites the filter keeps, in the order given; a channel filter narrows each site's entries too. */
export function filterSites(sites: readonly LedgerSite[], f: LedgerFilter): LedgerSite[] {
  const out: LedgerSite[] = [];
  for (const site of sites) {
    if (f.openOnly && !site.requests.some(isOpenRequest)) continue;
    let s = site;
    if (f.channel !== 'all') {
      const shares = site.shares.filter((x) => x.channel === f.channel);
      // Requests are their own channel: a site with requests shows under "request" even without such entries.
      if (shares.length === 0 && !(f.channel === 'request' && site.requests.length > 0)) continue;
      s = { ...site, shares };
    }
    if (!matchesQuery(s, f.query)) continue;
    out.push(s);
  }
  return out;
}

/**
 * Whether the site has older entries than the ones sent (ledger/all keeps each site's newest):
 * the oldest entry sent is newer than the site's first entry (`firstAt`).
 */
export function isTruncated(site: LedgerSite): boolean {
  if (site.shares.length === 0) return false;
  let oldest = Infinity;
  for (const s of site.shares) oldest = Math.min(oldest, s.at);
  return oldest > site.firstAt;
}

/**
 * Distinct tokens of the values a site received, offered as identifiers for a request: email first,
 * then in order of first appearance. Never a secret or payment token: the protocol would not send
 * it, so offering it would be a tick box that does nothing. Never a value only a cross-origin frame
 * on the site's pages received (a payment provider's form): the request would not name it either.
 */
export function sharedTokens(shares: readonly Share[]): string[] {
  const tokens: string[] = [];
  for (const s of shares)
    for (const f of s.fields)
      if (f.token && !isSecretToken(f.token) && receivedBySite(s, f) && !tokens.includes(f.token)) tokens.push(f.token);
  return tokens.sort((a, b) => Number(b === 'email') - Number(a === 'email'));
}

/** The identifiers ticked by default: email when the site has it, else the first token. */
export function defaultIdentifiers(tokens: readonly string[]): string[] {
  if (tokens.includes('email')) return ['email'];
  return tokens.length > 0 ? [tokens[0]!] : [];
}

/** Fields of the site's most recent entries, newest first, one per token. */
export function recentFields(shares: readonly Share[], max = 8): { token: string; label: string; value: string; at: number }[] {
  const out: { token: string; label: string; value: string; at: number }[] = [];
  const seen = new Set<string>();
  const sorted = [...shares].sort((a, b) => b.at - a.at);
  for (const s of sorted) {
    for (const f of s.fields) {
      const key = f.token || f.label || '';
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ token: f.token, label: fieldName(f), value: f.value, at: s.at });
      if (out.length >= max) return out;
    }
  }
  return out;
}

// ---- words ----------------------------------------------------------------------------------

/**
 * The name a shared field is shown by: its label on the page, else the persona editor's label for
 * its token (intent entries carry no label), else the token itself.
 */
export function fieldName(f: { token: string; label?: string | undefined }): string {
  const own = f.label?.trim();
  if (own) return own;
  const key = tokenLabelKey(f.token);
  return (key ? t(key) : '') || f.token || t('ledgerFieldUnnamed');
}

export const CHANNEL_KEYS: Readonly<Record<Share['channel'], string>> = {
  form: 'ledgerChannelForm',
  intent: 'ledgerChannelIntent',
  request: 'ledgerChannelRequest',
};

export const STATUS_KEYS: Readonly<Record<DataRightsRequest['status'], string>> = {
  open: 'requestStatusOpen',
  in_progress: 'requestStatusInProgress',
  fulfilled: 'requestStatusFulfilled',
  denied: 'requestStatusDenied',
  expired: 'requestStatusExpired',
  revoked: 'requestStatusRevoked',
};

export const EXERCISE_KEYS: Readonly<Record<DataRightsRequest['exercise'], string>> = {
  deletion: 'requestExerciseDeletion',
  access: 'requestExerciseAccess',
  'sale:opt-out': 'requestExerciseSaleOptOut',
};

export const LAW_KEYS: Readonly<Record<DataRightsRequest['law'], string>> = { gdpr: 'requestLawGdpr', ccpa: 'requestLawCcpa' };

export const entriesText = (n: number, more = false): string =>
  more ? t('ledgerEntriesAtLeast', n) : n === 1 ? t('ledgerEntriesOne') : t('ledgerEntriesMany', n);

/** "Under terms: #NoStalking, no sale (3f9c0d12)", or the hash alone when the version is unknown here. */
export function termsText(share: Pick<Share, 'termsId' | 'termsSha256'>, terms: ReadonlyMap<string, Terms>): string {
  const known = share.termsId ? terms.get(share.termsId) : undefined;
  if (known) return t('ledgerEntryTerms', [known.title, shortHash(known.sha256)]);
  if (share.termsSha256) return t('ledgerEntryTermsUnknown', shortHash(share.termsSha256));
  return t('ledgerEntryNoTerms');
}

/**
 * The open deletion request to the site (the newest, if several): while there is one, another is
 * not offered. Where it stands (status, deadline) is said once, by the request in the list; where
 * the "Request deletion" button was, the page says only why it is gone (`requestDeletionOpen`).
 */
export function openDeletion(requests: readonly DataRightsRequest[]): DataRightsRequest | undefined {
  let found: DataRightsRequest | undefined;
  for (const r of requests) if (r.exercise === 'deletion' && isOpenRequest(r) && (!found || r.createdAt > found.createdAt)) found = r;
  return found;
}

/**
 * A site card's summary: how many entries, and when the first and the last of them were made.
 * Requests are not entries, so their dates are not counted here (they show with the requests).
 * `truncated`: the site has older entries than those sent; its first one is then `firstAt`.
 */
export function siteSummaryText(site: Pick<LedgerSite, 'shares' | 'firstAt'>, truncated: boolean, now: number, lang: string): string {
  const count = entriesText(site.shares.length, truncated);
  if (site.shares.length === 0) return count;
  let first = Infinity;
  let last = -Infinity;
  for (const s of site.shares) {
    first = Math.min(first, s.at);
    last = Math.max(last, s.at);
  }
  if (truncated) first = Math.min(first, site.firstAt);
  return first === last
    ? `${count} · ${t('ledgerOnce', whenText(last, now, lang))}`
    : `${count} · ${t('ledgerFirstLast', [whenText(first, now, lang), whenText(last, now, lang)])}`;
}

/** Where a request stands about its deadline. */
export function deadlineState(r: Pick<DataRightsRequest, 'status' | 'deadline'>, now: number): 'done' | 'due' | 'overdue' {
  if (!isOpenRequest(r)) return 'done';
  return now > r.deadline ? 'overdue' : 'due';
}

// ---- dates ----------------------------------------------------------------------------------

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", "in 2 weeks", "now", in the UI's language. */
export function relativeTime(at: number, now: number, lang: string): string {
  const diff = at - now;
  const fmt = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return fmt.format(Math.round(diff / ms), unit);
  }
  return fmt.format(0, 'second');
}

/** A date and time in the UI's language, e.g. "12 Mar 2026, 14:05". */
export function absoluteTime(at: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** A date alone, for deadlines. */
export function absoluteDate(at: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(at);
}

/** "12 Mar 2026, 14:05 (3 days ago)". */
export const whenText = (at: number, now: number, lang: string): string => `${absoluteTime(at, lang)} (${relativeTime(at, now, lang)})`;

/** Only mailto: links from an email draft become links; anything else is shown as text. */
export function safeMailto(href: string): string | null {
  return /^mailto:/i.test(href) && !/[\u0000-\u001f\s]/.test(href) ? href : null;
}

/** A value hidden from view: a fixed-length mask, so the length does not show either. */
export const MASK = '••••••';
