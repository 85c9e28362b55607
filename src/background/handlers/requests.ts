/**
 * Data-rights requests: to the brand's declared endpoint, signed with the person's pairwise key for
 * that brand, or, when the brand declares none, written as an email with its legal deadline.
 * Statuses follow the Data Rights Protocol. A brand that answers garbage, too much, elsewhere,
 * slowly or never leaves a clear status and a request that can be retried; nothing is lost.
 */
import { type DiscoveredBrand, discover, pinnedKeysOf, pinnedKeysRecord } from '../../protocol/client';
import { type CompanyContact, companiesFor, type Directory } from '../../protocol/contacts';
import { dataRightsTarget, fetchStatus, newAgentRequestId, revokeRequest, sendDataRightsRequest } from '../../protocol/data-rights';
import { deadlineIn, endOfLocalDay, legalDeadline, localDate } from '../../protocol/deadline';
import { buildRequestEmail } from '../../protocol/email';
import { ProtocolError } from '../../protocol/errors';
import { identityFromFields, isSecretToken } from '../../protocol/identifiers';
import { competentAuthority, type Jurisdiction, jurisdictionFor, regimeOf } from '../../protocol/jurisdiction';
import { buildComplaint, buildReminder, dueAfterAnswer, originalLetter, type SentRequest, timeline } from '../../protocol/letters';
import { type LetterLang, letterLang, TEMPLATES } from '../../protocol/letters-text';
import type { StatusDocument } from '../../protocol/schemas';
import { generateBrandKeys } from '../../protocol/sign';
import type { ContactCompany, EmailDraft, LetterDraft, Msg } from '../../shared/messages';
import { identifiersReceivedBy, receivedBySite } from '../../shared/received';
import type { Brand, DataRightsRequest, Share } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { directory } from '../contacts';
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
  async function discoverBrand(site: string, lenient = false): Promise<{ brand: Brand; discovered: DiscoveredBrand | null }> {
    const existing = await brandFor(site);
    const pinned = pinnedKeysOf(existing);
    let discovered: DiscoveredBrand | null = null;
    try {
      discovered = await discover(site, pinned ? { pinned } : {});
    } catch (e) {
      // A letter to a directory company needs no endpoint: any protocol failure (a plain-http site,
      // a site that is down) only means the request goes by letter.
      const ignorable = e instanceof ProtocolError && (lenient || e.code === 'errBrandNoDiscovery' || e.code === 'errBrandGarbage');
      if (!ignorable) rethrow(e);
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
        const { brand, discovered } = await discoverBrand(site, m.company !== undefined);
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
        // No endpoint: a letter the person sends themselves (email, the company's web form, or post),
        // tracked until they mark it answered.
        const company = m.company ? await companyOf(site, m.company) : undefined;
        const jurisdiction: Jurisdiction = m.residence ? jurisdictionFor(m.residence, company) : m.law === 'ccpa' ? 'us-ca' : 'eu';
        const law = m.residence ? regimeOf(jurisdiction) : m.law;
        const lang = letterLang(company?.lang, m.lang);
        const ids = m.values ? editedIdentifiers(m.values) : identifiers;
        const via = company ? viaOf(company) : 'email';
        const to = company
          ? via === 'email'
            ? company.email!
            : via === 'webform'
              ? company.webform!
              : company.address!
          : m.to?.trim() || brand.contactEmail;
        const dueOn = deadlineIn(jurisdiction, m.exercise, sentOn);
        const terms = await activeTerms(vault);
        const mail = buildRequestEmail({
          exercise: m.exercise,
          regime: law,
          jurisdiction,
          brandName: company?.name ?? brand.name ?? new URL(site).host,
          site: new URL(site).host,
          ...(to && via === 'email' ? { to } : {}),
          identifiers: ids,
          sentOn,
          lang,
          ...(company && terms?.uri ? { terms: { uri: terms.uri, sha256: terms.sha256 } } : {}),
        });
        const request: DataRightsRequest = {
          ...base,
          law,
          channel: 'email',
          identifiers: ids.map(({ token, value }) => ({ token, value: value.slice(0, 400) })),
          deadline: endOfLocalDay(dueOn),
          // Requests to directory companies (or with a residence) keep what the follow-ups need.
          ...(company || m.residence
            ? {
                via,
                jurisdiction,
                lang,
                sentOn,
                dueOn,
                answers: [],
                ...(to ? { to: to.slice(0, 2000) } : {}),
                ...(m.residence ? { residence: m.residence } : {}),
                ...(company ? { company: companySnapshot(company) } : {}),
                ...(company && terms?.uri ? { termsUri: terms.uri, termsSha256: terms.sha256 } : {}),
              }
            : {}),
        };
        await vault.put('requests', request);
        const email: EmailDraft = {
          to: mail.to || null,
          subject: mail.subject,
          body: mail.text,
          mailto: mail.mailto,
          deadline: request.deadline,
          ...(company ? draftWay(company, via, ids, company.name) : {}),
          lang,
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
      'contacts/site': async (m: Msg<'contacts/site'>) => {
        const dir = await directory();
        const residence = await residenceOf(m.lang);
        return { companies: contactsOf(dir, m.site, residence, m.lang), residence };
      },
      'contacts/sites': async (m: Msg<'contacts/sites'>) => {
        const dir = await directory();
        const residence = await residenceOf(m.lang);
        const companies: Record<string, ContactCompany[]> = {};
        for (const site of m.sites) {
          const found = contactsOf(dir, site, residence, m.lang);
          if (found.length > 0) companies[site] = found;
        }
        return { companies, residence };
      },
      'requests/answer': async (m: Msg<'requests/answer'>) => {
        const r = await load(m.id);
        if (r.channel !== 'email') throw new HandledError('errInvalidMessage');
        const now = Date.now();
        const on = localDate(now);
        const sent = sentRequest(r);
        const dueOn = dueAfterAnswer(sent, m.answer, on);
        const status: DataRightsRequest['status'] =
          m.answer === 'fulfilled' ? 'fulfilled' : m.answer === 'refused' ? 'denied' : 'in_progress';
        const next: DataRightsRequest = {
          ...r,
          status,
          answers: [...(r.answers ?? []), { kind: m.answer, on, at: now }].slice(-50),
          dueOn,
          deadline: endOfLocalDay(dueOn),
          ...(status === 'fulfilled' || status === 'denied' ? { answeredAt: now } : {}),
          history: r.status === status ? r.history : [...r.history, { status, at: now }].slice(-200),
        };
        await vault.put('requests', next);
        return { request: next };
      },
      'requests/follow-up': async (m: Msg<'requests/follow-up'>) => {
        const r = await load(m.id);
        if (r.channel !== 'email' || !r.sentOn || !r.jurisdiction) throw new HandledError('errInvalidMessage');
        const today = localDate();
        const sent = sentRequest(r);
        const dir = await directory();
        const shares = (await vault.bySite('shares', r.site)).records;
        const complaintTo = () => {
          if (m.authority) {
            const chosen = dir.authorities.find((a) => a.slug === m.authority);
            if (!chosen) throw new HandledError('errInvalidMessage');
            return chosen;
          }
          // The person's postal code (a German Land's authority goes by it): from the request, else as the site received it.
          const postalCode =
            r.identifiers.find((i) => i.token === 'postal-code')?.value ?? identifiersReceivedBy(shares, r.site, ['postal-code'])[0]?.value;
          return competentAuthority(dir, {
            jurisdiction: sent.jurisdiction,
            ...(r.residence ? { residence: r.residence } : {}),
            ...(postalCode ? { postalCode } : {}),
            ...(r.company ? { company: { address: r.company.address } } : {}),
          })?.authority;
        };
        const recipient = r.company?.name ?? sent.companyName;
        if (m.step === 'request') {
          const o = originalLetter(sent);
          return { request: r, letter: letterDraft(r, { to: o.to, subject: o.subject, body: o.body, mailto: o.mailto }, recipient) };
        }
        const { next } = timeline(sent, today);
        if (m.step === 'reminder') {
          if (!r.remindedOn && next !== 'reminder') throw new HandledError('requestNotYet');
          const authority = complaintTo();
          const done: DataRightsRequest = r.remindedOn ? r : { ...r, remindedOn: today };
          const letter = buildReminder(
            { ...sent, remindedOn: done.remindedOn! },
            { today: done.remindedOn!, ...(authority ? { authority: authority.name } : {}) },
          );
          if (done !== r) await vault.put('requests', done);
          return { request: done, letter: letterDraft(done, letter, recipient) };
        }
        if (!r.complainedOn && next !== 'complaint') throw new HandledError('requestNotYet');
        const authority = complaintTo();
        if (!authority) throw new HandledError('requestNoAuthority');
        const complaintLang = letterLang(authority.lang, sent.lang);
        const letter = buildComplaint(sent, {
          authority,
          ...(r.company?.address ? { companyAddress: r.company.address } : {}),
          received: receivedFields(shares, r.site, complaintLang),
          lang: complaintLang,
          today,
        });
        const done: DataRightsRequest = r.complainedOn
          ? r
          : { ...r, complainedOn: today, authority: { slug: authority.slug, name: authority.name.slice(0, 300) } };
        if (done !== r) await vault.put('requests', done);
        const via: LetterDraft['via'] = authority.email ? 'email' : authority.webform ? 'webform' : 'letter';
        return {
          request: done,
          letter: {
            to: letter.to || null,
            subject: letter.subject,
            body: letter.body,
            mailto: letter.mailto,
            lang: letter.lang,
            via,
            ...(via === 'webform' && authority.webform ? { webform: authority.webform } : {}),
            ...(via === 'letter' && authority.address
              ? { postal: { from: senderAddress(r.identifiers), to: `${authority.name}\n${authority.address}` } }
              : {}),
            recipient: authority.name,
          },
        };
      },
    },
  };

  /** Where the person said they live in their latest request, else what the browser's language suggests. */
  async function residenceOf(lang: string | undefined): Promise<string | null> {
    const said = (await vault.list('requests')).records.filter((r) => r.residence).sort((a, b) => b.createdAt - a.createdAt)[0]?.residence;
    return said ?? residenceGuess(lang);
  }

  /** A directory company of this site, by slug: a slug of another site's company is refused. */
  async function companyOf(site: string, slug: string): Promise<CompanyContact> {
    const dir: Directory = await directory();
    const c = companiesFor(dir, site).find((x) => x.slug === slug);
    if (!c) throw new HandledError('errInvalidMessage');
    return c;
  }
}

/** Identifiers as the person edited them: one line each, no secrets (email.ts drops those again), no empties. */
function editedIdentifiers(values: readonly { token: string; value: string }[]): { token: string; value: string }[] {
  const out: { token: string; value: string }[] = [];
  for (const v of values) {
    const value = v.value.replace(/\s+/g, ' ').trim();
    if (value && /^[a-z][a-z0-9-]{0,63}$/.test(v.token) && !out.some((o) => o.token === v.token)) out.push({ token: v.token, value });
  }
  return out;
}

/** How a company takes requests: the directory's suggestion, where the company has that channel. */
function viaOf(c: CompanyContact): 'email' | 'webform' | 'letter' {
  if (c.transport === 'letter' && c.address) return 'letter';
  if (c.transport === 'webform' && c.webform) return 'webform';
  if (c.email) return 'email';
  if (c.webform) return 'webform';
  return 'letter';
}

const companySnapshot = (c: CompanyContact) => ({
  slug: c.slug,
  name: c.name,
  ...(c.email ? { email: c.email } : {}),
  ...(c.webform ? { webform: c.webform } : {}),
  ...(c.address ? { address: c.address } : {}),
});

function contactCompany(c: CompanyContact, personLang: string | undefined): ContactCompany {
  return {
    slug: c.slug,
    name: c.name,
    web: c.web,
    ...(c.email ? { email: c.email } : {}),
    ...(c.webform ? { webform: c.webform } : {}),
    ...(c.address ? { address: c.address } : {}),
    via: viaOf(c),
    lang: letterLang(c.lang, personLang),
    idDocument: c.idDocument === true,
    required: (c.required ?? []).map((r) => r.desc),
  };
}

/** A site's companies as the pages show them, best first (at most 8); [] for a site that is no URL. */
function contactsOf(dir: Directory, site: string, residence: string | null, lang: string | undefined): ContactCompany[] {
  let origin: string;
  try {
    origin = new URL(site).origin;
  } catch {
    return [];
  }
  return companiesFor(dir, origin, residence ?? undefined)
    .slice(0, 8)
    .map((c) => contactCompany(c, lang));
}

/** The person's country from the browser's language ("de-AT" -> "at"); null when it names none. */
function residenceGuess(lang: string | undefined): string | null {
  const region = lang?.split(/[-_]/)[1]?.toLowerCase();
  return region && /^[a-z]{2}$/.test(region) ? region : null;
}

/** The sender's postal address from the identifiers (name, street, postal code, city, country). */
function senderAddress(ids: readonly { token: string; value: string }[]): string {
  const v = (t: string) => ids.find((i) => i.token === t)?.value;
  const name = v('name') ?? ([v('given-name'), v('family-name')].filter(Boolean).join(' ') || undefined);
  const street = v('street-address') ?? ([v('address-line1'), v('address-line2')].filter(Boolean).join('\n') || undefined);
  const city = [v('postal-code'), v('address-level2')].filter(Boolean).join(' ') || undefined;
  return [name, street, city, v('country-name') ?? v('country')].filter(Boolean).join('\n');
}

/** How to send a letter to a company: its web form, or the two addresses of a printed letter. */
function draftWay(
  c: Pick<CompanyContact, 'webform' | 'address' | 'name'>,
  via: 'email' | 'webform' | 'letter',
  ids: readonly { token: string; value: string }[],
  recipient: string,
) {
  return {
    via,
    ...(via === 'webform' && c.webform ? { webform: c.webform } : {}),
    ...(via === 'letter' && c.address ? { postal: { from: senderAddress(ids), to: `${c.name}\n${c.address}` } } : {}),
    recipient,
  };
}

function letterDraft(
  r: DataRightsRequest,
  l: { to: string; subject: string; body: string; mailto: string },
  recipient: string,
): LetterDraft {
  const via = r.via ?? 'email';
  return {
    to: l.to || null,
    subject: l.subject,
    body: l.body,
    mailto: l.mailto,
    lang: r.lang ?? 'en',
    ...draftWay(
      { name: r.company?.name ?? recipient, webform: r.company?.webform, address: r.company?.address },
      via,
      r.identifiers,
      recipient,
    ),
    via,
  };
}

/** What a request keeps, as the letters module reads it. */
function sentRequest(r: DataRightsRequest): SentRequest {
  const jurisdiction = r.jurisdiction ?? (r.law === 'ccpa' ? 'us-ca' : 'eu');
  const sentOn = r.sentOn ?? localDate(r.createdAt);
  return {
    exercise: r.exercise,
    jurisdiction,
    lang: letterLang(r.lang, 'en'),
    companyName: r.company?.name ?? new URL(r.site).host,
    site: new URL(r.site).host,
    to: r.to ?? '',
    identifiers: r.identifiers,
    sentOn,
    dueOn: r.dueOn ?? deadlineIn(jurisdiction, r.exercise, sentOn),
    answers: (r.answers ?? []).map((a) => ({ kind: a.kind, on: a.on })),
    ...(r.remindedOn ? { remindedOn: r.remindedOn } : {}),
    ...(r.complainedOn ? { complainedOn: r.complainedOn } : {}),
    ...(r.termsUri && r.termsSha256 ? { terms: { uri: r.termsUri, sha256: r.termsSha256 } } : {}),
    // Issue 14 sets agreementId when an IEEE 7012 agreement is in force; every letter then cites it.
    ...(r.agreementId ? { agreement: r.agreementId } : {}),
  };
}

/** What the ledger shows the site itself received: each field's name (in the letter's language) and the days it was given. */
function receivedFields(shares: readonly Share[], site: string, lang: LetterLang): { field: string; on: string[] }[] {
  const byToken = new Map<string, Set<string>>();
  for (const s of [...shares].sort((a, b) => a.at - b.at)) {
    if (s.site !== site) continue;
    for (const f of s.fields) {
      if (!receivedBySite(s, f) || isSecretToken(f.token)) continue;
      const days = byToken.get(f.token) ?? new Set<string>();
      days.add(localDate(s.at));
      byToken.set(f.token, days);
    }
  }
  const labels = TEMPLATES[lang].labels;
  return [...byToken].map(([token, days]) => ({ field: labels[token] ?? token, on: [...days].slice(-10) }));
}
