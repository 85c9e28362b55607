// Types for scripts/chromium.mjs, so TypeScript can import it under `strict` without allowJs.
/** Chromium to drive: CHROME_PATH, else Debian's. Throws with the fix when there is none. */
export function chromiumPath(): string;
/** Flags for headless runs on this machine (offline, quiet, no sandbox as root). */
export const CHROMIUM_FLAGS: readonly string[];
/** The flags that load unpacked extensions. */
export function extensionFlags(dirs: readonly string[]): string[];
