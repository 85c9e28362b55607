/**
 * Global Privacy Control: the switch, the per-site exceptions, and what a site declares. Extension
 * pages only; the vault may be locked (nothing here is secret). The work is in ../gpc.ts.
 */
import type { Msg } from '../../shared/messages';
import { addGpcException, getGpcState, gpcEnabledFor, normalizeOrigin, removeGpcException, setGpcEnabled, siteGpcSupport } from '../gpc';
import { HandledError } from '../router';

export function gpcHandlers() {
  return {
    'gpc/state': async () => ({ ...(await getGpcState()) }),
    'gpc/set-enabled': async (m: Msg<'gpc/set-enabled'>) => ({ ...(await setGpcEnabled(m.enabled)) }),
    'gpc/exception': async (m: Msg<'gpc/exception'>) => ({
      ...(await (m.except ? addGpcException(m.origin) : removeGpcException(m.origin))),
    }),
    'gpc/site': async (m: Msg<'gpc/site'>) => {
      const origin = normalizeOrigin(m.origin);
      if (!origin) throw new HandledError('errUrl');
      const [support, state] = await Promise.all([siteGpcSupport(origin), getGpcState()]);
      return { support, enabled: gpcEnabledFor(state, origin) };
    },
  };
}
