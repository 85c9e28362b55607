// @vitest-environment node
// What `npm run build` refuses to package (scripts/build.mjs): a manifest that lets pages reach or
// detect the extension, and a manifest whose version is not package.json's. The packages it does
// write are checked in test/e2e/packages.e2e.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkManifest, checkVersion } from '../../scripts/build.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'proffer-build-checks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = { manifest_version: 3, name: 'Proffer', version: '0.1.0', permissions: ['storage'] };
function manifestFile(extra: Record<string, unknown>): string {
  const file = join(tmp, `manifest-${Object.keys(extra).join('-') || 'clean'}.json`);
  writeFileSync(file, JSON.stringify({ ...base, ...extra }));
  return file;
}

describe('checkManifest', () => {
  it('passes a clean manifest and returns it', () => {
    expect(checkManifest(manifestFile({}))).toEqual(base);
  });

  it.each([
    ['web_accessible_resources', [{ resources: ['assets/*.js'], matches: ['<all_urls>'] }]],
    ['externally_connectable', { matches: ['https://*.example/*'] }],
  ])('refuses %s', (key, value) => {
    expect(() => checkManifest(manifestFile({ [key]: value }))).toThrow(new RegExp(`has ${key}: pages could then detect or reach`));
  });

  it('names both keys when both are there', () => {
    expect(() => checkManifest(manifestFile({ web_accessible_resources: [], externally_connectable: {} }))).toThrow(
      /web_accessible_resources and externally_connectable/,
    );
  });
});

describe('checkVersion', () => {
  it('passes a manifest with the package version', () => {
    expect(() => checkVersion({ version: '0.1.0' }, '0.1.0', 'dist/chrome/manifest.json')).not.toThrow();
  });

  it('refuses a manifest whose version differs, naming both', () => {
    expect(() => checkVersion({ version: '0.1.0' }, '0.2.0', 'dist/firefox/manifest.json')).toThrow(
      'dist/firefox/manifest.json has version 0.1.0 but package.json has 0.2.0; bump both together',
    );
  });
});
