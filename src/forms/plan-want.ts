/**
 * What the planner wants written, shared by the plan modules: the context of one plan (`Ctx`), the
 * want for one field (`Want`) or the reason it has none (`Resolved`).
 */
import type { Address, Persona } from '../shared/records';
import type { Ymd } from './plan-date';
import type { OptionScorer, Sex } from './plan-match';
import type { PhoneParts, PlanOptions, SkipReason } from './plan-types';

/** What the planner knows before looking at a field: the persona, its chosen address, parsed values. */
export interface Ctx {
  persona: Persona;
  opts: PlanOptions;
  address: Address | null;
  /** Street lines of the address (address-line1..3, or street-address split on newlines). */
  lines: string[];
  phone: PhoneParts | null;
  bday: Ymd | null;
  sex: Sex | null;
  email: string | null;
}

/** What the planner wants written into a field, independent of the control it turns out to be. */
export interface Want {
  /** For text-like controls; null when the value cannot be typed (only chosen). */
  text: string | null;
  /** For selects, radios and checkboxes; defaults to "the same text". */
  score?: OptionScorer;
  /** For selects whose options were cut short in collect. */
  alts?: string[];
  /** What the person sees when fill has to find the option itself (select collected in part). */
  display?: string;
  secret?: boolean;
}
export type Resolved = Want | SkipReason;

/** The want for a plain text value (trimmed), or no-value when there is none. */
export const text = (v: string | undefined | null): Resolved => (v?.trim() ? { text: v.trim() } : 'no-value');
