/**
 * Is a control visible to the person? Judged on what is painted, along the whole rendered path from
 * the control to the top-level page:
 *
 * - the flat tree: ancestors through `<slot>` assignment and shadow hosts (`flatParent`); a light
 *   child no slot takes is not rendered;
 * - per ancestor (computed style read once, memoised in a `VisibilityCache`): opacity (multiplied),
 *   `filter` (opacity(), brightness, contrast, blur, url()), `mask`, `clip-path` (any shape, reduced
 *   to the box it leaves), `clip`, overflow and paint containment, the transform matrix (collapsed,
 *   or turned away with `backface-visibility: hidden`);
 * - `Element.checkVisibility` (display, content-visibility: hidden, closed <details>,
 *   hidden=until-found, visibility, opacity) as one more signal;
 * - reachable: the part of the page a person can scroll to (not at negative x/y, not past an
 *   `overflow: hidden` viewport), and for a frame, the window its `<iframe>` shows in its parent
 *   (`FrameView`, handed down by the background);
 * - covered: several points of the field, tested with hit testing where on screen, and against the
 *   painters hit testing cannot see anywhere (pointer-events:none overlays, positioned pseudo
 *   elements, box-shadow and outline of other elements, positioned boxes below the fold).
 *
 * Reads layout and style but never writes to the DOM. Covering is judged only for fields that pass
 * every cheaper test.
 */
import type { VisibilityFacts } from './types';

/** Smallest rendered width/height (px) that a person can plausibly see and type into. */
export const MIN_SIZE = 4;
/** Below this opacity product (opacity and filter: opacity(), over ancestors and frames) a control counts as invisible. */
export const MIN_OPACITY = 0.1;
/** Share of a field's area that clips, scroll reach and frame windows must leave for it to count as shown. */
export const MIN_SHOWN_SHARE = 0.4;
/** filter: blur() at or above this radius (px) makes a field's text unreadable. */
export const MAX_BLUR_PX = 3;
/** filter: brightness() / contrast() below this flattens a field into one dark or grey patch. */
export const MIN_BRIGHTNESS = 0.15;
/** A clip-path polygon leaving less than this share of its bounding box paints a sliver: hidden. */
export const MIN_POLYGON_SHARE = 0.25;
/** A covering paint (background, shadow, outline) at least this opaque hides what is below. */
export const COVER_ALPHA = 0.5;
/** Sample points: the centre and four points inset by this share of the visible box. */
export const SAMPLE_INSET = 0.2;
/** A field is covered when its centre is, or when more than this many of its five points are. */
export const MAX_COVERED_POINTS = 2;
/** A fixed opaque layer covering at least this share of the viewport covers every field below it. */
export const FULL_SCREEN_SHARE = 0.9;

export interface Box {
  l: number;
  t: number;
  r: number;
  b: number;
}
const INF: Box = { l: -Infinity, t: -Infinity, r: Infinity, b: Infinity };
const EMPTY: Box = { l: 0, t: 0, r: 0, b: 0 };
const meet = (a: Box, b: Box): Box => ({ l: Math.max(a.l, b.l), t: Math.max(a.t, b.t), r: Math.min(a.r, b.r), b: Math.min(a.b, b.b) });
const wide = (b: Box): number => b.r - b.l;
const tall = (b: Box): number => b.b - b.t;
const inBox = (b: Box, x: number, y: number): boolean => x >= b.l && x < b.r && y >= b.t && y < b.b;
const boxOf = (r: DOMRect): Box => ({ l: r.left, t: r.top, r: r.right, b: r.bottom });

/**
 * Where this document's frame is seen in its parent, in this document's viewport coordinates, and
 * the opacity the parents paint it with. Axes the window spans entirely are unbounded (±1e9): the
 * person can scroll the frame's content through them.
 */
export interface FrameView extends Box {
  opacity: number;
}

/** What one element contributes, with everything above it in the flat tree. */
interface Chain {
  op: number;
  box: Box;
  hide: boolean;
  /** Facing of the 3D transforms so far: -1 when turned away from the viewer. */
  face: number;
}

interface Painter {
  el: Element;
  kind: 'box' | 'pseudo' | 'shadow' | 'outline';
  /** For shadows: the painter is an inline-level box (painted in content order, not with backgrounds). */
  inline?: boolean;
  /** Box painted over, and a hole (the element's own box for shadows, the inner edge for outlines). */
  box: Box;
  hole?: Box;
  /** Hit testing sees it (a positioned opaque box with pointer events): only tested off screen. */
  hittable: boolean;
  fixed: boolean;
}

export interface VisibilityCache {
  chain: Map<Element, Chain>;
  layer: Map<Element, { z: number; pos: boolean }>;
  /** Open shadow roots of the document, when the caller already walked it (collect's candidates). */
  roots?: ShadowRoot[];
  rootsDoc?: Document;
  /** The census of the document being judged (one per pass). */
  census?: { doc: Document; has: Set<Family> };
  viewport?: { doc: Document; v: Viewport };
  painters?: { doc: Document; list: Painter[] };
  frame?: FrameView | null;
}
export const newVisibilityCache = (frame?: FrameView | null): VisibilityCache => ({
  chain: new Map(),
  layer: new Map(),
  frame: frame ?? null,
});

const style = (el: Element, pseudo?: string): CSSStyleDeclaration => (el.ownerDocument.defaultView ?? window).getComputedStyle(el, pseudo);

/** Parent in the DOM tree: parentElement, or the host when leaving a shadow root. */
export function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode;
  return root && (root as ShadowRoot).host ? (root as ShadowRoot).host : null;
}

/** Parent in the flat (rendered) tree: the slot a light child is assigned to, else `parentOf`. */
export function flatParent(el: Element): Element | null {
  return el.assignedSlot ?? parentOf(el);
}

// ---- pure parsers (unit-tested in test/unit/visibility-parse.test.ts) ----

const num = (s: string | undefined, ref = 1): number => {
  if (!s) return 0;
  const v = parseFloat(s);
  if (Number.isNaN(v)) return NaN;
  return s.trim().endsWith('%') ? (v / 100) * ref : v;
};

/** The alpha of a computed colour ("transparent", rgb(), rgba(), color(srgb r g b / a)). */
export function alpha(color: string): number {
  if (!color || color === 'transparent') return 0;
  const m = /\/\s*([\d.]+%?)\s*\)/.exec(color) ?? /rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+%?)\s*\)/.exec(color);
  return m ? num(m[1]) : 1;
}

/** What a computed `filter` does: the opacity it multiplies by, and whether it hides outright. */
export function filterEffect(filter: string): { opacity: number; hides: boolean } {
  if (!filter || filter === 'none') return { opacity: 1, hides: false };
  if (/url\(/.test(filter)) return { opacity: 1, hides: true }; // an SVG filter can paint anything
  let opacity = 1,
    hides = false;
  for (const m of filter.matchAll(/([a-z-]+)\(([^()]*)\)/g)) {
    const fn = m[1],
      arg = (m[2] ?? '').trim();
    if (fn === 'drop-shadow') continue;
    const v = arg === '' ? 1 : num(arg);
    if (fn === 'opacity') opacity *= Math.min(1, v);
    else if ((fn === 'brightness' || fn === 'contrast') && v < MIN_BRIGHTNESS) hides = true;
    else if (fn === 'blur' && v >= MAX_BLUR_PX) hides = true;
  }
  return { opacity, hides };
}

/** Does a computed `mask-image` (or `mask`) hide? Any mask image can; only "none" is known not to. */
export const maskHides = (mask: string | undefined): boolean => !!mask && mask !== 'none';

/** Split a CSS function's arguments at top-level commas. */
const args = (s: string): string[] => {
  const out: string[] = [];
  let depth = 0,
    cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
};

/**
 * The box a computed `clip-path` leaves of an element of size w x h, relative to its border box;
 * null when there is none, EMPTY when it hides everything or cannot be judged (url(), path()).
 */
export function clipPathBox(cp: string, w: number, h: number): Box | null {
  if (!cp || cp === 'none') return null;
  const m = /([a-z-]+)\((.*)\)/.exec(cp);
  if (!m) return /^[a-z-]+(\s+[a-z-]+)*$/.test(cp.trim()) ? null : EMPTY; // a bare reference box clips to itself
  const fn = m[1]!,
    body = m[2]!.replace(/\s+round\s+.*$/, '');
  if (/calc\(|var\(/.test(body) && fn !== 'polygon') return EMPTY;
  if (fn === 'inset') {
    const p = body.trim().split(/\s+/);
    const [t, r = t, b = t, l = r] = p;
    const box = { l: num(l, w), t: num(t, h), r: w - num(r, w), b: h - num(b, h) };
    return Object.values(box).some(Number.isNaN) ? EMPTY : box;
  }
  if (fn === 'circle' || fn === 'ellipse') {
    const [radii = '', at = '50% 50%'] = body.split(/\s+at\s+/);
    const rs = radii.trim() ? radii.trim().split(/\s+/) : ['closest-side'];
    const pos = at.trim().split(/\s+/);
    const cx = num(pos[0] ?? '50%', w),
      cy = num(pos[1] ?? '50%', h);
    const side = (s: string, ref: number, c: number, d: number): number =>
      s === 'closest-side' ? Math.min(c, d - c) : s === 'farthest-side' ? Math.max(c, d - c) : num(s, ref);
    const diag = Math.hypot(w, h) / Math.SQRT2;
    const near = Math.min(cx, cy, w - cx, h - cy),
      far = Math.max(cx, cy, w - cx, h - cy);
    const circleR = (s: string): number => (s === 'closest-side' ? near : s === 'farthest-side' ? far : num(s, diag));
    const rx = fn === 'circle' ? circleR(rs[0]!) : side(rs[0]!, w, cx, w);
    const ry = fn === 'circle' ? rx : side(rs[1] ?? rs[0]!, h, cy, h);
    if ([rx, ry, cx, cy].some(Number.isNaN)) return EMPTY;
    // The square inscribed in the ellipse is surely shown; the rest of the bounding box may not be.
    const k = Math.SQRT1_2;
    return { l: cx - rx * k, r: cx + rx * k, t: cy - ry * k, b: cy + ry * k };
  }
  if (fn === 'polygon') {
    const pts = args(body)
      .filter((a) => !/^(nonzero|evenodd)$/.test(a))
      .map((a) => {
        const [x = '', y = ''] = a.split(/\s+/);
        return [num(x, w), num(y, h)] as const;
      });
    if (pts.length < 3 || pts.some(([x, y]) => Number.isNaN(x) || Number.isNaN(y))) return EMPTY;
    let area = 0;
    pts.forEach(([x, y], i) => {
      const [x2, y2] = pts[(i + 1) % pts.length]!;
      area += x * y2 - x2 * y;
    });
    const box = {
      l: Math.min(...pts.map((p) => p[0])),
      r: Math.max(...pts.map((p) => p[0])),
      t: Math.min(...pts.map((p) => p[1])),
      b: Math.max(...pts.map((p) => p[1])),
    };
    return Math.abs(area) / 2 < MIN_POLYGON_SHARE * Math.max(1e-9, wide(box) * tall(box)) ? EMPTY : box;
  }
  return EMPTY; // path(), url(), shape(), xywh() ...: not judged, so not trusted
}

/** The box a computed `clip: rect(t, r, b, l)` leaves, relative to the border box; null for auto. */
export function clipRectBox(clip: string, w: number, h: number): Box | null {
  if (!clip?.startsWith('rect(')) return null;
  const p = clip
    .slice(5, -1)
    .split(/[\s,]+/)
    .filter(Boolean);
  const v = (s: string | undefined, dflt: number): number => (!s || s === 'auto' ? dflt : parseFloat(s));
  return { t: v(p[0], 0), r: v(p[1], w), b: v(p[2], h), l: v(p[3], 0) };
}

/** A computed transform: collapsed (no area) and the facing of its z axis (-1: turned away). */
export function transformEffect(t: string): { collapsed: boolean; face: number } {
  if (!t || t === 'none') return { collapsed: false, face: 1 };
  const m = /matrix(3d)?\(([^)]*)\)/.exec(t);
  if (!m) return { collapsed: false, face: 1 };
  const v = m[2]!.split(',').map((s) => parseFloat(s));
  if (m[1]) {
    // column-major 4x4: the 2D footprint is the upper-left 2x2; m33 (v[10]) gives the facing.
    const det = v[0]! * v[5]! - v[1]! * v[4]!;
    return { collapsed: Math.abs(det) < 1e-6, face: v[10]! < 0 ? -1 : 1 };
  }
  return { collapsed: Math.abs(v[0]! * v[3]! - v[1]! * v[2]!) < 1e-6, face: 1 };
}

/** The boxes the non-inset shadows of a computed `box-shadow` paint (relative to a w x h border box). */
export function shadowBoxes(shadow: string, w: number, h: number): Box[] {
  if (!shadow || shadow === 'none') return [];
  const out: Box[] = [];
  for (const s of args(shadow)) {
    if (/\binset\b/.test(s)) continue;
    const color = /(rgba?|color|hsla?)\([^)]*\)/.exec(s)?.[0] ?? 'rgb(0,0,0)';
    if (alpha(color) < COVER_ALPHA) continue;
    const lens = s
      .replace(color, '')
      .trim()
      .split(/\s+/)
      .map((x) => parseFloat(x))
      .filter((x) => !Number.isNaN(x));
    const [x = 0, y = 0, , spread = 0] = lens;
    if (spread <= 0 && Math.abs(x) < w && Math.abs(y) < h) continue; // hardly leaves the box
    out.push({ l: x - spread, t: y - spread, r: w + x + spread, b: h + y + spread });
  }
  return out;
}

// ---- which paint properties the page sets at all ----

/** Families of properties that can hide a field or paint over one; what the census looks for. */
export type Family = 'opacity' | 'filter' | 'mask' | 'clipPath' | 'clip' | 'contain' | 'backface' | 'position' | 'shadow' | 'outline';
const FAMILIES: Family[] = ['opacity', 'filter', 'mask', 'clipPath', 'clip', 'contain', 'backface', 'position', 'shadow', 'outline'];

/** The family of a declared longhand property, if it is one the census tracks. */
export function familyOf(prop: string): Family | undefined {
  if (prop.startsWith('mask') || prop.startsWith('-webkit-mask')) return 'mask';
  if (prop.startsWith('outline')) return 'outline';
  switch (prop) {
    case 'opacity':
      return 'opacity';
    case 'filter':
      return 'filter';
    case 'clip-path':
      return 'clipPath';
    case 'clip':
      return 'clip';
    case 'contain':
    case 'content-visibility':
      return 'contain';
    case 'backface-visibility':
      return 'backface';
    case 'position':
      return 'position';
    case 'box-shadow':
      return 'shadow';
  }
  return undefined;
}

/**
 * Which families the page's author styles set anywhere: every style sheet of the document and of
 * its open shadow roots (imports, nested and grouping rules, keyframes, adopted sheets), every
 * inline style. A property no rule and no style attribute sets keeps its initial value on every
 * element, so the per-element reads of that family can be skipped: a page without box-shadow,
 * outline or positioning needs no painter scan. Anything the census cannot read makes it answer
 * "all": a cross-origin sheet, SVG (presentation attributes), animations made by script. The user
 * agent's own positioning (dialog, popover) counts as "position". Computed afresh on every pass,
 * never cached: a page can change a rule at any time.
 */
function censusOf(doc: Document, known?: ShadowRoot[]): Set<Family> {
  const has = new Set<Family>();
  const ALL = new Set(FAMILIES);
  const add = (st: CSSStyleDeclaration): void => {
    for (let i = 0; i < st.length; i++) {
      const f = familyOf(st[i]!);
      if (f) has.add(f);
    }
  };
  const rules = (list: CSSRuleList): void => {
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as CSSRule & { style?: CSSStyleDeclaration; cssRules?: CSSRuleList; styleSheet?: CSSStyleSheet | null };
      if (r.style) add(r.style);
      if (r.cssRules) rules(r.cssRules);
      if (r.styleSheet) rules(r.styleSheet.cssRules); // throws for a cross-origin import: "all"
    }
  };
  const roots: (Document | ShadowRoot)[] = [doc];
  try {
    const win = (doc.defaultView ?? window) as Window & typeof globalThis;
    for (const a of doc.getAnimations()) if (!(a instanceof win.CSSAnimation || a instanceof win.CSSTransition)) return ALL;
    if (known) roots.push(...known);
    else
      for (let k = 0; k < roots.length; k++) for (const el of roots[k]!.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const root of roots) {
      if (root.querySelector('svg')) return ALL;
      if (root.querySelector('dialog,[popover]')) has.add('position');
      // Closed <details> and hidden=until-found are the user agent's content-visibility: hidden.
      if (root.querySelector('details,[hidden]')) has.add('contain');
      for (const sheet of [...root.styleSheets, ...(root.adoptedStyleSheets ?? [])]) rules(sheet.cssRules);
      for (const el of root.querySelectorAll('[style]')) add((el as HTMLElement).style);
    }
  } catch {
    return ALL;
  }
  return has;
}

function censusFor(doc: Document, cache: VisibilityCache): Set<Family> {
  if (cache.census?.doc === doc) return cache.census.has;
  const has = censusOf(doc, doc === cache.rootsDoc ? cache.roots : undefined);
  cache.census = { doc, has };
  return has;
}

// ---- the chain of ancestors ----

const TRANSPARENTISH = (cs: CSSStyleDeclaration): boolean => alpha(cs.backgroundColor) < COVER_ALPHA && cs.backgroundImage === 'none';
const REPLACED = /^(img|video|canvas|iframe|object|embed|svg|picture)$/;
/** Elements that never paint outside their parent's box (or at all): the painter scan skips them. */
const INERT = new Set(['option', 'optgroup', 'script', 'style', 'br', 'template', 'noscript', 'link', 'meta', 'wbr', 'source', 'track']);

/**
 * The element's chain facts; computes (and caches) its flat ancestors first. For the field itself
 * (`own` given, with its box) overflow and paint containment are left out: they clip its content,
 * not the field.
 */
function chainOf(el: Element, cache: VisibilityCache, own?: { cs: CSSStyleDeclaration; r: DOMRect }): Chain {
  const hit = cache.chain.get(el);
  if (hit) return hit;
  const p = flatParent(el);
  const up: Chain = p ? chainOf(p, cache) : { op: cache.frame ? cache.frame.opacity : 1, box: INF, hide: false, face: 1 };
  const cs = own ? own.cs : style(el);
  let { op, box, hide, face } = up;
  // display: contents (slots, wrappers) has no box, so its paint properties do not apply; they are
  // applied anyway (one style read less per ancestor, and only ever on the side of hiding).
  const has = censusFor(el.ownerDocument, cache);
  if (has.has('opacity')) op *= parseFloat(cs.opacity) || 0;
  if (has.has('filter')) {
    const filter = cs.filter;
    if (filter !== 'none') {
      const f = filterEffect(filter);
      op *= f.opacity;
      if (f.hides) hide = true;
    }
  }
  if (has.has('mask') && maskHides(cs.maskImage)) hide = true;
  // Transforms show in the field's own box (scale 0, a degenerate matrix: no area left); what the box
  // cannot tell is a plane turned away, which only matters where a back face is hidden.
  if (has.has('backface')) {
    const transform = cs.transform;
    if (transform !== 'none') {
      const t = transformEffect(transform);
      if (t.collapsed) hide = true;
      if (t.face < 0) face = -face;
    }
    if (face < 0 && cs.backfaceVisibility === 'hidden') hide = true;
  }
  const tag = el.localName;
  const cp = has.has('clipPath') ? cs.clipPath : 'none';
  const clip = has.has('clip') ? cs.clip : 'auto'; // only absolutely positioned boxes honour it
  const ov = own || tag === 'html' || tag === 'body' ? 'visible' : cs.overflow;
  const paint = !own && has.has('contain') && /paint|strict|content/.test(cs.contain);
  if (cp !== 'none' || clip !== 'auto' || ov !== 'visible' || paint) {
    const r = own ? own.r : el.getBoundingClientRect();
    const w = r.width,
      h = r.height;
    const cut = (b: Box | null): void => {
      if (b) box = meet(box, { l: r.left + b.l, t: r.top + b.t, r: r.left + b.r, b: r.top + b.b });
    };
    cut(clipPathBox(cp, w, h));
    if (clip !== 'auto' && /^(absolute|fixed)$/.test(cs.position)) cut(clipRectBox(clip, w, h));
    if (ov !== 'visible' || paint) {
      const sp = ov.indexOf(' ');
      const ox = sp < 0 ? ov : ov.slice(0, sp);
      const oy = sp < 0 ? ov : ov.slice(sp + 1);
      // hidden/clip cut for good; auto/scroll let the person scroll, unless the scroller has no room.
      const cx = paint || ox === 'hidden' || ox === 'clip' || (ox !== 'visible' && w < MIN_SIZE);
      const cy = paint || oy === 'hidden' || oy === 'clip' || (oy !== 'visible' && h < MIN_SIZE);
      box = meet(box, { l: cx ? r.left : -Infinity, r: cx ? r.right : Infinity, t: cy ? r.top : -Infinity, b: cy ? r.bottom : Infinity });
    }
  }
  const c = { op, box, hide, face };
  cache.chain.set(el, c);
  return c;
}

/**
 * Paint layer of an element, read only when a painter overlaps a field: the outermost z-index of a
 * positioned ancestor-or-self (0 if none), and whether the element itself is positioned.
 */
function layerOf(el: Element, cache: VisibilityCache): { z: number; pos: boolean } {
  const hit = cache.layer.get(el);
  if (hit) return hit;
  const p = flatParent(el);
  const up = p ? layerOf(p, cache) : { z: 0, pos: false };
  const cs = style(el);
  const pos = cs.position !== 'static';
  const zi = pos ? parseInt(cs.zIndex, 10) : NaN;
  const l = { z: up.z === 0 && !Number.isNaN(zi) ? zi : up.z, pos };
  cache.layer.set(el, l);
  return l;
}

// ---- the viewport and what can be scrolled to ----

interface Viewport {
  w: number;
  h: number;
  /** The part of the page a person can scroll to, in viewport coordinates now. */
  reach: Box;
}

function viewportOf(doc: Document, cache: VisibilityCache): Viewport {
  if (cache.viewport && cache.viewport.doc === doc) return cache.viewport.v;
  const win = doc.defaultView ?? window;
  const de = doc.documentElement;
  const w = win.innerWidth,
    h = win.innerHeight,
    sx = win.scrollX,
    sy = win.scrollY;
  // The viewport's overflow: <html>'s, or <body>'s when <html> leaves it visible.
  let ox = 'visible',
    oy = 'visible';
  for (const e of [de, doc.body]) {
    if (!e) continue;
    const cs = style(e);
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
      ox = cs.overflowX;
      oy = cs.overflowY;
      break;
    }
  }
  const shut = (o: string) => o === 'hidden' || o === 'clip';
  const docW = Math.max(de.scrollWidth, w),
    docH = Math.max(de.scrollHeight, h);
  const reach = {
    l: shut(ox) ? 0 : -sx,
    r: shut(ox) ? w : docW - sx,
    t: shut(oy) ? 0 : -sy,
    b: shut(oy) ? h : docH - sy,
  };
  const v = { w, h, reach };
  cache.viewport = { doc, v };
  return v;
}

// ---- covering ----

function positionedPseudo(el: Element, which: '::before' | '::after', r: Box, out: Painter[]): void {
  const ps = style(el, which);
  if (ps.content === 'none' || ps.content === 'normal' || ps.display === 'none' || ps.visibility !== 'visible') return;
  const pos = ps.position;
  if (
    (pos !== 'absolute' && pos !== 'fixed') ||
    parseInt(ps.zIndex, 10) < 0 ||
    TRANSPARENTISH(ps) ||
    (parseFloat(ps.opacity) || 0) < COVER_ALPHA
  )
    return;
  const bw = (s: string) => parseFloat(s) || 0;
  const width = bw(ps.width) + bw(ps.paddingLeft) + bw(ps.paddingRight) + bw(ps.borderLeftWidth) + bw(ps.borderRightWidth);
  const height = bw(ps.height) + bw(ps.paddingTop) + bw(ps.paddingBottom) + bw(ps.borderTopWidth) + bw(ps.borderBottomWidth);
  const x0 = pos === 'fixed' ? 0 : r.l + el.clientLeft;
  const y0 = pos === 'fixed' ? 0 : r.t + el.clientTop;
  const l = x0 + bw(ps.left),
    t = y0 + bw(ps.top);
  if (width >= MIN_SIZE && height >= MIN_SIZE)
    out.push({ el, kind: 'pseudo', box: { l, t, r: l + width, b: t + height }, hittable: false, fixed: pos === 'fixed' });
}

/**
 * Everything in `doc` that may paint over a field without hit testing telling: positioned opaque
 * boxes (their pointer-events aside), positioned pseudo elements, wide box-shadows and outlines.
 * One style read per element, once per collect pass, and only when a field got this far.
 */
function paintersOf(doc: Document, cache: VisibilityCache): Painter[] {
  if (cache.painters && cache.painters.doc === doc) return cache.painters.list;
  const list: Painter[] = [];
  const has = censusFor(doc, cache);
  const wantPos = has.has('position'),
    wantShadow = has.has('shadow'),
    wantOutline = has.has('outline');
  const any = wantPos || wantShadow || wantOutline;
  for (const el of doc.body && any ? doc.body.querySelectorAll('*') : []) {
    if (INERT.has(el.localName)) continue;
    const cs = style(el);
    const position = wantPos ? cs.position : 'static';
    const shadow = wantShadow ? cs.boxShadow : 'none';
    const outline = wantOutline ? cs.outlineStyle : 'none';
    if (position === 'static' && shadow === 'none' && outline === 'none') continue;
    if (cs.visibility !== 'visible' || (parseFloat(cs.opacity) || 0) < COVER_ALPHA) continue;
    const rr = el.getBoundingClientRect();
    const r = boxOf(rr);
    const fixed = position === 'fixed';
    if (position !== 'static') {
      if (wide(r) >= MIN_SIZE && tall(r) >= MIN_SIZE && (!TRANSPARENTISH(cs) || REPLACED.test(el.localName)))
        list.push({ el, kind: 'box', box: r, hittable: cs.pointerEvents !== 'none', fixed });
      positionedPseudo(el, '::before', r, list);
      positionedPseudo(el, '::after', r, list);
    }
    for (const s of shadowBoxes(shadow, rr.width, rr.height))
      list.push({
        el,
        kind: 'shadow',
        inline: cs.display.startsWith('inline'),
        box: { l: r.l + s.l, t: r.t + s.t, r: r.l + s.r, b: r.t + s.b },
        hole: r,
        hittable: false,
        fixed,
      });
    const ow = parseFloat(cs.outlineWidth) || 0;
    if (outline !== 'none' && ow >= MIN_SIZE && alpha(cs.outlineColor) >= COVER_ALPHA) {
      const off = parseFloat(cs.outlineOffset) || 0;
      const inner = { l: r.l - off, t: r.t - off, r: r.r + off, b: r.b + off };
      list.push({
        el,
        kind: 'outline',
        box: { l: inner.l - ow, t: inner.t - ow, r: inner.r + ow, b: inner.b + ow },
        hole: inner,
        hittable: false,
        fixed,
      });
    }
  }
  cache.painters = { doc, list };
  return list;
}

function flatContains(a: Element, el: Element): boolean {
  for (let e: Element | null = el; e; e = flatParent(e)) if (e === a) return true;
  return false;
}

/**
 * Does painter `p` paint above field `el`? The stacking order, approximated: the outermost z-index
 * of each side first; then positioned layers and outlines over in-flow content; shadows of in-flow
 * blocks are painted with the backgrounds, under all inline content (fields are inline-level).
 */
function above(p: Painter, el: Element, cache: VisibilityCache): boolean {
  if (p.el === el || el.contains(p.el)) return false;
  // An ancestor paints over its descendants only with its pseudo elements and its outline.
  if (flatContains(p.el, el)) return p.kind === 'pseudo' || p.kind === 'outline';
  const pc = layerOf(p.el, cache),
    fc = layerOf(el, cache);
  const later = !!(el.compareDocumentPosition(p.el) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (pc.z !== fc.z) return pc.z > fc.z;
  if (fc.pos) return pc.pos && later;
  if (p.kind === 'shadow' && !pc.pos) return !!p.inline && later;
  return true;
}

function paintedOver(el: Element, x: number, y: number, onScreen: boolean, v: Viewport, cache: VisibilityCache): boolean {
  for (const p of paintersOf(el.ownerDocument, cache)) {
    if (p.hittable && onScreen) continue; // hit testing judged it
    let box = p.box;
    // A fixed layer stays where it is while the page scrolls: off screen, only a full-screen one counts.
    if (p.fixed && !onScreen) {
      if (wide(meet(box, { l: 0, t: 0, r: v.w, b: v.h })) * tall(meet(box, { l: 0, t: 0, r: v.w, b: v.h })) < FULL_SCREEN_SHARE * v.w * v.h)
        continue;
      box = INF;
    }
    if (!inBox(box, x, y) || (p.hole && inBox(p.hole, x, y))) continue;
    if (above(p, el, cache)) return true;
  }
  return false;
}

/** Hit testing at (x, y): is something opaque the person sees on top of `el`? */
function hitCovered(el: Element, x: number, y: number, cache: VisibilityCache): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  const top = root.elementFromPoint ? root.elementFromPoint(x, y) : null;
  if (top && (top === el || el.contains(top) || (top.closest('label') as HTMLLabelElement | null)?.control === el)) return false;
  const stack = root.elementsFromPoint ? root.elementsFromPoint(x, y) : [];
  for (const hit of stack) {
    if (hit === el || el.contains(hit)) return false;
    const lab = hit.closest('label') as HTMLLabelElement | null;
    if (lab && lab.control === el) return false;
    if (hit.contains(el)) return false; // an ancestor: its pseudo elements are judged with the painters
    const c = chainOf(hit, cache);
    if (c.op < MIN_OPACITY || c.hide) continue;
    const cs = style(hit);
    if (cs.visibility !== 'visible') continue;
    if (REPLACED.test(hit.localName) || !TRANSPARENTISH(cs)) return true;
  }
  return false;
}

/** Is the visible part `vis` of `el` covered? Centre and four inset points. */
function coveredIn(el: Element, vis: Box, v: Viewport, cache: VisibilityCache): boolean {
  const dx = Math.max(1, wide(vis) * SAMPLE_INSET),
    dy = Math.max(1, tall(vis) * SAMPLE_INSET);
  const pts: [number, number][] = [
    [(vis.l + vis.r) / 2, (vis.t + vis.b) / 2],
    [vis.l + dx, vis.t + dy],
    [vis.r - dx, vis.t + dy],
    [vis.l + dx, vis.b - dy],
    [vis.r - dx, vis.b - dy],
  ];
  let n = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x, y] = pts[i]!;
    const onScreen = x >= 0 && y >= 0 && x < v.w && y < v.h;
    const hidden = (onScreen && hitCovered(el, x, y, cache)) || paintedOver(el, x, y, onScreen, v, cache);
    if (hidden && i === 0) return true;
    if (hidden && ++n > MAX_COVERED_POINTS) return true;
  }
  return false;
}

/** The part of `el` a person can see, before covering: its box cut by every clip, reach and frame window. */
function visibleBox(r: DOMRect, chain: Box, v: Viewport, cache: VisibilityCache): Box {
  let b = meet(meet(boxOf(r), chain), v.reach);
  if (cache.frame) b = meet(b, cache.frame);
  return b;
}

const CHECK_OPTIONS = { opacityProperty: true, visibilityProperty: true } as const;

/** Collect the rendering facts of one element. Pass one cache for a batch of elements. */
export function visibilityFacts(el: Element, cache: VisibilityCache = newVisibilityCache()): VisibilityFacts {
  const r = el.getBoundingClientRect();
  const width = r.width,
    height = r.height;
  // checkVisibility: display, content-visibility: hidden (hidden=until-found, closed <details>),
  // visibility and opacity as the engine sees them. One signal; the chain below is the other.
  // Asked where the page can hide content that way at all (the census' "contain" family: any
  // contain / content-visibility rule, a <details>, a hidden attribute), else its answer is known.
  const checked =
    typeof el.checkVisibility !== 'function' || !censusFor(el.ownerDocument, cache).has('contain') || el.checkVisibility(CHECK_OPTIONS);
  const displayed = checked && ((width > 0 && height > 0) || el.getClientRects().length > 0);
  const cs = style(el);
  const visibility = cs.visibility;
  let opacity = 0,
    clipped = false,
    offscreen = false,
    covered: boolean | null = null;
  if (displayed) {
    const c = chainOf(el, cache, { cs, r });
    opacity = c.op;
    const v = viewportOf(el.ownerDocument, cache);
    const clipBox = meet(boxOf(r), c.box);
    const scarce = (b: Box): boolean => wide(b) < MIN_SIZE || tall(b) < MIN_SIZE || wide(b) * tall(b) < MIN_SHOWN_SHARE * width * height;
    clipped = c.hide || scarce(clipBox);
    const vis = visibleBox(r, c.box, v, cache);
    offscreen = !clipped && scarce(vis);
    if (!clipped && !offscreen && visibility === 'visible' && opacity >= MIN_OPACITY && width >= MIN_SIZE && height >= MIN_SIZE)
      covered = coveredIn(el, vis, v, cache);
  }
  const facts = { width, height, opacity, visibility, displayed, clipped, offscreen, covered, visible: false };
  facts.visible = visibleVerdict(facts);
  return facts;
}

/** The visibility verdict for collected facts (pure, so the planner can re-apply it). */
export function visibleVerdict(f: Omit<VisibilityFacts, 'visible'>): boolean {
  return (
    f.displayed &&
    f.visibility === 'visible' &&
    f.opacity >= MIN_OPACITY &&
    f.width >= MIN_SIZE &&
    f.height >= MIN_SIZE &&
    !f.clipped &&
    !f.offscreen &&
    f.covered !== true
  );
}

/**
 * The window through which a child frame shows, in the child's viewport coordinates, or null when
 * the `<iframe>` itself is not visible. The part of the iframe's content box that survives every
 * clip, reach and this document's own window, mapped through the iframe's scale.
 */
export function frameWindow(iframe: HTMLIFrameElement, cache: VisibilityCache): FrameView | null {
  const f = visibilityFacts(iframe, cache);
  if (!f.visible) return null;
  const r = iframe.getBoundingClientRect();
  const c = chainOf(iframe, cache);
  const vis = visibleBox(r, c.box, viewportOf(iframe.ownerDocument, cache), cache);
  const cs = style(iframe);
  const scale = iframe.offsetWidth > 0 ? r.width / iframe.offsetWidth : 1;
  const x0 = r.left + (iframe.clientLeft + (parseFloat(cs.paddingLeft) || 0)) * scale;
  const y0 = r.top + (iframe.clientTop + (parseFloat(cs.paddingTop) || 0)) * scale;
  const cw = iframe.clientWidth - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0);
  const ch = iframe.clientHeight - (parseFloat(cs.paddingTop) || 0) - (parseFloat(cs.paddingBottom) || 0);
  const w: Box = { l: (vis.l - x0) / scale, t: (vis.t - y0) / scale, r: (vis.r - x0) / scale, b: (vis.b - y0) / scale };
  if (wide(w) < MIN_SIZE || tall(w) < MIN_SIZE) return null;
  // An axis the window spans entirely: the person scrolls the frame's content through it.
  const BIG = 1e9;
  const fullX = w.l <= 0.5 && w.r >= cw - 0.5,
    fullY = w.t <= 0.5 && w.b >= ch - 0.5;
  return {
    l: fullX ? -BIG : w.l,
    r: fullX ? BIG : w.r,
    t: fullY ? -BIG : w.t,
    b: fullY ? BIG : w.b,
    opacity: Math.min(1, c.op),
  };
}

/** Is `el` visible to the person right now? (Fresh computation; use `visibilityFacts` for batches.) */
export function isVisible(el: Element, frame?: FrameView | null): boolean {
  return visibilityFacts(el, newVisibilityCache(frame)).visible;
}
