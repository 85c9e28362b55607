// Bundles TypeScript entry points with vite's build API (rolldown underneath), in memory.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @param {string} entry absolute path
 * @param {{ format: 'iife' | 'es', alias?: Record<string, string>, minify?: boolean }} o
 * @returns {Promise<string>} the bundled code
 */
export async function bundle(entry, { format, alias = {}, minify = false }) {
  const out = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    resolve: { alias },
    build: {
      write: false,
      minify,
      target: 'es2022',
      sourcemap: false,
      emptyOutDir: false,
      lib: { entry, formats: [format], name: '__profferForms', fileName: () => 'out.js' },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
  const chunk = outputs.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error(`bundle produced no chunk for ${entry}`);
  return chunk.code;
}
