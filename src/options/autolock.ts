/** Auto-lock minutes as the background accepts them (`settings/set`: a whole number, 1..1440). */
export const AUTOLOCK_MIN = 1;
export const AUTOLOCK_MAX = 24 * 60;

/** The minutes typed, or null when it is not a whole number in range. */
export function parseAutoLock(s: string): number | null {
  if (!/^\s*\d+\s*$/.test(s)) return null;
  const n = Number(s);
  return n >= AUTOLOCK_MIN && n <= AUTOLOCK_MAX ? n : null;
}
