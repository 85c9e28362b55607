/**
 * What crosses between the content script and the background, parsed by the background (zod/mini).
 *
 * The background calls the content script's `scan` and `fill` in its isolated world
 * (background/tabs.ts callFrame) and parses their results with `ScanReply`/`FillReply`: they come
 * from a document a hostile page controls. The content script's only message is
 * `content/changed` (forms appeared or went away), parsed with `ContentToBackground`.
 */
import * as z from 'zod/mini';
import type { FieldFacts } from '../forms/types';

const str = (max: number) => z.string().check(z.maxLength(max));
const int = () => z.number().check(z.int());

export const ContentToBackground = z.object({ type: z.literal('content/changed'), fields: int() });
export type ContentToBackground = z.infer<typeof ContentToBackground>;

// ---- Replies, parsed by the background ----

const text = str(2000);
const FormFactsSchema = z.object({
  index: int(),
  id: text,
  name: text,
  actionPath: text,
  submitTexts: z.array(text).check(z.maxLength(20)),
  heading: text,
  passwordCount: int(),
  fieldCount: int(),
  textCount: int(),
});
const FrameInfoSchema = z.object({
  top: z.boolean(),
  origin: text,
  path: str(8000),
  title: text,
  frameVisible: z.nullable(z.boolean()),
});
const VisibilitySchema = z.object({
  width: z.number(),
  height: z.number(),
  opacity: z.number(),
  visibility: str(40),
  displayed: z.boolean(),
  clipped: z.boolean(),
  offscreen: z.boolean(),
  covered: z.nullable(z.boolean()),
  visible: z.boolean(),
});
export const FieldFactsSchema = z.looseObject({
  index: int().check(z.nonnegative()),
  tag: z.enum(['input', 'select', 'textarea']),
  type: str(40),
  name: text,
  id: text,
  autocomplete: text,
  labels: z.array(text).check(z.maxLength(20)),
  ariaLabel: text,
  labelledBy: text,
  placeholder: text,
  title: text,
  nearby: text,
  after: text,
  legend: text,
  hints: text,
  options: z.array(z.object({ value: text, text })).check(z.maxLength(1000)),
  optionCount: int(),
  maxLength: z.nullable(int()),
  required: z.boolean(),
  readOnly: z.boolean(),
  disabled: z.boolean(),
  checked: z.nullable(z.boolean()),
  value: text,
  inputMode: str(40),
  inShadow: z.boolean(),
  ariaHidden: z.boolean(),
  tabIndex: int(),
  form: FormFactsSchema,
  frame: FrameInfoSchema,
  visibility: z.optional(VisibilitySchema),
});

export const ScanReply = z.object({
  url: str(8000),
  fields: z.array(FieldFactsSchema).check(z.maxLength(5000)),
  /** The document's own iframes: their URL and whether they are visible in it. */
  frames: z.optional(z.array(z.object({ url: str(8000), visible: z.boolean() })).check(z.maxLength(100))),
});
export type ScanReply = { url: string; fields: FieldFacts[]; frames?: { url: string; visible: boolean }[] };

export const FillReply = z.object({
  results: z.array(z.object({ index: int(), status: z.enum(['filled', 'skipped']), reason: z.optional(str(40)) })).check(z.maxLength(2000)),
});
export type FillReply = z.infer<typeof FillReply>;
