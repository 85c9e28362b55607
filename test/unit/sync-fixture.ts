/**
 * Sync test set-up: an in-memory server with ETags and conditional writes (the RemoteStore
 * contract), and devices: a vault on its own fake-indexeddb database with a sync engine.
 */
import { SyncEngine } from '../../src/sync/engine';
import { SyncError } from '../../src/sync/errors';
import { joinVault } from '../../src/sync/join';
import type { Fetched, RemoteStore } from '../../src/sync/remote';
import type { SyncConfig } from '../../src/sync/store';
import type { Vault } from '../../src/vault/vault';
import { createdVault, freshVault, KDF_FLOOR, PASS } from './vault-fixture';

export class MemoryServer {
  readonly files = new Map<string, { body: Uint8Array; etag: string }>();
  private n = 0;
  /** Set to make every request fail as if the server were down. */
  down = false;
  /** Called before each conditional manifest write: a test can write first to make the device lose the race. */
  beforeManifestPut: (() => Promise<void>) | null = null;
  puts = 0;
  /** Every name read, in order. */
  readLog: string[] = [];
  /** Answer reads with weak ETags (W/...), as Apache does for a file changed in the last second, unless asked `forWrite`. */
  weakEtags = false;
  /** Reads made `forWrite` (for a strong ETag). */
  strongReads = 0;
  /** Conditional writes of the manifest refused (412). */
  refused = 0;

  store(): RemoteStore {
    const check = () => {
      if (this.down) throw new SyncError('errSyncUnreachable');
    };
    return {
      prepare: async () => check(),
      get: async (name, opts = {}): Promise<Fetched | null | 'unchanged'> => {
        check();
        this.readLog.push(name);
        const f = this.files.get(name);
        if (!f) return null;
        if (opts.ifNoneMatch === f.etag) return 'unchanged';
        if (opts.forWrite) this.strongReads++;
        return { body: f.body.slice(), etag: this.weakEtags && !opts.forWrite ? `W/${f.etag}` : f.etag };
      },
      put: async (name, body, ifMatch) => {
        check();
        if (name === 'manifest' && this.beforeManifestPut) {
          const hook = this.beforeManifestPut;
          this.beforeManifestPut = null;
          await hook();
        }
        const f = this.files.get(name);
        if (ifMatch !== undefined && (ifMatch === null ? f !== undefined : f?.etag !== ifMatch)) {
          if (name === 'manifest') this.refused++;
          return false;
        }
        this.puts++;
        this.files.set(name, { body: body.slice(), etag: `"${++this.n}"` });
        return true;
      },
      delete: async (name) => {
        check();
        this.files.delete(name);
      },
    };
  }

  /** Every byte on the server, as text (for canary scans). */
  allText(): string {
    const dec = new TextDecoder('latin1');
    return [...this.files].map(([name, f]) => `${name}\n${dec.decode(f.body)}`).join('\n');
  }
}

export const CONFIG: SyncConfig = { url: 'https://dav.example/files/me/', user: 'me', password: 'app-password-1' };

export interface Device {
  vault: Vault;
  sync: SyncEngine;
  name: string;
}

/** A device with a new vault, configured to sync to `server`. */
export async function firstDevice(server: MemoryServer, now?: () => number): Promise<Device> {
  const { vault, name } = await createdVault();
  const sync = new SyncEngine(vault, { remote: () => server.store(), now });
  await sync.configure(CONFIG);
  return { vault, sync, name };
}

/** A second device that joins the vault on `server` with the passphrase and syncs once. */
export async function joinedDevice(server: MemoryServer, now?: () => number): Promise<Device> {
  const vault = await freshVault();
  await joinVault(vault, server.store(), { passphrase: PASS }, { kdfFloor: KDF_FLOOR });
  const sync = new SyncEngine(vault, { remote: () => server.store(), now });
  await sync.configure(CONFIG);
  await sync.sync();
  return { vault, sync, name: vault.db.name };
}

/** Lets queued change events run (they are not awaited by the vault's writes). */
export const settle = async (d: Device): Promise<void> => {
  await d.sync.status();
  await new Promise((r) => setTimeout(r, 0));
};
