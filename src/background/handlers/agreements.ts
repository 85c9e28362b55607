/**
 * MyTerms agreements (IEEE 7012; docs/protocol.md section 11): what a site says it accepts, proffering
 * the person's agreement, and the records kept. Extension pages only; the vault must be unlocked
 * (the agreement in force is in the person's terms, the pairwise keys in the brand records).
 *
 * - `myterms/site`: reads the site's /.well-known/myterms.json and vrm.json `terms` (discovery
 *   limits), and answers accepts / other / silent, which agreements, whether it takes proffers, and
 *   the records kept for the site.
 * - `myterms/proffer`: proffers one roster agreement (the one the terms in force name, by default),
 *   signed with the pairwise key for the site; stores the site's signed answer as it came. A counter
 *   is stored and shown, never agreed to: agreeing is another proffer, of the counter agreement.
 * - `agreements/list`: the records kept, for one site or all.
 * - `agreements/keep-mine`: after a counter, the person keeps their own terms: remembered on the
 *   counter record (an event), so the counter is not put to them again until their terms change or
 *   they clear it (`keep: false`).
 * - `agreements/revoke`: revokes an accepted agreement: a revocation signed with the pairwise key
 *   that proffered it, kept beside the record (which is never changed), and sent to the site's
 *   agreement endpoint when it declares one. Called again on a revoked record, it resends the same
 *   revocation (a site that could not be reached hears it later).
 */
import {
  type DiscoveredBrand,
  discover,
  fetchMyTerms,
  pinnedKeysOf,
  pinnedKeysRecord,
  type SiteTermsDeclaration,
} from '../../protocol/client';
import { ProtocolError } from '../../protocol/errors';
import { buildProffer, buildRevocation, sendProffer, sendRevocation } from '../../protocol/myterms';
import { generateBrandKeys, wireKey } from '../../protocol/sign';
import { agreementInForce, byStored, keptMineAt, revocationOf, revocationSent } from '../../shared/agreements';
import type { Msg, SiteTermsReply } from '../../shared/messages';
import { DEFAULT_AGREEMENT, jurisdictionOf, rosterAgreement, siteTermsStatus } from '../../shared/myterms';
import type { Agreement, AgreementEvent, Brand } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { withRotation } from '../intents/brand-keys';
import { HandledError } from '../router';
import { activeTerms } from '../terms';

const KEY_ERRORS = new Set(['errBrandKeyMissing', 'errBrandKeyChanged']);

export interface AgreementsOptions {
  now?: () => number;
  /** The person's language tag, for the jurisdiction; navigator.language by default. */
  language?: () => string | undefined;
}

export function agreementHandlers(vault: Vault, opts: AgreementsOptions = {}) {
  const now = opts.now ?? Date.now;
  const language = opts.language ?? (() => (typeof navigator === 'undefined' ? undefined : navigator.language));

  async function stored(site: string): Promise<Agreement[]> {
    return (await vault.bySite('agreements', site)).records.sort(byStored);
  }

  /** The record with `events` added (the record itself, and the events before, stay as they were). */
  async function addEvents(a: Agreement, events: AgreementEvent[]): Promise<Agreement> {
    if (events.length === 0) return a;
    const latest = (await vault.get('agreements', a.id)) ?? a;
    const all = [...(latest.events ?? []), ...events];
    // Bounded: the revocation always stays; of the rest (choices, delivery attempts) the latest 100.
    const rest = all.filter((e) => e.type !== 'revoked');
    const trimmed = rest.length > 100 ? all.filter((e) => e.type === 'revoked' || rest.indexOf(e) >= rest.length - 100) : all;
    return vault.put('agreements', { ...latest, events: trimmed });
  }

  async function brandFor(site: string): Promise<Brand | undefined> {
    return (await vault.bySite('brands', site)).records.sort((a, b) => b.addedAt - a.addedAt)[0];
  }

  /** vrm.json with the pinned keys; null when the site has none or it cannot be read (key changes are errors). */
  async function discoverPinned(site: string, existing: Brand | undefined): Promise<DiscoveredBrand | null> {
    const pinned = pinnedKeysOf(existing);
    try {
      return await discover(site, pinned ? { pinned } : {});
    } catch (e) {
      if (e instanceof ProtocolError && KEY_ERRORS.has(e.code)) throw new HandledError(e.code, e.detail);
      return null;
    }
  }

  /** Both declarations merged: myterms.json first, then vrm.json `terms`; the first endpoint found. */
  async function declaration(site: string, discovered: DiscoveredBrand | null, strict = false): Promise<SiteTermsDeclaration> {
    let wellKnown: SiteTermsDeclaration | undefined;
    try {
      wellKnown = await fetchMyTerms(site);
    } catch (e) {
      // Unreadable: the site says nothing we can use (strict: the caller tells "unreachable" from "says nothing").
      if (strict) throw e;
      wellKnown = undefined;
    }
    const byId = new Map<string, { id: string; url?: string }>();
    for (const a of [...(wellKnown?.agreements ?? []), ...(discovered?.terms?.agreements ?? [])]) if (!byId.has(a.id)) byId.set(a.id, a);
    const agreements = [...byId.values()];
    const endpoint = wellKnown?.endpoint ?? discovered?.terms?.endpoint;
    return { agreements, ...(endpoint ? { endpoint } : {}) };
  }

  async function siteState(site: string): Promise<SiteTermsReply> {
    const terms = await activeTerms(vault);
    const mine = rosterAgreement(terms?.agreementId);
    const existing = await brandFor(site);
    const decl = await declaration(site, await discoverPinned(site, existing).catch(() => null));
    const records = await stored(site);
    const latest = records[0];
    const keptAt = latest ? keptMineAt(latest, terms?.id) : null;
    return {
      status: siteTermsStatus(mine?.id, decl.agreements),
      agreements: decl.agreements.map((a) => {
        const known = rosterAgreement(a.id);
        return { id: a.id, ...(known ? { title: known.title } : {}), ...(a.url ? { url: a.url } : {}) };
      }),
      mine: mine ? { id: mine.id, title: mine.title } : null,
      canProffer: Boolean(decl.endpoint),
      kept: records,
      inForce: agreementInForce(records),
      keptMine: keptAt !== null && latest ? { id: latest.id, at: keptAt } : null,
    };
  }

  return {
    'myterms/site': async (m: Msg<'myterms/site'>) => siteState(new URL(m.origin).origin),
    'myterms/proffer': async (m: Msg<'myterms/proffer'>) => {
      const site = new URL(m.origin).origin;
      const terms = await activeTerms(vault);
      const agreement = rosterAgreement(m.agreementId ?? terms?.agreementId ?? DEFAULT_AGREEMENT);
      if (!agreement) throw new HandledError('errInvalidMessage');
      const existing = await brandFor(site);
      const discovered = await discoverPinned(site, existing);
      const decl = await declaration(site, discovered);
      if (!decl.endpoint) throw new HandledError('errAgreementNoEndpoint');
      const endpoint = decl.endpoint;
      const brand: Brand = {
        ...(existing ?? { id: crypto.randomUUID(), origin: site, acceptedTerms: [], inIntentList: false, brandKeys: [], addedAt: now() }),
        ...(discovered
          ? {
              name: discovered.name,
              acceptedTerms: discovered.acceptedTerms.slice(0, 50),
              ...pinnedKeysRecord(existing, discovered, now()),
            }
          : {}),
        keys: existing?.keys ?? generateBrandKeys(),
      } as Brand;
      await vault.put('brands', brand);
      const keys = brand.keys!;
      const proffer = buildProffer({ agreement, origin: site, keys, jurisdiction: jurisdictionOf(language()), now: now() });
      let record: Agreement['record'];
      try {
        record = await withRotation(vault, brand, (b) =>
          sendProffer({ endpoint, brand: { origin: site, brandKeys: b.brandKeys ?? [] }, keys, proffer }),
        );
      } catch (e) {
        if (e instanceof ProtocolError) throw new HandledError(e.code, e.detail);
        throw e;
      }
      const kept = await vault.put('agreements', {
        id: crypto.randomUUID(),
        site,
        brandId: brand.id,
        ...(terms ? { termsId: terms.id } : {}),
        record,
        storedAt: now(),
      });
      return { agreement: kept };
    },
    'agreements/keep-mine': async (m: Msg<'agreements/keep-mine'>) => {
      const kept = await vault.get('agreements', m.id);
      if (kept?.record.decision !== 'counter') throw new HandledError('errNotFound');
      let event: AgreementEvent = { type: 'ask-again', at: now() };
      if (m.keep) {
        const terms = await activeTerms(vault);
        if (!terms) throw new HandledError('errNotFound');
        event = { type: 'kept-mine', at: now(), termsId: terms.id };
      }
      return { agreement: await addEvents(kept, [event]) };
    },
    'agreements/revoke': async (m: Msg<'agreements/revoke'>) => {
      const kept = await vault.get('agreements', m.id);
      if (kept?.record.decision !== 'accept') throw new HandledError('errNotFound');
      const brand = kept.brandId ? await vault.get('brands', kept.brandId) : await brandFor(kept.site);
      const keys = brand?.keys;
      // Only the pairwise key that proffered can sign the revocation: without it there is nothing to sign with.
      if (!brand || !keys || wireKey(keys.publicKey) !== kept.record.first_party.key) throw new HandledError('errAgreementKey');
      const events: AgreementEvent[] = [];
      let revocation = revocationOf(kept);
      if (!revocation) {
        revocation = buildRevocation(kept.record, keys, now());
        events.push({ type: 'revoked', at: now(), revocation });
      }
      // Revoked here first: whatever the site does, the person's copy says so from now on.
      let agreement = await addEvents(kept, events);
      let sent: AgreementEvent;
      try {
        const decl = await declaration(kept.site, await discoverPinned(kept.site, brand).catch(() => null), true);
        const endpoint = decl.endpoint;
        const v = revocation;
        if (endpoint) {
          await withRotation(vault, brand, (b) =>
            sendRevocation({ endpoint, brand: { origin: kept.site, brandKeys: b.brandKeys ?? [] }, keys, revocation: v }),
          );
          sent = { type: 'revocation-sent', at: now(), outcome: 'delivered' };
        } else sent = { type: 'revocation-sent', at: now(), outcome: 'no-endpoint' };
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        sent = { type: 'revocation-sent', at: now(), outcome: 'failed', error: e.code };
      }
      agreement = await addEvents(agreement, [sent]);
      return { agreement };
    },
    'agreements/list': async (m: Msg<'agreements/list'>) => {
      const { records } = m.site ? await vault.bySite('agreements', new URL(m.site).origin) : await vault.list('agreements');
      return { agreements: records.sort(byStored) };
    },
  };
}

/** How many times a revocation is handed to a site before Proffer stops trying by itself (a day at one try per half hour). */
export const MAX_REVOCATION_TRIES = 48;

/**
 * Revocations the site could not be given, sent again (from the requests alarm, every half hour while
 * the vault is open), each until it is delivered or has been tried MAX_REVOCATION_TRIES times; the
 * person can always send one again from the ledger. `revoke` is the `agreements/revoke` handler.
 * Returns how many were tried.
 */
export async function retryRevocations(vault: Vault, revoke: (id: string) => Promise<unknown>): Promise<number> {
  const { records } = await vault.list('agreements');
  let tried = 0;
  for (const a of records) {
    if (!revocationOf(a) || revocationSent(a)?.outcome !== 'failed') continue;
    if ((a.events ?? []).filter((e) => e.type === 'revocation-sent').length >= MAX_REVOCATION_TRIES) continue;
    tried++;
    await revoke(a.id).catch(() => undefined);
  }
  return tried;
}
