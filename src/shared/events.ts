/**
 * Events the background broadcasts to extension pages. zod/mini: the popup parses them and must
 * stay small to open fast.
 */
import * as z from 'zod/mini';

/** A tab's forms changed (a wizard step, a single-page-app view): open previews refresh. */
export const FormsChangedEvent = z.object({ type: z.literal('forms/changed'), tabId: z.number().check(z.int()) });
export type FormsChangedEvent = z.infer<typeof FormsChangedEvent>;
