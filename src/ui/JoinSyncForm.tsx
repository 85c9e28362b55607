/**
 * Onboarding on a second device: join the vault another browser syncs, with the same WebDAV
 * folder, user name, app password and the vault's passphrase. The vault key comes from the
 * server's header, so this browser opens the same vault, not a new one.
 */
import { useRef, useState } from 'preact/hooks';
import { useAction } from './action';
import type { Send } from './connector';
import { PassphraseField, TextField } from './Field';
import { t } from './i18n';
import { ErrorAlert } from './Notices';

export function JoinSyncForm(props: { send: Send; onJoined: () => void }) {
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [withCode, setWithCode] = useState(false);
  const [code, setCode] = useState('');
  const action = useAction();
  const busy = action.busy !== null;
  const passInput = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    action.begin();
    const done = await action.run(
      () =>
        props.send({
          type: 'sync/join',
          server: { url: url.trim(), user: user.trim(), password },
          ...(withCode ? { recoveryCode: code, newPassphrase: passphrase } : { passphrase }),
        }),
      () => null,
      {
        onError: (code) => {
          if (code === 'errWrongPassphrase') {
            setPassphrase('');
            passInput.current?.focus();
          }
        },
      },
    );
    if (done) props.onJoined();
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <TextField
        id="join-url"
        label={t('labelSyncUrl')}
        type="url"
        value={url}
        onValue={setUrl}
        spellcheck={false}
        autocapitalize="off"
        required
      />
      <TextField
        id="join-user"
        label={t('labelSyncUser')}
        value={user}
        onValue={setUser}
        autocomplete="username"
        autocapitalize="off"
        required
      />
      <TextField
        id="join-password"
        label={t('labelSyncPassword')}
        type="password"
        value={password}
        onValue={setPassword}
        autocomplete="off"
        required
      />
      <div class="ledger-check">
        <input type="checkbox" id="join-with-code" checked={withCode} onChange={(e) => setWithCode(e.currentTarget.checked)} />
        <label for="join-with-code">{t('labelJoinWithRecovery')}</label>
      </div>
      {withCode ? (
        <TextField
          id="join-code"
          label={t('labelRecoveryCode')}
          hint={t('joinRecoveryHint')}
          value={code}
          onValue={setCode}
          spellcheck={false}
          autocapitalize="characters"
          invalid={action.error === 'errWrongRecoveryCode'}
          describedBy={action.error === 'errWrongRecoveryCode' ? 'join-error' : undefined}
          required
        />
      ) : null}
      <PassphraseField
        id="join-passphrase"
        label={withCode ? t('labelJoinNewPassphrase') : t('labelJoinPassphrase')}
        value={passphrase}
        onValue={setPassphrase}
        inputRef={passInput}
        errorId={action.error === 'errWrongPassphrase' ? 'join-error' : undefined}
      />
      <ErrorAlert code={action.error} id="join-error" />
      <div class="actions">
        <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
          {t('buttonJoin')}
        </button>
      </div>
    </form>
  );
}
