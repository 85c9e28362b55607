/**
 * The privacy-contacts directory in the background: read once from the extension's own package
 * (public/data/privacy-contacts.json, about 180 kB gzipped) on the first request that needs it and
 * kept for the service worker's life. Fetched, not imported: the service worker's bundle stays
 * small and starts as fast as before, and no page, content script or web page ever loads it (the
 * file is not web-accessible; test/unit/conventions.test.ts keeps it out of the content script).
 */
import { checkDirectory, type Directory } from '../protocol/contacts';

export const DIRECTORY_PATH = 'data/privacy-contacts.json';

let loading: Promise<Directory> | null = null;

/** The directory; a failed read is retried on the next call. */
export function directory(): Promise<Directory> {
  loading ??= fetch(chrome.runtime.getURL(DIRECTORY_PATH))
    .then((r) => {
      if (!r.ok) throw new Error(`privacy-contacts: ${r.status}`);
      return r.json() as Promise<unknown>;
    })
    .then(checkDirectory)
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}
