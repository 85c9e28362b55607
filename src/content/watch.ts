/**
 * Notices forms that appear or go away after load (single-page apps, wizard steps) at no cost on
 * pages without them. The MutationObserver callback only queues; the work runs later in small
 * time-boxed slices, and the background hears only when the number of candidate fields changed.
 */
// ARIA switches and checkboxes count too: collect gathers them (consent toggles rendered late).
const CONTROL = 'input,select,textarea,[role=switch],[role=checkbox]';
const SLICE_MS = 4;
/** More pending records than this and the next slice just counts the controls again. */
const MAX_QUEUE = 5000;

export function watchForms(onChange: (fields: number) => void, doc: Document = document): () => void {
  /** Records not yet looked at; `next` is the first of them (no shifting of a long array). */
  let queue: MutationRecord[] = [];
  let next = 0;
  /** Set when a record says controls may have come or gone: the next slice counts them again. */
  let dirty = false;
  let scheduled = false;
  let known = doc.querySelectorAll(CONTROL).length;
  let stopped = false;

  const relevant = (n: Node): boolean =>
    n.nodeType === 1 && ((n as Element).matches(CONTROL) || (n as Element).querySelector(CONTROL) !== null);
  const touches = (r: MutationRecord): boolean => {
    for (const n of r.addedNodes) if (relevant(n)) return true;
    for (const n of r.removedNodes) if (relevant(n)) return true;
    return false;
  };

  const slice = () => {
    scheduled = false;
    if (stopped) return;
    const start = performance.now();
    while (!dirty && next < queue.length && performance.now() - start < SLICE_MS) dirty = touches(queue[next++]!);
    // Once one record matters the rest need not be read: the count below covers them all.
    if (dirty || next >= queue.length) {
      queue = [];
      next = 0;
    } else schedule();
    if (!dirty) return;
    dirty = false;
    const now = doc.querySelectorAll(CONTROL).length;
    if (now !== known) {
      known = now;
      onChange(now);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(slice, 50);
  };

  const observer = new MutationObserver((records) => {
    // Only queue: no DOM reads here. A flood is not read record by record: it is counted once.
    if (dirty || queue.length - next + records.length > MAX_QUEUE) {
      dirty = true;
      queue = [];
      next = 0;
    } else for (const r of records) queue.push(r);
    schedule();
  });
  observer.observe(doc.documentElement ?? doc, { childList: true, subtree: true });
  return () => {
    stopped = true;
    observer.disconnect();
    queue = [];
  };
}
