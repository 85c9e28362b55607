/** The unlocked popup: the current site's fill preview, personas at a glance, the way to full management, and warnings. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SyncStatusReply } from '../shared/messages';
import type { Persona } from '../shared/records';
import type { Send } from '../ui/connector';
import { t } from '../ui/i18n';
import { ErrorAlert, RecordFailuresNotice } from '../ui/Notices';
import { Screen } from '../ui/Screen';
import { SyncStatusLine } from '../ui/sync-status';
import { tapSite } from './SiteLedger';
import { CurrentSiteSection, SiteLedgerSection, type SiteProps } from './sections';

export function MainView(props: {
  personas: Persona[] | null;
  recordFailures: number;
  error: string | null;
  onManage: () => void;
  site: SiteProps;
}) {
  const personas = props.personas;
  // The ledger section follows the site the fill preview is for, and reloads after each fill.
  const [ledgerSite, setLedgerSite] = useState<string | null>(null);
  const [fills, setFills] = useState(0);
  const sendRef = useRef(props.site.send);
  sendRef.current = props.site.send;
  const send = useMemo<Send>(
    () => tapSite(((msg: never) => sendRef.current(msg)) as Send, { site: setLedgerSite, filled: () => setFills((n) => n + 1) }),
    [],
  );
  return (
    <Screen title={t('popupPersonasTitle')} class="main-view">
      <RecordFailuresNotice count={props.recordFailures} />
      <CurrentSiteSection {...props.site} send={send} />
      <ErrorAlert code={props.error} />
      {personas === null ? null : personas.length === 0 ? (
        <p class="muted">{t('personasEmpty')}</p>
      ) : (
        <ul class="persona-mini-list">
          {personas.map((p) => (
            <li key={p.id}>
              <span class="persona-label">{p.label}</span>
              {p.email ? <span class="persona-email">{p.email}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" class="btn" onClick={props.onManage}>
          {t('buttonManage')}
        </button>
      </div>
      <SiteLedgerSection site={ledgerSite} send={props.site.send} revision={fills} />
      <PopupSyncLine send={props.site.send} />
    </Screen>
  );
}

/** Sync's status line, once sync is set up (last sync, waiting changes, the last error). */
function PopupSyncLine(props: { send: Send }) {
  const [status, setStatus] = useState<SyncStatusReply | null>(null);
  useEffect(() => {
    void props.send({ type: 'sync/status' }).then((r) => {
      if (r.ok && r.configured) setStatus(r);
    });
  }, []);
  return <SyncStatusLine status={status} id="popup-sync-status" />;
}
