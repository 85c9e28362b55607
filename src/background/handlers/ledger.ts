/** The ledger (shares): who received which values. Extension pages only; the vault must be unlocked. */
import type { UiToBackground } from '../../shared/messages';
import type { Vault } from '../../vault/vault';

type Msg<T extends UiToBackground['type']> = Extract<UiToBackground, { type: T }>;

export function ledgerHandlers(vault: Vault) {
  return {
    'ledger/site': async (m: Msg<'ledger/site'>) => {
      const { records, failures } = await vault.bySite('shares', m.site);
      records.sort((a, b) => b.at - a.at);
      return { shares: records, failures };
    },
  };
}
