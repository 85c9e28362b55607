/**
 * The plain facts collect (src/forms/collect.ts) gathers about a form control, as one zod/mini
 * schema each: the background parses the content script's scan replies with them
 * (content-messages.ts ScanReply), and the types the form stages use are inferred from them
 * (src/forms/types.ts re-exports them type-only, so the content script bundles no zod).
 * Everything here is structured-cloneable: no DOM nodes.
 */
import * as z from 'zod/mini';

const str = (max: number) => z.string().check(z.maxLength(max));
const int = () => z.number().check(z.int());
const text = str(2000);

/** Where a document sits: collect runs once per document (the content script runs in every frame). */
const FrameInfoSchema = z.object({
  /** true in the top-level browsing context. */
  top: z.boolean(),
  /** `location.origin` of this document ("null" for opaque origins). */
  origin: text,
  /** `location.pathname` of this document. */
  path: str(8000),
  /** `document.title`, trimmed to 120 characters. */
  title: text,
  /**
   * Whether the frame element hosting this document is visible in its parent: true/false when the
   * parent is same-origin (so `frameElement` is readable), null when it cannot be known here.
   * Always true for the top document.
   */
  frameVisible: z.nullable(z.boolean()),
});
export type FrameInfo = z.infer<typeof FrameInfoSchema>;

/** Facts about the form (or, for controls outside any `<form>`, the document) a control belongs to. */
const FormFactsSchema = z.object({
  /** Index of the form among the forms seen in this collect pass; -1 for "no form element". */
  index: int(),
  id: text,
  name: text,
  /** Path of the `action` attribute, resolved against the document URL ("" if none). */
  actionPath: text,
  /** Texts of up to 4 submit-like buttons in the form (button text, input value, aria-label). */
  submitTexts: z.array(text).check(z.maxLength(20)),
  /** First heading inside the form, else the nearest heading before it (120 chars max). */
  heading: text,
  /** Number of `input[type=password]` candidates in the form. */
  passwordCount: int(),
  /** Number of candidate controls in the form. */
  fieldCount: int(),
  /** Number of visible-looking text-like inputs (text, email, tel, ... , not checkbox/radio/select). */
  textCount: int(),
});
export type FormFacts = z.infer<typeof FormFactsSchema>;

/** Rendering facts for one element; see `src/forms/visibility.ts`. */
const VisibilityFactsSchema = z.object({
  /** Rendered box (getBoundingClientRect, so transforms such as scale(0) count). */
  width: z.number(),
  height: z.number(),
  /** Product of computed `opacity` over the element and its ancestors (across shadow hosts). */
  opacity: z.number(),
  /** computed `visibility` of the element (inherited). */
  visibility: str(40),
  /** false if the element or an ancestor is `display:none` (or `hidden`, `content-visibility`). */
  displayed: z.boolean(),
  /** Fully clipped: `clip`/`clip-path` on itself or an ancestor, or outside an `overflow` ancestor's box. */
  clipped: z.boolean(),
  /** Entirely outside the document's scrollable area (e.g. left:-9999px). */
  offscreen: z.boolean(),
  /**
   * Covered at its centre by an unrelated, non-transparent element (hit test ignores
   * `pointer-events:none` overlays). null when the centre is outside the viewport (not tested).
   */
  covered: z.nullable(z.boolean()),
  /** The verdict of `isVisible` for these facts. */
  visible: z.boolean(),
});
export type VisibilityFacts = z.infer<typeof VisibilityFactsSchema>;

const OptionFactsSchema = z.object({ value: text, text });
export type OptionFacts = z.infer<typeof OptionFactsSchema>;

/** The plain facts collected for one candidate control. */
const FieldFactsObject = z.object({
  /** Position among this document's candidates (document order, open shadow roots included). */
  index: int().check(z.nonnegative()),
  tag: z.enum(['input', 'select', 'textarea']),
  /** Lowercased input type ("text" when missing/unknown); "select-one"/"select-multiple"; "textarea". */
  type: str(40),
  name: text,
  id: text,
  /** The raw `autocomplete` attribute, trimmed and lowercased ("" if absent). */
  autocomplete: text,
  /** Texts of the control's `<label>` elements (for= and wrapping), controls' own text excluded. */
  labels: z.array(text).check(z.maxLength(20)),
  ariaLabel: text,
  /** Text of the elements named by `aria-labelledby`. */
  labelledBy: text,
  placeholder: text,
  title: text,
  /**
   * Text just before the control: previous siblings, then those of a few ancestors (small budget).
   * Collected when the control has no `<label>`, and always for checkboxes and radios (the group's
   * question, "Gender:", comes before the first option).
   */
  nearby: text,
  /** For checkboxes/radios: the text right after the control (their label usually follows). */
  after: text,
  /** Text of the closest `<fieldset>`'s `<legend>`. */
  legend: text,
  /** Short values of a few framework attributes (ng-model, formcontrolname, data-testid ...). */
  hints: text,
  /** For selects: the first options (value + text), and how many there are in all. */
  options: z.array(OptionFactsSchema).check(z.maxLength(1000)),
  optionCount: int(),
  /** maxlength, or null when absent. */
  maxLength: z.nullable(int()),
  required: z.boolean(),
  readOnly: z.boolean(),
  disabled: z.boolean(),
  /** For checkbox/radio: checked state and the `value` attribute. */
  checked: z.nullable(z.boolean()),
  value: text,
  inputMode: str(40),
  /** true if the control lives inside an open shadow root. */
  inShadow: z.boolean(),
  /** true if the control or an ancestor is aria-hidden="true" or the control has tabindex=-1. */
  ariaHidden: z.boolean(),
  tabIndex: int(),
  form: FormFactsSchema,
  frame: FrameInfoSchema,
  /** Present when collected with `{ visibility: true }` (the default). */
  visibility: z.optional(VisibilityFactsSchema),
});
export type FieldFacts = z.infer<typeof FieldFactsObject>;

/**
 * What the background accepts for one control: FieldFacts, with keys it does not list passed through
 * rather than dropped (as it always has: the password generator reads `minLength`/`pattern` when a
 * reply carries them, see background/handlers/forms.ts). Its output type is FieldFacts plus those.
 */
export const FieldFactsSchema = z.looseObject(FieldFactsObject.shape);
