/**
 * The background's MyTerms handlers (src/background/handlers/agreements.ts) on a real vault (over
 * fake-indexeddb) against reference brands over real HTTP: what the popup is told about a site
 * (accepts / other / silent), proffering, the record kept in the vault and in the ledger and its
 * export, and data-rights requests citing the agreement in force.
 */
import { describe, expect, it } from 'vitest';
import { verifyRecord } from '../../demo/brand/agreement.mjs';
import { agreementHandlers } from '../../src/background/handlers/agreements';
import { ledgerHandlers } from '../../src/background/handlers/ledger';
import { requestHandlers } from '../../src/background/handlers/requests';
import { HandledError } from '../../src/background/router';
import { brandFixture } from './brand-fixture';
import { createdVault } from './vault-fixture';

const { start } = brandFixture('proffer-agreements-');

async function setup() {
  const { vault } = await createdVault();
  const a = agreementHandlers(vault, { language: () => 'de-DE' });
  return { vault, a };
}

describe('myterms/site and myterms/proffer', () => {
  it('accepts: proffered, kept in the vault as the brand keeps it, in force, in the ledger and its export, cited by requests', async () => {
    const { vault, a } = await setup();
    const b = await start();
    const before = await a['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(before).toMatchObject({ status: 'accepts', mine: { id: 'SD-BASE' }, canProffer: true, kept: [], inForce: null });
    expect(before.agreements.map((x) => x.id)).toEqual(['SD-BASE', 'PDC-INTENT']);

    const { agreement } = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    expect(agreement.record.decision).toBe('accept');
    expect(agreement.record.jurisdiction).toBe('DE');
    expect(b.brand.agreements()).toEqual([agreement.record]);
    // The pairwise key that signed is the one kept for the brand, and no other brand sees it.
    const brand = (await vault.bySite('brands', b.url)).records[0]!;
    expect(agreement.brandId).toBe(brand.id);
    const after = await a['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(after.inForce?.id).toBe(agreement.id);
    expect(after.kept).toHaveLength(1);

    const l = ledgerHandlers(vault);
    const all = await l['ledger/all']({ type: 'ledger/all' });
    expect(all.sites.find((s) => s.site === b.url)?.agreements?.map((x) => x.record)).toEqual([agreement.record]);
    const exported = JSON.parse((await l['ledger/export']({ type: 'ledger/export', format: 'json' })).data);
    expect(exported.agreements).toEqual([{ site: b.url, storedAt: agreement.storedAt, record: agreement.record }]);
    expect(verifyRecord(exported.agreements[0].record).ok).toBe(true);

    const r = requestHandlers(vault);
    const sent = await r.handlers['requests/create']({
      type: 'requests/create',
      site: b.url,
      exercise: 'deletion',
      law: 'gdpr',
      identifiers: [],
    });
    expect(sent.request.channel).toBe('endpoint');
    expect(b.brand.requests()[0]!.agreement).toEqual({
      id: 'SD-BASE',
      sha256: agreement.record.agreement.sha256,
      record_id: agreement.record.id,
    });
  });

  it('other and counter: the site lists other agreements; the counter is kept, not agreed; agreeing is another proffer', async () => {
    const { a } = await setup();
    const b = await start({ myterms: { accepts: ['SD-BASE-MKT'], onOther: 'counter' } });
    const site = await a['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(site.status).toBe('other');
    expect(site.agreements).toEqual([
      { id: 'SD-BASE-MKT', title: 'Service delivery, and your own offers by email', url: expect.any(String) },
    ]);
    const first = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    expect(first.agreement.record).toMatchObject({ decision: 'counter', counter: { id: 'SD-BASE-MKT' } });
    expect((await a['myterms/site']({ type: 'myterms/site', origin: b.url })).inForce).toBeNull();
    const agreed = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url, agreementId: 'SD-BASE-MKT' });
    expect(agreed.agreement.record.decision).toBe('accept');
    const now = await a['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(now.inForce?.record.agreement.id).toBe('SD-BASE-MKT');
    expect(now.kept.map((k) => k.record.decision)).toEqual(['accept', 'counter']);
  });

  it('silent: no myterms.json, nothing to proffer to; decline is kept and nothing is in force', async () => {
    const { a } = await setup();
    const quiet = await start({ myterms: false });
    expect(await a['myterms/site']({ type: 'myterms/site', origin: quiet.url })).toMatchObject({
      status: 'silent',
      agreements: [],
      canProffer: false,
    });
    const err = await a['myterms/proffer']({ type: 'myterms/proffer', origin: quiet.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandledError);
    expect((err as HandledError).code).toBe('errAgreementNoEndpoint');

    const no = await start({ myterms: { accepts: ['SD-BASE-ANALYTICS'], onOther: 'decline' } });
    const declined = await a['myterms/proffer']({ type: 'myterms/proffer', origin: no.url });
    expect(declined.agreement.record.decision).toBe('decline');
    expect((await a['myterms/site']({ type: 'myterms/site', origin: no.url })).inForce).toBeNull();
  });
});
