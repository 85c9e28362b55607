#!/usr/bin/env node
// bench/sync.mjs (npm run bench:sync): sync of a vault with 10,000 ledger entries and 20 personas to
// a local WebDAV server, measured with the real Vault (fake-indexeddb, Node), sync engine and WebDAV
// client (bench/sync/entry.ts). The server is a private Apache httpd with mod_dav (the e2e tests'
// test/e2e/apache-dav.ts) when apache2 is installed, else, with a note, the embedded webdav-server
// of the demo (demo/webdav.mjs); `--embedded` asks for the embedded one.
//
//   1. first sync (every record up, one object each, plus manifest and header), against plain PUTs
//      of exactly the same bytes (same files, same six requests in flight) in the same run;
//   2. incremental sync of one change, against plain PUTs of what it wrote (the object, its bucket
//      of the manifest, the manifest);
//   3. a second device joining with the passphrase and pulling everything (Argon2id included).
//
//   npm run bench:sync -- [--shares N] [--personas N] [--embedded]
// Results: a table on stdout and bench/.tmp/sync.json. It reports; it does not fail on slow figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebdav } from '../demo/webdav.mjs';
import { bundle, ROOT } from './vault/bundle.mjs';

const opt = { shares: 10_000, personas: 20 };
let embedded = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const n = Number(argv[i + 1]);
  if (argv[i] === '--embedded') {
    embedded = true;
    continue;
  }
  if (argv[i] === '--shares' && Number.isInteger(n) && n > 0) opt.shares = n;
  else if (argv[i] === '--personas' && Number.isInteger(n) && n > 0) opt.personas = n;
  else {
    console.error(`usage: npm run bench:sync -- [--shares N] [--personas N] [--embedded]`);
    process.exit(2);
  }
  i++;
}

const TMP = path.join(ROOT, 'bench/.tmp');
fs.mkdirSync(TMP, { recursive: true });
const password = 'bench-app-password';
const APACHE = process.env.APACHE2_BIN ?? '/usr/sbin/apache2';
let dav;
let root;
let server;
if (!embedded && fs.existsSync(APACHE)) {
  const mod = path.join(TMP, 'apache-dav.mjs');
  fs.writeFileSync(mod, await bundle(path.join(ROOT, 'test/e2e/apache-dav.ts'), { format: 'es', node: true }));
  const { startApacheDav } = await import(`${mod}?t=${Date.now()}`);
  const a = await startApacheDav({ password });
  root = a.root;
  dav = { url: a.url, user: a.user, close: () => a.dispose() };
  server = 'Apache httpd mod_dav';
} else {
  if (!embedded)
    console.log(
      `note: ${APACHE} is not installed, so this runs against the embedded webdav-server (demo/webdav.mjs); install apache2 for a real server`,
    );
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'proffer-bench-dav-'));
  dav = await startWebdav({ root, password });
  server = 'webdav-server (embedded)';
}
console.log(`server: ${server}`);
try {
  const code = await bundle(path.join(ROOT, 'bench/sync/entry.ts'), { format: 'es', node: true });
  const mod = path.join(TMP, 'sync-entry.mjs');
  fs.writeFileSync(mod, code);
  const { run } = await import(`${mod}?t=${Date.now()}`);
  const r = await run({ url: dav.url, user: dav.user, password, root, ...opt, log: (s) => console.log(s) });
  const ms = (x) => `${Math.round(x).toLocaleString('en')} ms`;
  const rows = [
    ['server', '', server],
    ['records', r.records.toLocaleString('en'), ''],
    [
      'objects on the server',
      r.objects.toLocaleString('en'),
      `${(r.bytes / 1e6).toFixed(1)} MB in all, manifest ${(r.manifestBytes / 1e3).toFixed(1)} kB, ${r.buckets} buckets ${(r.bucketBytes / 1e3).toFixed(0)} kB`,
    ],
    [
      'first sync',
      ms(r.firstSyncMs),
      `plain PUTs of the same bytes ${ms(r.firstPlainMs)}, ratio ${(r.firstSyncMs / r.firstPlainMs).toFixed(2)}`,
    ],
    [
      'incremental sync (1 change)',
      ms(r.incrementalMs),
      `${r.incrementalPlainPuts} plain PUTs of the same ${(r.incrementalBytes / 1e3).toFixed(1)} kB ${ms(r.incrementalPlainMs)}, ratio ${(r.incrementalMs / r.incrementalPlainMs).toFixed(1)}`,
    ],
    ['second device joins + pulls all', ms(r.joinMs), 'Argon2id at the product cost included'],
  ];
  console.log('');
  for (const [a, b, c] of rows) console.log(`${a.padEnd(34)} ${b.padStart(10)}   ${c}`);
  fs.writeFileSync(path.join(TMP, 'sync.json'), `${JSON.stringify({ ...opt, server, ...r, at: new Date().toISOString() }, null, 2)}\n`);
} finally {
  await dav.close();
  fs.rmSync(root, { recursive: true, force: true });
}
