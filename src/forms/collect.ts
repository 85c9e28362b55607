/**
 * collect: the DOM stage. Finds the candidate controls of one document (and its open shadow roots)
 * in document order and reads the plain facts the classifier needs. One pass over the elements; the
 * only layout reads are the visibility facts (batched, memoised), and nothing is written.
 *
 * Candidates follow the corpus key rules: input, select and textarea, leaving out input types
 * hidden/submit/button/image/reset and anything inside <template> or <noscript>; and besides them
 * div-based ARIA comboboxes (reported as selects) and ARIA switches and checkboxes
 * (`<button role=switch aria-checked>`, `<div role=checkbox>`: reported as checkboxes, so consent
 * boxes built that way are answered like native ones).
 * Frames are not entered: the content script runs in each frame and collects there; `frame` says
 * where that document sits.
 */
import type { FieldFacts, FormFacts, FrameInfo, OptionFacts } from './types';
import { type FrameView, isVisible, newVisibilityCache, parentOf, visibilityFacts } from './visibility';

export interface CollectOptions {
  /** Also collect visibility facts (layout reads). Default true. */
  visibility?: boolean;
  /**
   * How many select options to keep per select. Default 300: every country and every state or
   * province list fits, so the planner can tell that none of them matches rather than guess.
   */
  maxOptions?: number;
  /**
   * For a child frame: where its `<iframe>` is seen in the parent (handed down by the background,
   * which got it from the parent's scan), or null when the parent shows it nowhere. Undefined: not
   * known (the top document, or a caller that only wants this document's own facts).
   */
  frame?: FrameView | null;
}

export interface CollectedField {
  el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  facts: FieldFacts;
}

const EXCLUDED_TYPES = new Set(['hidden', 'submit', 'button', 'image', 'reset']);
const CONTROL = 'input,select,textarea';
const VISIBLE_CONTROL = 'input:not([type=hidden]),select,textarea';
const SKIP_TEXT = new Set(['script', 'style', 'select', 'option', 'textarea', 'noscript', 'template', 'button']);
const HEADING = 'h1,h2,h3,h4,h5,h6,[role=heading]';
const TEXT_BUDGET = 120;

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const clip = (s: string, n = TEXT_BUDGET): string => (s.length > n ? s.slice(0, n) : s);
/** An attribute's text, squashed and clipped; most controls lack most attributes. */
const attrText = (el: Element, name: string): string => {
  const v = el.getAttribute(name);
  return v ? clip(squash(v)) : '';
};

/** Visible-ish text of a subtree (controls, scripts and options left out), up to `budget` chars. */
export function textOf(node: Node, budget = TEXT_BUDGET): string {
  let out = '';
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c && out.length < budget; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue;
      else if (c.nodeType === 1) {
        const tag = (c as Element).localName;
        if (SKIP_TEXT.has(tag)) continue;
        if (tag === 'input') {
          const t = (c as HTMLInputElement).type;
          if (t === 'submit' || t === 'button') out += ' ';
          continue;
        }
        if (tag === 'br' || tag === 'td' || tag === 'th' || tag === 'p' || tag === 'div' || tag === 'li') out += ' ';
        walk(c);
        if (tag !== 'span' && tag !== 'b' && tag !== 'i' && tag !== 'strong' && tag !== 'em' && tag !== 'a' && tag !== 'font') out += ' ';
      }
    }
  };
  if (node.nodeType === 3) out = node.nodeValue ?? '';
  else walk(node);
  return clip(squash(out), budget);
}

/** Controls and ARIA switches/checkboxes: the texts around a box stop at the next one. */
const CONTROL_OR_BOX = `${CONTROL},[role=switch],[role=checkbox]`;
const hasControl = (el: Element): boolean => el.matches(CONTROL_OR_BOX) || el.querySelector(CONTROL_OR_BOX) !== null;

/** Text before `el`: previous siblings, then those of up to 4 ancestors, stopping at other controls. */
function nearbyText(el: Element): string {
  let text = '';
  let node: Element | null = el;
  for (let level = 0; node && level < 5; level++) {
    let stop = false;
    for (let s = node.previousSibling; s && text.length < TEXT_BUDGET; s = s.previousSibling) {
      if (s.nodeType === 1) {
        const e = s as Element;
        if (SKIP_TEXT.has(e.localName)) continue;
        if (hasControl(e)) {
          stop = true;
          break;
        }
      } else if (s.nodeType !== 3) continue;
      const t = textOf(s, TEXT_BUDGET - text.length);
      if (t) text = t + (text ? ` ${text}` : '');
    }
    if (text || stop) break;
    node = node.parentElement;
    if (!node || node.localName === 'form' || node.localName === 'body' || node.localName === 'fieldset') break;
  }
  return text;
}

/** Text right after a checkbox/radio (their label usually follows), stopping at the next control. */
function afterText(el: Element): string {
  let text = '';
  let node: Element | null = el;
  for (let level = 0; node && level < 2 && !text; level++) {
    for (let s = node.nextSibling; s && text.length < 80; s = s.nextSibling) {
      if (s.nodeType === 1 && hasControl(s as Element)) break;
      if (s.nodeType !== 1 && s.nodeType !== 3) continue;
      const t = textOf(s, 80);
      if (t) text += (text ? ' ' : '') + t;
    }
    node = node.parentElement;
  }
  return text;
}

const HINT_ATTRS = new Set([
  'ng-model',
  'formcontrolname',
  'v-model',
  'data-testid',
  'data-test',
  'data-qa',
  'data-cy',
  'data-field',
  'data-name',
  'data-type',
  'data-automation-id',
  'data-id',
]);

function hintsOf(el: Element): string {
  let out = '';
  // Most controls carry a handful of attributes: skip the lookups when none can be a hint.
  if (el.attributes.length < 3) return out;
  for (const name of el.getAttributeNames()) {
    if (!HINT_ATTRS.has(name)) continue;
    const v = el.getAttribute(name)!;
    if (v.length < 60) out += (out ? ' ' : '') + v;
  }
  return out;
}

function headingNear(form: Element): string {
  const inside = form.querySelector(HEADING);
  if (inside) return textOf(inside);
  // Nearest heading before the form: previous siblings of the form and of a few ancestors.
  let node: Element | null = form;
  for (let level = 0; node && level < 4; level++) {
    for (let s = node.previousElementSibling, n = 0; s && n < 6; s = s.previousElementSibling, n++) {
      const h = s.matches(HEADING) ? s : s.querySelector(HEADING);
      if (h) return textOf(h);
    }
    node = node.parentElement;
  }
  return '';
}

function submitTexts(scope: ParentNode): string[] {
  const out: string[] = [];
  for (const b of scope.querySelectorAll('button,input[type=submit],input[type=image],input[type=button],[role=button]')) {
    const t =
      b.localName === 'input'
        ? (b as HTMLInputElement).value || b.getAttribute('alt') || b.getAttribute('aria-label') || ''
        : textOf(b, 60) || b.getAttribute('aria-label') || b.getAttribute('title') || '';
    const type = (b.getAttribute('type') || '').toLowerCase();
    if (t && (type === 'submit' || type === 'image' || !type || b.localName !== 'input')) out.push(clip(squash(t), 60));
    if (out.length >= 4) break;
  }
  return out;
}

function actionPath(form: HTMLFormElement): string {
  const a = form.getAttribute('action');
  if (!a) return '';
  try {
    return new URL(a, form.ownerDocument.baseURI).pathname;
  } catch {
    return '';
  }
}

/**
 * Is `el` an ARIA switch or checkbox (`<button role=switch aria-checked>`, `<div role=checkbox>`)
 * rather than a native control? Collect reports it as a checkbox; fill clicks it and reads back
 * `aria-checked`. A tri-state one (aria-checked=mixed) is no candidate: a click cycles it.
 */
export const isAriaBox = (el: Element): boolean => {
  // (the role first: nearly every element has none, and this runs on every element of the page)
  const role = el.getAttribute('role');
  return (role === 'switch' || role === 'checkbox') && !/^(input|select|textarea)$/.test(el.localName);
};
/** Is `el` a div-style ARIA combobox rather than a native control? */
export const isCustomCombobox = (el: Element): boolean => !/^(input|select|textarea)$/.test(el.localName) && !isAriaBox(el);

/** The tag and type collect records (and fill checks): custom comboboxes count as selects. */
export function kindOf(el: Element): { tag: FieldFacts['tag']; type: string } {
  const tag = el.localName;
  if (tag === 'input') return { tag, type: (el.getAttribute('type') || 'text').trim().toLowerCase() || 'text' };
  if (tag === 'select') return { tag, type: (el as HTMLSelectElement).multiple ? 'select-multiple' : 'select-one' };
  if (tag === 'textarea') return { tag, type: 'textarea' };
  return isAriaBox(el) ? { tag: 'input', type: 'checkbox' } : { tag: 'select', type: 'combobox' };
}

/** The options of a custom combobox: those of the listbox it controls or owns. */
export function listboxOptions(el: Element): HTMLElement[] {
  const root = el.getRootNode() as Document | ShadowRoot;
  const ids = `${el.getAttribute('aria-controls') ?? ''} ${el.getAttribute('aria-owns') ?? ''}`.split(/\s+/).filter(Boolean);
  return ids.flatMap((id) => [...(root.getElementById?.(id)?.querySelectorAll<HTMLElement>('[role=option]') ?? [])]);
}

/** Candidate controls of `root` and its open shadow roots, in document order. */
export function candidates(
  root: Document | ShadowRoot | Element,
  /** Filled with every open shadow root met on the way, when given. */
  roots?: ShadowRoot[],
): Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> {
  const out: Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> = [];
  let excluders = false;
  const visit = (r: ParentNode): void => {
    for (const el of r.querySelectorAll('*')) {
      const tag = el.localName;
      if (tag === 'input' || tag === 'select' || tag === 'textarea') {
        if (tag === 'input' && EXCLUDED_TYPES.has((el.getAttribute('type') || 'text').trim().toLowerCase())) continue;
        if (excluders && el.closest('template,noscript')) continue;
        out.push(el as HTMLInputElement);
      } else if (tag === 'noscript' || tag === 'template') excluders = true;
      else {
        // (the role read once: this runs on every element of the page, and nearly none has one)
        const role = el.getAttribute('role');
        // A div-based ARIA combobox (no native control inside) is a select the person opens and picks from.
        if (role === 'combobox' && !el.querySelector(CONTROL)) out.push(el as HTMLSelectElement);
        // An ARIA switch or checkbox of its own (none wrapping a native one): a checkbox the person clicks.
        // (A hidden input inside, which some widgets keep for the form's value, does not make it one.)
        else if (
          (role === 'switch' || role === 'checkbox') &&
          el.getAttribute('aria-checked') !== 'mixed' &&
          !el.querySelector(VISIBLE_CONTROL)
        )
          out.push(el as HTMLInputElement);
      }
      const sr = el.shadowRoot;
      if (sr) {
        roots?.push(sr);
        visit(sr);
      }
    }
  };
  visit(root);
  return out;
}

function frameInfo(doc: Document, view: FrameView | null | undefined): FrameInfo {
  const win = doc.defaultView;
  let top = true,
    frameVisible: boolean | null = true;
  try {
    top = !win || win === win.top;
  } catch {
    top = false;
  }
  if (!top) {
    try {
      const fe = win?.frameElement ?? null;
      frameVisible = fe ? isVisible(fe) : null;
    } catch {
      frameVisible = null;
    }
    // The window the parents show this frame through: none means hidden, whatever the element says.
    if (view === null) frameVisible = false;
    else if (view && frameVisible === null) frameVisible = true;
  }
  const loc = doc.location;
  return { top, origin: loc ? loc.origin : '', path: loc ? loc.pathname : '', title: clip(squash(doc.title || '')), frameVisible };
}

const TEXTLIKE = /^(text|email|tel|url|number|search|password|date|month|week)$/;

/**
 * Collect the facts of every candidate control in `doc` (a Document, or a ShadowRoot/Element to
 * limit the scan). Returns the elements too (kept in the content script for fill).
 */
export function collectFields(root: Document | ShadowRoot | Element = document, options: CollectOptions = {}): CollectedField[] {
  const doc = root.nodeType === 9 ? (root as Document) : (root as Node).ownerDocument!;
  const maxOptions = options.maxOptions ?? 300;
  const wantVis = options.visibility !== false;
  const roots: ShadowRoot[] = [];
  const els = candidates(root, roots);
  const frame = frameInfo(doc, options.frame);
  const forms = new Map<Element | null, FormFacts>();
  const visCache = newVisibilityCache(options.frame);
  // The whole document was walked: its shadow roots serve the visibility census.
  if (root === doc) {
    visCache.roots = roots;
    visCache.rootsDoc = doc;
  }

  const formOf = (el: Element): HTMLFormElement | null => (el as HTMLInputElement).form ?? (el.closest('form') as HTMLFormElement | null);
  const formFacts = (form: HTMLFormElement | null): FormFacts => {
    let f = forms.get(form);
    if (!f) {
      const scopeHeading = form ? headingNear(form) : '';
      f = {
        index: form ? forms.size - (forms.has(null) ? 1 : 0) : -1,
        id: form?.getAttribute('id') ?? '',
        name: form?.getAttribute('name') ?? '',
        actionPath: form ? actionPath(form) : '',
        submitTexts: [],
        heading: scopeHeading,
        passwordCount: 0,
        fieldCount: 0,
        textCount: 0,
      };
      forms.set(form, f);
    }
    return f;
  };

  const out: CollectedField[] = [];
  const formless: Element[] = [];
  els.forEach((el, index) => {
    const { tag, type } = kindOf(el);
    const form = formOf(el);
    if (!form) formless.push(el);
    const ff = formFacts(form);
    ff.fieldCount++;
    if (type === 'password') ff.passwordCount++;
    else if (tag === 'input' && TEXTLIKE.test(type)) ff.textCount++;

    const labels: string[] = [];
    const aria = isAriaBox(el);
    // An ARIA box is named by its own text too (name from content), as a screen reader says it.
    const own = aria ? textOf(el) : '';
    if (own) labels.push(own);
    const ls = (el as HTMLInputElement).labels;
    if (ls)
      for (const l of ls) {
        const t = textOf(l);
        if (t) labels.push(t);
      }
    let labelledBy = '';
    const lb = el.getAttribute('aria-labelledby');
    if (lb) {
      const r = el.getRootNode() as Document | ShadowRoot;
      for (const id of lb.split(/\s+/)) {
        const n = id && r.getElementById ? r.getElementById(id) : null;
        if (n && n !== el) labelledBy += (labelledBy ? ' ' : '') + textOf(n);
      }
    }
    const options: OptionFacts[] = [];
    let optionCount = 0;
    if (type === 'combobox') {
      const opts = listboxOptions(el);
      optionCount = opts.length;
      for (let i = 0; i < opts.length && i < maxOptions; i++) {
        const o = opts[i]!;
        const text = clip(squash(o.textContent ?? ''), 40);
        options.push({ value: clip(o.getAttribute('data-value') || o.id || text, 40), text });
      }
    } else if (tag === 'select') {
      const opts = (el as HTMLSelectElement).options;
      optionCount = opts.length;
      for (let i = 0; i < opts.length && i < maxOptions; i++) {
        const o = opts[i]!;
        options.push({ value: clip(o.value, 40), text: clip(squash(o.text), 40) });
      }
    }
    const isCheck = type === 'checkbox' || type === 'radio';
    const ml = el.getAttribute('maxlength');
    const fieldset = el.closest('fieldset');
    const legendEl = fieldset ? fieldset.querySelector('legend') : null;
    const ti = el.getAttribute('tabindex');
    const facts: FieldFacts = {
      index,
      tag,
      type,
      name: el.getAttribute('name') ?? '',
      id: el.getAttribute('id') ?? '',
      autocomplete: (el.getAttribute('autocomplete') ?? '').trim().toLowerCase(),
      labels,
      ariaLabel: attrText(el, 'aria-label'),
      labelledBy: clip(labelledBy),
      placeholder: attrText(el, 'placeholder'),
      title: attrText(el, 'title'),
      // radios and checkboxes: their own label is `after`; the text before holds the group's question
      nearby: labels.length && !isCheck ? '' : nearbyText(el),
      after: isCheck ? afterText(el) : '',
      legend: legendEl ? textOf(legendEl) : '',
      hints: hintsOf(el),
      options,
      optionCount,
      maxLength: ml !== null && /^\d+$/.test(ml.trim()) ? parseInt(ml, 10) : null,
      required: el.hasAttribute('required') || el.getAttribute('aria-required') === 'true',
      readOnly: el.hasAttribute('readonly') || (aria && el.getAttribute('aria-readonly') === 'true'),
      disabled: (el as HTMLInputElement).disabled === true || (aria && el.getAttribute('aria-disabled') === 'true'),
      checked: aria ? el.getAttribute('aria-checked') === 'true' : isCheck ? (el as HTMLInputElement).checked : null,
      value: isCheck ? clip(el.getAttribute('value') ?? '', 40) : '',
      inputMode: el.getAttribute('inputmode') ?? '',
      inShadow: el.getRootNode() !== doc,
      ariaHidden: ti === '-1' || el.closest('[aria-hidden=true]') !== null,
      tabIndex: ti !== null && /^-?\d+$/.test(ti.trim()) ? parseInt(ti, 10) : 0,
      form: ff,
      frame,
    };
    if (wantVis) facts.visibility = visibilityFacts(el, visCache);
    out.push({ el, facts });
  });

  // Submit buttons: per form, or for form-less controls the nearest common container.
  for (const [form, ff] of forms) {
    if (form) ff.submitTexts = submitTexts(form);
    else {
      let scope: Element | null = formless[0] ? parentOf(formless[0]) : null;
      while (scope && !formless.every((e) => scope!.contains(e))) scope = parentOf(scope);
      for (let up = 0; scope && up < 2 && !scope.querySelector('button,input[type=submit],[role=button]'); up++) scope = parentOf(scope);
      ff.submitTexts = scope ? submitTexts(scope) : [];
      ff.heading = scope ? headingNear(scope) : '';
    }
  }
  return out;
}
