// Types for demo/webdav.mjs, so TypeScript tests can import it under `strict` without allowJs.
export interface WebdavOptions {
  /** The folder on disk the server serves. */
  root: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** 'proffer' by default. */
  user?: string;
  password: string;
  /** Answer 507 to a PUT that would take the folder above this many bytes. */
  quotaBytes?: number;
  log?: boolean;
}
export interface WebdavHandle {
  /** With a trailing slash, e.g. http://127.0.0.1:8788/ */
  url: string;
  port: number;
  root: string;
  user: string;
  setQuota(bytes: number | undefined): void;
  close(): Promise<void>;
}
export function startWebdav(options: WebdavOptions): Promise<WebdavHandle>;
