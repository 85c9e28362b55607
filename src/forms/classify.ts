/**
 * classify: each collected field to an HTML autocomplete token (or UNKNOWN), as pure functions of the
 * facts from `collect.ts`. No DOM: runs in the background service worker and in Node tests.
 *
 * Three passes (see classify.design.md), one module each under `classify/`:
 *  1. `autocomplete.ts`: the page's own `autocomplete` attribute, when it names a token we know;
 *  2. `evidence.ts`: per field, evidence from each text source through the ordered multilingual
 *     patterns of `rules/lexicon.ts`, select options and radio labels through `rules/options.ts`, and
 *     the input type; the best-supported verdict wins;
 *  3. `context.ts` + `rules.ts`: per form, the named context rules in order (log-in vs sign-up,
 *     password kind, the log-in identifier, ambiguous name words, runs of unlabelled parts ...).
 * `roles.ts` holds the per-role table.
 */
import { applyContext, byForm, type ContextRule, formContext, REAL_PURPOSES } from './classify/context';
import { type Draft, draft } from './classify/evidence';
import type { Purpose } from './classify/purpose';
import { isToken, ROLE_INFO } from './classify/roles';
import { CONTEXT_RULES } from './classify/rules';
import type { Classification, FieldFacts, Role, Token } from './types';

export { type ParsedAutocomplete, parseAutocomplete } from './classify/autocomplete';
export { PURPOSES, type Purpose } from './classify/purpose';
export { CONTEXT_RULES, type ContextRule };

function finish(d: Draft, purpose: Purpose): Classification {
  let role: Role | null = null;
  let verdict = d.verdict;
  if (verdict === 'given-or-name' || verdict === 'family-or-name') verdict = 'name';
  if (verdict && verdict !== 'skip') role = verdict;
  if (role === 'bday' && d.kind === 'select') role = null;
  const token: Token = isToken(role) ? role : 'UNKNOWN';
  const fillable = role !== null && token !== 'UNKNOWN' && ROLE_INFO[role].fillable;
  return { token, role, fillable, score: role ? Math.round(d.score * 100) / 100 : 0, source: role ? d.source : '', purpose };
}

/** Classify one field on its own (no form context). */
export function classifyField(f: FieldFacts): Classification {
  return classifyFields([f])[0]!;
}

/**
 * Classify the fields of one collect pass (one document), using each form's context. `rules` is
 * the list of context rules (tests run it without one rule to show what that rule does).
 */
export function classifyFields(fields: FieldFacts[], rules: readonly ContextRule[] = CONTEXT_RULES): Classification[] {
  // An id is unique in a valid page; one that several controls carry (`id="url"` copied down a
  // form with the markup of its first field) says nothing about any of them.
  const ids = new Map<string, number>();
  for (const f of fields) if (f.id) ids.set(f.id, (ids.get(f.id) ?? 0) + 1);
  const drafts = fields.map((f) => draft(f.id && ids.get(f.id)! > 1 ? { ...f, id: '' } : f));
  const groups = byForm(drafts).map((g) => {
    const ds = g.sort((a, b) => a.f.index - b.f.index);
    return { ds, form: formContext(ds) };
  });
  const purposes = new Map<Draft, Purpose>();
  for (const g of groups) {
    const beside = groups.some((o) => o !== g && REAL_PURPOSES.has(o.form.purpose));
    applyContext(g.ds, rules, g.form, beside);
    for (const d of g.ds) purposes.set(d, g.form.purpose);
  }
  return drafts.map((d) => finish(d, purposes.get(d) ?? 'other'));
}
