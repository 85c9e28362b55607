// The privacy-contacts directory: the shipped file against the snapshot it was made from, and the
// lookups the background does with it (sites to companies, countries to authorities).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compact, DEFAULT_DIR, OUT, serialize } from '../../scripts/data-contacts.mjs';
import { checkDirectory, companiesFor, type Directory, registrableDomain } from '../../src/protocol/contacts';

const shipped: Directory = checkDirectory(JSON.parse(readFileSync(OUT, 'utf8')));

describe.skipIf(!existsSync(join(DEFAULT_DIR, 'companies.jsonl')))('the shipped directory and the snapshot (../shared present)', () => {
  const { data, skipped } = compact(DEFAULT_DIR);
  const snapshot = readFileSync(join(DEFAULT_DIR, 'companies.jsonl'), 'utf8').trim().split('\n');

  it('is exactly what npm run data:contacts makes of the snapshot (regenerate it when the snapshot changes)', () => {
    expect(readFileSync(OUT, 'utf8')).toBe(serialize(data));
  });

  it('keeps every company with a site, and says why it skipped the others', () => {
    expect(shipped.companies.length + skipped.filter((s) => s.kind === 'company').length).toBe(snapshot.length);
    const bySlug = new Map(snapshot.map((l) => JSON.parse(l) as Record<string, unknown>).map((c) => [c.slug as string, c]));
    for (const s of skipped.filter((x) => x.kind === 'company')) {
      const raw = bySlug.get(s.slug)!;
      if (s.reason.startsWith('no site')) expect(raw.web).toBeUndefined();
      else expect(raw.web).toBeTruthy();
    }
    // Every record kept is findable from its own site.
    for (const c of shipped.companies) expect(companiesFor(shipped, c.web).map((x) => x.slug)).toContain(c.slug);
  });

  it('carries the fields as the snapshot has them', () => {
    for (const line of snapshot.slice(0, 400)) {
      const raw = JSON.parse(line) as Record<string, unknown>;
      const c = shipped.companies.find((x) => x.slug === raw.slug);
      if (!c) continue;
      expect(c.name).toBe(raw.name);
      expect(c.email).toBe(raw.email);
      expect(c.address).toBe(raw.address);
      expect(c.idDocument ?? false).toBe(raw['needs-id-document'] === true);
      expect(c.lang).toBe(raw['request-language']);
    }
    expect(shipped.authorities).toHaveLength(
      readFileSync(join(DEFAULT_DIR, 'supervisory-authorities.jsonl'), 'utf8').trim().split('\n').length,
    );
  });
});

describe('finding the companies behind a site', () => {
  it('matches by registrable domain, subdomains included, through multi-label public suffixes', () => {
    expect(registrableDomain('https://shop.ionos.co.uk')).toBe('ionos.co.uk');
    expect(companiesFor(shipped, 'https://www.ionos.co.uk').map((c) => c.slug)).toEqual(['1and1-gb']);
    expect(companiesFor(shipped, 'https://login.ionos.co.uk:8443/path').map((c) => c.slug)).toEqual(['1and1-gb']);
    const c = companiesFor(shipped, 'https://www.cdiscount.com')[0]!;
    expect(c.name).toMatch(/Cdiscount/i);
    expect(c.email).toBe('informatique-et-libertes@cdiscount.com');
    expect(c.lang).toBe('fr');
  });

  it('keeps country branches apart: each country site finds its own branch', () => {
    expect(companiesFor(shipped, 'https://www.amazon.fr').map((c) => c.slug)).toEqual(['amazon-fr']);
    expect(companiesFor(shipped, 'https://www.amazon.de').map((c) => c.slug)).toEqual(['amazon-de']);
    expect(companiesFor(shipped, 'https://www.amazon.co.uk').map((c) => c.slug)).toEqual(['amazon-gb']);
    // Same domain, several branches: the person's country decides the order.
    expect(companiesFor(shipped, 'https://www.coinbase.com', 'de')[0]!.slug).toBe('coinbase-de');
    expect(companiesFor(shipped, 'https://www.coinbase.com', 'fr')[0]!.slug).toBe('coinbase');
  });

  it('lists every company of a shared domain, the one whose site is the page first', () => {
    const dhl = companiesFor(shipped, 'https://www.dhl.de/de/geschaeftskunden/express.html');
    expect(dhl.length).toBe(4);
    expect(new Set(dhl.map((c) => c.slug))).toEqual(
      new Set(['dhl-2-mann-handling-gmbh', 'dhl-express-germany-gmbh', 'dhl-hub-leipzig', 'dhl-paket-gmbh']),
    );
    const aws = companiesFor(shipped, 'https://aws.amazon.com/console');
    expect(aws[0]!.slug).toBe('amazon-aws');
  });

  it('finds nothing for a domain no company has, for IP addresses and localhost', () => {
    expect(companiesFor(shipped, 'https://no-company-here.example')).toEqual([]);
    expect(companiesFor(shipped, 'http://127.0.0.1:8787')).toEqual([]);
    expect(companiesFor(shipped, 'http://localhost:3000')).toEqual([]);
    expect(registrableDomain('http://127.0.0.1')).toBeNull();
  });

  it('refuses a file of another format', () => {
    expect(() => checkDirectory({ format: 99, companies: [], authorities: [], domains: {} })).toThrow();
    expect(() => checkDirectory(null)).toThrow();
  });
});
