// Chromium as the tests, the benchmarks and `npm start` drive it on this kind of machine: which
// binary, and the flags that keep it quiet offline. One copy, for the TypeScript harness and the
// .mjs benchmarks alike.
import { existsSync } from 'node:fs';

/** Chromium to drive: CHROME_PATH, else Debian's. Throws with the fix when there is none. */
export function chromiumPath() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`No Chromium found (looked at ${candidates.join(', ')}). Install it (apt-get install -y chromium) or set CHROME_PATH.`);
  }
  return found;
}

/**
 * Flags for headless runs: no background networking, updates, sync or QUIC (the machine has no
 * internet, and each attempt would be refused and retried), no first-run screens, no GPU; and no
 * sandbox when running as root, where Chromium refuses to start with one.
 */
export const CHROMIUM_FLAGS = Object.freeze([
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--disable-gpu',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
]);

/** The flags that load unpacked extensions (Playwright must also drop its --disable-extensions). */
export function extensionFlags(dirs) {
  const list = dirs.join(',');
  return [`--disable-extensions-except=${list}`, `--load-extension=${list}`];
}
