/**
 * The sync benchmark's work, with the real Vault (fake-indexeddb, Node), the real sync engine and
 * its WebDAV client, against the local WebDAV server bench/sync.mjs started. See bench/sync.mjs.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Persona, Share } from '../../src/shared/records';
import { SyncEngine } from '../../src/sync/engine';
import { joinVault } from '../../src/sync/join';
import { WebDavStore } from '../../src/sync/webdav';
import { Vault } from '../../src/vault/vault';

export interface BenchOptions {
  url: string;
  user: string;
  password: string;
  /** The server's folder on disk (to read back the bytes it holds). */
  root: string;
  shares: number;
  personas: number;
  log: (s: string) => void;
}

export interface BenchResult {
  records: number;
  objects: number;
  bytes: number;
  manifestBytes: number;
  buckets: number;
  bucketBytes: number;
  incrementalBytes: number;
  incrementalPlainPuts: number;
  firstSyncMs: number;
  firstPlainMs: number;
  incrementalMs: number;
  incrementalPlainMs: number;
  joinMs: number;
}

const PASS = 'granite pelican sorbet ledger';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Plain PUTs of these bodies, six at a time (the same width as a sync round), into `folder`. */
async function plainPuts(folder: string, auth: string, bodies: Uint8Array[]): Promise<number> {
  await fetch(folder, { method: 'MKCOL', headers: { Authorization: auth } });
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const res = await fetch(`${folder}${i}`, { method: 'PUT', headers: { Authorization: auth }, body: bodies[i] as BodyInit });
      await res.body?.cancel();
      if (res.status >= 300) throw new Error(`plain PUT ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return performance.now() - t0;
}

export async function run(o: BenchOptions): Promise<BenchResult> {
  const config = { url: o.url, user: o.user, password: o.password };
  const auth = `Basic ${btoa(`${o.user}:${o.password}`)}`;
  const a = new Vault({ name: `bench-sync-a-${Date.now()}`, counter: null });
  await a.init();
  await a.create(PASS);
  const now = Date.now();
  const personas: Persona[] = Array.from({ length: o.personas }, (_, i) => ({
    id: crypto.randomUUID(),
    label: `Persona ${i}`,
    'given-name': `Given${i}`,
    'family-name': `Family${i}`,
    email: `person${i}@example.org`,
    addresses: [{ id: crypto.randomUUID(), 'street-address': `${i} Example Street`, 'postal-code': '10115', country: 'DE' }],
    createdAt: now,
    updatedAt: now,
  }));
  await a.putMany('personas', personas);
  o.log(`vault: ${o.personas} personas, writing ${o.shares.toLocaleString('en')} ledger entries...`);
  for (let i = 0; i < o.shares; i += 2000) {
    const batch: Share[] = Array.from({ length: Math.min(2000, o.shares - i) }, (_, j) => ({
      id: crypto.randomUUID(),
      site: `https://shop${(i + j) % 300}.example`,
      channel: 'form',
      fields: [
        { token: 'email', value: `person${j % o.personas}@example.org`, label: 'E-mail' },
        { token: 'given-name', value: `Given${j % o.personas}`, label: 'First name' },
      ],
      at: now - (i + j) * 1000,
    }));
    await a.putMany('shares', batch);
  }
  const sync = new SyncEngine(a);
  await sync.configure(config);
  // The server warms up first (its JIT, its caches), so that neither measurement pays for that.
  await plainPuts(
    `${o.url}warm-up/`,
    auth,
    Array.from({ length: 1000 }, () => crypto.getRandomValues(new Uint8Array(600))),
  );

  o.log('first sync...');
  let t0 = performance.now();
  const first = await sync.sync();
  const firstSyncMs = performance.now() - t0;
  const dir = join(o.root, 'proffer');
  const objects = filesUnder(join(dir, 'o')).map((f) => new Uint8Array(readFileSync(f)));
  const manifest = new Uint8Array(readFileSync(join(dir, 'manifest')));
  const header = new Uint8Array(readFileSync(join(dir, 'header.json')));
  const bucketsBefore = new Set(filesUnder(join(dir, 'm')));
  const buckets = [...bucketsBefore].map((f) => new Uint8Array(readFileSync(f)));
  const bucketBytes = buckets.reduce((n, b) => n + b.length, 0);
  const bytes = objects.reduce((n, b) => n + b.length, 0) + manifest.length + bucketBytes + header.length;
  o.log(`first sync: ${first.pushed} records in ${Math.round(firstSyncMs)} ms; the same bytes as plain PUTs...`);
  const firstPlainMs = await plainPuts(`${o.url}plain-first/`, auth, [...objects, ...buckets, manifest, header]);

  o.log('incremental sync of one change...');
  // In use a change syncs at least 3 s (the debounce) after the round before; Apache sends a weak
  // ETag for a manifest written in the last second, which would add the 1.1 s wait for a strong one.
  await new Promise((r) => setTimeout(r, 1100));
  await a.put('personas', { ...personas[0]!, nickname: 'changed', updatedAt: now + 1 });
  await new Promise((r) => setTimeout(r, 50));
  t0 = performance.now();
  const inc = await sync.sync();
  const incrementalMs = performance.now() - t0;
  if (inc.pushed !== 1) throw new Error(`incremental sync pushed ${inc.pushed}`);
  const manifest2 = new Uint8Array(readFileSync(join(dir, 'manifest')));
  const obj = objects[0]!;
  // What the round wrote: the object, the manifest, and the bucket versions that are new.
  const newBuckets = filesUnder(join(dir, 'm'))
    .filter((f) => !bucketsBefore.has(f))
    .map((f) => new Uint8Array(readFileSync(f)));
  const incrementalPuts = [obj, ...newBuckets, manifest2];
  const incrementalPlainMs = await plainPuts(`${o.url}plain-inc/`, auth, incrementalPuts);

  o.log('a second device joins and syncs everything...');
  const b = new Vault({ name: `bench-sync-b-${Date.now()}`, counter: null });
  t0 = performance.now();
  await joinVault(b, new WebDavStore(config), { passphrase: PASS });
  const syncB = new SyncEngine(b);
  await syncB.configure(config);
  await syncB.sync();
  const joinMs = performance.now() - t0;
  const got = await b.count('shares');
  if (got !== o.shares) throw new Error(`joined device has ${got} shares`);
  return {
    records: o.shares + o.personas,
    objects: objects.length,
    bytes,
    manifestBytes: manifest.length,
    buckets: buckets.length,
    bucketBytes,
    incrementalBytes: incrementalPuts.reduce((n, b) => n + b.length, 0),
    incrementalPlainPuts: incrementalPuts.length,
    firstSyncMs,
    firstPlainMs,
    incrementalMs,
    incrementalPlainMs,
    joinMs,
  };
}
