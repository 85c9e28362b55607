/**
 * The options page's wiring: reads `vault/status`, shows setup or unlock when the vault is not
 * open, and otherwise the sections behind a left navigation (hash routes, so links and the Back
 * button work). Any reply saying the vault closed sends the page back to the lock screen.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { BackupImportForm } from '../ui/BackupImportForm';
import { sendBackup } from '../ui/backup-transfer';
import { send as rawSend, type Send } from '../ui/connector';
import { LockedFlow } from '../ui/flows/LockedFlow';
import { Onboarding } from '../ui/flows/Onboarding';
import { t } from '../ui/i18n';
import { JoinSyncForm } from '../ui/JoinSyncForm';
import { LostVaultNotice, StatusMessage } from '../ui/Notices';
import { Card } from '../ui/Screen';
import { LockButton, TopBar } from '../ui/TopBar';
import { StatusErrorView, useVaultStatus } from '../ui/vault-status';
import { BackupSection } from './BackupSection';
import { DangerSection } from './DangerSection';
import { IntentsSection } from './IntentsSection';
import { LedgerSection } from './LedgerSection';
import { PersonasSection } from './PersonasSection';
import { SettingsSection } from './SettingsSection';
import { TermsSection } from './TermsSection';

const SECTIONS = [
  { id: 'personas', label: 'navPersonas' },
  { id: 'ledger', label: 'ledgerNav' },
  { id: 'terms', label: 'termsNav' },
  { id: 'intents', label: 'intentNav' },
  { id: 'settings', label: 'navSettings' },
  { id: 'backup', label: 'navBackup' },
  { id: 'danger', label: 'navDanger' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

function sectionFromHash(): SectionId {
  const h = location.hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === h)?.id ?? 'personas';
}

export function App(props: { send?: Send }) {
  const base = props.send ?? rawSend;
  const [section, setSection] = useState<SectionId>(sectionFromHash);
  const [navigated, setNavigated] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [locking, setLocking] = useState(false);
  // While onboarding or recovery runs, the vault is already open but the flow must finish first.
  const inFlow = useRef(false);
  const { status, setStatus, statusError, refresh, send } = useVaultStatus(base, { hold: () => inFlow.current });

  useEffect(() => {
    void refresh();
    const onHash = () => {
      setSection(sectionFromHash());
      setNavigated(true);
    };
    // The vault may have locked itself while this tab was in the background.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !inFlow.current) void refresh();
    };
    window.addEventListener('hashchange', onHash);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('hashchange', onHash);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  async function lock() {
    if (locking) return;
    setLocking(true);
    await base({ type: 'vault/lock' });
    setLocking(false);
    setNotice(t('lockedNotice'));
    await refresh();
  }

  const state = status?.state;
  const unlocked = state === 'unlocked';

  let content: ComponentChildren;
  if (statusError) {
    content = (
      <main id="main" class="page">
        <StatusErrorView title={t('optionsTitle')} code={statusError} onRetry={refresh} />
      </main>
    );
  } else if (state === 'uninitialized') {
    inFlow.current = true;
    content = (
      <main id="main" class="page page-narrow">
        <StatusMessage message={notice} />
        <LostVaultNotice lost={status?.lost} />
        <Onboarding
          send={send}
          onDone={() => {
            inFlow.current = false;
            setNotice(null);
            setNavigated(true);
            void refresh();
          }}
          createExtra={
            <>
              <p class="muted">{t('optionsSetupNote')}</p>
              <Card id="join-title" title={t('joinTitle')}>
                <p class="muted">{t('joinIntro')}</p>
                <JoinSyncForm
                  send={base}
                  onJoined={() => {
                    inFlow.current = false;
                    setNotice(t('joinedNotice'));
                    setNavigated(true);
                    void refresh();
                  }}
                />
              </Card>
              <Card id="restore-title" title={t('restoreTitle')}>
                <p class="muted">{t('restoreIntro')}</p>
                <BackupImportForm
                  idPrefix="restore"
                  onImport={async (data, passphrase) => {
                    const r = await sendBackup(base, data, passphrase);
                    if (!r.ok) return r;
                    inFlow.current = false;
                    // The vault is open now; say so on the page the person lands on.
                    setNotice(t('backupRestoredNotice'));
                    setNavigated(true);
                    void refresh();
                    return { ok: true, imported: r.imported };
                  }}
                />
              </Card>
            </>
          }
        />
      </main>
    );
  } else if (state === 'locked') {
    inFlow.current = true;
    content = (
      <main id="main" class="page page-narrow">
        <StatusMessage message={notice} />
        <LockedFlow
          send={send}
          autoFocus
          onUnlocked={() => {
            inFlow.current = false;
            setNotice(null);
            setNavigated(true);
            void refresh();
          }}
          intro={<p>{t('optionsLockedText')}</p>}
        />
      </main>
    );
  } else if (unlocked && status) {
    inFlow.current = false;
    const common = { send, focus: navigated };
    content = (
      <div class="layout">
        <nav class="sidenav" aria-label={t('navLabel')}>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a
                  href={`#${s.id}`}
                  aria-current={section === s.id ? 'page' : undefined}
                  class={s.id === 'danger' ? 'nav-danger' : undefined}
                >
                  {t(s.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" class="page">
          <StatusMessage message={notice} />
          {section === 'personas' ? <PersonasSection key="personas" {...common} /> : null}
          {section === 'ledger' ? <LedgerSection key="ledger" {...common} /> : null}
          {section === 'terms' ? <TermsSection key="terms" {...common} /> : null}
          {section === 'intents' ? <IntentsSection key="intents" {...common} /> : null}
          {section === 'settings' ? (
            <SettingsSection
              key="settings"
              {...common}
              autoLockMinutes={status.autoLockMinutes}
              onAutoLockSaved={(m) => setStatus({ ...status, autoLockMinutes: m })}
            />
          ) : null}
          {section === 'backup' ? <BackupSection key="backup" {...common} /> : null}
          {section === 'danger' ? (
            <DangerSection
              key="danger"
              {...common}
              onWiped={() => {
                setNotice(t('wipedNotice'));
                location.hash = '';
                setSection('personas');
                void refresh();
              }}
            />
          ) : null}
        </main>
      </div>
    );
  } else {
    content = <main id="main" class="page" aria-busy="true" />;
  }

  return (
    <>
      <TopBar>{unlocked ? <LockButton onLock={lock} busy={locking} /> : null}</TopBar>
      {content}
    </>
  );
}
