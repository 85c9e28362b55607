// The background's sync messages (src/background/handlers/sync.ts) over the real engine and an
// in-memory server: the password never goes back to a page, an empty password keeps the saved
// one, and a persona conflict is resolved the way the person chose, as an edit that syncs.
import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('chrome', { runtime: { id: 'proffer', getURL: (p: string) => `chrome-extension://proffer${p}` } });
const { syncHandlers } = await import('../../src/background/handlers/sync');
const { newId } = await import('../../src/vault/records-codec');
const { CONFIG, firstDevice, joinedDevice, MemoryServer, settle } = await import('./sync-fixture');

type Device = Awaited<ReturnType<typeof firstDevice>>;
const handlersOf = (d: Device) =>
  syncHandlers(d.vault, {
    engine: d.sync,
    soon: () => undefined,
    run: async () => undefined,
    onAlarm: () => undefined,
    installAlarm: async () => undefined,
  });

describe('sync messages', () => {
  it('status never carries the app password; saving with an empty password keeps the saved one', async () => {
    const server = new MemoryServer();
    const a = await firstDevice(server);
    const h = handlersOf(a);
    const status = await h['sync/status']();
    expect(JSON.stringify(status)).not.toContain(CONFIG.password);
    expect(status).toMatchObject({ configured: true, url: CONFIG.url, user: CONFIG.user, hasPassword: true });
    await h['sync/configure']({ type: 'sync/configure', server: { url: CONFIG.url, user: CONFIG.user, password: '' } });
    expect((await a.sync.config())?.password).toBe(CONFIG.password);
    // another server with no password given: refused, not saved without one
    await expect(
      h['sync/configure']({ type: 'sync/configure', server: { url: 'https://other.example/dav/', user: 'me', password: '' } }),
    ).rejects.toMatchObject({
      code: 'errSyncAuth',
    });
    const off = await h['sync/configure']({ type: 'sync/configure', server: null });
    expect(off.configured).toBe(false);
  });

  it('a conflict resolved with the other device’s values becomes an edit that reaches both devices', async () => {
    const server = new MemoryServer();
    let ta = 1_000_000;
    let tb = 1_000_000;
    const a = await firstDevice(server, () => ta);
    const p = { id: newId(), label: 'Me', email: 'old@example.org', addresses: [], createdAt: 1, updatedAt: 1 };
    await a.vault.put('personas', p);
    await a.sync.sync();
    const b = await joinedDevice(server, () => tb);
    ta = 2_000_000;
    await a.vault.put('personas', { ...p, email: 'from-a@example.org' });
    tb = 3_000_000;
    await b.vault.put('personas', { ...p, email: 'from-b@example.org' });
    await settle(a);
    await settle(b);
    await a.sync.sync();
    await b.sync.sync();
    const hb = handlersOf(b);
    const status = await hb['sync/status']();
    expect(status.conflicts).toHaveLength(1);
    const after = await hb['sync/resolve']({ type: 'sync/resolve', id: status.conflicts[0]!.id, use: 'other' });
    expect(after.conflicts).toEqual([]);
    expect((await b.vault.get('personas', p.id))?.email).toBe('from-a@example.org');
    await settle(b);
    await b.sync.sync();
    await a.sync.sync();
    expect((await a.vault.get('personas', p.id))?.email).toBe('from-a@example.org');
    await expect(hb['sync/resolve']({ type: 'sync/resolve', id: 'gone', use: 'kept' })).rejects.toMatchObject({ code: 'errNotFound' });
  });

  it('the passphrase changed on another device: the wrong one is refused, the new one lets sync go on', async () => {
    const { PASS, PASS2 } = await import('./vault-fixture');
    const server = new MemoryServer();
    const a = await firstDevice(server);
    await a.sync.sync();
    const b = await joinedDevice(server);
    await a.vault.changePassphrase(PASS, PASS2);
    await a.sync.sync();
    const hb = handlersOf(b);
    const stopped = await hb['sync/now']();
    expect(stopped.lastError?.code).toBe('errSyncPassphraseChanged');
    await expect(hb['sync/passphrase']({ type: 'sync/passphrase', passphrase: PASS })).rejects.toMatchObject({
      code: 'errWrongPassphrase',
    });
    const after = await hb['sync/passphrase']({ type: 'sync/passphrase', passphrase: PASS2 });
    expect(after.lastError).toBeUndefined();
    expect(after.lastSync).toBeDefined();
  });
});
