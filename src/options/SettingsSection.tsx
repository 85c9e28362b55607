/** Settings: auto-lock time and changing the passphrase. */
import { useRef, useState } from 'preact/hooks';
import type { Send } from '../ui/connector';
import { TextField } from '../ui/Field';
import { t } from '../ui/i18n';
import { NewPassphraseFields, ProblemText, useNewPassphrase } from '../ui/NewPassphrase';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Heading, Screen } from '../ui/Screen';
import { AUTOLOCK_MAX, AUTOLOCK_MIN, parseAutoLock } from './autolock';

export function SettingsSection(props: { send: Send; focus: boolean; autoLockMinutes: number; onAutoLockSaved: (m: number) => void }) {
  return (
    <Screen title={t('navSettings')} focus={props.focus}>
      <section class="card" aria-labelledby="autolock-title">
        <Heading level={2} id="autolock-title">
          {t('autoLockTitle')}
        </Heading>
        <AutoLockForm {...props} />
      </section>
      <section class="card" aria-labelledby="change-title">
        <Heading level={2} id="change-title">
          {t('changePassphraseTitle')}
        </Heading>
        <ChangePassphraseForm send={props.send} />
      </section>
    </Screen>
  );
}

function AutoLockForm(props: { send: Send; autoLockMinutes: number; onAutoLockSaved: (m: number) => void }) {
  const [value, setValue] = useState(String(props.autoLockMinutes));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    setError(null);
    const minutes = parseAutoLock(value);
    if (minutes === null) {
      setFieldError('autoLockRange');
      input.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    const r = await props.send({ type: 'settings/set', autoLockMinutes: minutes });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    setValue(String(r.autoLockMinutes));
    props.onAutoLockSaved(r.autoLockMinutes);
    setStatus(t('autoLockSaved', r.autoLockMinutes));
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
  const np = useNewPassphrase();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const currentInput = useRef<HTMLInputElement>(null);
  const newInput = useRef<HTMLInputElement>(null);
  const problem = current ? np.problem : 'changeProblemCurrent';

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || problem) return;
    setError(null);
    setStatus(null);
    setBusy(true);
    const r = await props.send({ type: 'vault/change-passphrase', current, next: np.passphrase });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      if (r.error.code === 'errWrongPassphrase') {
        setCurrent('');
        currentInput.current?.focus();
      } else if (r.error.code === 'errWeakPassphrase') newInput.current?.focus();
      return;
    }
    setCurrent('');
    np.reset();
    setStatus(t('passphraseChanged'));
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <p class="muted">{t('changePassphraseIntro')}</p>
      <TextField
        id="change-current"
        label={t('labelCurrentPassphrase')}
        type="password"
        autocomplete="current-password"
        value={current}
        onValue={setCurrent}
        inputRef={currentInput}
        invalid={error === 'errWrongPassphrase'}
        describedBy={error === 'errWrongPassphrase' ? 'change-error' : undefined}
        required
      />
      <NewPassphraseFields
        idPrefix="change"
        state={np}
        label={t('labelNewPassphrase')}
        confirmLabel={t('labelConfirmNewPassphrase')}
        inputRef={newInput}
        invalidBy={error === 'errWeakPassphrase' ? 'change-error' : undefined}
      />
      <ErrorAlert id="change-error" code={error} />
      <div class="actions">
        <button
          type="submit"
          class="btn btn-primary"
          disabled={Boolean(problem)}
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby="change-problem"
        >
          {t('buttonChangePassphrase')}
        </button>
        {busy ? <span class="busy">{t('working')}</span> : null}
      </div>
      <ProblemText id="change-problem" problem={problem} />
      <StatusMessage message={status} />
    </form>
  );
}
