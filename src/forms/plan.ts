/**
 * plan: the pure stage between classify and fill (runs in the background). From the classified
 * fields of one scan and the chosen persona it decides, field by field, what would be written and
 * what the person sees in the preview, and why the other fields are left alone. See plan.design.md.
 */
import type { Address, Persona } from '../shared/records';
import { matchKey } from './norm';
import { addressLines, planAddress } from './plan-address';
import { aliasEmail } from './plan-alias';
import { detectDateFormat, formatDate, ISO_FORMAT, pad2, parseYmd, shortYearHint, singleLetterHint, type Ymd } from './plan-date';
import { countryCodes, countryName, countryNames, countryScorer, subdivisionAlts, subdivisionOf, subdivisionScorer } from './plan-geo';
import {
  equalsAny,
  honorificScorer,
  languageName,
  languageNames,
  languageScorer,
  languageTag,
  MONTH_LOCALES,
  monthName,
  monthScorer,
  numberOf,
  numberScorer,
  pickOption,
  sexOf,
  sexScorer,
} from './plan-match';
import { callingWant, phoneWhole, planPhone, splitE164 } from './plan-phone';
import type { Ctx, Resolved, Want } from './plan-want';
import { text } from './plan-want';
import type { Classification, FieldFacts, OptionFacts, Token, TokenRole } from './types';
import { NEVER_ROLES, TOKEN_ROLES } from './types';

// ---- Public types ----

/** Where a field lives: the frame (extension frameId) and its index among that document's candidates. */
export interface FieldRef {
  frameId: number;
  index: number;
}

/** One classified field of a scan. */
export interface PlanField {
  ref: FieldRef;
  facts: FieldFacts;
  classification: Classification;
}

export interface PlanOptions {
  /** Keep only required fields (minimal disclosure). */
  requiredOnly?: boolean;
  /** Origin of the site the plan is for (used for the email alias tag). */
  site: string;
  /** true: plus-address the email for this site (ann+shop@...); a string with "@": use that address. */
  alias?: boolean | string;
  /** Password for new-password fields (generated or stored for this site). */
  password?: string;
  /** Which of the persona's addresses; the first one by default. */
  addressId?: string;
  /** Frame origins other than the top one that the person approved for this site. */
  approvedFrameOrigins: readonly string[];
  /** Origin of the top-level document. */
  topOrigin: string;
}

export type ControlKind = 'text' | 'select' | 'check';

/** What fill checks the element against before writing. */
export interface FieldExpect {
  tag: FieldFacts['tag'];
  type: string;
  name: string;
  id: string;
}

export interface PlanEntry {
  ref: FieldRef;
  token: TokenRole;
  /** Best human label of the field. */
  label: string;
  /** What gets written: text, the option value to select, or (check) whether to tick it. */
  value: string | boolean;
  /** What the person sees in the preview (option text, masked password, ...). */
  display: string;
  kind: ControlKind;
  expect: FieldExpect;
  /** For selects whose options were not all collected: normalised strings fill may match instead. */
  alts?: string[];
  /** The value is a secret (password): never shown in clear, never written to the ledger. */
  secret?: boolean;
  origin: string;
  crossOrigin: boolean;
  /** Cross-origin frame not yet approved: shown unticked so the preview can ask. */
  needsApproval: boolean;
  required: boolean;
  /** Ticked in the preview by default. */
  checked: boolean;
}

export type SkipReason =
  | 'unknown' // nothing recognised
  | 'never-fill' // search, captcha, honeypot, message, coupon, consent ...
  | 'not-fillable' // username, current password, one-time code, payment card
  | 'hidden' // the field or its frame is not visible
  | 'disabled'
  | 'read-only'
  | 'opaque-frame' // sandboxed frame without an origin that could be approved
  | 'not-required' // requiredOnly
  | 'no-value' // the persona has nothing for it
  | 'no-match' // no option of the select/radio fits the value
  | 'too-long' // the value does not fit the field's maxlength
  | 'other-option'; // another radio of the same group is the one to check

export interface SkippedField {
  ref: FieldRef;
  token: Token;
  label: string;
  reason: SkipReason;
}

export interface Plan {
  entries: PlanEntry[];
  skipped: SkippedField[];
}

/** One instruction for fill.ts, for the document of one frame. */
export interface FillOp {
  index: number;
  expect: FieldExpect;
  value: string | boolean;
  kind: ControlKind;
  alts?: string[];
}

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

// ---- Context ----

function context(persona: Persona, opts: PlanOptions): Ctx {
  const address =
    opts.addressId !== undefined ? (persona.addresses.find((a) => a.id === opts.addressId) ?? null) : (persona.addresses[0] ?? null);
  let email = persona.email ?? null;
  if (email && opts.alias === true) email = aliasEmail(email, opts.site) ?? email;
  else if (email && typeof opts.alias === 'string' && opts.alias.includes('@')) email = opts.alias;
  return {
    persona,
    opts,
    address,
    lines: addressLines(address),
    phone: persona.tel ? splitE164(persona.tel, address?.country) : null,
    bday: parseYmd(persona.bday),
    sex: persona.sex ? sexOf(persona.sex) : null,
    email,
  };
}

// ---- What a token wants ----

function fullName(p: Persona, maxLength: number | null): string | undefined {
  const parts = [p['given-name'], p['additional-name'], p['family-name']].map((s) => s?.trim()).filter(Boolean) as string[];
  let full = parts.join(' ');
  if (maxLength !== null && full.length > maxLength && p['additional-name']) {
    full = [p['given-name'], p['family-name']].filter(Boolean).join(' ');
  }
  return full || undefined;
}

function bdayText(f: FieldFacts, d: Ymd): string {
  if (f.type === 'date') return formatDate(d, ISO_FORMAT);
  if (f.type === 'month') return `${d.y}-${pad2(d.m)}`;
  const fmt = detectDateFormat([f.placeholder, f.title, ...f.labels, f.ariaLabel, f.labelledBy, f.nearby]);
  return formatDate(d, fmt ?? ISO_FORMAT);
}

function countryWant(f: FieldFacts, iso: string | undefined): Resolved {
  if (!iso) return 'no-value';
  const { alpha3, numeric } = countryCodes(iso);
  const name = countryName(iso);
  return {
    text: f.maxLength !== null && f.maxLength <= 3 ? iso : name,
    score: countryScorer(iso),
    alts: [iso, alpha3, numeric, ...countryNames(iso)].filter(Boolean).map((s) => matchKey(s!)),
    display: name,
  };
}

/**
 * A language (BCP 47 tag, "de-AT"): selects match the code or the language's name (in English, in
 * itself, or in the page's language); a text box gets the English name, or the code when short.
 */
function languageWant(f: FieldFacts, tag: string | undefined): Resolved {
  const want = tag ? languageTag(tag) : null;
  const score = want ? languageScorer(want) : null;
  if (!want || !score) return 'no-value';
  const primary = want.split('-')[0]!;
  const name = languageName(primary) ?? want;
  const { full, base } = languageNames(want);
  return {
    text: f.maxLength !== null && f.maxLength < name.length && f.maxLength <= 5 ? (want.length <= f.maxLength ? want : primary) : name,
    score,
    alts: [...new Set([want, primary, ...full, ...base].map(matchKey))],
    display: languageName(want, 'en', 'standard') ?? name,
  };
}

function stateWant(f: FieldFacts, a: Address | null): Resolved {
  const v = a?.['address-level1']?.trim();
  if (!v) return 'no-value';
  const sub = subdivisionOf(v, a?.country);
  return {
    text: sub && f.maxLength !== null && f.maxLength <= 3 ? sub.code : v,
    score: subdivisionScorer(v, a?.country),
    alts: subdivisionAlts(v, a?.country).map(matchKey),
    display: sub ? sub.name : v,
  };
}

type Resolver = (f: FieldFacts, ctx: Ctx) => Resolved;
const notFillable: Resolver = () => 'not-fillable';
const noValue: Resolver = () => 'no-value';
const persona =
  (k: 'given-name' | 'family-name' | 'nickname' | 'organization' | 'organization-title' | 'url'): Resolver =>
  (_f, ctx) =>
    text(ctx.persona[k]);

/** One resolver per token role, so a new role without one fails to compile. */
const RESOLVERS: Record<TokenRole, Resolver> = {
  'honorific-prefix': (_f, ctx) => {
    const p = ctx.persona['honorific-prefix']?.trim();
    const score = honorificScorer(p, ctx.sex);
    if (!score) return 'no-value';
    return { text: p || null, score, ...(p ? { alts: [matchKey(p)] } : {}) };
  },
  'given-name': persona('given-name'),
  'additional-name': (f, ctx) => {
    const v = ctx.persona['additional-name']?.trim();
    if (!v) return 'no-value';
    return { text: f.maxLength !== null && f.maxLength <= 2 ? v[0]!.toUpperCase() : v };
  },
  'family-name': persona('family-name'),
  name: (f, ctx) => text(fullName(ctx.persona, f.maxLength)),
  nickname: persona('nickname'),
  email: (f, ctx) => {
    const e = ctx.email,
      plain = ctx.persona.email;
    if (!e) return 'no-value';
    // A short field may hold the plain address where the alias does not fit.
    return { text: f.maxLength !== null && e.length > f.maxLength && plain && plain.length <= f.maxLength ? plain : e };
  },
  tel: phoneWhole,
  'tel-country-code': callingWant,
  // Parts are decided per run of phone fields in planPhone; alone, they cannot be split sensibly.
  'tel-area-code': () => 'no-match',
  'tel-local-prefix': () => 'no-match',
  'tel-local-suffix': () => 'no-match',
  'tel-extension': noValue,
  'x-fax': noValue,
  organization: persona('organization'),
  'organization-title': persona('organization-title'),
  // A one-line street field gets the first line (as people and the corpus do: "Street address" is
  // line 1); a textarea gets every line (planAddress adds town and postcode when the form has none).
  'street-address': (f, ctx) => {
    if (!ctx.lines.length) return 'no-value';
    return { text: f.tag === 'textarea' ? ctx.lines.join('\n') : ctx.lines[0]! };
  },
  // Lines and house numbers are decided per form in planAddress.
  'address-line1': (_f, ctx) => text(ctx.lines[0]),
  'address-line2': (_f, ctx) => text(ctx.lines.slice(1).join(', ')),
  'x-house-number': noValue,
  'x-po-box': noValue,
  'address-level2': (_f, ctx) => text(ctx.address?.['address-level2']),
  'address-level1': (f, ctx) => stateWant(f, ctx.address),
  'postal-code': (_f, ctx) => text(ctx.address?.['postal-code']),
  country: (f, ctx) => countryWant(f, ctx.address?.country),
  bday: (f, ctx) => (ctx.bday ? { text: bdayText(f, ctx.bday) } : 'no-value'),
  'bday-day': (f, ctx) => {
    const d = ctx.bday?.d;
    if (!d) return 'no-value';
    return { text: singleLetterHint(f.placeholder, 'dtjg') ? String(d) : pad2(d), score: numberScorer(d), alts: [String(d), pad2(d)] };
  },
  'bday-month': (f, ctx) => {
    const m = ctx.bday?.m;
    if (!m) return 'no-value';
    const names = MONTH_LOCALES.map((l) => matchKey(monthName(m, l)));
    return {
      text: singleLetterHint(f.placeholder, 'm') ? String(m) : pad2(m),
      score: monthScorer(m),
      alts: [String(m), pad2(m), ...new Set(names)],
      display: monthName(m),
    };
  },
  'bday-year': (f, ctx) => {
    const y = ctx.bday?.y;
    if (!y) return 'no-value';
    const short = f.tag !== 'select' && shortYearHint(f.placeholder, f.maxLength);
    const years = f.options.map((o) => numberOf(o.text)).filter((n): n is number => n !== null);
    const twoDigitOptions = years.length > 0 && years.every((n) => n < 100);
    return { text: short ? pad2(y % 100) : String(y), score: numberScorer(y, twoDigitOptions), alts: [String(y), pad2(y % 100)] };
  },
  sex: (_f, ctx) => {
    const v = ctx.persona.sex?.trim();
    return v ? { text: v, score: sexScorer(v), alts: [matchKey(v)] } : 'no-value';
  },
  url: persona('url'),
  language: (f, ctx) => languageWant(f, ctx.persona.language),
  username: notFillable,
  'new-password': (_f, ctx) => (ctx.opts.password ? { text: ctx.opts.password, secret: true } : 'no-value'),
  'current-password': notFillable,
  'one-time-code': notFillable,
  'cc-name': notFillable,
  'cc-number': notFillable,
  'cc-exp': notFillable,
  'cc-exp-month': notFillable,
  'cc-exp-year': notFillable,
  'cc-csc': notFillable,
  'cc-type': notFillable,
};

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
