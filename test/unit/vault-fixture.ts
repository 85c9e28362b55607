/**
 * One vault set-up for the vault and backup unit tests: a cheap KDF (the real cost is tested on its
 * own), fresh databases over fake-indexeddb, the raw rows as IndexedDB holds them, and one sample
 * record per table whose values must never appear in the clear.
 */
import Dexie from 'dexie';
import { expect } from 'vitest';
import { RECORD_TABLES, type RecordOf, type RecordTable } from '../../src/shared/records';
import { VaultError } from '../../src/vault/errors';
import type { CounterStore } from '../../src/vault/manifest';
import { newId } from '../../src/vault/records-codec';
import { Vault } from '../../src/vault/vault';

/** A KDF cost low enough for tests. */
export const KDF = { m: 64, t: 1, p: 1 };
/** The lowest cost these tests accept from a header or backup (the product's floor is 19 MiB). */
export const KDF_FLOOR = { m: 8, t: 1 };
export const PASS = 'maple orbit quiet lantern';
export const PASS2 = 'granite pelican sorbet ledger';
export const SITE = 'https://shop-zyxwares.example';

let seq = 0;
/** A database name no other test uses. */
export const dbName = (): string => `vault-test-${++seq}-${Math.random().toString(36).slice(2)}`;

/** The counter each test database keeps "outside the database" (chrome.storage.local in the extension). */
export const outside = new Map<string, number>();
/** The note beside it that a vault lives in that database (set on create and writes, cleared on wipe). */
export const held = new Map<string, boolean>();
export function counterFor(name: string): CounterStore {
  return {
    read: async () => outside.get(name),
    write: async (n) => {
      outside.set(name, n);
    },
    readHeld: async () => held.get(name) === true,
    writeHeld: async (h) => {
      held.set(name, h);
    },
  };
}

/** A vault on a fresh (or the named) database, initialized, not created. */
export async function freshVault(name = dbName(), kdf = KDF): Promise<Vault> {
  const v = new Vault({ name, kdf, kdfFloor: KDF_FLOOR, counter: counterFor(name) });
  await v.init();
  return v;
}

/** A vault created with PASS, unlocked, with its recovery code. */
export async function createdVault(name = dbName()): Promise<{ vault: Vault; name: string; recoveryCode: string }> {
  const vault = await freshVault(name);
  const { recoveryCode } = await vault.create(PASS);
  return { vault, name, recoveryCode };
}

/** Every table of the database as IndexedDB holds it, opened without our schema. */
export async function rawDump(name: string): Promise<Record<string, unknown[]>> {
  const raw = new Dexie(name);
  await raw.open();
  const out: Record<string, unknown[]> = {};
  for (const t of raw.tables) out[t.name] = await t.toArray();
  raw.close();
  return out;
}

/** Awaits `p`, expecting it to fail with a VaultError of this code. */
export async function expectCode(p: Promise<unknown>, code: string): Promise<VaultError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `expected ${code}`).toBeInstanceOf(VaultError);
  expect((e as VaultError).code).toBe(code);
  return e as VaultError;
}

/** One valid record per table, all about `site`; their names and values are in PERSONAL. */
export function samples(site = SITE): { [T in RecordTable]: RecordOf<T> } {
  const personaId = newId();
  const brandId = newId();
  const intentId = newId();
  return {
    personas: {
      id: personaId,
      label: 'Work persona Quillon',
      'given-name': 'Quillon',
      'family-name': 'Zebrowskaya',
      email: 'quillon.zebrowskaya@example.org',
      tel: '+4915123456789',
      addresses: [{ id: newId(), 'street-address': 'Kastanienallee 77', 'postal-code': '10435', country: 'DE' }],
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    },
    terms: {
      id: newId(),
      versionId: 'v1',
      title: 'Terms of Quillon',
      clauses: [{ id: 'c1', text: 'No tracking of Zebrowskaya' }],
      text: 'No tracking of Zebrowskaya',
      sha256: 'a'.repeat(64),
      purposes: [],
      contact: 'email',
      createdAt: 1,
    },
    shares: {
      id: newId(),
      site,
      personaId,
      brandId,
      channel: 'form',
      fields: [{ token: 'email', value: 'quillon.zebrowskaya@example.org', label: 'E-mail' }],
      at: 1_700_000_000_000,
    },
    brands: { id: brandId, origin: site, name: 'Zyxwares Shop', acceptedTerms: [], inIntentList: true, addedAt: 1 },
    intents: {
      id: intentId,
      what: 'a 27-inch monitor for Quillon',
      condition: 'new',
      reveal: ['email'],
      expiresAt: 2_000_000_000_000,
      status: 'active',
      deliveries: [],
      createdAt: 1,
    },
    offers: { id: newId(), intentId, brandId, title: 'Zorblatt monitor offer', receivedAt: 1, read: false, dismissed: false },
    requests: {
      id: newId(),
      site,
      exercise: 'deletion',
      channel: 'email',
      law: 'gdpr',
      status: 'open',
      identifiers: [{ token: 'email', value: 'quillon.zebrowskaya@example.org' }],
      createdAt: 1,
      deadline: 2,
      history: [],
    },
    sites: { id: newId(), site, alias: 'quillon+zyxwares@example.org', approvedFrameOrigins: [], updatedAt: 1 },
  };
}

/** Values of `samples()` that must never appear in the clear in IndexedDB or a backup. */
export const PERSONAL = [
  'Quillon',
  'Zebrowskaya',
  'Kastanienallee',
  '4915123456789',
  'zyxwares',
  'Work persona',
  'monitor for',
  'Zorblatt',
];

/** Puts one record per table (the samples by default) and returns them. */
export async function putAll(vault: Vault, recs = samples()): Promise<typeof recs> {
  for (const t of RECORD_TABLES) await vault.put(t, recs[t] as never);
  return recs;
}
