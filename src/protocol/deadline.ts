/**
 * Legal answer deadlines for data-rights requests, on calendar dates ("YYYY-MM-DD"), so the result
 * does not depend on the time zone the code runs in.
 *
 * - GDPR Art. 12(3): "within one month of receipt". Per Regulation 1182/71 Art. 3(2)(c), a period in
 *   months ends on the same day of the month; when that day does not exist, on the month's last day
 *   (2026-01-31 + one month = 2026-02-28).
 * - CCPA, Cal. Civ. Code § 1798.130(a)(2): 45 calendar days for requests to delete and to know.
 * - CCPA regulations, 11 CCR § 7026(f): 15 business days to honour an opt-out of sale or sharing.
 *   Counted Monday to Friday; public holidays are not subtracted, so the date shown can be a day or
 *   two early, never late.
 */
import type { Exercise, Regime } from './schemas';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a real calendar date; throws RangeError otherwise (2026-02-30 is not a date). */
function parse(date: string): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return d;
}

const format = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** Same day `months` later, clamped to the end of a shorter month. */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return format(target);
}

/** `days` weekdays (Monday to Friday) after `date`. */
export function addBusinessDays(date: string, days: number): string {
  const d = parse(date);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return format(d);
}

type DeadlineRule = { kind: 'months'; n: 1 } | { kind: 'days'; n: 45 } | { kind: 'business-days'; n: 15 };

function deadlineRule(regime: Regime, exercise: Exercise): DeadlineRule {
  if (regime === 'gdpr') return { kind: 'months', n: 1 };
  return exercise === 'sale:opt-out' ? { kind: 'business-days', n: 15 } : { kind: 'days', n: 45 };
}

/**
 * The last day on which the brand must answer, counting from the day it received the request.
 * @example legalDeadline('gdpr', 'deletion', '2026-01-31') // '2026-02-28'
 * @example legalDeadline('ccpa', 'deletion', '2026-01-31') // '2026-03-17'
 */
export function legalDeadline(regime: Regime, exercise: Exercise, received: string): string {
  const rule = deadlineRule(regime, exercise);
  if (rule.kind === 'months') return addMonths(received, rule.n);
  if (rule.kind === 'days') return addDays(received, rule.n);
  return addBusinessDays(received, rule.n);
}

/** The local calendar date of a moment (the person's own day, for "sent on"). */
export function localDate(at: Date | number = Date.now()): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The last millisecond of a calendar date in local time: when a deadline on that date has passed. */
export function endOfLocalDay(date: string): number {
  const d = parse(date);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59, 999).getTime();
}

/**
 * The deadline in a legal frame (jurisdiction.ts): the GDPR and the UK GDPR as legalDeadline's
 * 'gdpr'; California as 'ccpa'; Switzerland 30 days (revFADP Art. 25(7) and Data Protection
 * Ordinance Art. 18(1): "within 30 days").
 * @example deadlineIn('ch', 'access', '2026-01-31') // '2026-03-02'
 */
export function deadlineIn(jurisdiction: 'eu' | 'uk' | 'ch' | 'us-ca', exercise: Exercise, received: string): string {
  if (jurisdiction === 'ch') return addDays(received, 30);
  return legalDeadline(jurisdiction === 'us-ca' ? 'ccpa' : 'gdpr', exercise, received);
}

/**
 * The deadline once the company extended it, with notice, counted from receipt like the first one:
 * one month plus two further months (GDPR and UK GDPR Art. 12(3), so 2026-01-31 -> 2026-04-30, not
 * the end of February plus two months), 45 plus 45 days (Cal. Civ. Code § 1798.130(a)(2); an opt-out
 * cannot be extended), 30 plus 60 days (the Swiss DPO Art. 18(2) allows a reasoned extension; the
 * FDPIC names 60 days as usual).
 * @example extendedDeadline('eu', 'access', '2026-01-31') // '2026-04-30'
 */
export function extendedDeadline(jurisdiction: 'eu' | 'uk' | 'ch' | 'us-ca', exercise: Exercise, received: string): string {
  if (jurisdiction === 'us-ca') return exercise === 'sale:opt-out' ? legalDeadline('ccpa', exercise, received) : addDays(received, 90);
  if (jurisdiction === 'ch') return addDays(received, 90);
  return addMonths(received, 3);
}

/** Days a reminder gives the company before the complaint is offered. */
export const REMINDER_GRACE_DAYS = 14;
