#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// bench/fields.mjs — measure src/forms (collect + classify) on the real-world forms corpus.
//
//   node bench/fields.mjs -- [--corpus DIR] [--out preds.json] [--per-page] [--facts facts.json]
//                            [--from-facts facts.json] [--only SUBSTRING] [--jobs N] [--js] [--confusions N]
//                            [--folds N [--in-folds 0,1,2]]
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
//   --folds N          also split the pages into N folds by site (bench/fields/folds.mjs says how the
//                      site is found) and print each fold's scores and the cross-fold mean and minimum
//   --in-folds LIST    with --folds: keep only the pages of these folds (look at errors on some folds,
//                      then check the change on the others)
// The form-purpose accuracy (sign-up, log-in, newsletter, contact, checkout, password reset, search,
// other) is printed against the `form_type` of each labelled form of the formasaurus/ pages.
// Pages are read from the corpus folder at run time; nothing from the corpus is copied.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath } from '../scripts/chromium.mjs';
import { bundle, ROOT } from './fields/bundle.mjs';
import { foldOf, siteOf } from './fields/folds.mjs';

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
  else if (a === '--folds') opt.folds = Math.max(2, Number(argv[++i]) || 5);
  else if (a === '--in-folds') opt.inFolds = new Set(argv[++i].split(',').map(Number));
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
      const item = { source: src.name, page, labels };
      if (opt.folds) {
        item.site = siteOf(opt.corpus, item).site;
        item.fold = foldOf(item.site, opt.folds);
        if (opt.inFolds && !opt.inFolds.has(item.fold)) continue;
      }
      out.push(item);
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
    purposes = {},
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
        // The top-level navigations first: a <meta refresh> to another site (a <noscript> one is live
        // with scripts off) must get the 204 too, not the abort that would commit an error page.
        if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
          if (loaded) return route.fulfill({ status: 204 }); // 204: the browser stays on the page (an abort would commit an error page)
          loaded = true;
        }
        if (!req.url().startsWith(base)) return route.abort();
        return route.continue();
      });
      try {
        await page.goto(base + encodeURI(key), { waitUntil: 'load', timeout: 20000 }).catch(() => {});
        const r = await withTimeout(page.evaluate(`${code};globalThis.__profferBench(${!!opt.facts})`), 30000, 'evaluate');
        preds[key] = r.preds;
        purposes[key] = r.purposes;
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
  return { preds, purposes, facts };
}

async function runFromFacts(file) {
  const code = await bundle(path.join(ROOT, 'src/forms/classify.ts'), { format: 'es' });
  const tmp = path.join(os.tmpdir(), `proffer-classify-${process.pid}.mjs`);
  fs.writeFileSync(tmp, code);
  const { classifyFields } = await import(pathToFileURL(tmp).href);
  fs.unlinkSync(tmp);
  const all = JSON.parse(fs.readFileSync(file, 'utf8'));
  const preds = {},
    purposes = {};
  for (const [page, byKey] of Object.entries(all)) {
    const keys = Object.keys(byKey).sort((a, b) => byKey[a].index - byKey[b].index);
    const cls = classifyFields(keys.map((k) => byKey[k]));
    preds[page] = Object.fromEntries(keys.map((k, i) => [k, cls[i].token === 'UNKNOWN' ? 'unknown' : cls[i].token]));
    purposes[page] = Object.fromEntries(keys.map((k, i) => [k, cls[i].purpose]));
  }
  return { preds, purposes };
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
const { preds, purposes, facts } = opt.fromFacts ? await runFromFacts(opt.fromFacts) : await runBrowser(pages);
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
const KINDS = {
  'signup/registration': /sign-?up|regist/i,
  newsletter: /newsletter|mailing/i,
  contact: /contact/i,
  'checkout/order': /checkout|order|payment/i,
};
const ofKind = (list, re) =>
  list.filter(
    (p) => re.test(p.page) || re.test(p.labels.page_kind_from_filename || '') || (p.labels.form_types || []).some((t) => re.test(t)),
  );

/** The summaries of one set of pages: total, per source, personal-data pages, per page kind. */
function summaries(list, tag) {
  const out = [];
  if (!list.some((p) => scored.has(`${p.source}/${p.page}`))) return out;
  const all = listFile(`${tag}-all`, list);
  out.push(['total', score(['--pages', all], { json: true }).summary]);
  for (const src of [...new Set(list.map((p) => p.source))])
    out.push([`source ${src}`, score(['--pages', all, '--source', src], { json: true }).summary]);
  const personal = list.filter(isPersonal);
  if (personal.length) out.push(['personal-data pages', score(['--pages', listFile(`${tag}-personal`, personal)], { json: true }).summary]);
  for (const [k, re] of Object.entries(KINDS)) {
    const l = ofKind(list, re);
    if (l.length) out.push([`  ${k}`, score(['--pages', listFile(`${tag}-${k.replace('/', '-')}`, l)], { json: true }).summary]);
  }
  return out;
}

/**
 * Form-purpose accuracy on the formasaurus/ pages: each labelled form (the labelled fields of one
 * `form_index`) has a `form_type`; the predicted purpose is that of the form's first labelled field.
 * Forms the annotators left out ("NOT ANNOTATED", "SKIP THIS FORM") are not counted.
 */
const PURPOSE_OF_TYPE = {
  registration: 'signup',
  login: 'login',
  'join mailing list': 'newsletter',
  'contact/comment': 'contact',
  'order/add to cart': 'checkout',
  'password/login recovery': 'reset',
  search: 'search',
  other: 'other',
  navigation: 'other',
  'display options': 'other',
  poll: 'other',
  captcha: 'other',
};
function purposeAccuracy(list) {
  let n = 0,
    ok = 0;
  const per = {},
    confusions = {};
  for (const p of list) {
    const got = purposes?.[`${p.source}/${p.page}`];
    if (!got || !p.labels.form_types) continue;
    const forms = new Map();
    for (const f of p.labels.fields) {
      const fi = f.selector_hint?.form_index;
      if (fi === undefined || fi === null || forms.has(fi) || !(f.key in got)) continue;
      forms.set(fi, { want: PURPOSE_OF_TYPE[f.form_type], got: got[f.key] });
    }
    for (const { want, got: g } of forms.values()) {
      if (!want) continue;
      n++;
      per[want] ??= { n: 0, ok: 0 };
      per[want].n++;
      if (g === want) {
        ok++;
        per[want].ok++;
      } else confusions[`${want} -> ${g}`] = (confusions[`${want} -> ${g}`] ?? 0) + 1;
    }
  }
  return { n, ok, accuracy: n ? ok / n : 0, per, confusions };
}
const purposeLine = (name, r) =>
  console.log(
    `${name.padEnd(28)} forms ${String(r.n).padStart(4)}  accuracy ${r.accuracy.toFixed(4)}  ` +
      Object.entries(r.per)
        .sort()
        .map(([k, v]) => `${k} ${v.ok}/${v.n}`)
        .join('  '),
  );

console.log('summary');
for (const [name, s] of summaries(pages, 'all')) line(name, s);
if (purposes) {
  const r = purposeAccuracy(pages);
  purposeLine('form purpose (formasaurus)', r);
  const top = Object.entries(r.confusions)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  if (top.length) console.log(`  most confused: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

if (opt.folds) {
  // Rules are not fitted per fold: each fold's score is that of sites no other fold holds. The mean
  // and the minimum over folds say how the rules do on sites they were not written for.
  const perFold = [];
  for (let k = 0; k < opt.folds; k++) {
    const list = pages.filter((p) => p.fold === k);
    if (!list.length) continue;
    console.log(`fold ${k} (${new Set(list.map((p) => p.site)).size} sites)`);
    const rows = summaries(list, `fold${k}`);
    for (const [name, s] of rows) line(name, s);
    const pr = purposeAccuracy(list);
    if (pr.n) purposeLine('form purpose (formasaurus)', pr);
    perFold.push({ rows: new Map(rows), purpose: pr });
  }
  console.log(`cross-fold (${perFold.length} folds by site): mean [min] over folds`);
  const names = [...new Set(perFold.flatMap((f) => [...f.rows.keys()]))];
  const stat = (xs) => `${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4)} [${Math.min(...xs).toFixed(4)}]`;
  for (const name of names) {
    const ss = perFold.map((f) => f.rows.get(name)).filter(Boolean);
    console.log(
      `${name.padEnd(28)} accuracy ${stat(ss.map((s) => s.accuracy))}  fillable ${stat(ss.filter((s) => s.fillable_fields).map((s) => s.fillable_accuracy))}`,
    );
  }
  const pf = perFold.map((f) => f.purpose).filter((r) => r.n);
  if (pf.length) console.log(`${'form purpose (formasaurus)'.padEnd(28)} accuracy ${stat(pf.map((r) => r.accuracy))}`);
}
for (const f of tmpLists) fs.rmSync(f, { force: true });
console.log(`predictions: ${path.relative(process.cwd(), opt.out)}`);
