/**
 * Pass 3 of the classifier: the form. Fields are grouped by form (in document order), the form is
 * told apart as log-in, sign-up or other, and the named rules of `rules.ts` run over it in order.
 */
import { norm } from '../classify-text';
import { LOGIN, NEW_PASSWORD, SIGNUP, SOCIAL, type Verdict } from '../rules/lexicon';
import type { Draft } from './evidence';
import { formPurpose, type Purpose } from './purpose';

export type FormKind = 'login' | 'signup' | 'other';

/** What every context rule may ask about the form. */
export interface FormContext {
  /** Log-in, sign-up or other, decided once before the rules run. */
  kind: FormKind;
  /** What the form is for (`purpose.ts`), decided once from the fields before the rules and the form's words. */
  purpose: Purpose;
  /**
   * Does the same document hold another form that asks for the person's data (sign-up, newsletter,
   * contact, checkout)? Then a fill is meant for that form, and a lookup beside it is a query.
   */
  realFormBeside: boolean;
  /** Does some field of the form have this verdict right now (after the rules before)? */
  has(v: Verdict): boolean;
}

/**
 * A named rule of the form context. Either `each` (looks at one field at a time, in document order)
 * or `apply` (looks at the whole form). Adjacent `each` rules run as one pass: all of them on the
 * first field, then on the next, so a rule that asks `has()` sees the fields before it already
 * rewritten by the rules of its pass and the fields after it not yet.
 */
export type ContextRule = { name: string; why: string } & (
  | { each(d: Draft, ctx: FormContext): void; apply?: never }
  | { apply(ds: Draft[], ctx: FormContext): void; each?: never }
);

/** The purposes that ask for the person's data. */
export const REAL_PURPOSES: ReadonlySet<Purpose> = new Set<Purpose>(['signup', 'newsletter', 'contact', 'checkout']);

/** Log-in / sign-up / other, and the purpose, of one form (before the rules). */
export function formContext(ds: Draft[]): { kind: FormKind; purpose: Purpose } {
  const kind = formKind(ds);
  return { kind, purpose: formPurpose(ds, kind) };
}

/** Run `rules` in order over the drafts of one form (sorted by document order). */
export function applyContext(
  ds: Draft[],
  rules: readonly ContextRule[],
  form: { kind: FormKind; purpose: Purpose } = formContext(ds),
  realFormBeside = false,
): void {
  const ctx: FormContext = { ...form, realFormBeside, has: (v) => ds.some((d) => d.verdict === v) };
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i]!;
    if (rule.apply) {
      rule.apply(ds, ctx);
      i++;
      continue;
    }
    let j = i;
    while (j < rules.length && rules[j]!.each) j++;
    const pass = rules.slice(i, j);
    for (const d of ds) for (const r of pass) r.each!(d, ctx);
    i = j;
  }
}

function formKind(ds: Draft[]): FormKind {
  const form = ds[0]!.f.form;
  // Hidden copies of a log-in box (a second layout kept in the page) are not a second password.
  const allPw = ds.filter((d) => d.verdict === 'current-password' || d.verdict === 'new-password');
  const shownPw = allPw.filter((d) => d.f.visibility?.visible !== false);
  const pw = shownPw.length ? shownPw : allPw;
  // Social log-in buttons ("Sign in with Apple") say nothing about this form.
  const submit = norm(form.submitTexts.filter((t) => !SOCIAL.test(norm(t))).join(' | '));
  const heading = norm(form.heading);
  const newMarked = pw.some((d) => NEW_PASSWORD.test(d.text) || NEW_PASSWORD.test(d.ident));
  const personal = ds.filter(
    (d) =>
      d.verdict === 'given-name' ||
      d.verdict === 'family-name' ||
      d.verdict === 'name' ||
      d.verdict === 'tel' ||
      d.verdict === 'address-line1' ||
      d.verdict === 'bday' ||
      d.verdict === 'sex' ||
      d.verdict === 'postal-code',
  ).length;
  const textish = ds.filter(
    (d) => d.kind === 'text' && d.f.type !== 'password' && d.verdict !== 'search' && d.verdict !== 'captcha' && d.verdict !== 'honeypot',
  ).length;
  if (pw.length >= 2 || newMarked) return 'signup';
  const score = (re: RegExp): number => (re.test(submit) ? 2 : 0) + (re.test(heading) ? 1 : 0);
  const up = score(SIGNUP),
    inn = score(LOGIN);
  if (pw.length === 1) {
    if (up > inn) return 'signup';
    if (inn > up) return personal >= 2 ? 'signup' : 'login';
    return textish <= 2 && personal === 0 ? 'login' : 'signup';
  }
  // No password: a first log-in step ("email, then next") or anything else.
  if (inn > 0 && up === 0 && textish <= 1 && personal === 0) return 'login';
  return 'other';
}

/** Group drafts by form (within one document: same frame, same form index). */
export function byForm(ds: Draft[]): Draft[][] {
  const groups = new Map<string, Draft[]>();
  for (const d of ds) {
    const k = `${d.f.frame.origin}${d.f.frame.path}#${d.f.form.index}`;
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(d);
  }
  return [...groups.values()];
}
