// The merge rules of sync (src/sync/merge.ts) and the clock they rest on (src/sync/hlc.ts).
import { describe, expect, it } from 'vitest';
import { Clock, compareHlc, decodeHlc, encodeHlc } from '../../src/sync/hlc';
import {
  conflictId,
  decide,
  expiredTombstone,
  fieldConflicts,
  goneFromServer,
  mergeConflict,
  type Resolution,
  TOMBSTONE_DAYS,
  unionMerge,
  winningResolution,
} from '../../src/sync/merge';

const at = (wall: number, count = 0, node = 'aaaaaaaa') => encodeHlc({ wall, count, node });

describe('hybrid logical clock', () => {
  it('orders stamps by time, then counter, then node, as strings', () => {
    expect(compareHlc(at(1000), at(999))).toBe(1);
    expect(compareHlc(at(1000, 1), at(1000, 0))).toBe(1);
    expect(compareHlc(at(1000, 0, 'bbbbbbbb'), at(1000, 0, 'aaaaaaaa'))).toBe(1);
    expect(compareHlc(at(2 ** 40), at(2 ** 39))).toBe(1);
    expect(decodeHlc(at(123456, 7, 'deadbeef'))).toEqual({ wall: 123456, count: 7, node: 'deadbeef' });
  });

  it('never goes backwards, even when the wall clock does', () => {
    let wall = 5000;
    const c = new Clock('aaaaaaaa', () => wall);
    const a = c.now();
    wall = 4000;
    const b = c.now();
    const d = c.now();
    expect(compareHlc(b, a)).toBe(1);
    expect(compareHlc(d, b)).toBe(1);
  });

  it('an edit made after seeing a stamp from a device whose clock runs ahead is still later', () => {
    const slow = new Clock('aaaaaaaa', () => 1000);
    const fromFastDevice = at(9_000_000, 3, 'bbbbbbbb');
    slow.observe(fromFastDevice);
    expect(compareHlc(slow.now(), fromFastDevice)).toBe(1);
  });
});

describe('per-record decisions', () => {
  const base = at(100);
  it('only one side changed: that side goes to the other', () => {
    expect(decide({ h: at(200) }, base, { h: base })).toBe('push');
    expect(decide({ h: base }, base, { h: at(200) })).toBe('pull');
    expect(decide(undefined, undefined, { h: at(200) })).toBe('pull');
    expect(decide({ h: at(200) }, undefined, undefined)).toBe('push');
    expect(decide({ h: base }, base, { h: base })).toBe('none');
  });

  it('both changed: the later edit wins', () => {
    expect(decide({ h: at(300) }, base, { h: at(200) })).toBe('both-local');
    expect(decide({ h: at(200) }, base, { h: at(300) })).toBe('both-remote');
  });

  it('a delete wins over an older edit, and a newer edit wins over a delete', () => {
    expect(decide({ h: at(200) }, base, { h: at(300), d: true })).toBe('both-remote');
    expect(decide({ h: at(300), d: true }, base, { h: at(200) })).toBe('both-local');
    expect(decide({ h: at(400) }, base, { h: at(300), d: true })).toBe('both-local');
  });
});

describe('append-only records merge by union', () => {
  it('a request keeps the history both devices added, and its status follows the latest entry', () => {
    const open = { status: 'open', at: 1 };
    const mine = { id: 'r1', status: 'in_progress', history: [open, { status: 'in_progress', at: 5 }] };
    const theirs = { id: 'r1', status: 'fulfilled', history: [open, { status: 'fulfilled', at: 9 }] };
    const merged = unionMerge(theirs, mine);
    expect(merged.history).toEqual([open, { status: 'in_progress', at: 5 }, { status: 'fulfilled', at: 9 }]);
    expect(merged.status).toBe('fulfilled');
  });

  it('lists without times keep both sides, nothing twice', () => {
    const merged = unionMerge(
      { id: 'x', fields: [{ token: 'email' }, { token: 'tel' }] },
      { id: 'x', fields: [{ token: 'email' }, { token: 'name' }] },
    );
    expect(merged.fields).toEqual([{ token: 'email' }, { token: 'name' }, { token: 'tel' }]);
  });
});

describe('same-field conflicts on a persona', () => {
  it('lists exactly the fields where the two versions differ, ignoring bookkeeping', () => {
    const kept = { id: 'p', label: 'Home', email: 'a@example.org', tel: '+491', updatedAt: 2, addresses: [] };
    const other = { id: 'p', label: 'Home', email: 'b@example.org', updatedAt: 1, addresses: [] };
    expect(fieldConflicts(kept, other)).toEqual([
      { field: 'email', kept: 'a@example.org', other: 'b@example.org' },
      { field: 'tel', kept: '+491', other: undefined },
    ]);
    expect(fieldConflicts(kept, { ...kept, updatedAt: 9 })).toEqual([]);
  });
});

describe('conflicts that travel between devices', () => {
  const s1 = '000000000001.0000.aaaaaaaa';
  const s2 = '000000000002.0000.bbbbbbbb';
  const s3 = '000000000003.0000.aaaaaaaa';
  type C = { id: string; recordId: string; resolved?: Resolution[] };
  const open: C = { id: conflictId(s1, s2), recordId: 'p' };

  it('has the same id on every device that meets the same two versions, in either order', () => {
    expect(conflictId(s1, s2)).toBe(conflictId(s2, s1));
    expect(conflictId(s1, s2)).not.toBe(conflictId(s1, s3));
  });

  it('a resolution made on one device resolves the open copy of another', () => {
    const resolved = { ...open, resolved: [{ use: 'other' as const, h: s3, at: 3 }] };
    expect(winningResolution(open)).toBeUndefined();
    expect(winningResolution(mergeConflict(open, resolved))?.use).toBe('other');
    expect(winningResolution(mergeConflict(resolved, open))?.use).toBe('other');
  });

  it('two resolutions made at once: both are kept, and the later one (by clock) counts, whichever side merges', () => {
    const onA: C = { ...open, resolved: [{ use: 'kept', h: s3, at: 9 }] };
    const onB: C = { ...open, resolved: [{ use: 'other' as const, h: s2, at: 99 }] };
    for (const merged of [mergeConflict(onA, onB), mergeConflict(onB, onA)]) {
      expect(merged.resolved?.map((r) => r.use)).toEqual(['other', 'kept']);
      expect(winningResolution(merged)).toEqual({ use: 'kept', h: s3, at: 9 });
    }
    // merging again adds nothing
    expect(mergeConflict(mergeConflict(onA, onB), onB).resolved).toHaveLength(2);
  });
});

describe('tombstones collected after TOMBSTONE_DAYS', () => {
  const day = 86_400_000;
  const now = 200 * day;
  it('a tombstone older than 90 days is expired; a younger one, or an edit of any age, is not', () => {
    expect(TOMBSTONE_DAYS).toBe(90);
    expect(expiredTombstone({ h: at(now - 91 * day), d: true }, now)).toBe(true);
    expect(expiredTombstone({ h: at(now - 89 * day), d: true }, now)).toBe(false);
    expect(expiredTombstone({ h: at(now - 300 * day) }, now)).toBe(false);
  });
  it('a record gone from the server: deleted here if unchanged since it was merged, kept (and sent) if edited since', () => {
    expect(goneFromServer({ h: at(5) }, at(5))).toBe('delete');
    expect(goneFromServer({ h: at(5), d: true }, at(5))).toBe('forget');
    expect(goneFromServer({ h: at(6) }, at(5))).toBeNull();
    expect(goneFromServer({ h: at(6) }, undefined)).toBeNull();
  });
});
