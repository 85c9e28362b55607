// The manifest in buckets (sync.design.md, "On the server"): one change rewrites its bucket and the
// manifest, not every entry; a device reads only the buckets that changed; a server still holding
// a version 1 manifest (every entry inside) is read and converted at the first write; a bucket that
// is tampered with, missing or put back to an older version is reported, never applied.
import { describe, expect, it } from 'vitest';
import type { RecordOf } from '../../src/shared/records';
import { SyncError } from '../../src/sync/errors';
import { BUCKETS, bucketName, openBucket, openManifest, type RemoteEntry, sealManifestV1, syncKeys } from '../../src/sync/format';
import { newId } from '../../src/vault/records-codec';
import { type Device, firstDevice, joinedDevice, MemoryServer, settle } from './sync-fixture';

function persona(label: string): RecordOf<'personas'> {
  return { id: newId(), label, addresses: [], createdAt: 1, updatedAt: 1 };
}

async function labels(d: Device): Promise<string[]> {
  return (await d.vault.list('personas')).records.map((p) => p.label).sort();
}

async function syncError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SyncError);
  return (e as SyncError).code;
}

/** The server's manifest as format 2: seq and bucket tokens. */
function root(server: MemoryServer, d: Device) {
  const m = openManifest(syncKeys(d.vault.syncKey()), server.files.get('manifest')!.body);
  if (m?.v !== 2) throw new Error(`manifest v${m?.v}`);
  return m;
}

const bucketFiles = (server: MemoryServer) => [...server.files.keys()].filter((n) => n.startsWith('m/'));

/** A device with `n` personas, synced. */
async function withPersonas(server: MemoryServer, n: number): Promise<{ a: Device; ids: RecordOf<'personas'>[] }> {
  const a = await firstDevice(server);
  const ids = Array.from({ length: n }, (_, i) => persona(`P${String(i).padStart(3, '0')}`));
  await a.vault.putMany('personas', ids);
  await settle(a);
  await a.sync.sync();
  return { a, ids };
}

describe('the manifest in buckets', () => {
  it('one change rewrites its object, its bucket and the manifest, and another device reads only that bucket', async () => {
    const server = new MemoryServer();
    const { a, ids } = await withPersonas(server, 300);
    const b = await joinedDevice(server);
    expect(await labels(b)).toHaveLength(300);
    const first = root(server, a);
    expect(first.buckets.size).toBeGreaterThan(BUCKETS / 2);
    expect(bucketFiles(server)).toHaveLength(first.buckets.size);
    const manifestBytes = server.files.get('manifest')!.body.length;
    const bucketBytes = bucketFiles(server).reduce((n, f) => n + server.files.get(f)!.body.length, 0);
    // the manifest names the buckets only: a fraction of the entries' size
    expect(manifestBytes * 5).toBeLessThan(bucketBytes);

    const puts = server.puts;
    await a.vault.put('personas', { ...ids[7]!, label: 'Edited' });
    await settle(a);
    expect((await a.sync.sync()).pushed).toBe(1);
    expect(server.puts - puts).toBe(3); // the object, its bucket, the manifest
    const second = root(server, a);
    const changed = [...second.buckets].filter(([i, t]) => first.buckets.get(i) !== t);
    expect(changed).toHaveLength(1);
    // the replaced bucket version is gone from the server, the current ones are all there
    expect(bucketFiles(server).sort()).toEqual([...second.buckets].map(([i, t]) => bucketName(syncKeys(a.vault.syncKey()), i, t)).sort());

    server.readLog.length = 0;
    expect((await b.sync.sync()).pulled).toBe(1);
    expect(server.readLog.filter((n) => n.startsWith('m/'))).toHaveLength(1);
    expect(await labels(b)).toContain('Edited');
  });

  it('two devices writing at once: the loser retries, and no bucket version is left that no manifest names', async () => {
    const server = new MemoryServer();
    const { a } = await withPersonas(server, 50);
    const b = await joinedDevice(server);
    await a.vault.put('personas', persona('From A'));
    await b.vault.put('personas', persona('From B'));
    await settle(a);
    await settle(b);
    server.beforeManifestPut = async () => {
      await b.sync.sync();
    };
    const refused = server.refused;
    await a.sync.sync();
    expect(server.refused).toBe(refused + 1);
    await b.sync.sync();
    expect(await labels(a)).toEqual(await labels(b));
    expect(await labels(a)).toHaveLength(52);
    expect(bucketFiles(server)).toHaveLength(root(server, a).buckets.size);
  });

  it('a server holding a version 1 manifest is read, and the first write converts it', async () => {
    const server = new MemoryServer();
    const { a } = await withPersonas(server, 40);
    // Put the server back in format 1, as a build before buckets left it.
    const keys = syncKeys(a.vault.syncKey());
    const now = root(server, a);
    const entries = new Map<string, RemoteEntry>();
    for (const [i, t] of now.buckets)
      for (const [k, e] of openBucket(keys, i, t, server.files.get(bucketName(keys, i, t))!.body)!) entries.set(k, e);
    expect(entries.size).toBeGreaterThanOrEqual(40);
    for (const f of bucketFiles(server)) server.files.delete(f);
    server.files.set('manifest', { body: sealManifestV1(keys, { seq: now.seq, entries }), etag: '"v1"' });

    const b = await joinedDevice(server);
    expect(await labels(b)).toEqual(await labels(a));
    expect(openManifest(keys, server.files.get('manifest')!.body)?.v).toBe(1); // reading changes nothing
    await b.vault.put('personas', persona('After buckets'));
    await settle(b);
    await b.sync.sync();
    const converted = root(server, b);
    expect(converted.seq).toBe(now.seq + 1);
    expect(bucketFiles(server)).toHaveLength(converted.buckets.size);
    await a.sync.sync();
    expect(await labels(a)).toEqual(await labels(b));
    expect(await labels(a)).toHaveLength(41);
  });

  it('a bucket changed, missing, or put back to an older version: reported, nothing applied', async () => {
    const server = new MemoryServer();
    const { a, ids } = await withPersonas(server, 20);
    const keys = syncKeys(a.vault.syncKey());
    const before = root(server, a);
    const [i0, t0] = [...before.buckets][0]!;
    const oldName = bucketName(keys, i0, t0);
    const oldBody = server.files.get(oldName)!.body;

    // an edit in every bucket, so that the bucket above gets a new version
    for (const p of ids) await a.vault.put('personas', { ...p, label: `${p.label} v2` });
    await settle(a);
    await a.sync.sync();
    const after = root(server, a);
    const newName = bucketName(keys, i0, after.buckets.get(i0)!);
    const good = server.files.get(newName)!;
    const fresh = () => syncError(joinedDevice(server));

    // the older version put under the current name does not open as it
    server.files.set(newName, { body: oldBody, etag: '"old"' });
    expect(await fresh()).toBe('errSyncTampered');
    // a flipped byte
    const flipped = good.body.slice();
    flipped[40]! ^= 1;
    server.files.set(newName, { body: flipped, etag: '"flipped"' });
    expect(await fresh()).toBe('errSyncTampered');
    // gone
    server.files.delete(newName);
    expect(await fresh()).toBe('errSyncTampered');
    // put right again: a device joins and gets every record
    server.files.set(newName, good);
    const c = await joinedDevice(server);
    expect(await labels(c)).toHaveLength(20);
    expect((await labels(c)).every((l) => l.endsWith(' v2'))).toBe(true);
    // and the device that wrote it syncs on
    await a.vault.put('personas', persona('Later'));
    await settle(a);
    await a.sync.sync();
    await c.sync.sync();
    expect(await labels(c)).toContain('Later');
  });
});
