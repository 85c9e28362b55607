/**
 * The sync status line, the same in the popup and in Settings: off, syncing, the last sync and
 * how many changes wait, and the last error in plain words. Presentational: it gets the status.
 */
import type { SyncStatusReply } from '../shared/messages';
import { t } from './i18n';

export function formatWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export function SyncStatusLine(props: { status: SyncStatusReply | null; id?: string }) {
  const s = props.status;
  if (!s) return null;
  if (!s.configured)
    return (
      <div class="sync-status" id={props.id}>
        <p class="muted">{t('syncStatusOff')}</p>
        {s.lastError ? (
          <p class="field-error" data-sync-error={s.lastError.code}>
            {t(s.lastError.code)}
          </p>
        ) : null}
      </div>
    );
  return (
    <div class="sync-status" id={props.id} data-sync-pending={s.pending}>
      <p class="muted">
        {s.running ? t('syncStatusRunning') : s.lastSync !== undefined ? t('syncStatusLast', formatWhen(s.lastSync)) : t('syncStatusNever')}
        {s.pending > 0 ? ` ${t('syncStatusPending', s.pending)}` : ''}
      </p>
      {s.lastError ? (
        <p class="field-error" data-sync-error={s.lastError.code}>
          {t('syncStatusError')} {t(s.lastError.code)}
        </p>
      ) : null}
    </div>
  );
}
