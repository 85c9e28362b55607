// Types for scripts/build.mjs, so TypeScript tests can import it under `strict` without allowJs.
export const ROOT: string;
/** Read a built manifest; throw if it has a key that exposes the extension to pages (web_accessible_resources, externally_connectable). */
export function checkManifest(manifestPath: string): Record<string, unknown> & { version: string };
/** Throw if the manifest's version is not package.json's; `label` names the manifest in the message. */
export function checkVersion(manifest: { version?: unknown }, pkgVersion: string, label: string): void;
export interface BuildResult {
  target: string;
  dir: string;
  zip?: string;
  files: number;
  bytes: number;
  zipBytes?: number;
}
/** Build, check and package the given targets (both, with zips, by default). */
export function build(options?: { targets?: readonly ('chrome' | 'firefox')[]; zip?: boolean }): Promise<BuildResult[]>;
