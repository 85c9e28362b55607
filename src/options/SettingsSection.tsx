/** Settings: auto-lock time and changing the passphrase. */
import { useRef, useState } from 'preact/hooks';
import { useAction } from '../ui/action';
import type { Send } from '../ui/connector';
import { Hint, PassphraseField, TextField } from '../ui/Field';
import { t } from '../ui/i18n';
import { NewPassphraseForm, useNewPassphraseForm } from '../ui/NewPassphrase';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { RecoveryCodeStep } from '../ui/RecoveryCodeStep';
import { Card, Screen } from '../ui/Screen';
import { AUTOLOCK_MAX, AUTOLOCK_MIN, parseAutoLock } from './autolock';
import { SyncCard } from './SyncCard';

export function SettingsSection(props: { send: Send; focus: boolean; autoLockMinutes: number; onAutoLockSaved: (m: number) => void }) {
  return (
    <Screen title={t('navSettings')} focus={props.focus}>
      <Card id="autolock-title" title={t('autoLockTitle')}>
        <AutoLockForm {...props} />
      </Card>
      <Card id="change-title" title={t('changePassphraseTitle')}>
        <ChangePassphraseForm send={props.send} />
      </Card>
      <SyncCard send={props.send} />
    </Screen>
  );
}

function AutoLockForm(props: { send: Send; autoLockMinutes: number; onAutoLockSaved: (m: number) => void }) {
  const [value, setValue] = useState(String(props.autoLockMinutes));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const action = useAction();
  const { error, status } = action;
  const busy = action.busy !== null;
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    action.begin();
    const minutes = parseAutoLock(value);
    if (minutes === null) {
      setFieldError('autoLockRange');
      input.current?.focus();
      return;
    }
    setFieldError(null);
    await action.run(
      () => props.send({ type: 'settings/set', autoLockMinutes: minutes }),
      (r) => {
        setValue(String(r.autoLockMinutes));
        props.onAutoLockSaved(r.autoLockMinutes);
        return t('autoLockSaved', r.autoLockMinutes);
      },
    );
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <TextField
        id="autolock-minutes"
        label={t('labelAutoLock')}
        hint={t('autoLockHint')}
        type="number"
        inputmode="numeric"
        min={AUTOLOCK_MIN}
        max={AUTOLOCK_MAX}
        value={value}
        onValue={(v) => {
          setValue(v);
          setFieldError(null);
        }}
        inputRef={input}
        inputClass="input-short"
        error={fieldError}
        required
      />
      <ErrorAlert code={error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
          {t('buttonSaveAutoLock')}
        </button>
      </div>
      <StatusMessage message={status} />
    </form>
  );
}

function ChangePassphraseForm(props: { send: Send }) {
  const [current, setCurrent] = useState('');
  const [rotate, setRotate] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  /** After a rotation: the new recovery code, shown until the person confirms they saved it. */
  const [newCode, setNewCode] = useState<string | null>(null);
  const currentInput = useRef<HTMLInputElement>(null);
  const { np, error, form } = useNewPassphraseForm({
    idPrefix: 'change',
    label: t('labelNewPassphrase'),
    confirmLabel: t('labelConfirmNewPassphrase'),
    submitLabel: t('buttonChangePassphrase'),
    blocked: current ? null : 'changeProblemCurrent',
    send: async (next) => {
      setStatus(null);
      const r = await props.send({ type: 'vault/change-passphrase', current, next, ...(rotate ? { rotate: true } : {}) });
      if (!r.ok) return r.error.code;
      setCurrent('');
      np.reset();
      setRotate(false);
      if (r.recoveryCode) setNewCode(r.recoveryCode);
      else setStatus(t('passphraseChanged'));
      return null;
    },
    onError: (code) => {
      if (code !== 'errWrongPassphrase') return;
      setCurrent('');
      currentInput.current?.focus();
    },
  });

  if (newCode)
    return (
      <RecoveryCodeStep
        code={newCode}
        level={3}
        onConfirmed={() => {
          setNewCode(null);
          setStatus(t('passphraseChangedRotated'));
        }}
      />
    );
  return (
    <NewPassphraseForm {...form} after={<StatusMessage message={status} />}>
      <p class="muted">{t('changePassphraseIntro')}</p>
      <PassphraseField
        id="change-current"
        label={t('labelCurrentPassphrase')}
        value={current}
        onValue={setCurrent}
        inputRef={currentInput}
        errorId={error === 'errWrongPassphrase' ? 'change-error' : undefined}
      />
      <div class="ledger-check">
        <input
          type="checkbox"
          id="change-rotate"
          checked={rotate}
          aria-describedby="change-rotate-hint"
          onChange={(e) => setRotate(e.currentTarget.checked)}
        />
        <label for="change-rotate">{t('changeRotateLabel')}</label>
      </div>
      <Hint id="change-rotate-hint">{t('changeRotateHint')}</Hint>
    </NewPassphraseForm>
  );
}
