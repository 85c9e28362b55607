// @vitest-environment node
/**
 * Conventions of the source tree, checked by a test rather than by memory (as refined-github does):
 * which folder may import which, what the content script's bundle may pull in, no import cycles.
 * The checker reads the static import graph of src/ (relative `import ... from`, `export ... from`,
 * side-effect `import '...'` and dynamic `import('...')`; .ts, .tsx and index files) and returns
 * one line per violation; each rule is also run on a small tree that breaks it, so a rule that
 * stopped seeing anything would fail here too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Source files by path from the repository root (`src/shared/records.ts`), with their text. */
type Tree = ReadonlyMap<string, string>;

interface Edge {
  /** A path in the tree for a relative import, else the bare specifier (`zod/mini`). */
  to: string;
  /** `import type`, `export type`, or braces that name only types: erased from the bundle. */
  typeOnly: boolean;
}

// Strings are kept (they hold the specifiers), comments are dropped (they may mention imports).
const COMMENT_OR_STRING = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g;
// `import a, { b, type c } from 'x'`, `import type { a } from 'x'`, `export * from 'x'`, `export { a } from 'x'`.
const FROM = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?([\w$*\s,]*(?:\{[^}]*\})?(?:\s*as\s+[\w$]+)?)\s*from\s*(['"])([^'"\n]+)\4/g;
const SIDE_EFFECT = /(?:^|[\n;])\s*import\s*(['"])([^'"\n]+)\1/g;
const DYNAMIC = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

function stripComments(text: string): string {
  return text.replace(COMMENT_OR_STRING, (m) => (m.startsWith('/*') || m.startsWith('//') ? ' ' : m));
}

/** True when what is imported is only types: `type` after the keyword, or every named import marked `type`. */
function onlyTypes(typeKeyword: string | undefined, clause: string): boolean {
  if (typeKeyword) return true;
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces) return false; // a default, a namespace or `*`: values
  const names = braces[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** Where `spec`, imported from the file `from`, lands in the tree: the file, `.ts`, `.tsx`, or an index. */
function resolve(tree: Tree, from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const path = posix.normalize(posix.join(posix.dirname(from), spec));
  if (/\.(css|json|svg|png|html)$/.test(path)) return path; // an asset: no code to follow
  const base = path.replace(/\.js$/, '');
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((c) => tree.has(c)) ?? `${base} (unresolved)`;
}

/** Every file's imports. */
function importGraph(tree: Tree): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const [file, text] of tree) {
    const code = stripComments(text);
    const edges: Edge[] = [];
    for (const m of code.matchAll(FROM)) {
      edges.push({ to: resolve(tree, file, m[5]!), typeOnly: onlyTypes(m[2], m[3]!) });
    }
    for (const m of code.matchAll(SIDE_EFFECT)) edges.push({ to: resolve(tree, file, m[2]!), typeOnly: false });
    for (const m of code.matchAll(DYNAMIC)) edges.push({ to: resolve(tree, file, m[2]!), typeOnly: false });
    graph.set(file, edges);
  }
  return graph;
}

const under = (dir: string) => (path: string) => path.startsWith(`${dir}/`);

/** A folder may not import from these (type imports included: they couple the code all the same). */
const LAYERS: readonly { from: string; not: readonly string[] }[] = [
  { from: 'src/shared', not: ['src/ui', 'src/options', 'src/popup', 'src/background', 'src/forms'] },
  { from: 'src/forms', not: ['src/ui', 'src/options', 'src/popup', 'src/background'] },
];
/** The content script runs in every page and frame: it must stay small and hold nothing secret. */
const CONTENT_ENTRIES = ['src/content/index.ts', 'src/content/gpc-page.ts'];
const CONTENT_FORBIDDEN: readonly { what: string; test: (to: string) => boolean }[] = [
  { what: "the classifier's rule tables", test: under('src/forms/rules') },
  { what: 'zod', test: (to) => to === 'zod' || to.startsWith('zod/') },
  { what: 'the vault', test: under('src/vault') },
  {
    what: 'the privacy-contacts directory',
    test: (to) => to === 'src/protocol/contacts.ts' || to === 'src/background/contacts.ts' || to.endsWith('privacy-contacts.json'),
  },
];
/** Browser UI libraries: src/shared is data and helpers, used by the background and the content script too. */
const isUiLibrary = (to: string) => to === 'preact' || to.startsWith('preact/') || to.startsWith('@preact/');

function layerViolations(graph: Map<string, Edge[]>): string[] {
  const out: string[] = [];
  for (const [file, edges] of graph) {
    for (const rule of LAYERS) {
      if (!under(rule.from)(file)) continue;
      for (const e of edges) {
        const dir = rule.not.find((d) => under(d)(e.to));
        if (dir) out.push(`layer: ${file} imports ${e.to} (${rule.from} must not import from ${dir})`);
      }
    }
    if (under('src/shared')(file)) {
      for (const e of edges) if (isUiLibrary(e.to)) out.push(`layer: ${file} imports ${e.to} (src/shared must not use a UI library)`);
    }
  }
  return out;
}

function contentViolations(graph: Map<string, Edge[]>): string[] {
  const out: string[] = [];
  // Breadth-first over value imports, remembering how each module was reached, to name the path.
  const via = new Map<string, string | null>(CONTENT_ENTRIES.filter((e) => graph.has(e)).map((e) => [e, null]));
  const queue = [...via.keys()];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const e of graph.get(file) ?? []) {
      if (e.typeOnly || via.has(e.to)) continue;
      via.set(e.to, file);
      const banned = CONTENT_FORBIDDEN.find((f) => f.test(e.to));
      if (banned) {
        const path = [e.to];
        for (let at: string | null | undefined = file; at; at = via.get(at)) path.unshift(at);
        out.push(`content bundle: pulls in ${banned.what}: ${path.join(' -> ')}`);
      }
      if (graph.has(e.to)) queue.push(e.to);
    }
  }
  return out;
}

/** Strongly connected components of more than one module (or a module importing itself), Tarjan's algorithm. */
function cycleViolations(graph: Map<string, Edge[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).some((e) => e.to === v)) out.push(`cycle: ${scc.sort().join(' <-> ')}`);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** Every convention broken in `tree`, one line each. */
function conventionViolations(tree: Tree): string[] {
  const graph = importGraph(tree);
  return [...layerViolations(graph), ...contentViolations(graph), ...cycleViolations(graph)];
}

// Known violations, each with the reason it may stay (none today). Each entry must still be found
// (so a fixed one is noticed and removed here) and nothing else may be.
const KNOWN: string[] = [];

const ROOT = join(import.meta.dirname, '../..');
function sourceTree(): Map<string, string> {
  const tree = new Map<string, string>();
  const walk = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, item.name);
      if (item.isDirectory()) walk(abs);
      else if (/\.tsx?$/.test(item.name) && !item.name.endsWith('.d.ts')) {
        tree.set(relative(ROOT, abs).split('\\').join('/'), readFileSync(abs, 'utf8'));
      }
    }
  };
  walk(join(ROOT, 'src'));
  return tree;
}

describe('the source tree keeps its conventions', () => {
  const tree = sourceTree();

  it('breaks none, apart from the known ones being fixed elsewhere', () => {
    expect(conventionViolations(tree)).toEqual(KNOWN);
  });

  it('is read whole: every relative import resolves, and the graph sees what the content script loads', () => {
    const graph = importGraph(tree);
    const unresolved = [...graph].flatMap(([file, edges]) =>
      edges.filter((e) => e.to.endsWith('(unresolved)')).map((e) => `${file} -> ${e.to}`),
    );
    expect(unresolved).toEqual([]);
    const content = graph.get('src/content/index.ts')!;
    expect(content.some((e) => e.to === 'src/content/watch.ts' && !e.typeOnly)).toBe(true);
    expect(content.some((e) => e.to === 'src/forms/types.ts' && e.typeOnly)).toBe(true);
    // Dynamic imports count: the popup loads its flows lazily.
    expect([...graph.values()].flat().some((e) => e.to === 'src/ui/flows/Onboarding.tsx')).toBe(true);
  });
});

describe('each rule reports a tree that breaks it', () => {
  const check = (files: Record<string, string>) => conventionViolations(new Map(Object.entries(files)));

  it('src/shared and src/forms must not import the pages or the background; src/shared not src/forms', () => {
    expect(
      check({
        'src/shared/a.ts': "import { x } from '../background/b';\nimport type { T } from '../forms/t';",
        'src/forms/f.ts': "export { y } from '../ui/y';",
        'src/background/b.ts': 'export const x = 1;',
        'src/forms/t.ts': 'export type T = 1;',
        'src/ui/y.ts': 'export const y = 1;',
      }),
    ).toEqual([
      'layer: src/shared/a.ts imports src/background/b.ts (src/shared must not import from src/background)',
      'layer: src/shared/a.ts imports src/forms/t.ts (src/shared must not import from src/forms)',
      'layer: src/forms/f.ts imports src/ui/y.ts (src/forms must not import from src/ui)',
    ]);
    // The other direction is the intended one.
    expect(check({ 'src/ui/y.ts': "import { z } from '../shared/z';", 'src/shared/z.ts': 'export const z = 1;' })).toEqual([]);
  });

  it('src/shared must not import preact', () => {
    expect(check({ 'src/shared/h.ts': "import { h } from 'preact';\nimport { useState } from 'preact/hooks';" })).toEqual([
      'layer: src/shared/h.ts imports preact (src/shared must not use a UI library)',
      'layer: src/shared/h.ts imports preact/hooks (src/shared must not use a UI library)',
    ]);
  });

  it("the content script must not pull in the rule tables, zod or the vault, however indirectly; type imports don't count", () => {
    expect(
      check({
        'src/content/index.ts': "import { classify } from '../forms';\nimport type { Rec } from '../vault/vault';",
        'src/content/gpc-page.ts': "const m = import('../shared/m');",
        'src/forms/index.ts': "export * from './classify';",
        'src/forms/classify.ts': "import { RULES } from './rules/lexicon';\nexport const classify = RULES;",
        'src/forms/rules/lexicon.ts': 'export const RULES = [];',
        'src/shared/m.ts': "import * as z from 'zod/mini';\nimport { type Schema } from 'zod';\nimport { open } from '../vault';",
        'src/vault/index.ts': 'export const open = 1;',
        'src/vault/vault.ts': 'export type Rec = 1;',
      }),
    ).toEqual([
      'content bundle: pulls in zod: src/content/gpc-page.ts -> src/shared/m.ts -> zod/mini',
      'content bundle: pulls in the vault: src/content/gpc-page.ts -> src/shared/m.ts -> src/vault/index.ts',
      "content bundle: pulls in the classifier's rule tables: src/content/index.ts -> src/forms/index.ts -> src/forms/classify.ts -> src/forms/rules/lexicon.ts",
    ]);
  });

  it('the content script must not load the privacy-contacts directory (it is for the background and extension pages)', () => {
    expect(
      check({
        'src/content/index.ts': "import { who } from '../protocol/who';",
        'src/protocol/who.ts': "import { companiesFor } from './contacts';\nexport const who = companiesFor;",
        'src/protocol/contacts.ts': 'export const companiesFor = 1;',
      }),
    ).toEqual([
      'content bundle: pulls in the privacy-contacts directory: src/content/index.ts -> src/protocol/who.ts -> src/protocol/contacts.ts',
    ]);
  });

  it('no import cycles, type imports included', () => {
    expect(
      check({
        'src/a.ts': "import { b } from './b';",
        'src/b.ts': "import type { C } from './c';\nexport const b = 1;",
        'src/c.ts': "import { a } from './a'; // comment: import { d } from './d'",
        'src/d.ts': "import { d } from './d';",
        'src/e.ts': "import { a } from './a';",
      }),
    ).toEqual(['cycle: src/a.ts <-> src/b.ts <-> src/c.ts', 'cycle: src/d.ts']);
  });
});
