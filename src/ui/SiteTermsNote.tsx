/**
 * One line saying what a site accepts of MyTerms agreements (its myterms.json or vrm.json `terms`):
 * accepts your terms / accepts other agreements (which) / says nothing. Shown where the person is
 * about to send something to a site: a data-rights request, an intent to a brand.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SiteTermsReply } from '../shared/messages';
import { agreementName } from './agreement-words';
import type { Send } from './connector';
import { t } from './i18n';

/** The sentence for a site's declaration. */
export function siteTermsSentence(r: Pick<SiteTermsReply, 'status' | 'agreements' | 'mine'>): string {
  if (r.status === 'accepts') return t('mytermsAccepts', agreementName(r.mine?.id ?? ''));
  if (r.status === 'other') return t('mytermsOther', r.agreements.map((a) => agreementName(a.id)).join(', '));
  return t('mytermsSilent');
}

export function SiteTermsNote(props: { site: string; send: Send }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void props.send({ type: 'myterms/site', origin: props.site }).then((r) => {
      if (live && r.ok) setText(siteTermsSentence(r));
    });
    return () => {
      live = false;
    };
  }, [props.site]);
  return text ? <span class="hint site-terms-note">{text}</span> : null;
}
