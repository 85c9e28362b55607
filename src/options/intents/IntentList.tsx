/** The intents sent, with where each brand's copy stands; send a draft now, or withdraw one. */
import { useMemo, useState } from 'preact/hooks';
import type { IntentBrand } from '../../shared/messages';
import type { Intent } from '../../shared/records';
import type { Action } from '../../ui/action';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import type { Send } from '../../ui/connector';
import { t } from '../../ui/i18n';
import {
  brandLabel,
  budgetText,
  CONDITION_KEYS,
  deliveryProblem,
  deliveryText,
  expiryText,
  INTENT_STATUS_KEYS,
  intentStatus,
  isLive,
} from '../../ui/intents-view';
import { fieldName } from '../../ui/ledger-view';
import { type IntentsData, unlessClosed } from './data';

export function IntentList(props: {
  send: Send;
  data: IntentsData | null;
  /** The screen's messages (shared with the other cards). */
  action: Action;
  load: () => Promise<void>;
  now: number;
  lang: string;
}) {
  const { send, data, action, now, lang } = props;
  const [toWithdraw, setToWithdraw] = useState<Intent | null>(null);
  const brandById = useMemo(() => new Map((data?.brands ?? []).map((b) => [b.id, b])), [data]);
  const intents = useMemo(() => [...(data?.intents ?? [])].sort((a, b) => b.createdAt - a.createdAt), [data]);

  async function withdraw() {
    const i = toWithdraw;
    if (!i || action.busy !== null) return;
    await action.run(
      () => send({ type: 'intents/withdraw', id: i.id }).finally(() => setToWithdraw(null)),
      async () => {
        await props.load();
        return t('intentWithdrawn', i.what);
      },
      { name: 'withdraw', errorCode: unlessClosed },
    );
    document.getElementById('intents-list-title')?.focus();
  }

  async function broadcast(i: Intent) {
    await action.run(
      () => send({ type: 'intents/broadcast', id: i.id }),
      async (r) => {
        await props.load();
        return t('intentBroadcast', r.intent.what);
      },
      { errorCode: unlessClosed },
    );
  }

  return (
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
                action.begin();
                setToWithdraw(i);
              }}
              onBroadcast={() => void broadcast(i)}
            />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={toWithdraw !== null}
        title={t('intentWithdrawTitle', toWithdraw?.what ?? '')}
        confirmLabel={t('intentWithdraw')}
        cancelLabel={t('buttonCancel')}
        danger
        busy={action.busy === 'withdraw'}
        onConfirm={() => void withdraw()}
        onCancel={() => setToWithdraw(null)}
      >
        <p>{t('intentWithdrawText')}</p>
      </ConfirmDialog>
    </section>
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
