/**
 * The one normal form of text that the classifier and the planner match on (`norm`), and the key
 * the planner and fill compare option texts and values on (`matchKey`). Kept apart from the
 * classifier's rules and the planner's tables so the content script, which needs only these for
 * option matching at fill time, does not carry them.
 */

/**
 * Lowercase, strip Latin diacritics (é -> e, ü -> u, ß -> ss), fold full-width forms (ＡＢＣ -> abc),
 * collapse whitespace. Japanese kana keep their voicing marks (NFKD, then NFC again).
 */
export function norm(s: string): string {
  if (!s) return '';
  let n = normCache.get(s);
  if (n === undefined) {
    if (normCache.size > 8000) normCache.clear();
    n = normalise(s);
    normCache.set(s, n);
  }
  return n;
}
/** Labels repeat across a page and across scans: normalising is the classifier's hottest step. */
const normCache = new Map<string, string>();
/** Printable ASCII and ASCII whitespace only: nothing to decompose, fold or strip. */
export const ASCII = /^[\x09-\x0d\x20-\x7e]*$/;
function normalise(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase().replace(/\s+/g, ' ').trim();
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}

/**
 * `norm` with punctuation folded to single spaces ("+" kept for calling codes): the key on which the
 * planner (and fill, at fill time, for options collected in part) compares option texts and values
 * with the persona's values ("Mr." = "mr", "US-CA" = "us ca", "Baden-Württemberg" =
 * "baden wurttemberg"). The classifier keeps plain `norm`: its patterns read punctuation ("e-mail",
 * "n°", "MM/YY", "(optional)"), so folding it there would change what it recognises.
 */
export function matchKey(s: string): string {
  return norm(s)
    .replace(/[^\p{L}\p{M}\p{N}+]+/gu, ' ')
    .trim();
}
