// A small, dependency-free ZIP writer for the store packages (Chrome Web Store, addons.mozilla.org).
// Both stores want a plain ZIP with manifest.json at the root; nothing more is needed, so this writes
// only what they read: local headers, deflated (or stored) data, a central directory, the end record.
// No ZIP64: an extension package is far below 4 GiB and 65535 files, and we fail loudly if not.
// Format reference: PKWARE APPNOTE.TXT, sections 4.3.7 (local header), 4.3.12 (central header),
// 4.3.16 (end of central directory).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import zlib from 'node:zlib';

// zlib.crc32 arrived in Node 20.15; a named import would fail with an obscure link error instead.
const { deflateRawSync, crc32 } = zlib;
if (typeof crc32 !== 'function') throw new Error(`zip: Node ${process.version} has no zlib.crc32; use Node 20.15 or newer`);

// Every entry gets the same timestamp, so the same build gives byte-identical zips (reproducible
// packages make "what did we ship?" answerable by hash). 1980-01-01 00:00 is the earliest DOS date.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 1 << 11; // general purpose bit 11: names are UTF-8
const STORE = 0;
const DEFLATE = 8;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

/**
 * Build a ZIP archive in memory.
 * @param {{ name: string, data: Uint8Array | string }[]} entries  names use forward slashes, no leading slash
 * @returns {Buffer}
 * @example writeFileSync('out.zip', zipEntries([{ name: 'manifest.json', data: '{}' }]))
 */
export function zipEntries(entries) {
  if (entries.length > MAX_U16) throw new Error(`zip: ${entries.length} entries; at most ${MAX_U16} without ZIP64`);
  const seen = new Set();
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const name = entry.name;
    // Reject names a store (or unzip) would treat as unsafe or ambiguous rather than write them.
    if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
      throw new Error(`zip: unsafe entry name ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new Error(`zip: duplicate entry ${name}`);
    seen.add(name);
    const nameBytes = Buffer.from(name, 'utf8');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const crc = crc32(data) >>> 0;
    // Deflate unless it does not help (PNGs and tiny files): stored is then smaller and faster to read.
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? DEFLATE : STORE;
    const body = method === DEFLATE ? deflated : data;
    if (data.length > MAX_U32 || offset > MAX_U32) throw new Error(`zip: ${name} needs ZIP64, which this writer does not do`);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed to extract: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central file header signature
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, spec 2.0, so the mode below is honoured
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number start, internal attributes: all 0
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: regular file, rw-r--r--
    central.writeUInt32LE(offset, 42); // where this entry's local header starts
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + body.length;
  }
  const centralDir = Buffer.concat(centrals);
  if (offset > MAX_U32) throw new Error('zip: archive needs ZIP64, which this writer does not do');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  // disk numbers: 0
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  // comment length: 0
  return Buffer.concat([...locals, centralDir, end]);
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
