/**
 * Every message the extension's pages send the background, in one table: whom it trusts, what the
 * vault must be for it to run, and the handler that answers it. The table's type is a mapped type
 * over UiMessageType, so a message without a handler, a key the schema does not have, or a reply of
 * the wrong shape fails to compile. The router (router.ts) enforces the trust and the vault state.
 */
import { type UiReplies, UiToBackground } from '../shared/messages';
import type { Vault } from '../vault/vault';
import { agreementHandlers } from './handlers/agreements';
import { backupHandlers } from './handlers/backup';
import { formsHandlers } from './handlers/forms';
import { gpcHandlers } from './handlers/gpc';
import { intentHandlers } from './handlers/intents';
import { ledgerHandlers } from './handlers/ledger';
import { personaHandlers } from './handlers/personas';
import { requestHandlers } from './handlers/requests';
import { syncHandlers } from './handlers/sync';
import { termsHandlers } from './handlers/terms';
import { vaultHandlers } from './handlers/vault';
import { makeRouter, type Route, type RouteTable, TRUST_CHECKS, type Trust, type Unlock } from './router';
import { touchSession } from './session';
import { type SyncScheduler, syncScheduler } from './sync';

export type UiHandlerTable = RouteTable<UiToBackground, UiReplies>;

/** The parts with work besides their handlers (the shortcut's fill, the alarms' passes). */
export interface TableDeps {
  forms: ReturnType<typeof formsHandlers>;
  requests: ReturnType<typeof requestHandlers>;
  intents: ReturnType<typeof intentHandlers>;
  sync: SyncScheduler;
}

export function tableDeps(vault: Vault): TableDeps {
  return { forms: formsHandlers(vault), requests: requestHandlers(vault), intents: intentHandlers(vault), sync: syncScheduler(vault) };
}

/** Our own pages (popup, options): today every message's trust; a message open to more senders declares a weaker one. */
const page = 'extension-page' satisfies Trust;
const route = <M, R>(
  trust: Trust,
  needsUnlocked: Unlock,
  handle: (msg: M, sender: chrome.runtime.MessageSender) => Promise<R>,
): Route<M, R> => ({ trust, needsUnlocked, handle });

export function handlerTable(vault: Vault, deps: TableDeps = tableDeps(vault)): UiHandlerTable {
  const v = vaultHandlers(vault);
  const g = gpcHandlers();
  const p = personaHandlers(vault);
  const b = backupHandlers(vault);
  const l = ledgerHandlers(vault);
  const t = termsHandlers(vault);
  const f = deps.forms.handlers;
  const r = deps.requests.handlers;
  const i = deps.intents.handlers;
  const a = agreementHandlers(vault);
  const s = syncHandlers(vault, deps.sync);
  return {
    // The vault's lifecycle and settings work in every state.
    'vault/status': route(page, 'any', v['vault/status']),
    'vault/create': route(page, 'any', v['vault/create']),
    'vault/unlock': route(page, 'any', v['vault/unlock']),
    'vault/recover': route(page, 'any', v['vault/recover']),
    'vault/change-passphrase': route(page, 'any', v['vault/change-passphrase']),
    'vault/lock': route(page, 'any', v['vault/lock']),
    'vault/wipe': route(page, 'any', v['vault/wipe']),
    'settings/set': route(page, 'any', v['settings/set']),
    // Global Privacy Control works while the vault is locked (nothing in it is secret).
    'gpc/state': route(page, 'any', g['gpc/state']),
    'gpc/set-enabled': route(page, 'any', g['gpc/set-enabled']),
    'gpc/exception': route(page, 'any', g['gpc/exception']),
    'gpc/site': route(page, 'any', g['gpc/site']),
    'personas/list': route(page, 'unlocked', p['personas/list']),
    'personas/save': route(page, 'unlocked', p['personas/save']),
    'personas/delete': route(page, 'unlocked', p['personas/delete']),
    'personas/duplicate': route(page, 'unlocked', p['personas/duplicate']),
    'backup/export': route(page, 'unlocked', b['backup/export']),
    'backup/export-chunk': route(page, 'unlocked', b['backup/export-chunk']),
    // Import works on an empty vault too (restore after a wipe or on a new machine), never on a locked one.
    'backup/import': route(page, 'not-locked', b['backup/import']),
    'backup/upload': route(page, 'not-locked', b['backup/upload']),
    'backup/import-upload': route(page, 'not-locked', b['backup/import-upload']),
    'ledger/site': route(page, 'unlocked', l['ledger/site']),
    'ledger/all': route(page, 'unlocked', l['ledger/all']),
    'ledger/export': route(page, 'unlocked', l['ledger/export']),
    'brands/forget': route(page, 'unlocked', l['brands/forget']),
    'terms/list': route(page, 'unlocked', t['terms/list']),
    'terms/save': route(page, 'unlocked', t['terms/save']),
    'terms/activate': route(page, 'unlocked', t['terms/activate']),
    'forms/preview': route(page, 'unlocked', f['forms/preview']),
    'forms/fill': route(page, 'unlocked', f['forms/fill']),
    'sites/default-persona': route(page, 'unlocked', f['sites/default-persona']),
    'requests/create': route(page, 'unlocked', r['requests/create']),
    'requests/list': route(page, 'unlocked', r['requests/list']),
    'requests/refresh': route(page, 'unlocked', r['requests/refresh']),
    'requests/revoke': route(page, 'unlocked', r['requests/revoke']),
    'requests/mark': route(page, 'unlocked', r['requests/mark']),
    'intents/list': route(page, 'unlocked', i['intents/list']),
    'intents/save': route(page, 'unlocked', i['intents/save']),
    'intents/broadcast': route(page, 'unlocked', i['intents/broadcast']),
    'intents/withdraw': route(page, 'unlocked', i['intents/withdraw']),
    'intents/poll': route(page, 'unlocked', i['intents/poll']),
    'brands/add': route(page, 'unlocked', i['brands/add']),
    'brands/remove': route(page, 'unlocked', i['brands/remove']),
    'offers/mark': route(page, 'unlocked', i['offers/mark']),
    'contacts/site': route(page, 'unlocked', r['contacts/site']),
    'contacts/sites': route(page, 'unlocked', r['contacts/sites']),
    'requests/answer': route(page, 'unlocked', r['requests/answer']),
    'requests/follow-up': route(page, 'unlocked', r['requests/follow-up']),
    // MyTerms agreements: the terms in force and the pairwise keys are in the vault.
    'myterms/site': route(page, 'unlocked', a['myterms/site']),
    'myterms/proffer': route(page, 'unlocked', a['myterms/proffer']),
    'agreements/list': route(page, 'unlocked', a['agreements/list']),
    'agreements/keep-mine': route(page, 'unlocked', a['agreements/keep-mine']),
    'agreements/revoke': route(page, 'unlocked', a['agreements/revoke']),
    'sync/status': route(page, 'unlocked', s['sync/status']),
    'sync/test': route(page, 'unlocked', s['sync/test']),
    'sync/configure': route(page, 'unlocked', s['sync/configure']),
    'sync/now': route(page, 'unlocked', s['sync/now']),
    // Joining fills an empty vault on a new device; the handler refuses any other state.
    'sync/join': route(page, 'not-locked', s['sync/join']),
    'sync/resolve': route(page, 'unlocked', s['sync/resolve']),
    'sync/passphrase': route(page, 'unlocked', s['sync/passphrase']),
  };
}

/** The router for the pages' messages: the table, with the vault's state checked before and the session touched after. */
export function uiRouter(vault: Vault, deps: TableDeps = tableDeps(vault)) {
  return makeRouter(UiToBackground, handlerTable(vault, deps), TRUST_CHECKS, {
    state: () => vault.state(),
    touch: async () => touchSession((await vault.getSettings()).autoLockMinutes),
  });
}
