/**
 * The merge rules, as pure functions (sync.design.md says why these and not others).
 *
 * Every record has, on each side, a version: the clock stamp of its last change (hlc.ts) and
 * whether that change was a delete (a tombstone). A device also remembers the base: the stamp of
 * the server's version it last merged. Then, per record:
 * - only one side changed since the base: that side's version goes to the other;
 * - both changed: the later stamp wins, whether it is an edit or a tombstone (so a delete wins over
 *   an older edit, and an edit made after a delete brings the record back); but
 *   - append-only tables (the ledger, requests, agreements) never lose an entry: two versions of a
 *     record merge by union of their histories, and
 *   - two edits of the same persona keep both: the later one is applied, and every field where
 *     the two differ is kept as a conflict for the person to decide (fieldConflicts).
 */
import { compareHlc, decodeHlc } from './hlc';

export interface Version {
  /** Clock stamp of the last change. */
  h: string;
  /** The last change was a delete. */
  d?: boolean;
}

export type Decision =
  /** Both sides hold the same version, or neither changed. */
  | 'none'
  /** Only this device changed: its version goes to the server. */
  | 'push'
  /** Only the server's copy changed: it comes to this device. */
  | 'pull'
  /** Both changed; this device's version is the later. */
  | 'both-local'
  /** Both changed; the server's version is the later. */
  | 'both-remote';

/**
 * What to do with one record, from this device's version, the base (the server version this
 * device last merged; undefined if none) and the server's current version.
 */
export function decide(local: Version | undefined, base: string | undefined, remote: Version | undefined): Decision {
  if (remote === undefined) return local !== undefined && local.h !== base ? 'push' : 'none';
  if (local === undefined) return 'pull';
  if (local.h === remote.h) return 'none';
  if (remote.h === base) return 'push';
  if (local.h === base) return 'pull';
  return compareHlc(local.h, remote.h) > 0 ? 'both-local' : 'both-remote';
}

/** Tables whose entries are only ever added to: two versions merge by union, nothing is dropped. */
export const APPEND_ONLY: ReadonlySet<string> = new Set(['shares', 'requests', 'agreements']);

type Obj = Record<string, unknown>;

/** JSON with sorted keys, to compare values regardless of key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Obj;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** Union of two lists by value, in the order of the first then the new ones of the second, sorted by `at` where they have one. */
function unionList(a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set(a.map(canonical));
  const out = [...a];
  for (const x of b) {
    const k = canonical(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  const at = (x: unknown) => (x && typeof x === 'object' && typeof (x as Obj).at === 'number' ? ((x as Obj).at as number) : null);
  if (out.every((x) => at(x) !== null)) out.sort((x, y) => at(x)! - at(y)!);
  return out;
}

/**
 * Two versions of an append-only record, merged: the later version's fields, with every list
 * (a request's history, a ledger entry's fields, an agreement's events) the union of both, so
 * what either device added is kept. The status of a request follows its latest history entry.
 */
export function unionMerge(later: Obj, earlier: Obj): Obj {
  const out: Obj = { ...earlier, ...later };
  for (const [k, v] of Object.entries(later)) {
    const e = earlier[k];
    if (Array.isArray(v) && Array.isArray(e)) out[k] = unionList(e, v);
  }
  const history = out.history;
  if (Array.isArray(history) && history.length > 0) {
    const last = history[history.length - 1] as Obj;
    if (typeof last.status === 'string' && typeof out.status === 'string') out.status = last.status;
  }
  return out;
}

/** Fields that only record when something changed: a difference there is no conflict. */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt']);

export interface FieldConflict {
  field: string;
  /** The value applied (the later edit's). Undefined: the field is empty there. */
  kept: unknown;
  /** The other device's value, kept for the person to choose. */
  other: unknown;
}

/** The fields where two versions of a persona differ (addresses compared whole). */
export function fieldConflicts(kept: Obj, other: Obj): FieldConflict[] {
  const fields = new Set([...Object.keys(kept), ...Object.keys(other)]);
  const out: FieldConflict[] = [];
  for (const f of [...fields].sort()) {
    if (BOOKKEEPING.has(f)) continue;
    if (canonical(kept[f]) !== canonical(other[f])) out.push({ field: f, kept: kept[f], other: other[f] });
  }
  return out;
}

/** The sync-only table of open and resolved persona conflicts (not a vault table: kept in the sync state). */
export const CONFLICTS_TABLE = 'sync-conflicts';

/** One way a conflict was resolved: the values chosen, and the stamp of the persona edit that applied them. */
export interface Resolution {
  use: 'kept' | 'other';
  h: string;
  at: number;
}

/**
 * A conflict's id, the same on every device that meets the same two versions: their stamps, in
 * order (a stamp names one version of one record from one device).
 */
export const conflictId = (a: string, b: string): string => (compareHlc(a, b) < 0 ? `${a}_${b}` : `${b}_${a}`);

/** The resolution that counts: the latest (by the stamp of the edit that applied it); undefined while open. */
export function winningResolution(c: { resolved?: Resolution[] }): Resolution | undefined {
  let best: Resolution | undefined;
  for (const r of c.resolved ?? []) if (!best || compareHlc(r.h, best.h) > 0) best = r;
  return best;
}

/**
 * Two versions of one conflict (same id), merged: its fields from either (they describe the same
 * two versions), and every resolution either device made, so a conflict resolved anywhere is
 * resolved everywhere, and two resolutions made at once both stay on record while the later one
 * counts (winningResolution), the same one whose persona edit wins the persona's own merge.
 */
export function mergeConflict<C extends { resolved?: Resolution[] }>(a: C, b: C): C {
  const byStamp = new Map<string, Resolution>();
  for (const r of [...(a.resolved ?? []), ...(b.resolved ?? [])]) byStamp.set(r.h, r);
  const resolved = [...byStamp.values()].sort((x, y) => compareHlc(x.h, y.h));
  return resolved.length > 0 ? { ...a, resolved } : a;
}

/** How long a tombstone stays in the manifest (sync.design.md, "Tombstones"). */
export const TOMBSTONE_DAYS = 90;

/** A tombstone a device writing its bucket leaves out: deleted more than TOMBSTONE_DAYS before `now` (by its stamp's wall time). */
export function expiredTombstone(e: Version, now: number): boolean {
  return e.d === true && decodeHlc(e.h).wall < now - TOMBSTONE_DAYS * 86_400_000;
}

/**
 * A record this device merged from the server (it has a base) that the manifest no longer names:
 * its tombstone was collected, so the record was deleted. Unchanged here since: 'delete' it (or,
 * already a tombstone here, 'forget' the entry); changed here since: null, it goes up as an edit
 * made after the delete does (the record comes back).
 */
export function goneFromServer(local: Version, base: string | undefined): 'delete' | 'forget' | null {
  if (base === undefined || local.h !== base) return null;
  return local.d ? 'forget' : 'delete';
}
