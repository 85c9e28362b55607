/**
 * MyTerms on the current site: whether it accepts the agreement the person's terms name, other
 * agreements (which), or says nothing; the agreement in force with it; and, where it takes proffers,
 * a button to proffer. A counter is shown with its plain words and left to the person: agree to it
 * (another proffer, of that agreement) or keep their terms. Keeping them is remembered for the site
 * (the background stores the choice on the counter record), so the popup does not put the counter
 * to them again until their terms change or they ask for it. A revoked agreement is said so.
 */
import { useEffect, useState } from 'preact/hooks';
import { revocationOf } from '../shared/agreements';
import type { SiteTermsReply } from '../shared/messages';
import { rosterAgreement } from '../shared/myterms';
import { useAction } from '../ui/action';
import { agreementName, agreementPlainWords, decisionLine } from '../ui/agreement-words';
import type { Send } from '../ui/connector';
import { t, uiLanguage } from '../ui/i18n';
import { absoluteTime } from '../ui/ledger-view';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { siteTermsSentence } from '../ui/SiteTermsNote';

export function SiteTerms(props: { site: string; send: Send }) {
  const { site, send } = props;
  const [state, setState] = useState<SiteTermsReply | null>(null);
  const action = useAction();
  const { error, status, setError } = action;
  const lang = uiLanguage();

  async function load() {
    const r = await send({ type: 'myterms/site', origin: site });
    if (r.ok) setState(r);
    else setError(r.error.code);
  }
  useEffect(() => {
    void load();
  }, [site]);

  async function proffer(agreementId?: string) {
    await action.run(
      () => send({ type: 'myterms/proffer', origin: site, ...(agreementId ? { agreementId } : {}) }),
      async (r) => {
        await load();
        return decisionLine(r.agreement);
      },
      { name: 'proffer' },
    );
  }

  async function keepMine(id: string, keep: boolean) {
    await action.run(
      () => send({ type: 'agreements/keep-mine', id, keep }),
      async () => {
        await load();
        // The button pressed is gone: focus goes to the choice that undoes it.
        setTimeout(() => document.getElementById(keep ? 'site-terms-ask-again' : 'site-terms-keep')?.focus(), 0);
        return null;
      },
      { name: 'keep' },
    );
  }

  if (!state && !error) return null;
  const latest = state?.kept[0] ?? null;
  const kept = state?.keptMine && latest?.id === state.keptMine.id ? state.keptMine : null;
  const counter = latest?.record.decision === 'counter' && !kept ? latest.record.counter : undefined;
  const revoked = latest?.record.decision === 'accept' ? revocationOf(latest) : null;
  const counterAgreement = counter ? rosterAgreement(counter.id) : undefined;
  const inForce = state?.inForce ?? null;
  const agreedMine = Boolean(inForce && state?.mine && inForce.record.agreement.id === state.mine.id);
  const busy = action.busy !== null;
  return (
    <section class="card site-terms" aria-labelledby="site-terms-title">
      <h2 id="site-terms-title">{t('mytermsSiteTitle')}</h2>
      <ErrorAlert code={error} />
      <StatusMessage message={status} />
      {state ? (
        <>
          <p class="site-terms-status">{siteTermsSentence(state)}</p>
          {inForce ? (
            <p class="site-terms-in-force">
              {t('mytermsInForce', [agreementName(inForce.record.agreement.id), absoluteTime(Date.parse(inForce.record.decided_at), lang)])}
            </p>
          ) : null}
          {latest && latest !== inForce && latest.record.decision === 'decline' ? <p>{decisionLine(latest)}</p> : null}
          {revoked ? (
            <p class="site-terms-revoked">
              {t('mytermsRevoked', [agreementName(revoked.agreement.id), absoluteTime(Date.parse(revoked.revoked_at), lang)])}
            </p>
          ) : null}
          {counter ? (
            <div class="site-terms-counter">
              <p id="site-terms-counter-text">
                {t('mytermsCounter', agreementName(counter.id))} {counterAgreement ? agreementPlainWords(counterAgreement) : ''}
              </p>
              <div class="actions">
                <button type="button" class="btn" disabled={busy} onClick={() => void proffer(counter.id)}>
                  {t('mytermsAgreeTo', counter.id)}
                </button>
                <button id="site-terms-keep" type="button" class="btn" disabled={busy} onClick={() => void keepMine(latest!.id, true)}>
                  {t('mytermsKeepMine')}
                </button>
              </div>
            </div>
          ) : null}
          {kept && latest?.record.counter ? (
            <div class="site-terms-kept">
              <p>
                {t('mytermsKept')} {t('mytermsKeptSince', [agreementName(latest.record.counter.id), absoluteTime(kept.at, lang)])}
              </p>
              <div class="actions">
                <button id="site-terms-ask-again" type="button" class="btn" disabled={busy} onClick={() => void keepMine(latest.id, false)}>
                  {t('mytermsAskAgain')}
                </button>
              </div>
            </div>
          ) : null}
          {state.canProffer && state.mine && !agreedMine && !counter && !kept ? (
            <button
              type="button"
              class="btn"
              disabled={busy}
              aria-busy={action.busy === 'proffer' ? 'true' : undefined}
              onClick={() => void proffer()}
            >
              {t('mytermsProffer', state.mine.id)}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
