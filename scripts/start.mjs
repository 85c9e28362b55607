// `npm start`: build Proffer, start the demo site, and open Chromium on it with the extension loaded,
// in a fresh temporary profile (so nothing from the person's own browser leaks in, and every start
// begins with an empty vault). Ctrl-C, or closing the browser, stops everything and deletes the profile.
// Without a display it says so, prints how to load the build by hand, and keeps the demo site up.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createDemoServer } from '../demo/server.mjs';
import { build, ROOT } from './build.mjs';

const CHROME_DIST = join(ROOT, 'dist/chrome');
const FIREFOX_DIST = join(ROOT, 'dist/firefox');

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** CHROME_PATH, else the first Chromium-family browser found, Chromium first (see googleChromeNote). */
function findBrowser() {
  if (process.env.CHROME_PATH) return isExecutable(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = names.flatMap((name) => dirs.map((dir) => join(dir, name)));
  const macApps = ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  return ['/usr/bin/chromium', ...onPath, ...macApps].find(isExecutable);
}

const manualSteps = () => `Load Proffer by hand:
  Chrome / Chromium: open chrome://extensions, switch on "Developer mode", click "Load unpacked"
                     and pick ${CHROME_DIST}
  Firefox:           open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…"
                     and pick ${join(FIREFOX_DIST, 'manifest.json')}`;

// Branded Google Chrome ignores --load-extension since version 137 (only Chromium and Chrome for
// Testing still honour it), so with Chrome the browser opens but without Proffer.
const googleChromeNote = `Note: this is Google Chrome, which ignores --load-extension since Chrome 137, so Proffer will not be
loaded automatically. Use Chromium (set CHROME_PATH), or load it by hand in the window that opens:
  open chrome://extensions, switch on "Developer mode", click "Load unpacked" and pick ${CHROME_DIST}`;

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

/**
 * Stop Chromium and its helper processes (renderers, GPU, network service), which may otherwise keep
 * writing to the profile after the main process is gone. On Windows there are no process groups.
 */
function killBrowser(child, signal) {
  try {
    if (process.platform === 'win32' || !child.pid) child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Delete the temporary profile; helpers can still flush files for a moment, so retry a while. */
async function removeProfile(dir) {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch {
      await sleep(250);
    }
  }
  console.error(`Could not delete the temporary profile ${dir}; delete it by hand.`);
}

// The demo shop is also a reference brand (vrm.json, gpc.json, signed data-rights requests).
const brand = () => ({
  name: 'Northwind Outfitters',
  dataDir: process.env.BRAND_DATA ?? join(ROOT, '.tmp/northwind-brand'),
  contactEmail: 'privacy@northwind.example',
});

async function startDemo() {
  try {
    return await createDemoServer({ port: Number(process.env.PORT ?? 8787), brand: brand() });
  } catch (err) {
    // 8787 is busy (often `npm run demo` in another terminal): any free port will do, as we print it.
    if (err?.code !== 'EADDRINUSE' || process.env.PORT) throw err;
    console.log('Port 8787 is in use; the demo site takes a free port instead.');
    return createDemoServer({ port: 0, brand: brand() });
  }
}

async function main() {
  await build({ zip: false });
  const demo = await startDemo();
  const pageUrl = `${demo.url}/signup`;
  console.log(`\nDemo site: ${demo.url}/  (signup form: ${pageUrl}, contact form: ${demo.url}/contact)`);

  let browser;
  let profile;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    if (browser && browser.exitCode === null && browser.signalCode === null) {
      const exited = new Promise((res) => browser.once('exit', res));
      killBrowser(browser, 'SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    await demo.close();
    if (profile) await removeProfile(profile);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const browserPath = headless ? undefined : findBrowser();
  if (headless || !browserPath) {
    console.log(
      headless
        ? '\nNo display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no browser was opened.'
        : `\nNo Chromium found${process.env.CHROME_PATH ? ` at CHROME_PATH=${process.env.CHROME_PATH}` : ''}, so no browser was opened (install chromium or set CHROME_PATH).`,
    );
    console.log(`\n${manualSteps()}\nthen open ${pageUrl}`);
    if (headless)
      console.log(
        `(From another machine, forward the port first: ssh -L ${new URL(demo.url).port}:127.0.0.1:${new URL(demo.url).port} <this host>)`,
      );
    console.log('\nThe demo site keeps running; Ctrl-C stops it.');
    return;
  }

  profile = mkdtempSync(join(tmpdir(), 'proffer-start-'));
  const args = [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${CHROME_DIST}`,
    `--load-extension=${CHROME_DIST}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Chromium refuses to run as root with its sandbox on; only then is it turned off.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    pageUrl,
  ];
  const isGoogleChrome = /google.?chrome/i.test(browserPath);
  if (isGoogleChrome) console.log(`\n${googleChromeNote}`);
  console.log(`\nOpening ${browserPath}${isGoogleChrome ? '' : ' with Proffer loaded'} (fresh profile ${profile}).`);
  console.log('Click the Proffer button in the toolbar to create your vault. Ctrl-C or closing the browser stops everything.');

  // Chromium is chatty on stderr (GPU, D-Bus); keep only the tail, and show it only if it fails.
  let stderrTail = '';
  // Its own process group, so stopping it reaches all its helper processes (see killBrowser).
  browser = spawn(browserPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
  browser.stderr.on('data', (chunk) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });
  browser.on('error', (err) => {
    console.error(`Could not start ${browserPath}: ${err.message}\n\n${manualSteps()}`);
    void stop(1);
  });
  browser.on('exit', (code, signal) => {
    if (stopping) return;
    if (code !== 0 && !signal) console.error(`\nThe browser exited with code ${code}. Its last output:\n${stderrTail}`);
    else console.log('\nBrowser closed.');
    void stop(code && !signal ? 1 : 0);
  });
}

main().catch((err) => {
  console.error(`\nnpm start failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
