/** Backup: export the encrypted vault as a file; import one (checked whole before anything is written). */
import { useState } from 'preact/hooks';
import { BackupImportForm } from '../ui/BackupImportForm';
import { fetchBackup, sendBackup } from '../ui/backup-transfer';
import type { Send } from '../ui/connector';
import { downloadText } from '../ui/download';
import { t } from '../ui/i18n';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Heading, Screen } from '../ui/Screen';

export function BackupSection(props: { send: Send; focus: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function exportBackup() {
    setError(null);
    setStatus(null);
    setBusy(true);
    const r = await fetchBackup(props.send);
    setBusy(false);
    if (!r.ok) {
      setError(r.code);
      return;
    }
    downloadText(r.filename, r.data, 'application/json');
    setStatus(t('backupExported', r.filename));
  }

  return (
    <Screen title={t('navBackup')} focus={props.focus}>
      <section class="card" aria-labelledby="export-title">
        <Heading level={2} id="export-title">
          {t('backupExportTitle')}
        </Heading>
        <p>{t('backupExportIntro')}</p>
        <ErrorAlert code={error} />
        <div class="actions">
          <button type="button" class="btn btn-primary" onClick={exportBackup} aria-disabled={busy ? 'true' : undefined}>
            {t('buttonExportBackup')}
          </button>
          {busy ? <span class="busy">{t('working')}</span> : null}
        </div>
        <StatusMessage message={status} />
      </section>
      <section class="card" aria-labelledby="import-title">
        <Heading level={2} id="import-title">
          {t('backupImportTitle')}
        </Heading>
        <p>{t('backupImportIntro')}</p>
        <BackupImportForm
          idPrefix="import"
          onImport={async (data, passphrase) => {
            return sendBackup(props.send, data, passphrase);
          }}
        />
      </section>
    </Screen>
  );
}
