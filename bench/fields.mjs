#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// bench/fields.mjs — measure src/forms (collect + classify) on the real-world forms corpus.
//
//   node bench/fields.mjs -- [--corpus DIR] [--out preds.json] [--per-page] [--facts facts.json]
//                            [--from-facts facts.json] [--only SUBSTRING] [--jobs N] [--js] [--confusions N]
//   (npm run bench:fields -- ... is the same)
//
// Bundles src/forms into one IIFE (vite build API), serves the corpus from 127.0.0.1 (every other
// request is blocked), loads each page in headless Chromium with page scripts off (the labels were
// made from the static HTML; --js turns them on), injects the bundle, collects + classifies, keys
// the fields with the corpus' own fieldkey.mjs, writes predictions and runs the corpus' score.mjs:
// in total, per source, and for the personal-data page kinds (signup/registration, newsletter,
// contact, checkout/order).
//   --facts FILE       also dump the collected FieldFacts per key (for offline work on rules)
//   --from-facts FILE  skip the browser: classify dumped facts in Node (fast rule iteration)
// Pages are read from the corpus folder at run time; nothing from the corpus is copied.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath } from '../scripts/chromium.mjs';
import { bundle, ROOT } from './fields/bundle.mjs';

const argv = process.argv.slice(2);
const opt = { corpus: path.resolve(ROOT, '../shared/corpus/forms'), out: path.join(ROOT, '.tmp/fields-preds.json'), jobs: 2 };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--') continue; // `npm run bench:fields -- ...` and `node bench/fields.mjs -- ...` both pass it through
  if (a === '--corpus') opt.corpus = path.resolve(argv[++i]);
  else if (a === '--out') opt.out = path.resolve(argv[++i]);
  else if (a === '--per-page') opt.perPage = true;
  else if (a === '--facts') opt.facts = path.resolve(argv[++i]);
  else if (a === '--from-facts') opt.fromFacts = path.resolve(argv[++i]);
  else if (a === '--only') opt.only = argv[++i];
  else if (a === '--jobs') opt.jobs = Math.max(1, Number(argv[++i]) || 1);
  else if (a === '--js') opt.js = true;
  else if (a === '--confusions') opt.confusions = argv[++i];
  else {
    console.error(`unknown argument ${a}`);
    process.exit(2);
  }
}
const defaultCorpus = path.resolve(ROOT, '../shared/corpus/forms');
const scoreScript = fs.existsSync(path.join(opt.corpus, 'score.mjs'))
  ? path.join(opt.corpus, 'score.mjs')
  : path.join(defaultCorpus, 'score.mjs');
const fieldkey = fs.existsSync(path.join(opt.corpus, 'fieldkey.mjs'))
  ? path.join(opt.corpus, 'fieldkey.mjs')
  : path.join(defaultCorpus, 'fieldkey.mjs');

/** Pages of the corpus: [{ source, page, labels }] */
function listPages() {
  const out = [];
  for (const src of fs.readdirSync(opt.corpus, { withFileTypes: true })) {
    if (!src.isDirectory() || src.name === 'tools' || src.name.startsWith('.')) continue;
    for (const f of fs.readdirSync(path.join(opt.corpus, src.name)).sort()) {
      if (!f.endsWith('.labels.json')) continue;
      const labels = JSON.parse(fs.readFileSync(path.join(opt.corpus, src.name, f), 'utf8'));
      const page = labels.page || f.replace(/\.labels\.json$/, '.html');
      if (opt.only && !`${src.name}/${page}`.includes(opt.only)) continue;
      out.push({ source: src.name, page, labels });
    }
  }
  return out;
}

/** Personal-data page kinds: from the page name / filename kind, or the annotated form types. */
const PERSONAL = /sign-?up|regist|newsletter|mailing|contact|checkout|order/i;
function isPersonal({ page, labels }) {
  if (PERSONAL.test(page) || PERSONAL.test(labels.page_kind_from_filename || '')) return true;
  return (labels.form_types || []).some((t) => PERSONAL.test(t));
}

function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };
  const server = http.createServer((req, res) => {
    const p = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path.join(dir, p);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function runBrowser(pages) {
  const { chromium } = await import('playwright-core');
  const code = await bundle(path.join(ROOT, 'bench/fields/entry.ts'), { format: 'iife', alias: { 'corpus-fieldkey': fieldkey } });
  const server = await serve(opt.corpus);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS],
  });
  const preds = {},
    facts = {},
    problems = [];
  let ms = { collect: 0, classify: 0 },
    fields = 0;
  const queue = [...pages];
  let done = 0;
  const withTimeout = (p, ms, what) =>
    Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`${what} timed out`)), ms))]);
  const worker = async () => {
    const context = await browser.newContext({ javaScriptEnabled: !!opt.js, viewport: { width: 1280, height: 900 } });
    for (let item = queue.shift(); item; item = queue.shift()) {
      const key = `${item.source}/${item.page}`;
      const page = await context.newPage();
      // Only the local server, and only one top-level navigation: a page's own <meta http-equiv=refresh>
      // (or a script, with --js) must not carry it away (or reload it forever) before we collect.
      let loaded = false;
      await page.route('**/*', (route) => {
        const req = route.request();
        if (!req.url().startsWith(base)) return route.abort();
        if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
          if (loaded) return route.fulfill({ status: 204 }); // 204: the browser stays on the page (an abort would commit an error page)
          loaded = true;
        }
        return route.continue();
      });
      try {
        await page.goto(base + encodeURI(key), { waitUntil: 'load', timeout: 20000 }).catch(() => {});
        const r = await withTimeout(page.evaluate(`${code};globalThis.__profferBench(${!!opt.facts})`), 30000, 'evaluate');
        preds[key] = r.preds;
        if (opt.facts) facts[key] = r.facts;
        ms.collect += r.ms.collect;
        ms.classify += r.ms.classify;
        fields += r.collected;
        const n = item.labels.n_candidate_controls;
        if (r.unmatched || (typeof n === 'number' && n !== r.keyed))
          problems.push(`${key}: keyed ${r.keyed} (labels say ${n}), unmatched ${r.unmatched}`);
      } catch (e) {
        problems.push(`${key}: ${String(e.message || e).split('\n')[0]}`);
      } finally {
        await page.close().catch(() => {});
        if (++done % 50 === 0) process.stderr.write(`  ${done}/${pages.length} pages\n`);
      }
    }
    await context.close();
  };
  await Promise.all(Array.from({ length: opt.jobs }, worker));
  await browser.close();
  server.close();
  if (problems.length) console.log(`${problems.length} page problems:\n  ${problems.slice(0, 20).join('\n  ')}`);
  console.log(
    `collected ${fields} fields on ${pages.length} pages; in-page time collect ${ms.collect.toFixed(0)} ms, classify ${ms.classify.toFixed(0)} ms`,
  );
  return { preds, facts };
}

async function runFromFacts(file) {
  const code = await bundle(path.join(ROOT, 'src/forms/classify.ts'), { format: 'es' });
  const tmp = path.join(os.tmpdir(), `proffer-classify-${process.pid}.mjs`);
  fs.writeFileSync(tmp, code);
  const { classifyFields } = await import(pathToFileURL(tmp).href);
  fs.unlinkSync(tmp);
  const all = JSON.parse(fs.readFileSync(file, 'utf8'));
  const preds = {};
  for (const [page, byKey] of Object.entries(all)) {
    const keys = Object.keys(byKey).sort((a, b) => byKey[a].index - byKey[b].index);
    const cls = classifyFields(keys.map((k) => byKey[k]));
    preds[page] = Object.fromEntries(keys.map((k, i) => [k, cls[i].token === 'UNKNOWN' ? 'unknown' : cls[i].token]));
  }
  return { preds };
}

function score(extra, { json = false } = {}) {
  const args = [scoreScript, opt.out, '--corpus', opt.corpus, ...extra, ...(json ? ['--json'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`score.mjs failed: ${r.stderr}`);
  return json ? JSON.parse(r.stdout) : r.stdout;
}

const pages = listPages();
if (!pages.length) {
  console.error(`no labelled pages under ${opt.corpus}`);
  process.exit(2);
}
const { preds, facts } = opt.fromFacts ? await runFromFacts(opt.fromFacts) : await runBrowser(pages);
fs.mkdirSync(path.dirname(opt.out), { recursive: true });
fs.writeFileSync(opt.out, JSON.stringify(preds, null, 1));
if (opt.facts && facts) fs.writeFileSync(opt.facts, JSON.stringify(facts));

const scored = new Set(Object.keys(preds));
const tmpLists = [];
const listFile = (name, list) => {
  const f = path.join(os.tmpdir(), `proffer-${name}-${process.pid}.txt`);
  tmpLists.push(f);
  fs.writeFileSync(
    f,
    `${list
      .map((p) => `${p.source}/${p.page}`)
      .filter((k) => scored.has(k))
      .join('\n')}\n`,
  );
  return f;
};
const allList = listFile('all', pages);
console.log(
  score(['--pages', allList, ...(opt.perPage ? ['--per-page'] : []), ...(opt.confusions ? ['--confusions', opt.confusions] : [])]),
);

const line = (name, s) =>
  console.log(
    `${name.padEnd(28)} pages ${String(s.pages).padStart(4)}  fields ${String(s.labelled_fields).padStart(5)}  ` +
      `accuracy ${s.accuracy.toFixed(4)}  fillable ${s.fillable_accuracy?.toFixed(4) ?? '-'} (${s.fillable_fields})  micro-F1 ${s.micro_f1.toFixed(4)}`,
  );
console.log('summary');
line('total', score(['--pages', allList], { json: true }).summary);
for (const src of [...new Set(pages.map((p) => p.source))])
  line(`source ${src}`, score(['--pages', allList, '--source', src], { json: true }).summary);
const personal = pages.filter(isPersonal);
if (personal.length) line('personal-data pages', score(['--pages', listFile('personal', personal)], { json: true }).summary);
const kinds = {
  'signup/registration': /sign-?up|regist/i,
  newsletter: /newsletter|mailing/i,
  contact: /contact/i,
  'checkout/order': /checkout|order|payment/i,
};
for (const [k, re] of Object.entries(kinds)) {
  const list = pages.filter(
    (p) => re.test(p.page) || re.test(p.labels.page_kind_from_filename || '') || (p.labels.form_types || []).some((t) => re.test(t)),
  );
  if (list.length) line(`  ${k}`, score(['--pages', listFile(k.replace('/', '-'), list)], { json: true }).summary);
}
for (const f of tmpLists) fs.rmSync(f, { force: true });
console.log(`predictions: ${path.relative(process.cwd(), opt.out)}`);
