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
import { buildProffer, sendProffer } from '../../protocol/myterms';
import { generateBrandKeys } from '../../protocol/sign';
import { agreementInForce, byStored } from '../../shared/agreements';
import type { Msg, SiteTermsReply } from '../../shared/messages';
import { DEFAULT_AGREEMENT, jurisdictionOf, rosterAgreement, siteTermsStatus } from '../../shared/myterms';
import type { Agreement, Brand } from '../../shared/records';
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
  async function declaration(site: string, discovered: DiscoveredBrand | null): Promise<SiteTermsDeclaration> {
    let wellKnown: SiteTermsDeclaration | undefined;
    try {
      wellKnown = await fetchMyTerms(site);
    } catch {
      wellKnown = undefined; // unreadable: the site says nothing we can use
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
    'agreements/list': async (m: Msg<'agreements/list'>) => {
      const { records } = m.site ? await vault.bySite('agreements', new URL(m.site).origin) : await vault.list('agreements');
      return { agreements: records.sort(byStored) };
    },
  };
}
