/**
 * In-page side of `bench/forms.mjs`: the shipped collect + classify against a bare DOM walk that
 * reads the same attributes, on the same page, in the same run.
 */

import { watchForms } from '../../src/content/watch';
import { classifyFields } from '../../src/forms/classify';
import { collectFields } from '../../src/forms/collect';

/**
 * The baseline: one querySelectorAll walk that reads, for each control, the same attributes and
 * texts collect records (attributes, label, legend and aria-labelledby text, select options, the
 * rendered box, the element's own computed visibility, opacity and clipping), with none of our
 * logic: no ancestor walks, no nearby text or headings, no hit testing, no rules.
 */
function bareWalk(): number {
  let n = 0;
  for (const el of document.querySelectorAll<HTMLInputElement>('input,select,textarea')) {
    const facts = [
      el.localName,
      el.getAttribute('type'),
      el.getAttribute('name'),
      el.getAttribute('id'),
      el.getAttribute('autocomplete'),
      el.getAttribute('placeholder'),
      el.getAttribute('aria-label'),
      el.getAttribute('maxlength'),
      el.getAttribute('title'),
      el.getAttribute('inputmode'),
      el.getAttribute('tabindex'),
      el.getAttribute('value'),
      el.required,
      el.disabled,
      el.readOnly,
    ];
    let text = '';
    for (const l of el.labels ?? []) text += l.textContent;
    const lb = el.getAttribute('aria-labelledby');
    if (lb) for (const id of lb.split(/\s+/)) text += document.getElementById(id)?.textContent ?? '';
    text += el.closest('fieldset')?.querySelector('legend')?.textContent ?? '';
    if (el.localName === 'select') for (const o of (el as unknown as HTMLSelectElement).options) text += o.value + o.text;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const seen = cs.visibility + cs.opacity + cs.clipPath + cs.clip;
    n += facts.length + text.length + seen.length + (r.width > 0 ? 1 : 0);
  }
  return n;
}

(globalThis as unknown as Record<string, unknown>).__profferFormsBench = (rounds: number) => {
  const ours: number[] = [];
  const bare: number[] = [];
  let fields = 0;
  for (let i = 0; i < rounds; i++) {
    // Alternate the order so neither side always runs on a warm cache.
    const runBare = () => {
      const t = performance.now();
      bareWalk();
      bare.push(performance.now() - t);
    };
    const runOurs = () => {
      const t = performance.now();
      const collected = collectFields(document);
      classifyFields(collected.map((c) => c.facts));
      ours.push(performance.now() - t);
      fields = collected.length;
    };
    if (i % 2) {
      runBare();
      runOurs();
    } else {
      runOurs();
      runBare();
    }
  }
  return { ours, bare, fields };
};

/**
 * What the content script's form watcher costs a page that changes a lot but has no forms: 2,000
 * insertions (one mutation record each) and their delivery, with the watcher and without, in
 * alternating rounds. Its later reading runs in 4 ms slices on a timer, away from the page's task.
 */
(globalThis as unknown as Record<string, unknown>).__profferWatchBench = async (rounds: number) => {
  const churn = async (watch: boolean): Promise<number> => {
    const host = document.createElement('div');
    document.body.append(host);
    const stop = watch ? watchForms(() => undefined) : () => undefined;
    const t = performance.now();
    for (let i = 0; i < 2000; i++) {
      const d = document.createElement('div');
      d.append(document.createElement('span'));
      host.append(d);
    }
    await Promise.resolve(); // the observer's callback (a microtask) has run by now
    const ms = performance.now() - t;
    await new Promise((r) => setTimeout(r, 120)); // let its slices run before the next round
    stop();
    host.remove();
    return ms;
  };
  const watched: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      bare.push(await churn(false));
      watched.push(await churn(true));
    } else {
      watched.push(await churn(true));
      bare.push(await churn(false));
    }
  }
  return { watched, bare };
};
