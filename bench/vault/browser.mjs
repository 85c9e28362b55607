// Headless Chromium with the built extension, on a throw-away profile, with the flags of
// scripts/chromium.mjs (the e2e harness uses the same).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, extensionFlags } from '../../scripts/chromium.mjs';

export { chromiumPath };

/**
 * @param {string} dist the unpacked extension (dist/chrome)
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, extensionId: string,
 *   worker: () => Promise<import('playwright-core').Worker>, dispose: () => Promise<void> }>}
 */
export async function launch(dist) {
  const executablePath = chromiumPath();
  const userDataDir = mkdtempSync(join(tmpdir(), 'proffer-bench-vault-'));
  let context;
  const dispose = async () => {
    if (context) await context.close().catch(() => undefined);
    context = undefined;
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [...extensionFlags([dist]), ...CHROMIUM_FLAGS, '--lang=en-US'],
    });
    const ctx = context;
    const isOurs = (w) => w.url().startsWith('chrome-extension://');
    const worker = async () =>
      ctx.serviceWorkers().find(isOurs) ?? ctx.waitForEvent('serviceworker', { predicate: isOurs, timeout: 30_000 });
    const extensionId = new URL((await worker()).url()).host;
    return { context: ctx, extensionId, worker, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/**
 * Stops the extension's service worker as Chrome does when it idles, and waits until CDP reports it
 * stopped; the next message starts it again. (CDP ServiceWorker.stopWorker: Target.closeTarget on
 * the worker closed the whole browser with this Chromium and Playwright.)
 */
export async function stopServiceWorker(context, extensionId) {
  const prefix = `chrome-extension://${extensionId}/`;
  const page = await context.newPage();
  try {
    // From one of the extension's own documents, so the ServiceWorker domain sees its worker.
    await page.goto(`${prefix}manifest.json`);
    const cdp = await context.newCDPSession(page);
    const status = new Map();
    let onUpdate = () => undefined;
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) if (v.scriptURL.startsWith(prefix)) status.set(v.versionId, v.runningStatus);
      onUpdate();
    });
    await cdp.send('ServiceWorker.enable');
    const allStopped = () => [...status.values()].every((s) => s === 'stopped');
    const stopped = new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('the service worker did not stop within 10 s')), 10_000);
      onUpdate = () => {
        if (status.size > 0 && allStopped()) {
          clearTimeout(timer);
          res();
        }
      };
    });
    for (let i = 0; i < 50 && status.size === 0; i++) await new Promise((r) => setTimeout(r, 20));
    for (const [versionId, s] of status) if (s !== 'stopped') await cdp.send('ServiceWorker.stopWorker', { versionId });
    onUpdate();
    await stopped;
    await cdp.detach().catch(() => undefined);
  } finally {
    await page.close().catch(() => undefined);
  }
}
