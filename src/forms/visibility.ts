/**
 * Is a control visible to the person? Hostile pages hide fields in many ways (see the pages corpus:
 * display:none, inherited visibility:hidden, opacity 0 on the element or on <body>/<html>, 1x1 px,
 * left:-9999px, transform: scale(0), a height:0 overflow:hidden parent, clip / clip-path, covered by
 * another element). A transparent full-screen `pointer-events:none` overlay must not count as
 * covering: hit testing skips such elements, and transparent hits are ignored as well.
 *
 * Reads layout but never writes to the DOM, so a batch of calls costs one layout. Ancestor results
 * (opacity product, clip box) are memoised in a `VisibilityCache` shared over one collect pass.
 */
import type { VisibilityFacts } from './types';

/** Smallest rendered width/height (px) that a person can plausibly see and type into. */
export const MIN_SIZE = 4;
/** Below this opacity product a control counts as invisible. */
export const MIN_OPACITY = 0.1;

interface Box {
  l: number;
  t: number;
  r: number;
  b: number;
}
const INF: Box = { l: -Infinity, t: -Infinity, r: Infinity, b: Infinity };

export interface VisibilityCache {
  opacity: Map<Element, number>;
  clip: Map<Element, Box>;
  viewport?: { doc: Document; v: Viewport };
}
export const newVisibilityCache = (): VisibilityCache => ({ opacity: new Map(), clip: new Map() });

const style = (el: Element): CSSStyleDeclaration => (el.ownerDocument.defaultView ?? window).getComputedStyle(el);

/** Parent in the flat tree: parentElement, or the host when leaving a shadow root. */
export function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode;
  return root && (root as ShadowRoot).host ? (root as ShadowRoot).host : null;
}

function opacityOf(el: Element, cache: VisibilityCache): number {
  const hit = cache.opacity.get(el);
  if (hit !== undefined) return hit;
  const p = parentOf(el);
  const v = (parseFloat(style(el).opacity) || 0) * (p ? opacityOf(p, cache) : 1);
  cache.opacity.set(el, v);
  return v;
}

/** A clip / clip-path that hides the element's own box entirely (the "sr-only" idiom and friends). */
function selfClipped(cs: CSSStyleDeclaration): boolean {
  const cp = cs.clipPath;
  if (cp && cp !== 'none' && /inset\(\s*(4[5-9]|50|[5-9]\d|100)%|circle\(\s*0(px|%)?\s*[ a)]/.test(cp)) return true;
  const clip = cs.clip;
  if (clip?.startsWith('rect(')) {
    const n = clip
      .slice(5)
      .split(/[\s,]+/)
      .map((s) => parseFloat(s));
    const [t = 0, r = 0, b = 0, l = 0] = n;
    if (r - l < 2 || b - t < 2) return true;
  }
  return false;
}

/** The box that ancestors of `el` (exclusive) clip their descendants to, in viewport coordinates. */
function clipBoxAbove(el: Element, cache: VisibilityCache): Box {
  const p = parentOf(el);
  return p ? clipBoxOf(p, cache) : INF;
}

/** Box that `el` and its ancestors clip descendants to (overflow hidden/clip, self-clipping). */
function clipBoxOf(el: Element, cache: VisibilityCache): Box {
  const hit = cache.clip.get(el);
  if (hit) return hit;
  let box = clipBoxAbove(el, cache); // the ancestors first: their caches are filled on the way
  const cs = style(el);
  // One style read per ancestor serves both the clip box and the opacity product.
  if (!cache.opacity.has(el)) {
    const p = parentOf(el);
    cache.opacity.set(el, (parseFloat(cs.opacity) || 0) * (p ? opacityOf(p, cache) : 1));
  }
  const tag = el.localName;
  if (tag !== 'html' && tag !== 'body') {
    // One read of the shorthand: "visible" for nearly every ancestor, else "x y" or one value.
    const ov = cs.overflow;
    let hx = false,
      hy = false;
    if (ov !== 'visible') {
      const sp = ov.indexOf(' ');
      const ox = sp < 0 ? ov : ov.slice(0, sp);
      const oy = sp < 0 ? ov : ov.slice(sp + 1);
      hx = ox === 'hidden' || ox === 'clip';
      hy = oy === 'hidden' || oy === 'clip';
    }
    const self = selfClipped(cs);
    if (hx || hy || self) {
      const r = el.getBoundingClientRect();
      if (self) box = { l: 0, t: 0, r: 0, b: 0 };
      else
        box = {
          l: hx ? Math.max(box.l, r.left) : box.l,
          r: hx ? Math.min(box.r, r.right) : box.r,
          t: hy ? Math.max(box.t, r.top) : box.t,
          b: hy ? Math.min(box.b, r.bottom) : box.b,
        };
    }
  }
  cache.clip.set(el, box);
  return box;
}

const alpha = (color: string): number => {
  if (color === 'transparent') return 0;
  const m = /rgba?\(([^)]*)\)/.exec(color);
  if (!m) return 1;
  const parts = (m[1] ?? '').split(/[\s,/]+/).filter(Boolean);
  return parts.length >= 4 ? parseFloat(parts[3] ?? '1') : 1;
};

const REPLACED = /^(img|video|canvas|iframe|object|embed|svg|picture)$/;

/** Is `el` at the top of the hit-test stack at its centre, ignoring transparent and related elements? */
function coveredAt(el: Element, x: number, y: number, cache: VisibilityCache): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  // Fast path: the element (or its own label) is on top. The full stack costs ~20x more.
  const top = root.elementFromPoint ? root.elementFromPoint(x, y) : null;
  if (top && (top === el || el.contains(top) || (top.closest('label') as HTMLLabelElement | null)?.control === el)) return false;
  const stack = root.elementsFromPoint ? root.elementsFromPoint(x, y) : [];
  for (const hit of stack) {
    if (hit === el || el.contains(hit) || hit.contains(el)) return false;
    const lab = hit.closest('label') as HTMLLabelElement | null;
    if (lab && lab.control === el) return false;
    // A hit that the person cannot see does not hide anything.
    if (opacityOf(hit, cache) < MIN_OPACITY) continue;
    const cs = style(hit);
    if (cs.visibility !== 'visible') continue;
    if (REPLACED.test(hit.localName) || alpha(cs.backgroundColor) >= 0.5 || cs.backgroundImage !== 'none') return true;
  }
  return false;
}

interface Viewport {
  sx: number;
  sy: number;
  w: number;
  h: number;
  docW: number;
  docH: number;
}

/** Scroll offsets, viewport and document size: read once per batch (layout reads are not free). */
function viewportOf(el: Element, cache: VisibilityCache): Viewport {
  if (cache.viewport && cache.viewport.doc === el.ownerDocument) return cache.viewport.v;
  const win = el.ownerDocument.defaultView ?? window;
  const de = el.ownerDocument.documentElement;
  const v = {
    sx: win.scrollX,
    sy: win.scrollY,
    w: win.innerWidth,
    h: win.innerHeight,
    docW: Math.max(de.scrollWidth, win.innerWidth),
    docH: Math.max(de.scrollHeight, win.innerHeight),
  };
  cache.viewport = { doc: el.ownerDocument, v };
  return v;
}

/** Collect the rendering facts of one element. Pass one cache for a batch of elements. */
export function visibilityFacts(el: Element, cache: VisibilityCache = newVisibilityCache()): VisibilityFacts {
  const r = el.getBoundingClientRect();
  const width = r.width,
    height = r.height;
  // A box with an area is rendered: display:none, closed <details>, content-visibility:hidden and
  // friends leave none. Only an empty box needs the (slower) question.
  const displayed = (width > 0 && height > 0) || el.getClientRects().length > 0;
  const cs = style(el);
  const visibility = cs.visibility;
  // The element's own opacity from the style already read; its ancestors' from the batch cache.
  let opacity = 0;
  let above = INF;
  if (displayed) {
    above = clipBoxAbove(el, cache); // also caches every ancestor's opacity
    const p = parentOf(el);
    opacity = (parseFloat(cs.opacity) || 0) * (p ? opacityOf(p, cache) : 1);
    cache.opacity.set(el, opacity);
  }
  let clipped = false,
    offscreen = false,
    covered: boolean | null = null;
  if (displayed && width > 0 && height > 0) {
    if (selfClipped(cs)) clipped = true;
    else {
      const box = above;
      const w = Math.min(r.right, box.r) - Math.max(r.left, box.l);
      const h = Math.min(r.bottom, box.b) - Math.max(r.top, box.t);
      clipped = w < MIN_SIZE || h < MIN_SIZE;
    }
    const v = viewportOf(el, cache);
    offscreen = r.right + v.sx <= 0 || r.bottom + v.sy <= 0 || r.left + v.sx >= v.docW || r.top + v.sy >= v.docH;
    const cx = r.left + width / 2,
      cy = r.top + height / 2;
    if (!clipped && !offscreen && cx >= 0 && cy >= 0 && cx < v.w && cy < v.h) {
      covered = coveredAt(el, cx, cy, cache);
    }
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

/** Is `el` visible to the person right now? (Fresh computation; use `visibilityFacts` for batches.) */
export function isVisible(el: Element): boolean {
  return visibilityFacts(el).visible;
}
