/**
 * "Write to any company": a request to a company of the privacy-contacts directory for a site the
 * ledger does not list (nothing was ever filled there). The person types the site; Proffer names
 * the company and its contact, and the same three requests as on a site card are offered.
 */
import { useRef, useState } from 'preact/hooks';
import type { ContactCompany } from '../shared/messages';
import type { Exercise } from '../shared/vocab';
import { useAction } from '../ui/action';
import { ASK_KEYS, CompanyIntro, CompanyRequestForm, EXERCISES } from '../ui/company-requests';
import type { Send } from '../ui/connector';
import { TextField } from '../ui/Field';
import { t } from '../ui/i18n';
import { EmailDraftView } from '../ui/ledger-requests';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import type { RequestResult } from '../ui/RequestForm';

/** "cdiscount.com", "www.cdiscount.com/x" or a full URL -> "https://www.cdiscount.com"; null when it is no site. */
export function siteFromInput(input: string): string | null {
  const s = input.trim();
  if (!s) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

export function AnySiteRequest(props: { send: Send; lang: string; onSent: () => void }) {
  const [input, setInput] = useState('');
  const [found, setFound] = useState<{ site: string; companies: ContactCompany[]; residence: string | null } | null>(null);
  const [asking, setAsking] = useState<Exercise | null>(null);
  const [result, setResult] = useState<RequestResult | null>(null);
  const action = useAction();
  const first = useRef<HTMLButtonElement>(null);

  async function find(e: Event) {
    e.preventDefault();
    setResult(null);
    setAsking(null);
    const site = siteFromInput(input);
    if (!site) {
      action.setError('anySiteInvalid');
      return;
    }
    await action.run(
      () => props.send({ type: 'contacts/site', site, lang: navigator.language }),
      (r) => {
        setFound({ site, companies: r.companies, residence: r.residence });
        if (r.companies.length > 0) setTimeout(() => first.current?.focus(), 0);
        return r.companies.length > 0 ? null : t('anySiteNone', new URL(site).host);
      },
    );
  }

  return (
    <section class="card any-site" aria-labelledby="any-site-title">
      <h2 id="any-site-title">{t('anySiteTitle')}</h2>
      <p class="hint">{t('anySiteIntro')}</p>
      <form class="form any-site-form" onSubmit={find} noValidate>
        <TextField id="any-site-input" label={t('anySiteLabel')} value={input} onValue={setInput} spellcheck={false} autocapitalize="off" />
        <button type="submit" class="btn">
          {t('anySiteFind')}
        </button>
      </form>
      <ErrorAlert code={action.error} />
      <StatusMessage message={action.status} />
      {found && found.companies.length > 0 ? (
        asking ? (
          <CompanyRequestForm
            idPrefix="any-site-req"
            site={found.site}
            exercise={asking}
            companies={found.companies}
            residence={found.residence}
            tokens={[]}
            send={props.send}
            onDone={(res) => {
              setAsking(null);
              setResult(res);
              props.onSent();
              setTimeout(() => document.getElementById('any-site-email-title')?.focus(), 0);
            }}
            onCancel={() => setAsking(null)}
          />
        ) : (
          <>
            <CompanyIntro id="any-site-company" company={found.companies[0]!} others={found.companies.length - 1} />
            <div class="actions">
              {EXERCISES.map((e, i) => (
                <button
                  key={e}
                  ref={i === 0 ? first : undefined}
                  type="button"
                  class="btn"
                  aria-describedby="any-site-company"
                  onClick={() => setAsking(e)}
                >
                  {t(ASK_KEYS[e])}
                </button>
              ))}
            </div>
          </>
        )
      ) : null}
      {result?.email && found ? (
        <EmailDraftView idPrefix="any-site-email" email={result.email} site={found.site} lang={props.lang} />
      ) : null}
    </section>
  );
}
