/**
 * "Who has my data": every site that received something, what it received (values hidden until the
 * person asks), when, through which channel, under which terms, and the requests sent to take it
 * back. Search, filters, export (JSON, CSV), a deletion request per site and "forget this site".
 *
 * `ledger/all` sends no values; "Show values" asks `ledger/site` for that site, so values reach
 * this page only when the person wants to see them. Requests are answered by `requests/*`; while
 * the background does not offer them, the page says so instead of failing.
 */

import { useEffect, useMemo, useState } from 'preact/hooks';
import { agreementInForce } from '../shared/agreements';
import type { ContactCompany, LedgerSite, LetterDraft, RecordFailure } from '../shared/messages';
import type { Agreement, DataRightsRequest, RequestAnswer, Share, Terms } from '../shared/records';
import type { Exercise } from '../shared/vocab';
import { useAction } from '../ui/action';
import { AgreementList } from '../ui/agreement-list';
import { type FollowUp, FollowUpLetterView, useCompaniesOf } from '../ui/company-requests';
import type { Send } from '../ui/connector';
import { downloadText } from '../ui/download';
import { isVaultClosed } from '../ui/errors';
import { SelectField, TextField } from '../ui/Field';
import { t, uiLanguage } from '../ui/i18n';
import { LedgerFields } from '../ui/ledger-fields';
import { DeletionControls, EmailDraftView, ForgetDialog, forgetSite, letterRequestActions, RequestList } from '../ui/ledger-requests';
import {
  absoluteDate,
  CHANNEL_KEYS,
  type ChannelFilter,
  EMPTY_FILTER,
  fieldName,
  filterSites,
  isTruncated,
  type LedgerFilter,
  openDeletion,
  STATUS_KEYS,
  sharedTokens,
  siteSummaryText,
  termsText,
  whenText,
} from '../ui/ledger-view';
import { ErrorAlert, RecordFailuresNotice, StatusMessage } from '../ui/Notices';
import { type RequestResult, requestErrorCode } from '../ui/RequestForm';
import { Screen } from '../ui/Screen';
import { AnySiteRequest } from './AnySiteRequest';

/** A follow-up letter the page shows under a site's card. */
type ShownLetter = { requestId: string; step: FollowUp; letter: LetterDraft };

const HEADING_ID = 'ledger-title';

export function LedgerSection(props: { send: Send; focus: boolean; now?: () => number }) {
  const { send } = props;
  const now = props.now ?? Date.now;
  const lang = uiLanguage();
  const [sites, setSites] = useState<LedgerSite[] | null>(null);
  const [failures, setFailures] = useState<RecordFailure[]>([]);
  const [terms, setTerms] = useState<Map<string, Terms>>(new Map());
  const action = useAction();
  const { error, status, setError, setStatus } = action;
  /** "Deletion request sent to …", for screen readers: the card shows the request in its list already. */
  const [sent, setSent] = useState<string | null>(null);
  const [filter, setFilter] = useState<LedgerFilter>(EMPTY_FILTER);
  /** Full entries (values included) of the sites the person looked into, from ledger/site. */
  const [full, setFull] = useState<Record<string, Share[]>>({});
  /** Sites whose entries are all shown (not only the newest ones ledger/all sends). */
  const [showAll, setShowAll] = useState<Record<string, boolean>>({});
  const [revealed, setRevealed] = useState<Record<string, boolean>>({});
  const [requestFor, setRequestFor] = useState<{ site: string; exercise: Exercise } | null>(null);
  const [letters, setLetters] = useState<Record<string, ShownLetter>>({});
  const [results, setResults] = useState<Record<string, RequestResult>>({});
  const [toForget, setToForget] = useState<LedgerSite | null>(null);
  const forgetting = action.busy === 'forget';
  const exporting = action.busy === 'export';

  async function load() {
    const [r, tr] = await Promise.all([send({ type: 'ledger/all' }), send({ type: 'terms/list' })]);
    if (!r.ok) {
      if (!isVaultClosed(r.error.code)) setError(r.error.code);
      return;
    }
    setSites(r.sites);
    setFailures(r.failures);
    if (tr.ok) setTerms(new Map(tr.terms.map((x) => [x.id, x])));
  }
  useEffect(() => {
    void load();
  }, []);

  /** Values (and every entry) of one site, asked once. */
  async function loadFull(site: string): Promise<Share[] | null> {
    if (full[site]) return full[site]!;
    const r = await send({ type: 'ledger/site', site });
    if (!r.ok) {
      setError(r.error.code);
      return null;
    }
    setFull((f) => ({ ...f, [site]: r.shares }));
    return r.shares;
  }

  async function toggleValues(site: string, shareId: string) {
    setError(null);
    if (!revealed[shareId] && !(await loadFull(site))) return;
    setRevealed((v) => ({ ...v, [shareId]: !v[shareId] }));
  }

  async function expandSite(site: string) {
    setError(null);
    if (await loadFull(site)) setShowAll((s) => ({ ...s, [site]: true }));
  }

  async function exportAs(format: 'json' | 'csv') {
    await action.run(
      () => send({ type: 'ledger/export', format }),
      (r) => {
        downloadText(r.filename, r.data, r.mime);
        return t('ledgerExported', r.filename);
      },
      { name: 'export' },
    );
  }

  async function forget() {
    if (!toForget) return;
    const site = toForget.site;
    const done = await action.run(
      () => forgetSite(send, site).finally(() => setToForget(null)),
      async (r) => {
        setFull(({ [site]: _gone, ...rest }) => rest);
        setRequestFor(null);
        await load();
        return r.message;
      },
      { name: 'forget' },
    );
    if (done) document.getElementById(HEADING_ID)?.focus();
  }

  function replaceRequest(next: DataRightsRequest) {
    setSites(
      (all) =>
        all?.map((s) => (s.site === next.site ? { ...s, requests: s.requests.map((q) => (q.id === next.id ? next : q)) } : s)) ?? null,
    );
  }

  async function requestAction(r: DataRightsRequest, change: 'refresh' | 'revoke' | 'fulfilled' | 'denied') {
    await action.run(
      () =>
        change === 'refresh'
          ? send({ type: 'requests/refresh', id: r.id })
          : change === 'revoke'
            ? send({ type: 'requests/revoke', id: r.id })
            : send({ type: 'requests/mark', id: r.id, status: change }),
      (reply) => {
        replaceRequest(reply.request);
        return t('requestUpdated', [r.site, t(STATUS_KEYS[reply.request.status])]);
      },
      { errorCode: requestErrorCode },
    );
  }

  const { answer, followUp } = letterRequestActions(send, action, {
    replace: replaceRequest,
    showLetter: (r, step, letter) => setLetters((x) => ({ ...x, [r.site]: { requestId: r.id, step, letter } })),
    letterTitleId: (r) => `ledger-site-${siteKey(r.site)}-letter-title`,
  });

  // Truncation is judged on the sites as sent, before a channel filter narrows their entries.
  const truncated = useMemo(() => new Set((sites ?? []).filter(isTruncated).map((s) => s.site)), [sites]);
  // The directory's companies of every site in the ledger, in one message.
  const siteList = useMemo(() => (sites ? sites.map((x) => x.site) : null), [sites]);
  const contacts = useCompaniesOf(send, siteList);
  const shown = useMemo(() => {
    const list = (sites ?? []).map((s) => (showAll[s.site] && full[s.site] ? { ...s, shares: full[s.site]! } : s));
    return filterSites(list, filter);
  }, [sites, filter, showAll, full]);
  const filtering = filter.query.trim() !== '' || filter.channel !== 'all' || filter.openOnly;

  return (
    <>
      <Screen title={t('ledgerNav')} headingId={HEADING_ID} focus={props.focus}>
        <p class="muted">{t('ledgerIntro')}</p>
        <search class="ledger-toolbar" aria-label={t('ledgerSearchRegion')}>
          <TextField
            id="ledger-search"
            type="search"
            label={t('ledgerSearchLabel')}
            value={filter.query}
            onValue={(query) => setFilter((f) => ({ ...f, query }))}
            spellcheck={false}
          />
          <SelectField
            id="ledger-channel"
            label={t('ledgerChannelLabel')}
            value={filter.channel}
            onValue={(v) => setFilter((f) => ({ ...f, channel: v as ChannelFilter }))}
            options={[
              { value: 'all', label: t('ledgerChannelAll') },
              { value: 'form', label: t('ledgerChannelForm') },
              { value: 'intent', label: t('ledgerChannelIntent') },
              { value: 'request', label: t('ledgerChannelRequest') },
            ]}
          />
          <div class="ledger-check">
            <input
              type="checkbox"
              id="ledger-open-only"
              checked={filter.openOnly}
              onChange={(e) => {
                const openOnly = e.currentTarget.checked;
                setFilter((f) => ({ ...f, openOnly }));
              }}
            />
            <label for="ledger-open-only">{t('ledgerOpenOnly')}</label>
          </div>
        </search>
        <div class="actions">
          <button type="button" class="btn" onClick={() => void exportAs('json')} aria-disabled={exporting ? 'true' : undefined}>
            {t('ledgerExportJson')}
          </button>
          <button type="button" class="btn" onClick={() => void exportAs('csv')} aria-disabled={exporting ? 'true' : undefined}>
            {t('ledgerExportCsv')}
          </button>
          {exporting ? <span class="busy">{t('working')}</span> : null}
        </div>
        <RecordFailuresNotice count={failures.length} />
        <ErrorAlert code={error} />
        <StatusMessage message={status} />
        <StatusMessage message={sent} srOnly />
        <p role="status" class="ledger-count">
          {sites && filtering ? t('ledgerShownCount', [shown.length, sites.length]) : ''}
        </p>
        {sites === null ? (
          error ? null : (
            <p class="busy">{t('ledgerLoading')}</p>
          )
        ) : sites.length === 0 ? (
          <p>{t('ledgerEmpty')}</p>
        ) : shown.length === 0 ? (
          <p>{t('ledgerNoMatch')}</p>
        ) : (
          <ul class="ledger-sites">
            {shown.map((s) => (
              <SiteCard
                key={s.site}
                site={s}
                companies={contacts.companies ? (contacts.companies[s.site] ?? []) : null}
                residence={contacts.residence}
                now={now()}
                lang={lang}
                terms={terms}
                truncated={truncated.has(s.site) && !showAll[s.site]}
                values={full[s.site]}
                revealed={revealed}
                onToggleValues={(shareId) => void toggleValues(s.site, shareId)}
                onShowAll={() => void expandSite(s.site)}
                onRequestAction={(r, a) => void requestAction(r, a)}
                onAnswer={(r, a) => void answer(r, a)}
                onFollowUp={(r, step) => void followUp(r, step)}
                letter={letters[s.site]}
                requestOpen={requestFor?.site === s.site ? requestFor.exercise : null}
                onOpenRequest={(exercise) => {
                  setStatus(null);
                  setSent(null);
                  setRequestFor({ site: s.site, exercise });
                }}
                onCloseRequest={() => setRequestFor(null)}
                result={results[s.site]}
                onRequested={(res) => {
                  setRequestFor(null);
                  setResults((x) => ({ ...x, [s.site]: res }));
                  setSent(res.email ? null : t('requestSent', [s.site, absoluteDate(res.request.deadline, lang)]));
                  setSites(
                    (all) =>
                      all?.map((x) =>
                        x.site === s.site ? { ...x, requests: [res.request, ...x.requests.filter((q) => q.id !== res.request.id)] } : x,
                      ) ?? null,
                  );
                  // The brand may be known now (its name, its endpoint).
                  void load();
                }}
                onForget={() => setToForget(s)}
                onAgreement={(a) =>
                  setSites(
                    (all) =>
                      all?.map((x) =>
                        x.site === a.site ? { ...x, agreements: (x.agreements ?? []).map((y) => (y.id === a.id ? a : y)) } : x,
                      ) ?? null,
                  )
                }
                send={send}
              />
            ))}
          </ul>
        )}
        <AnySiteRequest send={send} lang={lang} onSent={() => void load()} />
      </Screen>
      <ForgetDialog
        open={toForget !== null}
        site={toForget?.site ?? ''}
        confirmLabel={t('forgetConfirm')}
        busy={forgetting}
        onConfirm={() => void forget()}
        onCancel={() => setToForget(null)}
      />
    </>
  );
}

/** " · Under agreement SD-BASE" when an agreement was in force with the site when the share was made. */
function underAgreement(s: LedgerSite, at: number): string {
  const a = agreementInForce(s.agreements ?? [], at);
  return a ? ` · ${t('ledgerShareUnder', a.record.agreement.id)}` : '';
}

/** A short id-safe key for a site (djb2, base 36). */
function siteKey(site: string): string {
  let h = 5381;
  for (let i = 0; i < site.length; i++) h = ((h * 33) ^ site.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

function SiteCard(props: {
  site: LedgerSite;
  /** The site's companies in the privacy-contacts directory ([] none, null not known yet). */
  companies: ContactCompany[] | null;
  residence: string | null;
  now: number;
  lang: string;
  terms: ReadonlyMap<string, Terms>;
  truncated: boolean;
  values: Share[] | undefined;
  revealed: Record<string, boolean>;
  onToggleValues: (shareId: string) => void;
  onShowAll: () => void;
  onRequestAction: (r: DataRightsRequest, a: 'refresh' | 'revoke' | 'fulfilled' | 'denied') => void;
  onAnswer: (r: DataRightsRequest, a: RequestAnswer) => void;
  onFollowUp: (r: DataRightsRequest, step: FollowUp) => void;
  letter: ShownLetter | undefined;
  requestOpen: Exercise | null;
  onOpenRequest: (exercise: Exercise) => void;
  onCloseRequest: () => void;
  result: RequestResult | undefined;
  onRequested: (r: RequestResult) => void;
  onForget: () => void;
  /** An agreement record changed (revoked): the card shows it as it is now. */
  onAgreement: (a: Agreement) => void;
  send: Send;
}) {
  const { site: s, now, lang } = props;
  // From the site, not its place in the list: ids stay put when the list re-sorts.
  const id = `ledger-site-${siteKey(s.site)}`;
  const valueById = useMemo(() => new Map((props.values ?? []).map((x) => [x.id, x])), [props.values]);
  const tokens = useMemo(() => sharedTokens(s.shares), [s.shares]);
  const { companies, residence } = props;
  const title = s.brand?.name || companies?.[0]?.name || s.site;
  return (
    <li class="card ledger-site">
      <h2 id={`${id}-title`} class="ledger-site-title">
        {title}
      </h2>
      {title !== s.site ? <p class="ledger-origin mono">{s.site}</p> : null}
      <p class="ledger-summary">{siteSummaryText(s, props.truncated, now, lang)}</p>

      {s.requests.length > 0 ? (
        <RequestList
          headingId={`${id}-requests`}
          heading={t('ledgerRequestsHeading')}
          idPrefix={`${id}-request`}
          requests={s.requests}
          now={now}
          lang={lang}
          onAction={props.onRequestAction}
          onAnswer={props.onAnswer}
          onFollowUp={props.onFollowUp}
        />
      ) : null}

      {props.letter ? (
        <FollowUpLetterView idPrefix={`${id}-letter`} step={props.letter.step} letter={props.letter.letter} lang={lang} />
      ) : null}

      {s.agreements && s.agreements.length > 0 ? (
        <AgreementList idPrefix={id} agreements={s.agreements} lang={lang} send={props.send} onChanged={props.onAgreement} />
      ) : null}

      {props.result?.email ? <EmailDraftView idPrefix={`${id}-email`} email={props.result.email} site={s.site} lang={lang} /> : null}

      {s.shares.length > 0 ? (
        <>
          <h3 id={`${id}-entries`}>{t('ledgerWhatShared')}</h3>
          <ol class="ledger-entries" aria-labelledby={`${id}-entries`}>
            {s.shares.map((share, j) => {
              const eid = `${id}-entry-${j}`;
              const open = Boolean(props.revealed[share.id]);
              const withValues = valueById.get(share.id);
              return (
                <li key={share.id} class="ledger-entry">
                  <p id={`${eid}-head`} class="ledger-entry-head">
                    <strong>{t(CHANNEL_KEYS[share.channel])}</strong>
                    {', '}
                    <time dateTime={new Date(share.at).toISOString()}>{whenText(share.at, now, lang)}</time>
                  </p>
                  <p class="ledger-entry-meta">
                    {termsText(share, props.terms)}
                    {underAgreement(s, share.at)}
                    {share.frameOrigin ? ` · ${t('ledgerFrameOrigin', share.frameOrigin)}` : ''}
                    {share.unconfirmed ? ` · ${t(share.channel === 'form' ? 'ledgerUnconfirmedForm' : 'ledgerUnconfirmed')}` : ''}
                  </p>
                  <LedgerFields
                    fields={share.fields.map((f, k) => ({ name: fieldName(f), value: withValues?.fields[k]?.value ?? '' }))}
                    shown={open}
                    onToggle={() => props.onToggleValues(share.id)}
                    describedBy={`${eid}-head`}
                  />
                </li>
              );
            })}
          </ol>
          {props.truncated ? (
            <p class="ledger-more">
              {t('ledgerTruncated', s.shares.length)}{' '}
              <button type="button" class="btn btn-small btn-link" onClick={props.onShowAll}>
                {t('ledgerShowAll')}
              </button>
            </p>
          ) : null}
        </>
      ) : null}

      <DeletionControls
        idPrefix={id}
        site={s.site}
        tokens={tokens}
        send={props.send}
        asking={props.requestOpen}
        pending={Boolean(openDeletion(s.requests))}
        companies={companies}
        residence={residence}
        describedBy={`${id}-title`}
        forgetLabel={t('ledgerForget')}
        onAsk={props.onOpenRequest}
        onCancel={props.onCloseRequest}
        onSent={props.onRequested}
        // Focus the email to send, else what now stands where the button was.
        focusAfterSent={(res) => document.getElementById(res.email ? `${id}-email-title` : `${id}-pending`)}
        onForget={props.onForget}
      />
    </li>
  );
}
