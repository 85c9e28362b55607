/**
 * The ledger: grouping shares by site with brands and requests (and at 100,000 entries), the CSV
 * export (RFC 4180 quoting and the formula-injection guard), the JSON export, forgetting a site in
 * a real vault, and the options page's pure helpers (search, filters, truncation, identifiers).
 */
import { describe, expect, it } from 'vitest';
import {
  csvCell,
  exportLedger,
  forgetSite,
  groupLedger,
  LEDGER_SITE_LIMIT,
  ledgerHandlers,
  toCsv,
} from '../../src/background/handlers/ledger';
import type { LedgerSite } from '../../src/shared/messages';
import type { Brand, DataRightsRequest, Share } from '../../src/shared/records';
import {
  deadlineState,
  defaultIdentifiers,
  fieldName,
  filterSites,
  isTruncated,
  matchesQuery,
  openDeletion,
  recentFields,
  relativeTime,
  safeMailto,
  sharedTokens,
  siteSummaryText,
  whenText,
} from '../../src/ui/ledger-view';
import { Vault } from '../../src/vault/vault';
import { useEnglish } from './english';
import { samples } from './vault-fixture';

const A = 'https://shop.example';
const B = 'https://news.example';

let seq = 0;
function share(site: string, at: number, fields: [string, string, string?][], extra: Partial<Share> = {}): Share {
  return {
    id: `s${++seq}`,
    site,
    channel: 'form',
    at,
    fields: fields.map(([token, value, label]) => ({ token, value, ...(label ? { label } : {}) })),
    ...extra,
  };
}
function request(site: string, createdAt: number, status: DataRightsRequest['status'] = 'open'): DataRightsRequest {
  return {
    id: `r${++seq}`,
    site,
    exercise: 'deletion',
    channel: 'email',
    law: 'gdpr',
    status,
    identifiers: [],
    createdAt,
    deadline: createdAt + 30 * 86_400_000,
    history: [],
  };
}
const brand = (origin: string, name: string, addedAt = 1): Brand => ({
  id: `b${++seq}`,
  origin,
  name,
  acceptedTerms: [],
  inIntentList: false,
  addedAt,
});

describe('groupLedger', () => {
  it('groups by normalized site, newest first, with the brand and the requests of each site', () => {
    const shares = [
      share(A, 100, [['email', 'a@x.example', 'Email']]),
      share('https://SHOP.example/', 300, [['given-name', 'Ann']]),
      share(B, 200, [['email', 'a@x.example']]),
    ];
    const sites = groupLedger(shares, [brand(A, 'Shop')], [request(B, 250), request('https://gone.example', 50)]);
    expect(sites.map((s) => s.site)).toEqual([A, B, 'https://gone.example']);
    const a = sites[0]!;
    expect(a.brand).toEqual({ name: 'Shop', hasKey: false });
    expect(a.shares.map((s) => s.at)).toEqual([300, 100]);
    expect([a.firstAt, a.lastAt]).toEqual([100, 300]);
    expect(sites[1]!.requests).toHaveLength(1);
    expect(sites[1]!.lastAt).toBe(250);
    expect(sites[1]!.brand).toBeNull();
    // A site known only from a request.
    expect(sites[2]!.shares).toEqual([]);
    expect(sites[2]!.firstAt).toBe(50);
  });

  it('can leave values out and keep only the newest entries, and the page can tell', () => {
    const shares = Array.from({ length: 7 }, (_, i) => share(A, 1000 + i, [['email', `v${i}@x.example`]]));
    const [site] = groupLedger(shares, [], [], { limit: 3, values: false });
    expect(site!.shares.map((s) => s.at)).toEqual([1006, 1005, 1004]);
    expect(site!.shares.every((s) => s.fields.every((f) => f.value === ''))).toBe(true);
    expect(site!.firstAt).toBe(1000);
    expect(isTruncated(site!)).toBe(true);
    expect(isTruncated(groupLedger(shares, [], [])[0]!)).toBe(false);
    // The originals are untouched.
    expect(shares[0]!.fields[0]!.value).toBe('v0@x.example');
  });

  it('groups 100,000 entries over 500 sites quickly', () => {
    const shares: Share[] = [];
    for (let i = 0; i < 100_000; i++)
      shares.push(
        share(`https://site${i % 500}.example`, i, [
          ['email', 'e@x.example'],
          ['given-name', 'Ann'],
        ]),
      );
    const t0 = performance.now();
    const sites = groupLedger(shares, [], [], { limit: LEDGER_SITE_LIMIT, values: false });
    const ms = performance.now() - t0;
    expect(sites).toHaveLength(500);
    expect(sites.every((s) => s.shares.length === LEDGER_SITE_LIMIT)).toBe(true);
    expect(sites[0]!.lastAt).toBe(99_999);
    // The reply stays a few MB, not the whole ledger.
    expect(JSON.stringify(sites).length).toBeLessThan(8 * 1024 * 1024);
    expect(ms).toBeLessThan(2000);
  });
});

describe('CSV', () => {
  it('quotes cells with quotes, commas and newlines (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('')).toBe('');
  });

  it('guards cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c,d', 'e'],
      ]),
    ).toBe('a,b\r\n"c,d",e\r\n');
  });

  it('exports one row per shared field, newest first, with the terms hash', () => {
    const sha = 'ab'.repeat(32);
    const shares = [
      share(
        A,
        Date.UTC(2026, 0, 2),
        [
          ['email', 'a@x.example', 'E-mail, please'],
          ['tel', '+4915123456789', 'Phone'],
        ],
        { termsSha256: sha },
      ),
      share(B, Date.UTC(2026, 0, 3), [['given-name', 'Ann "Nan"']]),
    ];
    const out = exportLedger('csv', shares, [], new Date(Date.UTC(2026, 0, 4)));
    expect(out.filename).toBe('proffer-ledger-2026-01-04.csv');
    expect(out.mime).toBe('text/csv');
    expect(out.data.split('\r\n')).toEqual([
      'site,at,channel,token,label,value,terms_sha256,agreement,unconfirmed',
      `${B},2026-01-03T00:00:00.000Z,form,given-name,,"Ann ""Nan""",,,`,
      `${A},2026-01-02T00:00:00.000Z,form,email,"E-mail, please",a@x.example,${sha},,`,
      `${A},2026-01-02T00:00:00.000Z,form,tel,Phone,'+4915123456789,${sha},,`,
      '',
    ]);
  });

  it('names in the CSV the agreement in force when each share was made, and entries left unconfirmed', () => {
    const agreed = { ...samples(A).agreements, site: A };
    const decided = Date.parse(agreed.record.decided_at);
    const shares = [
      share(A, decided - 1000, [['email', 'a@x.example']]),
      share(A, decided + 1000, [['email', 'a@x.example']]),
      share(A, decided + 2000, [['postal-code', '10999']], { channel: 'intent', unconfirmed: true }),
      share(B, decided + 3000, [['email', 'b@x.example']]),
    ];
    const rows = exportLedger('csv', shares, [], new Date(decided + 5000), [agreed])
      .data.split('\r\n')
      .filter(Boolean)
      .map((r) => r.split(','));
    // Newest first: B (no agreement with B), the unconfirmed intent, the share under SD-BASE, the one before it.
    expect(rows.slice(1).map((r) => [r[0], r[7], r[8]])).toEqual([
      [B, '', ''],
      [A, 'SD-BASE', 'yes'],
      [A, 'SD-BASE', ''],
      [A, '', ''],
    ]);
  });

  it('exports JSON with the shares and the requests', () => {
    const out = exportLedger('json', [share(A, 5, [['email', 'a@x.example']])], [request(A, 6)], new Date(0));
    const doc = JSON.parse(out.data) as { format: string; shares: Share[]; requests: DataRightsRequest[] };
    expect(doc.format).toBe('proffer-ledger');
    expect(doc.shares[0]!.fields[0]!.value).toBe('a@x.example');
    expect(doc.requests).toHaveLength(1);
    expect(out.mime).toBe('application/json');
  });
});

describe('forgetting a site in the vault', () => {
  it('deletes its shares, brand (with keys), requests, settings and offers, and nothing else', async () => {
    const vault = new Vault({ name: `ledger-test-${Math.random().toString(36).slice(2)}`, kdf: { m: 64, t: 1, p: 1 } });
    await vault.init();
    await vault.create('maple orbit quiet lantern');
    const b = brand(A, 'Shop');
    await vault.putMany('shares', [
      share(A, 1, [['email', 'a@x.example']]),
      share(`${A}/path`, 2, [['email', 'a@x.example']]),
      share(B, 3, [['email', 'a@x.example']]),
    ]);
    await vault.put('brands', b);
    await vault.put('requests', request(A, 4));
    await vault.put('sites', { id: 'site1', site: A, approvedFrameOrigins: [], updatedAt: 1 });
    await vault.put('offers', { id: 'o1', intentId: 'i1', brandId: b.id, title: 'An offer', receivedAt: 1, read: false, dismissed: false });
    await vault.put('agreements', { ...samples(A).agreements, brandId: b.id });
    const { removed } = await forgetSite(vault, A);
    expect(removed).toEqual({ shares: 2, brands: 1, requests: 1, sites: 1, offers: 1, agreements: 1 });
    expect((await vault.bySite('shares', A)).records).toEqual([]);
    expect((await vault.list('shares')).records.map((s) => s.site)).toEqual([B]);
    const handlers = ledgerHandlers(vault);
    expect((await handlers['ledger/site']({ type: 'ledger/site', site: A })).shares).toEqual([]);
    const all = await handlers['ledger/all']({ type: 'ledger/all' });
    expect(all.sites.map((s) => s.site)).toEqual([B]);
    expect(all.sites[0]!.shares[0]!.fields[0]!.value).toBe('');
  });
});

describe('the options page helpers', () => {
  const site = (s: string, shares: Share[], requests: DataRightsRequest[] = [], name?: string): LedgerSite => ({
    site: s,
    brand: name ? { name, hasKey: false } : null,
    shares,
    requests,
    firstAt: Math.min(...shares.map((x) => x.at)),
    lastAt: Math.max(...shares.map((x) => x.at)),
  });
  const sites = [
    site(
      A,
      [
        share(A, 1, [['email', '', 'Adresse électronique']]),
        share(
          A,
          2,
          [
            ['tel', ''],
            ['email', ''],
          ],
          { channel: 'intent' },
        ),
      ],
      [request(A, 3)],
      'Northwind',
    ),
    site(B, [share(B, 4, [['given-name', '', 'First name']])], [request(B, 5, 'fulfilled')]),
  ];

  it('searches by site, brand, field label or token, without case or accents', () => {
    expect(matchesQuery(sites[0]!, 'northwind')).toBe(true);
    expect(matchesQuery(sites[0]!, 'ELECTRONIQUE')).toBe(true);
    expect(matchesQuery(sites[0]!, 'shop tel')).toBe(true);
    expect(matchesQuery(sites[1]!, 'tel')).toBe(false);
    expect(filterSites(sites, { query: 'news', channel: 'all', openOnly: false }).map((s) => s.site)).toEqual([B]);
  });

  it('filters by channel (narrowing the entries) and by open requests', () => {
    const intents = filterSites(sites, { query: '', channel: 'intent', openOnly: false });
    expect(intents.map((s) => s.site)).toEqual([A]);
    expect(intents[0]!.shares).toHaveLength(1);
    expect(filterSites(sites, { query: '', channel: 'all', openOnly: true }).map((s) => s.site)).toEqual([A]);
    expect(filterSites(sites, { query: '', channel: 'request', openOnly: false }).map((s) => s.site)).toEqual([A, B]);
  });

  it('offers the shared tokens as identifiers, email first and ticked by default', () => {
    const tokens = sharedTokens(sites[0]!.shares);
    expect(tokens).toEqual(['email', 'tel']);
    expect(defaultIdentifiers(tokens)).toEqual(['email']);
    expect(defaultIdentifiers(['tel', 'given-name'])).toEqual(['tel']);
    expect(defaultIdentifiers([])).toEqual([]);
    // A secret or payment value is never offered as an identifier (the protocol would drop it).
    expect(
      sharedTokens([
        share(A, 1, [
          ['new-password', 'hunter2-hunter2'],
          ['cc-number', '4111111111111111'],
          ['given-name', 'Ada'],
        ]),
      ]),
    ).toEqual(['given-name']);
    // Nor a value only a cross-origin frame on the site's pages received (the request would not name it).
    const framed = share(A, 2, [
      ['email', 'ada@example.org'],
      ['tel', '+49 30 1'],
    ]);
    framed.frameOrigin = 'https://pay.example';
    framed.fields[1]!.origin = 'https://pay.example';
    expect(sharedTokens([framed])).toEqual(['email']);
  });

  it('lists the most recent field of each kind', () => {
    const f = recentFields([
      share(A, 1, [['email', 'old@x.example']]),
      share(A, 9, [
        ['email', 'new@x.example'],
        ['tel', '+1'],
      ]),
    ]);
    expect(f.map((x) => [x.token, x.value])).toEqual([
      ['email', 'new@x.example'],
      ['tel', '+1'],
    ]);
  });

  it('says when a request is overdue, and words dates relative to now', () => {
    expect(deadlineState({ status: 'open', deadline: 10 }, 11)).toBe('overdue');
    expect(deadlineState({ status: 'in_progress', deadline: 10 }, 9)).toBe('due');
    expect(deadlineState({ status: 'fulfilled', deadline: 10 }, 11)).toBe('done');
    const now = Date.UTC(2026, 2, 12);
    expect(relativeTime(now - 3 * 86_400_000, now, 'en')).toBe('3 days ago');
    expect(relativeTime(now + 2 * 3_600_000, now, 'en')).toBe('in 2 hours');
    expect(relativeTime(now, now, 'en')).toBe('now');
  });

  it('only lets mailto: links through', () => {
    expect(safeMailto('mailto:privacy@shop.example?subject=Hi')).toBe('mailto:privacy@shop.example?subject=Hi');
    expect(safeMailto('javascript:alert(1)')).toBeNull();
    expect(safeMailto('mailto:x@y.example\nBcc: z')).toBeNull();
  });
});

describe('the words a site card and the popup use', () => {
  useEnglish();
  const DAY = 86_400_000;
  const NOW = Date.UTC(2030, 2, 12, 10);

  it('names a field revealed without a label (an intent) by the persona editor’s label, never its token', () => {
    expect(fieldName({ token: 'postal-code' })).toBe('Postal code');
    expect(fieldName({ token: 'email' })).toBe('Email');
    expect(fieldName({ token: 'address-level2' })).toBe('City');
    expect(fieldName({ token: 'name' })).toBe('Full name');
    // The page's own label comes first; a token the editor has no field for stays as it is.
    expect(fieldName({ token: 'postal-code', label: 'ZIP' })).toBe('ZIP');
    expect(fieldName({ token: 'cc-number' })).toBe('cc-number');
    expect(fieldName({ token: '' })).toBe('Unnamed field');
    const intent = share(A, 2, [['postal-code', '10999']], { channel: 'intent' });
    const fill = share(A, 1, [['email', 'a@x.example', 'Email address']]);
    expect(recentFields([fill, intent]).map((f) => f.label)).toEqual(['Postal code', 'Email address']);
    expect(matchesQuery({ site: A, brand: null, shares: [intent], requests: [], firstAt: 2, lastAt: 2 }, 'postal code')).toBe(true);
  });

  it('counts and dates entries only: a later request is not "the last entry"', () => {
    const signup = NOW - 7 * DAY;
    const asked = NOW - 3 * DAY;
    const one = { shares: [share(A, signup, [['email', '']])], requests: [request(A, asked)], firstAt: signup, lastAt: asked };
    expect(siteSummaryText(one, false, NOW, 'en')).toBe(`1 entry · on ${whenText(signup, NOW, 'en')}`);
    const two = { ...one, shares: [share(A, signup + DAY, [['tel', '']]), ...one.shares] };
    expect(siteSummaryText(two, false, NOW, 'en')).toBe(
      `2 entries · first ${whenText(signup, NOW, 'en')}, last ${whenText(signup + DAY, NOW, 'en')}`,
    );
    // Older entries left out of the reply: the site's first entry is firstAt.
    expect(siteSummaryText({ ...two, firstAt: signup - DAY }, true, NOW, 'en')).toBe(
      `More than 2 entries · first ${whenText(signup - DAY, NOW, 'en')}, last ${whenText(signup + DAY, NOW, 'en')}`,
    );
    expect(siteSummaryText({ shares: [], firstAt: asked }, false, NOW, 'en')).toBe('0 entries');
  });

  it('finds the open deletion request (the newest), and none once it is answered or withdrawn', () => {
    const older = request(A, 1);
    const newer = request(A, 2, 'in_progress');
    expect(openDeletion([older, newer])).toBe(newer);
    expect(openDeletion([])).toBeUndefined();
    for (const status of ['fulfilled', 'denied', 'expired', 'revoked'] as const)
      expect(openDeletion([request(A, 1, status)])).toBeUndefined();
    // Another exercise is not a deletion: it does not stand in the way of one.
    expect(openDeletion([{ ...request(A, 1), exercise: 'access' }])).toBeUndefined();
  });
});
