/**
 * The MyTerms agreements kept with one site, in the ledger: each record's decision, when and where;
 * for a counter, whether the person kept their own terms; for an accepted agreement, revoking it
 * (confirmed in place: a revocation cannot be undone), and once revoked, when, and whether the site
 * was told (with a way to send it again when it could not be).
 */
import { useState } from 'preact/hooks';
import { keepChoice, revocationOf, revocationSent } from '../shared/agreements';
import type { Agreement } from '../shared/records';
import { useAction } from './action';
import { agreementName, decisionLine } from './agreement-words';
import type { Send } from './connector';
import { t } from './i18n';
import { absoluteTime } from './ledger-view';
import { ErrorAlert, StatusMessage } from './Notices';

const NOT_REACHED = new Set(['errBrandUnreachable', 'errBrandTimeout', 'errBrandFailed']);

/** What became of handing the revocation to the site, in words. */
function deliveryText(a: Agreement): string | null {
  const sent = revocationSent(a);
  if (!sent) return null;
  if (sent.outcome === 'delivered') return t('agreementRevocationDelivered');
  if (sent.outcome === 'no-endpoint') return t('agreementRevocationNoEndpoint');
  // Those error messages promise a retry that nothing makes for a revocation: the person sends it again.
  if (!sent.error || NOT_REACHED.has(sent.error)) return t('agreementRevocationNotReached');
  return t('agreementRevocationFailed', t(sent.error));
}

export function AgreementList(props: {
  idPrefix: string;
  agreements: readonly Agreement[];
  lang: string;
  send: Send;
  /** A record changed (revoked, or its revocation sent again). */
  onChanged: (a: Agreement) => void;
}) {
  const { idPrefix, lang, send } = props;
  const action = useAction();
  const [confirming, setConfirming] = useState<string | null>(null);
  const busy = action.busy !== null;
  const itemId = (a: Agreement): string => `${idPrefix}-agreement-${a.id.slice(0, 8)}`;
  /** Focus to an element rendered by the next paint (the confirmation, the button it replaced, the revoked line). */
  const focusSoon = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);

  function ask(a: Agreement | null, back?: Agreement) {
    setConfirming(a?.id ?? null);
    // Into the confirmation on its safe choice; back to the button on cancel.
    if (a) focusSoon(`${itemId(a)}-cancel`);
    else if (back) focusSoon(`${itemId(back)}-revoke`);
  }

  async function revoke(a: Agreement) {
    const done = await action.run(
      () => send({ type: 'agreements/revoke', id: a.id }),
      (r) => {
        props.onChanged(r.agreement);
        return t('agreementRevokedStatus', agreementName(a.record.agreement.id));
      },
      { name: `revoke-${a.id}` },
    );
    if (done) {
      setConfirming(null);
      focusSoon(`${itemId(a)}-revoked`);
    }
  }

  return (
    <>
      <h3 id={`${idPrefix}-agreements`}>{t('ledgerAgreementsHeading')}</h3>
      <ErrorAlert code={action.error} />
      <StatusMessage message={action.status} />
      <ul class="ledger-agreements" aria-labelledby={`${idPrefix}-agreements`}>
        {props.agreements.map((a) => {
          const revocation = revocationOf(a);
          const choice = keepChoice(a);
          const delivery = revocation ? deliveryText(a) : null;
          const sent = revocationSent(a);
          const id = itemId(a);
          return (
            <li key={a.id} class={revocation ? 'ledger-agreement ledger-agreement-revoked' : 'ledger-agreement'}>
              <p>{decisionLine(a)}</p>
              <p class="hint">
                {t('ledgerAgreementMeta', [
                  absoluteTime(Date.parse(a.record.decided_at), lang),
                  a.record.jurisdiction,
                  a.record.id.slice(0, 8),
                ])}
              </p>
              {choice?.type === 'kept-mine' ? (
                <p class="ledger-agreement-kept">{t('agreementKeptMine', absoluteTime(choice.at, lang))}</p>
              ) : null}
              {revocation ? (
                <p id={`${id}-revoked`} class="ledger-agreement-revocation" tabIndex={-1}>
                  {t('agreementRevokedOn', absoluteTime(Date.parse(revocation.revoked_at), lang))} {delivery ?? ''}
                </p>
              ) : null}
              {revocation && sent?.outcome === 'failed' ? (
                <div class="actions">
                  <button type="button" class="btn" disabled={busy} onClick={() => void revoke(a)}>
                    {t('agreementRevocationResend')}
                  </button>
                </div>
              ) : null}
              {a.record.decision === 'accept' && !revocation ? (
                confirming === a.id ? (
                  <fieldset class="ledger-agreement-confirm">
                    <legend>{t('agreementRevokeConfirmText', agreementName(a.record.agreement.id))}</legend>
                    <div class="actions">
                      <button
                        type="button"
                        class="btn btn-danger"
                        disabled={busy}
                        aria-busy={action.busy === `revoke-${a.id}` ? 'true' : undefined}
                        onClick={() => void revoke(a)}
                      >
                        {t('agreementRevokeConfirm')}
                      </button>
                      <button id={`${id}-cancel`} type="button" class="btn" disabled={busy} onClick={() => ask(null, a)}>
                        {t('buttonCancel')}
                      </button>
                    </div>
                  </fieldset>
                ) : (
                  <div class="actions">
                    <button
                      id={`${id}-revoke`}
                      type="button"
                      class="btn"
                      disabled={busy}
                      aria-label={t('agreementRevokeLabel', agreementName(a.record.agreement.id))}
                      onClick={() => ask(a)}
                    >
                      {t('agreementRevoke')}
                    </button>
                  </div>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
