/**
 * Restore from an encrypted backup file. The background checks the whole file before writing
 * anything, so on any error nothing was changed, and the form says so.
 */
import { useRef, useState } from 'preact/hooks';
import { useAction } from './action';
import { FieldShell, TextField } from './Field';
import { t } from './i18n';
import { ErrorAlert, StatusMessage } from './Notices';
import { ActionRow } from './SubmitRow';

export type ImportResult = { ok: true; imported: Record<string, number> } | { ok: false; code: string };

const TABLE_KEYS: Record<string, string> = {
  personas: 'tablePersonas',
  terms: 'tableTerms',
  shares: 'tableShares',
  brands: 'tableBrands',
  intents: 'tableIntents',
  offers: 'tableOffers',
  requests: 'tableRequests',
  sites: 'tableSites',
};

function importedSummary(imported: Record<string, number>): string[] {
  return Object.entries(imported)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => t('backupImportedCount', [t(TABLE_KEYS[table] ?? table), n]));
}

export function BackupImportForm(props: { idPrefix: string; onImport: (data: string, passphrase: string) => Promise<ImportResult> }) {
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const action = useAction();
  const { error } = action;
  const busy = action.busy !== null;
  const [fieldError, setFieldError] = useState<{ file?: string; passphrase?: string }>({});
  const [done, setDone] = useState<string[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const passInput = useRef<HTMLInputElement>(null);
  const id = props.idPrefix;

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    action.begin();
    setDone(null);
    if (!file) {
      setFieldError({ file: 'backupNoFile' });
      fileInput.current?.focus();
      return;
    }
    if (!passphrase) {
      setFieldError({ passphrase: 'backupNoPassphrase' });
      passInput.current?.focus();
      return;
    }
    setFieldError({});
    const r = await action.run(
      async (): Promise<ImportResult> => {
        let data: string;
        try {
          data = await file.text();
        } catch {
          return { ok: false, code: 'backupUnreadable' };
        }
        return props.onImport(data, passphrase);
      },
      undefined,
      {
        onError: (code) => {
          if (code !== 'errBackupPassphrase' && code !== 'errBackupAuth') return;
          setPassphrase('');
          passInput.current?.focus();
        },
      },
    );
    if (!r) return;
    setPassphrase('');
    const lines = importedSummary(r.imported);
    setDone(lines.length ? lines : [t('backupImportedNothing')]);
  }

  return (
    <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
      <FieldShell id={`${id}-file`} label={t('labelBackupFile')} hint={t('backupFileHint')} error={fieldError.file}>
        {(a11y) => (
          <input
            {...a11y}
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setFieldError({});
            }}
          />
        )}
      </FieldShell>
      <TextField
        id={`${id}-passphrase`}
        label={t('labelBackupPassphrase')}
        hint={t('backupPassphraseHint')}
        type="password"
        autocomplete="off"
        value={passphrase}
        onValue={setPassphrase}
        inputRef={passInput}
        error={fieldError.passphrase}
        required
      />
      <ErrorAlert code={error} after="backupNothingChanged" />
      <ActionRow label={t('buttonImportBackup')} busy={busy} />
      <StatusMessage message={done ? t('backupImported') : null}>
        <ul class="counts">
          {(done ?? []).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </StatusMessage>
    </form>
  );
}
