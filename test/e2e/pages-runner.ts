/**
 * The judge for page corpora (../shared/corpus/pages and test/fixtures/pages): load a page as a person
 * would, run its steps (a fill is whatever `FillDriver` does: the popup, as a person), then check
 * every expectation of its `.expect.json` with the rules of ../shared/corpus/pages/README.md.
 *
 * Pure helpers (value comparison, leak search) are exported for reuse; `runPage` returns a list of
 * failures, each naming the selector, the expected token and value, and what the page had.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, ElementHandle, Frame, Page } from 'playwright-core';
import type { PageServer } from './page-server';

// ---- the expectation format ----

export type FilledSpec = string | { contains: string[] };

export interface Expectation {
  page: string;
  kind: 'capability' | 'hostile';
  persona: 'default' | 'work';
  needs_other_origin?: boolean;
  steps: string[];
  filled: Record<string, FilledSpec>;
  filled_or_empty?: Record<string, FilledSpec>;
  must_stay_empty: string[];
  must_not_leak: string[];
  js_asserts?: string[];
  unscored?: Record<string, string>;
  notes?: string;
}

/** One page to run: a file's expectations plus extra query parameters (a variant such as `on=html`). */
export interface PageCase {
  /** Shown in the test name: the page, and the variant if any. */
  name: string;
  dir: string;
  exp: Expectation;
  query: Record<string, string>;
}

/** Token-keyed persona values (persona.json's `default` or `work`). */
export type PersonaValues = Record<string, string>;

/** Every `*.expect.json` in `dir`, sorted, plus the variants asked for (page -> extra queries). */
export function loadCases(dir: string, variants: Record<string, Record<string, string>[]> = {}): PageCase[] {
  if (!existsSync(dir)) return [];
  const out: PageCase[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.expect.json'))
    .sort()) {
    const exp = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expectation;
    out.push({ name: exp.page, dir, exp, query: {} });
    for (const q of variants[exp.page] ?? []) {
      out.push({ name: `${exp.page}?${new URLSearchParams(q).toString()}`, dir, exp, query: q });
    }
  }
  return out;
}

// ---- comparing values (README: "filled") ----

export const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const digits = (s: string) => s.replace(/\D+/g, '');

function need(p: PersonaValues, token: string): string {
  const v = p[token];
  if (v === undefined) throw new Error(`persona has no value for token "${token}"`);
  return v;
}

/** What a field holding `token` may contain, before normalisation. */
export function acceptedValues(token: string, p: PersonaValues): string[] {
  const some = (...ks: string[]) => ks.map((k) => p[k]).filter((v): v is string => !!v);
  switch (token) {
    case 'country':
    case 'country-name':
      return some('country', 'country-name');
    case 'address-level1':
    case 'x-address-level1-name':
      return some('address-level1', 'x-address-level1-name');
    case 'name': {
      const g = p['given-name'] ?? '';
      const a = p['additional-name'] ?? '';
      const f = p['family-name'] ?? '';
      return [...some('name'), `${g} ${f}`, `${f} ${g}`, `${g} ${a} ${f}`, `${f} ${g} ${a}`].filter((v) => v.trim());
    }
    case 'tel': {
      const e164 = digits(need(p, 'tel'));
      const cc = digits(p['tel-country-code'] ?? '');
      const out = [e164, ...some('tel-national').map(digits)];
      if (cc && e164.startsWith(cc)) out.push(e164.slice(cc.length));
      return [...new Set(out)];
    }
    default:
      return [need(p, token)];
  }
}

type Mode = 'text' | 'digits' | 'numeric' | 'date';

function modeOf(token: string, inputType: string): Mode {
  if (token === 'tel' || token.startsWith('tel-')) return 'digits';
  if (token === 'bday-day' || token === 'bday-month' || token === 'bday-year') return 'numeric';
  if (token === 'bday' && inputType === 'date') return 'date';
  return 'text';
}

function sameValue(mode: Mode, actual: string, expected: string): boolean {
  switch (mode) {
    case 'digits':
      return digits(actual) !== '' && digits(actual) === digits(expected);
    case 'numeric':
      return /^\s*\d+\s*$/.test(actual) && Number(actual) === Number(expected);
    case 'date':
      return actual.trim() === expected.trim();
    default:
      return norm(actual) === norm(expected);
  }
}

/** What the judge reads from one element. */
export interface ElementState {
  exists: boolean;
  tag: string;
  type: string;
  /** Form control value; textContent for other elements. */
  value: string;
  checked: boolean;
  /** For selects: the selected option's text and whether it is still the initial option. */
  selectedText: string;
  atInitialOption: boolean;
}

/** The candidates a field shows: a select's value and its option text; a control's value; text content. */
function shown(s: ElementState): string[] {
  return s.tag === 'select' ? [s.value, s.selectedText] : [s.value];
}

/** Does the element hold the persona's value for `spec`? Returns null when it does, else what was expected. */
export function judgeFilled(spec: FilledSpec, s: ElementState, p: PersonaValues): string | null {
  if (typeof spec !== 'string') {
    const wanted = spec.contains.map((t) => need(p, t));
    const have = norm(s.value);
    const missing = wanted.filter((w) => !have.includes(norm(w)));
    return missing.length === 0
      ? null
      : `to contain ${spec.contains.map((t, i) => `${t} "${wanted[i]}"`).join(', ')} (missing ${missing.map((m) => `"${m}"`).join(', ')})`;
  }
  const mode = modeOf(spec, s.type);
  const accepted = acceptedValues(spec, p);
  const ok = shown(s).some((actual) => accepted.some((e) => sameValue(mode, actual, e)));
  return ok ? null : `${spec} ${accepted.map((a) => JSON.stringify(a)).join(' or ')}`;
}

/** README "must_stay_empty": text "", checkbox/radio unchecked, select on its initial option, or gone. */
export function isEmpty(s: ElementState): boolean {
  if (!s.exists) return true;
  if (s.type === 'checkbox' || s.type === 'radio') return !s.checked;
  if (s.tag === 'select') return s.atInitialOption;
  return s.value === '';
}

function describe(s: ElementState): string {
  if (!s.exists) return 'no such element';
  if (s.type === 'checkbox' || s.type === 'radio') return s.checked ? 'checked' : 'unchecked';
  if (s.tag === 'select') return `option value=${JSON.stringify(s.value)} text=${JSON.stringify(s.selectedText)}`;
  return JSON.stringify(s.value);
}

// ---- finding elements: "a >>> b" (open shadow root), "iframe |> b" (frame document) ----

/** Resolve a corpus selector to its frame and element (null when it does not exist). */
export async function resolveSelector(page: Page, selector: string): Promise<{ frame: Frame; el: ElementHandle | null }> {
  const frameParts = selector.split(/\s*\|>\s*/);
  let frame: Frame = page.mainFrame();
  for (let i = 0; i < frameParts.length; i++) {
    const chain = frameParts[i]!.split(/\s*>>>\s*/);
    const handle = await frame.evaluateHandle((parts: string[]) => {
      let root: Document | ShadowRoot = document;
      let el: Element | null = null;
      for (let j = 0; j < parts.length; j++) {
        el = root.querySelector(parts[j]!);
        if (!el) return null;
        if (j < parts.length - 1) {
          if (!el.shadowRoot) return null;
          root = el.shadowRoot;
        }
      }
      return el;
    }, chain);
    const el = handle.asElement() as ElementHandle | null;
    if (!el) return { frame, el: null };
    if (i === frameParts.length - 1) return { frame, el };
    const inner = await el.contentFrame();
    if (!inner) return { frame, el: null };
    frame = inner;
  }
  return { frame, el: null };
}

const MISSING: ElementState = { exists: false, tag: '', type: '', value: '', checked: false, selectedText: '', atInitialOption: true };

export async function readElement(page: Page, selector: string): Promise<ElementState> {
  if (selector.startsWith('js:')) {
    try {
      const v: unknown = await page.evaluate(selector.slice(3));
      return { ...MISSING, exists: true, tag: 'js', value: v === undefined || v === null ? '' : String(v) };
    } catch (e) {
      return { ...MISSING, exists: true, tag: 'js', value: `(threw ${(e as Error).message.split('\n')[0]})` };
    }
  }
  const { el } = await resolveSelector(page, selector);
  if (!el) return MISSING;
  return el.evaluate((node) => {
    const e = node as HTMLElement;
    const tag = e.tagName.toLowerCase();
    if (e instanceof HTMLSelectElement) {
      const opts = [...e.options];
      const initial = Math.max(
        0,
        opts.findIndex((o) => o.defaultSelected),
      );
      return {
        exists: true,
        tag,
        type: e.type,
        value: e.value,
        checked: false,
        selectedText: e.selectedOptions[0]?.textContent?.trim() ?? '',
        atInitialOption: e.selectedIndex === initial || (e.selectedIndex === -1 && opts.length === 0),
      };
    }
    if (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement) {
      return {
        exists: true,
        tag,
        type: e instanceof HTMLInputElement ? e.type : 'textarea',
        value: e.value,
        checked: e instanceof HTMLInputElement ? e.checked : false,
        selectedText: '',
        atInitialOption: true,
      };
    }
    return { exists: true, tag, type: '', value: (e.textContent ?? '').trim(), checked: false, selectedText: '', atInitialOption: true };
  });
}

// ---- leaks (README: "must_not_leak") ----

/**
 * One place a hostile page could have put what it saw: a frame's window.__exfil/__leadcapture, or
 * one request to the other origin. `texts` are searched for substrings (a recorded value, a decoded
 * URL or body); `leaves` are whole recorded field values (short values only match those exactly).
 */
export interface LeakSource {
  kind: 'page' | 'request';
  where: string;
  texts: string[];
  leaves: string[];
}
export type Haystack = LeakSource[];

function stringLeaves(v: unknown, out: string[], depth = 0): void {
  if (depth > 8 || v === null || v === undefined) return;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, out, depth + 1);
  else if (typeof v === 'object') for (const x of Object.values(v as Record<string, unknown>)) stringLeaves(x, out, depth + 1);
}

/** URL-decode leniently: `+` is a space; a malformed escape stays as it is. */
export function urlDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/(%[0-9a-f]{2})+/gi, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

/** The texts and field values of one logged request (URL and body: decoded, JSON-unescaped, form fields split). */
export function requestTexts(url: string, body: string | undefined): { texts: string[]; leaves: string[] } {
  const texts = [url, urlDecode(url)];
  const leaves: string[] = [];
  const q = url.indexOf('?');
  if (q >= 0) for (const [, v] of new URLSearchParams(url.slice(q + 1))) leaves.push(v);
  if (body) {
    texts.push(body, urlDecode(body));
    try {
      const parsed: unknown = JSON.parse(body);
      const ls: string[] = [];
      stringLeaves(parsed, ls);
      texts.push(...ls);
      leaves.push(...ls);
    } catch {
      /* not JSON */
    }
    if (/^[^=&\s]+=/.test(body)) for (const [, v] of new URLSearchParams(body)) leaves.push(v);
    // multipart/form-data: each part's value
    for (const m of body.matchAll(/name="[^"]*"\r?\n\r?\n([\s\S]*?)\r?\n--/g)) leaves.push(m[1]!);
  }
  return { texts, leaves: [...leaves, ...texts] };
}

/**
 * Where the persona value of `token` appears: the first hit in the page's records and the first in
 * the other origin's request log (both, when both leaked); null when nowhere.
 */
export function findLeak(token: string, p: PersonaValues, h: Haystack): string | null {
  const value = need(p, token);
  let test: (src: LeakSource) => string | null;
  if (token === 'tel') {
    const local = digits(p['tel-local'] ?? '') || digits(value).slice(-7);
    test = (src) => (src.texts.some((t) => digits(t).includes(local)) ? `tel-local ${local}` : null);
  } else if (value.length >= 5) {
    const v = norm(value);
    test = (src) => {
      const t = src.texts.find((x) => norm(x).includes(v));
      return t === undefined ? null : `${JSON.stringify(value)} (in ${JSON.stringify(t.slice(0, 120))})`;
    };
  } else {
    test = (src) => (src.leaves.some((l) => norm(l) === norm(value)) ? `${JSON.stringify(value)} as a whole recorded value` : null);
  }
  const hits: string[] = [];
  for (const kind of ['page', 'request'] as const) {
    for (const src of h.filter((x) => x.kind === kind)) {
      const hit = test(src);
      if (hit) {
        hits.push(`${hit} in ${src.where}`);
        break;
      }
    }
  }
  return hits.length ? hits.join('; and ') : null;
}

/** window.__exfil / __leadcapture of every frame, and what reached the other origin since `logFrom`. */
export async function collectHaystack(page: Page, server: PageServer, logFrom: number): Promise<Haystack> {
  const h: Haystack = [];
  for (const frame of page.frames()) {
    let rec: unknown = null;
    try {
      rec = await frame.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return { exfil: w.__exfil ?? null, leadcapture: w.__leadcapture ?? null };
      });
    } catch {
      continue; // detached while we looked
    }
    const ls: string[] = [];
    stringLeaves(rec, ls);
    h.push({ kind: 'page', where: `window.__exfil/__leadcapture of ${frame.url().split('?')[0]}`, texts: ls, leaves: ls });
  }
  for (const r of server.otherRequests(logFrom)) {
    const { texts, leaves } = requestTexts(r.url, r.body);
    h.push({ kind: 'request', where: `${r.method} ${r.url.slice(0, 80)} to the other origin`, texts, leaves });
  }
  return h;
}

// ---- checking a fixture itself (no extension involved) ----

/**
 * How a person would see one element, judged in its document: 'visible' or why not. Mirrors the
 * trap classes of the corpus (size, display/visibility, opacity up the chain, off the page, clipped by
 * an ancestor or clip/clip-path, covered by another element). Scrolls the element into view.
 */
async function visibilityOf(el: ElementHandle): Promise<string> {
  return el.evaluate((node) => {
    const e = node as HTMLElement;
    const up = (n: Element): Element | null => n.parentElement ?? ((n.getRootNode() as ShadowRoot).host || null);
    const r = e.getBoundingClientRect();
    if (r.width < 4 || r.height < 4) return `tiny ${Math.round(r.width)}x${Math.round(r.height)}`;
    if (!e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return 'display/visibility/opacity';
    let opacity = 1;
    for (let n: Element | null = e; n; n = up(n)) opacity *= Number(getComputedStyle(n).opacity);
    if (opacity < 0.05) return `opacity ${opacity.toFixed(3)}`;
    const de = document.documentElement;
    if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= de.scrollWidth || r.top + scrollY >= de.scrollHeight)
      return 'off the page';
    for (let n: Element | null = e; n; n = up(n)) {
      const cs = getComputedStyle(n);
      if (cs.clipPath !== 'none' && /inset\(50%|circle\(0/.test(cs.clipPath)) return `clip-path ${cs.clipPath}`;
      if (cs.position === 'absolute' && /rect\(0px,? 0px,? 0px,? 0px\)/.test(cs.clip)) return 'clip rect(0 0 0 0)';
      if (n !== e && cs.overflow !== 'visible') {
        const p = n.getBoundingClientRect();
        if (Math.min(r.right, p.right) - Math.max(r.left, p.left) < 4 || Math.min(r.bottom, p.bottom) - Math.max(r.top, p.top) < 4)
          return 'clipped by an ancestor';
      }
    }
    e.scrollIntoView({ block: 'center', inline: 'center' });
    const c = e.getBoundingClientRect();
    const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
    if (hit && hit !== e && !e.contains(hit) && !(hit instanceof HTMLLabelElement && hit.control === e))
      return `covered by <${hit.tagName.toLowerCase()} class="${hit.className}">`;
    return 'visible';
  });
}

/** Changed pixels that make a recoloured trap count as seen: an 8x8 patch. */
const PAINT_PIXELS = 64;

/**
 * Does the element show on the page? Reload (undoing any scrolling the quick judge did), take a
 * full-page screenshot, paint the element magenta and green, take another, and count the pixels
 * that changed (decoded in the browser, no image library). Independent of how the extension judges
 * visibility: filters, masks, transforms, covering paint of any kind and frame windows all show up
 * here as "nothing changed".
 */
async function paints(page: Page, selector: string): Promise<boolean> {
  await page.reload({ waitUntil: 'load' });
  await page.waitForTimeout(300);
  const { el } = await resolveSelector(page, selector);
  if (!el) return false;
  const before = await page.screenshot({ fullPage: true });
  await el.evaluate((n) => {
    const s = (n as HTMLElement).style;
    s.setProperty('background', '#f0f', 'important');
    s.setProperty('border-color', '#0f0', 'important');
    s.setProperty('color', '#0f0', 'important');
    s.setProperty('box-shadow', 'inset 0 0 0 999px #f0f', 'important');
  });
  await page.waitForTimeout(100);
  const after = await page.screenshot({ fullPage: true });
  if (before.equals(after)) return false;
  const changed = await page.evaluate(
    async ([a, b]) => {
      const load = async (src: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${src}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, c.width, c.height).data;
      };
      const x = await load(a!),
        y = await load(b!);
      let n = 0;
      for (let i = 0; i < Math.min(x.length, y.length); i += 4)
        if (Math.abs(x[i]! - y[i]!) + Math.abs(x[i + 1]! - y[i + 1]!) + Math.abs(x[i + 2]! - y[i + 2]!) > 24) n++;
      return n;
    },
    [before.toString('base64'), after.toString('base64')],
  );
  return changed >= PAINT_PIXELS;
}

/** Visibility of a corpus selector, including the iframe elements on the way to it. */
export async function judgeVisibility(page: Page, selector: string): Promise<string> {
  const frames = selector.split(/\s*\|>\s*/);
  for (let i = 1; i < frames.length; i++) {
    const { el } = await resolveSelector(page, frames.slice(0, i).join(' |> '));
    if (!el) return 'missing frame';
    const v = await visibilityOf(el);
    if (v !== 'visible') return `frame ${v}`;
  }
  const { el } = await resolveSelector(page, selector);
  return el ? visibilityOf(el) : 'missing';
}

/**
 * Is a fixture what its expectations claim? On a freshly loaded page: every selector exists (but
 * must_stay_empty fields of pages that react to the fill, which may create them later); for a
 * single-fill page every `filled` target is visible; on `hid-*` pages every must_stay_empty field is
 * really invisible. Returns the problems (fixture bugs, not extension bugs).
 */
export async function selfCheck(context: BrowserContext, server: PageServer, c: PageCase, o: RunOptions): Promise<string[]> {
  const problems: string[] = [];
  const page = await context.newPage();
  try {
    await page.goto(pageUrl(server, c, o), { waitUntil: 'load' });
    await page.waitForTimeout(300);
    // Pages that react to the fill (they have js_asserts) may create the fields they check later.
    const reacts = (c.exp.js_asserts ?? []).length > 0;
    const all = [
      ...Object.keys(c.exp.filled),
      ...Object.keys(c.exp.filled_or_empty ?? {}),
      ...(reacts ? [] : c.exp.must_stay_empty),
      ...Object.keys(c.exp.unscored ?? {}),
    ];
    for (const sel of all.filter((x) => !x.startsWith('js:'))) {
      if (!(await resolveSelector(page, sel)).el) problems.push(`${sel}: matches nothing`);
    }
    if (c.exp.steps.length === 1 && c.exp.steps[0] === 'fill') {
      for (const sel of Object.keys(c.exp.filled).filter((x) => !x.startsWith('js:'))) {
        const v = await judgeVisibility(page, sel);
        if (v !== 'visible' && v !== 'missing') problems.push(`filled ${sel} is not visible: ${v}`);
      }
    }
    if (c.exp.page.startsWith('hid-')) {
      for (const sel of c.exp.must_stay_empty) {
        const v = await judgeVisibility(page, sel);
        // The quick judge knows the older trap classes; for the rest, ask the paint itself.
        if (v === 'visible' && (await paints(page, sel))) problems.push(`trap ${sel} is visible (its paint shows)`);
      }
    }
  } finally {
    await page.close();
  }
  return problems;
}

// ---- running a page ----

/** What one fill step saw and did, for failure messages and the report. */
export interface FillRecord {
  /** The preview as shown: label = value [origin] (unticked). */
  preview: string[];
  /** The outcome the popup reported ("Filled 3 fields. ..."), or why nothing was filled. */
  outcome: string;
}

/** Performs the "fill" step as a person would; the suite decides how (popup UI or its messages). */
export type FillDriver = (page: Page, persona: 'default' | 'work') => Promise<FillRecord>;

export interface PageResult {
  failures: string[];
  fills: FillRecord[];
  /** Unscored fields with what they hold, for the report. */
  info: string[];
}

export interface RunOptions {
  extensionId: string;
  /** Unique per run, so the page's tab has a URL of its own. */
  run: number;
}

export function pageUrl(server: PageServer, c: PageCase, o: RunOptions): string {
  const q = new URLSearchParams({ other: server.other, ext: o.extensionId, ...c.query, run: String(o.run) });
  return `${server.origin}/${c.exp.page}?${q.toString()}`;
}

/** Load the page, run its steps, judge it. The page is left open for the caller to inspect or close. */
export async function runPage(
  context: BrowserContext,
  server: PageServer,
  c: PageCase,
  persona: PersonaValues,
  fill: FillDriver,
  o: RunOptions,
): Promise<{ page: Page; result: PageResult }> {
  const result: PageResult = { failures: [], fills: [], info: [] };
  const logFrom = server.log.length;
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(pageUrl(server, c, o), { waitUntil: 'load' });
    await page.waitForTimeout(500);

    for (const step of c.exp.steps) {
      if (step === 'fill') {
        result.fills.push(await fill(page, c.exp.persona));
      } else if (step.startsWith('click:')) {
        const sel = step.slice('click:'.length);
        const { el } = await resolveSelector(page, sel);
        if (!el) {
          result.failures.push(`step ${step}: no element ${sel}`);
          break;
        }
        await el.click();
      } else if (step.startsWith('wait:')) {
        await page.waitForTimeout(Number(step.slice('wait:'.length)));
      } else {
        result.failures.push(`unknown step ${JSON.stringify(step)}`);
      }
    }
    await page.waitForTimeout(500);

    for (const [sel, spec] of Object.entries(c.exp.filled)) {
      const s = await readElement(page, sel);
      if (!s.exists) {
        result.failures.push(`filled ${sel}: expected ${typeof spec === 'string' ? spec : 'contains'}, but the element does not exist`);
        continue;
      }
      const wrong = judgeFilled(spec, s, persona);
      if (wrong) result.failures.push(`filled ${sel}: expected ${wrong}, got ${describe(s)}`);
    }
    for (const [sel, spec] of Object.entries(c.exp.filled_or_empty ?? {})) {
      const s = await readElement(page, sel);
      if (isEmpty(s)) continue;
      const wrong = judgeFilled(spec, s, persona);
      if (wrong) result.failures.push(`filled_or_empty ${sel}: expected empty or ${wrong}, got ${describe(s)}`);
    }
    for (const sel of c.exp.must_stay_empty) {
      const s = await readElement(page, sel);
      if (!isEmpty(s)) result.failures.push(`must_stay_empty ${sel}: got ${describe(s)}`);
    }
    if (c.exp.must_not_leak.length) {
      const h = await collectHaystack(page, server, logFrom);
      for (const token of c.exp.must_not_leak) {
        const leak = findLeak(token, persona, h);
        if (leak) result.failures.push(`must_not_leak ${token}: ${leak}`);
      }
    }
    for (const expr of c.exp.js_asserts ?? []) {
      try {
        const v: unknown = await page.evaluate(expr);
        if (!v) {
          const globals = [...new Set(expr.match(/window\.__\w+/g) ?? [])];
          const state = await page.evaluate(
            (names) =>
              names.map((n) => `${n} = ${JSON.stringify((window as unknown as Record<string, unknown>)[n.slice(7)])?.slice(0, 300)}`),
            globals,
          );
          result.failures.push(`js_assert ${expr}: was ${JSON.stringify(v)}${state.length ? ` (${state.join('; ')})` : ''}`);
        }
      } catch (e) {
        result.failures.push(`js_assert ${expr}: threw ${(e as Error).message.split('\n')[0]}`);
      }
    }
    for (const [sel, why] of Object.entries(c.exp.unscored ?? {})) {
      result.info.push(`unscored ${sel} = ${describe(await readElement(page, sel))} (${why})`);
    }
  } catch (e) {
    await page.close();
    throw e;
  }
  if (errors.length) result.info.push(`page errors: ${errors.join(' | ')}`);
  return { page, result };
}

/**
 * A deliberately naive filler, no extension involved: in every frame, every control whose
 * autocomplete attribute names a persona token gets that value, visible or not, looked up again by
 * id at the moment of writing, with focus/input/change/blur. Hostile pages must catch it: this shows
 * that their traps have teeth.
 */
export function naiveFiller(persona: PersonaValues): FillDriver {
  return async (page) => {
    let written = 0;
    for (const frame of page.frames()) {
      try {
        written += await frame.evaluate(async (values: Record<string, string>) => {
          const targets = [
            ...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'),
          ]
            .map((el, i) => ({ id: el.id, i, token: (el.getAttribute('autocomplete') ?? '').trim().split(/\s+/).pop() ?? '' }))
            .filter((t) => values[t.token] !== undefined);
          let n = 0;
          for (const t of targets) {
            const el = (t.id ? document.getElementById(t.id) : document.querySelectorAll('input, select, textarea')[t.i]) as
              | HTMLInputElement
              | HTMLSelectElement
              | null;
            if (!el) continue;
            const v = values[t.token]!;
            el.focus();
            if (el instanceof HTMLSelectElement) {
              const o = [...el.options].find(
                (x) => x.value === v || x.text === v || (x.text === values['country-name'] && t.token === 'country'),
              );
              if (o) el.value = o.value;
            } else {
              Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')!.set!.call(el, v);
            }
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            el.blur();
            n++;
            await new Promise((r) => setTimeout(r, 20));
          }
          return n;
        }, persona);
      } catch {
        /* a frame that went away */
      }
    }
    return { preview: [], outcome: `naive filler wrote ${written} field(s)` };
  };
}

/** A failure report for one page: what failed, what the preview showed, what the fill said. */
export function explain(c: PageCase, r: PageResult): string {
  const lines = [
    `${c.name} (${c.exp.kind}, persona ${c.exp.persona}): ${r.failures.length} failure(s)`,
    ...r.failures.map((f) => `  - ${f}`),
  ];
  r.fills.forEach((f, i) => {
    lines.push(`  fill #${i + 1}: ${f.outcome || '(nothing filled)'}`);
    for (const e of f.preview) lines.push(`    preview: ${e}`);
  });
  for (const i of r.info) lines.push(`  ${i}`);
  if (c.exp.notes) lines.push(`  notes: ${c.exp.notes}`);
  return lines.join('\n');
}
