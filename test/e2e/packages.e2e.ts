/**
 * The store packages `npm run build` writes (dist/proffer-chrome-<version>.zip for the Chrome Web
 * Store, dist/proffer-firefox-<version>.zip for addons.mozilla.org), checked as a store or a tester
 * receives them: named for the package.json version, the manifest at the root with that version,
 * no key that lets pages reach the extension, every file the manifest, pages and scripts refer to
 * inside the zip, each browser's own background and settings; and the Chrome package, unzipped,
 * loads in Chromium and opens on its first screen.
 *
 * `npm run test:e2e` builds with zips first. After `node scripts/build.mjs --no-zip` the zips in
 * dist/ are the ones from the last full build: run `npm run build` to check fresh ones.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../unit/read-zip';
import { type Launched, launch, openExtensionPage, ROOT } from './harness';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TARGETS = ['chrome', 'firefox'] as const;
type Target = (typeof TARGETS)[number];
const zipPath = (target: Target) => join(ROOT, 'dist', `proffer-${target}-${VERSION}.zip`);

type Manifest = Record<string, unknown> & {
  manifest_version: number;
  version: string;
  default_locale?: string;
  icons?: Record<string, string>;
  action?: { default_popup?: string; default_icon?: Record<string, string> };
  options_ui?: { page: string };
  background: { service_worker?: string; scripts?: string[]; type?: string };
  content_scripts?: { js?: string[]; css?: string[] }[];
  permissions?: string[];
  host_permissions?: string[];
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: unknown } };
};

// Both packages, read once, through their central directories with yauzl (as the stores do, and
// with no code shared with the writer), CRCs checked.
const packages = new Map<Target, Map<string, Buffer>>();
beforeAll(async () => {
  for (const target of TARGETS) {
    const file = zipPath(target);
    if (!existsSync(file)) throw new Error(`No ${file}: run npm run build (a build with --no-zip writes no packages)`);
    packages.set(target, new Map((await readZip(readFileSync(file))).map((e) => [e.name, e.data])));
  }
});
function pkg(target: Target): Map<string, Buffer> {
  const files = packages.get(target);
  if (!files) throw new Error(`${target} package not read`);
  return files;
}
const manifestOf = (target: Target) => JSON.parse(pkg(target).get('manifest.json')!.toString('utf8')) as Manifest;

/** The package paths a file refers to: the manifest's entries, pages' scripts and styles, scripts' imports and registered scripts. */
function references(name: string, data: Buffer, manifest: Manifest): string[] {
  const text = data.toString('utf8');
  const from = (spec: string) => (spec.startsWith('/') ? spec.slice(1) : posix.join(posix.dirname(name), spec));
  if (name === 'manifest.json') {
    return [
      ...Object.values(manifest.icons ?? {}),
      ...Object.values(manifest.action?.default_icon ?? {}),
      manifest.action?.default_popup,
      manifest.options_ui?.page,
      manifest.background.service_worker,
      ...(manifest.background.scripts ?? []),
      ...(manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
      manifest.default_locale ? `_locales/${manifest.default_locale}/messages.json` : undefined,
    ].filter((x): x is string => typeof x === 'string');
  }
  if (name.endsWith('.html')) return [...text.matchAll(/\b(?:src|href)="([^"#?:]+)"/g)].map((m) => from(m[1]!));
  if (name.endsWith('.js')) {
    const imports = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'`]((?:\.{1,2})?\/[^"'`]+)["'`]/g)].map((m) => from(m[1]!));
    // Scripts the background registers at run time (chrome.scripting) are named from the root.
    const registered = [...text.matchAll(/["'`](src\/[\w./-]+\.js)["'`]/g)].map((m) => m[1]!);
    return [...imports, ...registered];
  }
  return [];
}

let l: Launched | null = null;
let unpacked: string | null = null;
afterAll(async () => {
  await l?.dispose();
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
});

describe.each(TARGETS)('the %s store package', (target) => {
  it('is named for the package.json version and has its manifest at the root, with that version', () => {
    const files = pkg(target);
    expect(files.has('manifest.json')).toBe(true);
    const m = manifestOf(target);
    expect(m.manifest_version).toBe(3);
    expect(m.version).toBe(VERSION);
    // Nothing a store rejects or a person should not ship: no folders above the root, no dot-files, no source maps.
    for (const name of files.keys()) {
      expect(name, name).not.toMatch(/(^|\/)\.|^\/|\.\.|\.map$/);
    }
  });

  it('has no manifest key that would let pages reach or detect the extension', () => {
    const m = manifestOf(target);
    expect(Object.keys(m)).not.toContain('web_accessible_resources');
    expect(Object.keys(m)).not.toContain('externally_connectable');
  });

  it('holds every file its manifest, pages and scripts refer to', () => {
    const files = pkg(target);
    const m = manifestOf(target);
    const missing: string[] = [];
    for (const [name, data] of files) {
      for (const ref of references(name, data, m)) if (!files.has(ref)) missing.push(`${name} -> ${ref}`);
    }
    expect(missing).toEqual([]);
    // The scan does see the links: the background loader imports its bundle, the popup loads its script.
    const loader = m.background.service_worker ?? m.background.scripts![0]!;
    expect(references(loader, files.get(loader)!, m)).not.toEqual([]);
    expect(references(m.action!.default_popup!, files.get(m.action!.default_popup!)!, m).some((r) => r.endsWith('.js'))).toBe(true);
    // The manifest's own references are there, and the English texts of __MSG_...__ with them.
    expect(references('manifest.json', files.get('manifest.json')!, m).length).toBeGreaterThan(8);
    const messages = JSON.parse(files.get(`_locales/${m.default_locale}/messages.json`)!.toString('utf8')) as Record<string, unknown>;
    for (const key of JSON.stringify(m).matchAll(/__MSG_(\w+)__/g)) expect(messages, key[1]).toHaveProperty(key[1]!);
  });
});

describe('each browser gets its own manifest', () => {
  it('Chrome: a module service worker and a minimum Chrome version', () => {
    const m = manifestOf('chrome');
    expect(m.background).toEqual({ service_worker: expect.any(String), type: 'module' });
    expect(m.minimum_chrome_version).toMatch(/^\d+$/);
    expect(m.browser_specific_settings).toBeUndefined();
  });

  it('Firefox: background scripts, the add-on id and its data-collection declaration, no Chrome-only keys', () => {
    const m = manifestOf('firefox');
    expect(m.background).toEqual({ scripts: [expect.any(String)], type: 'module' });
    expect(m.minimum_chrome_version).toBeUndefined();
    expect(m.browser_specific_settings?.gecko).toMatchObject({
      id: 'proffer@proffer.example',
      strict_min_version: expect.stringMatching(/^\d+\.\d+$/),
      data_collection_permissions: { required: ['none'] },
    });
  });

  it('both ask for the same permissions', () => {
    const [c, f] = [manifestOf('chrome'), manifestOf('firefox')];
    expect(f.permissions).toEqual(c.permissions);
    expect(f.host_permissions).toEqual(c.host_permissions);
  });
});

describe('the Chrome package, unzipped', () => {
  it('loads in Chromium: the service worker starts and the popup opens on creating a vault', async () => {
    unpacked = mkdtempSync(join(tmpdir(), 'proffer-package-'));
    for (const [name, data] of pkg('chrome')) {
      mkdirSync(join(unpacked, dirname(name)), { recursive: true });
      writeFileSync(join(unpacked, name), data);
    }
    l = await launch({ extensionDir: unpacked });
    expect(new URL((await l.worker()).url()).pathname).toBe(`/${manifestOf('chrome').background.service_worker}`);
    const popup = await openExtensionPage(l, 'popup');
    await popup.getByRole('heading', { name: 'Create your vault' }).waitFor();
    const status = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'vault/status' }));
    expect(status).toMatchObject({ ok: true, state: 'uninitialized' });
  });
});
