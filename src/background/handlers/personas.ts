/** Personas: list, save, duplicate, delete. Extension pages only; the vault must be unlocked. */
import type { Msg } from '../../shared/messages';
import type { Persona } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';

export function personaHandlers(vault: Vault) {
  return {
    'personas/list': async () => {
      const { records, failures } = await vault.list('personas');
      records.sort((a, b) => a.createdAt - b.createdAt || a.label.localeCompare(b.label));
      return { personas: records, failures };
    },
    'personas/save': async (m: Msg<'personas/save'>) => {
      const persona: Persona = { ...m.persona, updatedAt: Date.now() };
      await vault.put('personas', persona);
      return { persona };
    },
    'personas/duplicate': async (m: Msg<'personas/duplicate'>) => {
      const source = await vault.get('personas', m.id);
      if (!source) throw new HandledError('errNotFound');
      const now = Date.now();
      const label = (chrome.i18n.getMessage('personaCopyLabel', [source.label]) || `${source.label} (copy)`).slice(0, 60);
      const persona: Persona = {
        ...structuredClone(source),
        id: crypto.randomUUID(),
        label,
        addresses: source.addresses.map((a) => ({ ...a, id: crypto.randomUUID() })),
        createdAt: now,
        updatedAt: now,
      };
      await vault.put('personas', persona);
      return { persona };
    },
    'personas/delete': async (m: Msg<'personas/delete'>) => {
      await vault.delete('personas', m.id);
      return {};
    },
  };
}
