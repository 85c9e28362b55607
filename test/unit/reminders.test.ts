/** Deadline reminders: badge count and one notification per overdue request, never repeated. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataRightsRequest } from '../../src/shared/records';

const badge: string[] = [];
const notes: string[] = [];
let stored: Record<string, unknown> = {};
vi.stubGlobal('chrome', {
  action: {
    setBadgeText: async (o: { text: string }) => void badge.push(o.text),
    setBadgeBackgroundColor: async () => undefined,
    setTitle: async () => undefined,
  },
  storage: {
    local: { get: async (k: string) => ({ [k]: stored[k] }), set: async (o: Record<string, unknown>) => void Object.assign(stored, o) },
    session: { get: async () => ({}), set: async () => undefined },
  },
  notifications: { create: (id: string) => void notes.push(id) },
  i18n: { getMessage: () => '' },
  runtime: { getURL: (p: string) => p, lastError: undefined },
});
const { checkRequests, overdue } = await import('../../src/background/reminders');

const day = 86_400_000;
const req = (
  id: string,
  status: DataRightsRequest['status'],
  deadline: number,
  channel: 'email' | 'endpoint' = 'email',
): DataRightsRequest => ({
  id,
  site: 'https://shop.example',
  exercise: 'deletion',
  channel,
  law: 'gdpr',
  status,
  identifiers: [],
  createdAt: 0,
  deadline,
  history: [],
});

describe('reminders', () => {
  beforeEach(() => {
    badge.length = 0;
    notes.length = 0;
    stored = {};
  });
  it('counts only unanswered requests past their deadline', () => {
    const now = 100 * day;
    const list = [
      req('a', 'open', now - 1),
      req('b', 'in_progress', now - day),
      req('c', 'fulfilled', now - day),
      req('d', 'open', now + day),
      // A letter taken to the authority: the person has done all they can.
      { ...req('e', 'open', now - day), complainedOn: '1970-04-09' },
    ];
    expect(overdue(list, now).map((r) => r.id)).toEqual(['a', 'b']);
  });
  it('shows the count on the badge and notifies once per overdue request', async () => {
    const records = [req('late', 'open', Date.now() - day), req('fine', 'open', Date.now() + day)];
    const vault = { list: async () => ({ records, failures: [] }) };
    await checkRequests(vault as never, async (r) => r);
    expect(badge.at(-1)).toBe('1');
    expect(notes).toHaveLength(1);
    await checkRequests(vault as never, async (r) => r);
    expect(notes).toHaveLength(1); // not again for the same request
    records[0]!.status = 'fulfilled';
    await checkRequests(vault as never, async (r) => r);
    expect(badge.at(-1)).toBe('');
  });
  it('polls open endpoint requests and uses their new status', async () => {
    const records = [req('e', 'open', Date.now() - day, 'endpoint')];
    const vault = { list: async () => ({ records, failures: [] }) };
    const refresh = vi.fn(async (r: DataRightsRequest) => ({ ...r, status: 'fulfilled' as const }));
    await checkRequests(vault as never, refresh);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(badge.at(-1)).toBe('');
  });
});
