// Types for scripts/zip.mjs, so TypeScript tests can import it under `strict` without allowJs.
export interface ZipEntry {
  /** Path inside the archive: forward slashes, no leading slash, no `..`. */
  name: string;
  data: Uint8Array | string;
}
/** Build a ZIP archive with fflate (deflated or stored entries, fixed timestamps and modes) in memory. */
export function zipEntries(entries: readonly ZipEntry[]): Buffer;
/** Every file under `dir` (dot-files skipped), named relative to it, sorted. */
export function directoryEntries(dir: string): { name: string; data: Buffer }[];
/** Zip the contents of `dir` into `outFile`; manifest.json ends up at the archive root. */
export function zipDirectory(dir: string, outFile: string): { files: number; bytes: number; zipBytes: number };
