#!/usr/bin/env node
// bench/contacts.mjs: the privacy-contacts directory as the extension ships it.
//
//   npm run bench:contacts -- [--lookups N]
//
//   1. size: public/data/privacy-contacts.json, raw and gzipped (level 9, as a store zip comes close to).
//   2. load: JSON.parse + checkDirectory of the file, what the background pays once per service
//      worker start, on the first request (median of 20).
//   3. lookup: companiesFor (src/protocol/contacts.ts, bundled as it is) for N sites (default 20,000):
//      every company's own site, a subdomain of it with a path, and a domain no company has;
//      mean and p99 per lookup.
// No timed assertions: this reports. Results on stdout and in bench/.tmp/contacts.json.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundle, ROOT } from './fields/bundle.mjs';

const argv = process.argv.slice(2);
let lookups = 20_000;
for (let i = 0; i < argv.length; i++) if (argv[i] === '--lookups') lookups = Number(argv[++i]);

const FILE = path.join(ROOT, 'public/data/privacy-contacts.json');
const TMP = path.join(ROOT, 'bench/.tmp');
fs.mkdirSync(TMP, { recursive: true });

const text = fs.readFileSync(FILE, 'utf8');
const size = { bytes: Buffer.byteLength(text), gzipped: gzipSync(text, { level: 9 }).length };

const code = await bundle(path.join(ROOT, 'src/protocol/contacts.ts'), { format: 'es' });
const modFile = path.join(TMP, 'contacts-bundle.mjs');
fs.writeFileSync(modFile, code);
const { checkDirectory, companiesFor } = await import(pathToFileURL(modFile).href);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loads = [];
let dir;
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  dir = checkDirectory(JSON.parse(text));
  loads.push(performance.now() - t0);
}

const sites = [];
for (const c of dir.companies) {
  const u = new URL(c.web);
  sites.push(c.web, `https://account.${u.hostname.replace(/^www\./, '')}/settings?x=1`, `https://no-company-${sites.length}.example`);
}
// Warm up, then time each lookup.
for (const s of sites.slice(0, 2000)) companiesFor(dir, s, 'de');
const times = [];
let found = 0;
for (let i = 0; i < lookups; i++) {
  const s = sites[i % sites.length];
  const t0 = performance.now();
  const r = companiesFor(dir, s, 'de');
  times.push(performance.now() - t0);
  if (r.length) found++;
}
times.sort((a, b) => a - b);
const result = {
  file: path.relative(ROOT, FILE),
  companies: dir.companies.length,
  domains: Object.keys(dir.domains).length,
  authorities: dir.authorities.length,
  kB: +(size.bytes / 1024).toFixed(1),
  gzippedKB: +(size.gzipped / 1024).toFixed(1),
  loadMs: +median(loads).toFixed(2),
  lookups,
  found,
  lookupMeanUs: +((times.reduce((a, b) => a + b, 0) / times.length) * 1000).toFixed(2),
  lookupP99Us: +(times[Math.floor(times.length * 0.99)] * 1000).toFixed(2),
};
fs.writeFileSync(path.join(TMP, 'contacts.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `${result.file}: ${result.companies} companies on ${result.domains} domains, ${result.authorities} authorities\n` +
    `size ${result.kB} kB, ${result.gzippedKB} kB gzipped\n` +
    `load (parse + check) median ${result.loadMs} ms\n` +
    `lookup of ${lookups} sites (${found} found): mean ${result.lookupMeanUs} µs, p99 ${result.lookupP99Us} µs`,
);
