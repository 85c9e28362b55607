/**
 * Data-rights requests in the ledger's pages (options and popup): one request and where it stands,
 * the form asking a site to delete what it holds, and a request written as an email. Nothing a
 * brand sent is rendered as HTML: reasons and drafts are text.
 */

import { useRef, useState } from 'preact/hooks';
import { localDate } from '../protocol/deadline';
import type { ContactCompany, EmailDraft, LetterDraft } from '../shared/messages';
import type { DataRightsRequest, RequestAnswer } from '../shared/records';
import type { Exercise } from '../shared/vocab';
import type { Action } from './action';
import { ConfirmDialog } from './ConfirmDialog';
import {
  ANSWER_KEYS,
  ASK_KEYS,
  CompanyIntro,
  CompanyRequestForm,
  EXERCISES,
  type FollowUp,
  LetterView,
  RequestButton,
  RequestSteps,
  sentRequestOf,
} from './company-requests';
import type { Send } from './connector';
import { TextField } from './Field';
import { t } from './i18n';
import { absoluteDate, deadlineState, defaultIdentifiers, EXERCISE_KEYS, isOpenRequest, LAW_KEYS, STATUS_KEYS } from './ledger-view';
import { IdentifierCheck, RequestForm, type RequestResult, requestErrorCode } from './RequestForm';
import { SiteTermsNote } from './SiteTermsNote';

/** A letter request's legal frame, short, for its summary line. */
const LAW_SHORT_KEYS = { eu: 'lawShortEu', uk: 'lawShortUk', ch: 'lawShortCh', 'us-ca': 'lawShortUsCa' } as const;

/** The word `brands/forget` requires; the dialog is the person's confirmation. */
const FORGET_WORD = 'FORGET';

/**
 * Forget a site here (`brands/forget`; the page's dialog was the person's confirmation): what to
 * say when it is done ("Forgot … : n records deleted."), or the error code.
 */
export async function forgetSite(send: Send, site: string): Promise<{ ok: true; message: string } | { ok: false; code: string }> {
  const r = await send({ type: 'brands/forget', site, confirm: FORGET_WORD });
  if (!r.ok) return { ok: false, code: r.error.code };
  const total = Object.values(r.removed).reduce((a, b) => a + b, 0);
  return { ok: true, message: t('forgetDone', [site, total]) };
}

/** "Forget <site>?": what forgetting removes, Cancel first; confirming is what lets the page send FORGET_WORD. */
export function ForgetDialog(props: {
  open: boolean;
  site: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      open={props.open}
      title={t('forgetTitle', props.site)}
      confirmLabel={props.confirmLabel}
      cancelLabel={t('buttonCancel')}
      danger
      busy={props.busy}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{t('forgetText')}</p>
    </ConfirmDialog>
  );
}

/** One data-rights request: what, under which law, how, where it stands, and what can be done now. */
function RequestItem(props: {
  id: string;
  request: DataRightsRequest;
  now: number;
  lang: string;
  onAction?: (a: 'refresh' | 'revoke' | 'fulfilled' | 'denied') => void;
  onAnswer?: ((a: RequestAnswer) => void) | undefined;
  onFollowUp?: ((step: FollowUp) => void) | undefined;
}) {
  const r = props.request;
  const letter = sentRequestOf(r) !== null;
  const state = deadlineState(r, props.now);
  const channel =
    r.via === 'webform'
      ? t('companyViaWebform')
      : r.via === 'letter'
        ? t('companyViaLetter')
        : r.channel === 'email'
          ? t('requestChannelEmail')
          : t('requestChannelEndpoint');
  return (
    <li class={`ledger-request ledger-request-${state}`}>
      <p id={`${props.id}-summary`}>
        {t('requestSummary', [t(EXERCISE_KEYS[r.exercise]), t(r.jurisdiction ? LAW_SHORT_KEYS[r.jurisdiction] : LAW_KEYS[r.law]), channel])}{' '}
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
      {r.company ? <p class="hint">{t('requestTo', [r.company.name, r.to ?? ''])}</p> : null}
      {letter ? (
        <RequestSteps
          id={props.id}
          request={r}
          today={localDate(props.now)}
          lang={props.lang}
          onAnswer={props.onAnswer}
          onFollowUp={props.onFollowUp}
        />
      ) : null}
      {props.onAction && isOpenRequest(r) ? (
        <div class="actions">
          {letter ? null : r.channel === 'endpoint' ? (
            <RequestButton id={props.id} label={t('requestRefresh')} onClick={() => props.onAction!('refresh')} />
          ) : (
            <>
              <RequestButton id={props.id} label={t('requestMarkFulfilled')} onClick={() => props.onAction!('fulfilled')} />
              <RequestButton id={props.id} label={t('requestMarkDenied')} onClick={() => props.onAction!('denied')} />
            </>
          )}
          <RequestButton id={props.id} label={t('requestRevoke')} danger onClick={() => props.onAction!('revoke')} />
        </div>
      ) : null}
    </li>
  );
}

/** A site's requests under their heading, each with where it stands (and, in the options page, its actions). */
export function RequestList(props: {
  headingId: string;
  heading: string;
  /** Each request's ids start with this and its place in the list. */
  idPrefix: string;
  requests: readonly DataRightsRequest[];
  now: number;
  lang: string;
  onAction?: (r: DataRightsRequest, a: 'refresh' | 'revoke' | 'fulfilled' | 'denied') => void;
  /** Letters to companies: the answer the person records, and the follow-up letters. */
  onAnswer?: (r: DataRightsRequest, a: RequestAnswer) => void;
  onFollowUp?: (r: DataRightsRequest, step: FollowUp) => void;
}) {
  const { onAction, onAnswer, onFollowUp } = props;
  return (
    <>
      <h3 id={props.headingId}>{props.heading}</h3>
      <ul class="ledger-requests" aria-labelledby={props.headingId}>
        {props.requests.map((r, j) => (
          <RequestItem
            key={r.id}
            id={`${props.idPrefix}-${j}`}
            request={r}
            now={props.now}
            lang={props.lang}
            onAction={onAction ? (a) => onAction(r, a) : undefined}
            onAnswer={onAnswer ? (a) => onAnswer(r, a) : undefined}
            onFollowUp={onFollowUp ? (step) => onFollowUp(r, step) : undefined}
          />
        ))}
      </ul>
    </>
  );
}

/**
 * What the ledger's pages (the options page and the popup) do with a letter request: record the
 * company's answer (announced), and write the next letter, whose title then takes the focus. The
 * page keeps the requests and the letter; it says where a changed request and a letter go.
 */
export function letterRequestActions(
  send: Send,
  action: Action,
  page: {
    replace: (next: DataRightsRequest) => void;
    showLetter: (r: DataRightsRequest, step: FollowUp, letter: LetterDraft) => void;
    letterTitleId: (r: DataRightsRequest) => string;
  },
): {
  answer: (r: DataRightsRequest, a: RequestAnswer) => Promise<void>;
  followUp: (r: DataRightsRequest, step: FollowUp) => Promise<void>;
} {
  async function answer(r: DataRightsRequest, a: RequestAnswer) {
    await action.run(
      () => send({ type: 'requests/answer', id: r.id, answer: a }),
      (reply) => {
        page.replace(reply.request);
        return t('answerRecorded', [r.site, t(ANSWER_KEYS[a])]);
      },
      { errorCode: requestErrorCode },
    );
  }
  async function followUp(r: DataRightsRequest, step: FollowUp) {
    const done = await action.run(
      () => send({ type: 'requests/follow-up', id: r.id, step }),
      (reply) => {
        page.replace(reply.request);
        page.showLetter(r, step, reply.letter);
        return null;
      },
      { errorCode: requestErrorCode },
    );
    if (done) setTimeout(() => document.getElementById(page.letterTitleId(r))?.focus(), 0);
  }
  return { answer, followUp };
}

/**
 * Taking data back from one site: "Request deletion" (the form, while it is open), or, while a
 * deletion request is open, why no second one is offered (the request itself, its status and
 * deadline, stands in the list once); and "Forget this site". Cancelling the form gives the focus
 * back to its button; after sending, the focus goes where `focusAfterSent` says (else that button).
 */
export function DeletionControls(props: {
  /** The form's ids start with `${idPrefix}-req`; the line said while a request is open is `${idPrefix}-pending`. */
  idPrefix: string;
  site: string;
  tokens: readonly string[];
  send: Send;
  /** The request being written (its form is open), or null. */
  asking: Exercise | null;
  /** A deletion request to the site is open. */
  pending: boolean;
  /** The site's companies in the privacy-contacts directory: [] none, null not known (yet). */
  companies?: readonly ContactCompany[] | null | undefined;
  /** The person's country as the browser's language suggests (ISO alpha-2), for the form's default. */
  residence?: string | null | undefined;
  /** Small buttons (the popup). */
  small?: boolean;
  /** The id of what the buttons act on (the site card's title). */
  describedBy?: string;
  forgetLabel: string;
  onAsk: (exercise: Exercise) => void;
  onCancel: () => void;
  onSent: (r: RequestResult) => void;
  focusAfterSent: (r: RequestResult) => HTMLElement | null;
  onForget: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const p = props.idPrefix;
  const size = props.small ? ' btn-small' : '';
  const companies = props.companies ?? [];
  const done = (res: RequestResult) => {
    props.onSent(res);
    // The form goes away: the focus goes to what now stands in its place.
    setTimeout(() => (props.focusAfterSent(res) ?? button.current)?.focus(), 0);
  };
  const cancel = () => {
    props.onCancel();
    setTimeout(() => button.current?.focus(), 0);
  };
  if (props.asking && companies.length > 0)
    return (
      <>
        <SiteTermsNote site={props.site} send={props.send} />
        <CompanyRequestForm
          idPrefix={`${p}-req`}
          site={props.site}
          exercise={props.asking}
          companies={companies}
          residence={props.residence ?? null}
          tokens={props.tokens}
          send={props.send}
          onDone={done}
          onCancel={cancel}
        />
      </>
    );
  if (props.asking)
    return (
      <>
        <SiteTermsNote site={props.site} send={props.send} />
        <RequestDeletionForm
          idPrefix={`${p}-req`}
          site={props.site}
          tokens={props.tokens}
          send={props.send}
          onDone={done}
          onCancel={cancel}
        />
      </>
    );
  const describedBy = [props.describedBy, companies.length > 0 ? `${p}-company` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <>
      {companies.length > 0 ? <CompanyIntro id={`${p}-company`} company={companies[0]!} others={companies.length - 1} /> : null}
      <div class="actions">
        {props.pending ? (
          <p id={`${p}-pending`} class="request-pending" tabIndex={-1}>
            {t('requestDeletionOpen')}
          </p>
        ) : null}
        {companies.length > 0 ? (
          EXERCISES.filter((e) => !(e === 'deletion' && props.pending)).map((e, i) => (
            <button
              key={e}
              ref={i === 0 ? button : undefined}
              type="button"
              class={`btn${size}`}
              aria-describedby={describedBy}
              onClick={() => props.onAsk(e)}
            >
              {t(ASK_KEYS[e])}
            </button>
          ))
        ) : props.pending ? null : (
          <button
            ref={button}
            type="button"
            class={`btn${size}`}
            aria-describedby={props.describedBy}
            onClick={() => props.onAsk('deletion')}
          >
            {t('ledgerRequestDeletion')}
          </button>
        )}
        <button type="button" class={`btn${size} btn-danger-text`} aria-describedby={props.describedBy} onClick={props.onForget}>
          {props.forgetLabel}
        </button>
      </div>
    </>
  );
}

/**
 * Ask a site to delete what it holds: under GDPR or the CCPA, identified by values it already has
 * (email by default). Each identifier is shown by the persona editor's name for it ("Email"); the
 * token ("email") is what is sent. A token the editor has no name for is shown as it is.
 * Used by the options page and the popup.
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
  /** Where to send it when the site declares no endpoint and the directory does not know it. */
  const [to, setTo] = useState('');
  const p = props.idPrefix;

  return (
    <RequestForm
      idPrefix={p}
      title={t('requestFormTitle', props.site)}
      sendLabel={t('requestSend')}
      problem={ids.length === 0 && props.tokens.length > 0 ? 'requestIdentifiersNone' : null}
      message={() => ({
        type: 'requests/create',
        site: props.site,
        exercise: 'deletion',
        law,
        identifiers: ids,
        ...(to.trim() ? { to: to.trim() } : {}),
      })}
      send={props.send}
      onDone={props.onDone}
      onCancel={props.onCancel}
    >
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
            <IdentifierCheck key={tok} class="ledger-check" idPrefix={p} token={tok} ids={ids} onIds={setIds} />
          ))}
        </fieldset>
      ) : null}
      <TextField
        id={`${p}-to`}
        type="email"
        label={t('requestToLabel')}
        hint={t('requestToHint')}
        value={to}
        onValue={setTo}
        maxLength={254}
        spellcheck={false}
      />
    </RequestForm>
  );
}

/**
 * A request written as a letter to send by hand: to a directory company (by email, web form or
 * post), or as an email to a site that declares no endpoint. Shown as text, never as HTML.
 */
export function EmailDraftView(props: { idPrefix: string; email: EmailDraft; site: string; lang: string }) {
  const { email } = props;
  const due = absoluteDate(email.deadline, props.lang);
  return (
    <LetterView
      idPrefix={props.idPrefix}
      title={email.via ? t('letterRequestTitle', email.recipient ?? props.site) : t('requestEmailTitle')}
      intro={email.via ? t('letterRequestIntro', due) : t('requestEmailReady', [props.site, due])}
      letter={email}
      lang={props.lang}
    />
  );
}
