/**
 * The one form every data-rights request is written in (`requests/create`), in the ledger's pages
 * and in "Write to any company": its title takes the focus when it opens; Send is held back, with
 * the reason said, while the request is incomplete; a second click while it is sent does nothing;
 * an error reply is shown in the form; the reply (the request, and the letter to send by hand when
 * there is one) goes to the caller. A deletion request to a site (ledger-requests.tsx) and a request
 * to a directory company (company-requests.tsx) differ only in their fields and their message.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { EmailDraft, Msg } from '../shared/messages';
import type { DataRightsRequest } from '../shared/records';
import { useAction } from './action';
import type { Send } from './connector';
import { tokenLabelKey } from './field-labels';
import { t } from './i18n';
import { fieldName } from './ledger-view';
import { ErrorAlert } from './Notices';
import { SubmitRow } from './SubmitRow';

/** A request's outcome the page shows: sent to the brand, or an email to send. */
export type RequestResult = { request: DataRightsRequest; email?: EmailDraft | undefined };

/** The error code to show for a requests/* reply: a background without requests says so plainly. */
export const requestErrorCode = (code: string): string => (code === 'errInvalidMessage' ? 'requestUnavailable' : code);

export function RequestForm(props: {
  /** The form's ids start with this: `${idPrefix}-title`, `${idPrefix}-problem`. */
  idPrefix: string;
  title: string;
  sendLabel: string;
  /** Why it cannot be sent yet (a message key), or null. */
  problem: string | null;
  /** The message to send, built when the person sends it. */
  message: () => Msg<'requests/create'>;
  send: Send;
  onDone: (r: RequestResult) => void;
  onCancel: () => void;
  /** The request's own fields, between the title and the error. */
  children: ComponentChildren;
}) {
  const p = props.idPrefix;
  const action = useAction();
  const busy = action.busy !== null;
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (props.problem) return;
    await action.run(
      () => props.send(props.message()),
      (r) => {
        props.onDone({ request: r.request, email: r.email });
        return null;
      },
      { errorCode: requestErrorCode },
    );
  }

  return (
    <form class="form request-form" onSubmit={submit} noValidate aria-labelledby={`${p}-title`} aria-busy={busy ? 'true' : undefined}>
      <h3 id={`${p}-title`} ref={titleRef} tabIndex={-1}>
        {props.title}
      </h3>
      {props.children}
      <ErrorAlert code={action.error} />
      <SubmitRow label={props.sendLabel} problem={props.problem ? t(props.problem) : null} problemId={`${p}-problem`} busy={busy}>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('buttonCancel')}
        </button>
      </SubmitRow>
    </form>
  );
}

/**
 * One identifier the request may name, ticked or not: shown by the persona editor's name for it
 * ("Email"), or as the token itself where the editor has none; the token ("email") is what is sent.
 * `children` follow the label (the company form's editable value).
 */
export function IdentifierCheck(props: {
  idPrefix: string;
  token: string;
  ids: readonly string[];
  onIds: (update: (cur: string[]) => string[]) => void;
  class: string;
  children?: ComponentChildren;
}) {
  const { token: tok, idPrefix: p } = props;
  return (
    <div class={props.class}>
      <input
        type="checkbox"
        id={`${p}-id-${tok}`}
        checked={props.ids.includes(tok)}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          props.onIds((cur) => (on ? [...cur, tok] : cur.filter((x) => x !== tok)));
        }}
      />
      <label for={`${p}-id-${tok}`} class={tokenLabelKey(tok) ? undefined : 'mono'}>
        {fieldName({ token: tok })}
      </label>
      {props.children}
    </div>
  );
}
