// What sync puts on the server (src/sync/format.ts): sealed, bound to what it is, named opaquely.
import { describe, expect, it } from 'vitest';
import { objectAad, objectName, openJson, openManifest, sealJson, sealManifest, syncKeys } from '../../src/sync/format';
import { encodeHlc } from '../../src/sync/hlc';

const keys = syncKeys(new Uint8Array(32).fill(7));
const h1 = encodeHlc({ wall: 1_700_000_000_000, count: 0, node: 'a1b2c3d4' });
const h2 = encodeHlc({ wall: 1_700_000_000_001, count: 0, node: 'a1b2c3d4' });

describe('sync format', () => {
  it('a manifest round-trips, and opens under no other key', () => {
    const entries = new Map([
      ['personas:p1', { t: 'personas', id: 'p1', h: h1 }],
      ['shares:s1', { t: 'shares', id: 's1', h: h2, d: true }],
    ]);
    const body = sealManifest(keys, { seq: 3, entries });
    expect(openManifest(keys, body)).toEqual({ seq: 3, entries });
    expect(openManifest(syncKeys(new Uint8Array(32).fill(8)), body)).toBeNull();
  });

  it('a sealed manifest of the wrong shape is refused, not half read', () => {
    const aad = 'proffer-sync/v1|manifest';
    for (const bad of [
      { v: 2, seq: 1, e: [] },
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
