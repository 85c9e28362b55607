// The extension's MyTerms code for the reference brand (./extension.ts re-exports it from
// src/shared/myterms.ts and src/protocol/myterms.ts), so the brand checks proffers and signs
// decisions with exactly the code the extension uses. Under vitest (the unit and e2e tests that
// start a brand) the TypeScript is imported as it is; plain node (npm run demo, demo:brand, npm
// start, bench:intents) cannot import TypeScript, so there it is bundled first, in memory, with
// vite's build API as bench/ does: about a second at start, no build step, never a stale copy.
// `npm run verify:agreement` keeps its own implementation (./agreement.mjs) on purpose.
import { fileURLToPath } from 'node:url';

/** The bundle of ./extension.ts with its dependencies, as one ES module (imported from a data: URL). */
async function bundled() {
  const { build } = await import('vite');
  const out = await build({
    configFile: false,
    root: fileURLToPath(new URL('../..', import.meta.url)),
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      sourcemap: false,
      emptyOutDir: false,
      lib: { entry: fileURLToPath(new URL('./extension.ts', import.meta.url)), formats: ['es'], fileName: () => 'extension.js' },
    },
  });
  const chunk = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk) throw new Error('demo/brand/extension.ts: the bundle has no code');
  return import(`data:text/javascript;base64,${Buffer.from(chunk.code).toString('base64')}`);
}

// `import.meta.env` is there when vite runs this file (vitest), and vite imports TypeScript itself.
const extension = import.meta.env ? await import('./extension.ts') : await bundled();

export const { AgreementProffer, AgreementRevocation, canonicalDecision, profferSignatureValid, revocationProblem, ROSTER } = extension;
