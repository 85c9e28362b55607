/**
 * Show a recovery code once, then have the person type it back (any case, spaces and dashes
 * ignored) before going on, so a code that was not saved is noticed now and not on the day it is needed.
 */
import { useRef, useState } from 'preact/hooks';
import { downloadText } from './download';
import { TextField } from './Field';
import { t } from './i18n';
import { StatusMessage } from './Notices';
import { sameRecoveryCode } from './recovery-code';
import { type HeadingLevel, Screen } from './Screen';

export function RecoveryCodeStep(props: { code: string; level?: HeadingLevel; onConfirmed: () => void }) {
  const [phase, setPhase] = useState<'show' | 'confirm'>('show');
  return phase === 'show' ? (
    <ShowCode code={props.code} level={props.level} onSaved={() => setPhase('confirm')} />
  ) : (
    <ConfirmCode code={props.code} level={props.level} onBack={() => setPhase('show')} onConfirmed={props.onConfirmed} />
  );
}

function ShowCode(props: { code: string; level?: HeadingLevel | undefined; onSaved: () => void }) {
  const [status, setStatus] = useState<string | null>(null);
  async function copy() {
    setStatus(null);
    try {
      await navigator.clipboard.writeText(props.code);
      setStatus(t('recoveryCopied'));
    } catch {
      setStatus(t('recoveryCopyFailed'));
    }
  }
  function download() {
    const date = new Date().toISOString().slice(0, 10);
    downloadText(t('recoveryFileName', date), t('recoveryFileText', [props.code, date]));
    setStatus(t('recoveryDownloaded'));
  }
  return (
    <Screen title={t('recoveryShowTitle')} level={props.level}>
      <p>{t('recoveryShowIntro')}</p>
      <p class="recovery-code mono" id="recovery-code">
        {props.code}
      </p>
      <div class="actions">
        <button type="button" class="btn" onClick={copy}>
          {t('buttonCopyRecoveryCode')}
        </button>
        <button type="button" class="btn" onClick={download}>
          {t('buttonDownloadRecoveryCode')}
        </button>
      </div>
      <StatusMessage message={status} />
      <p class="notice notice-warning">{t('recoveryShowWarning')}</p>
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={props.onSaved}>
          {t('buttonSavedIt')}
        </button>
      </div>
    </Screen>
  );
}

function ConfirmCode(props: { code: string; level?: HeadingLevel | undefined; onBack: () => void; onConfirmed: () => void }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  function submit(e: Event) {
    e.preventDefault();
    if (sameRecoveryCode(typed, props.code)) {
      props.onConfirmed();
      return;
    }
    setError(typed.trim() ? 'recoveryMismatch' : 'recoveryEmpty');
    input.current?.focus();
  }
  return (
    <Screen title={t('recoveryConfirmTitle')} level={props.level}>
      <p>{t('recoveryConfirmIntro')}</p>
      <form class="form" onSubmit={submit} noValidate>
        <TextField
          id="recovery-confirm"
          label={t('labelTypeRecoveryCode')}
          value={typed}
          onValue={(v) => {
            setTyped(v);
            if (error) setError(null);
          }}
          inputRef={input}
          inputClass="mono"
          spellcheck={false}
          autocapitalize="characters"
          error={error}
          required
        />
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            {t('buttonConfirmRecoveryCode')}
          </button>
          <button type="button" class="btn btn-quiet" onClick={props.onBack}>
            {t('buttonShowCodeAgain')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
