/**
 * Places in the popup's main view, one per feature, so the layout and its order are decided here.
 * A feature that is not built yet renders nothing.
 */
import type { Send } from '../ui/connector';
import { SiteSection, type WatchForms } from './FillPreview';
import { IntentQuick } from './IntentQuick';
import { SiteGpc } from './SiteGpc';
import { SiteLedger } from './SiteLedger';
import { SiteTerms } from './SiteTerms';
import type { Target } from './target-tab';

/** What the current-site section needs from the page: the tab it fills and the way to the background. */
export interface SiteProps {
  /** null while the popup is still asking the browser which tab it is for. */
  target: Target | null;
  send: Send;
  watchForms?: WatchForms | undefined;
}

/** The current site: the fill preview (which value goes to which field) and the Fill button. Forms feature. */
export function CurrentSiteSection(props: SiteProps) {
  return <SiteSection target={props.target} send={props.send} watchForms={props.watchForms} />;
}

/** "Who has my data": what the current site received before, from the ledger. Ledger feature. */
export function SiteLedgerSection(props: {
  /** The origin the fill preview is for; null while unknown (or nothing to fill here). */
  site: string | null;
  send: Send;
  /** Bumped after each fill that wrote something, so the section reloads. */
  revision: number;
}) {
  return (
    <>
      {props.site ? (
        <>
          <SiteLedger site={props.site} send={props.send} revision={props.revision} />
          <SiteTerms site={props.site} send={props.send} />
          <SiteGpc site={props.site} send={props.send} />
        </>
      ) : null}
      {/* Intentcasting: a quick intent, and "add this site to my brands". */}
      <IntentQuick site={props.site} send={props.send} />
    </>
  );
}
