/**
 * Notices forms that appear or go away after load (single-page apps, wizard steps) at no cost on
 * pages without them. The MutationObserver callback only queues; the work runs later in small
 * time-boxed slices, and the background hears only when the number of candidate fields changed.
 */
const CONTROL = 'input,select,textarea';
const SLICE_MS = 4;

export function watchForms(onChange: (fields: number) => void, doc: Document = document): () => void {
  let queue: MutationRecord[] = [];
  let scheduled = false;
  let known = doc.querySelectorAll(CONTROL).length;
  let stopped = false;

  const relevant = (n: Node): boolean =>
    n.nodeType === 1 && ((n as Element).matches(CONTROL) || (n as Element).querySelector(CONTROL) !== null);

  const slice = () => {
    scheduled = false;
    if (stopped) return;
    const start = performance.now();
    let touched = false;
    while (queue.length && performance.now() - start < SLICE_MS) {
      const r = queue.shift()!;
      for (const n of r.addedNodes) if (!touched && relevant(n)) touched = true;
      for (const n of r.removedNodes) if (!touched && relevant(n)) touched = true;
      if (r.type === 'attributes') touched = true; // a control's type or a wrapper's visibility changed
    }
    if (queue.length) schedule();
    if (touched) {
      const now = doc.querySelectorAll(CONTROL).length;
      if (now !== known) {
        known = now;
        onChange(now);
      }
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(slice, 50);
  };

  const observer = new MutationObserver((records) => {
    // Only queue: no DOM reads here.
    for (const r of records) queue.push(r);
    if (queue.length > 5000) queue = queue.slice(-5000);
    schedule();
  });
  observer.observe(doc.documentElement ?? doc, { childList: true, subtree: true });
  return () => {
    stopped = true;
    observer.disconnect();
    queue = [];
  };
}
