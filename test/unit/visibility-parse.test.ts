/**
 * The pure parts of src/forms/visibility.ts: computed-style strings to "hides or not" (filters,
 * masks, clip-path shapes, clip rects, transform matrices, box-shadows). The DOM half is proven by
 * the hid-* pages of test/fixtures/pages in a real browser.
 */
import { describe, expect, it } from 'vitest';
import {
  alpha,
  clipPathBox,
  clipRectBox,
  familyOf,
  filterEffect,
  MAX_BLUR_PX,
  MIN_SHOWN_SHARE,
  MIN_SIZE,
  maskHides,
  shadowBoxes,
  transformEffect,
} from '../../src/forms/visibility';

const size = (b: { l: number; t: number; r: number; b: number } | null) => (b ? [b.r - b.l, b.b - b.t] : null);

describe('alpha', () => {
  it('reads rgb, rgba, color() and transparent', () => {
    expect(alpha('transparent')).toBe(0);
    expect(alpha('rgb(1, 2, 3)')).toBe(1);
    expect(alpha('rgba(1, 2, 3, 0.25)')).toBe(0.25);
    expect(alpha('color(srgb 1 0 0 / 0.5)')).toBe(0.5);
  });
});

describe('filterEffect', () => {
  it('multiplies opacity() and passes harmless filters', () => {
    expect(filterEffect('none')).toEqual({ opacity: 1, hides: false });
    expect(filterEffect('opacity(0.02)').opacity).toBeCloseTo(0.02);
    expect(filterEffect('opacity(50%) opacity(0.5)').opacity).toBeCloseTo(0.25);
    expect(filterEffect('grayscale(1) drop-shadow(rgb(0, 0, 0) 0px 0px 0px)').hides).toBe(false);
    expect(filterEffect('blur(1px)').hides).toBe(false);
  });
  it('hides on brightness(0), contrast(0), strong blur and SVG filters', () => {
    expect(filterEffect('brightness(0)').hides).toBe(true);
    expect(filterEffect('contrast(0.05)').hides).toBe(true);
    expect(filterEffect(`blur(${MAX_BLUR_PX}px)`).hides).toBe(true);
    expect(filterEffect('url("#x")').hides).toBe(true);
  });
});

describe('maskHides', () => {
  it('trusts only no mask', () => {
    expect(maskHides('none')).toBe(false);
    expect(maskHides('linear-gradient(transparent, transparent)')).toBe(true);
    expect(maskHides('url("m.svg")')).toBe(true);
  });
});

describe('clipPathBox', () => {
  it('none and bare reference boxes do not clip', () => {
    expect(clipPathBox('none', 100, 40)).toBeNull();
    expect(clipPathBox('border-box', 100, 40)).toBeNull();
  });
  it('inset() of any side, in px and %', () => {
    expect(size(clipPathBox('inset(0px 0px 0px 100%)', 100, 40))).toEqual([0, 40]);
    expect(size(clipPathBox('inset(0px 0px 98% 0px)', 100, 40))![1]).toBeLessThan(MIN_SIZE);
    expect(size(clipPathBox('inset(0px 99% 0px 0px round 4px)', 100, 40))![0]).toBeLessThan(MIN_SIZE);
    expect(size(clipPathBox('inset(50%)', 100, 40))).toEqual([0, 0]);
    expect(size(clipPathBox('inset(2px)', 100, 40))).toEqual([96, 36]);
  });
  it('circle() and ellipse(): the inscribed box', () => {
    expect(size(clipPathBox('circle(0px at 50% 50%)', 100, 40))).toEqual([0, 0]);
    expect(size(clipPathBox('ellipse(1px 1px at 0px 0px)', 100, 40))![0]).toBeLessThan(MIN_SIZE);
    expect(size(clipPathBox('circle(50% at 50% 50%)', 100, 100))![0]).toBeGreaterThan(50);
  });
  it('polygon(): zero area or a sliver', () => {
    expect(size(clipPathBox('polygon(0px 0px, 0px 0px, 100% 0px)', 100, 40))).toEqual([0, 0]);
    expect(size(clipPathBox('polygon(0px 0px, 100% 0px, 100% 2px, 0px 2px)', 100, 40))![1]).toBe(2);
    expect(size(clipPathBox('polygon(0px 0px, 100% 0px, 100% 100%, 0px 100%)', 100, 40))).toEqual([100, 40]);
    expect(size(clipPathBox('polygon(evenodd, 0% 0%, 100% 100%, 100% 99%)', 100, 40))).toEqual([0, 0]);
  });
  it('shapes it cannot measure are not trusted', () => {
    expect(size(clipPathBox('path("M0 0 L1 0 L1 1 Z")', 100, 40))).toEqual([0, 0]);
    expect(size(clipPathBox('url("#clip")', 100, 40))).toEqual([0, 0]);
    expect(size(clipPathBox('inset(calc(50% - 1px))', 100, 40))).toEqual([0, 0]);
  });
});

describe('clipRectBox', () => {
  it('rect() with auto edges', () => {
    expect(clipRectBox('auto', 100, 40)).toBeNull();
    expect(size(clipRectBox('rect(0px, 0px, 0px, 0px)', 100, 40))).toEqual([0, 0]);
    expect(size(clipRectBox('rect(0px, auto, auto, 0px)', 100, 40))).toEqual([100, 40]);
  });
});

describe('transformEffect', () => {
  it('collapsed matrices and turned-away planes', () => {
    expect(transformEffect('none')).toEqual({ collapsed: false, face: 1 });
    expect(transformEffect('matrix(0, 0, 0, 0, 0, 0)').collapsed).toBe(true);
    expect(transformEffect('matrix(1, 0, 2, 0, 0, 0)').collapsed).toBe(true);
    expect(transformEffect('matrix(-1, 0, 0, 1, 0, 0)')).toEqual({ collapsed: false, face: 1 });
    // rotateY(180deg)
    expect(transformEffect('matrix3d(-1, 0, -1.22465e-16, 0, 0, 1, 0, 0, 1.22465e-16, 0, -1, 0, 0, 0, 0, 1)').face).toBe(-1);
    // rotateY(90deg): edge-on
    expect(transformEffect('matrix3d(6.12323e-17, 0, -1, 0, 0, 1, 0, 0, 1, 0, 6.12323e-17, 0, 0, 0, 0, 1)').collapsed).toBe(true);
  });
});

describe('shadowBoxes', () => {
  it('keeps opaque outer shadows that leave the box', () => {
    expect(shadowBoxes('none', 4, 4)).toEqual([]);
    expect(shadowBoxes('rgb(255, 255, 255) 0px 0px 0px 120px', 4, 4)).toEqual([{ l: -120, t: -120, r: 124, b: 124 }]);
    expect(shadowBoxes('rgba(0, 0, 0, 0.2) 0px 0px 0px 120px', 4, 4)).toEqual([]);
    expect(shadowBoxes('rgb(0, 0, 0) 0px 0px 0px 120px inset', 4, 4)).toEqual([]);
    expect(shadowBoxes('rgb(0, 0, 0) 0px 1px 2px 0px', 100, 30)).toEqual([]);
  });
});

describe('familyOf', () => {
  it('maps declared longhands to the families the census tracks', () => {
    expect(['mask-image', '-webkit-mask-image', 'mask-size'].map(familyOf)).toEqual(['mask', 'mask', 'mask']);
    expect(['outline-style', 'outline-width', 'outline-offset'].map(familyOf)).toEqual(['outline', 'outline', 'outline']);
    expect(['content-visibility', 'contain'].map(familyOf)).toEqual(['contain', 'contain']);
    expect(['box-shadow', 'position', 'clip-path', 'clip', 'filter', 'opacity', 'backface-visibility'].map(familyOf)).toEqual([
      'shadow',
      'position',
      'clipPath',
      'clip',
      'filter',
      'opacity',
      'backface',
    ]);
    expect(['color', 'margin-top', 'transform', 'overflow-x'].map(familyOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

it('thresholds are what the report says', () => {
  expect([MIN_SIZE, MIN_SHOWN_SHARE]).toEqual([4, 0.4]);
});
