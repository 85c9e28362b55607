// The reference brand's side of MyTerms (IEEE 7012; docs/protocol.md section 11): it publishes the
// roster agreements it accepts at /.well-known/myterms.json (and, with `inVrm`, as `terms` in
// vrm.json), and answers proffers at `${basePath}/agreements` by a configurable policy: accept an
// agreement it accepts; for any other, counter with one it accepts or decline. Every record it
// answers with is kept, exactly as answered, in agreements.jsonl (append-only, fsynced before the
// answer goes out, replayed at start), so the brand holds the same record as the person. The
// proffer's schema, its signature check and the string the site signs are the extension's own
// (./extension.mjs); `npm run verify:agreement` checks the records with another implementation. A
// person's revocation of an accepted agreement (section 11.7) goes to the same endpoint; it is checked
// against the record held (the extension's own check too) and kept the same way, beside it.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  AgreementProffer,
  AgreementRevocation,
  canonicalDecision,
  profferSignatureValid,
  ROSTER,
  revocationProblem,
} from './extension.mjs';

/** Keeps every decided record, one JSON line each; a torn last line (crash mid-write) is cut off at start. */
export class AgreementStore {
  #records = new Map();
  /** Revocations by record id, each with when it was received: { revocation, received_at }. */
  #revocations = new Map();
  #fd;
  constructor(dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = join(dataDir, 'agreements.jsonl');
    if (existsSync(this.file)) {
      const all = readFileSync(this.file, 'utf8');
      const lines = all.split('\n');
      const tail = lines.pop() ?? '';
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        let e;
        try {
          e = JSON.parse(line);
        } catch {
          throw new Error(`${this.file}:${i + 1}: not JSON; refusing to start on a damaged log`);
        }
        if (e?.v === 1 && e.revocation?.id && typeof e.received_at === 'string')
          this.#revocations.set(e.revocation.id, { revocation: e.revocation, received_at: e.received_at });
        else if (e?.v === 1 && e.record?.id) this.#records.set(e.record.id, e.record);
        else throw new Error(`${this.file}:${i + 1}: not an agreement event`);
      });
      if (tail !== '') truncateSync(this.file, Buffer.byteLength(all) - Buffer.byteLength(tail));
    }
    this.#fd = openSync(this.file, 'a', 0o600);
  }
  #append(event) {
    const buf = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.#fd, buf, off);
    fsyncSync(this.#fd);
  }
  add(record) {
    this.#append({ v: 1, record });
    this.#records.set(record.id, record);
    return structuredClone(record);
  }
  /** Keeps a revocation (fsynced); the first one for a record stands. */
  addRevocation(revocation, receivedAt) {
    const held = this.#revocations.get(revocation.id);
    if (held) return structuredClone(held);
    const entry = { revocation, received_at: receivedAt };
    this.#append({ v: 1, ...entry });
    this.#revocations.set(revocation.id, entry);
    return structuredClone(entry);
  }
  revocations() {
    return [...this.#revocations.values()].map((r) => structuredClone(r));
  }
  get(id) {
    const r = this.#records.get(id);
    return r ? structuredClone(r) : undefined;
  }
  all() {
    return [...this.#records.values()].map((r) => structuredClone(r));
  }
  close() {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/**
 * The site's record for a proffer: `decision` ('accept', 'counter' with `counter` a roster entry,
 * 'decline'), decided now, signed by `siteKey` (loadBrandKey's shape: { publicKey, sign }).
 */
function decide({ proffer, decision, counter, siteKey, nowMs = Date.now() }) {
  const record = {
    format: 'myterms-agreement',
    version: 1,
    id: proffer.id,
    agreement: proffer.agreement,
    first_party: { key: proffer.first_party.key },
    second_party: { origin: proffer.second_party.origin, key: siteKey.publicKey },
    jurisdiction: proffer.jurisdiction,
    proffered_at: proffer.proffered_at,
    decided_at: new Date(Math.max(nowMs, Date.parse(proffer.proffered_at))).toISOString(),
    decision,
    ...(decision === 'counter' ? { counter: { id: counter.id, url: counter.url, sha256: counter.sha256 } } : {}),
    signatures: { first_party: proffer.signature, second_party: '' },
  };
  record.signatures.second_party = siteKey.sign(canonicalDecision(record));
  return record;
}

/**
 * The default policy: accept what the brand accepts; otherwise `onOther` ('counter' with the first
 * accepted agreement, 'decline', or 'accept' anything in the roster).
 */
export function defaultPolicy({ accepts, onOther }) {
  return (agreementId) => {
    if (accepts.includes(agreementId) || onOther === 'accept') return { decision: 'accept' };
    if (onOther === 'counter' && accepts.length > 0) return { decision: 'counter', counter: accepts[0] };
    return { decision: 'decline' };
  };
}

/**
 * @param {{ dataDir: string, basePath: string, now: () => number, originOf: (req: unknown) => string,
 *   siteKey: () => { publicKey: string, sign(m: string): string }, signed: Function, answer: Function,
 *   fail: Function, preflight: Function, sendJson: Function, cors: Record<string, string>,
 *   options: import('./brand.d.mts').MyTermsOptions }} deps
 */
export function createMyTermsRoutes(deps) {
  const { dataDir, basePath, now, originOf, siteKey, signed, answer, fail, preflight, sendJson, cors, options } = deps;
  const roster = options.roster ?? ROSTER;
  const accepts = options.accepts ?? ['SD-BASE', 'PDC-INTENT'];
  const policy = options.policy ?? defaultPolicy({ accepts, onOther: options.onOther ?? 'counter' });
  const endpointPath = `${basePath}/agreements`;
  const store = new AgreementStore(dataDir);
  const byId = (id) => roster.agreements.find((a) => a.id === id);

  /** What the brand declares: the accepted agreements with their text URLs, and the endpoint. */
  const declaration = (origin) => ({
    agreements: accepts.filter(byId).map((id) => ({ id, url: byId(id).url })),
    ...(options.endpoint === false ? {} : { endpoint: `${origin}${endpointPath}` }),
  });

  const wellKnown = (req, res) => {
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    sendJson(res, 200, {
      effective_date: options.effectiveDate ?? '2026-01-01',
      ...declaration(originOf(req)),
      ...(options.tosUrl ? { tos_url: options.tosUrl } : {}),
    });
  };

  /** A revocation: the person's, for an agreement this brand accepted with them; kept, then confirmed. */
  const revoke = (ctx, res) => {
    const parsed = AgreementRevocation.safeParse(ctx.json);
    if (!parsed.success) return fail(res, 'bad_request');
    const v = parsed.data;
    if (v.first_party.key !== ctx.key || v.second_party.origin !== ctx.origin) return fail(res, 'bad_request');
    const held = store.get(v.id);
    if (!held || held.first_party.key !== ctx.key) return fail(res, 'not_found');
    const problem = revocationProblem(v, held);
    if (problem) return fail(res, problem === 'signature' ? 'signature_invalid' : 'bad_request');
    const kept = store.addRevocation(v, new Date(now()).toISOString());
    answer(res, ctx, 200, {
      format: 'myterms-revocation-receipt',
      version: 1,
      id: kept.revocation.id,
      signature: kept.revocation.signature,
      received_at: kept.received_at,
    });
  };

  const proffer = signed((ctx, res) => {
    if (ctx.json?.format === 'myterms-revocation') return revoke(ctx, res);
    const parsed = AgreementProffer.safeParse(ctx.json);
    if (!parsed.success) return fail(res, 'bad_request');
    const p = parsed.data;
    // The proffer is the person's: signed by the same pairwise key as the request, for this origin.
    if (p.first_party.key !== ctx.key || p.second_party.origin !== ctx.origin) return fail(res, 'bad_request');
    if (!profferSignatureValid(p)) return fail(res, 'signature_invalid');
    const held = store.get(p.id);
    if (held) {
      // A retry after a lost answer: the same record again, never a second decision.
      if (held.first_party.key !== ctx.key || held.signatures.first_party !== p.signature) return fail(res, 'bad_request');
      return answer(res, ctx, 200, held);
    }
    const a = byId(p.agreement.id);
    if (!a || a.sha256 !== p.agreement.sha256 || a.url !== p.agreement.url) return fail(res, 'unknown_agreement');
    const chosen = policy(a.id);
    const counter = chosen.decision === 'counter' ? byId(chosen.counter) : undefined;
    const decision = chosen.decision === 'counter' && (!counter || counter.id === a.id) ? 'decline' : chosen.decision;
    const record = store.add(decide({ proffer: p, decision, counter, siteKey: siteKey(), nowMs: now() }));
    answer(res, ctx, 200, record);
  });

  const routes = [
    ...(options.wellKnown === false ? [] : [['GET /.well-known/myterms.json', wellKnown]]),
    ...(options.endpoint === false
      ? []
      : [
          [`POST ${endpointPath}`, proffer],
          [`OPTIONS ${endpointPath}`, preflight],
        ]),
  ];
  return {
    routes,
    declaration,
    handle: {
      agreementEndpointPath: endpointPath,
      agreements: () => store.all(),
      revocations: () => store.revocations(),
      close: () => store.close(),
    },
  };
}
