/**
 * fill: the DOM stage that writes an approved plan into the current document (content script).
 * Before each write it re-checks that the candidate at the planned index is the same element
 * (tag, type, name, id), connected to this document, enabled and visible, and that the document is
 * still at the URL the plan was made for. It writes as a person would: focus, the native value
 * setter (so React/Vue/Angular controlled inputs see the change), input and change events, blur.
 * It never logs or returns values.
 */

import { candidates, isAriaBox, isCustomCombobox, kindOf, listboxOptions } from './collect';
// The option key of norm.ts (punctuation folded), the same the planner matched with (imported under
// its old local name to keep this file's change to one import).
import { matchKey as norm } from './norm';
import type { FillOp } from './plan';
import { type FrameView, isVisible } from './visibility';

export type FillSkip =
  | 'url-changed' // the document navigated since the plan was made
  | 'missing' // no candidate at that index any more
  | 'changed' // a different element sits there now
  | 'detached'
  | 'disabled'
  | 'hidden'
  | 'bad-op' // the instruction does not fit the element (kind/value type)
  | 'no-option' // no option of the select matches
  | 'not-set'; // the page refused or undid the value

export interface FillResult {
  index: number;
  status: 'filled' | 'skipped';
  reason?: FillSkip;
}

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const bare = (u: string): string => u.split('#')[0]!;

function check(el: Control | undefined, op: FillOp, doc: Document, frame: FrameView | null | undefined): FillSkip | null {
  if (!el) return 'missing';
  const e = op.expect;
  const k = kindOf(el);
  if (k.tag !== e.tag || k.type !== e.type || (el.getAttribute('name') ?? '') !== e.name || (el.getAttribute('id') ?? '') !== e.id)
    return 'changed';
  if (!el.isConnected || el.ownerDocument !== doc) return 'detached';
  if (
    el.disabled ||
    el.hasAttribute('readonly') ||
    el.getAttribute('aria-disabled') === 'true' ||
    (isAriaBox(el) && el.getAttribute('aria-readonly') === 'true')
  )
    return 'disabled';
  const isCheck = e.type === 'checkbox' || e.type === 'radio';
  if (
    (op.kind === 'check') !== isCheck ||
    (op.kind === 'select') !== (e.tag === 'select') ||
    (typeof op.value === 'boolean') !== (op.kind === 'check')
  )
    return 'bad-op';
  // Judged afresh for every field, census included: the page sees each write (input and change
  // events) and may hide or cover the next field, or add styles it did not use before, in answer.
  if (frame === null || !isVisible(el, frame)) return 'hidden';
  return null;
}

/** Set `value` through the prototype's setter, bypassing instance-level trackers (React). */
function setValue(el: Control, value: string): void {
  let proto: object | null = Object.getPrototypeOf(el);
  let desc: PropertyDescriptor | undefined;
  while (proto) {
    desc = Object.getOwnPropertyDescriptor(proto, 'value');
    if (desc) break;
    proto = Object.getPrototypeOf(proto);
  }
  if (desc?.set) desc.set.call(el, value);
  else el.value = value;
}

const fire = (el: Element, type: string): boolean =>
  el.dispatchEvent(
    type === 'input' && typeof InputEvent === 'function'
      ? new InputEvent(type, { bubbles: true, composed: true, inputType: 'insertReplacementText' })
      : new Event(type, { bubbles: true, composed: true }),
  );

/** The option to select: by value, else by normalised value/text among `alts`, else alts as words of the text. */
function optionFor(sel: HTMLSelectElement, op: FillOp): HTMLOptionElement | null {
  const opts = [...sel.options].filter((o) => !o.disabled);
  const hit = opts.find((o) => o.value === op.value);
  if (hit || !op.alts) return hit ?? null;
  const keys = opts.map((o) => [norm(o.value), norm(o.text)] as const);
  for (const a of op.alts) {
    const i = keys.findIndex(([v, t]) => v === a || t === a);
    if (i >= 0) return opts[i]!;
  }
  for (const a of op.alts) {
    if (a.length < 4 && a[0] !== '+') continue; // short codes would match inside unrelated names
    const i = keys.findIndex(([, t]) => ` ${t} `.includes(` ${a} `));
    if (i >= 0) return opts[i]!;
  }
  return null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isCombobox = (el: Element): boolean =>
  el.getAttribute('role') === 'combobox' ||
  /^(list|both)$/.test(el.getAttribute('aria-autocomplete') ?? '') ||
  el.getAttribute('aria-haspopup') === 'listbox';

/** For a custom combobox: wait briefly for its listbox and click the option that matches the text typed. */
async function pickListOption(el: Element, value: string, alts: readonly string[] = []): Promise<void> {
  const root = el.getRootNode() as Document | ShadowRoot;
  const ids = `${el.getAttribute('aria-controls') ?? ''} ${el.getAttribute('aria-owns') ?? ''}`.split(/\s+/).filter(Boolean);
  const want = norm(value);
  for (let t = 0; t < 10; t++) {
    const boxes = ids.map((id) => root.getElementById(id)).filter((b): b is HTMLElement => b !== null);
    const opts = boxes.flatMap((b) => [...b.querySelectorAll<HTMLElement>('[role=option]')]);
    const texts = opts.map((x) => norm(x.textContent ?? ''));
    let at = texts.findIndex((x) => x === want || alts.includes(x));
    if (at < 0) at = texts.findIndex((x) => x.startsWith(want));
    const o = opts[at];
    if (o) {
      for (const type of ['mousedown', 'mouseup'])
        o.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true }));
      o.click();
      return;
    }
    await sleep(50);
  }
}

const click = (el: Element): void => {
  for (const type of ['mousedown', 'mouseup']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true }));
  (el as HTMLElement).click();
};

/** A div-based combobox: open it as a person would, then click the option that matches. */
async function chooseCustom(el: HTMLElement, op: FillOp): Promise<FillSkip | null> {
  const want = norm(String(op.value));
  const match = (o: HTMLElement) =>
    o.getAttribute('data-value') === op.value ||
    o.id === op.value ||
    norm(o.textContent ?? '') === want ||
    !!op.alts?.includes(norm(o.textContent ?? ''));
  el.focus({ preventScroll: true });
  click(el);
  for (let t = 0; t < 10; t++) {
    const o = listboxOptions(el).find(match);
    if (o) {
      click(o);
      return null;
    }
    await sleep(50);
  }
  return 'no-option';
}

/**
 * An ARIA switch or checkbox: clicked as a person would, then `aria-checked` read back (the page's
 * own script flips it, at once or on its next render). Never written directly: a page that did not
 * take the click keeps its state, and the box is reported as not set.
 */
async function toggleAria(el: HTMLElement, want: boolean): Promise<FillSkip | null> {
  const on = (): boolean => el.getAttribute('aria-checked') === 'true';
  // Turned tri-state since the scan: a click would cycle it, not set it.
  if (el.getAttribute('aria-checked') === 'mixed') return 'not-set';
  if (on() !== want) {
    el.focus({ preventScroll: true });
    click(el);
    for (let t = 0; t < 6 && on() !== want; t++) await sleep(25);
    el.blur();
  }
  return on() === want ? null : 'not-set';
}

async function write(el: Control, op: FillOp): Promise<FillSkip | null> {
  if (isAriaBox(el)) return toggleAria(el as unknown as HTMLElement, op.value === true);
  if (isCustomCombobox(el)) return chooseCustom(el as unknown as HTMLElement, op);
  el.focus({ preventScroll: true });
  if (op.kind === 'check') {
    const box = el as HTMLInputElement;
    if (box.checked !== op.value) {
      if (box.type === 'radio' && !op.value) return 'not-set'; // a radio cannot be unchecked by a click
      box.click(); // toggles and fires input + change, as a person's click does
    }
    box.blur();
    return box.checked === op.value ? null : 'not-set';
  }
  const value = op.value as string;
  if (op.kind === 'select') {
    const o = optionFor(el as HTMLSelectElement, op);
    if (!o) {
      el.blur();
      return 'no-option';
    }
    // Already so: writing it again would make pages rebuild what depends on it (a state list).
    if (el.value === o.value) {
      el.blur();
      return null;
    }
    setValue(el, o.value);
  } else {
    if (el.value === value && !isCombobox(el)) {
      el.blur();
      return null;
    }
    setValue(el, value);
  }
  fire(el, 'input');
  if (op.kind === 'text' && isCombobox(el)) await pickListOption(el, value, op.alts);
  fire(el, 'change');
  el.blur();
  return el.value === '' && value !== '' ? 'not-set' : null;
}

/**
 * Write `ops` (from plan.ts `fillOps`) into `doc`, which must still be at `url` (the hash aside).
 * Returns one result per op, in order; values are never part of a result.
 */
export async function fillFields(
  ops: readonly FillOp[],
  url: string,
  doc: Document = document,
  scanned?: readonly Control[],
  /** This frame's window in its parents, as the scan had it: the same visibility as the preview. */
  frame?: FrameView | null,
): Promise<FillResult[]> {
  // With the scan's own elements, a field is only ever the very element the person saw in the
  // preview: a form replaced after the scan is not written into without a new scan.
  const list = scanned ?? candidates(doc);
  const results: FillResult[] = [];
  for (const op of ops) {
    // Checked per field: a write can make a single-page app navigate.
    let reason: FillSkip | null = bare(doc.location.href) !== bare(url) ? 'url-changed' : null;
    const el = list[op.index];
    reason ??= check(el, op, doc, frame);
    if (!reason) reason = await write(el!, op);
    results.push(reason ? { index: op.index, status: 'skipped', reason } : { index: op.index, status: 'filled' });
  }
  return results;
}
