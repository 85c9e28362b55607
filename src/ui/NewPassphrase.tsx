/**
 * Choosing a new passphrase (create, recover, change): the field, the strength feedback and a
 * confirmation field. `useNewPassphrase` holds the state and says why it cannot be used yet; the
 * form shows that reason next to its (disabled) submit button. `NewPassphraseForm` is the form the
 * three share, and `useNewPassphraseForm` its state and submit.
 */
import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Strength } from '../shared/strength';
import { fromCode, useAction } from './action';
import { TextField } from './Field';
import { t } from './i18n';
import { ErrorAlert } from './Notices';
import { newPassphraseProblem } from './passphrase';
import { StrengthMeter } from './StrengthMeter';
import { SubmitRow } from './SubmitRow';

type Estimator = (passphrase: string) => Strength;
let estimator: Promise<Estimator> | null = null;

/**
 * The estimator (zxcvbn and its dictionaries, several hundred kB) is loaded when a form that chooses
 * a passphrase first shows, not with the page: the popup's main view and the unlock screen never load it.
 */
function loadEstimator(): Promise<Estimator> {
  estimator ??= import('../shared/strength').then((m) => m.estimateStrength);
  return estimator;
}

export interface NewPassphraseState {
  passphrase: string;
  confirm: string;
  setPassphrase(v: string): void;
  setConfirm(v: string): void;
  /** Null while nothing is typed, or while the estimator is still loading. */
  strength: Strength | null;
  /** i18n key of why it cannot be used yet, or null. */
  problem: string | null;
  reset(): void;
}

function useNewPassphrase(): NewPassphraseState {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [estimate, setEstimate] = useState<Estimator | null>(null);
  useEffect(() => {
    let live = true;
    void loadEstimator().then((f) => {
      if (live) setEstimate(() => f);
    });
    return () => {
      live = false;
    };
  }, []);
  const strength = useMemo(() => (passphrase && estimate ? estimate(passphrase) : null), [passphrase, estimate]);
  return {
    passphrase,
    confirm,
    setPassphrase,
    setConfirm,
    strength,
    problem: newPassphraseProblem(passphrase, confirm, strength),
    reset() {
      setPassphrase('');
      setConfirm('');
    },
  };
}

function NewPassphraseFields(props: {
  idPrefix: string;
  state: NewPassphraseState;
  label: string;
  confirmLabel: string;
  /** Set when the background refused it (errWeakPassphrase): the alert's id. */
  invalidBy?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const s = props.state;
  const strengthId = `${props.idPrefix}-strength`;
  // Say "don't match" once the confirmation can no longer become the passphrase by typing on.
  const mismatch = s.confirm.length > 0 && !s.passphrase.startsWith(s.confirm);
  return (
    <div class="new-passphrase">
      <TextField
        id={`${props.idPrefix}-new`}
        label={props.label}
        hint={t('passphraseHint')}
        type="password"
        autocomplete="new-password"
        value={s.passphrase}
        onValue={s.setPassphrase}
        inputRef={props.inputRef}
        describedBy={[strengthId, props.invalidBy].filter(Boolean).join(' ')}
        invalid={Boolean(props.invalidBy)}
        required
      />
      <StrengthMeter id={strengthId} result={s.strength} />
      <TextField
        id={`${props.idPrefix}-confirm`}
        label={props.confirmLabel}
        type="password"
        autocomplete="new-password"
        value={s.confirm}
        onValue={s.setConfirm}
        error={mismatch ? 'passProblemMismatch' : null}
        required
      />
    </div>
  );
}

/**
 * The state and submit of a `NewPassphraseForm` (spread its `form` into it). Nothing is sent while
 * there is a problem: the form's own (`blocked`, e.g. no recovery code yet) first, then the new
 * passphrase's. `send` resolves to an error code, or null when done; a passphrase the background
 * refused as weak takes the focus back, any other error is handed to `onError`.
 */
export function useNewPassphraseForm(opts: {
  idPrefix: string;
  label: string;
  confirmLabel: string;
  submitLabel: string;
  blocked?: string | null;
  send: (passphrase: string) => Promise<string | null>;
  onError?: (code: string) => void;
}) {
  const np = useNewPassphrase();
  const action = useAction();
  const { error } = action;
  const busy = action.busy !== null;
  const inputRef = useRef<HTMLInputElement>(null);
  const problem = opts.blocked ?? np.problem;

  async function onSubmit(e: Event) {
    e.preventDefault();
    if (problem) return;
    await action.run(() => fromCode(opts.send(np.passphrase)), undefined, {
      onError: (code) => {
        if (code === 'errWeakPassphrase') inputRef.current?.focus();
        else opts.onError?.(code);
      },
    });
  }

  const { idPrefix, label, confirmLabel, submitLabel } = opts;
  return { np, error, form: { idPrefix, state: np, label, confirmLabel, submitLabel, inputRef, error, problem, busy, onSubmit } };
}

/**
 * A form that ends in a new passphrase: `children` first (a current passphrase, a recovery code),
 * then the new passphrase and its confirmation, the reply's error (`${idPrefix}-error`: point a
 * field at it), the submit button (disabled while there is a `problem`, which it is described by)
 * with any further `actions`, and `after` (a status message).
 */
export function NewPassphraseForm(props: {
  idPrefix: string;
  state: NewPassphraseState;
  label: string;
  confirmLabel: string;
  inputRef: Ref<HTMLInputElement>;
  /** The reply's error code; errWeakPassphrase marks the new passphrase invalid. */
  error: string | null;
  /** i18n key of why it cannot be sent yet, or null. */
  problem: string | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: (e: Event) => void;
  children?: ComponentChildren;
  actions?: ComponentChildren;
  after?: ComponentChildren;
}) {
  const p = props.idPrefix;
  return (
    <form class="form" onSubmit={props.onSubmit} noValidate aria-busy={props.busy ? 'true' : undefined}>
      {props.children}
      <NewPassphraseFields
        idPrefix={p}
        state={props.state}
        label={props.label}
        confirmLabel={props.confirmLabel}
        inputRef={props.inputRef}
        invalidBy={props.error === 'errWeakPassphrase' ? `${p}-error` : undefined}
      />
      <ErrorAlert id={`${p}-error`} code={props.error} />
      <SubmitRow label={props.submitLabel} problem={props.problem ? t(props.problem) : null} problemId={`${p}-problem`} busy={props.busy}>
        {props.actions}
      </SubmitRow>
      {props.after}
    </form>
  );
}
