// Bundles the bench's TypeScript entries with vite's build API (rolldown underneath), in memory.
// Kept separate from bench/fields/bundle.mjs so the two benches can change independently.
import path from 'node:path';
import { build } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * @param {string} entry absolute path of a .ts entry
 * @param {{ format: 'iife' | 'es', node?: boolean }} o  node: leave bare imports (node_modules) external
 * @returns {Promise<string>} the bundled code
 */
export async function bundle(entry, { format, node = false }) {
  const out = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      sourcemap: false,
      emptyOutDir: false,
      lib: { entry, formats: [format], name: '__profferBench', fileName: () => 'out.js' },
      rolldownOptions: node ? { external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0') } : {},
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
  const chunk = outputs.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error(`bundle produced no chunk for ${entry}`);
  return chunk.code;
}
