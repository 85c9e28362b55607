/**
 * What the person does about a MyTerms record later (issue 14), on a real vault against reference
 * brands over real HTTP: keeping their own terms after a counter is remembered for the site (until
 * their terms change or they ask again), and revoking an accepted agreement keeps the record as it
 * was with a revocation signed by the pairwise key beside it, hands it to the site (which keeps it),
 * takes the agreement out of force, and verifies with both implementations; tampering is caught.
 */
import { describe, expect, it } from 'vitest';
import { verifyRecord, verifyRevocation } from '../../demo/brand/agreement.mjs';
import { agreementHandlers, MAX_REVOCATION_TRIES, retryRevocations } from '../../src/background/handlers/agreements';
import { ledgerHandlers } from '../../src/background/handlers/ledger';
import { requestHandlers } from '../../src/background/handlers/requests';
import { HandledError } from '../../src/background/router';
import { activeTerms, saveTerms } from '../../src/background/terms';
import { revocationProblem } from '../../src/protocol/myterms';
import { agreementInForce, revocationOf, revocationSent } from '../../src/shared/agreements';
import { AgreementSchema } from '../../src/shared/records';
import { presetDraft } from '../../src/shared/terms';
import { unionMerge } from '../../src/sync/merge';
import { brandFixture } from './brand-fixture';
import { createdVault } from './vault-fixture';

const { start, freshDir } = brandFixture('proffer-agreement-choices-');

async function setup() {
  const { vault } = await createdVault();
  // A clock a second ahead at each read: every event has its own time.
  let clock = Date.now();
  const now = () => (clock = Math.max(clock + 1000, Date.now()));
  const a = agreementHandlers(vault, { language: () => 'de-DE', now });
  return { vault, a };
}

const codeOf = (e: unknown): string | undefined => (e instanceof HandledError ? e.code : undefined);

describe('keeping my terms after a counter', () => {
  it('is remembered for the site until the terms change or the person asks again', async () => {
    const { vault, a } = await setup();
    const b = await start({ myterms: { accepts: ['SD-BASE-MKT'], onOther: 'counter' } });
    const { agreement: counter } = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    expect(counter.record.decision).toBe('counter');
    expect((await a['myterms/site']({ type: 'myterms/site', origin: b.url })).keptMine).toBeNull();

    const kept = await a['agreements/keep-mine']({ type: 'agreements/keep-mine', id: counter.id, keep: true });
    // The record both parties hold is untouched; the choice is beside it.
    expect(kept.agreement.record).toEqual(counter.record);
    expect(kept.agreement.events?.map((e) => e.type)).toEqual(['kept-mine']);
    // Asked again later (another popup, a restarted background): still kept.
    const again = agreementHandlers(vault, { language: () => 'de-DE' });
    const site = await again['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(site.keptMine).toEqual({ id: counter.id, at: kept.agreement.events![0]!.at });
    expect(site.inForce).toBeNull();
    // The site was told nothing: it holds only the counter.
    expect(b.brand.agreements().map((r) => r.decision)).toEqual(['counter']);

    // New terms: the choice was about the old ones, so the counter is put to the person again.
    const before = await activeTerms(vault);
    const changed = await saveTerms(vault, { ...presetDraft('leave-me-alone') });
    expect(changed.id).not.toBe(before!.id);
    expect((await a['myterms/site']({ type: 'myterms/site', origin: b.url })).keptMine).toBeNull();

    // Kept again under the new terms, then cleared by the person.
    await a['agreements/keep-mine']({ type: 'agreements/keep-mine', id: counter.id, keep: true });
    expect((await a['myterms/site']({ type: 'myterms/site', origin: b.url })).keptMine?.id).toBe(counter.id);
    const cleared = await a['agreements/keep-mine']({ type: 'agreements/keep-mine', id: counter.id, keep: false });
    expect(cleared.agreement.events?.map((e) => e.type)).toEqual(['kept-mine', 'kept-mine', 'ask-again']);
    expect((await a['myterms/site']({ type: 'myterms/site', origin: b.url })).keptMine).toBeNull();

    // A newer record (the person agrees to the counter) is what the popup shows from then on.
    await a['agreements/keep-mine']({ type: 'agreements/keep-mine', id: counter.id, keep: true });
    await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url, agreementId: 'SD-BASE-MKT' });
    const agreed = await a['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(agreed.keptMine).toBeNull();
    expect(agreed.inForce?.record.agreement.id).toBe('SD-BASE-MKT');
    // Only a counter can be kept against.
    expect(
      codeOf(await a['agreements/keep-mine']({ type: 'agreements/keep-mine', id: agreed.inForce!.id, keep: true }).catch((e) => e)),
    ).toBe('errNotFound');
  });
});

describe('revoking an agreement', () => {
  it('keeps the record, signs a revocation with the pairwise key, hands it to the site, and ends the agreement', async () => {
    const { vault, a } = await setup();
    const b = await start();
    const { agreement } = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    expect(agreement.record.decision).toBe('accept');

    const { agreement: revoked } = await a['agreements/revoke']({ type: 'agreements/revoke', id: agreement.id });
    expect(revoked.record).toEqual(agreement.record);
    expect(revoked.events?.map((e) => e.type)).toEqual(['revoked', 'revocation-sent']);
    expect(revocationSent(revoked)?.outcome).toBe('delivered');
    const revocation = revocationOf(revoked)!;
    expect(revocation).toMatchObject({
      format: 'myterms-revocation',
      id: agreement.record.id,
      agreement: agreement.record.agreement,
      first_party: agreement.record.first_party,
      second_party: { origin: b.url },
      record_signature: agreement.record.signatures.second_party,
    });
    // Signed with the very key that proffered (the brand record's), checked by both implementations.
    const brand = (await vault.bySite('brands', b.url)).records[0]!;
    expect(agreement.brandId).toBe(brand.id);
    expect(revocationProblem(revocation, agreement.record)).toBeNull();
    expect(verifyRevocation(revocation, agreement.record).ok).toBe(true);
    // The site holds it durably, beside the unchanged record.
    expect(b.brand.revocations().map((r) => r.revocation)).toEqual([revocation]);
    expect(b.brand.agreements()).toEqual([agreement.record]);

    // Out of force from the revocation on; shares made before stay under it.
    const site = await a['myterms/site']({ type: 'myterms/site', origin: b.url });
    expect(site.inForce).toBeNull();
    expect(site.kept).toHaveLength(1);
    const revokedMs = Date.parse(revocation.revoked_at);
    expect(agreementInForce([revoked], revokedMs - 1)?.id).toBe(agreement.id);
    expect(agreementInForce([revoked], revokedMs)).toBeNull();
    // A request written now cites no agreement.
    await requestHandlers(vault).handlers['requests/create']({
      type: 'requests/create',
      site: b.url,
      exercise: 'deletion',
      law: 'gdpr',
      identifiers: [],
    });
    expect(b.brand.requests()[0]!.agreement).toBeUndefined();

    // The ledger export carries the revocation beside the record; both verify.
    const exported = JSON.parse((await ledgerHandlers(vault)['ledger/export']({ type: 'ledger/export', format: 'json' })).data);
    expect(exported.agreements).toEqual([{ site: b.url, storedAt: agreement.storedAt, record: agreement.record, revocation }]);
    expect(verifyRecord(exported.agreements[0].record).ok).toBe(true);

    // Again: the same revocation is sent again, never a second one; the site keeps its first.
    const { agreement: twice } = await a['agreements/revoke']({ type: 'agreements/revoke', id: agreement.id });
    expect(twice.events?.map((e) => e.type)).toEqual(['revoked', 'revocation-sent', 'revocation-sent']);
    expect(revocationOf(twice)).toEqual(revocation);
    expect(b.brand.revocations()).toHaveLength(1);
  });

  it('a site that cannot be reached is recorded as not told, and told when sent again; one without an endpoint as not sent; only accepted records can be revoked', async () => {
    const { vault, a } = await setup();
    const dataDir = freshDir();
    const b = await start({ dataDir });
    const { agreement } = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    const port = Number(new URL(b.url).port);
    await b.close();
    const { agreement: offline } = await a['agreements/revoke']({ type: 'agreements/revoke', id: agreement.id });
    expect(revocationSent(offline)).toMatchObject({ outcome: 'failed', error: 'errBrandUnreachable' });
    expect(revocationOf(offline)).not.toBeNull();

    // The alarm's retry: tried while the site is still down, then delivered once it is back; never again after.
    const revoke = (id: string) => a['agreements/revoke']({ type: 'agreements/revoke', id });
    expect(await retryRevocations(vault, revoke)).toBe(1);
    expect(revocationSent((await vault.get('agreements', agreement.id))!)?.outcome).toBe('failed');
    const back = await start({ dataDir, port });
    expect(await retryRevocations(vault, revoke)).toBe(1);
    const told = (await vault.get('agreements', agreement.id))!;
    expect(revocationSent(told)?.outcome).toBe('delivered');
    expect(told.events?.filter((e) => e.type === 'revocation-sent')).toHaveLength(3);
    expect(back.brand.revocations().map((r) => r.revocation)).toEqual([revocationOf(offline)]);
    expect(await retryRevocations(vault, revoke)).toBe(0);

    // A site that no longer declares an endpoint: the revocation stands here, recorded as not sent.
    const second = await a['myterms/proffer']({ type: 'myterms/proffer', origin: back.url });
    await back.close();
    const quiet = await start({ dataDir, port, myterms: { endpoint: false } });
    const { agreement: unsent } = await a['agreements/revoke']({ type: 'agreements/revoke', id: second.agreement.id });
    expect(revocationSent(unsent)?.outcome).toBe('no-endpoint');
    expect(revocationOf(unsent)?.id).toBe(second.agreement.record.id);
    expect(quiet.brand.revocations().map((r) => r.revocation.id)).toEqual([agreement.record.id]);

    const no = await start({ myterms: { accepts: ['SD-BASE-ANALYTICS'], onOther: 'decline' } });
    const declined = await a['myterms/proffer']({ type: 'myterms/proffer', origin: no.url });
    expect(codeOf(await a['agreements/revoke']({ type: 'agreements/revoke', id: declined.agreement.id }).catch((e) => e))).toBe(
      'errNotFound',
    );
  });

  it('a revocation changed after signing, or naming another record, fails verification (both implementations)', async () => {
    const { a } = await setup();
    const b = await start();
    const first = (await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url })).agreement;
    const { agreement } = await a['agreements/revoke']({ type: 'agreements/revoke', id: first.id });
    const v = revocationOf(agreement)!;
    const later = { ...v, revoked_at: '2030-01-01T00:00:00.000Z' };
    expect(revocationProblem(later, first.record)).toBe('signature');
    const node = verifyRevocation(later, first.record);
    expect(node.ok).toBe(false);
    expect(node.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['revocation signature']);
    const other = { ...first.record, signatures: { ...first.record.signatures, second_party: v.signature } };
    expect(revocationProblem(v, other)).toBe('record_mismatch');
    expect(verifyRevocation(v, other).checks.find((c) => c.name === 'revocation names the record')?.ok).toBe(false);
  });

  it('two devices: their events on one record merge by union when the vault syncs, so no revocation is lost', async () => {
    const { a } = await setup();
    const b = await start();
    const { agreement } = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    const { agreement: here } = await a['agreements/revoke']({ type: 'agreements/revoke', id: agreement.id });
    // The other device only tried to send it later and failed (its own attempt, its own time).
    const there = {
      ...agreement,
      events: [{ type: 'revocation-sent' as const, at: here.events!.at(-1)!.at + 5000, outcome: 'failed' as const }],
    };
    const merged = AgreementSchema.parse(unionMerge(there, here));
    expect(merged.record).toEqual(agreement.record);
    expect(merged.events?.map((e) => e.type)).toEqual(['revoked', 'revocation-sent', 'revocation-sent']);
    expect(revocationOf(merged)).toEqual(revocationOf(here));
  });

  it('the alarm stops trying a revocation by itself after MAX_REVOCATION_TRIES attempts', async () => {
    const { vault, a } = await setup();
    const b = await start();
    const { agreement } = await a['myterms/proffer']({ type: 'myterms/proffer', origin: b.url });
    await b.close();
    const revoke = (id: string) => a['agreements/revoke']({ type: 'agreements/revoke', id });
    await revoke(agreement.id);
    for (let i = 1; i < MAX_REVOCATION_TRIES; i++) expect(await retryRevocations(vault, revoke)).toBe(1);
    expect(await retryRevocations(vault, revoke)).toBe(0);
  });
});
