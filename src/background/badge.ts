/**
 * The toolbar badge, composed in one place. Two things want the person's attention there: data-rights
 * requests past their legal deadline (reminders.ts) and unread offers (handlers/intents.ts). Each
 * reports its own count here; the badge shows their sum, red while anything is overdue, and its
 * tooltip names each count. (Before, each wrote the badge itself and the last writer won.)
 *
 * The counts are kept in storage.session (memory only, trusted contexts only): the service worker
 * is stopped between alarms, and a restarted one must not forget the other source's count.
 */
import { z } from 'zod';

export interface BadgeCounts {
  /** Data-rights requests past their deadline without an answer. */
  overdue: number;
  /** Unread offers of active intents. */
  unread: number;
}

export const OVERDUE_COLOR = '#b3261e';
export const UNREAD_COLOR = '#0b57d0';
const KEY = 'badge';
/** The counts as kept in storage.session; a count of the wrong kind reads as none (count() makes it 0). */
const StoredCounts = z.object({ overdue: z.number().optional().catch(undefined), unread: z.number().optional().catch(undefined) });

const count = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? Math.floor(x) : 0);
const say = (key: string, n: number, english: string): string => chrome.i18n?.getMessage(key, [String(n)]) || english;

/** What the badge shows for these counts: text, colour and tooltip. */
export function composeBadge(c: BadgeCounts): { text: string; color: string; title: string } {
  const total = c.overdue + c.unread;
  const parts = [
    c.overdue > 0 ? say('badgeOverdue', c.overdue, `Overdue data-rights requests: ${c.overdue}`) : '',
    c.unread > 0 ? say('offerUnreadCount', c.unread, `${c.unread} unread offers`) : '',
  ].filter(Boolean);
  const name = chrome.i18n?.getMessage('actionTitle') || 'Proffer';
  return {
    text: total > 0 ? String(Math.min(total, 999)) : '',
    color: c.overdue > 0 ? OVERDUE_COLOR : UNREAD_COLOR,
    title: parts.length ? `${name}: ${parts.join('; ')}` : name,
  };
}

let last: BadgeCounts = { overdue: 0, unread: 0 };
let queue: Promise<unknown> = Promise.resolve();

/** Sets one source's count and redraws the badge from both. Updates run one at a time; never rejects. */
export function setBadgeCount(source: keyof BadgeCounts, n: number): Promise<void> {
  const run = queue.then(async () => {
    const session = chrome.storage?.session;
    const stored: Partial<BadgeCounts> | undefined = session
      ? await session.get(KEY).then(
          (r) => {
            const parsed = StoredCounts.safeParse(r[KEY]);
            return parsed.success ? parsed.data : undefined;
          },
          () => last,
        )
      : last;
    const counts: BadgeCounts = { overdue: count(stored?.overdue), unread: count(stored?.unread), [source]: count(n) };
    last = counts;
    await session?.set({ [KEY]: counts }).catch(() => undefined);
    const shown = composeBadge(counts);
    await Promise.all([
      chrome.action.setBadgeText({ text: shown.text }),
      chrome.action.setBadgeBackgroundColor({ color: shown.color }),
      chrome.action.setTitle({ title: shown.title }),
    ]).catch(() => undefined);
  });
  queue = run.catch(() => undefined);
  return run.catch(() => undefined);
}

/** Both counts to zero and the badge empty (wipe: nothing of the old vault should show). Never rejects. */
export async function clearBadge(): Promise<void> {
  await setBadgeCount('overdue', 0);
  await setBadgeCount('unread', 0);
}
