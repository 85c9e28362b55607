/**
 * Live regions. They are always in the document (empty when quiet) so that assistive technology
 * announces a message when it appears: errors via role="alert", progress and success via role="status".
 */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';

/** An error reply or problem, shown as t(code). `after` is an extra i18n key appended (e.g. "Nothing was changed."). */
export function ErrorAlert(props: { code: string | null | undefined; after?: string; id?: string }) {
  return (
    <div role="alert" class="alert" id={props.id}>
      {props.code ? (
        <p>
          {t(props.code)}
          {props.after ? ` ${t(props.after)}` : ''}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A polite status message (already localized text). `srOnly`: announced, not shown, for news the
 * page already shows in its own place (a request that now stands in its list).
 */
export function StatusMessage(props: { message: string | null | undefined; id?: string; srOnly?: boolean; children?: ComponentChildren }) {
  return (
    <div role="status" class={props.srOnly ? 'sr-only' : 'status'} id={props.id}>
      {props.message ? <p>{props.message}</p> : null}
      {props.message ? props.children : null}
    </div>
  );
}

/** A static notice that is part of the page, not an announcement. */
export function Notice(props: { kind: 'warning' | 'info'; children: ComponentChildren }) {
  return <div class={`notice notice-${props.kind}`}>{props.children}</div>;
}

/** Records the vault could not read (a damaged entry): how many, as a warning above the list. */
export function RecordFailuresNotice(props: { count: number }) {
  return props.count > 0 ? (
    <Notice kind="warning">
      <p>{t('recordFailures', props.count)}</p>
    </Notice>
  ) : null;
}

/**
 * The vault's database is gone but a vault lived here and was never wiped (vault/status `lost`):
 * the browser lost it. Said before anything else, so that nobody starts a new, empty vault unawares.
 */
export function LostVaultNotice(props: { lost: boolean | undefined; children?: ComponentChildren }) {
  return props.lost ? (
    <div role="alert" class="notice notice-warning" id="vault-lost">
      <p>
        <strong>{t('vaultLostTitle')}</strong>
      </p>
      <p>{t('vaultLostBody')}</p>
      {props.children}
    </div>
  ) : null;
}
