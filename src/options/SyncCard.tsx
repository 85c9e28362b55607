/**
 * Settings › Sync: the WebDAV folder, user name and app password (saved sealed in the vault; the
 * page never gets the password back), "test connection", "sync now", turning sync off, the status
 * line, and the persona conflicts waiting for the person.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncStatusReply } from '../shared/messages';
import { useAction } from '../ui/action';
import type { Send } from '../ui/connector';
import { TextField } from '../ui/Field';
import { PERSONA_LABEL_KEYS } from '../ui/field-labels';
import { t } from '../ui/i18n';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Card } from '../ui/Screen';
import { SyncStatusLine } from '../ui/sync-status';

const URL_OK = /^https?:\/\/\S+$/i;

export function SyncCard(props: { send: Send }) {
  const [status, setStatus] = useState<SyncStatusReply | null>(null);
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [newPass, setNewPass] = useState('');
  const action = useAction();
  const busy = action.busy !== null;
  const urlInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void props.send({ type: 'sync/status' }).then((r) => {
      if (!r.ok) return;
      setStatus(r);
      setUrl(r.url ?? '');
      setUser(r.user ?? '');
    });
  }, []);

  function server() {
    if (!URL_OK.test(url.trim())) {
      setUrlError('errSyncUrl');
      urlInput.current?.focus();
      return null;
    }
    setUrlError(null);
    return { url: url.trim(), user: user.trim(), password };
  }

  async function test() {
    if (busy) return;
    action.begin();
    const s = server();
    if (!s) return;
    await action.run(
      () => props.send({ type: 'sync/test', server: s }),
      () => t('syncTestOk'),
      { name: 'test' },
    );
  }

  async function save(e: Event) {
    e.preventDefault();
    if (busy) return;
    action.begin();
    const s = server();
    if (!s) return;
    await action.run(
      () => props.send({ type: 'sync/configure', server: s }),
      async () => {
        setPassword('');
        // The first round runs in the background; show its outcome.
        const r = await props.send({ type: 'sync/now' });
        if (r.ok) setStatus(r);
        return null;
      },
      { name: 'save' },
    );
  }

  async function syncNow() {
    if (busy) return;
    action.begin();
    await action.run(
      () => props.send({ type: 'sync/now' }),
      (r) => {
        setStatus(r);
        return null;
      },
      { name: 'now' },
    );
  }

  async function off() {
    if (busy) return;
    action.begin();
    await action.run(
      () => props.send({ type: 'sync/configure', server: null }),
      (r) => {
        setStatus(r);
        setPassword('');
        return t('syncOffDone');
      },
      { name: 'off' },
    );
  }

  /** The passphrase set on another device (errSyncPassphraseChanged): taken here, then a round. */
  async function takePassphrase(e: Event) {
    e.preventDefault();
    if (busy || newPass === '') return;
    action.begin();
    await action.run(
      () => props.send({ type: 'sync/passphrase', passphrase: newPass }),
      (r) => {
        setStatus(r);
        setNewPass('');
        return t('syncNewPassphraseDone');
      },
      { name: 'passphrase' },
    );
  }

  async function resolve(id: string, use: 'kept' | 'other') {
    if (busy) return;
    action.begin();
    await action.run(
      () => props.send({ type: 'sync/resolve', id, use }),
      (r) => {
        setStatus(r);
        return null;
      },
      { name: 'resolve' },
    );
  }

  const show = (v: unknown) => (v === undefined || v === '' ? t('syncEmptyValue') : typeof v === 'string' ? v : JSON.stringify(v));
  const fieldName = (f: string) => {
    const key = (PERSONA_LABEL_KEYS as Record<string, string>)[f];
    return key ? t(key) : f;
  };

  return (
    <Card id="sync-title" title={t('syncTitle')}>
      <p class="muted">{t('syncIntro')}</p>
      <SyncStatusLine status={status} id="sync-status" />
      {status?.lastError?.code === 'errSyncPassphraseChanged' ? (
        <form class="form" onSubmit={takePassphrase} noValidate aria-busy={busy ? 'true' : undefined}>
          <TextField
            id="sync-new-passphrase"
            label={t('labelSyncNewPassphrase')}
            type="password"
            value={newPass}
            onValue={setNewPass}
            autocomplete="current-password"
            required
          />
          <div class="actions">
            <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
              {t('buttonSyncNewPassphrase')}
            </button>
          </div>
        </form>
      ) : null}
      <form class="form" onSubmit={save} noValidate aria-busy={busy ? 'true' : undefined}>
        <TextField
          id="sync-url"
          label={t('labelSyncUrl')}
          hint={t('syncUrlHint')}
          type="url"
          value={url}
          onValue={(v) => {
            setUrl(v);
            setUrlError(null);
          }}
          inputRef={urlInput}
          error={urlError}
          spellcheck={false}
          autocapitalize="off"
          required
        />
        <TextField
          id="sync-user"
          label={t('labelSyncUser')}
          value={user}
          onValue={setUser}
          autocomplete="username"
          autocapitalize="off"
          required
        />
        <TextField
          id="sync-password"
          label={t('labelSyncPassword')}
          hint={status?.hasPassword ? `${t('syncPasswordHint')} ${t('syncPasswordSavedHint')}` : t('syncPasswordHint')}
          type="password"
          value={password}
          onValue={setPassword}
          autocomplete="new-password"
        />
        <ErrorAlert code={action.error} id="sync-error" />
        <div class="actions">
          <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
            {t('buttonSyncSave')}
          </button>
          <button type="button" class="btn" onClick={test} aria-disabled={busy ? 'true' : undefined}>
            {t('buttonSyncTest')}
          </button>
          {status?.configured ? (
            <>
              <button type="button" class="btn" onClick={syncNow} aria-disabled={busy ? 'true' : undefined}>
                {t('buttonSyncNow')}
              </button>
              <button type="button" class="btn" onClick={off} aria-disabled={busy ? 'true' : undefined}>
                {t('buttonSyncOff')}
              </button>
            </>
          ) : null}
        </div>
        <StatusMessage message={action.status} id="sync-message" />
      </form>
      {status && status.conflicts.length > 0 ? (
        <section aria-labelledby="sync-conflicts-title">
          <h3 id="sync-conflicts-title">{t('syncConflictsTitle')}</h3>
          <ul class="plain-list">
            {status.conflicts.map((c) => (
              <li key={c.id} class="sync-conflict">
                <p>{t('syncConflictIntro', c.label)}</p>
                <ul>
                  {c.fields.map((f) => (
                    <li key={f.field}>{t('syncConflictField', [fieldName(f.field), show(f.kept), show(f.other)])}</li>
                  ))}
                </ul>
                <div class="actions">
                  <button type="button" class="btn" onClick={() => void resolve(c.id, 'kept')}>
                    {t('buttonConflictKeep')}
                  </button>
                  <button type="button" class="btn" onClick={() => void resolve(c.id, 'other')}>
                    {t('buttonConflictOther')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Card>
  );
}
