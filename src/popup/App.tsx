/**
 * The popup's wiring: reads `vault/status` when it opens and shows onboarding, the lock screen or
 * the main view. Onboarding and recovery keep their own screen until they finish, even though the
 * vault is already open by then (the recovery code must be confirmed first).
 *
 * The tab to fill is found once, when the popup opens (main.tsx asks the browser); the main view
 * shows its fill preview.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Persona } from '../shared/records';
import { send as rawSend, type Send } from '../ui/connector';
import { isVaultClosed } from '../ui/errors';
import { t } from '../ui/i18n';
import { LostVaultNotice } from '../ui/Notices';
import { LockButton, TopBar } from '../ui/TopBar';
import { StatusErrorView, useVaultStatus } from '../ui/vault-status';
import type { WatchForms } from './FillPreview';
import { MainView } from './MainView';
import type { Target } from './target-tab';

/**
 * Setup and unlock screens carry the passphrase-strength estimator and the record schemas; the
 * unlocked popup, opened far more often, does not load them at all.
 */
interface Flows {
  Onboarding: typeof import('../ui/flows/Onboarding').Onboarding;
  LockedFlow: typeof import('../ui/flows/LockedFlow').LockedFlow;
}
let flowsLoading: Promise<Flows> | null = null;
const loadFlows = (): Promise<Flows> =>
  (flowsLoading ??= Promise.all([import('../ui/flows/Onboarding'), import('../ui/flows/LockedFlow')]).then(([o, l]) => ({
    Onboarding: o.Onboarding,
    LockedFlow: l.LockedFlow,
  })));

export function App(props: {
  send?: Send;
  openOptions: () => void;
  /** Which tab the popup is for (see target-tab.ts). */
  findTarget: () => Promise<Target>;
  /** Subscribe to the background's `forms/changed` for a tab. */
  watchForms?: WatchForms;
}) {
  const [personas, setPersonas] = useState<Persona[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [locking, setLocking] = useState(false);
  const [target, setTarget] = useState<Target | null>(null);
  const [flows, setFlows] = useState<Flows | null>(null);
  const base = props.send ?? rawSend;
  /** Any reply saying the vault closed (auto-lock) sends the popup back to the lock screen. */
  const { status, statusError, setStatusError, refresh, send } = useVaultStatus(base, {
    onStatus: (s) => {
      if (s.state === 'unlocked') void loadPersonas();
    },
  });

  async function loadPersonas() {
    const r = await send({ type: 'personas/list' });
    if (r.ok) {
      setPersonas(r.personas);
      setListError(null);
    } else if (!isVaultClosed(r.error.code)) setListError(r.error.code);
  }

  async function lock() {
    if (locking) return;
    setLocking(true);
    const r = await base({ type: 'vault/lock' });
    setLocking(false);
    if (!r.ok) setListError(r.error.code);
    setPersonas(null);
    await refresh();
  }

  useEffect(() => {
    void refresh();
    props.findTarget().then(setTarget, () => setTarget({ kind: 'none' }));
  }, []);

  const state = status?.state;
  useEffect(() => {
    if ((state === 'uninitialized' || state === 'locked') && !flows) loadFlows().then(setFlows, () => setStatusError('errInternal'));
  }, [state]);
  return (
    <>
      <TopBar>{state === 'unlocked' ? <LockButton onLock={lock} busy={locking} /> : null}</TopBar>
      <main
        class="page"
        aria-busy={(!status && !statusError) || ((state === 'uninitialized' || state === 'locked') && !flows) ? 'true' : undefined}
      >
        {statusError ? (
          <StatusErrorView title={t('appName')} code={statusError} onRetry={refresh} />
        ) : state === 'uninitialized' ? (
          <>
            <LostVaultNotice lost={status?.lost}>
              <button type="button" onClick={props.openOptions}>
                {t('vaultLostOpenSettings')}
              </button>
            </LostVaultNotice>
            {flows ? <flows.Onboarding send={send} onDone={refresh} /> : null}
          </>
        ) : state === 'locked' ? (
          flows ? (
            <flows.LockedFlow send={send} onUnlocked={refresh} autoFocus />
          ) : null
        ) : state === 'unlocked' ? (
          <MainView
            personas={personas}
            recordFailures={status?.recordFailures ?? 0}
            error={listError}
            onManage={props.openOptions}
            site={{ target, send, watchForms: props.watchForms }}
          />
        ) : null}
      </main>
    </>
  );
}
