#!/usr/bin/env node
// `npm run data:contacts -- DIR`: compact a snapshot of the privacy-contacts directory (the
// datarequests.org company database, CC0; ../shared/data/privacy-contacts by default) into what the
// extension ships, public/data/privacy-contacts.json:
//   - companies with only the fields Proffer uses (name, countries, email, web form, postal address,
//     request language, ID-document and required elements, suggested channel),
//   - the supervisory authorities (where a complaint goes),
//   - `domains`: registrable domain (public-suffix list, tldts) -> indexes of the companies whose site
//     is on it, so the background finds a site's companies with one lookup.
// It reports the records it skipped and why (a company with no site cannot be matched to a page).
// Usable as a function too: test/unit/contacts-data.test.ts compares the shipped file with
// compact(snapshot).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { getDomain } from 'tldts';

export const ROOT = resolve(import.meta.dirname, '..');
export const OUT = join(ROOT, 'public/data/privacy-contacts.json');
export const DEFAULT_DIR = resolve(ROOT, '../shared/data/privacy-contacts');
/** Bumped when the shape below changes; src/protocol/contacts.ts refuses other formats. */
export const FORMAT = 1;

const LANGS = new Set([
  'en',
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'el',
  'pl',
  'pt',
  'da',
  'sv',
  'fi',
  'cs',
  'sk',
  'hu',
  'ro',
  'bg',
  'hr',
  'sl',
  'et',
  'lv',
  'lt',
  'no',
  'is',
]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const readJsonl = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });

/** An https (or http) URL, else undefined: nothing else is ever opened from the directory. */
function webUrl(s) {
  if (typeof s !== 'string') return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const text = (s, max) => (typeof s === 'string' && s.trim() ? s.trim().slice(0, max) : undefined);

/** The fields kept of one company, or the reason it is skipped. */
function company(raw) {
  const web = webUrl(raw.web);
  if (!raw.web) return { skip: 'no site (web): cannot be matched to a page' };
  if (!web) return { skip: 'site is not an http(s) URL' };
  const domain = getDomain(new URL(web).hostname);
  if (!domain) return { skip: 'site has no registrable domain' };
  const email = typeof raw.email === 'string' && EMAIL.test(raw.email.trim()) ? raw.email.trim() : undefined;
  const webform = webUrl(raw.webform);
  const address = text(raw.address, 600);
  if (!email && !webform && !address) return { skip: 'no email, web form or address' };
  const lang = LANGS.has(raw['request-language']) ? raw['request-language'] : undefined;
  const countries = Array.isArray(raw['relevant-countries']) ? raw['relevant-countries'].filter((c) => /^[a-z]{2}$/.test(c)) : [];
  const medium = raw['suggested-transport-medium'];
  const transport =
    medium === 'letter' && address
      ? 'letter'
      : medium === 'webform' && webform
        ? 'webform'
        : email
          ? 'email'
          : webform
            ? 'webform'
            : 'letter';
  const required = Array.isArray(raw['required-elements'])
    ? raw['required-elements']
        .filter((e) => e && typeof e.desc === 'string')
        .map((e) => ({ desc: e.desc.trim().slice(0, 200), type: typeof e.type === 'string' ? e.type : 'input' }))
        .slice(0, 12)
    : [];
  return {
    domain,
    record: {
      slug: raw.slug,
      name: text(raw.name, 200),
      web,
      // Absent means every country ("all").
      ...(countries.length && !raw['relevant-countries'].includes('all') ? { countries } : {}),
      ...(email ? { email } : {}),
      ...(webform ? { webform } : {}),
      ...(address ? { address } : {}),
      ...(lang ? { lang } : {}),
      ...(raw['needs-id-document'] === true ? { idDocument: true } : {}),
      ...(required.length ? { required } : {}),
      transport,
    },
  };
}

function authority(raw) {
  const country = Array.isArray(raw['relevant-countries']) ? raw['relevant-countries'][0] : undefined;
  if (!country || !/^[a-z]{2}$/.test(country)) return { skip: 'no country' };
  const email = typeof raw.email === 'string' && EMAIL.test(raw.email.trim()) ? raw.email.trim() : undefined;
  const webform = webUrl(raw.webform);
  const address = text(raw.address, 600);
  if (!email && !webform && !address) return { skip: 'no email, web form or address' };
  const lang = LANGS.has(raw['complaint-language']) ? raw['complaint-language'] : undefined;
  return {
    record: {
      slug: raw.slug,
      name: text(raw.name, 300),
      country,
      ...(email ? { email } : {}),
      ...(webform ? { webform } : {}),
      ...(address ? { address } : {}),
      ...(lang ? { lang } : {}),
      ...(webUrl(raw.web) ? { web: webUrl(raw.web) } : {}),
    },
  };
}

/**
 * The shipped directory from a snapshot folder, and what was skipped.
 * @returns {{ data: object, skipped: { kind: string, slug: string, reason: string }[] }}
 */
export function compact(dir = DEFAULT_DIR) {
  const skipped = [];
  const companies = [];
  const domains = {};
  const seen = new Set();
  for (const raw of readJsonl(join(dir, 'companies.jsonl'))) {
    if (typeof raw.slug !== 'string' || seen.has(raw.slug)) {
      skipped.push({ kind: 'company', slug: String(raw.slug), reason: 'missing or repeated slug' });
      continue;
    }
    seen.add(raw.slug);
    const c = company(raw);
    if (c.skip || !c.record.name) {
      skipped.push({ kind: 'company', slug: raw.slug, reason: c.skip ?? 'no name' });
      continue;
    }
    domains[c.domain] = [...(domains[c.domain] ?? []), companies.length];
    companies.push(c.record);
  }
  const authorities = [];
  for (const raw of readJsonl(join(dir, 'supervisory-authorities.jsonl'))) {
    const a = authority(raw);
    if (a.skip || !a.record.name) skipped.push({ kind: 'authority', slug: String(raw.slug), reason: a.skip ?? 'no name' });
    else authorities.push(a.record);
  }
  const sortedDomains = Object.fromEntries(Object.entries(domains).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    data: { format: FORMAT, license: 'CC0-1.0 (datarequests.org company database)', companies, authorities, domains: sortedDomains },
    skipped,
  };
}

/** The file's text: one company or authority per line, so a release's diff reads record by record. */
export function serialize(data) {
  const lines = (xs) => xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  return (
    '{\n' +
    `  "format": ${JSON.stringify(data.format)},\n` +
    `  "license": ${JSON.stringify(data.license)},\n` +
    `  "companies": [\n${lines(data.companies)}\n  ],\n` +
    `  "authorities": [\n${lines(data.authorities)}\n  ],\n` +
    `  "domains": ${JSON.stringify(data.domains)}\n` +
    '}\n'
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = resolve(process.argv[2] ?? DEFAULT_DIR);
  const { data, skipped } = compact(dir);
  const out = serialize(data);
  writeFileSync(OUT, out);
  const byReason = new Map();
  for (const s of skipped) {
    const key = `${s.kind}: ${s.reason}`;
    byReason.set(key, [...(byReason.get(key) ?? []), s.slug]);
  }
  console.log(`${dir}\n-> ${OUT}`);
  console.log(
    `${data.companies.length} companies on ${Object.keys(data.domains).length} registrable domains, ${data.authorities.length} authorities`,
  );
  console.log(`${(Buffer.byteLength(out) / 1024).toFixed(1)} kB, ${(gzipSync(out, { level: 9 }).length / 1024).toFixed(1)} kB gzipped`);
  console.log(`skipped ${skipped.length}:`);
  for (const [reason, slugs] of byReason)
    console.log(`  ${slugs.length} ${reason} (${slugs.slice(0, 5).join(', ')}${slugs.length > 5 ? ', ...' : ''})`);
}
