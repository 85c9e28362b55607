/**
 * A page's view of the vault (popup, options): `vault/status`, read by `refresh`, and a `send` that
 * re-reads it whenever a reply says the vault closed (auto-lock, a wipe in another tab), so the page
 * goes back to the lock screen by itself. `StatusErrorView` is what a page shows while the status
 * cannot be read at all.
 */
import { useState } from 'preact/hooks';
import type { StatusReply } from '../shared/messages';
import type { Send } from './connector';
import { isVaultClosed } from './errors';
import { t } from './i18n';
import { ErrorAlert } from './Notices';

export function useVaultStatus(
  base: Send,
  opts: {
    /** Told each status read (after it is set). */
    onStatus?: (s: StatusReply) => void;
    /** While true (a flow that must finish first), a closed vault does not re-read the status. */
    hold?: () => boolean;
  } = {},
) {
  const [status, setStatus] = useState<StatusReply | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);

  async function refresh() {
    setStatusError(null);
    const r = await base({ type: 'vault/status' });
    if (!r.ok) {
      setStatusError(r.error.code);
      return;
    }
    const { ok: _ok, ...s } = r;
    setStatus(s);
    opts.onStatus?.(s);
  }

  const send: Send = async (msg) => {
    const r = await base(msg);
    if (!r.ok && isVaultClosed(r.error.code) && !opts.hold?.()) void refresh();
    return r;
  };

  return { status, setStatus, statusError, setStatusError, refresh, send };
}

/** The status could not be read (no background, an error): the page's title, what went wrong, and Retry. */
export function StatusErrorView(props: { title: string; code: string; onRetry: () => void }) {
  return (
    <>
      <h1 class="screen-title">{props.title}</h1>
      <ErrorAlert code={props.code} />
      <div class="actions">
        <button type="button" class="btn" onClick={props.onRetry}>
          {t('buttonRetry')}
        </button>
      </div>
    </>
  );
}
