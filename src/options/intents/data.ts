/** What the intents screen's cards share: the `intents/list` reply, and how they report an error. */
import type { IntentBrand } from '../../shared/messages';
import type { Intent, Offer } from '../../shared/records';
import { isVaultClosed } from '../../ui/errors';

export interface IntentsData {
  intents: Intent[];
  offers: Offer[];
  brands: IntentBrand[];
  unread: number;
}

/** A vault that just locked is not an error of this screen: the page shows the unlock form. */
export const unlessClosed = (code: string): string | null => (isVaultClosed(code) ? null : code);
