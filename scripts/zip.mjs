// The store packages (Chrome Web Store, addons.mozilla.org): a plain ZIP with manifest.json at the
// root, written by fflate (a maintained, dependency-free ZIP library) rather than by our own code.
// This module only decides what goes in and how: which files, which names are safe, fixed metadata
// so that the same build gives byte-identical zips, deflate level 9 where it helps.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { deflateSync, strToU8, zipSync } from 'fflate';

// Every entry gets the same timestamp, so the same build gives byte-identical zips (reproducible
// packages make "what did we ship?" answerable by hash). A ZIP stores local wall-clock time, and
// fflate reads it with the local getters, so the date is built from local parts, in the time zone of
// the moment: 1980-01-01 00:00, the earliest DOS date, then comes out the same in every time zone.
const fixedMtime = () => new Date(1980, 0, 1, 0, 0, 0);
// Made by Unix, with the mode of a regular rw-r--r-- file, so unzip creates plain files.
const UNIX = 3;
const REGULAR_FILE = 0o100644 << 16;
// No ZIP64 (fflate does not write it): an extension package is far below these limits.
const MAX_ENTRIES = 0xffff;

/**
 * Build a ZIP archive in memory.
 * @param {{ name: string, data: Uint8Array | string }[]} entries  names use forward slashes, no leading slash
 * @returns {Buffer}
 * @example writeFileSync('out.zip', zipEntries([{ name: 'manifest.json', data: '{}' }]))
 */
export function zipEntries(entries) {
  if (entries.length > MAX_ENTRIES) throw new Error(`zip: ${entries.length} entries; at most ${MAX_ENTRIES} without ZIP64`);
  /** @type {Record<string, [Uint8Array, import('fflate').ZipOptions]>} */
  const files = {};
  const mtime = fixedMtime();
  for (const entry of entries) {
    const name = entry.name;
    // Reject names a store (or unzip) would treat as unsafe or ambiguous rather than write them.
    if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
      throw new Error(`zip: unsafe entry name ${JSON.stringify(name)}`);
    }
    if (Object.hasOwn(files, name)) throw new Error(`zip: duplicate entry ${name}`);
    const data = typeof entry.data === 'string' ? strToU8(entry.data) : new Uint8Array(entry.data);
    // Deflate unless it does not help (PNGs and tiny files): stored is then smaller and faster to read.
    const level = deflateSync(data, { level: 9 }).length < data.length ? 9 : 0;
    files[name] = [data, { level, mtime, os: UNIX, attrs: REGULAR_FILE }];
  }
  // fflate takes an object, whose keys keep insertion order except that integer-like ones ("42")
  // come first: a root file so named moves to the front, the same way every time.
  const zip = zipSync(files);
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}

/**
 * Every file under `dir`, as zip entries named relative to it, sorted so the archive is stable.
 * Dot-files are skipped: AMO flags hidden files, and none belong in a package.
 * @param {string} dir
 * @returns {{ name: string, data: Buffer }[]}
 */
export function directoryEntries(dir) {
  const out = [];
  const walk = (abs, rel) => {
    const items = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      if (item.name.startsWith('.')) continue;
      const childAbs = join(abs, item.name);
      const childRel = rel ? posix.join(rel, item.name) : item.name;
      if (item.isDirectory()) walk(childAbs, childRel);
      else if (item.isFile()) out.push({ name: childRel, data: readFileSync(childAbs) });
    }
  };
  walk(dir, '');
  return out;
}

/**
 * Zip the contents of `dir` (not the folder itself, so manifest.json sits at the root) into `outFile`.
 * @param {string} dir
 * @param {string} outFile
 * @returns {{ files: number, bytes: number, zipBytes: number }}
 */
export function zipDirectory(dir, outFile) {
  const entries = directoryEntries(dir);
  const zip = zipEntries(entries);
  writeFileSync(outFile, zip);
  return { files: entries.length, bytes: entries.reduce((n, e) => n + e.data.length, 0), zipBytes: zip.length };
}
