/**
 * Global Privacy Control on the current site: whether Proffer sends it there, whether the site
 * declares that it honours it (/.well-known/gpc.json), and a switch for a per-site exception.
 */
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../ui/action';
import type { Send } from '../ui/connector';
import { t } from '../ui/i18n';
import { ErrorAlert } from '../ui/Notices';

export function SiteGpc(props: { site: string; send: Send }) {
  const { site, send } = props;
  const [state, setState] = useState<{ support: string; enabled: boolean } | null>(null);
  const action = useAction();
  const { error, setError } = action;

  async function load() {
    const r = await send({ type: 'gpc/site', origin: site });
    if (r.ok) setState({ support: r.support, enabled: r.enabled });
    else setError(r.error.code);
  }
  useEffect(() => {
    void load();
  }, [site]);

  async function toggle(e: Event) {
    if (action.busy !== null) return;
    const on = (e.currentTarget as HTMLInputElement).checked;
    setState((s) => (s ? { ...s, enabled: on } : s)); // show the choice at once; the reply confirms it
    await action.run(() => send({ type: 'gpc/exception', origin: site, except: !on }));
    await load();
  }

  if (!state && !error) return null;
  const declared =
    state?.support === 'supported'
      ? t('gpcSiteSupported')
      : state?.support === 'not-supported'
        ? t('gpcSiteNotSupported')
        : t('gpcSiteUnknown');
  return (
    <section class="card gpc-site" aria-labelledby="gpc-site-title">
      <h2 id="gpc-site-title">{t('gpcSiteTitle')}</h2>
      <ErrorAlert code={error} />
      {state ? (
        <>
          <div class="fill-check">
            <input id="gpc-site-on" type="checkbox" checked={state.enabled} onChange={toggle} aria-describedby="gpc-site-declared" />
            <label for="gpc-site-on">{t('gpcSiteSend')}</label>
          </div>
          <p id="gpc-site-declared" class="muted">
            {declared}
          </p>
        </>
      ) : null}
    </section>
  );
}
