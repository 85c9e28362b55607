/**
 * The toolbar badge is composed from both counts (overdue data-rights requests, unread offers): one
 * source never erases the other's count, overdue turns it red, the tooltip names each count, and a
 * restarted service worker (a fresh module over the same storage.session) keeps the other count.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** What the toolbar shows, as chrome.action was last told. */
const shown = { text: '', color: '', title: '' };
let session: Record<string, unknown> = {};
vi.stubGlobal('chrome', {
  action: {
    setBadgeText: async (o: { text: string }) => void Object.assign(shown, { text: o.text }),
    setBadgeBackgroundColor: async (o: { color: string }) => void Object.assign(shown, { color: o.color }),
    setTitle: async (o: { title: string }) => void Object.assign(shown, { title: o.title }),
  },
  storage: {
    session: {
      get: async (k: string) => structuredClone({ [k]: session[k] }),
      set: async (o: Record<string, unknown>) => void Object.assign(session, structuredClone(o)),
    },
  },
  i18n: { getMessage: () => '' },
});

/** A fresh copy of the module, as a restarted service worker loads it. */
async function load() {
  vi.resetModules();
  return import('../../src/background/badge');
}

describe('toolbar badge', () => {
  beforeEach(() => {
    session = {};
    Object.assign(shown, { text: '', color: '', title: '' });
  });

  it('composes text, colour and tooltip from both counts', async () => {
    const { composeBadge, OVERDUE_COLOR, UNREAD_COLOR } = await load();
    expect(composeBadge({ overdue: 0, unread: 0 })).toEqual({ text: '', color: UNREAD_COLOR, title: 'Proffer' });
    expect(composeBadge({ overdue: 0, unread: 2 })).toEqual({ text: '2', color: UNREAD_COLOR, title: 'Proffer: 2 unread offers' });
    expect(composeBadge({ overdue: 1, unread: 2 })).toEqual({
      text: '3',
      color: OVERDUE_COLOR,
      title: 'Proffer: Overdue data-rights requests: 1; 2 unread offers',
    });
    expect(composeBadge({ overdue: 1, unread: 5000 }).text).toBe('999');
  });

  it('an overdue request and unread offers both count: neither writer erases the other', async () => {
    const { setBadgeCount, OVERDUE_COLOR, UNREAD_COLOR } = await load();
    await setBadgeCount('overdue', 1);
    await setBadgeCount('unread', 2);
    expect(shown).toEqual({ text: '3', color: OVERDUE_COLOR, title: 'Proffer: Overdue data-rights requests: 1; 2 unread offers' });
    // The offers are read: the overdue request still shows, still red.
    await setBadgeCount('unread', 0);
    expect(shown).toEqual({ text: '1', color: OVERDUE_COLOR, title: 'Proffer: Overdue data-rights requests: 1' });
    // The request is answered: the badge is empty again.
    await setBadgeCount('overdue', 0);
    expect(shown).toEqual({ text: '', color: UNREAD_COLOR, title: 'Proffer' });
  });

  it('updates that arrive together are applied one after the other', async () => {
    const { setBadgeCount } = await load();
    await Promise.all([setBadgeCount('overdue', 2), setBadgeCount('unread', 4), setBadgeCount('unread', 3)]);
    expect(shown.text).toBe('5');
  });

  it('a restarted service worker keeps the count the other source set before it stopped', async () => {
    await (await load()).setBadgeCount('overdue', 1);
    const restarted = await load();
    await restarted.setBadgeCount('unread', 1);
    expect(shown.text).toBe('2');
    expect(shown.color).toBe(restarted.OVERDUE_COLOR);
  });

  it('ignores nonsense counts and never rejects when the browser refuses', async () => {
    const { setBadgeCount } = await load();
    await setBadgeCount('unread', -3);
    await setBadgeCount('overdue', Number.NaN);
    expect(shown.text).toBe('');
    const original = chrome.action.setBadgeText;
    chrome.action.setBadgeText = async () => {
      throw new Error('no such tab');
    };
    try {
      await expect(setBadgeCount('unread', 1)).resolves.toBeUndefined();
    } finally {
      chrome.action.setBadgeText = original;
    }
  });

  it('clearBadge empties it and forgets both counts (as wipe does)', async () => {
    const badge = await load();
    await badge.setBadgeCount('overdue', 2);
    await badge.setBadgeCount('unread', 3);
    expect(shown.text).toBe('5');
    await badge.clearBadge();
    expect(shown.text).toBe('');
    // A restarted worker that reports new offers starts from nothing overdue.
    const restarted = await load();
    await restarted.setBadgeCount('unread', 1);
    expect(shown.text).toBe('1');
  });
});
