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

export interface RemoteStore {
  /** Creates the folders the vault needs, if missing. */
  prepare(): Promise<void>;
  /** The blob, or null when there is none; 'unchanged' when `ifNoneMatch` is its current ETag. */
  get(name: string, ifNoneMatch?: string): Promise<Fetched | null | 'unchanged'>;
  /**
   * Writes only if the blob is still `ifMatch` (its ETag), or absent when `ifMatch` is null;
   * unconditionally when it is undefined (objects, whose names are never reused for other content).
   * Returns false when the condition no longer holds (another device wrote first: 412).
   */
  put(name: string, body: Uint8Array, ifMatch: string | null | undefined): Promise<boolean>;
  /** Deletes the blob; a blob already gone is fine. */
  delete(name: string): Promise<void>;
}
