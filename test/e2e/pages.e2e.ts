/**
 * Page corpora against the built extension in headless Chromium, as a person uses it: open the page,
 * open the popup for its tab, look at the preview, press Fill; then judge the page by its
 * `.expect.json` (rules: ../shared/corpus/pages/README.md, implemented in pages-runner.ts).
 *
 * Two corpora, one judge: the project's own fixtures (test/fixtures/pages: every capability and every
 * trap class, so a fresh clone tests itself) and, when ../shared exists, the shared corpus. Each is
 * served on its own pair of loopback origins (page-server.ts), so per-site memory (default persona,
 * approved frames) never crosses between them.
 *
 * One browser and one vault for the whole file; a fresh tab per page. A summary of every page (pass,
 * or the reasons it failed) is printed at the end and written to .tmp/pages-report.md.
 *
 * PAGES_VIA=messages drives the popup's messages (forms/preview, forms/fill, as the popup sends them)
 * instead of its UI, to tell a popup bug from a background one;
 * PAGES_ONLY=substring runs only the pages whose name contains it; PAGES_DEBUG=1 prints what the
 * naive filler tripped on each hostile fixture.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillOutcome, FillPreview } from '../../src/shared/messages';
import {
  choosePersona,
  fillFromPopup,
  type Launched,
  launch,
  openPopupForTab,
  personaFromTokens,
  ROOT,
  readPreview,
  readSkipped,
  readTokenPersonas,
  readyVault,
  SHARED,
  send,
  tabIdOf,
} from './harness';
import { type PageServer, startPageServer } from './page-server';
import { explain, type FillRecord, loadCases, naiveFiller, type PageCase, type PageResult, runPage, selfCheck } from './pages-runner';

interface Corpus {
  title: string;
  dir: string;
  personas: { default: Record<string, string>; work: Record<string, string> };
  /** Vault persona per corpus persona: id (messages) and label (the popup's Persona select). */
  vault: Record<'default' | 'work', { id: string; label: string }>;
  cases: PageCase[];
  server?: PageServer;
}

const only = process.env.PAGES_ONLY ?? '';
const pick = (cases: PageCase[]) => cases.filter((c) => c.name.includes(only));

const OWN_DIR = join(ROOT, 'test/fixtures/pages');
const SHARED_DIR = join(SHARED, 'corpus/pages');

const corpora: Corpus[] = [
  {
    title: 'own fixtures (test/fixtures/pages)',
    dir: OWN_DIR,
    personas: readTokenPersonas(join(OWN_DIR, 'persona.json')),
    vault: { default: { id: 'pages-own-default', label: 'Pages default' }, work: { id: 'pages-own-work', label: 'Pages work' } },
    cases: pick(loadCases(OWN_DIR)),
  },
];
if (existsSync(join(SHARED_DIR, 'persona.json'))) {
  corpora.push({
    title: 'shared corpus (../shared/corpus/pages)',
    dir: SHARED_DIR,
    personas: readTokenPersonas(join(SHARED_DIR, 'persona.json')),
    vault: { default: { id: 'pages-shared-default', label: 'Shared default' }, work: { id: 'pages-shared-work', label: 'Shared work' } },
    // The README's variant: the same page with opacity on <html> instead of <body>.
    cases: pick(loadCases(SHARED_DIR, { 'body-opacity-zero.html': [{ on: 'html' }] })),
  });
}

let l: Launched;
let ext: Page;
let viaUi = false;
let run = 0;
const results: { corpus: string; c: PageCase; r: PageResult | null; error?: string }[] = [];

const showEntry = (e: { label: string; value: string; origin: string; checked: boolean }) =>
  `${e.label} = ${JSON.stringify(e.value)}${e.origin ? ` [${e.origin}]` : ''}${e.checked ? '' : ' (unticked)'}`;

/** A fill as a person does it: the popup for the page's tab, the corpus persona, the preview as offered, Fill. */
function fillDriver(corpus: Corpus) {
  return async (page: Page, which: 'default' | 'work'): Promise<FillRecord> => {
    const persona = corpus.vault[which];
    if (viaUi) {
      const popup = await openPopupForTab(l, page);
      try {
        await choosePersona(popup, persona.label);
        const shown = await readPreview(popup);
        const skipped = await readSkipped(popup);
        const outcome = await fillFromPopup(popup);
        return { preview: [...shown.map(showEntry), ...skipped.map((x) => `(left empty) ${x}`)], outcome };
      } finally {
        await popup.close();
      }
    }
    // The popup's own messages, with its defaults: ticked entries only, no cross-origin frame approved.
    const tabId = await tabIdOf(l, page);
    const p = await send<FillPreview>(ext, { type: 'forms/preview', tabId, personaId: persona.id });
    if (!p.ok) return { preview: [], outcome: `preview refused: ${p.error?.code}` };
    const preview = p.entries.map((e) =>
      showEntry({
        label: e.label || e.token,
        value: e.display,
        origin: e.crossOrigin ? e.origin : '',
        checked: e.checked && !e.needsApproval,
      }),
    );
    preview.push(...p.skipped.map((s) => `(skipped) ${s.label || '?'} [${s.token}]: ${s.reason}`));
    const keys = p.entries.filter((e) => e.checked && !e.needsApproval).map((e) => e.key);
    if (keys.length === 0) return { preview, outcome: '' };
    const f = await send<FillOutcome>(ext, { type: 'forms/fill', planId: p.planId, keys, approveOrigins: [] });
    if (!f.ok) return { preview, outcome: `fill refused: ${f.error?.code}` };
    const notFilled = f.skipped.map((s) => `${s.label}: ${s.reason}`);
    return { preview, outcome: `Filled ${f.filled.length} field(s).${notFilled.length ? ` Not filled: ${notFilled.join('; ')}` : ''}` };
  };
}

beforeAll(async () => {
  viaUi = process.env.PAGES_VIA !== 'messages';
  l = await launch();
  const personas = corpora.flatMap((c) =>
    (['default', 'work'] as const).map((w) => personaFromTokens(c.personas[w], c.vault[w].id, c.vault[w].label)),
  );
  ext = await readyVault(l, personas);
  for (const c of corpora) c.server = await startPageServer(c.dir);
});

afterAll(async () => {
  await l?.dispose();
  for (const c of corpora) await c.server?.close();
  if (results.length === 0) return;
  const lines = [`# Pages e2e (${viaUi ? 'popup UI' : 'popup messages'})`, ''];
  for (const { corpus, c, r, error } of results) {
    const failed = error !== undefined || (r?.failures.length ?? 0) > 0;
    lines.push(`- ${failed ? 'FAIL' : 'pass'} [${corpus}] ${c.name}`);
    if (error) lines.push(`    - error: ${error}`);
    for (const f of r?.failures ?? []) lines.push(`    - ${f}`);
    if (failed)
      r?.fills.forEach((f, i) => {
        lines.push(`    - (fill #${i + 1} said: ${f.outcome || 'nothing to fill'})`);
      });
  }
  const report = lines.join('\n');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(join(ROOT, '.tmp/pages-report.md'), `${report}\n`);
  console.log(report);
});

// An empty corpus folder, or a PAGES_ONLY filter that matches nothing, fails instead of passing silently.
it('finds pages to run', () => {
  expect(
    corpora.reduce((n, c) => n + c.cases.length, 0),
    `PAGES_ONLY=${only ?? ''}`,
  ).toBeGreaterThan(0);
  if (!only) for (const c of corpora) expect(c.cases.length, c.title).toBeGreaterThan(0);
});

for (const corpus of corpora) {
  describe(`pages: ${corpus.title}`, () => {
    // Our own fixtures must be what their expectations say (selectors exist, targets visible, traps
    // invisible); the shared corpus has its own self-check (tools/selfcheck.mjs).
    if (corpus.dir === OWN_DIR && corpus.cases.length > 0) {
      it('fixtures are what their expectations claim', async () => {
        const problems: string[] = [];
        for (const c of corpus.cases) {
          for (const p of await selfCheck(l.context, corpus.server!, c, { extensionId: l.extensionId, run: ++run }))
            problems.push(`${c.name}: ${p}`);
        }
        expect(problems, problems.join('\n')).toEqual([]);
      }, 600_000);
      // ...and every hostile one must catch a filler that ignores visibility, frames and re-checks.
      it('hostile fixtures catch a naive filler', async () => {
        const toothless: string[] = [];
        for (const c of corpus.cases.filter((x) => x.exp.kind === 'hostile' && x.exp.steps.includes('fill'))) {
          const { page, result } = await runPage(
            l.context,
            corpus.server!,
            c,
            corpus.personas[c.exp.persona],
            naiveFiller(corpus.personas[c.exp.persona]),
            {
              extensionId: l.extensionId,
              run: ++run,
            },
          );
          await page.close();
          if (result.failures.length === 0) toothless.push(c.name);
          if (process.env.PAGES_DEBUG) console.log(`naive filler on ${c.name}:\n  ${result.failures.join('\n  ')}`);
        }
        expect(toothless, `these hostile pages let a naive filler pass: ${toothless.join(', ')}`).toEqual([]);
      }, 600_000);
    }
    it.each(corpus.cases)('$name', async (c) => {
      let page: Page | undefined;
      try {
        const out = await runPage(l.context, corpus.server!, c, corpus.personas[c.exp.persona], fillDriver(corpus), {
          extensionId: l.extensionId,
          run: ++run,
        });
        page = out.page;
        results.push({ corpus: corpus.title.split(' ')[0]!, c, r: out.result });
        // The whole explanation is the assertion message: selector, expected token and value, actual value.
        expect(out.result.failures, explain(c, out.result)).toEqual([]);
      } catch (e) {
        if (!results.some((x) => x.c === c))
          results.push({ corpus: corpus.title.split(' ')[0]!, c, r: null, error: (e as Error).message.split('\n')[0] });
        throw e;
      } finally {
        await page?.close();
      }
    });
  });
}
