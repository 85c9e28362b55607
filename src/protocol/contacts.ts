/**
 * The privacy-contacts directory (public/data/privacy-contacts.json, made by
 * `npm run data:contacts` from the datarequests.org company database, CC0): who to write to at a
 * company, how (email, web form, letter), in which language, and the data protection authorities a
 * complaint goes to. Pure lookups over the loaded data; the background loads the file
 * (src/background/contacts.ts). Never imported by the content script.
 *
 * Sites are matched by registrable domain (the public-suffix list, tldts): shop.example.co.uk and
 * www.example.co.uk both find the companies whose site is on example.co.uk. Several companies can
 * share a domain (country branches, a group's subsidiaries): they come back best first, by how
 * closely their site's host matches the page's, then by whether they serve the person's country.
 */
import { getDomain, getHostname } from 'tldts';

/** The format this code reads; scripts/data-contacts.mjs FORMAT. */
export const DIRECTORY_FORMAT = 1;

export type ContactTransport = 'email' | 'webform' | 'letter';

/** One company as shipped: only what Proffer uses. */
export interface CompanyContact {
  /** The directory's stable id. */
  slug: string;
  name: string;
  /** Its main site (http(s) URL). */
  web: string;
  /** ISO 3166-1 alpha-2, lower case; absent: every country. */
  countries?: string[];
  email?: string;
  webform?: string;
  /** Postal address, lines separated by "\n", the country on the last line. */
  address?: string;
  /** The language the company asks requests in (ISO 639-1). */
  lang?: string;
  /** The company asks for an ID document with requests. */
  idDocument?: true;
  /** What the company needs in a request (customer number ...), in the directory's words. */
  required?: { desc: string; type: string }[];
  /** How the company takes requests, as the directory suggests. */
  transport: ContactTransport;
}

/** A data protection authority. */
export interface Authority {
  slug: string;
  name: string;
  /** ISO 3166-1 alpha-2, lower case. */
  country: string;
  email?: string;
  webform?: string;
  address?: string;
  /** The language it takes complaints in. */
  lang?: string;
  web?: string;
}

export interface Directory {
  format: number;
  license?: string;
  companies: CompanyContact[];
  authorities: Authority[];
  /** Registrable domain -> indexes into `companies`. */
  domains: Record<string, number[]>;
}

/** Throws unless `raw` has the shape of the shipped directory (a stale or foreign file is refused whole). */
export function checkDirectory(raw: unknown): Directory {
  const d = raw as Partial<Directory> | null;
  if (
    !d ||
    d.format !== DIRECTORY_FORMAT ||
    !Array.isArray(d.companies) ||
    !Array.isArray(d.authorities) ||
    typeof d.domains !== 'object' ||
    d.domains === null
  )
    throw new Error('privacy-contacts: not a directory of this format');
  return d as Directory;
}

/** The host of a site (origin, URL or host), lower case; null for no host. */
function rawHost(site: string): string | null {
  const host = getHostname(site.includes('://') ? site : `https://${site}`);
  return host ? host.toLowerCase() : null;
}

/** The host without "www.", for comparing a page with a company's site. */
function hostOf(site: string): string | null {
  return rawHost(site)?.replace(/^www\./, '') ?? null;
}

/** The registrable domain of a site (origin, URL or host): "https://shop.example.co.uk" -> "example.co.uk"; null for IPs and localhost. */
export function registrableDomain(site: string): string | null {
  const host = rawHost(site);
  return host ? getDomain(host) : null;
}

/** 2: same host (or the page is under the company's host), 1: the company's site is under the page's host, 0: only the domain. */
function hostScore(pageHost: string, companyWeb: string): number {
  const h = hostOf(companyWeb);
  if (!h) return 0;
  if (pageHost === h || pageHost.endsWith(`.${h}`)) return 2;
  if (h.endsWith(`.${pageHost}`)) return 1;
  return 0;
}

/** 2: serves the person's country by name, 1: every country, 0: other countries only. */
function countryScore(c: CompanyContact, country: string | undefined): number {
  if (!c.countries) return 1;
  return country && c.countries.includes(country) ? 2 : 0;
}

/**
 * The companies behind a site, best first; [] when the directory knows none.
 * @param country the person's country (ISO alpha-2, any case), to prefer that country's branch.
 * @example companiesFor(dir, 'https://www.ionos.co.uk') // [{ slug: '1and1-gb', name: 'IONOS Cloud Ltd.', ... }]
 */
export function companiesFor(dir: Directory, site: string, country?: string): CompanyContact[] {
  const host = hostOf(site);
  const domain = registrableDomain(site);
  if (!host || !domain) return [];
  const cc = country?.toLowerCase();
  const found = (dir.domains[domain] ?? []).map((i) => dir.companies[i]).filter((c): c is CompanyContact => c !== undefined);
  return found
    .map((c, i) => ({ c, i, score: hostScore(host, c.web) * 3 + countryScore(c, cc) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.c);
}

/** A company by its slug (a request keeps the slug it was written to). */
export function companyBySlug(dir: Directory, slug: string): CompanyContact | undefined {
  return dir.companies.find((c) => c.slug === slug);
}

/** The authorities of a country (ISO alpha-2), in directory order. */
export function authoritiesOf(dir: Directory, country: string): Authority[] {
  const cc = country.toLowerCase();
  return dir.authorities.filter((a) => a.country === cc);
}
