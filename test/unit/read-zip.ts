// Reading a zip the way a store does, with a reader that shares no code with the writer: yauzl
// (scripts/zip.mjs writes with fflate). yauzl walks the central directory, checks each entry's name
// (no absolute paths, no `..`, no backslashes) and sizes; it does not check CRCs, so this does.
import { crc32 } from 'node:zlib';
import { fromBufferPromise } from 'yauzl';

export interface ZipRead {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** The raw MS-DOS date and time fields, as written. */
  dosDate: number;
  dosTime: number;
  /** Unix mode in the high 16 bits when made on Unix. */
  externalAttributes: number;
  data: Buffer;
}

/** Every entry of `zip`, in central-directory order, contents inflated and checked against their CRCs. */
export async function readZip(zip: Buffer): Promise<ZipRead[]> {
  const file = await fromBufferPromise(zip, { strictFileNames: true, validateEntrySizes: true });
  const out: ZipRead[] = [];
  for await (const entry of file.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await file.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    if (crc32(data) >>> 0 !== entry.crc32) throw new Error(`${entry.fileName}: CRC mismatch`);
    out.push({
      name: entry.fileName,
      method: entry.compressionMethod,
      dosDate: entry.lastModFileDate,
      dosTime: entry.lastModFileTime,
      externalAttributes: entry.externalFileAttributes,
      data,
    });
  }
  if (out.length !== file.entryCount) throw new Error(`read ${out.length} entries, the directory lists ${file.entryCount}`);
  return out;
}
