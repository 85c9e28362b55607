/**
 * The fill preview's state, as pure functions of the background's `FillPreview`: which entries are
 * ticked, which cross-origin frames the person allowed, what `forms/fill` is sent, and the words
 * shown for counts and reasons. FillPreview.tsx only renders this and calls `send`.
 *
 * Rules:
 * - An entry in a frame that needs approval is ticked only while its origin is allowed: ticking the
 *   entry allows the origin, un-allowing the origin unticks its entries.
 * - The preview is the consent (issue 12). A refreshed preview keeps the person's tick for every
 *   field shown earlier in this popup (the same field: same frame origin, token and label, counted
 *   in page order, see fieldIds; not the "frameId:index" key, which shifts when a page inserts a
 *   field before others). A field the person has not seen arrives unticked and marked new (`fresh`),
 *   whatever the background's default, until the person ticks or unticks it. The one exception: a
 *   refresh the person asked for (another persona, "only required" off) brings back fields the
 *   previous preview listed as left empty for a reason that choice changes; those take the default.
 *   A preview for another site starts afresh.
 * - After a refresh that a page change caused, Fill waits SETTLE_MS (see Settle), so a page cannot
 *   slip a field in just before the click; the background refuses such a fill too.
 */
import { SETTLE_MS } from '../shared/events';
import type { FillOutcome, FillPreview, PreviewEntry, UiToBackground } from '../shared/messages';
import { t } from '../ui/i18n';

export interface Selection {
  /** Ticked state per entry key. */
  checked: Readonly<Record<string, boolean>>;
  /** Frame origins the person allowed in this popup; kept across refreshes. */
  approved: readonly string[];
  /** Fields (fieldIds) the page added under an open preview that the person has not ticked or unticked yet. */
  fresh: readonly string[];
  /** The tick of every field shown earlier in this popup for this site, by fieldIds. */
  seen: Readonly<Record<string, boolean>>;
}

/** Why a preview was asked again: the person's own choice (persona, options), or anything else (the page). */
export type RefreshCause = 'person' | 'page';

/** What the person asked for; absent means "the background's default" (the site's default persona). */
export interface PreviewParams {
  personaId?: string;
  requiredOnly?: boolean;
  alias?: boolean;
}

/**
 * A field's identity across refreshes, as the person sees it: where the value goes (frame origin),
 * what it is (token) and what the page calls it (label), numbered when several look alike. Keyed by
 * the entry's "frameId:index" key.
 */
export function fieldIds(items: readonly { key: string; label: string; token: string; origin: string }[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const e of items) {
    const base = `${e.origin}\n${e.token}\n${e.label.trim().replace(/\s+/g, ' ').toLowerCase()}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(e.key, `${base}\n${n}`);
  }
  return out;
}

function defaultTick(e: PreviewEntry, approved: readonly string[]): boolean {
  if (e.needsApproval) return approved.includes(e.origin);
  return e.checked;
}

export function initialSelection(p: FillPreview, approved: readonly string[] = []): Selection {
  const checked: Record<string, boolean> = {};
  for (const e of p.entries) checked[e.key] = defaultTick(e, approved);
  return { checked, approved: [...approved], fresh: [], seen: {} };
}

/**
 * The selection for `next`, the preview that replaces `prev` (shown with `sel`): the person's ticks
 * for fields already shown, new fields unticked and fresh (see the rules above).
 */
export function carrySelection(
  prev: FillPreview | null,
  sel: Selection | null,
  next: FillPreview,
  cause: RefreshCause = 'page',
): Selection {
  // Another site (the tab navigated): nothing carries over, not even allowed frames.
  if (!prev || !sel || prev.site !== next.site) return initialSelection(next);
  const seen: Record<string, boolean> = { ...sel.seen };
  const prevIds = fieldIds(prev.entries);
  for (const e of prev.entries) seen[prevIds.get(e.key)!] = Boolean(sel.checked[e.key]);
  // Fields the person's own choice brings back: listed as left empty for a reason that choice changes.
  const explained = new Set<string>();
  if (cause === 'person') {
    const skippedIds = fieldIds(prev.skipped);
    for (const x of prev.skipped) if (!PAGE_SKIP_REASONS.has(x.reason)) explained.add(skippedIds.get(x.key)!);
  }
  const fresh = new Set(sel.fresh);
  const ids = fieldIds(next.entries);
  const checked: Record<string, boolean> = {};
  for (const e of next.entries) {
    const id = ids.get(e.key)!;
    let on: boolean;
    if (Object.hasOwn(seen, id)) on = seen[id]!;
    else if (explained.has(id)) on = defaultTick(e, sel.approved);
    else {
      on = false;
      fresh.add(id);
    }
    if (e.needsApproval && !sel.approved.includes(e.origin)) on = false;
    checked[e.key] = on;
  }
  return { checked, approved: sel.approved, fresh: [...fresh], seen };
}

/** Keys of the entries shown as new: added by the page, not yet ticked or unticked by the person. */
export function freshKeys(p: FillPreview, sel: Selection): Set<string> {
  if (sel.fresh.length === 0) return new Set();
  const fresh = new Set(sel.fresh);
  const out = new Set<string>();
  for (const [key, id] of fieldIds(p.entries)) if (fresh.has(id)) out.add(key);
  return out;
}

/** The person decided about these fields: they are not new any more. */
function decided(p: FillPreview, sel: Selection, keys: readonly string[]): readonly string[] {
  if (sel.fresh.length === 0) return sel.fresh;
  const ids = fieldIds(p.entries);
  const gone = new Set(keys.map((k) => ids.get(k)));
  return sel.fresh.filter((id) => !gone.has(id));
}

export function setEntry(p: FillPreview, sel: Selection, key: string, on: boolean): Selection {
  const e = p.entries.find((x) => x.key === key);
  if (!e) return sel;
  const approved = on && e.needsApproval && !sel.approved.includes(e.origin) ? [...sel.approved, e.origin] : sel.approved;
  return { ...sel, checked: { ...sel.checked, [key]: on }, approved, fresh: decided(p, sel, [key]) };
}

/**
 * Allow or refuse one cross-origin frame: its entries are ticked or unticked with it. Allowing does
 * not tick entries marked new: each of those waits for its own tick.
 */
export function setOrigin(p: FillPreview, sel: Selection, origin: string, on: boolean): Selection {
  const checked = { ...sel.checked };
  const fresh = freshKeys(p, sel);
  for (const e of p.entries) if (e.needsApproval && e.origin === origin && !(on && fresh.has(e.key))) checked[e.key] = on;
  const others = sel.approved.filter((o) => o !== origin);
  return { ...sel, checked, approved: on ? [...others, origin] : others };
}

// ---- the pause after a page change ----

// SETTLE_MS (shared/events.ts): how long Fill waits after a refresh that a page change caused,
// from when the new preview is shown. The background refuses such a plan for as long, counted from
// when it made it (earlier), so a fill the popup lets through is never refused for this.

/** Page changes announced (`forms/changed`) and the pause they cause. */
export interface Settle {
  /** Page changes announced so far in this popup. */
  changes: number;
  /** Page changes the shown preview accounts for (its request was sent after them). */
  shown: number;
  /** Fill waits until this time (ms since the epoch). */
  until: number;
}

export const SETTLED: Settle = { changes: 0, shown: 0, until: 0 };

/** The page announced a change: Fill waits until a preview asked after it is shown, and SETTLE_MS more. */
export const pageChanged = (s: Settle): Settle => ({ ...s, changes: s.changes + 1 });

/**
 * A preview is shown at `now`. `asked` is `changes` when its request was sent; `changed` is the
 * background's word that the fields differ from the tab's previous preview (FillPreview.changed).
 * Returns the new state and whether this was a page refresh (it pauses Fill; new fields are fresh).
 */
export function previewShown(s: Settle, now: number, asked: number, changed: boolean): { settle: Settle; pageRefresh: boolean } {
  const pageRefresh = changed || asked > s.shown;
  const shown = Math.max(s.shown, asked);
  return { settle: { changes: s.changes, shown, until: pageRefresh ? now + SETTLE_MS : s.until }, pageRefresh };
}

/** Why Fill waits at `now`: a page change whose preview is not shown yet, the pause after it, or nothing. */
export function fillHold(s: Settle, now: number): 'changing' | 'settling' | null {
  if (s.changes > s.shown) return 'changing';
  return now < s.until ? 'settling' : null;
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
  /** Consent boxes the person's terms answer ("Your terms answer"), in page order. */
  terms: PreviewEntry[];
}

export function groupEntries(p: FillPreview): EntryGroups {
  const direct: PreviewEntry[] = [];
  const terms: PreviewEntry[] = [];
  const frames = new Map<string, PreviewEntry[]>();
  for (const e of p.entries) {
    if (e.consent) terms.push(e);
    else if (!e.needsApproval) direct.push(e);
    else frames.set(e.origin, [...(frames.get(e.origin) ?? []), e]);
  }
  return { direct, frames: [...frames].map(([origin, entries]) => ({ origin, entries })), terms };
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
const outcomeText = (n: number) => (n === 1 ? t('fillOutcomeOne') : t('fillOutcomeMany', n));
export const unreachableText = (n: number) => (n === 1 ? t('fillUnreachableOne') : t('fillUnreachableMany', n));

/**
 * What the popup announces about a page change: the pause while Fill waits, then how many fields the
 * page added (marked New, not ticked); null when there is nothing to say.
 */
export function changeNotice(hold: 'changing' | 'settling' | null, freshCount: number): string | null {
  if (hold !== null) return t('fillChangedWait');
  if (freshCount === 0) return null;
  return freshCount === 1 ? t('fillChangedNewOne') : t('fillChangedNewMany', freshCount);
}

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

const CONSENT_KIND_KEYS: Readonly<Record<string, string>> = {
  marketing: 'consentKindMarketing',
  sharing: 'consentKindSharing',
  profiling: 'consentKindProfiling',
  sale: 'consentKindSale',
};
const CONSENT_ACTION_KEYS: Readonly<Record<string, string>> = {
  untick: 'consentActionUntick',
  'leave-unticked': 'consentActionLeaveUnticked',
  tick: 'consentActionTick',
  'leave-ticked': 'consentActionLeaveTicked',
  'choose-no': 'consentActionChooseNo',
};

/** What Proffer will do with a consent box, in words: "Untick: marketing". */
export function consentActionText(c: NonNullable<PreviewEntry['consent']>): string {
  return t(CONSENT_ACTION_KEYS[c.action] ?? 'consentActionUntick', t(CONSENT_KIND_KEYS[c.kind] ?? 'consentKindMarketing'));
}
