// What sync puts on the server (src/sync/format.ts): sealed, bound to what it is, named opaquely.
import { describe, expect, it } from 'vitest';
import {
  BUCKETS,
  bucketName,
  bucketOf,
  newBucketToken,
  objectAad,
  objectName,
  openBucket,
  openJson,
  openManifest,
  sealBucket,
  sealJson,
  sealManifest,
  sealManifestV1,
  syncKeys,
} from '../../src/sync/format';
import { encodeHlc } from '../../src/sync/hlc';

const keys = syncKeys(new Uint8Array(32).fill(7));
const h1 = encodeHlc({ wall: 1_700_000_000_000, count: 0, node: 'a1b2c3d4' });
const h2 = encodeHlc({ wall: 1_700_000_000_001, count: 0, node: 'a1b2c3d4' });

describe('sync format', () => {
  it('a version 1 manifest (every entry inside) is still read, and opens under no other key', () => {
    const entries = new Map([
      ['personas:p1', { t: 'personas', id: 'p1', h: h1 }],
      ['shares:s1', { t: 'shares', id: 's1', h: h2, d: true }],
    ]);
    const body = sealManifestV1(keys, { seq: 3, entries });
    expect(openManifest(keys, body)).toEqual({ v: 1, seq: 3, entries });
    expect(openManifest(syncKeys(new Uint8Array(32).fill(8)), body)).toBeNull();
  });

  it('a version 2 manifest lists each bucket’s token; a bucket opens only as the bucket and token it was sealed as', () => {
    const entries = new Map([
      ['personas:p1', { t: 'personas', id: 'p1', h: h1 }],
      ['shares:s1', { t: 'shares', id: 's1', h: h2, d: true }],
    ]);
    const i = bucketOf(keys, 'personas:p1');
    const mine = new Map([...entries].filter(([k]) => bucketOf(keys, k) === i));
    const token = newBucketToken();
    expect(token).toMatch(/^[0-9a-f]{16}$/);
    const root = sealManifest(keys, 4, new Map([[i, token]]));
    expect(openManifest(keys, root)).toEqual({ v: 2, seq: 4, buckets: new Map([[i, token]]) });
    const body = sealBucket(keys, i, token, mine.values());
    expect(openBucket(keys, i, token, body)).toEqual(mine);
    // an older version of the bucket (another token), or another bucket's file, does not open as this one
    expect(openBucket(keys, i, newBucketToken(), body)).toBeNull();
    expect(openBucket(keys, (i + 1) % BUCKETS, token, body)).toBeNull();
    // an entry put in the wrong bucket is refused
    const other = [...Array(200).keys()].map((n) => `personas:x${n}`).find((k) => bucketOf(keys, k) !== i)!;
    const wrong = sealBucket(keys, i, token, [...mine.values(), { t: 'personas', id: other.slice(9), h: h1 }]);
    expect(openBucket(keys, i, token, wrong)).toBeNull();
    expect(bucketName(keys, i, token)).toMatch(/^m\/[0-9a-f]{32}$/);
    expect(bucketName(keys, i, token)).not.toBe(bucketName(keys, i, newBucketToken()));
  });

  it('entries spread over the buckets, and the spread depends on the key', () => {
    const counts = new Array(BUCKETS).fill(0);
    for (let n = 0; n < 6400; n++) counts[bucketOf(keys, `shares:${n.toString(36)}-x`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(160);
    const other = syncKeys(new Uint8Array(32).fill(9));
    const differ = [...Array(100).keys()].filter((n) => bucketOf(keys, `personas:${n}`) !== bucketOf(other, `personas:${n}`));
    expect(differ.length).toBeGreaterThan(80);
  });

  it('a sealed manifest of the wrong shape is refused, not half read', () => {
    const aad = 'proffer-sync/v1|manifest';
    for (const bad of [
      { v: 3, seq: 1, b: [] },
      { v: 2, seq: 1, e: [] },
      { v: 2, seq: 1, b: [[64, '0123456789abcdef']] },
      { v: 2, seq: 1, b: [[1, 'not-a-token']] },
      {
        v: 2,
        seq: 1,
        b: [
          [1, '0123456789abcdef'],
          [1, 'fedcba9876543210'],
        ],
      },
      { v: 1, seq: 0, e: [] },
      { v: 1, seq: 1, e: [['personas', 'p1', 'yesterday']] },
      { v: 1, seq: 1, e: [['personas', 'p1', h1, 2]] },
      { v: 1, seq: 1, e: 'all' },
    ])
      expect(openManifest(keys, sealJson(keys.seal, bad, aad)), JSON.stringify(bad)).toBeNull();
  });

  it('an object opens only as the version it was sealed as', () => {
    const body = sealJson(keys.seal, { id: 'p1' }, objectAad('personas', 'p1', h1));
    expect(openJson(keys.seal, body, objectAad('personas', 'p1', h1))).toEqual({ id: 'p1' });
    expect(openJson(keys.seal, body, objectAad('personas', 'p1', h2))).toBeUndefined();
    expect(openJson(keys.seal, body, objectAad('personas', 'p2', h1))).toBeUndefined();
    expect(openJson(keys.seal, body, objectAad('shares', 'p1', h1))).toBeUndefined();
  });

  it('object names are 32 hex digits that differ per table, id and version', () => {
    const names = [objectName(keys, 'personas', 'p1', h1), objectName(keys, 'personas', 'p1', h2), objectName(keys, 'shares', 'p1', h1)];
    for (const n of names) expect(n).toMatch(/^o\/[0-9a-f]{32}$/);
    expect(new Set(names).size).toBe(3);
  });
});
