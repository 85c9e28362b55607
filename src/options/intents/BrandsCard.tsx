/** The person's own list of brands to send intents to: add by address, remove. */

import { useState } from 'preact/hooks';
import type { IntentBrand } from '../../shared/messages';
import { useAction } from '../../ui/action';
import type { Send } from '../../ui/connector';
import { TextField } from '../../ui/Field';
import { t } from '../../ui/i18n';
import { brandLabel, originFromInput } from '../../ui/intents-view';
import { ErrorAlert } from '../../ui/Notices';
import { SiteTermsNote } from '../../ui/SiteTermsNote';

export function BrandsCard(props: { send: Send; brands: IntentBrand[]; onChanged: (message: string) => Promise<void> }) {
  const [url, setUrl] = useState('');
  const action = useAction();
  const { error } = action;

  async function add(e: Event) {
    e.preventDefault();
    if (action.busy !== null) return;
    const origin = originFromInput(url);
    if (!origin) {
      action.setError('brandListBadUrl');
      return;
    }
    const r = await action.run(() => props.send({ type: 'brands/add', origin }));
    if (!r) return;
    setUrl('');
    await props.onChanged(t('brandListAdded', brandLabel(r.brand)));
  }

  async function remove(b: IntentBrand) {
    if (!(await action.run(() => props.send({ type: 'brands/remove', id: b.id })))) return;
    await props.onChanged(t('brandListRemoved', brandLabel(b)));
    document.getElementById('brands-title')?.focus();
  }

  const busy = action.busy !== null;
  return (
    <section class="card" aria-labelledby="brands-title">
      <h2 id="brands-title" tabIndex={-1}>
        {t('brandListHeading')}
      </h2>
      <p class="muted">{t('brandListIntro')}</p>
      {props.brands.length === 0 ? (
        <p>{t('brandListEmpty')}</p>
      ) : (
        <ul class="brand-list">
          {props.brands.map((b) => (
            <li key={b.id} class="brand-item">
              <span>
                <strong>{brandLabel(b)}</strong> <span class="muted">{b.origin}</span>
                <SiteTermsNote site={b.origin} send={props.send} />
              </span>
              <button
                type="button"
                class="btn btn-small btn-danger-text"
                aria-label={t('brandListRemoveNamed', brandLabel(b))}
                onClick={() => void remove(b)}
              >
                {t('brandListRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="brand-add" onSubmit={add} noValidate aria-busy={busy ? 'true' : undefined}>
        <TextField
          id="brand-add-url"
          label={t('brandListAddLabel')}
          hint={t('brandListAddHint')}
          type="url"
          inputmode="url"
          spellcheck={false}
          autocapitalize="off"
          value={url}
          invalid={Boolean(error)}
          describedBy="brand-add-error"
          onValue={setUrl}
        />
        <ErrorAlert id="brand-add-error" code={error} />
        <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>
          {t('brandListAdd')}
        </button>
      </form>
    </section>
  );
}
