/**
 * Seeds a vault the way the product would hold one after years of use, with the real Vault class
 * over fake-indexeddb (Node), then exports it with the real backup code. The browser side of the
 * benchmark imports that file through the real `backup/import` message.
 *
 * Shares are deterministic (seeded PRNG) so that a cached file and a fresh one look alike.
 */
import 'fake-indexeddb/auto';
import type { Share } from '../../src/shared/records';
import { DEFAULT_KDF } from '../../src/vault/crypto';
import { Vault } from '../../src/vault/vault';

export interface SeedOptions {
  shares: number;
  sites: number;
  passphrase: string;
  /**
   * Shares per backup file. Chrome refuses runtime messages over 64 MiB, and a 100,000-share backup
   * is about 85 MB, so the ledger is written as several backups: the first restores into the empty
   * vault (its header is the one unlock uses), the others merge into the unlocked vault.
   */
  sharesPerPart?: number;
  /** Shares written per putMany call (one transaction each). */
  batch?: number;
  log?: (s: string) => void;
}

export interface SeedResult {
  parts: string[];
  sites: string[];
  kdf: { m: number; t: number; p: number };
  timings: { createMs: number; putManyMs: number; exportMs: number };
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'acme',
  'north',
  'blue',
  'river',
  'urban',
  'green',
  'swift',
  'bright',
  'coastal',
  'maple',
  'summit',
  'pixel',
  'harbor',
  'silver',
  'golden',
  'metro',
  'nova',
  'prime',
  'lumen',
  'orbit',
  'cedar',
  'atlas',
  'vista',
  'echo',
];
const NOUNS = [
  'shop',
  'store',
  'news',
  'labs',
  'market',
  'books',
  'travel',
  'bank',
  'health',
  'games',
  'media',
  'webinar',
  'outdoor',
  'tickets',
  'foods',
  'fashion',
];
const TLDS = ['com', 'de', 'co.uk', 'fr', 'io', 'net', 'org', 'es', 'it', 'nl'];
const GIVEN = ['Anna', 'Lukas', 'Mia', 'Jonas', 'Lea', 'Noah', 'Emma', 'Paul', 'Sofia', 'Ben'];
const FAMILY = ['Schmidt', 'Müller', 'Garcia', 'Rossi', 'Dubois', 'Smith', 'Kowalski', 'Novak'];
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Paris', 'Madrid', 'Wien'];

/** Origins as the content script records them: https, lower-case host, sometimes www. or a subdomain. */
export function makeSites(n: number, rand = prng(7)): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]!;
    const noun = NOUNS[Math.floor(rand() * NOUNS.length)]!;
    const tld = TLDS[Math.floor(rand() * TLDS.length)]!;
    const prefix = rand() < 0.5 ? 'www.' : rand() < 0.3 ? 'account.' : '';
    out.add(`https://${prefix}${w}${noun}${out.size}.${tld}`);
  }
  return [...out];
}

function makeShare(rand: () => number, site: string, personaIds: string[], now: number): Share {
  const given = GIVEN[Math.floor(rand() * GIVEN.length)]!;
  const family = FAMILY[Math.floor(rand() * FAMILY.length)]!;
  const email = `${given}.${family}@mail.example`.toLowerCase();
  const all = [
    { token: 'email', value: email, label: 'E-mail address' },
    { token: 'given-name', value: given, label: 'First name' },
    { token: 'family-name', value: family, label: 'Last name' },
    { token: 'tel', value: `+4915${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`, label: 'Phone' },
    { token: 'address-line1', value: `Kastanienallee ${1 + Math.floor(rand() * 120)}`, label: 'Street and number' },
    { token: 'postal-code', value: String(10000 + Math.floor(rand() * 89999)), label: 'ZIP / Postcode' },
    { token: 'address-level2', value: CITIES[Math.floor(rand() * CITIES.length)]!, label: 'City' },
    { token: 'country', value: 'DE', label: 'Country' },
  ];
  // Newsletter forms take 1-2 fields, signups 3-4, checkouts all 8.
  const r = rand();
  const count = r < 0.4 ? 1 + Math.floor(rand() * 2) : r < 0.85 ? 3 + Math.floor(rand() * 2) : all.length;
  return {
    id: crypto.randomUUID(),
    site,
    personaId: personaIds[Math.floor(rand() * personaIds.length)],
    channel: 'form',
    fields: all.slice(0, count),
    termsId: 'terms-default-v1',
    termsSha256: 'a'.repeat(64),
    ...(rand() < 0.1 ? { frameOrigin: 'https://checkout.payments.example' } : {}),
    at: now - Math.floor(rand() * 3 * 365 * 24 * 3600 * 1000),
  };
}

export async function seed(o: SeedOptions): Promise<SeedResult> {
  const log = o.log ?? (() => undefined);
  const batch = o.batch ?? 10_000;
  const perPart = o.sharesPerPart ?? 35_000;
  const rand = prng(42);
  const sites = makeSites(o.sites);
  const personaIds = [crypto.randomUUID(), crypto.randomUUID()];
  const now = Date.now();
  const timings = { createMs: 0, putManyMs: 0, exportMs: 0 };
  const parts: string[] = [];
  for (let done = 0; done < o.shares; ) {
    const partEnd = Math.min(o.shares, done + perPart);
    // Each part is a whole vault of its own: real KDF cost (DEFAULT_KDF), real putMany, real export.
    const vault = new Vault({ name: `bench-seed-${Date.now()}-${parts.length}` });
    await vault.init();
    let t = performance.now();
    await vault.create(o.passphrase);
    timings.createMs += performance.now() - t;
    t = performance.now();
    while (done < partEnd) {
      const n = Math.min(batch, partEnd - done);
      const records: Share[] = [];
      // Round robin over sites: every site gets shares/sites entries (50 for 100k over 2000).
      for (let i = 0; i < n; i++) records.push(makeShare(rand, sites[(done + i) % sites.length]!, personaIds, now));
      await vault.putMany('shares', records);
      done += n;
      log(`  putMany ${done.toLocaleString('en')} / ${o.shares.toLocaleString('en')} shares`);
    }
    timings.putManyMs += performance.now() - t;
    t = performance.now();
    parts.push(await vault.exportBackup());
    timings.exportMs += performance.now() - t;
    log(`  exportBackup part ${parts.length} (${(parts.at(-1)!.length / 1e6).toFixed(1)} MB)`);
    await vault.wipe();
    vault.db.close();
  }
  return { parts, sites, kdf: { ...DEFAULT_KDF }, timings };
}
