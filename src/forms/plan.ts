/**
 * plan: the pure stage between classify and fill (runs in the background). From the classified
 * fields of one scan and the chosen persona it decides, field by field, what would be written and
 * what the person sees in the preview, and why the other fields are left alone. See plan.design.md.
 */
import type { Persona } from '../shared/records';
import { planAddress } from './plan-address';
import { equalsAny, pickOption } from './plan-match';
import { planPhone } from './plan-phone';
import { context, RESOLVERS } from './plan-resolve';
import type { ControlKind, FillOp, Plan, PlanEntry, PlanField, PlanOptions, SkippedField, SkipReason } from './plan-types';
import type { Resolved, Want } from './plan-want';
import type { FieldFacts, OptionFacts, Token, TokenRole } from './types';
import { NEVER_ROLES, TOKEN_ROLES } from './types';

export type {
  ControlKind,
  FieldExpect,
  FieldRef,
  FillOp,
  Plan,
  PlanEntry,
  PlanField,
  PlanOptions,
  SkippedField,
  SkipReason,
} from './plan-types';

// ---- Labels ----

/** The best human label for a field, for the preview and the ledger. */
export function bestLabel(f: FieldFacts): string {
  const check = f.type === 'checkbox' || f.type === 'radio';
  const own =
    f.labels.find((l) => l.trim()) ||
    f.ariaLabel ||
    f.labelledBy ||
    (check ? f.after : '') ||
    f.placeholder ||
    f.title ||
    f.nearby ||
    (check ? f.value : '') ||
    f.name ||
    f.id;
  const label = f.type === 'radio' && f.legend && own !== f.legend ? `${f.legend}: ${own}` : own;
  return label.replace(/\s+/g, ' ').trim().slice(0, 120);
}

// ---- Placing a want into a control ----

interface Placed {
  kind: ControlKind;
  value: string | boolean;
  display: string;
  alts?: string[];
  score?: number;
}

const MASK = '••••••••';

/** The text a checkbox/radio shows the person. */
const checkText = (f: FieldFacts): string => f.after || f.labels.join(' ') || f.ariaLabel || f.title || f.value;

function place(f: FieldFacts, w: Want): Placed | SkipReason {
  if (f.tag === 'select') {
    const score = w.score ?? (w.text ? equalsAny([w.text]) : null);
    if (!score) return 'no-value';
    const o = pickOption(f.options, score);
    if (o) return { kind: 'select', value: o.value, display: o.text || o.value };
    if (f.optionCount > f.options.length && w.alts?.length) {
      return { kind: 'select', value: w.alts[0]!, alts: w.alts, display: w.display ?? w.text ?? w.alts[0]! };
    }
    return 'no-match';
  }
  if (f.type === 'checkbox' || f.type === 'radio') {
    const score = w.score ?? (w.text ? equalsAny([w.text]) : null);
    if (!score) return 'no-value';
    const option: OptionFacts = { value: f.value, text: checkText(f) };
    const s = score(option);
    return s > 0 ? { kind: 'check', value: true, display: option.text, score: s } : 'no-match';
  }
  if (w.text === null) return 'no-value';
  if (f.maxLength !== null && f.maxLength > 0 && w.text.length > f.maxLength) return 'too-long';
  if (f.type === 'number' && !/^\d+$/.test(w.text)) return 'no-match';
  // Other names of the value (a country's aliases): a custom combobox may list one of those.
  return { kind: 'text', value: w.text, display: w.secret ? MASK : w.text, ...(w.alts?.length ? { alts: w.alts.slice(0, 40) } : {}) };
}

// ---- The planner ----

const NEVER: ReadonlySet<string> = new Set(NEVER_ROLES);
/**
 * Tokens that never take profile data, whatever the classifier's `fillable` says: the user name, the
 * current password, one-time codes and every card field (`new-password` passes with `opts.password`).
 */
const NOT_PROFILE: ReadonlySet<Token> = new Set(
  TOKEN_ROLES.filter((t) => t === 'username' || t === 'current-password' || t === 'one-time-code' || t.startsWith('cc-')),
);

/** Why a field cannot be filled at all, before looking at the persona; null if it can. */
function gate(f: PlanField, opts: PlanOptions): SkipReason | null {
  const { facts, classification: c } = f;
  if (c.role && NEVER.has(c.role)) return 'never-fill';
  if (c.token === 'UNKNOWN') return 'unknown';
  // A password box never gets profile data, whatever its label says (a page may label it "Email").
  if (facts.type === 'password' && c.token !== 'new-password') return 'not-fillable';
  if (NOT_PROFILE.has(c.token)) return 'not-fillable';
  if (!c.fillable && !(c.token === 'new-password' && opts.password)) return 'not-fillable';
  if (facts.visibility && !facts.visibility.visible) return 'hidden';
  if (facts.frame.frameVisible === false) return 'hidden';
  if (facts.disabled) return 'disabled';
  if (facts.readOnly) return 'read-only';
  if (!facts.frame.origin || facts.frame.origin === 'null') return 'opaque-frame';
  return null;
}

const radioKey = (f: PlanField): string | null =>
  f.facts.type === 'radio' && f.facts.name ? `${f.ref.frameId}|${f.facts.form.index}|${f.facts.name}` : null;

/**
 * Plan a fill: for each field, the entry to write or the reason to skip it. Fields are taken in the
 * order given (document order per frame), which matters for phone runs and address lines.
 */
export function planFill(fields: readonly PlanField[], persona: Persona, opts: PlanOptions): Plan {
  const ctx = context(persona, opts);
  const gates = fields.map((f) => gate(f, opts));

  // Per-form decisions over the fields that can be filled at all.
  const perForm = new Map<string, number[]>();
  fields.forEach((f, i) => {
    if (gates[i]) return;
    const key = `${f.ref.frameId}|${f.facts.form.index}`;
    perForm.set(key, [...(perForm.get(key) ?? []), i]);
  });
  const decided = new Map<number, Resolved>();
  // Fields that go together (a radio group, the parts of a split phone number or of a birthday):
  // one required member makes them all required, so requiredOnly never sends half a value.
  const groupOf = new Map<number, string>();
  fields.forEach((f, i) => {
    const k = radioKey(f);
    if (k) groupOf.set(i, k);
  });
  let form = 0;
  for (const pos of perForm.values()) {
    planAddress(pos, fields, ctx, decided);
    planPhone(pos, fields, ctx, decided).forEach((run, r) => {
      for (const i of run) groupOf.set(i, `tel|${form}|${r}`);
    });
    for (const i of pos) if (/^bday-/.test(fields[i]!.classification.token)) groupOf.set(i, `bday|${form}`);
    form++;
  }
  const requiredGroups = new Set<string>();
  fields.forEach((f, i) => {
    const k = groupOf.get(i);
    if (k && f.facts.required) requiredGroups.add(k);
  });

  type Slot = { entry: PlanEntry; score: number; group: string | null } | { skip: SkippedField; group: string | null };
  const slots: Slot[] = fields.map((f, i): Slot => {
    const { facts, classification: c, ref } = f;
    const label = bestLabel(facts);
    const group = radioKey(f);
    const skip = (reason: SkipReason): Slot => ({ skip: { ref, token: c.token, label, reason }, group });
    const g = gates[i];
    if (g) return skip(g);
    const linked = groupOf.get(i);
    const required = facts.required || (linked !== undefined && requiredGroups.has(linked));
    if (opts.requiredOnly && !required) return skip('not-required');
    const token = c.token as TokenRole;
    const want = decided.get(i) ?? RESOLVERS[token](facts, ctx);
    if (typeof want === 'string') return skip(want);
    const placed = place(facts, want);
    if (typeof placed === 'string') return skip(placed);
    const origin = facts.frame.origin;
    const crossOrigin = origin !== opts.topOrigin;
    const needsApproval = crossOrigin && !opts.approvedFrameOrigins.includes(origin);
    const entry: PlanEntry = {
      ref,
      token,
      label,
      value: placed.value,
      display: placed.display,
      kind: placed.kind,
      expect: { tag: facts.tag, type: facts.type, name: facts.name, id: facts.id },
      // A generated password is offered, not imposed: the person ticks it to use it.
      origin,
      crossOrigin,
      needsApproval,
      required,
      checked: !needsApproval && !want.secret,
    };
    if (placed.alts) entry.alts = placed.alts;
    if (want.secret) entry.secret = true;
    return { entry, score: placed.score ?? 0, group };
  });

  // Radios: only the best match of each group is checked.
  const best = new Map<string, number>();
  slots.forEach((s, i) => {
    if (!s.group || !('entry' in s)) return;
    const at = best.get(s.group);
    const cur = at === undefined ? undefined : slots[at];
    if (!cur || !('entry' in cur) || s.score > cur.score) best.set(s.group, i);
  });
  const plan: Plan = { entries: [], skipped: [] };
  slots.forEach((s, i) => {
    if ('entry' in s) {
      if (s.group && best.get(s.group) !== i) {
        const { ref, token, label } = s.entry;
        plan.skipped.push({ ref, token, label, reason: 'other-option' });
      } else plan.entries.push(s.entry);
    } else {
      if (s.group && s.skip.reason === 'no-match' && best.has(s.group)) s.skip.reason = 'other-option';
      plan.skipped.push(s.skip);
    }
  });
  return plan;
}

/** The fill instructions for one frame: its ticked entries. */
export function fillOps(plan: Plan, frameId: number): FillOp[] {
  return plan.entries
    .filter((e) => e.checked && e.ref.frameId === frameId)
    .map((e) => ({ index: e.ref.index, expect: e.expect, value: e.value, kind: e.kind, ...(e.alts ? { alts: e.alts } : {}) }));
}
