/**
 * Unlock with the passphrase. On failure the reply's code is announced, the passphrase is cleared
 * and focus stays in the field so the person can simply type again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { PassphraseField } from './Field';
import { t } from './i18n';
import { ErrorAlert } from './Notices';

export function UnlockForm(props: {
  /** Resolves to an error code, or null when unlocked. */
  onUnlock: (passphrase: string) => Promise<string | null>;
  autoFocus?: boolean;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!passphrase) {
      setError('unlockEmpty');
      input.current?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    const code = await props.onUnlock(passphrase);
    setBusy(false);
    if (code) {
      setPassphrase('');
      setError(code);
      input.current?.focus();
    }
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <PassphraseField
        id="unlock-passphrase"
        label={t('labelPassphrase')}
        value={passphrase}
        onValue={setPassphrase}
        inputRef={input}
        errorId={error ? 'unlock-error' : undefined}
      />
      <ErrorAlert id="unlock-error" code={error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
          {t('buttonUnlock')}
        </button>
        {busy ? <span class="busy">{t('working')}</span> : null}
      </div>
    </form>
  );
}
