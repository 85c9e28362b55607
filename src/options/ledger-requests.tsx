/**
 * Data-rights requests in the ledger's pages (options and popup): one request and where it stands,
 * the form asking a site to delete what it holds, and a request written as an email. Nothing a
 * brand sent is rendered as HTML: reasons and drafts are text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EmailDraft } from '../shared/messages';
import type { DataRightsRequest } from '../shared/records';
import type { Send } from '../ui/connector';
import { t } from '../ui/i18n';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import {
  absoluteDate,
  deadlineState,
  defaultIdentifiers,
  EXERCISE_KEYS,
  isOpenRequest,
  LAW_KEYS,
  STATUS_KEYS,
  safeMailto,
} from './ledger-view';

/** The word `brands/forget` requires; the dialog is the person's confirmation. */
export const FORGET_WORD = 'FORGET';

/** A request's outcome the page shows: sent to the brand, or an email to send. */
export type RequestResult = { request: DataRightsRequest; email?: EmailDraft | undefined };

/** The error code to show for a requests/* reply: a background without requests says so plainly. */
export const requestErrorCode = (code: string): string => (code === 'errInvalidMessage' ? 'requestUnavailable' : code);

/** One data-rights request: what, under which law, how, where it stands, and what can be done now. */
export function RequestItem(props: {
  id: string;
  request: DataRightsRequest;
  now: number;
  lang: string;
  onAction?: (a: 'refresh' | 'revoke' | 'fulfilled' | 'denied') => void;
}) {
  const r = props.request;
  const state = deadlineState(r, props.now);
  const channel = r.channel === 'email' ? t('requestChannelEmail') : t('requestChannelEndpoint');
  return (
    <li class={`ledger-request ledger-request-${state}`}>
      <p id={`${props.id}-summary`}>
        {t('requestSummary', [t(EXERCISE_KEYS[r.exercise]), t(LAW_KEYS[r.law]), channel])}{' '}
        <span class={`request-status request-status-${r.status}`}>{t(STATUS_KEYS[r.status])}</span>
      </p>
      <p class="hint">
        {state === 'overdue'
          ? t('requestOverdue', absoluteDate(r.deadline, props.lang))
          : state === 'due'
            ? t('requestDeadline', absoluteDate(r.deadline, props.lang))
            : r.answeredAt
              ? t('requestAnswered', absoluteDate(r.answeredAt, props.lang))
              : ''}
      </p>
      {r.reason ? <p class="hint">{t('requestReason', r.reason)}</p> : null}
      {r.lastError && isOpenRequest(r) ? <p class="hint">{t('requestLastError', t(r.lastError))}</p> : null}
      {props.onAction && isOpenRequest(r) ? (
        <div class="actions">
          {r.channel === 'endpoint' ? (
            <button type="button" class="btn btn-small" aria-describedby={`${props.id}-summary`} onClick={() => props.onAction!('refresh')}>
              {t('requestRefresh')}
            </button>
          ) : (
            <>
              <button
                type="button"
                class="btn btn-small"
                aria-describedby={`${props.id}-summary`}
                onClick={() => props.onAction!('fulfilled')}
              >
                {t('requestMarkFulfilled')}
              </button>
              <button
                type="button"
                class="btn btn-small"
                aria-describedby={`${props.id}-summary`}
                onClick={() => props.onAction!('denied')}
              >
                {t('requestMarkDenied')}
              </button>
            </>
          )}
          <button
            type="button"
            class="btn btn-small btn-danger-text"
            aria-describedby={`${props.id}-summary`}
            onClick={() => props.onAction!('revoke')}
          >
            {t('requestRevoke')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/**
 * Ask a site to delete what it holds: under GDPR or the CCPA, identified by values it already has
 * (email by default). Used by the options page and the popup.
 */
export function RequestDeletionForm(props: {
  idPrefix: string;
  site: string;
  tokens: readonly string[];
  send: Send;
  onDone: (r: RequestResult) => void;
  onCancel: () => void;
}) {
  const [law, setLaw] = useState<'gdpr' | 'ccpa'>('gdpr');
  const [ids, setIds] = useState<string[]>(() => defaultIdentifiers(props.tokens));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const legendRef = useRef<HTMLHeadingElement>(null);
  const p = props.idPrefix;
  const problem = ids.length === 0 && props.tokens.length > 0 ? 'requestIdentifiersNone' : null;

  useEffect(() => {
    legendRef.current?.focus();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || problem) return;
    setError(null);
    setBusy(true);
    const r = await props.send({ type: 'requests/create', site: props.site, exercise: 'deletion', law, identifiers: ids });
    setBusy(false);
    if (!r.ok) {
      setError(requestErrorCode(r.error.code));
      return;
    }
    props.onDone({ request: r.request, email: r.email });
  }

  return (
    <form class="form request-form" onSubmit={submit} noValidate aria-labelledby={`${p}-title`} aria-busy={busy ? 'true' : undefined}>
      <h3 id={`${p}-title`} ref={legendRef} tabIndex={-1}>
        {t('requestFormTitle', props.site)}
      </h3>
      <fieldset>
        <legend>{t('requestLawLegend')}</legend>
        {(['gdpr', 'ccpa'] as const).map((l) => (
          <div class="ledger-check" key={l}>
            <input type="radio" id={`${p}-law-${l}`} name={`${p}-law`} value={l} checked={law === l} onChange={() => setLaw(l)} />
            <label for={`${p}-law-${l}`}>{t(LAW_KEYS[l])}</label>
          </div>
        ))}
      </fieldset>
      {props.tokens.length > 0 ? (
        <fieldset aria-describedby={`${p}-ids-hint`}>
          <legend>{t('requestIdentifiersLegend')}</legend>
          <p id={`${p}-ids-hint`} class="hint">
            {t('requestIdentifiersHint')}
          </p>
          {props.tokens.map((tok) => (
            <div class="ledger-check" key={tok}>
              <input
                type="checkbox"
                id={`${p}-id-${tok}`}
                checked={ids.includes(tok)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setIds((cur) => (on ? [...cur, tok] : cur.filter((x) => x !== tok)));
                }}
              />
              <label for={`${p}-id-${tok}`} class="mono">
                {tok}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <ErrorAlert code={error} />
      <div class="actions">
        <button
          type="submit"
          class="btn btn-primary"
          disabled={Boolean(problem)}
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby={`${p}-problem`}
        >
          {t('requestSend')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('buttonCancel')}
        </button>
        {busy ? <span class="busy">{t('working')}</span> : null}
      </div>
      <p id={`${p}-problem`} class="problem">
        {problem ? t(problem) : ''}
      </p>
    </form>
  );
}

/** A request written as an email: who to, subject, text to copy, and a mailto link. Shown as text, never as HTML. */
export function EmailDraftView(props: { idPrefix: string; email: EmailDraft; site: string; lang: string }) {
  const { email } = props;
  const p = props.idPrefix;
  const [copied, setCopied] = useState<string | null>(null);
  const mailto = safeMailto(email.mailto);
  async function copy() {
    try {
      await navigator.clipboard.writeText(`${email.subject}\n\n${email.body}`);
      setCopied(t('requestEmailCopied'));
    } catch {
      setCopied(t('requestEmailCopyFailed'));
    }
  }
  return (
    <section class="notice notice-info request-email" aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`} tabIndex={-1}>
        {t('requestEmailTitle')}
      </h3>
      <p>{t('requestEmailReady', [props.site, absoluteDate(email.deadline, props.lang)])}</p>
      <dl class="ledger-fields">
        <div class="ledger-field">
          <dt>{t('requestEmailTo')}</dt>
          <dd class="mono">{email.to ?? t('requestEmailToUnknown')}</dd>
        </div>
        <div class="ledger-field">
          <dt>{t('requestEmailSubject')}</dt>
          <dd>{email.subject}</dd>
        </div>
      </dl>
      <div class="field">
        <label for={`${p}-body`}>{t('requestEmailBody')}</label>
        <textarea id={`${p}-body`} readOnly rows={8} value={email.body} />
      </div>
      <div class="actions">
        {mailto ? (
          <a class="btn btn-primary" href={mailto}>
            {t('requestEmailOpen')}
          </a>
        ) : null}
        <button type="button" class="btn" onClick={() => void copy()}>
          {t('requestEmailCopy')}
        </button>
      </div>
      <StatusMessage message={copied} />
    </section>
  );
}
