/**
 * The background's message table (src/background/table.ts) against the schema: every message type
 * the UiToBackground union has gets exactly one handler, a declared trust and a vault requirement,
 * and no handler exists for a type the schema does not have. The same holds at compile time (the
 * table's type is mapped over UiMessageType); the @ts-expect-error lines below keep that honest.
 */
import { describe, expect, it, vi } from 'vitest';
import { UiToBackground } from '../../src/shared/messages';
import type { Vault } from '../../src/vault/vault';

vi.stubGlobal('chrome', { runtime: { id: 'proffer', getURL: (p: string) => `chrome-extension://proffer${p}` } });
const { handlerTable } = await import('../../src/background/table');
const { TRUST_CHECKS } = await import('../../src/background/router');
type UiHandlerTable = import('../../src/background/table').UiHandlerTable;

/** Building the table only closes over the vault; no handler runs here. */
const table = handlerTable({} as Vault);
const schemaTypes = UiToBackground.options.map((o) => o.shape.type.value);

describe('the handler table', () => {
  it('has one handler for each message type of the schema, and none for any other', () => {
    expect(new Set(schemaTypes).size).toBe(schemaTypes.length);
    expect(Object.keys(table).sort()).toEqual([...schemaTypes].sort());
  });

  it('declares for each message a trust the router knows and what the vault must be', () => {
    for (const type of schemaTypes) {
      const route = table[type];
      expect(typeof route.handle, type).toBe('function');
      expect(Object.keys(TRUST_CHECKS), type).toContain(route.trust);
      expect(['unlocked', 'not-locked', 'any'], type).toContain(route.needsUnlocked);
    }
  });

  it('keeps what works while locked, and what restores an empty vault, as before', () => {
    const byNeed = (need: string) => schemaTypes.filter((t) => table[t].needsUnlocked === need).sort();
    expect(byNeed('not-locked')).toEqual(['backup/import', 'backup/import-upload', 'backup/upload', 'sync/join']);
    expect(byNeed('any')).toEqual(schemaTypes.filter((t) => /^(vault|gpc|settings)\//.test(t)).sort());
  });

  it('is checked by the compiler: a missing handler, an extra key or a wrong reply does not compile', () => {
    const { 'vault/status': _status, ...rest } = table;
    // @ts-expect-error a message type without a handler
    const missing: UiHandlerTable = rest;
    // @ts-expect-error a handler for a type the schema does not have
    const extra: UiHandlerTable = { ...table, 'vault/nope': table['vault/status'] };
    const wrong: UiHandlerTable = {
      ...table,
      // @ts-expect-error a reply of the wrong shape
      'vault/create': { trust: 'extension-page', needsUnlocked: 'any', handle: async () => ({ recoveryCode: 1 }) },
    };
    const untrusted: UiHandlerTable = {
      ...table,
      // @ts-expect-error a trust the router does not know
      'vault/status': { ...table['vault/status'], trust: 'anyone' },
    };
    expect([missing, extra, wrong, untrusted]).toHaveLength(4);
  });
});
