/**
 * The popup's "what the site has from you": how many ledger entries the current site has, the fields
 * it received most recently (values masked until asked), the last date, its requests (open ones
 * first, then the latest answered), and the two ways to take data back: a deletion request (not
 * offered again while one is open), and forgetting the site locally (after a confirmation).
 *
 * The site is the one the fill preview is for: MainView learns it from the `forms/preview` replies
 * (`tapSite`), so this section asks the browser nothing itself.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LetterDraft } from '../shared/messages';
import type { DataRightsRequest, Share } from '../shared/records';
import type { Exercise } from '../shared/vocab';
import { useAction } from '../ui/action';
import { type FollowUp, FollowUpLetterView, useCompanies } from '../ui/company-requests';
import type { Send } from '../ui/connector';
import { t, uiLanguage } from '../ui/i18n';
import { LedgerFields } from '../ui/ledger-fields';
import { DeletionControls, EmailDraftView, ForgetDialog, forgetSite, letterRequestActions, RequestList } from '../ui/ledger-requests';
import { absoluteDate, entriesText, isOpenRequest, openDeletion, recentFields, sharedTokens, whenText } from '../ui/ledger-view';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import type { RequestResult } from '../ui/RequestForm';

/** Where "See everything" leads: the options page's ledger, relative to the popup's own URL. */
const LEDGER_PAGE = '../options/index.html#ledger';

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
  const action = useAction();
  const { error, status, setError, setStatus } = action;
  /** "Deletion request sent to …", for screen readers: the request shows in the list already. */
  const [sent, setSent] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const [asking, setAsking] = useState<Exercise | null>(null);
  // The site's companies in the privacy-contacts directory: requests work there even before any fill.
  const { companies, residence } = useCompanies(send, site);
  /** A follow-up letter (the request again, the reminder, the complaint) of one of the site's requests. */
  const [letter, setLetter] = useState<{ step: FollowUp; letter: LetterDraft } | null>(null);
  const [result, setResult] = useState<RequestResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const forgetting = action.busy === 'forget';
  const headingRef = useRef<HTMLHeadingElement>(null);
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
    setLetter(null);
    setStatus(null);
    setSent(null);
    setReveal(false);
    void load();
  }, [site, props.revision]);

  async function forget() {
    const done = await action.run(
      () => forgetSite(send, site).finally(() => setConfirming(false)),
      async (r) => {
        setResult(null);
        await load();
        return r.message;
      },
      { name: 'forget' },
    );
    if (done) headingRef.current?.focus();
  }

  const replace = (next: DataRightsRequest) => setRequests((rs) => rs.map((x) => (x.id === next.id ? next : x)));

  const { answer, followUp } = letterRequestActions(send, action, {
    replace,
    showLetter: (_r, step, next) => {
      setResult(null);
      setLetter({ step, letter: next });
    },
    letterTitleId: () => 'who-letter-title',
  });

  // Open requests first, then the latest answered ones, so a request is seen reaching its end.
  const shownRequests = [...requests.filter(isOpenRequest), ...requests.filter((r) => !isOpenRequest(r))].slice(0, 5);
  const recent = shares ? recentFields(shares) : [];
  const last = shares?.[0]?.at;
  const hasAny = Boolean(shares && (shares.length > 0 || requests.length > 0 || (companies?.length ?? 0) > 0));

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
              <LedgerFields
                class="who-fields"
                fields={recent.map((f) => ({ name: f.label, value: f.value }))}
                shown={reveal}
                onToggle={() => setReveal((v) => !v)}
                describedBy="who-recent"
              />
            </>
          ) : null}
          {shownRequests.length > 0 ? (
            <RequestList
              headingId="who-requests"
              heading={t('whoRequests')}
              idPrefix="who-request"
              requests={shownRequests}
              now={now}
              lang={lang}
              onAnswer={(r, a) => void answer(r, a)}
              onFollowUp={(r, step) => void followUp(r, step)}
            />
          ) : null}
          {result?.email ? <EmailDraftView idPrefix="who-email" email={result.email} site={site} lang={lang} /> : null}
          {letter ? <FollowUpLetterView idPrefix="who-letter" step={letter.step} letter={letter.letter} lang={lang} /> : null}
          <DeletionControls
            idPrefix="who"
            site={site}
            tokens={sharedTokens(shares)}
            send={send}
            asking={asking}
            pending={Boolean(openDeletion(requests))}
            companies={companies}
            residence={residence}
            small
            forgetLabel={t('whoForget')}
            onAsk={(exercise) => {
              setStatus(null);
              setSent(null);
              setAsking(exercise);
            }}
            onCancel={() => setAsking(null)}
            onSent={(res) => {
              setAsking(null);
              setResult(res);
              setRequests((rs) => [res.request, ...rs.filter((x) => x.id !== res.request.id)]);
              setSent(res.email ? null : t('requestSent', [site, absoluteDate(res.request.deadline, lang)]));
            }}
            focusAfterSent={() => headingRef.current}
            onForget={() => setConfirming(true)}
          />
        </>
      )}
      <StatusMessage message={status} />
      <StatusMessage message={sent} srOnly />
      <p class="who-more">
        <a href={LEDGER_PAGE} target="_blank" rel="noopener">
          {t('whoSeeAll')}
        </a>
      </p>
      <ForgetDialog
        open={confirming}
        site={site}
        confirmLabel={t('whoForget')}
        busy={forgetting}
        onConfirm={() => void forget()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
}
