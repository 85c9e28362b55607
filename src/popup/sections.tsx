/**
 * Places in the popup's main view kept for features that are not built yet. They render nothing
 * until their feature fills them in; they exist so the layout and its order are decided here.
 */

/** The current site: the fill preview (which value goes to which field) and the Fill button. Forms feature. */
export function CurrentSiteSection(_props: { personaCount: number }) {
  return null;
}

/** "Who has my data": what the current site received before, from the ledger. Ledger feature. */
export function SiteLedgerSection(_props: Record<string, never>) {
  return null;
}
