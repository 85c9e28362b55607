/**
 * Events the background broadcasts to extension pages. zod/mini: the popup parses them and must
 * stay small to open fast.
 */
import * as z from 'zod/mini';

/** A tab's forms changed (a wizard step, a single-page-app view): open previews refresh. */
export const FormsChangedEvent = z.object({ type: z.literal('forms/changed'), tabId: z.number().check(z.int()) });
export type FormsChangedEvent = z.infer<typeof FormsChangedEvent>;

/**
 * How long Fill waits after the page changed under an open preview, in milliseconds: the popup
 * holds its button this long after showing the new preview (popup/fill-state.ts), and the
 * background refuses a plan made after the change for this long (background/handlers/forms.ts).
 */
export const SETTLE_MS = 1000;
