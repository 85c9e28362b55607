/**
 * Data-rights requests: to the brand's declared endpoint, signed with the person's pairwise key for
 * that brand, or, when the brand declares none, written as an email with its legal deadline.
 * Statuses follow the Data Rights Protocol. A brand that answers garbage, too much, elsewhere,
 * slowly or never leaves a clear status and a request that can be retried; nothing is lost.
 */
import { type DiscoveredBrand, discover, pinnedKeysOf, pinnedKeysRecord } from '../../protocol/client';
import { dataRightsTarget, fetchStatus, newAgentRequestId, revokeRequest, sendDataRightsRequest } from '../../protocol/data-rights';
import { endOfLocalDay, legalDeadline, localDate } from '../../protocol/deadline';
import { buildRequestEmail } from '../../protocol/email';
import { ProtocolError } from '../../protocol/errors';
import { identityFromFields } from '../../protocol/identifiers';
import type { StatusDocument } from '../../protocol/schemas';
import { generateBrandKeys } from '../../protocol/sign';
import { agreementInForce } from '../../shared/agreements';
import type { EmailDraft, Msg } from '../../shared/messages';
import { identifiersReceivedBy } from '../../shared/received';
import type { Brand, DataRightsRequest } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { withRotation } from '../intents/brand-keys';
import { HandledError } from '../router';
import { activeTerms } from '../terms';

const FINAL = new Set(['fulfilled', 'denied', 'expired', 'revoked']);

/** Protocol errors keep their code (an i18n key); anything else is internal. */
function rethrow(e: unknown): never {
  if (e instanceof ProtocolError) throw new HandledError(e.code, e.detail);
  throw e;
}

export function requestHandlers(vault: Vault) {
  async function brandFor(site: string): Promise<Brand | undefined> {
    return (await vault.bySite('brands', site)).records.sort((a, b) => b.addedAt - a.addedAt)[0];
  }

  /**
   * The brand record for a site, refreshed from its vrm.json; the pairwise key is made once and kept.
   * Response keys are pinned on first contact: a vrm.json that drops or swaps them without a valid
   * rotation statement is refused (errBrandKeyMissing, errBrandKeyChanged), and one that cannot be
   * read leaves the pinned keys as they are.
   */
  async function discoverBrand(site: string): Promise<{ brand: Brand; discovered: DiscoveredBrand | null }> {
    const existing = await brandFor(site);
    const pinned = pinnedKeysOf(existing);
    let discovered: DiscoveredBrand | null = null;
    try {
      discovered = await discover(site, pinned ? { pinned } : {});
    } catch (e) {
      if (!(e instanceof ProtocolError) || (e.code !== 'errBrandNoDiscovery' && e.code !== 'errBrandGarbage')) rethrow(e);
    }
    const brand: Brand = {
      ...(existing ?? {
        id: crypto.randomUUID(),
        origin: site,
        acceptedTerms: [],
        inIntentList: false,
        brandKeys: [],
        addedAt: Date.now(),
      }),
      ...(discovered
        ? {
            name: discovered.name,
            acceptedTerms: discovered.acceptedTerms.slice(0, 50),
            ...pinnedKeysRecord(existing, discovered, Date.now()),
            ...(discovered.dataRights ? { dataRightsEndpoint: discovered.dataRights.endpoint } : {}),
            ...(discovered.intents ? { intentEndpoint: discovered.intents.endpoint } : {}),
            ...(discovered.contact?.email ? { contactEmail: discovered.contact.email } : {}),
          }
        : {}),
      keys: existing?.keys ?? generateBrandKeys(),
    } as Brand;
    await vault.put('brands', brand);
    return { brand, discovered };
  }

  const target = (brand: Brand) => ({ origin: brand.origin, endpoint: brand.dataRightsEndpoint!, brandKeys: brand.brandKeys ?? [] });

  function applyStatus(r: DataRightsRequest, st: StatusDocument): DataRightsRequest {
    const now = Date.now();
    const next: DataRightsRequest = { ...r, remoteId: st.request_id, status: st.status };
    delete next.lastError;
    if (st.reason) next.reason = String(st.reason).slice(0, 2000);
    if (st.expected_by) next.deadline = Date.parse(st.expected_by) || r.deadline;
    if (FINAL.has(st.status)) next.answeredAt = r.answeredAt ?? now;
    if (r.status !== st.status)
      next.history = [...r.history, { status: st.status, at: now, ...(next.reason ? { reason: next.reason } : {}) }].slice(-200);
    return next;
  }

  /** Send (or re-send, with the same agent id) a request that has no remote id yet. */
  async function submit(r: DataRightsRequest, brand: Brand): Promise<DataRightsRequest> {
    const terms = await activeTerms(vault);
    // The MyTerms agreement in force with this site, if any, is cited with the request.
    const inForce = agreementInForce((await vault.bySite('agreements', r.site)).records)?.record;
    try {
      const keys = brand.keys!;
      const st = await withRotation(vault, brand, (b) =>
        sendDataRightsRequest({
          target: target(b),
          keys,
          request: {
            exercise: r.exercise,
            regime: r.law,
            identity: identityFromFields(r.identifiers),
            agentRequestId: r.agentRequestId!,
            ...(terms?.uri ? { terms: { uri: terms.uri, sha256: terms.sha256 } } : {}),
            ...(inForce ? { agreement: { id: inForce.agreement.id, sha256: inForce.agreement.sha256, record_id: inForce.id } } : {}),
          },
        }),
      );
      return applyStatus(r, st);
    } catch (e) {
      if (e instanceof ProtocolError && e.retryable) return { ...r, lastError: e.code };
      rethrow(e);
    }
  }

  async function load(id: string): Promise<DataRightsRequest> {
    const r = await vault.get('requests', id);
    if (!r) throw new HandledError('errNotFound');
    return r;
  }

  /** Poll one request: send it if it never reached the brand, else ask for its status. */
  async function refresh(r: DataRightsRequest): Promise<DataRightsRequest> {
    if (r.channel !== 'endpoint' || FINAL.has(r.status)) return r;
    const brand = r.brandId ? await vault.get('brands', r.brandId) : await brandFor(r.site);
    if (!brand?.keys || !brand.dataRightsEndpoint) throw new HandledError('errBrandNoEndpoint');
    let next: DataRightsRequest;
    if (!r.remoteId) next = await submit(r, brand);
    else {
      try {
        const { keys } = brand;
        const requestId = r.remoteId;
        next = applyStatus(r, await withRotation(vault, brand, (b) => fetchStatus({ target: target(b), keys, requestId })));
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        next = { ...r, lastError: e.code };
      }
    }
    await vault.put('requests', next);
    return next;
  }

  return {
    refresh,
    handlers: {
      'requests/create': async (m: Msg<'requests/create'>) => {
        const site = new URL(m.site).origin;
        // Only what this origin itself received: never a value a cross-origin frame on its pages got.
        const identifiers = identifiersReceivedBy((await vault.bySite('shares', site)).records, site, m.identifiers);
        const { brand, discovered } = await discoverBrand(site);
        const now = Date.now();
        const sentOn = localDate(now);
        const base: DataRightsRequest = {
          id: crypto.randomUUID(),
          brandId: brand.id,
          site,
          exercise: m.exercise,
          channel: 'endpoint',
          law: m.law,
          status: 'open',
          identifiers: identifiers.map(({ token, value }) => ({ token, value: value.slice(0, 400) })),
          createdAt: now,
          deadline: endOfLocalDay(legalDeadline(m.law, m.exercise, sentOn)),
          history: [{ status: 'open', at: now }],
        };
        let endpointOk = false;
        if (discovered) {
          try {
            dataRightsTarget(discovered, m.exercise, m.law);
            endpointOk = true;
          } catch {
            endpointOk = false;
          }
        }
        if (endpointOk) {
          const request = await submit({ ...base, agentRequestId: newAgentRequestId() }, brand);
          await vault.put('requests', request);
          return { request };
        }
        // No endpoint: an email the person sends themselves, tracked until they mark it answered.
        const mail = buildRequestEmail({
          exercise: m.exercise,
          regime: m.law,
          brandName: brand.name ?? new URL(site).host,
          site: new URL(site).host,
          ...(brand.contactEmail ? { to: brand.contactEmail } : {}),
          identifiers,
          sentOn,
        });
        const request: DataRightsRequest = { ...base, channel: 'email' };
        await vault.put('requests', request);
        const email: EmailDraft = {
          to: mail.to || null,
          subject: mail.subject,
          body: mail.text,
          mailto: mail.mailto,
          deadline: request.deadline,
        };
        return { request, email };
      },
      'requests/list': async (m: Msg<'requests/list'>) => {
        const { records } = m.site ? await vault.bySite('requests', new URL(m.site).origin) : await vault.list('requests');
        return { requests: records.sort((a, b) => b.createdAt - a.createdAt) };
      },
      'requests/refresh': async (m: Msg<'requests/refresh'>) => ({ request: await refresh(await load(m.id)) }),
      'requests/revoke': async (m: Msg<'requests/revoke'>) => {
        const r = await load(m.id);
        if (FINAL.has(r.status)) return { request: r };
        let next: DataRightsRequest;
        if (r.channel === 'endpoint' && r.remoteId) {
          const brand = r.brandId ? await vault.get('brands', r.brandId) : await brandFor(r.site);
          if (!brand?.keys) throw new HandledError('errNotFound');
          try {
            const { keys } = brand;
            const requestId = r.remoteId;
            next = applyStatus(r, await withRotation(vault, brand, (b) => revokeRequest({ target: target(b), keys, requestId })));
          } catch (e) {
            rethrow(e);
          }
        } else {
          const now = Date.now();
          next = { ...r, status: 'revoked', answeredAt: now, history: [...r.history, { status: 'revoked', at: now }] };
        }
        await vault.put('requests', next);
        return { request: next };
      },
      'requests/mark': async (m: Msg<'requests/mark'>) => {
        const r = await load(m.id);
        if (r.channel !== 'email') throw new HandledError('errInvalidMessage');
        const now = Date.now();
        const next: DataRightsRequest = {
          ...r,
          status: m.status,
          answeredAt: now,
          ...(m.reason ? { reason: m.reason } : {}),
          history: [...r.history, { status: m.status, at: now, ...(m.reason ? { reason: m.reason } : {}) }],
        };
        await vault.put('requests', next);
        return { request: next };
      },
    },
  };
}
