/** Choose the vault's passphrase; the button stays disabled, with the reason shown, until it is usable. */
import { useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { NewPassphraseFields, ProblemText, useNewPassphrase } from './NewPassphrase';
import { ErrorAlert } from './Notices';

export function CreateVaultForm(props: { onCreate: (passphrase: string) => Promise<string | null> }) {
  const np = useNewPassphrase();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || np.problem) return;
    setError(null);
    setBusy(true);
    const code = await props.onCreate(np.passphrase);
    setBusy(false);
    if (code) {
      setError(code);
      if (code === 'errWeakPassphrase') input.current?.focus();
    }
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <NewPassphraseFields
        idPrefix="create"
        state={np}
        label={t('labelPassphrase')}
        confirmLabel={t('labelConfirmPassphrase')}
        inputRef={input}
        invalidBy={error === 'errWeakPassphrase' ? 'create-error' : undefined}
      />
      <ErrorAlert id="create-error" code={error} />
      <div class="actions">
        <button
          type="submit"
          class="btn btn-primary"
          disabled={Boolean(np.problem)}
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby="create-problem"
        >
          {t('buttonCreateVault')}
        </button>
        {busy ? <span class="busy">{t('working')}</span> : null}
      </div>
      <ProblemText id="create-problem" problem={np.problem} />
    </form>
  );
}
