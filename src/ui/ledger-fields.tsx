/**
 * The values a site received, as the ledger's pages show them (options card and popup): each under
 * its name, masked (its length too) until the person asks, with the button that shows or hides them.
 */
import { t } from './i18n';
import { MASK } from './ledger-view';

export function LedgerFields(props: {
  fields: readonly { name: string; value: string }[];
  shown: boolean;
  onToggle: () => void;
  /** The id of what the values belong to (an entry's head, a heading): it describes the button. */
  describedBy: string;
  /** Extra class for the list. */
  class?: string;
}) {
  return (
    <>
      <dl class={props.class ? `ledger-fields ${props.class}` : 'ledger-fields'}>
        {props.fields.map((f, k) => (
          <div key={k} class="ledger-field">
            <dt>{f.name}</dt>
            <dd>
              {props.shown ? (
                f.value ? (
                  <span class="ledger-value">{f.value}</span>
                ) : (
                  <span class="muted">{t('ledgerValueEmpty')}</span>
                )
              ) : (
                <>
                  <span aria-hidden="true" class="ledger-mask">
                    {MASK}
                  </span>
                  <span class="sr-only">{t('ledgerValueHidden')}</span>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" class="btn btn-small" aria-describedby={props.describedBy} onClick={props.onToggle}>
        {props.shown ? t('ledgerHideValues') : t('ledgerShowValues')}
      </button>
    </>
  );
}
