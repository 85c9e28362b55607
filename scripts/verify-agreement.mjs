#!/usr/bin/env node
// Checks a MyTerms agreement record without the extension (docs/protocol.md section 11):
//
//   npm run verify:agreement -- FILE [OTHER]
//
// FILE holds one record (as the reference brand keeps it, or as the ledger export lists it under
// `agreements`), a revoked one (`{ record, revocation }`), or a whole ledger export (every record in
// it is checked). With OTHER, a second copy of the same record (the other party's), the two must
// also match field by field, revocation included.
// Checks: the shape, both agreements against the roster Proffer ships (id, text URL, SHA-256 of the
// text), the times in order, the decision and its counter, and both Ed25519 signatures (node:crypto);
// for a revoked record also the revocation (section 11.7): it names exactly that accepted record, is
// not dated before the decision, and its signature by the first party's key verifies.
// Exit code 0 when every record passes, 1 otherwise, 2 on a usage or file error.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadRoster, verifyRecord, verifyRevocation } from '../demo/brand/agreement.mjs';

function read(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`verify:agreement: cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
}

/** One entry as { record, revocation? }: a bare record, or an entry with `record` (and `revocation`, or a vault entry's `revoked` event). */
function entryOf(e) {
  if (!e?.record) return { record: e };
  const revocation = e.revocation ?? e.events?.find((x) => x?.type === 'revoked')?.revocation;
  return revocation === undefined ? { record: e.record } : { record: e.record, revocation };
}

/** The records a file holds: one, or a ledger export's `agreements`. */
function recordsOf(doc) {
  if (doc?.format === 'proffer-ledger') return (doc.agreements ?? []).map(entryOf);
  return [entryOf(doc)];
}

const [file, other] = process.argv.slice(2).filter((a) => a !== '--');
if (!file) {
  console.error('usage: npm run verify:agreement -- FILE [OTHER]');
  process.exit(2);
}
const roster = loadRoster();
const records = recordsOf(read(file));
let ok = records.length > 0;
if (!ok) console.log(`${file}: no agreement records`);
for (const { record: r, revocation } of records) {
  const v = verifyRecord(r, roster);
  const checks = [...v.checks, ...(revocation === undefined ? [] : verifyRevocation(revocation, r).checks)];
  const good = checks.every((c) => c.ok);
  console.log(
    `${good ? 'OK  ' : 'FAIL'} ${r?.id ?? '(no id)'} ${r?.agreement?.id ?? '?'} ${r?.decision ?? '?'}${revocation === undefined ? '' : ` revoked ${revocation?.revoked_at ?? '?'}`} ${r?.second_party?.origin ?? '?'}`,
  );
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  ok &&= good;
}
if (other) {
  const theirs = recordsOf(read(other));
  for (const { record: r, revocation } of records) {
    const match = theirs.find((t) => t.record?.id === r?.id);
    const same = match !== undefined && isDeepStrictEqual(match.record, r) && isDeepStrictEqual(match.revocation, revocation);
    console.log(
      `${same ? 'OK  ' : 'FAIL'} ${r?.id ?? '(no id)'}: ${match ? (same ? 'both copies match field by field' : 'the copies differ') : `not in ${other}`}`,
    );
    ok &&= same;
  }
}
console.log(ok ? `roster ${roster.version}: verified` : `roster ${roster.version}: NOT verified`);
process.exit(ok ? 0 : 1);
