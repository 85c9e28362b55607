/**
 * What crosses between the content script and the background, parsed by the background (zod/mini).
 *
 * The background calls the content script's `scan` and `fill` in its isolated world
 * (background/tabs.ts callFrame) and parses their results with `ScanReply`/`FillReply`: they come
 * from a document a hostile page controls. The content script's only message is
 * `content/changed` (forms appeared or went away), parsed with `ContentToBackground`.
 */
import * as z from 'zod/mini';
import { FieldFactsSchema } from './field-facts';

const str = (max: number) => z.string().check(z.maxLength(max));
const int = () => z.number().check(z.int());

export const ContentToBackground = z.object({ type: z.literal('content/changed'), fields: int() });
export type ContentToBackground = z.infer<typeof ContentToBackground>;

// ---- Replies, parsed by the background ----

/** A frame's scan: its URL and the facts of its candidate controls (src/shared/field-facts.ts). */
export const ScanReply = z.object({
  url: str(8000),
  fields: z.array(FieldFactsSchema).check(z.maxLength(5000)),
  /** The document's own iframes: their URL and whether they are visible in it. */
  frames: z.optional(z.array(z.object({ url: str(8000), visible: z.boolean() })).check(z.maxLength(100))),
});
export type ScanReply = z.infer<typeof ScanReply>;

export const FillReply = z.object({
  results: z.array(z.object({ index: int(), status: z.enum(['filled', 'skipped']), reason: z.optional(str(40)) })).check(z.maxLength(2000)),
});
export type FillReply = z.infer<typeof FillReply>;
