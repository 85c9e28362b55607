// `npm run build`: build the extension for Chrome and Firefox with vite (vite.config.ts picks the
// target from --mode), check what must never ship, and write a store zip of each build.
// Usable as a function too (scripts/start.mjs and the e2e setup call build()).
//   node scripts/build.mjs                 both targets, with zips
//   node scripts/build.mjs firefox         one target
//   node scripts/build.mjs --no-zip        builds and checks only
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { directoryEntries, zipDirectory } from './zip.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
const TARGETS = /** @type {const} */ (['chrome', 'firefox']);

/**
 * Manifest keys the built extension must not have. Each one lets web pages reach into the extension:
 * web_accessible_resources lets any page load (and so detect and fingerprint) our files;
 * externally_connectable lets pages message the background. DESIGN.md rules both out.
 */
const FORBIDDEN_KEYS = ['web_accessible_resources', 'externally_connectable'];

/** Run vite in a child process: one clean process per target, so no plugin state leaks between them. */
function viteBuild(target) {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) throw new Error('vite is not installed: run npm ci first');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--mode', target], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise(undefined) : reject(new Error(`vite build --mode ${target} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/** Fail if a built manifest has anything that would expose the extension to pages. */
export function checkManifest(manifestPath) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const found = FORBIDDEN_KEYS.filter((key) => key in manifest);
  if (found.length > 0) {
    throw new Error(
      `${relative(ROOT, manifestPath)} has ${found.join(' and ')}: pages could then detect or reach the extension. ` +
        'Find the plugin or import that added it (crxjs adds web_accessible_resources for content scripts that import chunks or assets).',
    );
  }
  return manifest;
}

/**
 * Fail if a built manifest's version is not package.json's. The stores read the version from the
 * manifest; a mismatch means one of the two was bumped and the other forgotten, so the zip name would lie.
 */
export function checkVersion(manifest, pkgVersion, label) {
  if (manifest.version !== pkgVersion) {
    throw new Error(`${label} has version ${manifest.version} but package.json has ${pkgVersion}; bump both together`);
  }
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/**
 * Build, check and package the given targets.
 * @param {{ targets?: readonly ('chrome' | 'firefox')[], zip?: boolean }} [options]
 * @returns {Promise<{ target: string, dir: string, zip?: string, files: number, bytes: number, zipBytes?: number }[]>}
 */
export async function build({ targets = TARGETS, zip = true } = {}) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const results = [];
  for (const target of targets) {
    await viteBuild(target);
    const dir = join(ROOT, 'dist', target);
    const manifest = checkManifest(join(dir, 'manifest.json'));
    checkVersion(manifest, pkg.version, `dist/${target}/manifest.json`);
    const result = { target, dir, files: 0, bytes: 0 };
    if (zip) {
      // Drop zips of earlier versions, so dist/ holds exactly one package per target.
      for (const old of readdirSync(join(ROOT, 'dist')).filter((f) => f.startsWith(`proffer-${target}-`) && f.endsWith('.zip'))) {
        rmSync(join(ROOT, 'dist', old));
      }
      const zipPath = join(ROOT, 'dist', `proffer-${target}-${manifest.version}.zip`);
      Object.assign(result, zipDirectory(dir, zipPath), { zip: zipPath });
    } else {
      // Without a zip, still report what a package would hold (it used to say "0 files").
      const entries = directoryEntries(dir);
      Object.assign(result, { files: entries.length, bytes: entries.reduce((n, e) => n + e.data.length, 0) });
    }
    results.push(result);
  }
  return results;
}

/** One line per target: files, unpacked size, zip and its size. */
function formatSizes(results) {
  return results
    .map((r) => {
      const packed = r.zip ? `  ->  ${relative(ROOT, r.zip)}  ${kB(r.zipBytes ?? 0)}` : '';
      return `${r.target.padEnd(8)} ${relative(ROOT, r.dir).padEnd(13)} ${String(r.files).padStart(4)} files  ${kB(r.bytes).padStart(9)}${packed}`;
    })
    .join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--no-zip' && !TARGETS.includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. Usage: node scripts/build.mjs [chrome] [firefox] [--no-zip]`);
    process.exit(2);
  }
  const picked = TARGETS.filter((t) => args.includes(t));
  try {
    const results = await build({ targets: picked.length > 0 ? picked : TARGETS, zip: !args.includes('--no-zip') });
    console.log(`\nBuilt (no web_accessible_resources, no externally_connectable):\n${formatSizes(results)}`);
  } catch (err) {
    console.error(`\nBuild failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
