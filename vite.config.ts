import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, transformWithOxc } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };

/**
 * One source manifest, two targets. `vite build --mode chrome` writes dist/chrome;
 * `--mode firefox` writes dist/firefox with what Firefox needs (background.scripts, a gecko id).
 */
export const GECKO_ID = 'proffer@proffer.example';

function manifestFor(target: 'chrome' | 'firefox') {
  const m = structuredClone(baseManifest) as Record<string, unknown> & typeof baseManifest;
  if (target === 'firefox') {
    const { minimum_chrome_version: _drop, ...rest } = m as Record<string, unknown>;
    return {
      ...rest,
      background: { scripts: [baseManifest.background.service_worker], type: 'module' },
      browser_specific_settings: {
        // data_collection_permissions (required of new add-ons by AMO) exists from Firefox 140 and
        // Firefox for Android 142; a lower minimum makes web-ext lint warn that the key is unknown there.
        gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
        gecko_android: { strict_min_version: '142.0' },
      },
    };
  }
  return m;
}

/**
 * A script that background code registers at runtime (chrome.scripting) rather than lists in the
 * manifest, emitted as `src/.../name.js` with its types stripped and nothing else. crxjs would make a
 * `?script` import web-accessible, and a bundled ES chunk may unwrap the file's IIFE into page globals.
 */
function registeredScript(src: string): Plugin {
  let root = '.';
  return {
    name: 'proffer:registered-script',
    apply: 'build',
    configResolved: (config) => {
      root = config.root;
    },
    async generateBundle() {
      const { code } = await transformWithOxc(readFileSync(join(root, src), 'utf8'), src, { lang: 'ts', target: 'es2022' });
      if (/^\s*(import|export)\b/m.test(code)) throw new Error(`${src} must be self-contained: no import or export`);
      this.emitFile({ type: 'asset', fileName: src.replace(/\.ts$/, '.js'), source: code });
    },
  };
}

export default defineConfig(({ mode }) => {
  const target = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [
      preact(),
      crx({
        // crxjs' manifest type lags the manifest keys we use (background.scripts for Firefox).
        // biome-ignore lint/suspicious/noExplicitAny: see above
        manifest: manifestFor(target) as any,
        browser: target,
        // Built as a self-contained file: crxjs' loader would otherwise make content-script
        // chunks web-accessible to every page, and pages could then detect the extension.
        contentScripts: { standaloneFiles: ['src/content/index.ts'] },
      }),
      // Global Privacy Control in pages (MAIN world), registered by src/background/gpc.ts.
      registeredScript('src/content/gpc-page.ts'),
    ],
    build: {
      outDir: `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      modulePreload: false,
      rolldownOptions: {},
    },
    server: { cors: false },
    legacy: {},
  };
});
