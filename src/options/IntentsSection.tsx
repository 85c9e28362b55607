/**
 * Intentcasting: say what you want to the brands you choose, revealing only what you pick.
 * The offers inbox (plain text, sortable by price), the intents sent with where each brand's copy
 * stands, the compose form (save, then broadcast), and the person's own list of brands.
 *
 * Everything comes from `intents/list`; while the background has no intent handlers it answers
 * errInvalidMessage, which the page shows as "not available yet" instead of failing.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { IntentBrand } from '../shared/messages';
import type { Intent, Offer, Persona, Terms } from '../shared/records';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import type { Send } from '../ui/connector';
import { isVaultClosed } from '../ui/errors';
import { SelectField, TextField } from '../ui/Field';
import { t, uiLanguage } from '../ui/i18n';
import { BrandChecklist, BudgetFields, DraftField, type DraftProps } from '../ui/intent-fields';
import {
  brandLabel,
  budgetText,
  buildIntent,
  CONDITION_KEYS,
  CONDITIONS,
  deliveryProblem,
  deliveryText,
  descriptionNamesIntent,
  emptyIntentDraft,
  expiryText,
  formatMoney,
  INTENT_STATUS_KEYS,
  type IntentDraft,
  intentErrorCode,
  intentStatus,
  isLive,
  listedBrands,
  OFFER_SORT_KEYS,
  OFFER_SORTS,
  type OfferSort,
  originFromInput,
  revealableFields,
  safeOfferUrl,
  saveAndBroadcast,
  sortOffers,
} from '../ui/intents-view';
import { absoluteTime, fieldName, whenText } from '../ui/ledger-view';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Screen } from '../ui/Screen';

const HEADING_ID = 'intents-title';
/** Offers listed per page of the inbox. */
export const OFFER_PAGE = 50;

interface IntentsData {
  intents: Intent[];
  offers: Offer[];
  brands: IntentBrand[];
  unread: number;
}

export function IntentsSection(props: { send: Send; focus: boolean; now?: () => number }) {
  const { send } = props;
  const now = (props.now ?? Date.now)();
  const lang = uiLanguage();
  const [data, setData] = useState<IntentsData | null>(null);
  const [personas, setPersonas] = useState<Persona[]>([]);
  const [terms, setTerms] = useState<Terms[]>([]);
  const [activeTermsId, setActiveTermsId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [sort, setSort] = useState<OfferSort>('newest');
  /** How many offers the inbox lists: a page at a time, so a thousand offers open at once. */
  const [shown, setShown] = useState(OFFER_PAGE);
  const [polling, setPolling] = useState(false);
  const [toWithdraw, setToWithdraw] = useState<Intent | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);

  function fail(code: string) {
    if (!isVaultClosed(code)) setError(code);
  }

  async function load(): Promise<void> {
    const r = await send({ type: 'intents/list' });
    if (!r.ok) {
      fail(intentErrorCode(r.error.code));
      return;
    }
    setData({ intents: r.intents, offers: r.offers, brands: r.brands, unread: r.unread });
  }

  useEffect(() => {
    void load();
    void send({ type: 'personas/list' }).then((r) => r.ok && setPersonas(r.personas));
    void send({ type: 'terms/list' }).then((r) => {
      if (!r.ok) return;
      // The one in force first; it is the default.
      setTerms([...r.terms].sort((a, b) => Number(b.id === r.activeId) - Number(a.id === r.activeId)));
      setActiveTermsId(r.activeId);
    });
  }, []);

  const begin = () => {
    setError(null);
    setStatus(null);
  };

  async function poll() {
    if (polling) return;
    begin();
    setPolling(true);
    const r = await send({ type: 'intents/poll' });
    setPolling(false);
    if (!r.ok) {
      fail(r.error.code);
      return;
    }
    setStatus(r.newOffers === 0 ? t('offerNoneNew') : t('offerNewCount', r.newOffers));
    await load();
  }

  function replaceOffer(o: Offer) {
    setData((d) => {
      if (!d) return d;
      const offers = d.offers.map((x) => (x.id === o.id ? o : x));
      return { ...d, offers, unread: offers.filter((x) => !x.read && !x.dismissed).length };
    });
  }

  async function markOffer(o: Offer, change: { read?: boolean; dismissed?: boolean }) {
    const r = await send({ type: 'offers/mark', id: o.id, ...change });
    if (!r.ok) {
      fail(r.error.code);
      return false;
    }
    replaceOffer(r.offer);
    return true;
  }

  async function dismiss(o: Offer, index: number) {
    begin();
    if (!(await markOffer(o, { dismissed: true }))) return;
    setStatus(t('offerDismissed', o.title));
    // Focus the next offer's first control, else the inbox heading.
    setTimeout(() => (document.getElementById(`offer-${index}-title`) ?? document.getElementById('offers-title'))?.focus(), 0);
  }

  async function withdraw() {
    const i = toWithdraw;
    if (!i || withdrawing) return;
    begin();
    setWithdrawing(true);
    const r = await send({ type: 'intents/withdraw', id: i.id });
    setWithdrawing(false);
    setToWithdraw(null);
    if (!r.ok) {
      fail(r.error.code);
    } else {
      setStatus(t('intentWithdrawn', i.what));
      await load();
    }
    document.getElementById('intents-list-title')?.focus();
  }

  async function broadcast(i: Intent) {
    begin();
    const r = await send({ type: 'intents/broadcast', id: i.id });
    if (!r.ok) {
      fail(r.error.code);
      return;
    }
    setStatus(t('intentBroadcast', r.intent.what));
    await load();
  }

  const brands = data?.brands ?? [];
  const brandById = useMemo(() => new Map(brands.map((b) => [b.id, b])), [brands]);
  const intentById = useMemo(() => new Map((data?.intents ?? []).map((i) => [i.id, i])), [data]);
  const offers = useMemo(() => sortOffers(data?.offers ?? [], sort), [data, sort]);
  const intents = useMemo(() => [...(data?.intents ?? [])].sort((a, b) => b.createdAt - a.createdAt), [data]);

  return (
    <Screen title={t('intentNav')} headingId={HEADING_ID} focus={props.focus}>
      <p class="muted">{t('intentIntro')}</p>
      <ErrorAlert code={error} />
      <StatusMessage message={status} />

      <section class="card" aria-labelledby="offers-title">
        <h2 id="offers-title" tabIndex={-1}>
          {t('offerInboxHeading')}
          {data && data.unread > 0 ? <span class="badge offer-unread-badge">{t('offerUnreadCount', data.unread)}</span> : null}
        </h2>
        <div class="offer-toolbar">
          <SelectField
            id="offer-sort"
            label={t('offerSortLabel')}
            value={sort}
            onValue={(v) => {
              setSort(v as OfferSort);
              setShown(OFFER_PAGE);
            }}
            options={OFFER_SORTS.map((s) => ({ value: s, label: t(OFFER_SORT_KEYS[s]) }))}
          />
          <button type="button" class="btn" onClick={() => void poll()} aria-disabled={polling ? 'true' : undefined}>
            {t('offerRefresh')}
          </button>
          {polling ? <span class="busy">{t('working')}</span> : null}
        </div>
        {data === null ? (
          error ? null : (
            <p class="busy">{t('intentLoading')}</p>
          )
        ) : offers.length === 0 ? (
          <p>{t('offerEmpty')}</p>
        ) : (
          <ul class="offer-list">
            {offers.slice(0, shown).map((o, i) => (
              <OfferItem
                key={o.id}
                index={i}
                offer={o}
                brand={brandLabel(brandById.get(o.brandId), o.brandId)}
                intent={intentById.get(o.intentId)?.what}
                now={now}
                lang={lang}
                onOpen={() => void (o.read ? null : markOffer(o, { read: true }))}
                onDismiss={() => void dismiss(o, i)}
              />
            ))}
          </ul>
        )}
        {offers.length > shown ? (
          <div class="offer-more">
            <p class="muted" aria-live="polite">
              {t('offerShowing', [shown, offers.length])}
            </p>
            <button
              type="button"
              class="btn"
              onClick={() => {
                const first = shown;
                setShown(shown + OFFER_PAGE);
                // Keyboard and screen-reader users land on the first offer just added.
                setTimeout(() => document.getElementById(`offer-${first}-title`)?.focus(), 0);
              }}
            >
              {t('offerShowMore', Math.min(OFFER_PAGE, offers.length - shown))}
            </button>
          </div>
        ) : null}
      </section>

      <section class="card" aria-labelledby="intents-list-title">
        <h2 id="intents-list-title" tabIndex={-1}>
          {t('intentListHeading')}
        </h2>
        {data === null ? null : intents.length === 0 ? (
          <p>{t('intentListEmpty')}</p>
        ) : (
          <ul class="intent-list">
            {intents.map((i, n) => (
              <IntentItem
                key={i.id}
                index={n}
                intent={i}
                brands={brandById}
                now={now}
                lang={lang}
                onWithdraw={() => {
                  begin();
                  setToWithdraw(i);
                }}
                onBroadcast={() => void broadcast(i)}
              />
            ))}
          </ul>
        )}
      </section>

      <ComposeForm
        send={send}
        brands={listedBrands(brands)}
        personas={personas}
        terms={terms}
        activeTermsId={activeTermsId}
        now={props.now ?? Date.now}
        onSent={async (msg) => {
          setError(null);
          setStatus(msg);
          await load();
        }}
      />

      <BrandsCard
        send={send}
        brands={listedBrands(brands)}
        onChanged={async (msg) => {
          setError(null);
          setStatus(msg);
          await load();
        }}
      />

      <ConfirmDialog
        open={toWithdraw !== null}
        title={t('intentWithdrawTitle', toWithdraw?.what ?? '')}
        confirmLabel={t('intentWithdraw')}
        cancelLabel={t('buttonCancel')}
        danger
        busy={withdrawing}
        onConfirm={() => void withdraw()}
        onCancel={() => setToWithdraw(null)}
      >
        <p>{t('intentWithdrawText')}</p>
      </ConfirmDialog>
    </Screen>
  );
}

/** One offer, as plain text: the brand's words are never rendered as HTML. */
function OfferItem(props: {
  index: number;
  offer: Offer;
  brand: string;
  intent: string | undefined;
  now: number;
  lang: string;
  onOpen: () => void;
  onDismiss: () => void;
}) {
  const { offer: o, index } = props;
  const url = safeOfferUrl(o.url);
  const id = `offer-${index}`;
  return (
    <li class={`offer ${o.read ? '' : 'offer-unread'}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="offer-title" tabIndex={-1}>
        {o.read ? null : <span class="badge offer-new">{t('offerUnread')}</span>}
        <span>{o.title || t('offerUntitled')}</span>
      </h3>
      <p class="offer-meta">
        <strong class="offer-price">{o.price ? formatMoney(o.price, props.lang) : t('offerNoPrice')}</strong>
        <span>{t('offerFrom', props.brand)}</span>
      </p>
      {o.description ? <p class="offer-description">{o.description}</p> : null}
      <p class="hint">
        {/* "For: …" only where the brand's description does not name the intent already. */}
        {props.intent && !descriptionNamesIntent(o.description, props.intent)
          ? `${t('offerFor', props.intent)} · ${t('offerReceived', whenText(o.receivedAt, props.now, props.lang))}`
          : t('offerReceivedFirst', whenText(o.receivedAt, props.now, props.lang))}
        {o.validUntil !== undefined ? ` · ${t('offerValidUntil', absoluteTime(o.validUntil, props.lang))}` : ''}
      </p>
      <div class="actions">
        {url ? (
          <a
            class="btn btn-small btn-primary"
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            onClick={props.onOpen}
            aria-describedby={`${id}-title`}
          >
            {t('offerOpen')}
          </a>
        ) : null}
        <button type="button" class="btn btn-small" onClick={props.onDismiss} aria-describedby={`${id}-title`}>
          {t('offerDismiss')}
        </button>
      </div>
    </li>
  );
}

function IntentItem(props: {
  index: number;
  intent: Intent;
  brands: ReadonlyMap<string, IntentBrand>;
  now: number;
  lang: string;
  onWithdraw: () => void;
  onBroadcast: () => void;
}) {
  const { intent: i, now, lang } = props;
  const id = `intent-${props.index}`;
  const st = intentStatus(i, now);
  return (
    <li class="intent" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="intent-title">
        <span>{i.what}</span>
        <span class={`badge intent-status intent-status-${st}`}>{t(INTENT_STATUS_KEYS[st])}</span>
      </h3>
      <p class="intent-facts">
        {[
          budgetText(i.budget, lang),
          i.category ?? '',
          i.quantity !== undefined ? t('intentQuantityText', i.quantity) : '',
          i.condition !== 'any' ? t(CONDITION_KEYS[i.condition]) : '',
          i.region ? t('intentRegionText', i.region) : '',
          i.deadline ? t('intentDeadlineText', i.deadline) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p class="hint">
        {isLive(i, now) || st === 'expired' ? expiryText(i.expiresAt, now, lang) : t(INTENT_STATUS_KEYS[st])}
        {' · '}
        {i.reveal.length === 0 ? t('intentRevealNone') : t('intentRevealSome', i.reveal.map((token) => fieldName({ token })).join(', '))}
      </p>
      {i.deliveries.length > 0 ? (
        <ul class="intent-deliveries" aria-label={t('intentDeliveriesLabel', i.what)}>
          {i.deliveries.map((d) => (
            <li key={d.brandId} class={deliveryProblem(d) ? 'delivery-problem' : undefined}>
              <span class="delivery-brand">{brandLabel(props.brands.get(d.brandId), d.brandId)}</span>
              {': '}
              <span>{deliveryText(d, now, lang)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {i.status === 'draft' || i.status === 'active' ? (
        <div class="actions">
          {i.status === 'draft' ? (
            <button type="button" class="btn btn-small" onClick={props.onBroadcast} aria-describedby={`${id}-title`}>
              {t('intentSendNow')}
            </button>
          ) : null}
          <button type="button" class="btn btn-small btn-danger-text" onClick={props.onWithdraw} aria-describedby={`${id}-title`}>
            {t('intentWithdraw')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function ComposeForm(props: {
  send: Send;
  brands: IntentBrand[];
  personas: Persona[];
  terms: Terms[];
  activeTermsId: string | null;
  now: () => number;
  onSent: (message: string) => Promise<void>;
}) {
  const defaultTerms = props.activeTermsId ?? '';
  const [draft, setDraft] = useState<IntentDraft>(() => emptyIntentDraft());
  const [termsTouched, setTermsTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; saved?: boolean } | null>(null);
  const [tried, setTried] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const d: IntentDraft = termsTouched ? draft : { ...draft, termsId: defaultTerms };
  const set = (patch: Partial<IntentDraft>) => setDraft((x) => ({ ...x, ...patch }));
  const draftProps: DraftProps = { idPrefix: 'intent', draft: d, set };
  const built = buildIntent(d, props.now());
  const problem = built.ok ? null : built.problem;
  const persona = props.personas.find((p) => p.id === d.personaId);
  const fields = revealableFields(persona);

  async function submit(e: Event) {
    e.preventDefault();
    setTried(true);
    if (busy || problem) return;
    setError(null);
    setBusy(true);
    const r = await saveAndBroadcast(props.send, d, props.now());
    setBusy(false);
    if (!r.ok) {
      setError({ code: r.code, ...(r.saved ? { saved: true } : {}) });
      if (r.saved) await props.onSent('');
      return;
    }
    setDraft(emptyIntentDraft());
    setTermsTouched(false);
    setTried(false);
    await props.onSent(r.message);
    headingRef.current?.focus();
  }

  return (
    <section class="card" aria-labelledby="intent-compose-title">
      <h2 id="intent-compose-title" ref={headingRef} tabIndex={-1}>
        {t('intentComposeHeading')}
      </h2>
      <form class="form intent-form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
        <DraftField {...draftProps} name="what" error={tried && problem === 'intentProblemWhat' ? problem : null} />
        <DraftField {...draftProps} name="category" />
        <BudgetFields {...draftProps} />
        <div class="grid">
          <DraftField {...draftProps} name="quantity" />
          <SelectField
            id="intent-condition"
            label={t('intentConditionLabel')}
            value={d.condition}
            onValue={(v) => set({ condition: v as IntentDraft['condition'] })}
            options={CONDITIONS.map((c) => ({ value: c, label: t(CONDITION_KEYS[c]) }))}
          />
          <DraftField {...draftProps} name="region" />
          <DraftField {...draftProps} name="deadline" />
        </div>

        <fieldset class="intent-reveal">
          <legend>{t('intentRevealLegend')}</legend>
          <p class="hint" id="intent-reveal-hint">
            {t('intentRevealHint')}
          </p>
          <SelectField
            id="intent-persona"
            label={t('intentPersonaLabel')}
            value={d.personaId}
            onValue={(personaId) => set({ personaId, reveal: [] })}
            options={[{ value: '', label: t('intentPersonaNone') }, ...props.personas.map((p) => ({ value: p.id, label: p.label }))]}
          />
          {persona ? (
            fields.length === 0 ? (
              <p class="muted">{t('intentRevealNoFields')}</p>
            ) : (
              <ul class="intent-checklist-fields" aria-label={t('intentRevealFieldsLabel', persona.label)}>
                {fields.map((f) => (
                  <li key={f.token} class="ledger-check">
                    <input
                      type="checkbox"
                      id={`intent-reveal-${f.token}`}
                      checked={d.reveal.includes(f.token)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        set({ reveal: on ? [...d.reveal, f.token] : d.reveal.filter((x) => x !== f.token) });
                      }}
                    />
                    <label for={`intent-reveal-${f.token}`}>{t(f.label)}</label>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </fieldset>

        <SelectField
          id="intent-terms"
          label={t('intentTermsLabel')}
          hint={t('intentTermsHint')}
          value={d.termsId}
          onValue={(termsId) => {
            setTermsTouched(true);
            set({ termsId });
          }}
          options={[
            ...props.terms.map((x) => ({ value: x.id, label: x.id === props.activeTermsId ? t('intentTermsInForce', x.title) : x.title })),
            { value: '', label: t('intentTermsNone') },
          ]}
        />
        <DraftField {...draftProps} name="expiryDays" error={tried && problem === 'intentProblemExpiry' ? problem : null} />
        <BrandChecklist idPrefix="intent" brands={props.brands} selected={d.brandIds} onChange={(brandIds) => set({ brandIds })} />
        <ErrorAlert code={error?.code} after={error?.saved ? 'intentSavedNotSent' : undefined} />
        <div class="actions">
          <button
            type="submit"
            class="btn btn-primary"
            aria-disabled={busy || problem ? 'true' : undefined}
            aria-describedby="intent-problem"
          >
            {t('intentSend')}
          </button>
          {busy ? <span class="busy">{t('working')}</span> : null}
        </div>
        <p id="intent-problem" class="problem">
          {problem ? t(problem) : ''}
        </p>
      </form>
    </section>
  );
}

function BrandsCard(props: { send: Send; brands: IntentBrand[]; onChanged: (message: string) => Promise<void> }) {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add(e: Event) {
    e.preventDefault();
    if (busy) return;
    const origin = originFromInput(url);
    if (!origin) {
      setError('brandListBadUrl');
      return;
    }
    setError(null);
    setBusy(true);
    const r = await props.send({ type: 'brands/add', origin });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    setUrl('');
    await props.onChanged(t('brandListAdded', brandLabel(r.brand)));
  }

  async function remove(b: IntentBrand) {
    setError(null);
    const r = await props.send({ type: 'brands/remove', id: b.id });
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    await props.onChanged(t('brandListRemoved', brandLabel(b)));
    document.getElementById('brands-title')?.focus();
  }

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
