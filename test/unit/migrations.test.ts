/**
 * Migrations: every released database version is seeded here with the raw rows that version
 * wrote (its own Dexie schema, its own sealed bytes) and then opened with today's code.
 *
 * This guards three things at once: Dexie schema upgrades (tables, indexes), record upgrades
 * (records-codec.ts RECORD_UPGRADES, by the row's `v`), and the crypto format itself (KDF, key
 * wrapping, HKDF labels, AAD strings): if any of them changes incompatibly, the v1 vault below stops
 * opening.
 *
 * When you add a Dexie version to src/vault/db.ts (DB_VERSIONS) or bump SCHEMA_VERSION:
 * 1. copy the released `stores` into RELEASED below (never edit an existing entry);
 * 2. add a SEEDS entry: generate a small vault with the released build (every table, a setting),
 *    dump its raw rows, paste them, and write down what today's code must read from them.
 * The first two tests fail until both are done.
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { RECORD_SCHEMAS, RECORD_TABLES, type RecordTable, SITE_INDEXED } from '../../src/shared/records';
import { DB_VERSIONS } from '../../src/vault/db';
import { fromB64 } from '../../src/vault/encoding';
import { Vault } from '../../src/vault/vault';

/** The `stores` of every released Dexie version, frozen. */
const RELEASED: { version: number; stores: Record<string, string | null> }[] = [
  {
    version: 1,
    stores: {
      meta: 'id',
      personas: 'id',
      terms: 'id',
      shares: 'id, bi',
      brands: 'id, bi',
      intents: 'id',
      offers: 'id',
      requests: 'id, bi',
      sites: 'id, bi',
    },
  },
];

interface Seed {
  passphrase: string;
  recoveryCode: string;
  kdf: { m: number; t: number; p: number };
  /** Raw rows per table; strings starting with `b64:` are bytes. */
  rows: Record<string, Record<string, unknown>[]>;
  /** The records today's code must read from those rows. */
  records: Partial<Record<RecordTable, unknown[]>>;
  settings: { autoLockMinutes: number };
  site: string;
}

const SITE_V1 = 'https://fixture-shop.example';
const P = '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d0';

/** Generated with the version-1 code (see the steps above); the passphrase and code are test-only. */
const SEEDS: Record<number, Seed> = {
  1: {
    passphrase: 'lantern quiet orbit maple',
    recoveryCode: 'SFXF-S10J-9PAM-ZGC0-ZP65-24K6-C2HP-0M4M',
    kdf: { m: 64, t: 1, p: 1 },
    settings: { autoLockMinutes: 30 },
    site: SITE_V1,
    records: {
      personas: [
        {
          id: `${P}1`,
          label: 'Fixture persona',
          'given-name': 'Ada',
          'family-name': 'Fixture',
          email: 'ada@fixture.example',
          addresses: [{ id: `${P}2`, 'address-level2': 'Berlin', country: 'DE' }],
          createdAt: 1700000000000,
          updatedAt: 1700000000001,
        },
      ],
      terms: [
        {
          id: `${P}3`,
          versionId: 'v1',
          title: 'No tracking',
          clauses: [{ id: 'c1', text: 'Do not track me.' }],
          text: 'Do not track me.',
          sha256: 'c'.repeat(64),
          purposes: ['delivery'],
          retentionDays: 30,
          contact: 'email',
          createdAt: 1700000000000,
        },
      ],
      shares: [
        {
          id: `${P}4`,
          site: SITE_V1,
          personaId: `${P}1`,
          channel: 'form',
          fields: [{ token: 'email', value: 'ada@fixture.example' }],
          termsId: `${P}3`,
          at: 1700000000002,
        },
      ],
      brands: [{ id: `${P}5`, origin: SITE_V1, name: 'Fixture Shop', acceptedTerms: [], inIntentList: true, addedAt: 1700000000003 }],
      intents: [
        {
          id: `${P}6`,
          what: 'a 27-inch monitor',
          budget: { amount: 300, currency: 'EUR' },
          condition: 'new',
          reveal: ['email'],
          expiresAt: 1800000000000,
          status: 'active',
          deliveries: [{ brandId: `${P}5`, status: 'sent', attempts: 1, updatedAt: 1700000000004 }],
          createdAt: 1700000000004,
        },
      ],
      offers: [
        {
          id: `${P}7`,
          intentId: `${P}6`,
          brandId: `${P}5`,
          title: 'Monitor 27"',
          price: { amount: 279, currency: 'EUR' },
          receivedAt: 1700000000005,
          read: false,
          dismissed: false,
        },
      ],
      requests: [
        {
          id: `${P}8`,
          site: SITE_V1,
          exercise: 'deletion',
          channel: 'email',
          law: 'gdpr',
          status: 'open',
          identifiers: [{ token: 'email', value: 'ada@fixture.example' }],
          createdAt: 1700000000006,
          deadline: 1702592000006,
          history: [],
        },
      ],
      sites: [{ id: `${P}9`, site: SITE_V1, defaultPersonaId: `${P}1`, approvedFrameOrigins: [], updatedAt: 1700000000007 }],
    },
    rows: {
      meta: [
        {
          id: 'header',
          format: 1,
          kdf: { alg: 'argon2id', m: 64, t: 1, p: 1, salt: 'b64:aHpCCHmrJgc/pj+t00SQ+A==' },
          wrapped: {
            passphrase: {
              n: 'b64:L9BToapJ0KGFwhDZi+7hYrJFsuqNsgqx',
              c: 'b64:GxfyE74vEKRzgZqP3n1oRWK0jKaiNOV9apN5cBkozc9M9aVTVEA5rH6m4uR7+mgO',
            },
            recovery: {
              salt: 'b64:3vYJFfDMyV93pdvl2Yfz3w==',
              n: 'b64:wB+g4bsV6qbtvEe8piqZWWQA8isjLWSg',
              c: 'b64:23LCrzRPEKwteGMIPt80SAs0zJM2mANjLnxnTjz8PSla1nMu6Q7gQv9SKbzxhtG8',
            },
          },
          keyCheck: { n: 'b64:864R8IjGbHjXB2bPXXZgR212sIINStW3', c: 'b64:WIsO6AhGAD9Wh/Y5Cdws/iMV10BU2VMwNOVH6BdeMrfl' },
          createdAt: 1795510249342,
        },
        { id: 'settings', autoLockMinutes: 30 },
      ],
      personas: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d01',
          v: 1,
          n: 'b64:CtJ59vdtvNkKbQ0JwSCr9w2WcHv6QiOv',
          c: 'b64:j+YjhLXNa6NWsc5pF2krfQejKbXf2WCEAmJV3lUjwCyW9gC7BmitB+9QnZz45+iJuuh8jrqw6WTWsk4CIPelrrraQmh0Aw+vq97an/IoCqY3AnK1zJ08WI/ffD/vDOp6aMBFnotC/7rJdDc/oGP6MWCjQHs4QNsxL8zQQE3pGctATCzqeV3OKykyzXhiAPmjSb4bNWM0HNTk6QtbFBAuUXOYTMR84OeAHMdZrNMr83WA+Zer6L/w1iMrrRDH7t/tFOzxhxRBQt2e1rtAXJYcuylgNQrAnDe96wyDx8VrXZXSCYa7nN7nrztLIqtH6VTUdQzfKp+1Ms16u+LMRr+naBIr4uk2t6wF39WAbKQ5U4nMO6A95umBFpUCv2bi7k2XZngx0cMRrKrDWM4yiHStb58PnaRDXf55Tw==',
        },
      ],
      terms: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d03',
          v: 1,
          n: 'b64:cWuNlOMG1AsyyjQbEQTsJNH8R4VuItl2',
          c: 'b64:FnJt2dnZQoMMYmp/DoHQdVqYftNXNLsRsJ/n9aD8+HnXcK+ku1MZNCDeAz4qUPkG8yu0R6B8Fha737V7rTr6BTECVuTqiWDTwT0fWon/7qkKZ7ZU16nYFGkGn1KZMSgGnmUD/57t375yXyjgUDiae+dLU7c9yEV/ElX3W3scXctS0bjFoRnhi/McAOhuIDNqpO0dnJzY/ywD9BnTX3MuvuxFU2kAqvK6zu6Vp4Q8IJWDO+PLplYpEWf6Z3sJgEorqb7ov6XU174tuCdHdxW6fILQKCYYyThtwVUmszItEUUhFoLJuHX43v0HR/i6DKOFGgIq249EGSXimVlD7xI6gctat7DAKWeIVyTB8SkE45EtfjoI5FYWbs8ZsCx0+JXEJmAKjuvnDwodPRSWJlRCPD6mgV9hwXEggtSijHXIxcdsihtgI2zw87364sAND1NRY8cB',
        },
      ],
      shares: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d04',
          v: 1,
          n: 'b64:VkUJqExeXJh1u5WJO1gvyMrhqXYZuR1b',
          c: 'b64:ocHpXNoUqiLuvk7C+UkdxijuyG9oc0M+dJ8N5Gy5dFUkyMlgvupIvxaJugjtsXutTywSsWJ9l7rRo/JeIbOUa778M95SLBoBPCju43TG89SlBbI1R7V6swFgKJtM+zJW2XHcNpTH2B6LFOpmMOpVWT/rRg2jAqYKvCptmH+88yeQTDBJ/f9zIcVog5t6YBQiRbcHyJLN0fTCfEWHf3OURn8Yx8smftSrOIUK6vbGlB8GKPap3J60+7e0uVWZh7KfhESZmhloAzaLC24AiIU4MnsvCXz1OYO1nNRhFTLNEciXS0WHb4DsybK6UEW/3u1EEgDRxXPohV88T419GSw6QN0HUOBM61b8gAU/tq55IZ5TSJDEIvau5n/LDxgmSmhgWEaHlqhS',
          bi: '0850e30c4fd3ffcef41db28ba23bade6',
        },
      ],
      brands: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d05',
          v: 1,
          n: 'b64:FcacJ+MeZI4Lfdyj2XE1wLZXVx+hSSgH',
          c: 'b64:IfrhlFZoj0ezoPpNqGqiu/0IXmWO0NL+05TaraudLiacP9X5r46/mIMSw/amTFTWoHkb6J5su7S1hbowYCoUhFJUo8HZ9HnRzT5NBo5a3CpSKtGaoi43e8lFm6zZgiKJTCfHYIVwaT1Vl9A5iKMwHTMOwtjG/j9UCU4TNVsnzxezkUZldPYlbdHqgB07/9sPhjE40791BuMAFIPMQL5bLL8t01AtWeVOJHgp5F85RAEY45R9yIfe7t1V',
          bi: '0850e30c4fd3ffcef41db28ba23bade6',
        },
      ],
      intents: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d06',
          v: 1,
          n: 'b64:w1k5M2vda87iCbtDVaeLMUhDaHyQAqs2',
          c: 'b64:EbZecIezpPOyQKTV31aRqilwF2/WtFEvsYCigGLPuxQHn7ovQQuNWs6Mr5jP144TMeFP4f4Z/VvD9DWFs3Qj3D/Fwkg3Po7Sxd40GKLgBQtYgQEPiDyNQr2Mtw7cBq6HBd5ysLYSjQW9aBOQKI7oyhQgEDnMZHe0WwHp6o/yzvXYlJ5m948KH0WL3wmNw2p/GDU6N7orARRBJUFV4MVWSrv8iEORKxyb2bt9Oj4SEPgVzeTRByOcpWvdQ/VUbUXfULYUXt2ec8BDum8ACMv63Q0N5Bsfl6mhfKqAx35C5mJuW1GusWUSv5+WRjo7lWNsc683+T2/ZAcFH6ioW9GVhWqa7Yn+7ilLRYl4hwLA/VgZJ4zLEdQ8PutuDUNemzpfn+YdKwFTTdwLGDpfRyN9pIvxWQiTdWRNEC1ZfYWHjlBcoIky+K5g+SmvNMsWasi6+tYR7UXisxvlR5JF9FhKWsRHDOEX',
        },
      ],
      offers: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d07',
          v: 1,
          n: 'b64:8j7oAaPTCdxdWFRESAbhOIcLPJCUyede',
          c: 'b64:dI0SzyKi+97NPZYcYidyUSqtb1CA/2Pj3FtIe/pOaY/UOVFf03dUbghXpfHe4hS82EL+RXov80baW0EYz6x9jMzbtcf/BQUmeGQbOWI7milSoXfmeFX22wsga3wi7zhCY/X01ngviDXI9G0eqOLvijk1pHbPaa4tN1pjR7mYGzEWH2bhlzOi4IXCVBx25MGIkwmFLZg73vA8Jp2FpRvX8n7mNKlyeXXFtaljPPzyo0JzseKcw1vxEmagvVOXASSxFzQUOVmCJbdUYx4APTyebB79ItxDG13asZXl9FsjD3KH+hzmq45sH3l3xmHhC1voHhHn3h749pBVs/mNkAd6RO3v6ZJEMvYdRs6VgwboHEf03qdrRial7SI=',
        },
      ],
      requests: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d08',
          v: 1,
          n: 'b64:Bfca9bc/wIZjrdp4AP9z+132Uzlpjzbg',
          c: 'b64:I6k/1ux4A7MTVb1iCtqitcjVX5xwMidpttTI8ucuS/Xqbk6d5lroam5fYLAdCmMw/iuWHxfeBx+LFP9KnoejLdwovvtUHUEKVwoJ/ygAp2qIcg7VuXD1bThc0YdLApT0Knc2T+r56WTSfFKzTIPCSJvnCTmtF4x4RdhDfTDdHIUVnuuwWyz6uybV3aQfVur83MdW0twtOT+veIpM02pN4jMAPoje31ohXlgdkkKDbN2QQXOT4ewoRThhEsfZiMQxGMB0/C6OdEpurUizp3EfPfBmI60Z/HIjG3pio5FBHHFCGz+hIaTckO17T6+ZPPPNgvTfIFhn3cpW0XgEWpYJVGp7ka5MMfKnNUwzZtFUbq4hWixxb1ysYoippt0BoKOliKHj/2v0e94=',
          bi: '0850e30c4fd3ffcef41db28ba23bade6',
        },
      ],
      sites: [
        {
          id: '0b6f7c0e-5c1a-4d0e-9a51-6f1f3c2a9d09',
          v: 1,
          n: 'b64:3A8cd7hhGpafzq9NUgJLMQH0TSWsPYp4',
          c: 'b64:95z41KkIa3FaZmNiVQrLVORyuQyirkyNFxq6cBPKGWjVGcJZlcB9/cj+RNlW3RvGmry+9tgvOo8sJRT2ikGbEWTc/4rlHNYDDHQ4dR5F6uYn33ZqaNpsRLSWmAspvsCWLGbgNBrqNwKRKkhgeP/Q4YWTyIaSOoSvIvn0V1u0wH9EnrmAH1nvSWr6JttBmrOvMU8KOrXFR/bsMzZ2pbU56et00y3N8T/xN4oUmmxiT72pFypPM07TE7gi1rMAGNseZv0TE0IIQZydxifBoHc+D7Y=',
          bi: '0850e30c4fd3ffcef41db28ba23bade6',
        },
      ],
    },
  },
};

const decode = (x: unknown): unknown =>
  typeof x === 'string' && x.startsWith('b64:')
    ? fromB64(x.slice(4))
    : Array.isArray(x)
      ? x.map(decode)
      : x && typeof x === 'object'
        ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decode(v)]))
        : x;

let seq = 0;

/** Writes a seed with the Dexie schema of its own version (and those before it), as that build did. */
async function seedDatabase(version: number, seed: Seed): Promise<string> {
  const name = `migrations-v${version}-${++seq}`;
  const old = new Dexie(name);
  for (const r of RELEASED.filter((r) => r.version <= version)) old.version(r.version).stores(r.stores);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const [table, rows] of Object.entries(seed.rows)) await old.table(table).bulkPut(rows.map(decode));
  });
  expect(old.verno).toBe(version);
  old.close();
  return name;
}

describe('database history', () => {
  it('released versions are frozen: DB_VERSIONS starts with exactly the RELEASED snapshots', () => {
    expect(DB_VERSIONS.length).toBeGreaterThanOrEqual(RELEASED.length);
    RELEASED.forEach((r, i) => {
      expect(DB_VERSIONS[i]!.version).toBe(r.version);
      expect(DB_VERSIONS[i]!.stores).toEqual(r.stores);
    });
    const versions = DB_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    // A version in DB_VERSIONS but not in RELEASED is unreleased work: snapshot it when it ships.
    expect(DB_VERSIONS.length, 'add the new version to RELEASED and SEEDS').toBe(RELEASED.length);
  });

  it('every released version has a seed', () => {
    for (const r of RELEASED) expect(SEEDS[r.version], `SEEDS[${r.version}]`).toBeDefined();
  });

  it('the current schema has a table per record kind, with a blind index exactly where records are looked up by site', () => {
    const merged: Record<string, string | null> = {};
    for (const v of DB_VERSIONS) Object.assign(merged, v.stores);
    const live = Object.entries(merged).filter(([, s]) => s !== null);
    expect(live.map(([t]) => t).sort()).toEqual(['meta', ...RECORD_TABLES].sort());
    for (const t of RECORD_TABLES) {
      const indexes = merged[t]!.split(',').map((s) => s.trim());
      expect(indexes[0], t).toBe('id');
      expect(indexes.includes('bi'), t).toBe(Boolean(SITE_INDEXED[t]));
      expect(indexes.length, `${t}: only id and bi may be in the clear`).toBeLessThanOrEqual(2);
    }
  });
});

describe.each(Object.entries(SEEDS).map(([v, seed]) => [Number(v), seed] as const))('a vault written by version %i', (version, seed) => {
  it("opens with today's code: same records, settings, blind index, passphrase and recovery code", async () => {
    const name = await seedDatabase(version, seed);
    const vault = new Vault({ name, kdf: seed.kdf, kdfFloor: seed.kdf });
    expect(await vault.init()).toBe('locked');
    expect(vault.db.verno).toBe(DB_VERSIONS.at(-1)!.version);
    expect(await vault.getSettings()).toEqual(seed.settings);

    await vault.unlock(seed.passphrase);
    for (const t of RECORD_TABLES) {
      const expected = (seed.records[t] ?? []).map((r) => RECORD_SCHEMAS[t].parse(r));
      const { records, failures } = await vault.list(t);
      expect(failures, t).toEqual([]);
      expect(
        records.sort((a, b) => a.id.localeCompare(b.id)),
        t,
      ).toEqual(expected);
    }
    expect((await vault.bySite('shares', seed.site)).records).toHaveLength(seed.records.shares?.length ?? 0);
    expect((await vault.bySite('brands', `${seed.site}/`)).records).toHaveLength(seed.records.brands?.length ?? 0);

    // today's code writes into the old data, and an old record can be updated in place
    const persona = RECORD_SCHEMAS.personas.parse(seed.records.personas![0]);
    await vault.put('personas', { ...persona, nickname: 'migrated' });
    expect((await vault.get('personas', persona.id))?.nickname).toBe('migrated');

    // rows from before revisions count as revision 0; the first unlock built the rollback manifest
    // from them, so the old copy of the persona, put back over the rewritten one, is reported
    const meta = await vault.db.meta.get('manifest');
    expect(meta).toBeDefined();
    expect((await vault.db.rows('personas').get(persona.id))?.r).toBeGreaterThan(0);
    const oldRow = seed.rows.personas!.map(decode)[0] as Record<string, unknown>;
    expect(oldRow.r).toBeUndefined();
    await vault.db.rows('personas').put(oldRow as never);
    expect((await vault.list('personas')).failures).toEqual([{ table: 'personas', id: persona.id, reason: 'errRecordRollback' }]);
    await vault.acceptRollback();
    await vault.put('personas', { ...persona, nickname: 'migrated' });

    // the recovery code of that version still works
    vault.lock();
    const recovered = new Vault({ name, kdf: seed.kdf, kdfFloor: seed.kdf });
    await recovered.init();
    await recovered.unlockWithRecovery(seed.recoveryCode, 'umbrella fjord quasar mitten');
    expect((await recovered.list('offers')).records).toHaveLength(seed.records.offers?.length ?? 0);
  });
});
