/**
 * What the end-to-end suites use to drive Proffer as a person does: launch Chromium with the built
 * extension, reach its pages, restart its service worker or the whole browser on the same profile.
 * Later suites (forms, ledger, intents) reuse these helpers; keep them free of test assertions.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/chrome');
export const SHARED = resolve(ROOT, '../shared');

/** Chromium to drive: CHROME_PATH, else Debian's. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Chromium found: install it (apt-get install -y chromium) or set CHROME_PATH');
  return found;
}

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker, waiting for it to start if needed. */
  worker(): Promise<Worker>;
  /** Close the browser; the profile stays on disk until `dispose()`. */
  close(): Promise<void>;
  /** Close the browser and delete the profile directory. */
  dispose(): Promise<void>;
}

export interface LaunchOptions {
  /** Reuse a profile (to restart the browser on it); a fresh temporary one by default. */
  userDataDir?: string;
  /** Extra Chromium arguments. */
  args?: string[];
}

/** Launch headless Chromium with the built extension loaded, on a fresh or given profile. */
export async function launch(opts: LaunchOptions = {}): Promise<Launched> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`No build at ${DIST}: run npm run build first`);
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'proffer-e2e-'));
  const args = [
    `--disable-extensions-except=${DIST}`,
    `--load-extension=${DIST}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-quic',
    '--disable-gpu',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(opts.args ?? []),
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args,
  });
  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    if (existing) return existing;
    return context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') });
  };
  const extensionId = new URL((await worker()).url()).host;
  const close = async () => {
    await context.close().catch(() => undefined);
  };
  return {
    context,
    extensionId,
    userDataDir,
    worker,
    close,
    dispose: async () => {
      await close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Open one of the extension's pages (`popup`, `options`) in a tab; `query` is appended as is. */
export async function openExtensionPage(l: Launched, which: 'popup' | 'options', query = ''): Promise<Page> {
  const page = await l.context.newPage();
  await page.goto(`chrome-extension://${l.extensionId}/src/${which}/index.html${query}`);
  return page;
}

/**
 * Stop the extension's service worker the way Chrome does when it idles, through CDP, and wait until
 * it is gone. The next message to the background starts it again.
 */
export async function stopServiceWorker(l: Launched): Promise<void> {
  const page = await l.context.newPage();
  try {
    await page.goto('about:blank');
    const cdp = await l.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const sw = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${l.extensionId}/`));
    if (sw.length === 0) throw new Error('The extension has no running service worker to stop');
    const gone = new Promise<void>((res) => {
      const w = l.context.serviceWorkers().find((x) => x.url().startsWith(`chrome-extension://${l.extensionId}/`));
      if (!w) return res();
      w.once('close', () => res());
    });
    for (const t of sw) await cdp.send('Target.closeTarget', { targetId: t.targetId });
    await gone;
    await cdp.detach();
  } finally {
    await page.close();
  }
}
