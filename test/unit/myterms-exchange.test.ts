/**
 * The MyTerms exchange over real HTTP against the reference brand (demo/brand/myterms.mjs), with the
 * extension's own client (src/protocol/myterms.ts): what a site declares, proffer and decision by
 * policy (accept, counter, decline), both copies of the record identical, both signatures checked by
 * two implementations (@noble/curves here and in the brand, node:crypto in the verify script),
 * tampering caught, the brand's copy kept across a restart.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRecord, verifyRevocation } from '../../demo/brand/agreement.mjs';
import type { RunningBrand } from '../../demo/brand/server.mjs';
import { discover, fetchMyTerms } from '../../src/protocol/client';
import { buildProffer, buildRevocation, checkAnswer, recordProblem, sendProffer, sendRevocation } from '../../src/protocol/myterms';
import { generateBrandKeys } from '../../src/protocol/sign';
import { type AgreementRecord, rosterAgreement } from '../../src/shared/myterms';
import { brandFixture } from './brand-fixture';
import { errorOf } from './protocol-error';

const { freshDir, start } = brandFixture('proffer-myterms-');
const ROOT = join(import.meta.dirname, '../..');

async function profferTo(b: Pick<RunningBrand, 'url'>, id = 'SD-BASE') {
  const declared = await fetchMyTerms(b.url);
  const vrm = await discover(b.url);
  const keys = generateBrandKeys();
  const proffer = buildProffer({ agreement: rosterAgreement(id)!, origin: b.url, keys, jurisdiction: 'DE' });
  const record = await sendProffer({ endpoint: declared!.endpoint!, brand: { origin: b.url, brandKeys: vrm.brandKeys }, keys, proffer });
  return { record, proffer, keys, declared: declared! };
}

/** Runs `npm run verify:agreement` on files; its exit code and output. */
function verifyCli(...files: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(ROOT, 'scripts/verify-agreement.mjs'), ...files], { encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

describe('what a site declares', () => {
  it('myterms.json lists the accepted agreements with their text URLs and the endpoint; vrm.json may carry them too', async () => {
    const b = await start({ myterms: { accepts: ['SD-BASE', 'PDC-INTENT'], inVrm: true, tosUrl: 'https://acme.example/tos' } });
    const declared = await fetchMyTerms(b.url);
    expect(declared).toEqual({
      agreements: [
        { id: 'SD-BASE', url: rosterAgreement('SD-BASE')!.url },
        { id: 'PDC-INTENT', url: rosterAgreement('PDC-INTENT')!.url },
      ],
      endpoint: `${b.url}/vrm/agreements`,
      tosUrl: 'https://acme.example/tos',
      effectiveDate: '2026-01-01',
    });
    expect((await discover(b.url)).terms).toEqual({ agreements: declared!.agreements, endpoint: declared!.endpoint });
  });

  it('a site without myterms.json says nothing; junk entries are dropped; an endpoint on another origin is never used', async () => {
    const b = await start({ myterms: false });
    expect(await fetchMyTerms(b.url)).toBeUndefined();
    expect((await discover(b.url)).terms).toBeUndefined();
    const json = (body: unknown) =>
      (async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const odd = await fetchMyTerms('https://shop.example', {
      fetch: json({ agreements: [{ id: 'SD-BASE' }, { id: 'bad id' }, 7, { id: 'SD-BASE' }], endpoint: 'https://evil.example/x' }),
    });
    expect(odd).toEqual({ agreements: [{ id: 'SD-BASE' }] });
    expect(await errorOf(fetchMyTerms('https://shop.example', { fetch: json({ agreements: 'no' }) }))).toMatchObject({
      code: 'errBrandGarbage',
    });
  });
});

describe('proffer and decision', () => {
  it('accept: the brand and the person hold the same record, signed by both, verified by both implementations', async () => {
    const b = await start();
    const { record, proffer } = await profferTo(b);
    expect(record.decision).toBe('accept');
    expect(record.id).toBe(proffer.id);
    expect(record.second_party.key).toBe(b.brand.publicKey);
    expect(b.brand.agreements()).toEqual([record]);
    expect(recordProblem(record)).toBeNull();
    expect(verifyRecord(record)).toMatchObject({ ok: true });
  });

  it('counter: another roster agreement, signed; decline: signed too', async () => {
    const counterBrand = await start({ myterms: { accepts: ['SD-BASE-MKT'], onOther: 'counter' } });
    const c = await profferTo(counterBrand);
    expect(c.record.decision).toBe('counter');
    expect(c.record.counter).toEqual({
      id: 'SD-BASE-MKT',
      url: rosterAgreement('SD-BASE-MKT')!.url,
      sha256: rosterAgreement('SD-BASE-MKT')!.sha256,
    });
    expect(verifyRecord(c.record).ok).toBe(true);
    // The person agrees to the counter by proffering it: accepted.
    expect((await profferTo(counterBrand, 'SD-BASE-MKT')).record.decision).toBe('accept');

    const declining = await start({ myterms: { accepts: ['SD-BASE-ANALYTICS'], onOther: 'decline' } });
    const d = await profferTo(declining);
    expect(d.record.decision).toBe('decline');
    expect(d.record.counter).toBeUndefined();
    expect(verifyRecord(d.record).ok).toBe(true);
  });

  it('a retry with the same proffer gets the same record, not a second decision; the brand keeps it across a restart', async () => {
    const dataDir = freshDir();
    const b = await start({ dataDir });
    const { record, proffer, keys, declared } = await profferTo(b);
    const vrm = await discover(b.url);
    const again = await sendProffer({ endpoint: declared.endpoint!, brand: { origin: b.url, brandKeys: vrm.brandKeys }, keys, proffer });
    expect(again).toEqual(record);
    await b.close();
    const b2 = await start({ dataDir, port: Number(new URL(b.url).port) });
    expect(b2.brand.agreements()).toEqual([record]);
  });

  it('the brand refuses a proffer signed by another key than the request, or naming a text hash not in the roster', async () => {
    const b = await start();
    const declared = (await fetchMyTerms(b.url))!;
    const keys = generateBrandKeys();
    const other = generateBrandKeys();
    const sd = rosterAgreement('SD-BASE')!;
    const proffer = buildProffer({ agreement: sd, origin: b.url, keys: other, jurisdiction: 'DE' });
    expect(await errorOf(sendProffer({ endpoint: declared.endpoint!, brand: { origin: b.url }, keys, proffer }))).toMatchObject({
      code: 'errBrandRefused',
      detail: 'bad_request',
    });
    const forged = buildProffer({ agreement: { ...sd, sha256: 'f'.repeat(64) }, origin: b.url, keys, jurisdiction: 'DE' });
    expect(await errorOf(sendProffer({ endpoint: declared.endpoint!, brand: { origin: b.url }, keys, proffer: forged }))).toMatchObject({
      code: 'errBrandRefused',
      detail: 'unknown_agreement',
    });
    expect(b.brand.agreements()).toEqual([]);
  });
});

describe('tampering', () => {
  it('any changed field, or a record that is not the proffer sent, fails verification (both implementations, and the CLI)', async () => {
    const b = await start();
    const { record, proffer } = await profferTo(b);
    const dir = freshDir();
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(record));
    writeFileSync(join(dir, 'brand.json'), JSON.stringify(b.brand.agreements()[0]));
    const ok = verifyCli(good, join(dir, 'brand.json'));
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('both copies match field by field');

    const tampered: AgreementRecord[] = [
      { ...record, decision: 'decline' },
      { ...record, jurisdiction: 'US' },
      { ...record, decided_at: '2099-01-01T00:00:00.000Z' },
      { ...record, agreement: { ...record.agreement, id: 'SD-BASE-MKT' } },
      { ...record, agreement: { ...record.agreement, sha256: '0'.repeat(64) } },
      { ...record, second_party: { ...record.second_party, origin: 'http://127.0.0.2:1' } },
    ];
    for (const t of tampered) {
      expect(recordProblem(t), JSON.stringify(t)).not.toBeNull();
      expect(verifyRecord(t).ok).toBe(false);
    }
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(tampered[0]));
    const failed = verifyCli(bad);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/FAIL second party signature/);
    // The copies differ: refused even though each may verify on its own.
    expect(verifyCli(good, bad).code).toBe(1);

    // The client refuses an answer that is not the record of what it proffered.
    expect(() => checkAnswer(proffer, { ...record, id: 'AAAAAAAAAAAAAAAAAAAAAA' }, [])).toThrow();
    expect(() => checkAnswer(proffer, record, ['A'.repeat(43)])).toThrow();
    expect(checkAnswer(proffer, record, [record.second_party.key])).toEqual(record);
  });
});

describe('revocation at the site (protocol.md 11.7)', () => {
  it('the brand keeps a valid revocation across a restart, answers a retry with the same receipt, and refuses any other', async () => {
    const dataDir = freshDir();
    const b = await start({ dataDir });
    const { record, keys, declared } = await profferTo(b);
    const vrm = await discover(b.url);
    const call = { endpoint: declared.endpoint!, brand: { origin: b.url, brandKeys: vrm.brandKeys }, keys };
    const revocation = buildRevocation(record, keys);
    expect(verifyRevocation(revocation, record).ok).toBe(true);

    // Refused: a request by another key than the revocation's; a revocation changed after signing;
    // one naming a record the brand does not hold.
    const other = generateBrandKeys();
    expect(await errorOf(sendRevocation({ ...call, keys: other, revocation }))).toMatchObject({ detail: 'bad_request' });
    const redated = { ...revocation, revoked_at: '2099-01-01T00:00:00.000Z' };
    expect(await errorOf(sendRevocation({ ...call, revocation: redated }))).toMatchObject({ detail: 'signature_invalid' });
    const unknown = buildRevocation({ ...record, id: 'AAAAAAAAAAAAAAAAAAAAAA' }, keys);
    expect(await errorOf(sendRevocation({ ...call, revocation: unknown }))).toMatchObject({ code: 'errBrandNotFound' });
    expect(b.brand.revocations()).toEqual([]);

    await sendRevocation({ ...call, revocation });
    await sendRevocation({ ...call, revocation });
    // Another revocation of the same record (made on a second device before it synced): confirmed, the first stands.
    const later = buildRevocation(record, keys, Date.parse(revocation.revoked_at) + 60_000);
    expect(later.signature).not.toBe(revocation.signature);
    await sendRevocation({ ...call, revocation: later });
    expect(b.brand.revocations().map((r) => r.revocation)).toEqual([revocation]);
    expect(b.brand.agreements()).toEqual([record]);
    await b.close();
    const b2 = await start({ dataDir, port: Number(new URL(b.url).port) });
    expect(b2.brand.revocations().map((r) => r.revocation)).toEqual([revocation]);
    expect(b2.brand.agreements()).toEqual([record]);
  });

  it('a counter cannot be revoked: nothing was agreed', async () => {
    const b = await start({ myterms: { accepts: ['SD-BASE-MKT'], onOther: 'counter' } });
    const { record, keys, declared } = await profferTo(b);
    expect(record.decision).toBe('counter');
    const revocation = buildRevocation(record, keys);
    expect(verifyRevocation(revocation, record).checks.find((c) => !c.ok)?.name).toBe('revoked agreement was accepted');
    const vrm = await discover(b.url);
    expect(
      await errorOf(sendRevocation({ endpoint: declared.endpoint!, brand: { origin: b.url, brandKeys: vrm.brandKeys }, keys, revocation })),
    ).toMatchObject({ detail: 'bad_request' });
    expect(b.brand.revocations()).toEqual([]);
  });
});

describe('the reference brand run by plain node (npm run demo:brand)', () => {
  it("bundles the extension's MyTerms code at start and answers a proffer with a record both implementations verify", async () => {
    // Node cannot import the TypeScript vitest imports for the brand: demo/brand/extension.mjs bundles it there.
    const child = spawn(process.execPath, [join(ROOT, 'demo/brand/server.mjs')], {
      env: { PATH: process.env.PATH, PORT: '0', BRAND_DATA: freshDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)\/\.well-known\/vrm\.json/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.stderr.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.on('exit', (code) => reject(new Error(`the brand exited (${code}): ${out}`)));
      });
      const { record } = await profferTo({ url });
      expect(record.decision).toBe('accept');
      expect(recordProblem(record)).toBeNull();
      expect(verifyRecord(record)).toMatchObject({ ok: true });
    } finally {
      child.kill();
    }
  });
});
