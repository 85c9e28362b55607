/**
 * The popup's quick intent: what, a budget, a deadline and an expiry, to brands from the person's
 * list, revealing nothing (the brands see only a pairwise pseudonym; the options page reveals more).
 * Also "Add this site to my brands" for the current site: the background checks that it declares an
 * intent endpoint in /.well-known/vrm.json, and its error is shown when it does not.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { IntentBrand } from '../shared/messages';
import type { Send } from '../ui/connector';
import { isVaultClosed } from '../ui/errors';
import { t } from '../ui/i18n';
import { useBroadcast } from '../ui/intent-broadcast';
import { BrandChecklist, BudgetFields, DraftField, type DraftProps } from '../ui/intent-fields';
import { brandLabel, emptyIntentDraft, type IntentDraft, intentErrorCode, listedBrands, originFromInput } from '../ui/intents-view';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { ActionRow } from '../ui/SubmitRow';

/** Where "Intents and offers" leads: the options page, relative to the popup's own URL. */
const INTENTS_PAGE = '../options/index.html#intents';

export function IntentQuick(props: { site: string | null; send: Send; now?: () => number }) {
  const { send } = props;
  const now = props.now ?? Date.now;
  const [brands, setBrands] = useState<IntentBrand[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [listError, setListError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<IntentDraft>(() => emptyIntentDraft());
  const { action, errorAfter, broadcast } = useBroadcast();
  const { error, status, setStatus } = action;
  const busy = action.busy === '';
  const adding = action.busy === 'add';
  const toggleRef = useRef<HTMLButtonElement>(null);

  async function load() {
    const r = await send({ type: 'intents/list' });
    if (!r.ok) {
      if (!isVaultClosed(r.error.code)) setListError(intentErrorCode(r.error.code));
      return;
    }
    setListError(null);
    setBrands(r.brands);
    setUnread(r.unread);
  }
  useEffect(() => {
    void load();
  }, []);

  const origin = props.site ? originFromInput(props.site) : null;
  const listed = listedBrands(brands ?? []);
  const siteListed = origin !== null && listed.some((b) => b.origin === origin);
  const set = (patch: Partial<IntentDraft>) => setDraft((x) => ({ ...x, ...patch }));
  const draftProps: DraftProps = { idPrefix: 'quick', draft, set };

  async function addSite() {
    if (!origin) return;
    await action.run(
      () => send({ type: 'brands/add', origin }),
      async (r) => {
        await load();
        return t('brandListAdded', brandLabel(r.brand));
      },
      { name: 'add' },
    );
  }

  async function submit(e: Event) {
    e.preventDefault();
    // Nothing is revealed from the popup: no persona, no fields.
    const sent = await broadcast(send, { ...draft, personaId: '', reveal: [] }, now());
    if (sent === null || sent === 'saved') return;
    setStatus(sent);
    setDraft(emptyIntentDraft());
    setOpen(false);
    setTimeout(() => toggleRef.current?.focus(), 0);
  }

  return (
    <section class="card intent-quick" aria-labelledby="quick-intent-title">
      <h2 id="quick-intent-title">{t('intentQuickHeading')}</h2>
      <ErrorAlert code={listError} />
      {unread > 0 ? (
        <p>
          <a href={INTENTS_PAGE} target="_blank" rel="noopener">
            {t('offerUnreadCount', unread)}
          </a>
        </p>
      ) : null}
      {origin && brands !== null && !siteListed ? (
        <div class="actions">
          <button
            type="button"
            class="btn btn-small"
            onClick={() => void addSite()}
            aria-disabled={adding ? 'true' : undefined}
            aria-describedby="quick-add-site-hint"
          >
            {t('intentQuickAddSite')}
          </button>
          <p id="quick-add-site-hint" class="hint">
            {t('intentQuickAddSiteHint', origin)}
          </p>
        </div>
      ) : null}
      {brands !== null ? (
        <button
          ref={toggleRef}
          type="button"
          class="btn btn-small"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls="quick-intent-form"
          onClick={() => {
            setOpen((o) => !o);
            setStatus(null);
          }}
        >
          {t('intentQuickToggle')}
        </button>
      ) : null}
      {open ? (
        <form id="quick-intent-form" class="form intent-form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
          <DraftField {...draftProps} name="what" noHint />
          <BudgetFields {...draftProps} />
          <DraftField {...draftProps} name="deadline" />
          <DraftField {...draftProps} name="expiryDays" />
          <BrandChecklist idPrefix="quick" brands={listed} selected={draft.brandIds} onChange={(brandIds) => set({ brandIds })} />
          <p class="hint">{t('intentQuickRevealNothing')}</p>
          <ActionRow label={t('intentSend')} busy={busy} />
        </form>
      ) : null}
      <ErrorAlert code={error} after={errorAfter} />
      <StatusMessage message={status} />
      <p class="who-more">
        <a href={INTENTS_PAGE} target="_blank" rel="noopener">
          {t('intentQuickMore')}
        </a>
      </p>
    </section>
  );
}
