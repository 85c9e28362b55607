/** Open the vault with the recovery code and set a new passphrase. */
import { useRef, useState } from 'preact/hooks';
import { TextField } from './Field';
import { t } from './i18n';
import { NewPassphraseFields, ProblemText, useNewPassphrase } from './NewPassphrase';
import { ErrorAlert } from './Notices';

export function RecoverForm(props: {
  onRecover: (recoveryCode: string, newPassphrase: string) => Promise<string | null>;
  onBack: () => void;
}) {
  const [code, setCode] = useState('');
  const np = useNewPassphrase();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const passInput = useRef<HTMLInputElement>(null);

  const problem = code.trim() ? np.problem : 'recoverProblemCode';

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || problem) return;
    setError(null);
    setBusy(true);
    const result = await props.onRecover(code.trim(), np.passphrase);
    setBusy(false);
    if (result) {
      setError(result);
      if (result === 'errWeakPassphrase') passInput.current?.focus();
      else codeInput.current?.focus();
    }
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <TextField
        id="recover-code"
        label={t('labelRecoveryCode')}
        hint={t('recoverCodeHint')}
        value={code}
        onValue={setCode}
        inputRef={codeInput}
        inputClass="mono"
        spellcheck={false}
        autocapitalize="characters"
        invalid={error === 'errWrongRecoveryCode'}
        describedBy={error === 'errWrongRecoveryCode' ? 'recover-error' : undefined}
        required
      />
      <NewPassphraseFields
        idPrefix="recover"
        state={np}
        label={t('labelNewPassphrase')}
        confirmLabel={t('labelConfirmNewPassphrase')}
        inputRef={passInput}
        invalidBy={error === 'errWeakPassphrase' ? 'recover-error' : undefined}
      />
      <ErrorAlert id="recover-error" code={error} />
      <div class="actions">
        <button
          type="submit"
          class="btn btn-primary"
          disabled={Boolean(problem)}
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby="recover-problem"
        >
          {t('buttonRecover')}
        </button>
        <button type="button" class="btn btn-quiet" onClick={props.onBack}>
          {t('buttonBack')}
        </button>
        {busy ? <span class="busy">{t('working')}</span> : null}
      </div>
      <ProblemText id="recover-problem" problem={problem} />
    </form>
  );
}
