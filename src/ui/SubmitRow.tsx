/**
 * The end of a form that cannot be sent until it is complete: the submit button, disabled while
 * there is a problem and described by the line that says what it is (so the reason is read out with
 * the button), any further buttons, and "Working…" while the reply is awaited.
 */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';

export function SubmitRow(props: {
  label: string;
  /** Why it cannot be sent yet (localised text), or null. */
  problem: string | null;
  /** The id of the line that says the problem. */
  problemId: string;
  /** Said on that line while there is no problem. */
  note?: string;
  busy: boolean;
  danger?: boolean;
  /** Buttons after the submit button (Back, Cancel). */
  children?: ComponentChildren;
}) {
  return (
    <>
      <div class="actions">
        <button
          type="submit"
          class={props.danger ? 'btn btn-danger' : 'btn btn-primary'}
          disabled={Boolean(props.problem)}
          aria-disabled={props.busy ? 'true' : undefined}
          aria-describedby={props.problemId}
        >
          {props.label}
        </button>
        {props.children}
        {props.busy ? <span class="busy">{t('working')}</span> : null}
      </div>
      <p id={props.problemId} class="problem">
        {props.problem || props.note || ''}
      </p>
    </>
  );
}

/** A form's or card's one action that is always allowed: the primary button and "Working…" while busy. */
export function ActionRow(props: { label: string; busy: boolean; onClick?: () => void }) {
  return (
    <div class="actions">
      <button
        type={props.onClick ? 'button' : 'submit'}
        class="btn btn-primary"
        onClick={props.onClick}
        aria-disabled={props.busy ? 'true' : undefined}
      >
        {props.label}
      </button>
      {props.busy ? <span class="busy">{t('working')}</span> : null}
    </div>
  );
}
