/**
 * Request tracking while the vault is open: poll every open endpoint request, and remind the
 * person (badge and one notification per request) when a legal deadline passes unanswered.
 */
import { z } from 'zod';
import type { DataRightsRequest } from '../shared/records';
import type { Vault } from '../vault/vault';
import { setBadgeCount } from './badge';

export const REQUESTS_ALARM = 'requests-poll';
const OPEN = new Set(['open', 'in_progress']);
/** Ids of the requests already notified about, kept in storage.local (missing: none yet). */
const Notified = z.array(z.string());

/**
 * Requests past their deadline with no answer. Pure, for the badge and for tests. A letter whose
 * complaint to the authority is written waits on the authority now: nothing is left for the person
 * to do, so it no longer counts.
 */
export function overdue(requests: readonly DataRightsRequest[], now = Date.now()): DataRightsRequest[] {
  return requests.filter((r) => OPEN.has(r.status) && r.deadline < now && !r.complainedOn);
}

export async function checkRequests(vault: Vault, refresh: (r: DataRightsRequest) => Promise<DataRightsRequest>): Promise<void> {
  const { records } = await vault.list('requests');
  const current: DataRightsRequest[] = [];
  for (const r of records) {
    if (r.channel === 'endpoint' && OPEN.has(r.status)) current.push(await refresh(r).catch(() => r));
    else current.push(r);
  }
  const late = overdue(current);
  await setBadgeCount('overdue', late.length);
  const stored = Notified.safeParse((await chrome.storage.local.get('notified')).notified);
  const notified = stored.success ? stored.data : [];
  const fresh = late.filter((r) => !notified.includes(r.id));
  if (fresh.length && chrome.notifications) {
    const title = chrome.i18n.getMessage('reminderTitle') || 'A data-rights request is overdue';
    const message =
      chrome.i18n.getMessage('reminderBody', [String(fresh.length)]) ||
      `${fresh.length} request(s) passed the legal deadline without an answer.`;
    chrome.notifications.create(
      `overdue-${Date.now()}`,
      { type: 'basic', iconUrl: chrome.runtime.getURL('icons/icon-128.png'), title, message },
      () => void chrome.runtime.lastError,
    );
    // Only ids are kept outside the vault: nothing about the site or the person.
    await chrome.storage.local.set({ notified: [...notified, ...fresh.map((r) => r.id)].slice(-500) });
  }
}
