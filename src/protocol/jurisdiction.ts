/**
 * Which law a request cites, how long the company has, and which authority hears a complaint, from
 * where the person lives and where the company is. Pure; no network.
 *
 * - A California resident: the CCPA (complaints to the California Privacy Protection Agency).
 * - A Swiss company: the revised Swiss Federal Act on Data Protection (revFADP, in force since
 *   1 September 2023; complaints ("reports") to the FDPIC, EDÖB).
 * - A person in the United Kingdom (or, from outside the EU, a UK company): the UK GDPR (ICO).
 * - Otherwise the GDPR: a complaint goes to the authority of the person's country (Art. 77 GDPR,
 *   habitual residence), else of the company's main establishment.
 */
import { COUNTRY_CODES } from '../shared/records';
import type { Authority, CompanyContact, Directory } from './contacts';
import { authoritiesOf } from './contacts';

/** The legal frame of a request. `us-ca`: California (CCPA); `eu`: GDPR; `uk`: UK GDPR; `ch`: revFADP. */
export type Jurisdiction = 'eu' | 'uk' | 'ch' | 'us-ca';
export const JURISDICTIONS: readonly Jurisdiction[] = ['eu', 'uk', 'ch', 'us-ca'];

/** Where the person lives: an ISO 3166-1 alpha-2 code (lower case), or "us-ca" for California. */
export type Residence = string;

/** EU and EEA member states: the GDPR's territory. */
export const EEA = new Set('at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se is li no'.split(' '));

/** Names a country may have on an address's last line, beyond the ones Intl knows. */
const ALIASES: Record<string, string> = {
  usa: 'us',
  'u.s.a.': 'us',
  'united states of america': 'us',
  us: 'us',
  uk: 'gb',
  'u.k.': 'gb',
  england: 'gb',
  scotland: 'gb',
  wales: 'gb',
  'great britain': 'gb',
  'northern ireland': 'gb',
  'the netherlands': 'nl',
  holland: 'nl',
  'république française': 'fr',
  'bundesrepublik deutschland': 'de',
  'fürstentum liechtenstein': 'li',
  'grand-duché de luxembourg': 'lu',
};

let names: Map<string, string> | null = null;
/** Country names in the languages addresses in the directory use, lower case -> code. */
function countryNames(): Map<string, string> {
  if (names) return names;
  names = new Map(Object.entries(ALIASES));
  for (const lang of ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'pl']) {
    let dn: Intl.DisplayNames;
    try {
      dn = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const code of COUNTRY_CODES) {
      const n = dn.of(code);
      if (n && !names.has(n.toLowerCase())) names.set(n.toLowerCase(), code.toLowerCase());
    }
  }
  return names;
}

/** The country of a postal address (its last line), lower-case alpha-2; undefined when unknown. */
export function addressCountry(address: string | undefined): string | undefined {
  const last = address
    ?.split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop()
    ?.toLowerCase()
    .replace(/[.,;]+$/, '');
  if (!last) return undefined;
  return countryNames().get(last) ?? (/^[a-z]{2}$/.test(last) && COUNTRY_CODES.has(last.toUpperCase()) ? last : undefined);
}

/** Where the company is established: its address's country, else its only relevant country. */
export function companyCountry(c: Pick<CompanyContact, 'address' | 'countries'>): string | undefined {
  return addressCountry(c.address) ?? (c.countries?.length === 1 ? c.countries[0] : undefined);
}

/** The legal frame for a person living in `residence` writing to `company` (see the file comment). */
export function jurisdictionFor(residence: Residence | undefined, company?: Pick<CompanyContact, 'address' | 'countries'>): Jurisdiction {
  const home = residence?.toLowerCase();
  if (home === 'us-ca') return 'us-ca';
  const where = company ? companyCountry(company) : undefined;
  if (where === 'ch') return 'ch';
  if (home === 'gb') return 'uk';
  if (home && EEA.has(home)) return 'eu';
  if (where === 'gb') return 'uk';
  return 'eu';
}

/** The Data Rights Protocol regime a request is recorded under: the CCPA for California, else the GDPR family. */
export const regimeOf = (j: Jurisdiction): 'gdpr' | 'ccpa' => (j === 'us-ca' ? 'ccpa' : 'gdpr');

/**
 * The California Privacy Protection Agency: California has no entry in the directory (it lists
 * European authorities), so its one authority is named here.
 */
export const CPPA: Authority = {
  slug: 'us-ca-cppa',
  name: 'California Privacy Protection Agency',
  country: 'us',
  webform: 'https://cppa.ca.gov/webapplications/complaint',
  address: '2101 Arena Blvd\nSacramento, CA 95834\nUnited States',
  lang: 'en',
  web: 'https://cppa.ca.gov/',
};

/**
 * German private companies answer to the authority of their Land; the directory lists each one.
 * The Land is read from the first two digits of the postal code, as the Post drew the zones: right
 * for nearly all, not for every town on a border (the person can pick another authority).
 */
const DE_LAND_AUTHORITY: Record<string, string> = {};
const zones: [string, string][] = [
  ['01 02 04 08 09', 'desaechsdsb'],
  ['03 14 15 16', 'debralda'],
  ['06 39', 'desalbd'],
  ['07 98 99', 'detlfdi'],
  ['10 12 13', 'deberlbdi'],
  ['17 18 19', 'demvldi'],
  ['20 22', 'dehmbbfdi'],
  ['23 24 25', 'deshuld'],
  ['21 26 27 29 30 31 37 38 49', 'dendslfd'],
  ['28', 'debrelfdi'],
  ['32 33 40 41 42 44 45 46 47 48 50 51 52 53 57 58 59', 'denrwldi'],
  ['34 35 36 60 61 63 64 65', 'dehessbdi'],
  ['54 55 56 67', 'derlpbdi'],
  ['66', 'desaarudz'],
  ['68 69 70 71 72 73 74 75 76 77 78 79 88 89', 'debawueldb'],
  ['80 81 82 83 84 85 86 87 90 91 92 93 94 95 96 97', 'debaylda'],
];
for (const [prefixes, slug] of zones) for (const p of prefixes.split(' ')) DE_LAND_AUTHORITY[p] = slug;

/** The German Land authority for a postal address or code ("10719 Berlin"), by its postal code. */
export function germanAuthoritySlug(addressOrCode: string | undefined): string | undefined {
  const m = addressOrCode?.match(/\b(\d{2})\d{3}\b/);
  return m ? DE_LAND_AUTHORITY[m[1]!] : undefined;
}

export interface ComplaintTarget {
  authority: Authority;
  /** Why this one: the person's country, or the company's main establishment. */
  basis: 'residence' | 'establishment';
}

/**
 * The authority a complaint goes to: California's agency for the CCPA, the FDPIC for a Swiss
 * company, else the authority of the person's country (for Germany, of their Land, by the postal
 * code they gave), else of the company's main establishment (its Land, by its address). Undefined
 * when the directory has none for either.
 */
export function competentAuthority(
  dir: Directory,
  input: {
    jurisdiction: Jurisdiction;
    residence?: Residence;
    postalCode?: string;
    company?: Pick<CompanyContact, 'address' | 'countries'>;
  },
): ComplaintTarget | undefined {
  const { jurisdiction } = input;
  if (jurisdiction === 'us-ca') return { authority: CPPA, basis: 'residence' };
  const companyAt = input.company ? companyCountry(input.company) : undefined;
  const pick = (country: string | undefined, address: string | undefined): Authority | undefined => {
    if (!country) return undefined;
    const list = authoritiesOf(dir, country);
    if (country === 'de') {
      const slug = germanAuthoritySlug(address);
      return list.find((a) => a.slug === slug) ?? list.find((a) => a.slug === 'debfdi') ?? list[0];
    }
    return list[0];
  };
  if (jurisdiction === 'ch') {
    const a = pick('ch', undefined);
    return a ? { authority: a, basis: companyAt === 'ch' ? 'establishment' : 'residence' } : undefined;
  }
  const home = input.residence?.toLowerCase();
  const fromHome = home && (EEA.has(home) || home === 'gb' || home === 'ch') ? pick(home, input.postalCode) : undefined;
  if (fromHome) return { authority: fromHome, basis: 'residence' };
  const fromCompany = pick(companyAt, input.company?.address);
  return fromCompany ? { authority: fromCompany, basis: 'establishment' } : undefined;
}
