// @vitest-environment node
// The store zips must open in any reader. Checked with two readers independent of the writer (fflate):
// yauzl (always), and Info-ZIP's unzip, which is as strict as the stores' readers (when installed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryEntries, zipDirectory, zipEntries } from '../../scripts/zip.mjs';
import { readZip } from './read-zip';

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
  it('round-trips every entry through the central directory', async () => {
    const read = await readZip(zipEntries(entries));
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of entries.entries()) expect(read[i]?.data.equals(Buffer.from(e.data))).toBe(true);
  });

  it('deflates what compresses and stores what does not', async () => {
    const read = await readZip(zipEntries(entries));
    expect(read.find((e) => e.name === 'assets/big.js')?.method).toBe(8);
    expect(read.find((e) => e.name === 'empty.txt')?.method).toBe(0);
  });

  it('is deterministic, so a build can be checked by hash, in any time zone', async () => {
    expect(zipEntries(entries).equals(zipEntries(entries))).toBe(true);
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
      const east = zipEntries(entries);
      process.env.TZ = 'Pacific/Pago_Pago'; // UTC-11
      expect(zipEntries(entries).equals(east)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    // Every entry: 1980-01-01 00:00, a regular rw-r--r-- file.
    for (const e of await readZip(zipEntries(entries))) {
      expect([e.name, e.dosDate, e.dosTime, e.externalAttributes >>> 16]).toEqual([e.name, (1 << 5) | 1, 0, 0o100644]);
    }
  });

  it('keeps a file named like a number (fflate orders such keys first)', async () => {
    const read = await readZip(
      zipEntries([
        { name: 'a.txt', data: 'a' },
        { name: '42', data: '42' },
      ]),
    );
    expect(read.map((e) => [e.name, e.data.toString()])).toEqual([
      ['42', '42'],
      ['a.txt', 'a'],
    ]);
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

  // Skipped only where Info-ZIP unzip is not installed; yauzl above still reads every entry.
  const unzipTitle = hasUnzip ? 'is read by Info-ZIP unzip, contents intact' : 'is read by Info-ZIP unzip (skipped: no `unzip` on PATH)';
  it.skipIf(!hasUnzip)(unzipTitle, () => {
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
  it('puts the folder contents at the root, sorted, without dot-files', async () => {
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
    const read = await readZip(readFileSync(out));
    expect(read.find((e) => e.name === 'manifest.json')?.data.toString()).toBe(manifest);
  });
});
