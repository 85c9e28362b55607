// @vitest-environment node
// The store zips must open in any reader. Checked two ways: our own reading of the central directory
// (always), and Info-ZIP's unzip (when installed), which is as strict as the stores' readers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryEntries, zipDirectory, zipEntries } from '../../scripts/zip.mjs';

interface Read {
  name: string;
  method: number;
  data: Buffer;
}

/** Read every entry through the central directory, as store backends do, checking each CRC. */
function readZip(zip: Buffer): Read[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: Read[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const packed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    if (data.length !== size) throw new Error(`${name}: size ${data.length}, header says ${size}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`${name}: CRC mismatch`);
    out.push({ name, method, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const tmp = mkdtempSync(join(tmpdir(), 'proffer-zip-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const manifest = JSON.stringify({ manifest_version: 3, name: 'Proffer', version: '0.1.0' }, null, 2);
const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)); // incompressible-ish
const entries = [
  { name: 'manifest.json', data: manifest },
  { name: 'assets/big.js', data: 'export const x = 1;\n'.repeat(500) },
  { name: 'icons/noise.bin', data: random },
  { name: 'empty.txt', data: '' },
  { name: '_locales/de/nachrichten-ü.json', data: '{"appName":{"message":"Proffer – Ihre Daten"}}' },
];

describe('zipEntries', () => {
  it('round-trips every entry through the central directory', () => {
    const read = readZip(zipEntries(entries));
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of entries.entries()) expect(read[i]?.data.equals(Buffer.from(e.data))).toBe(true);
  });

  it('deflates what compresses and stores what does not', () => {
    const read = readZip(zipEntries(entries));
    expect(read.find((e) => e.name === 'assets/big.js')?.method).toBe(8);
    expect(read.find((e) => e.name === 'empty.txt')?.method).toBe(0);
  });

  it('is deterministic, so a build can be checked by hash', () => {
    expect(zipEntries(entries).equals(zipEntries(entries))).toBe(true);
  });

  it('refuses unsafe and duplicate names', () => {
    for (const name of ['../evil.js', '/abs.js', 'a\\b.js', 'x/../../y', '']) {
      expect(() => zipEntries([{ name, data: 'x' }]), name).toThrow(/unsafe entry name/);
    }
    expect(() =>
      zipEntries([
        { name: 'a', data: '1' },
        { name: 'a', data: '2' },
      ]),
    ).toThrow(/duplicate/);
  });

  it.skipIf(!hasUnzip)('is read by Info-ZIP unzip, contents intact', () => {
    const file = join(tmp, 'entries.zip');
    writeFileSync(file, zipEntries(entries));
    execFileSync('unzip', ['-tq', file]); // throws on any CRC or structure error
    const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(entries.map((e) => e.name));
    expect(execFileSync('unzip', ['-p', file, 'manifest.json'], { encoding: 'utf8' })).toBe(manifest);
    expect(execFileSync('unzip', ['-p', file, 'icons/noise.bin']).equals(random)).toBe(true);
  });
});

describe('zipDirectory', () => {
  it('puts the folder contents at the root, sorted, without dot-files', () => {
    const dir = join(tmp, 'ext');
    mkdirSync(join(dir, 'src/popup'), { recursive: true });
    mkdirSync(join(dir, '.vite'), { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), manifest);
    writeFileSync(join(dir, 'src/popup/index.html'), '<!doctype html>');
    writeFileSync(join(dir, '.DS_Store'), 'junk');
    writeFileSync(join(dir, '.vite/manifest.json'), '{}');
    expect(directoryEntries(dir).map((e) => e.name)).toEqual(['manifest.json', 'src/popup/index.html']);

    const out = join(tmp, 'ext.zip');
    const info = zipDirectory(dir, out);
    expect(info.files).toBe(2);
    expect(info.zipBytes).toBe(readFileSync(out).length);
    const read = readZip(readFileSync(out));
    expect(read.find((e) => e.name === 'manifest.json')?.data.toString()).toBe(manifest);
  });
});
