/** The page banner: the name and mark, and page-level actions (Lock). */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';

export function TopBar(props: { children?: ComponentChildren }) {
  return (
    <header class="topbar">
      <span class="brand">
        <img src="/icons/icon-32.png" alt="" width={20} height={20} />
        <span class="brand-name">{t('appName')}</span>
      </span>
      <span class="topbar-actions">{props.children}</span>
    </header>
  );
}

export function LockButton(props: { onLock: () => void; busy?: boolean }) {
  return (
    <button type="button" class="btn btn-small" onClick={props.onLock} aria-disabled={props.busy ? 'true' : undefined}>
      <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" class="icon">
        <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />
        <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
      </svg>
      {t('buttonLock')}
    </button>
  );
}
