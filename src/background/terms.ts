/**
 * The person's terms in the vault: which version is in force, the default made on first use, and
 * saving and activating versions. Versions are immutable and content-addressed (see shared/terms.ts):
 * saving a text that exists already puts that version back in force instead of copying it.
 *
 * `activeTerms(vault)` is what fills, intents and requests call, so each ledger entry records
 * `termsId` and `termsSha256` of the version in force when it was made.
 */
import type { Terms } from '../shared/records';
import { activeOf, buildTermsVersion, DEFAULT_PRESET, presetDraft, type TermsDraft } from '../shared/terms';
import type { Vault } from '../vault/vault';

export interface TermsList {
  /** Every readable version, the most recently created first. */
  terms: Terms[];
  activeId: string | null;
}

export async function listTerms(vault: Vault): Promise<TermsList & { failures: number }> {
  const { records, failures } = await vault.list('terms');
  records.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  return { terms: records, activeId: activeOf(records)?.id ?? null, failures: failures.length };
}

/**
 * The version in force, creating the default (#NoStalking, no sale) when the person has none yet.
 * null while the vault is locked, or when the default cannot be written (an unreadable row in its
 * place): a share is then recorded without terms rather than not at all.
 */
export async function activeTerms(vault: Vault, now = Date.now()): Promise<Terms | null> {
  if (vault.state() !== 'unlocked') return null;
  try {
    const { terms } = await listTerms(vault);
    const active = activeOf(terms);
    if (active) return active;
    if (terms.length > 0) return null; // every version revoked: the person chose to proffer none
    return await vault.put('terms', buildTermsVersion(presetDraft(DEFAULT_PRESET), now));
  } catch {
    return null;
  }
}

/** Saves a draft as a version (or finds the same text already saved) and puts it in force. */
export async function saveTerms(vault: Vault, draft: TermsDraft, now = Date.now()): Promise<Terms> {
  const version = buildTermsVersion(draft, now);
  const existing = await vault.get('terms', version.id);
  const at = await nextActivation(vault, now);
  if (existing) return vault.put('terms', { ...existing, activatedAt: at, revokedAt: undefined });
  return vault.put('terms', { ...version, activatedAt: at });
}

/** Puts an existing version in force; undefined when there is no such version. */
export async function activateTerms(vault: Vault, id: string, now = Date.now()): Promise<Terms | undefined> {
  const existing = await vault.get('terms', id);
  if (!existing) return undefined;
  return vault.put('terms', { ...existing, activatedAt: await nextActivation(vault, now), revokedAt: undefined });
}

/** Later than every activation so far, so two activations in the same millisecond still order. */
async function nextActivation(vault: Vault, now: number): Promise<number> {
  const { records } = await vault.list('terms');
  let latest = -1;
  for (const t of records) latest = Math.max(latest, t.activatedAt ?? t.createdAt);
  return Math.max(now, latest + 1);
}
