/**
 * MyTerms agreements in the person's words: the plain-language explanation of each roster agreement
 * (translated), and one line for a stored record's decision. Used by the Terms page, the popup and
 * the ledger.
 */
import type { RosterAgreement } from '../shared/myterms';
import { rosterAgreement } from '../shared/myterms';
import type { Agreement } from '../shared/records';
import { t } from './i18n';

/** Plain words for each roster agreement, by id; an agreement added to the roster later shows its title alone. */
const AGREEMENT_KEYS: Readonly<Record<string, string>> = {
  'SD-BASE': 'agreementSdBase',
  'SD-BASE-MKT': 'agreementSdBaseMkt',
  'SD-BASE-ANALYTICS': 'agreementSdBaseAnalytics',
  'PDC-INTENT': 'agreementPdcIntent',
};

export const agreementPlainWords = (a: RosterAgreement): string => (AGREEMENT_KEYS[a.id] ? t(AGREEMENT_KEYS[a.id]!) : a.title);

/** "SD-BASE-MKT (Service delivery, and your own offers by email)", or the id alone when the roster does not know it. */
export function agreementName(id: string): string {
  const a = rosterAgreement(id);
  return a ? `${a.title} (${a.id})` : id;
}

/** One line for a record: agreed, countered with another agreement, or declined. */
export function decisionLine(a: Agreement): string {
  const r = a.record;
  if (r.decision === 'accept') return t('agreementAccepted', agreementName(r.agreement.id));
  if (r.decision === 'counter') return t('agreementCountered', [agreementName(r.agreement.id), agreementName(r.counter?.id ?? '')]);
  return t('agreementDeclined', agreementName(r.agreement.id));
}
