/**
 * The fill preview's state, as pure functions of the background's `FillPreview`: which entries are
 * ticked, which cross-origin frames the person allowed, what `forms/fill` is sent, and the words
 * shown for counts and reasons. FillPreview.tsx only renders this and calls `send`.
 *
 * Rules:
 * - An entry in a frame that needs approval is ticked only while its origin is allowed: ticking the
 *   entry allows the origin, un-allowing the origin unticks its entries.
 * - A refreshed preview (the page's forms changed, another persona, required-only) keeps the
 *   person's tick for each entry that is still the same field (same key, token and frame origin);
 *   new entries start from the background's default. A preview for another site starts afresh.
 */
import type { FillOutcome, FillPreview, PreviewEntry, UiToBackground } from '../shared/messages';
import { t } from '../ui/i18n';

export interface Selection {
  /** Ticked state per entry key. */
  checked: Readonly<Record<string, boolean>>;
  /** Frame origins the person allowed in this popup; kept across refreshes. */
  approved: readonly string[];
}

/** What the person asked for; absent means "the background's default" (the site's default persona). */
export interface PreviewParams {
  personaId?: string;
  requiredOnly?: boolean;
  alias?: boolean;
}

const sameField = (a: PreviewEntry, b: PreviewEntry) => a.key === b.key && a.token === b.token && a.origin === b.origin;

function defaultTick(e: PreviewEntry, approved: readonly string[]): boolean {
  if (e.needsApproval) return approved.includes(e.origin);
  return e.checked;
}

export function initialSelection(p: FillPreview, approved: readonly string[] = []): Selection {
  const checked: Record<string, boolean> = {};
  for (const e of p.entries) checked[e.key] = defaultTick(e, approved);
  return { checked, approved: [...approved] };
}

/** The selection for `next`, keeping the person's choices from `prev` where the field is unchanged. */
export function carrySelection(prev: FillPreview | null, sel: Selection | null, next: FillPreview): Selection {
  // Another site (the tab navigated): nothing carries over, not even allowed frames.
  if (!prev || !sel || prev.site !== next.site) return initialSelection(next);
  const before = new Map(prev.entries.map((e) => [e.key, e]));
  const checked: Record<string, boolean> = {};
  for (const e of next.entries) {
    const old = before.get(e.key);
    const kept = old && sameField(old, e) && old.needsApproval === e.needsApproval ? sel.checked[e.key] : undefined;
    let on = kept ?? defaultTick(e, sel.approved);
    if (e.needsApproval && !sel.approved.includes(e.origin)) on = false;
    checked[e.key] = on;
  }
  return { checked, approved: sel.approved };
}

export function setEntry(p: FillPreview, sel: Selection, key: string, on: boolean): Selection {
  const e = p.entries.find((x) => x.key === key);
  if (!e) return sel;
  const approved = on && e.needsApproval && !sel.approved.includes(e.origin) ? [...sel.approved, e.origin] : sel.approved;
  return { checked: { ...sel.checked, [key]: on }, approved };
}

/** Allow or refuse one cross-origin frame: its entries are ticked or unticked with it. */
export function setOrigin(p: FillPreview, sel: Selection, origin: string, on: boolean): Selection {
  const checked = { ...sel.checked };
  for (const e of p.entries) if (e.needsApproval && e.origin === origin) checked[e.key] = on;
  const others = sel.approved.filter((o) => o !== origin);
  return { checked, approved: on ? [...others, origin] : others };
}

export function isAllowed(sel: Selection, origin: string): boolean {
  return sel.approved.includes(origin);
}

export function tickedKeys(p: FillPreview, sel: Selection): string[] {
  return p.entries.filter((e) => sel.checked[e.key] && (!e.needsApproval || sel.approved.includes(e.origin))).map((e) => e.key);
}

/** Allowed origins this preview asks about (the message takes at most 50). */
export function approveOrigins(p: FillPreview, sel: Selection): string[] {
  const asked = new Set(p.entries.filter((e) => e.needsApproval).map((e) => e.origin));
  return sel.approved.filter((o) => asked.has(o)).slice(0, 50);
}

export function fillRequest(p: FillPreview, sel: Selection): Extract<UiToBackground, { type: 'forms/fill' }> {
  return { type: 'forms/fill', planId: p.planId, keys: tickedKeys(p, sel), approveOrigins: approveOrigins(p, sel) };
}

export function previewRequest(tabId: number, params: PreviewParams): Extract<UiToBackground, { type: 'forms/preview' }> {
  const msg: Extract<UiToBackground, { type: 'forms/preview' }> = { type: 'forms/preview', tabId };
  if (params.personaId !== undefined) msg.personaId = params.personaId;
  if (params.requiredOnly !== undefined) msg.requiredOnly = params.requiredOnly;
  if (params.alias !== undefined) msg.alias = params.alias;
  return msg;
}

export interface EntryGroups {
  /** Fields of the page and of frames already allowed for this site. */
  direct: PreviewEntry[];
  /** Fields in cross-origin frames not yet allowed, one group per origin, in page order. */
  frames: { origin: string; entries: PreviewEntry[] }[];
}

export function groupEntries(p: FillPreview): EntryGroups {
  const direct: PreviewEntry[] = [];
  const frames = new Map<string, PreviewEntry[]>();
  for (const e of p.entries) {
    if (!e.needsApproval) direct.push(e);
    else frames.set(e.origin, [...(frames.get(e.origin) ?? []), e]);
  }
  return { direct, frames: [...frames].map(([origin, entries]) => ({ origin, entries })) };
}

/**
 * Skip reasons that hold whatever persona or option the person picks: the page offers nothing to
 * fill. Any other reason (no value in this persona, optional field under "only required", no
 * matching option ...) may change with another choice, so the choices stay.
 */
const PAGE_SKIP_REASONS: ReadonlySet<string> = new Set([
  'unknown',
  'never-fill',
  'not-fillable',
  'hidden',
  'disabled',
  'read-only',
  'opaque-frame',
]);

/** Nothing on the page can be filled, whichever persona or options are chosen (so they are not offered). */
export function nothingToFill(p: Pick<FillPreview, 'entries' | 'skipped'>): boolean {
  return p.entries.length === 0 && p.skipped.every((s) => PAGE_SKIP_REASONS.has(s.reason));
}

// ---- words ----

/** The name a field is shown (and its checkbox named) by. */
export function entryLabel(e: { label: string; token: string }): string {
  return e.label.trim() || e.token || t('fillUnnamed');
}

export const countText = (n: number) => (n === 1 ? t('fillCountOne') : t('fillCountMany', n));
export const fillButtonText = (n: number) => (n === 1 ? t('fillButtonOne') : t('fillButtonMany', n));
export const outcomeText = (n: number) => (n === 1 ? t('fillOutcomeOne') : t('fillOutcomeMany', n));
export const unreachableText = (n: number) => (n === 1 ? t('fillUnreachableOne') : t('fillUnreachableMany', n));

/** Why the plan leaves a field empty (PreviewSkipped.reason, from forms/plan.ts SkipReason). */
export const SKIP_REASON_KEYS: Readonly<Record<string, string>> = {
  unknown: 'fillSkipUnknown',
  'never-fill': 'fillSkipNeverFill',
  'not-fillable': 'fillSkipNotFillable',
  hidden: 'fillSkipHidden',
  disabled: 'fillSkipDisabled',
  'read-only': 'fillSkipReadOnly',
  'opaque-frame': 'fillSkipOpaqueFrame',
  'not-required': 'fillSkipNotRequired',
  'no-value': 'fillSkipNoValue',
  'no-match': 'fillSkipNoMatch',
  'too-long': 'fillSkipTooLong',
  'other-option': 'fillSkipOtherOption',
};

/** Why a ticked field was not filled (FillOutcome.skipped reason: forms/fill.ts FillSkip and the background's). */
export const FAIL_REASON_KEYS: Readonly<Record<string, string>> = {
  changed: 'fillFailChanged',
  missing: 'fillFailMissing',
  detached: 'fillFailDetached',
  hidden: 'fillFailHidden',
  disabled: 'fillFailDisabled',
  'url-changed': 'fillFailUrlChanged',
  'bad-op': 'fillFailBadOp',
  'no-option': 'fillFailNoOption',
  'not-set': 'fillFailNotSet',
  expired: 'fillFailExpired',
  'plan-expired': 'fillFailExpired',
  'frame-gone': 'fillFailFrameGone',
  'no-frame': 'fillFailFrameGone',
  unreachable: 'fillFailFrameGone',
  'not-approved': 'fillFailNotApproved',
  'no-answer': 'fillFailNoAnswer',
  timeout: 'fillFailNoAnswer',
};

export const skipReasonText = (reason: string) => t(Object.hasOwn(SKIP_REASON_KEYS, reason) ? SKIP_REASON_KEYS[reason]! : 'fillSkipOther');
export const failReasonText = (reason: string) => t(Object.hasOwn(FAIL_REASON_KEYS, reason) ? FAIL_REASON_KEYS[reason]! : 'fillFailOther');

/** The outcome as the status region says it: "Filled N fields." and one line per field not filled. */
export function outcomeLines(o: FillOutcome): { summary: string; notFilled: string[] } {
  return {
    summary: outcomeText(o.filled.length),
    notFilled: o.skipped.map((s) => t('fillNotFilledItem', [entryLabel({ label: s.label, token: '' }), failReasonText(s.reason)])),
  };
}
