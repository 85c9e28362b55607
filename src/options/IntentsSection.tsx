/**
 * Intentcasting: say what you want to the brands you choose, revealing only what you pick.
 * The offers inbox (plain text, sortable by price), the intents sent with where each brand's copy
 * stands, the compose form (save, then broadcast), and the person's own list of brands: one file
 * each under intents/, composed here around the one `intents/list` they all show.
 *
 * Everything comes from `intents/list`; while the background has no intent handlers it answers
 * errInvalidMessage, which the page shows as "not available yet" instead of failing.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Offer, Persona, Terms } from '../shared/records';
import { useAction } from '../ui/action';
import type { Send } from '../ui/connector';
import { t, uiLanguage } from '../ui/i18n';
import { intentErrorCode, listedBrands } from '../ui/intents-view';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Screen } from '../ui/Screen';
import { BrandsCard } from './intents/BrandsCard';
import { ComposeForm } from './intents/ComposeForm';
import { type IntentsData, unlessClosed } from './intents/data';
import { IntentList } from './intents/IntentList';
import { OfferInbox } from './intents/OfferInbox';

const HEADING_ID = 'intents-title';

export function IntentsSection(props: { send: Send; focus: boolean; now?: () => number }) {
  const { send } = props;
  const now = (props.now ?? Date.now)();
  const lang = uiLanguage();
  const [data, setData] = useState<IntentsData | null>(null);
  const [personas, setPersonas] = useState<Persona[]>([]);
  const [terms, setTerms] = useState<Terms[]>([]);
  const [activeTermsId, setActiveTermsId] = useState<string | null>(null);
  const action = useAction();

  async function load(): Promise<void> {
    const r = await send({ type: 'intents/list' });
    if (!r.ok) {
      const code = unlessClosed(intentErrorCode(r.error.code));
      if (code) action.setError(code);
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

  function replaceOffer(o: Offer) {
    setData((d) => {
      if (!d) return d;
      const offers = d.offers.map((x) => (x.id === o.id ? o : x));
      return { ...d, offers, unread: offers.filter((x) => !x.read && !x.dismissed).length };
    });
  }

  /** A card below finished: its message is the screen's news. */
  async function changed(message: string) {
    action.setError(null);
    action.setStatus(message);
    await load();
  }

  const brands = listedBrands(data?.brands ?? []);
  return (
    <Screen title={t('intentNav')} headingId={HEADING_ID} focus={props.focus}>
      <p class="muted">{t('intentIntro')}</p>
      <ErrorAlert code={action.error} />
      <StatusMessage message={action.status} />
      <OfferInbox send={send} data={data} action={action} load={load} onOffer={replaceOffer} now={now} lang={lang} />
      <IntentList send={send} data={data} action={action} load={load} now={now} lang={lang} />
      <ComposeForm
        send={send}
        brands={brands}
        personas={personas}
        terms={terms}
        activeTermsId={activeTermsId}
        now={props.now ?? Date.now}
        onSent={changed}
      />
      <BrandsCard send={send} brands={brands} onChanged={changed} />
    </Screen>
  );
}
