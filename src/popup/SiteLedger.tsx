/**
 * The popup's "what the site has from you": how many ledger entries the current site has, the fields
 * it received most recently (values masked until asked), the last date, its requests (open ones
 * first, then the latest answered), and the two ways to take data back: a deletion request (while
 * one is open, where it stands instead), and forgetting the site locally (after a confirmation).
 *
 * The site is the one the fill preview is for: MainView learns it from the `forms/preview` replies
 * (`tapSite`), so this section asks the browser nothing itself.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { EmailDraftView, FORGET_WORD, RequestDeletionForm, RequestItem, type RequestResult } from '../options/ledger-requests';
import {
  absoluteDate,
  entriesText,
  isOpenRequest,
  MASK,
  openDeletion,
  pendingDeletionText,
  recentFields,
  sharedTokens,
  whenText,
} from '../options/ledger-view';
import type { DataRightsRequest, Share } from '../shared/records';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import type { Send } from '../ui/connector';
import { t, uiLanguage } from '../ui/i18n';
import { ErrorAlert, StatusMessage } from '../ui/Notices';

/** Where "See everything" leads: the options page's ledger, relative to the popup's own URL. */
export const LEDGER_PAGE = '../options/index.html#ledger';

/**
 * Wraps `send` to learn which site the popup is about (each successful `forms/preview` names it)
 * and when a fill wrote something (so the ledger section reloads).
 */
export function tapSite(send: Send, on: { site: (site: string) => void; filled: () => void }): Send {
  return (async (msg: Parameters<Send>[0]) => {
    const r = await send(msg);
    if (r.ok && msg.type === 'forms/preview') on.site((r as unknown as { site: string }).site);
    if (r.ok && msg.type === 'forms/fill' && (r as unknown as { shareId?: string }).shareId) on.filled();
    return r;
  }) as Send;
}

export function SiteLedger(props: { site: string; send: Send; revision: number; now?: () => number }) {
  const { site, send } = props;
  const now = (props.now ?? Date.now)();
  const lang = uiLanguage();
  const [shares, setShares] = useState<Share[] | null>(null);
  const [requests, setRequests] = useState<DataRightsRequest[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<RequestResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [forgetting, setForgetting] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const requestButton = useRef<HTMLButtonElement>(null);
  const seq = useRef(0);

  async function load() {
    const mine = ++seq.current;
    const [r, q] = await Promise.all([send({ type: 'ledger/site', site }), send({ type: 'requests/list', site })]);
    if (mine !== seq.current) return;
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    setError(null);
    setShares(r.shares);
    // Requests may not be offered by this background yet: the ledger is still worth showing.
    setRequests(q.ok ? q.requests : []);
  }

  useEffect(() => {
    setShares(null);
    setResult(null);
    setStatus(null);
    setReveal(false);
    void load();
  }, [site, props.revision]);

  async function forget() {
    if (forgetting) return;
    setForgetting(true);
    setError(null);
    const r = await send({ type: 'brands/forget', site, confirm: FORGET_WORD });
    setForgetting(false);
    setConfirming(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    const total = Object.values(r.removed).reduce((a, b) => a + b, 0);
    setResult(null);
    await load();
    setStatus(t('forgetDone', [site, total]));
    headingRef.current?.focus();
  }

  // Open requests first, then the latest answered ones, so a request is seen reaching its end.
  const shownRequests = [...requests.filter(isOpenRequest), ...requests.filter((r) => !isOpenRequest(r))].slice(0, 5);
  const recent = shares ? recentFields(shares) : [];
  const last = shares?.[0]?.at;
  const hasAny = Boolean(shares && (shares.length > 0 || requests.length > 0));
  // While a deletion request is open, another is not offered: where it stands is said instead.
  const pending = openDeletion(requests);

  return (
    <section class="card who" aria-labelledby="who-heading" aria-busy={shares === null && !error ? 'true' : undefined}>
      <h2 id="who-heading" ref={headingRef} tabIndex={-1}>
        {t('whoHeading')}
      </h2>
      <ErrorAlert code={error} />
      {shares === null ? null : !hasAny ? (
        <p class="muted">{t('whoNothing')}</p>
      ) : (
        <>
          {shares.length > 0 && last !== undefined ? (
            <p class="who-summary">{t('whoSummary', [entriesText(shares.length), whenText(last, now, lang)])}</p>
          ) : null}
          {recent.length > 0 ? (
            <>
              <h3 id="who-recent">{t('whoRecent')}</h3>
              <dl class="ledger-fields who-fields">
                {recent.map((f, i) => (
                  <div key={i} class="ledger-field">
                    <dt>{f.label}</dt>
                    <dd>
                      {reveal ? (
                        f.value ? (
                          <span class="ledger-value">{f.value}</span>
                        ) : (
                          <span class="muted">{t('ledgerValueEmpty')}</span>
                        )
                      ) : (
                        <>
                          <span aria-hidden="true" class="ledger-mask">
                            {MASK}
                          </span>
                          <span class="sr-only">{t('ledgerValueHidden')}</span>
                        </>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
              <button type="button" class="btn btn-small" aria-describedby="who-recent" onClick={() => setReveal((v) => !v)}>
                {reveal ? t('ledgerHideValues') : t('ledgerShowValues')}
              </button>
            </>
          ) : null}
          {shownRequests.length > 0 ? (
            <>
              <h3 id="who-requests">{t('whoRequests')}</h3>
              <ul class="ledger-requests" aria-labelledby="who-requests">
                {shownRequests.map((r, i) => (
                  <RequestItem key={r.id} id={`who-request-${i}`} request={r} now={now} lang={lang} />
                ))}
              </ul>
            </>
          ) : null}
          {result?.email ? <EmailDraftView idPrefix="who-email" email={result.email} site={site} lang={lang} /> : null}
          {asking ? (
            <RequestDeletionForm
              idPrefix="who-req"
              site={site}
              tokens={sharedTokens(shares)}
              send={send}
              onDone={(res) => {
                setAsking(false);
                setResult(res);
                setRequests((rs) => [res.request, ...rs.filter((x) => x.id !== res.request.id)]);
                setStatus(res.email ? null : t('requestSent', [site, absoluteDate(res.request.deadline, lang)]));
                setTimeout(() => headingRef.current?.focus(), 0);
              }}
              onCancel={() => {
                setAsking(false);
                setTimeout(() => requestButton.current?.focus(), 0);
              }}
            />
          ) : (
            <div class="actions">
              {pending ? (
                <p class="request-pending">{pendingDeletionText(pending, now, lang)}</p>
              ) : (
                <button
                  ref={requestButton}
                  type="button"
                  class="btn btn-small"
                  onClick={() => {
                    setStatus(null);
                    setAsking(true);
                  }}
                >
                  {t('ledgerRequestDeletion')}
                </button>
              )}
              <button type="button" class="btn btn-small btn-danger-text" onClick={() => setConfirming(true)}>
                {t('whoForget')}
              </button>
            </div>
          )}
        </>
      )}
      <StatusMessage message={status} />
      <p class="who-more">
        <a href={LEDGER_PAGE} target="_blank" rel="noopener">
          {t('whoSeeAll')}
        </a>
      </p>
      <ConfirmDialog
        open={confirming}
        title={t('forgetTitle', site)}
        confirmLabel={t('whoForget')}
        cancelLabel={t('buttonCancel')}
        danger
        busy={forgetting}
        onConfirm={() => void forget()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('forgetText')}</p>
      </ConfirmDialog>
    </section>
  );
}
