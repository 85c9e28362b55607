/**
 * Personal terms: the clauses a person proffers, the presets to start from, and how one version of
 * them becomes canonical text with a SHA-256, so every share and intent can name exactly the text it
 * was made under. Pure: the same code runs in the background, the options page and the tests.
 *
 * A version is content-addressed: its record id and `versionId` come from the hash of its text, so
 * saving the same text twice names the same version, and a changed text is always a new version.
 *
 * The presets' wording is modelled on Customer Commons' P2B1 (#NoStalking): "just give me ads not
 * based on tracking me" (https://customercommons.org/p2b1/). Clause texts are the terms' content
 * (they are hashed and sent to brands), so they are kept in English here; the UI around them is
 * translated.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { z } from 'zod';
import type { TermsSave } from './messages';
import { DEFAULT_AGREEMENT, type RosterAgreement, rosterAgreement } from './myterms';
import type { Terms } from './records';
import type { TermsContact } from './vocab';

/** Customer Commons' first person-to-business term, #NoStalking; the URI brands list in `acceptedTerms`. */
export const P2B1_URI = 'https://customercommons.org/p2b1/';

export type TermsClause = { id: string; text: string };

/** The clauses Proffer knows the meaning of; anything else is a custom clause. */
export const CLAUSE_KINDS = [
  'no-stalking',
  'no-sale',
  'this-transaction',
  'delete-after',
  'no-profiling',
  'contact-email',
  'no-contact',
] as const;
export type ClauseKind = (typeof CLAUSE_KINDS)[number];

export const DEFAULT_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 36500;

const CLAUSE_TEXT: Record<Exclude<ClauseKind, 'delete-after'>, string> = {
  'no-stalking':
    'Just give me ads not based on tracking me. You may show me advertising, but do not track me off this site, and do not let anyone else track me on this site or anywhere else.',
  'no-sale': 'Do not sell, rent, trade or share my personal data with anyone else, and do not let anyone else use it.',
  'this-transaction': 'Use my personal data only for the transaction or service I asked for, and for nothing else.',
  'no-profiling': 'Do not build a profile of me, and do not combine my data with data about me from other sources.',
  'contact-email': 'Contact me by email only, and only about what I asked for.',
  'no-contact': 'Do not contact me, except where the transaction I asked for cannot be completed otherwise.',
};

/** The English text of a known clause; `days` for delete-after. */
function clauseText(kind: ClauseKind, days = DEFAULT_RETENTION_DAYS): string {
  if (kind === 'delete-after') {
    const n = clampDays(days);
    return `Delete my personal data ${n} ${n === 1 ? 'day' : 'days'} after I gave it to you, unless a law requires you to keep it longer.`;
  }
  return CLAUSE_TEXT[kind];
}

/** A known clause with its canonical id ("delete-after-30" carries its days, so the meaning survives edits of the text). */
export function makeClause(kind: ClauseKind, days = DEFAULT_RETENTION_DAYS): TermsClause {
  return kind === 'delete-after'
    ? { id: `delete-after-${clampDays(days)}`, text: clauseText(kind, days) }
    : { id: kind, text: clauseText(kind) };
}

/** A custom clause with an id not used by `existing`. */
export function customClause(text: string, existing: readonly TermsClause[]): TermsClause {
  const used = new Set(existing.map((c) => c.id));
  let n = existing.length + 1;
  while (used.has(`custom-${n}`)) n++;
  return { id: `custom-${n}`, text };
}

/** Which known clause an id names (delete-after-N included), or null for a custom one. */
export function clauseKind(id: string): ClauseKind | null {
  if (/^delete-after-\d{1,5}$/.test(id)) return 'delete-after';
  return (CLAUSE_KINDS as readonly string[]).includes(id) && id !== 'delete-after' ? (id as ClauseKind) : null;
}

function clampDays(days: number): number {
  if (!Number.isFinite(days)) return DEFAULT_RETENTION_DAYS;
  return Math.min(MAX_RETENTION_DAYS, Math.max(1, Math.round(days)));
}

// ---- presets --------------------------------------------------------------------------------

export const PRESET_IDS = ['nostalking', 'transaction-only', 'leave-me-alone', 'blank'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

interface Preset {
  title: string;
  clauses: () => TermsClause[];
}

const PRESETS: Record<PresetId, Preset> = {
  /** The default: Customer Commons' #NoStalking, and no sale. */
  nostalking: { title: '#NoStalking, no sale', clauses: () => [makeClause('no-stalking'), makeClause('no-sale')] },
  'transaction-only': {
    title: 'Only for this transaction',
    clauses: () => [
      makeClause('no-stalking'),
      makeClause('no-sale'),
      makeClause('this-transaction'),
      makeClause('no-profiling'),
      makeClause('delete-after', 30),
      makeClause('contact-email'),
    ],
  },
  'leave-me-alone': {
    title: 'Leave me alone',
    clauses: () => [makeClause('no-stalking'), makeClause('no-sale'), makeClause('no-profiling'), makeClause('no-contact')],
  },
  blank: { title: 'My terms', clauses: () => [] },
};

export const DEFAULT_PRESET: PresetId = 'nostalking';

/** What terms/save takes (as parsed): a title, clauses in order, and what they mean in machine-readable form. */
export type TermsDraft = z.output<typeof TermsSave>;

export function presetDraft(id: PresetId): TermsDraft {
  const p = PRESETS[id];
  const clauses = p.clauses();
  return { title: p.title, preset: id, clauses, ...termsMeta(clauses), agreementId: DEFAULT_AGREEMENT };
}

/**
 * The machine-readable side of a set of clauses: purposes, retention and contact, read from the
 * clause ids (so editing a clause's wording keeps its meaning; a custom clause adds none).
 */
export function termsMeta(clauses: readonly TermsClause[]): { purposes: string[]; retentionDays?: number; contact: TermsContact } {
  const kinds = new Set(clauses.map((c) => clauseKind(c.id)));
  const purposes: string[] = [];
  if (kinds.has('this-transaction')) purposes.push('transaction');
  if (kinds.has('no-stalking')) purposes.push('ads-without-tracking');
  let retentionDays: number | undefined;
  for (const c of clauses) {
    const m = /^delete-after-(\d+)$/.exec(c.id);
    if (m) retentionDays = Math.min(retentionDays ?? Infinity, clampDays(Number(m[1])));
  }
  const contact: TermsContact = kinds.has('no-contact') ? 'none' : kinds.has('contact-email') ? 'email' : 'any';
  return retentionDays === undefined ? { purposes, contact } : { purposes, retentionDays, contact };
}

// ---- canonical text and hash ----------------------------------------------------------------

/**
 * One block of text in canonical form: Unicode NFC, newlines as LF, no trailing spaces on a line,
 * no leading or trailing blank lines, at most one blank line in a row.
 */
export function normalizeBlock(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\t \u00a0]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** A title on one line: whitespace runs become one space. */
export function normalizeTitle(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * The canonical text of a version: the title, a blank line, the roster agreement it names (when it
 * names one: id, title, text URL and the text's SHA-256, so the hash covers exactly which text), then
 * each clause numbered in order, separated by blank lines, ending with a newline. This text is what
 * is hashed and shown to brands.
 */
export function canonicalText(title: string, clauses: readonly TermsClause[], agreement?: RosterAgreement): string {
  const body = clauses
    .map((c) => normalizeBlock(c.text))
    .filter(Boolean)
    .map((text, i) => `${i + 1}. ${text}`);
  const named = agreement ? [`Agreement: ${agreement.id}, ${agreement.title} (${agreement.url}, sha256 ${agreement.sha256})`] : [];
  return `${[normalizeTitle(title), ...named, ...body].join('\n\n')}\n`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** Lower-case ASCII words of a title, dash-joined, for a readable version id. */
export function titleSlug(title: string): string {
  const slug = normalizeTitle(title)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'terms';
}

/** The record id of the version whose text hashes to `sha`: content-addressed, meaningless otherwise. */
const termsRecordId = (sha: string): string => `terms-${sha.slice(0, 16)}`;
/** The stable, readable id of a version: "nostalking-no-sale@3f9c0d...". */
export const termsVersionId = (title: string, sha: string): string => `${titleSlug(title)}@${sha.slice(0, 16)}`;

/** The short hash people see beside a title. */
export const shortHash = (sha: string | undefined): string => (sha ? sha.slice(0, 8) : '');

/**
 * A new version from a draft. Clauses are normalized and empty ones dropped; ids are kept. Throws
 * RangeError when nothing is left to proffer.
 */
export function buildTermsVersion(draft: TermsDraft, now: number): Terms {
  const title = normalizeTitle(draft.title);
  const clauses = draft.clauses.map((c) => ({ id: c.id, text: normalizeBlock(c.text) })).filter((c) => c.text.length > 0);
  if (!title) throw new RangeError('terms need a title');
  if (clauses.length === 0) throw new RangeError('terms need at least one clause');
  const agreement = rosterAgreement(draft.agreementId);
  if (draft.agreementId !== undefined && !agreement) throw new RangeError('terms name an agreement the roster does not have');
  const text = canonicalText(title, clauses, agreement);
  const sha = sha256Hex(text);
  const derived = termsMeta(clauses);
  const retentionDays = derived.retentionDays ?? draft.retentionDays;
  const contact = derived.contact !== 'any' ? derived.contact : draft.contact;
  const purposes = [...new Set([...derived.purposes, ...draft.purposes])].slice(0, 20);
  const uri = clauses.some((c) => c.id === 'no-stalking') ? P2B1_URI : undefined;
  return {
    id: termsRecordId(sha),
    versionId: termsVersionId(title, sha),
    title,
    ...(draft.preset ? { preset: draft.preset } : {}),
    ...(uri ? { uri } : {}),
    clauses,
    text,
    sha256: sha,
    purposes,
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    contact,
    ...(agreement ? { agreementId: agreement.id } : {}),
    createdAt: now,
    activatedAt: now,
  };
}

/** The version in force: not revoked, most recently activated (or created); ties by id. */
export function activeOf(terms: readonly Terms[]): Terms | null {
  let best: Terms | null = null;
  for (const t of terms) {
    if (t.revokedAt !== undefined) continue;
    const at = t.activatedAt ?? t.createdAt;
    const bestAt = best ? (best.activatedAt ?? best.createdAt) : -1;
    if (!best || at > bestAt || (at === bestAt && t.id > best.id)) best = t;
  }
  return best;
}

/** Whether a stored version's text still hashes to its sha256 and its ids follow from it. */
export function verifyTerms(t: Terms): boolean {
  const agreement = rosterAgreement(t.agreementId);
  if (t.agreementId !== undefined && !agreement) return false;
  return t.text === canonicalText(t.title, t.clauses, agreement) && sha256Hex(t.text) === t.sha256 && t.id === termsRecordId(t.sha256);
}

/** How a share or request names the terms it was made under (protocol TermsRef). */
export function termsRef(t: Terms): { uri: string; sha256: string } {
  return { uri: t.uri ?? `urn:proffer:terms:${t.versionId}`, sha256: t.sha256 };
}
