/**
 * Choosing a new passphrase (create, recover, change): the field, the strength feedback and a
 * confirmation field. `useNewPassphrase` holds the state and says why it cannot be used yet; the
 * form shows that reason next to its (disabled) submit button.
 */
import type { Ref } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { estimateStrength } from '../vault/strength';
import { TextField } from './Field';
import { t } from './i18n';
import { newPassphraseProblem } from './passphrase';
import { StrengthMeter } from './StrengthMeter';

export type StrengthResult = ReturnType<typeof estimateStrength>;

export interface NewPassphraseState {
  passphrase: string;
  confirm: string;
  setPassphrase(v: string): void;
  setConfirm(v: string): void;
  strength: StrengthResult | null;
  /** i18n key of why it cannot be used yet, or null. */
  problem: string | null;
  reset(): void;
}

export function useNewPassphrase(): NewPassphraseState {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = useMemo(() => (passphrase ? estimateStrength(passphrase) : null), [passphrase]);
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

export function NewPassphraseFields(props: {
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

/** The reason a submit button is disabled; the button points to it with aria-describedby. */
export function ProblemText(props: { id: string; problem: string | null }) {
  return (
    <p id={props.id} class="problem">
      {props.problem ? t(props.problem) : ''}
    </p>
  );
}
