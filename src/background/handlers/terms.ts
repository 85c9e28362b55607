/** Personal terms: list the versions, save a new one, put one in force. Extension pages only; the vault must be unlocked. */
import type { Msg } from '../../shared/messages';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';
import { activateTerms, activeTerms, listTerms, saveTerms } from '../terms';

export function termsHandlers(vault: Vault) {
  return {
    'terms/list': async (_m: Msg<'terms/list'>) => {
      // First use: the default version exists before the person sees the list.
      await activeTerms(vault);
      const { terms, activeId } = await listTerms(vault);
      return { terms, activeId };
    },
    'terms/save': async (m: Msg<'terms/save'>) => {
      try {
        const terms = await saveTerms(vault, {
          title: m.title,
          ...(m.preset ? { preset: m.preset } : {}),
          clauses: m.clauses,
          purposes: m.purposes,
          ...(m.retentionDays !== undefined ? { retentionDays: m.retentionDays } : {}),
          contact: m.contact,
          ...(m.agreementId !== undefined ? { agreementId: m.agreementId } : {}),
        });
        return { terms };
      } catch (e) {
        // Nothing left after normalizing (blank title or clauses).
        if (e instanceof RangeError) throw new HandledError('errInvalidMessage');
        throw e;
      }
    },
    'terms/activate': async (m: Msg<'terms/activate'>) => {
      const terms = await activateTerms(vault, m.id);
      if (!terms) throw new HandledError('errNotFound');
      return { activeId: terms.id };
    },
  };
}
