/**
 * Hybrid logical clocks: a stamp is the wall-clock time (ms), a counter for stamps within the same
 * millisecond, and the device's node id. Encoded as a fixed-width string, so stamps compare as
 * strings: `a > b` means a is later. A device that sees a stamp from another device moves its own
 * clock past it (observe), so an edit made after a sync always wins over what that sync brought,
 * even when the other device's wall clock runs ahead.
 */

/** `wwwwwwwwwwww.cccc.nnnnnnnn`: 12 hex digits of ms, 4 of counter, the 8-hex-digit node id. */
export const HLC_PATTERN = /^[0-9a-f]{12}\.[0-9a-f]{4}\.[0-9a-f]{8}$/;

export interface HlcParts {
  wall: number;
  count: number;
  node: string;
}

export function encodeHlc(p: HlcParts): string {
  return `${p.wall.toString(16).padStart(12, '0')}.${p.count.toString(16).padStart(4, '0')}.${p.node}`;
}

export function decodeHlc(s: string): HlcParts {
  if (!HLC_PATTERN.test(s)) throw new TypeError('not a clock stamp');
  const [w, c, node] = s.split('.') as [string, string, string];
  return { wall: Number.parseInt(w, 16), count: Number.parseInt(c, 16), node };
}

/** -1, 0 or 1, as a is earlier than, the same as, or later than b. */
export const compareHlc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A random node id for a device (32 bits: enough to keep two devices' stamps apart). */
export function newNodeId(): string {
  const b = crypto.getRandomValues(new Uint8Array(4));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const MAX_COUNT = 0xffff;

export class Clock {
  private last: HlcParts;

  constructor(
    readonly node: string,
    private readonly wallClock: () => number = Date.now,
    last?: string,
  ) {
    this.last = last ? decodeHlc(last) : { wall: 0, count: 0, node };
  }

  /** A stamp later than every stamp this clock issued or observed. */
  now(): string {
    const wall = Math.max(this.wallClock(), this.last.wall);
    const count = wall === this.last.wall ? this.last.count + 1 : 0;
    // 65,536 stamps in one millisecond: borrow the next millisecond rather than wrap.
    this.last = count > MAX_COUNT ? { wall: wall + 1, count: 0, node: this.node } : { wall, count, node: this.node };
    return encodeHlc(this.last);
  }

  /** Moves this clock past a stamp seen from another device. */
  observe(stamp: string): void {
    const p = decodeHlc(stamp);
    if (p.wall > this.last.wall || (p.wall === this.last.wall && p.count > this.last.count))
      this.last = { wall: p.wall, count: p.count, node: this.node };
  }

  /** The latest stamp issued or observed (kept across restarts). */
  latest(): string {
    return encodeHlc(this.last);
  }
}
