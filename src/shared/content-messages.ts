/**
 * Messages between the background and the content script, named by direction, as zod/mini schemas
 * (the content script is loaded by every page, so its schemas must be small).
 *
 * Background -> content: `content/scan` (collect this document's fields) and `content/fill` (write
 * these approved values). Content -> background: `content/changed` (forms appeared or went away).
 * The content script answers only the background (sender checked there); the background parses
 * every reply from a page with `ScanReply`/`FillReply`, because a hostile page may have tampered
 * with the content script's world.
 */
import * as z from 'zod/mini';
import type { FieldFacts } from '../forms/types';

const str = (max: number) => z.string().check(z.maxLength(max));
const int = () => z.number().check(z.int());

// The content script's schemas use only the cheapest zod/mini parts (every page loads them); the
// background, which builds these messages, is the only sender the content script accepts anyway.
const s = z.string();
export const FillOpSchema = z.object({
  index: z.number(),
  expect: z.object({ tag: s, type: s, name: s, id: s }),
  /** The text or option value to write, or whether to tick a checkbox/radio. */
  value: z.union([s, z.boolean()]),
  kind: s,
  alts: z.optional(z.array(s)),
});

/** Background -> content: `content/scan` (with a scan id) or `content/fill` (that scan's approved ops). */
export const BackgroundToContent = z.object({
  type: z.literal(['content/scan', 'content/fill']),
  scanId: s,
  url: z.optional(s),
  ops: z.optional(z.array(FillOpSchema)),
});
export type BackgroundToContent = z.infer<typeof BackgroundToContent>;

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
  results: z
    .array(z.object({ index: int(), status: z.enum(['filled', 'skipped']), reason: z.optional(str(40)) }))
    .check(z.maxLength(2000)),
});
export type FillReply = z.infer<typeof FillReply>;
