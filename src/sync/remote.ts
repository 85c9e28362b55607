/**
 * What sync needs of the person's storage: named blobs with ETags and conditional writes. The
 * sync engine knows only this interface; webdav.ts implements it over WebDAV, and the unit tests
 * with an in-memory store (test/unit/sync-fixture.ts).
 *
 * Names are relative to the vault's folder: `header.json`, `manifest`, `o/<32 hex digits>`.
 */
export interface Fetched {
  body: Uint8Array;
  /** The server's ETag for this content; null when the server sends none. */
  etag: string | null;
}

export interface GetOptions {
  /** Answer 'unchanged' when this is still the blob's ETag. */
  ifNoneMatch?: string;
  /**
   * The ETag will guard a conditional write (put's `ifMatch`), so it must be a strong one: a weak
   * ETag never matches If-Match (RFC 9110 13.1.1), and Apache sends weak ones for a file changed
   * less than a second ago. The store waits until the server vouches for the version.
   */
  forWrite?: boolean;
}

export interface RemoteStore {
  /** Creates the folders the vault needs, if missing. */
  prepare(): Promise<void>;
  /** The blob, or null when there is none; 'unchanged' when `ifNoneMatch` is its current ETag. */
  get(name: string, opts?: GetOptions): Promise<Fetched | null | 'unchanged'>;
  /**
   * Writes only if the blob is still `ifMatch` (its ETag), or absent when `ifMatch` is null;
   * unconditionally when it is undefined (objects, whose names are never reused for other content).
   * Returns false when the condition no longer holds (another device wrote first: 412), or when
   * another device is writing right now (the store could not get its write lock).
   */
  put(name: string, body: Uint8Array, ifMatch: string | null | undefined): Promise<boolean>;
  /** Deletes the blob; a blob already gone is fine. */
  delete(name: string): Promise<void>;
}
