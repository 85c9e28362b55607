/**
 * Unlock with the passphrase. On failure the reply's code is announced, the passphrase is cleared
 * and focus stays in the field so the person can simply type again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { fromCode, useAction } from './action';
import { PassphraseField } from './Field';
import { t } from './i18n';
import { ErrorAlert } from './Notices';
import { ActionRow } from './SubmitRow';

export function UnlockForm(props: {
  /** Resolves to an error code, or null when unlocked. */
  onUnlock: (passphrase: string) => Promise<string | null>;
  autoFocus?: boolean;
}) {
  const [passphrase, setPassphrase] = useState('');
  const action = useAction();
  const { error } = action;
  const busy = action.busy !== null;
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!passphrase) {
      action.setError('unlockEmpty');
      input.current?.focus();
      return;
    }
    await action.run(() => fromCode(props.onUnlock(passphrase)), undefined, {
      onError: () => {
        setPassphrase('');
        input.current?.focus();
      },
    });
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
      <ActionRow label={t('buttonUnlock')} busy={busy} />
    </form>
  );
}
