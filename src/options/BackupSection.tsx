/** Backup: export the encrypted vault as a file; import one (checked whole before anything is written). */
import { useAction } from '../ui/action';
import { BackupImportForm } from '../ui/BackupImportForm';
import { fetchBackup, sendBackup } from '../ui/backup-transfer';
import type { Send } from '../ui/connector';
import { downloadText } from '../ui/download';
import { t } from '../ui/i18n';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Card, Screen } from '../ui/Screen';
import { ActionRow } from '../ui/SubmitRow';

export function BackupSection(props: { send: Send; focus: boolean }) {
  const action = useAction();
  const { error, status } = action;
  const busy = action.busy !== null;

  async function exportBackup() {
    await action.run(
      () => fetchBackup(props.send),
      (r) => {
        downloadText(r.filename, r.data, 'application/json');
        return t('backupExported', r.filename);
      },
    );
  }

  return (
    <Screen title={t('navBackup')} focus={props.focus}>
      <Card id="export-title" title={t('backupExportTitle')}>
        <p>{t('backupExportIntro')}</p>
        <ErrorAlert code={error} />
        <ActionRow label={t('buttonExportBackup')} busy={busy} onClick={exportBackup} />
        <StatusMessage message={status} />
      </Card>
      <Card id="import-title" title={t('backupImportTitle')}>
        <p>{t('backupImportIntro')}</p>
        <BackupImportForm
          idPrefix="import"
          onImport={async (data, passphrase) => {
            return sendBackup(props.send, data, passphrase);
          }}
        />
      </Card>
    </Screen>
  );
}
