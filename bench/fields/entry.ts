/**
 * In-page side of `bench/fields.mjs`: collect + classify this document, then key the results with the
 * corpus' own `fieldKeys` (bundled from the corpus folder as `corpus-fieldkey`), so predictions use
 * exactly the corpus keys.
 */

// @ts-expect-error resolved by bench/fields/bundle.mjs to the corpus' fieldkey.mjs
import { fieldKeys } from 'corpus-fieldkey';
import { classifyFields } from '../../src/forms/classify';
import { collectFields } from '../../src/forms/collect';
import type { FieldFacts } from '../../src/forms/types';

interface BenchResult {
  preds: Record<string, string>;
  purposes: Record<string, string>;
  facts: Record<string, FieldFacts>;
  keyed: number;
  collected: number;
  unmatched: number;
  ms: { collect: number; classify: number };
}

(globalThis as unknown as { __profferBench: (f: boolean) => BenchResult }).__profferBench = (wantFacts: boolean): BenchResult => {
  const t0 = performance.now();
  const collected = collectFields(document);
  const t1 = performance.now();
  const cls = classifyFields(collected.map((c) => c.facts));
  const t2 = performance.now();
  const index = new Map<Element, number>(collected.map((c, i) => [c.el, i]));
  const preds: Record<string, string> = {};
  const purposes: Record<string, string> = {};
  const facts: Record<string, FieldFacts> = {};
  let unmatched = 0;
  const keys = fieldKeys(document) as Array<{ el: Element; key: string }>;
  for (const { el, key } of keys) {
    const i = index.get(el);
    if (i === undefined) {
      unmatched++;
      continue;
    }
    const t = cls[i]!.token;
    preds[key] = t === 'UNKNOWN' ? 'unknown' : t;
    purposes[key] = cls[i]!.purpose ?? 'other';
    if (wantFacts) facts[key] = collected[i]!.facts;
  }
  return {
    preds,
    purposes,
    facts,
    keyed: keys.length,
    collected: collected.length,
    unmatched,
    ms: { collect: t1 - t0, classify: t2 - t1 },
  };
};
