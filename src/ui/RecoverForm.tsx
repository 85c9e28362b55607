/** Open the vault with the recovery code and set a new passphrase. */
import { useRef, useState } from 'preact/hooks';
import { TextField } from './Field';
import { t } from './i18n';
import { NewPassphraseForm, useNewPassphraseForm } from './NewPassphrase';

export function RecoverForm(props: {
  onRecover: (recoveryCode: string, newPassphrase: string) => Promise<string | null>;
  onBack: () => void;
}) {
  const [code, setCode] = useState('');
  const codeInput = useRef<HTMLInputElement>(null);
  const { error, form } = useNewPassphraseForm({
    idPrefix: 'recover',
    label: t('labelNewPassphrase'),
    confirmLabel: t('labelConfirmNewPassphrase'),
    submitLabel: t('buttonRecover'),
    blocked: code.trim() ? null : 'recoverProblemCode',
    send: (passphrase) => props.onRecover(code.trim(), passphrase),
    // A wrong code (or anything else): back to the code.
    onError: () => codeInput.current?.focus(),
  });

  return (
    <NewPassphraseForm
      {...form}
      actions={
        <button type="button" class="btn btn-quiet" onClick={props.onBack}>
          {t('buttonBack')}
        </button>
      }
    >
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
    </NewPassphraseForm>
  );
}
