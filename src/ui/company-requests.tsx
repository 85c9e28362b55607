/**
 * Requests to real companies (issue 15), in the popup and the ledger: the company and its privacy
 * contact from the directory, the three requests (access, erasure, objection / do not sell), the
 * form that writes one (where the person lives decides the law; the identifiers the site received,
 * editable; what the company asks for, said before sending), the letter to send (email, web form
 * or printed letter), and a request's steps with their dates, the answers the person records, the
 * reminder and the complaint. Letters and anything from the directory are shown as text, never HTML.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Jurisdiction, jurisdictionFor } from '../protocol/jurisdiction';
import { type SentRequest, timeline } from '../protocol/letters';
import type { ContactCompany, EmailDraft, LetterDraft } from '../shared/messages';
import { identifiersReceivedBy } from '../shared/received';
import type { DataRightsRequest, RequestAnswer } from '../shared/records';
import type { Exercise } from '../shared/vocab';
import type { Send } from './connector';
import { countryOptions } from './countries';
import { SelectField } from './Field';
import { t, uiLanguage } from './i18n';
import { absoluteDate, defaultIdentifiers, EXERCISE_KEYS, fieldName, safeMailto } from './ledger-view';
import { StatusMessage } from './Notices';
import { IdentifierCheck, RequestForm, type RequestResult } from './RequestForm';

export const EXERCISES: readonly Exercise[] = ['access', 'deletion', 'sale:opt-out'];

/** The buttons' words: "Ask what they hold", "Ask them to delete", "Object / do not sell". */
export const ASK_KEYS: Readonly<Record<Exercise, string>> = {
  access: 'companyAskAccess',
  deletion: 'companyAskDeletion',
  'sale:opt-out': 'companyAskObject',
};

export const JURISDICTION_KEYS: Readonly<Record<Jurisdiction, string>> = {
  eu: 'lawEu',
  uk: 'lawUk',
  ch: 'lawCh',
  'us-ca': 'lawUsCa',
};

const VIA_KEYS = { email: 'companyViaEmail', webform: 'companyViaWebform', letter: 'companyViaLetter' } as const;
const LANG_NAMES = (code: string, ui: string): string => {
  try {
    return new Intl.DisplayNames([ui], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

/** Only https web forms become links. */
export function safeWebform(href: string | undefined): string | null {
  if (!href) return null;
  try {
    const u = new URL(href);
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Where a company takes requests, as one line: its email, its web form's host, or "by post". */
export function contactLine(c: Pick<ContactCompany, 'via' | 'email' | 'webform'>): string {
  if (c.via === 'email' && c.email) return c.email;
  if (c.via === 'webform' && c.webform) return t('companyViaWebformAt', new URL(c.webform).host);
  return t('companyViaLetter');
}

/** The companies behind a site, from the directory (`contacts/site`); [] when it knows none, null while asking. */
export function useCompanies(send: Send, site: string | null): { companies: ContactCompany[] | null; residence: string | null } {
  const [state, setState] = useState<{ companies: ContactCompany[] | null; residence: string | null }>({
    companies: null,
    residence: null,
  });
  useEffect(() => {
    let live = true;
    setState({ companies: null, residence: null });
    if (!site) return;
    void send({ type: 'contacts/site', site, lang: navigator.language }).then((r) => {
      if (live) setState(r.ok ? { companies: r.companies, residence: r.residence } : { companies: [], residence: null });
    });
    return () => {
      live = false;
    };
  }, [site]);
  return state;
}

/** The companies behind many sites at once (`contacts/sites`, one message for the whole ledger); null while asking. */
export function useCompaniesOf(
  send: Send,
  sites: readonly string[] | null,
): { companies: Record<string, ContactCompany[]> | null; residence: string | null } {
  const [state, setState] = useState<{ companies: Record<string, ContactCompany[]> | null; residence: string | null }>({
    companies: null,
    residence: null,
  });
  const key = sites?.join('\n') ?? null;
  useEffect(() => {
    let live = true;
    if (!sites) return;
    void send({ type: 'contacts/sites', sites: sites.slice(0, 1000), lang: navigator.language }).then((r) => {
      if (live) setState(r.ok ? { companies: r.companies, residence: r.residence } : { companies: {}, residence: null });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

/** "Their privacy contact: NAME, CONTACT" and the three requests. */
export function CompanyIntro(props: { id: string; company: ContactCompany; others: number }) {
  const c = props.company;
  return (
    <p id={props.id} class="company-contact">
      {t('companyContact', [c.name, contactLine(c)])}
      {props.others > 0 ? ` ${t('companyOthers', props.others)}` : ''}
    </p>
  );
}

/** Residence choices: California first (the CCPA), then every country by name. */
function residenceOptions(lang: string) {
  return [
    { value: '', label: t('residenceUnknown') },
    { value: 'us-ca', label: t('residenceCalifornia') },
    ...countryOptions(lang).map((o) => ({ value: o.value.toLowerCase(), label: o.label })),
  ];
}

/**
 * Write a request to a directory company: which company (when a domain has several), where the
 * person lives (the law follows), the identifiers (the site's values, editable; unticked ones are
 * not sent), and what the company asks for. Sends `requests/create`; the letter comes back.
 */
export function CompanyRequestForm(props: {
  idPrefix: string;
  site: string;
  exercise: Exercise;
  companies: readonly ContactCompany[];
  residence: string | null;
  tokens: readonly string[];
  send: Send;
  onDone: (r: RequestResult) => void;
  onCancel: () => void;
}) {
  const p = props.idPrefix;
  const lang = uiLanguage();
  const [slug, setSlug] = useState(props.companies[0]!.slug);
  const company = props.companies.find((c) => c.slug === slug) ?? props.companies[0]!;
  const [residence, setResidence] = useState(props.residence ?? '');
  // Email and name are offered even when the site never received them: the company needs to find the person.
  const tokens = useMemo(() => [...new Set([...props.tokens, 'email', 'name'])], [props.tokens]);
  const [ids, setIds] = useState<string[]>(() => defaultIdentifiers(props.tokens).concat(props.tokens.length ? [] : ['email']));
  const [values, setValues] = useState<Record<string, string>>({});
  const jurisdiction = jurisdictionFor(residence || undefined, company);

  useEffect(() => {
    // The values this site itself received, to start from; the person edits them here.
    void props.send({ type: 'ledger/site', site: props.site }).then((r) => {
      if (!r.ok) return;
      const got = identifiersReceivedBy(r.shares, new URL(props.site).origin, tokens);
      setValues((cur) => ({ ...Object.fromEntries(got.map((g) => [g.token, g.value])), ...cur }));
    });
  }, []);

  const chosen = ids.filter((tok) => (values[tok] ?? '').trim() !== '');

  return (
    <RequestForm
      idPrefix={p}
      title={t('companyFormTitle', [t(EXERCISE_KEYS[props.exercise]), company.name])}
      sendLabel={t('companySend')}
      problem={chosen.length === 0 ? 'companyIdentifiersNone' : null}
      message={() => ({
        type: 'requests/create',
        site: props.site,
        exercise: props.exercise,
        law: jurisdiction === 'us-ca' ? 'ccpa' : 'gdpr',
        identifiers: chosen,
        company: company.slug,
        ...(residence ? { residence } : {}),
        values: chosen.map((token) => ({ token, value: values[token]!.slice(0, 400) })),
        lang: navigator.language,
      })}
      send={props.send}
      onDone={props.onDone}
      onCancel={props.onCancel}
    >
      {props.companies.length > 1 ? (
        <SelectField
          id={`${p}-company`}
          label={t('companyWhich')}
          value={slug}
          onValue={setSlug}
          options={props.companies.map((c) => ({ value: c.slug, label: c.name }))}
        />
      ) : null}
      <dl class="ledger-fields company-facts">
        <div class="ledger-field">
          <dt>{t('companyTo')}</dt>
          <dd>
            {company.name}
            <br />
            <span class="mono">{contactLine(company)}</span>
          </dd>
        </div>
        <div class="ledger-field">
          <dt>{t('companyHow')}</dt>
          <dd>{t(VIA_KEYS[company.via])}</dd>
        </div>
        <div class="ledger-field">
          <dt>{t('companyLanguage')}</dt>
          <dd>{LANG_NAMES(company.lang, lang)}</dd>
        </div>
      </dl>
      {company.idDocument || company.required.length > 0 ? (
        <div class="notice notice-info" id={`${p}-needs`}>
          {company.idDocument ? <p>{t('companyNeedsId')}</p> : null}
          {company.required.length > 0 ? <p>{t('companyNeedsElements', company.required.join(', '))}</p> : null}
        </div>
      ) : null}
      <SelectField
        id={`${p}-residence`}
        label={t('residenceLabel')}
        hint={t('residenceHint', t(JURISDICTION_KEYS[jurisdiction]))}
        value={residence}
        onValue={setResidence}
        options={residenceOptions(lang)}
      />
      <fieldset aria-describedby={`${p}-ids-hint`}>
        <legend>{t('requestIdentifiersLegend')}</legend>
        <p id={`${p}-ids-hint`} class="hint">
          {t('companyIdentifiersHint')}
        </p>
        {tokens.map((tok) => (
          <IdentifierCheck key={tok} class="company-identifier" idPrefix={p} token={tok} ids={ids} onIds={setIds}>
            <input
              type="text"
              id={`${p}-value-${tok}`}
              aria-label={t('companyIdentifierValue', fieldName({ token: tok }))}
              value={values[tok] ?? ''}
              maxLength={400}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setValues((cur) => ({ ...cur, [tok]: v }));
                if (v.trim() && !ids.includes(tok)) setIds((cur) => [...cur, tok]);
              }}
            />
          </IdentifierCheck>
        ))}
      </fieldset>
    </RequestForm>
  );
}

/**
 * A letter to send by hand: a request (EmailDraft, whose body starts with its To and Subject lines)
 * or a follow-up (LetterDraft). By email: a mailto link and the text to copy; by web form: the form
 * opened in a new tab and the text to paste; by post: a printable page with both addresses.
 */
export function LetterView(props: { idPrefix: string; title: string; intro: string; letter: LetterDraft | EmailDraft; lang: string }) {
  const l = props.letter;
  const p = props.idPrefix;
  const via = l.via ?? 'email';
  const [said, setSaid] = useState<string | null>(null);
  const webform = safeWebform(l.webform);
  const mailto = safeMailto(l.mailto);
  // A request's EmailDraft carries To and Subject in its body (what to copy into an email app).
  const text = 'deadline' in l ? l.body : `${l.subject}\n\n${l.body}`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(t('requestEmailCopied'));
    } catch {
      setSaid(t('requestEmailCopyFailed'));
    }
  }
  return (
    <section class="notice notice-info request-email" aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`} tabIndex={-1}>
        {props.title}
      </h3>
      <p>{props.intro}</p>
      <dl class="ledger-fields">
        <div class="ledger-field">
          <dt>{t('requestEmailTo')}</dt>
          <dd class="mono">
            {via === 'webform' && webform ? webform : via === 'letter' && l.postal ? l.postal.to : (l.to ?? t('requestEmailToUnknown'))}
          </dd>
        </div>
        <div class="ledger-field">
          <dt>{t('requestEmailSubject')}</dt>
          <dd>{l.subject}</dd>
        </div>
      </dl>
      <div class="field">
        <label for={`${p}-body`}>{via === 'webform' ? t('letterToPaste') : t('requestEmailBody')}</label>
        <textarea id={`${p}-body`} readOnly rows={10} value={text} />
      </div>
      <div class="actions">
        {via === 'email' && mailto ? (
          <a class="btn btn-primary" href={mailto}>
            {t('requestEmailOpen')}
          </a>
        ) : null}
        {via === 'webform' && webform ? (
          <a class="btn btn-primary" href={webform} target="_blank" rel="noopener noreferrer">
            {t('letterOpenWebform')}
          </a>
        ) : null}
        {via === 'letter' ? (
          <button type="button" class="btn btn-primary" onClick={() => window.print()}>
            {t('letterPrint')}
          </button>
        ) : null}
        <button type="button" class="btn" onClick={() => void copy()}>
          {t('requestEmailCopy')}
        </button>
      </div>
      {via === 'letter' && l.postal ? (
        <div class="print-letter" aria-hidden="true">
          <pre class="print-from">{l.postal.from}</pre>
          <pre class="print-to">{l.postal.to}</pre>
          <p class="print-subject">{l.subject}</p>
          <pre class="print-body">{'deadline' in l ? l.body.split('\n\n').slice(1).join('\n\n') : l.body}</pre>
        </div>
      ) : null}
      <StatusMessage message={said} />
    </section>
  );
}

const FOLLOW_UP_TITLES: Record<FollowUp, string> = {
  request: 'letterRequestAgainTitle',
  reminder: 'letterReminderTitle',
  complaint: 'letterComplaintTitle',
};
const FOLLOW_UP_INTROS: Record<FollowUp, string> = {
  request: 'letterRequestAgainIntro',
  reminder: 'letterReminderIntro',
  complaint: 'letterComplaintIntro',
};

/** A follow-up letter of a request (the request again, the reminder, the complaint), to send by hand. */
export function FollowUpLetterView(props: { idPrefix: string; step: FollowUp; letter: LetterDraft; lang: string }) {
  return (
    <LetterView
      idPrefix={props.idPrefix}
      title={t(FOLLOW_UP_TITLES[props.step], props.letter.recipient)}
      intro={t(FOLLOW_UP_INTROS[props.step])}
      letter={props.letter}
      lang={props.lang}
    />
  );
}

/** The letters module's view of a stored request; null for requests without the follow-up facts. */
export function sentRequestOf(r: DataRightsRequest): SentRequest | null {
  if (r.channel !== 'email' || !r.sentOn || !r.dueOn || !r.jurisdiction) return null;
  return {
    exercise: r.exercise,
    jurisdiction: r.jurisdiction,
    lang: 'en',
    companyName: r.company?.name ?? r.site,
    site: r.site,
    to: r.to ?? '',
    identifiers: r.identifiers,
    sentOn: r.sentOn,
    dueOn: r.dueOn,
    answers: (r.answers ?? []).map((a) => ({ kind: a.kind, on: a.on })),
    ...(r.remindedOn ? { remindedOn: r.remindedOn } : {}),
    ...(r.complainedOn ? { complainedOn: r.complainedOn } : {}),
  };
}

const STEP_KEYS = {
  sent: 'stepSent',
  answer: 'stepAnswer',
  deadline: 'stepDeadline',
  reminder: 'stepReminder',
  'reminder-deadline': 'stepReminderDeadline',
  complaint: 'stepComplaint',
} as const;
export const ANSWER_KEYS: Readonly<Record<RequestAnswer, string>> = {
  fulfilled: 'answerFulfilled',
  refused: 'answerRefused',
  partial: 'answerPartial',
  id: 'answerId',
  extended: 'answerExtended',
};
const dateOf = (iso: string, lang: string) => absoluteDate(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), 12), lang);

export type FollowUp = 'request' | 'reminder' | 'complaint';

/** A small button that acts on one request of a list, described by the request's summary line (`${id}-summary`). */
export function RequestButton(props: { id: string; label: string; danger?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      class={props.danger ? 'btn btn-small btn-danger-text' : 'btn btn-small'}
      aria-describedby={`${props.id}-summary`}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

/**
 * A letter request's steps with their dates (sent, answers, deadline, reminder, complaint), what the
 * person can record the company answered, and the next letter when it is due.
 */
export function RequestSteps(props: {
  id: string;
  request: DataRightsRequest;
  today: string;
  lang: string;
  onAnswer?: (a: RequestAnswer) => void;
  onFollowUp?: (step: FollowUp) => void;
}) {
  const sent = sentRequestOf(props.request);
  const [answering, setAnswering] = useState<RequestAnswer | ''>('');
  if (!sent) return null;
  const r = props.request;
  const { steps, next } = timeline(sent, props.today);
  const lang = props.lang;
  return (
    <div class="request-steps">
      <ol aria-label={t('stepsLabel')}>
        {steps.map((s, i) => (
          <li key={`${s.kind}-${i}`} class={s.done ? 'step-done' : 'step-due'}>
            <time dateTime={s.on}>{dateOf(s.on, lang)}</time>{' '}
            {s.kind === 'answer' && s.answer
              ? t('stepAnswer', t(ANSWER_KEYS[s.answer]))
              : s.kind === 'complaint'
                ? t('stepComplaint', r.authority?.name ?? '')
                : t(STEP_KEYS[s.kind])}
          </li>
        ))}
      </ol>
      {next === 'reminder' ? <p class="hint request-next">{t('nextReminder')}</p> : null}
      {next === 'complaint' ? <p class="hint request-next">{t('nextComplaint')}</p> : null}
      <div class="actions">
        {props.onFollowUp ? (
          <RequestButton id={props.id} label={t('followUpRequest')} onClick={() => props.onFollowUp!('request')} />
        ) : null}
        {props.onFollowUp && (next === 'reminder' || r.remindedOn) ? (
          <RequestButton id={props.id} label={t('followUpReminder')} onClick={() => props.onFollowUp!('reminder')} />
        ) : null}
        {props.onFollowUp && (next === 'complaint' || r.complainedOn) ? (
          <RequestButton id={props.id} label={t('followUpComplaint')} onClick={() => props.onFollowUp!('complaint')} />
        ) : null}
      </div>
      {/* An answer can come at any time, after a complaint too; a fulfilled or withdrawn request is over. */}
      {props.onAnswer && r.status !== 'fulfilled' && r.status !== 'revoked' ? (
        <form
          class="request-answer"
          onSubmit={(e) => {
            e.preventDefault();
            if (answering) props.onAnswer!(answering);
            setAnswering('');
          }}
        >
          <SelectField
            id={`${props.id}-answer`}
            label={t('answerLabel')}
            value={answering}
            onValue={(v) => setAnswering(v as RequestAnswer | '')}
            options={[
              { value: '', label: t('answerChoose') },
              ...Object.entries(ANSWER_KEYS).map(([value, key]) => ({ value, label: t(key) })),
            ]}
          />
          <button type="submit" class="btn btn-small" aria-disabled={answering ? undefined : 'true'}>
            {t('answerRecord')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
