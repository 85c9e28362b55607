/**
 * The planner's public types, in a module of their own so that the plan modules can name them
 * without importing plan.ts (which imports them): no import cycle among src/forms/plan*.ts.
 */
import type { ConsentAction, ConsentKind } from './consent-boxes';
import type { Classification, FieldFacts, Token, TokenRole } from './types';

/** Where a field lives: the frame (extension frameId) and its index among that document's candidates. */
export interface FieldRef {
  frameId: number;
  index: number;
}

/** One classified field of a scan. */
export interface PlanField {
  ref: FieldRef;
  facts: FieldFacts;
  classification: Classification;
}

export interface PlanOptions {
  /** Keep only required fields (minimal disclosure). */
  requiredOnly?: boolean;
  /** Origin of the site the plan is for (used for the email alias tag). */
  site: string;
  /** true: plus-address the email for this site (ann+shop@...); a string with "@": use that address. */
  alias?: boolean | string;
  /** Password for new-password fields (generated or stored for this site). */
  password?: string;
  /** Which of the persona's addresses; the first one by default. */
  addressId?: string;
  /** Frame origins other than the top one that the person approved for this site. */
  approvedFrameOrigins: readonly string[];
  /** Origin of the top-level document. */
  topOrigin: string;
}

export type ControlKind = 'text' | 'select' | 'check';

/** What fill checks the element against before writing. */
export interface FieldExpect {
  tag: FieldFacts['tag'];
  type: string;
  name: string;
  id: string;
}

export interface PlanEntry {
  ref: FieldRef;
  /** The field's token; 'consent' for a consent box answered by the person's terms (consent-boxes.ts). */
  token: TokenRole | 'consent';
  /** For a consent box: what it asks for, and what the terms answer. */
  consent?: { kind: ConsentKind; action: ConsentAction };
  /** Best human label of the field. */
  label: string;
  /** What gets written: text, the option value to select, or (check) whether to tick it. */
  value: string | boolean;
  /** What the person sees in the preview (option text, masked password, ...). */
  display: string;
  kind: ControlKind;
  expect: FieldExpect;
  /** For selects whose options were not all collected: normalised strings fill may match instead. */
  alts?: string[];
  /** The value is a secret (password): never shown in clear, never written to the ledger. */
  secret?: boolean;
  origin: string;
  crossOrigin: boolean;
  /** Cross-origin frame not yet approved: shown unticked so the preview can ask. */
  needsApproval: boolean;
  required: boolean;
  /** Ticked in the preview by default. */
  checked: boolean;
}

export type SkipReason =
  | 'unknown' // nothing recognised
  | 'never-fill' // search, captcha, honeypot, message, coupon, consent ...
  | 'not-fillable' // username, current password, one-time code, payment card
  | 'hidden' // the field or its frame is not visible
  | 'disabled'
  | 'read-only'
  | 'opaque-frame' // sandboxed frame without an origin that could be approved
  | 'not-required' // requiredOnly
  | 'no-value' // the persona has nothing for it
  | 'no-match' // no option of the select/radio fits the value
  | 'too-long' // the value does not fit the field's maxlength
  | 'other-option'; // another radio of the same group is the one to check

export interface SkippedField {
  ref: FieldRef;
  token: Token | 'consent';
  label: string;
  reason: SkipReason;
}

export interface Plan {
  entries: PlanEntry[];
  skipped: SkippedField[];
}

/** One instruction for fill.ts, for the document of one frame. */
export interface FillOp {
  index: number;
  expect: FieldExpect;
  value: string | boolean;
  kind: ControlKind;
  alts?: string[];
}

/** A phone number split into its calling code and national number. */
export interface PhoneParts {
  /** Country calling code, digits ("49"). */
  cc: string;
  /** National significant number, digits ("301234567"). */
  nsn: string;
  /** The country the number most likely belongs to. */
  iso: string;
}
