/** The offers inbox: plain text (the brand's words are never rendered as HTML), sortable, a page at a time. */
import { useMemo, useState } from 'preact/hooks';
import type { Offer } from '../../shared/records';
import type { Action } from '../../ui/action';
import type { Send } from '../../ui/connector';
import { SelectField } from '../../ui/Field';
import { t } from '../../ui/i18n';
import {
  brandLabel,
  descriptionNamesIntent,
  formatMoney,
  OFFER_SORT_KEYS,
  OFFER_SORTS,
  type OfferSort,
  safeOfferUrl,
  sortOffers,
} from '../../ui/intents-view';
import { absoluteTime, whenText } from '../../ui/ledger-view';
import { type IntentsData, unlessClosed } from './data';

/** Offers listed per page of the inbox. */
export const OFFER_PAGE = 50;

export function OfferInbox(props: {
  send: Send;
  data: IntentsData | null;
  /** The screen's messages (shared with the other cards). */
  action: Action;
  load: () => Promise<void>;
  onOffer: (o: Offer) => void;
  now: number;
  lang: string;
}) {
  const { send, data, action, now, lang } = props;
  const [sort, setSort] = useState<OfferSort>('newest');
  /** How many offers the inbox lists: a page at a time, so a thousand offers open at once. */
  const [shown, setShown] = useState(OFFER_PAGE);
  const polling = action.busy === 'poll';
  const brandById = useMemo(() => new Map((data?.brands ?? []).map((b) => [b.id, b])), [data]);
  const intentById = useMemo(() => new Map((data?.intents ?? []).map((i) => [i.id, i])), [data]);
  const offers = useMemo(() => sortOffers(data?.offers ?? [], sort), [data, sort]);

  async function poll() {
    await action.run(
      () => send({ type: 'intents/poll' }),
      async (r) => {
        await props.load();
        return r.newOffers === 0 ? t('offerNoneNew') : t('offerNewCount', r.newOffers);
      },
      { name: 'poll', errorCode: unlessClosed },
    );
  }

  async function markOffer(o: Offer, change: { read?: boolean; dismissed?: boolean }) {
    const r = await send({ type: 'offers/mark', id: o.id, ...change });
    if (!r.ok) {
      const code = unlessClosed(r.error.code);
      if (code) action.setError(code);
      return false;
    }
    props.onOffer(r.offer);
    return true;
  }

  async function dismiss(o: Offer, index: number) {
    action.begin();
    if (!(await markOffer(o, { dismissed: true }))) return;
    action.setStatus(t('offerDismissed', o.title));
    // Focus the next offer's first control, else the inbox heading.
    setTimeout(() => (document.getElementById(`offer-${index}-title`) ?? document.getElementById('offers-title'))?.focus(), 0);
  }

  return (
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
        action.error ? null : (
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
