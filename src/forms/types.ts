/**
 * Plain data passed between the form stages (collect -> classify -> plan -> fill).
 * Everything here is structured-cloneable: no DOM nodes, so facts can cross message boundaries and
 * the classifier can be tested in Node.
 */

/** Where a document sits: collect runs once per document (the content script runs in every frame). */
export interface FrameInfo {
  /** true in the top-level browsing context. */
  top: boolean;
  /** `location.origin` of this document ("null" for opaque origins). */
  origin: string;
  /** `location.pathname` of this document. */
  path: string;
  /** `document.title`, trimmed to 120 characters. */
  title: string;
  /**
   * Whether the frame element hosting this document is visible in its parent: true/false when the
   * parent is same-origin (so `frameElement` is readable), null when it cannot be known here.
   * Always true for the top document.
   */
  frameVisible: boolean | null;
}

/** Facts about the form (or, for controls outside any `<form>`, the document) a control belongs to. */
export interface FormFacts {
  /** Index of the form among the forms seen in this collect pass; -1 for "no form element". */
  index: number;
  id: string;
  name: string;
  /** Path of the `action` attribute, resolved against the document URL ("" if none). */
  actionPath: string;
  /** Texts of up to 4 submit-like buttons in the form (button text, input value, aria-label). */
  submitTexts: string[];
  /** First heading inside the form, else the nearest heading before it (120 chars max). */
  heading: string;
  /** Number of `input[type=password]` candidates in the form. */
  passwordCount: number;
  /** Number of candidate controls in the form. */
  fieldCount: number;
  /** Number of visible-looking text-like inputs (text, email, tel, ... , not checkbox/radio/select). */
  textCount: number;
}

/** Rendering facts for one element; see `visibility.ts`. */
export interface VisibilityFacts {
  /** Rendered box (getBoundingClientRect, so transforms such as scale(0) count). */
  width: number;
  height: number;
  /** Product of computed `opacity` over the element and its ancestors (across shadow hosts). */
  opacity: number;
  /** computed `visibility` of the element (inherited). */
  visibility: string;
  /** false if the element or an ancestor is `display:none` (or `hidden`, `content-visibility`). */
  displayed: boolean;
  /** Fully clipped: `clip`/`clip-path` on itself or an ancestor, or outside an `overflow` ancestor's box. */
  clipped: boolean;
  /** Entirely outside the document's scrollable area (e.g. left:-9999px). */
  offscreen: boolean;
  /**
   * Covered at its centre by an unrelated, non-transparent element (hit test ignores
   * `pointer-events:none` overlays). null when the centre is outside the viewport (not tested).
   */
  covered: boolean | null;
  /** The verdict of `isVisible` for these facts. */
  visible: boolean;
}

export interface OptionFacts {
  value: string;
  text: string;
}

/** The plain facts collected for one candidate control. */
export interface FieldFacts {
  /** Position among this document's candidates (document order, open shadow roots included). */
  index: number;
  tag: 'input' | 'select' | 'textarea';
  /** Lowercased input type ("text" when missing/unknown); "select-one"/"select-multiple"; "textarea". */
  type: string;
  name: string;
  id: string;
  /** The raw `autocomplete` attribute, trimmed and lowercased ("" if absent). */
  autocomplete: string;
  /** Texts of the control's `<label>` elements (for= and wrapping), controls' own text excluded. */
  labels: string[];
  ariaLabel: string;
  /** Text of the elements named by `aria-labelledby`. */
  labelledBy: string;
  placeholder: string;
  title: string;
  /**
   * Text just before the control: previous siblings, then those of a few ancestors (small budget).
   * Collected when the control has no `<label>`, and always for checkboxes and radios (the group's
   * question, "Gender:", comes before the first option).
   */
  nearby: string;
  /** For checkboxes/radios: the text right after the control (their label usually follows). */
  after: string;
  /** Text of the closest `<fieldset>`'s `<legend>`. */
  legend: string;
  /** Short values of a few framework attributes (ng-model, formcontrolname, data-testid ...). */
  hints: string;
  /** For selects: the first options (value + text), and how many there are in all. */
  options: OptionFacts[];
  optionCount: number;
  /** maxlength, or null when absent. */
  maxLength: number | null;
  required: boolean;
  readOnly: boolean;
  disabled: boolean;
  /** For checkbox/radio: checked state and the `value` attribute. */
  checked: boolean | null;
  value: string;
  inputMode: string;
  /** true if the control lives inside an open shadow root. */
  inShadow: boolean;
  /** true if the control or an ancestor is aria-hidden="true" or the control has tabindex=-1. */
  ariaHidden: boolean;
  tabIndex: number;
  form: FormFacts;
  frame: FrameInfo;
  /** Present when collected with `{ visibility: true }` (the default). */
  visibility?: VisibilityFacts;
}

/**
 * Field roles: every HTML autocomplete token the extension understands, the corpus' x- tokens, and
 * the roles that must never be filled. Each role has one rule in `classify.ts` (a `Record<Role, ...>`),
 * so adding a role without a rule fails to compile.
 */
export const TOKEN_ROLES = [
  'honorific-prefix',
  'given-name',
  'additional-name',
  'family-name',
  'name',
  'nickname',
  'email',
  'tel',
  'tel-country-code',
  'tel-area-code',
  'tel-local-prefix',
  'tel-local-suffix',
  'tel-extension',
  'x-fax',
  'organization',
  'organization-title',
  'street-address',
  'address-line1',
  'address-line2',
  'x-house-number',
  'x-po-box',
  'address-level2',
  'address-level1',
  'postal-code',
  'country',
  'bday',
  'bday-day',
  'bday-month',
  'bday-year',
  'sex',
  'url',
  'language',
  'username',
  'new-password',
  'current-password',
  'one-time-code',
  'cc-name',
  'cc-number',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
  'cc-csc',
  'cc-type',
] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Roles that are recognised so that they are never filled; their token is UNKNOWN. */
export const NEVER_ROLES = ['search', 'captcha', 'honeypot', 'message', 'coupon', 'consent', 'other-choice'] as const;
export type NeverRole = (typeof NEVER_ROLES)[number];

export type Role = TokenRole | NeverRole;
export type Token = TokenRole | 'UNKNOWN';

export interface Classification {
  /** The autocomplete token, or UNKNOWN. */
  token: Token;
  /** The role that won (a never-fill role when token is UNKNOWN, or null when nothing matched). */
  role: Role | null;
  /** May the planner put profile data into it? false for UNKNOWN, passwords, usernames, cards, OTP. */
  fillable: boolean;
  /** Winning score (higher is more certain); 0 when nothing matched. */
  score: number;
  /** Which evidence decided: "autocomplete", "label", "name", "placeholder", "nearby", "type", "options", "context". */
  source: string;
}
