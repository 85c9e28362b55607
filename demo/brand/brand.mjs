// The reference brand: the brand side of Proffer's protocol (docs/protocol.md), small enough to read
// in one sitting and strict enough to test the extension against. It serves discovery
// (/.well-known/vrm.json, /.well-known/gpc.json) and the data-rights endpoint, verifies every signed
// request, keeps requests in an append-only log under `dataDir`, and moves them forward
// deterministically so tests can drive them: each signed status poll takes a request one step,
// open -> in_progress -> fulfilled (or denied, reason no_match, for identities it does not know).
//
// createBrandRoutes() returns routes for demo/server.mjs's table ("METHOD /path" -> handler), so the
// demo shop and any stand-alone brand (server.mjs here) share one implementation.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createIntentRoutes } from './intents.mjs';
import { createMyTermsRoutes } from './myterms.mjs';
import { RequestStore } from './store.mjs';
import { loadBrandKey, NonceStore, signKeyRotation, signResponse, verifyRequest } from './verify.mjs';

export const EXERCISES = ['deletion', 'access', 'sale:opt-out'];
export const REGIMES = ['gdpr', 'ccpa'];
export const STATUSES = ['open', 'in_progress', 'fulfilled', 'denied', 'expired', 'revoked'];
export const FINAL = new Set(['fulfilled', 'denied', 'expired', 'revoked']);
export const REASONS = [
  'need_user_verification',
  'suspected_fraud',
  'insufficient_verification',
  'no_match',
  'claim_not_covered',
  'outside_jurisdiction',
  'too_many_requests',
  'other',
];
const BODY_LIMIT = 16 * 1024;

// Small I/O helpers of its own (not demo/server.mjs's), so the demo server can import this module
// without an import cycle.
function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The request body, or null when it exceeds `limit` bytes (the rest is drained, not stored). */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------------
// What a brand accepts (the same documents as src/protocol/schemas.ts, which Node 20 cannot import)

const text = (max) => z.string().max(max);
const Exercise = z.preprocess((v) => (v === 'sale:opt_out' ? 'sale:opt-out' : v), z.enum(EXERCISES));
const Identity = z.object({
  name: text(200).optional(),
  email: z.email().max(254).optional(),
  phone_number: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .optional(),
  address: z
    .object({
      formatted: text(400).optional(),
      street_address: text(400).optional(),
      locality: text(200).optional(),
      region: text(200).optional(),
      postal_code: text(20).optional(),
      country: text(60).optional(),
    })
    .optional(),
  other: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/), text(400)).optional(),
});
const ExerciseRequest = z.object({
  exercise: z.string(),
  regime: z.string(),
  identity: Identity,
  terms: z.object({ uri: z.string().max(2000), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  /** The MyTerms agreement in force, cited by the requester (docs/protocol.md 11.5). */
  agreement: z
    .object({ id: z.string().max(64), sha256: z.string().regex(/^[0-9a-f]{64}$/), record_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) })
    .optional(),
  agent_request_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});
const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/);
const RevokeRequest = z.object({ request_id: RequestId, reason: text(500).optional() });

// ---------------------------------------------------------------------------------------------------
// Deadlines (src/protocol/deadline.ts): GDPR one month (clamped), CCPA 45 days, CCPA opt-out 15 business days

function expectedBy(regime, exercise, receivedMs) {
  const d = new Date(receivedMs);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (regime === 'gdpr') {
    const target = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(day.getUTCDate(), last));
    return endOfUtcDay(target);
  }
  if (exercise === 'sale:opt-out') {
    for (let left = 15; left > 0; ) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left--;
    }
    return endOfUtcDay(day);
  }
  day.setUTCDate(day.getUTCDate() + 45);
  return endOfUtcDay(day);
}
const endOfUtcDay = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59)).toISOString();

const DONE_DETAILS = {
  deletion: 'We have deleted the personal data linked to this request.',
  access: 'Your data is ready: we hold only what you gave us in this request.',
  'sale:opt-out': 'We will not sell or share your personal data.',
};

// ---------------------------------------------------------------------------------------------------

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Proffer-Key, Proffer-Signature, Proffer-Timestamp',
};
const PREFLIGHT = {
  ...CORS,
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Proffer-Key, Proffer-Signature, Proffer-Timestamp, Proffer-Nonce',
  'Access-Control-Max-Age': '600',
};

const ERROR_MESSAGES = {
  signature_missing: 'This endpoint takes signed requests only (Proffer-Key, Proffer-Signature, Proffer-Timestamp, Proffer-Nonce).',
  signature_malformed: 'A Proffer-* header is malformed.',
  signature_invalid: 'The signature does not match this request.',
  timestamp_stale: 'Proffer-Timestamp is more than five minutes away from our clock.',
  nonce_replayed: 'This nonce was already used.',
  bad_request: 'The request body does not match the protocol.',
  unsupported_media_type: 'Send application/json.',
  payload_too_large: 'The request body is too large.',
  unsupported_exercise: 'We do not take this exercise here.',
  unsupported_regime: 'We do not take requests under this regime here.',
  not_found: 'No such request.',
  not_revocable: 'This request is final and can no longer be revoked.',
  unknown_agreement: 'We do not know this agreement, or its text hash differs from the roster.',
};
const STATUS_OF = {
  signature_missing: 401,
  signature_malformed: 401,
  signature_invalid: 401,
  timestamp_stale: 401,
  nonce_replayed: 401,
  bad_request: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unsupported_exercise: 400,
  unsupported_regime: 400,
  not_found: 404,
  not_revocable: 409,
  unknown_agreement: 400,
};

/**
 * The brand's routes and a handle on its state.
 * @param {import('./brand.d.mts').BrandOptions} options
 */
export function createBrandRoutes(options) {
  const {
    name,
    dataDir,
    basePath = '/vrm',
    exercises = EXERCISES,
    regimes = REGIMES,
    acceptedTerms = ['https://customercommons.org/p2b1/'],
    contactEmail,
    autoAdvance = true,
    pollsPerStep = 1,
    knownIdentity,
    now = () => Date.now(),
    signResponses = true,
    gpcLastUpdate = '2026-01-01',
    dataRights = true,
    intents = true,
    catalogue,
    onRequest,
    myterms = {},
  } = options;
  if (!name || !dataDir) throw new TypeError('createBrandRoutes: name and dataDir are required');
  const store = new RequestStore(dataDir);
  const nonces = new NonceStore(join(dataDir, 'nonces.jsonl'), now());
  // The response key, and after brand.rotateKey() the previous one with the rotation's timestamp
  // (docs/protocol.md 3.6): brand-key.json, brand-key-previous.json, key-rotation.json.
  const keyFile = join(dataDir, 'brand-key.json');
  const previousKeyFile = join(dataDir, 'brand-key-previous.json');
  const rotationFile = join(dataDir, 'key-rotation.json');
  let brandKey = loadBrandKey(keyFile);
  /** @type {{ previous: import('./verify.mjs').BrandKey, timestamp: number, keepPrevious: boolean } | undefined} */
  let rotation;
  if (existsSync(rotationFile) && existsSync(previousKeyFile)) {
    const r = JSON.parse(readFileSync(rotationFile, 'utf8'));
    rotation = { previous: loadBrandKey(previousKeyFile), timestamp: r.timestamp, keepPrevious: r.keepPrevious === true };
  }
  /** vrm.json `keys`: the current key, and the previous one too while a rotation keeps it. */
  const publishedKeys = () => (rotation?.keepPrevious ? [brandKey.publicKey, rotation.previous.publicKey] : [brandKey.publicKey]);
  const endpointPath = `${basePath}/data-rights`;

  /** The origin this brand is addressed as: configured, or from the Host header (local demos). */
  const originOf = (req) => {
    const o = typeof options.origin === 'function' ? options.origin() : options.origin;
    return (o ?? `http://${req.headers.host ?? 'localhost'}`).toLowerCase().replace(/\/+$/, '');
  };

  const iso = () => new Date(now()).toISOString();

  /** The DRP status object of a stored request: what the requester may see, nothing else. */
  const statusDoc = (r) => ({
    request_id: r.request_id,
    ...(r.agent_request_id ? { agent_request_id: r.agent_request_id } : {}),
    exercise: r.exercise,
    regime: r.regime,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    received_at: r.received_at,
    expected_by: r.expected_by,
    ...(r.processing_details ? { processing_details: r.processing_details } : {}),
  });

  function fail(res, error, extra = {}) {
    const status = STATUS_OF[error] ?? 400;
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    sendJson(res, status, { code: String(status), error, message: ERROR_MESSAGES[error] ?? error, ...extra });
  }

  /** A JSON answer to a verified request, signed so the person holds the brand's word for it. */
  function answer(res, ctx, status, value) {
    const body = JSON.stringify(value);
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    if (signResponses) {
      const headers = signResponse({
        brandKey,
        status,
        origin: ctx.origin,
        method: ctx.method,
        target: ctx.target,
        requestNonce: ctx.nonce,
        body,
        nowMs: now(),
      });
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    }
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** Wraps a handler: body limits, content type, signature, then `handle(ctx)` with the parsed JSON. */
  const signed =
    (handle) =>
    async (req, res, { url }) => {
      const method = req.method ?? 'GET';
      let body = Buffer.alloc(0);
      if (method === 'POST') {
        if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return fail(res, 'unsupported_media_type');
        if (Number(req.headers['content-length']) > BODY_LIMIT) return fail(res, 'payload_too_large');
        const read = await readBody(req, BODY_LIMIT);
        if (read === null) return fail(res, 'payload_too_large');
        body = read;
      }
      const origin = originOf(req);
      const target = req.url ?? '/';
      const v = verifyRequest({ method, origin, target, headers: req.headers, body, nowMs: now(), nonces });
      if (!v.ok) return fail(res, v.error);
      let json;
      if (method === 'POST') {
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          return fail(res, 'bad_request');
        }
      }
      const ctx = { method, origin, target, key: v.key, nonce: v.nonce, json, url };
      onRequest?.({ method, path: url.pathname, key: v.key, body: json });
      return handle(ctx, res);
    };

  /** One step of the deterministic progression, on a status poll. */
  function progress(r) {
    if (!autoAdvance || FINAL.has(r.status)) return r;
    const polled = store.polled(r.request_id, iso());
    if (polled.polls % pollsPerStep !== 0) return polled;
    if (r.status === 'open') {
      return store.setStatus(
        r.request_id,
        { status: 'in_progress', processing_details: 'We have your request and are working on it.' },
        iso(),
      );
    }
    if (knownIdentity && !knownIdentity(r.identity)) {
      return store.setStatus(
        r.request_id,
        { status: 'denied', reason: 'no_match', processing_details: 'We hold no data matching the identifiers you gave.' },
        iso(),
      );
    }
    return store.setStatus(r.request_id, { status: 'fulfilled', processing_details: DONE_DETAILS[r.exercise] }, iso());
  }

  /** The request, if it exists and belongs to this key; others' requests look exactly like missing ones. */
  const own = (requestId, key) => {
    const r = store.get(requestId);
    return r && r.key === key ? r : undefined;
  };

  const vrm = (req, res) => {
    const origin = originOf(req);
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    sendJson(res, 200, {
      version: 1,
      name,
      ...(dataRights ? { dataRights: { endpoint: `${origin}${endpointPath}`, exercises, regimes } } : {}),
      ...(intentRoutes ? { intents: { endpoint: `${origin}${intentRoutes.handle.intentEndpointPath}` } } : {}),
      acceptedTerms,
      ...(signResponses ? { keys: publishedKeys() } : {}),
      // Signed on each request because the origin comes from the Host header; Ed25519 is deterministic.
      ...(signResponses && rotation
        ? { keyRotation: signKeyRotation({ previous: rotation.previous, origin, keys: publishedKeys(), timestamp: rotation.timestamp }) }
        : {}),
      ...(contactEmail ? { contact: { email: contactEmail } } : {}),
      ...(mytermsRoutes && myterms.inVrm ? { terms: mytermsRoutes.declaration(origin) } : {}),
    });
  };

  const gpc = (_req, res) => {
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    sendJson(res, 200, { gpc: true, lastUpdate: gpcLastUpdate });
  };

  const exercise = signed((ctx, res) => {
    const parsed = ExerciseRequest.safeParse(ctx.json);
    if (!parsed.success) return fail(res, 'bad_request');
    const p = parsed.data;
    const ex = Exercise.safeParse(p.exercise);
    if (!ex.success || !exercises.includes(ex.data)) return fail(res, 'unsupported_exercise');
    if (!regimes.includes(p.regime)) return fail(res, 'unsupported_regime');
    if (p.agent_request_id) {
      const existing = store.findByAgentId(ctx.key, p.agent_request_id);
      if (existing) return answer(res, ctx, 200, statusDoc(existing)); // a retry: same request, not a new one
    }
    const receivedMs = now();
    const r = store.create(
      {
        request_id: randomUUID(),
        key: ctx.key,
        ...(p.agent_request_id ? { agent_request_id: p.agent_request_id } : {}),
        exercise: ex.data,
        regime: p.regime,
        identity: p.identity,
        ...(p.terms ? { terms: p.terms } : {}),
        ...(p.agreement ? { agreement: p.agreement } : {}),
        received_at: new Date(receivedMs).toISOString(),
        expected_by: expectedBy(p.regime, ex.data, receivedMs),
        status: 'open',
        updated_at: new Date(receivedMs).toISOString(),
      },
      iso(),
    );
    answer(res, ctx, 200, statusDoc(r));
  });

  const status = signed((ctx, res) => {
    const id = ctx.url.searchParams.get('request_id') ?? '';
    const r = RequestId.safeParse(id).success ? own(id, ctx.key) : undefined;
    if (!r) return fail(res, 'not_found');
    answer(res, ctx, 200, statusDoc(progress(r)));
  });

  const revoke = signed((ctx, res) => {
    const parsed = RevokeRequest.safeParse(ctx.json);
    if (!parsed.success) return fail(res, 'bad_request');
    const r = own(parsed.data.request_id, ctx.key);
    if (!r) return fail(res, 'not_found');
    if (FINAL.has(r.status)) return fail(res, 'not_revocable', { status: r.status });
    const reason = parsed.data.reason?.replace(/[\u0000-\u001f]+/g, ' ').trim();
    const done = store.setStatus(
      r.request_id,
      { status: 'revoked', processing_details: reason ? `Revoked by the requester: ${reason}` : 'Revoked by the requester.' },
      iso(),
    );
    answer(res, ctx, 200, statusDoc(done));
  });

  const preflight = (_req, res) => {
    res.writeHead(204, PREFLIGHT);
    res.end();
  };

  const intentRoutes = intents
    ? createIntentRoutes({
        dataDir,
        endpointPath: `${basePath}/intents`,
        now,
        signed,
        answer,
        fail,
        preflight,
        ...(catalogue ? { catalogue } : {}),
      })
    : undefined;

  // MyTerms (demo/brand/myterms.mjs): on by default; `myterms: false` makes a brand that says nothing.
  const mytermsRoutes =
    myterms === false
      ? undefined
      : createMyTermsRoutes({
          dataDir,
          basePath,
          now,
          originOf,
          siteKey: () => brandKey,
          signed,
          answer,
          fail,
          preflight,
          sendJson,
          cors: CORS,
          options: myterms,
        });

  const routes = new Map([
    ...(intentRoutes ? intentRoutes.routes : []),
    ...(mytermsRoutes ? mytermsRoutes.routes : []),
    ['GET /.well-known/vrm.json', vrm],
    ['GET /.well-known/gpc.json', gpc],
    ...(dataRights
      ? [
          [`POST ${endpointPath}/exercise`, exercise],
          [`GET ${endpointPath}/status`, status],
          [`POST ${endpointPath}/revoke`, revoke],
          ...[`${endpointPath}/exercise`, `${endpointPath}/status`, `${endpointPath}/revoke`].map((p) => [`OPTIONS ${p}`, preflight]),
        ]
      : []),
  ]);

  const brand = {
    name,
    get publicKey() {
      return brandKey.publicKey;
    },
    /**
     * A new response key: the current one becomes the previous one, which signs the rotation
     * statement vrm.json publishes from now on; answers are signed with the new key. Kept across
     * restarts. `keepPrevious` lists the previous key in `keys` too.
     */
    rotateKey({ keepPrevious = false } = {}) {
      const previous = brandKey;
      renameSync(keyFile, previousKeyFile);
      brandKey = loadBrandKey(keyFile);
      const timestamp = Math.max(Math.floor(now() / 1000), (rotation?.timestamp ?? 0) + 1);
      writeFileSync(rotationFile, `${JSON.stringify({ timestamp, previous: previous.publicKey, keepPrevious })}\n`, { mode: 0o600 });
      rotation = { previous, timestamp, keepPrevious };
      return { previous: previous.publicKey, publicKey: brandKey.publicKey };
    },
    endpointPath,
    /** Every stored request, with the key that made it (copies). */
    requests: () => store.all(),
    get: (requestId) => store.get(requestId),
    /** Moves a request by hand (tests, demos): any status, with a DRP reason for `denied`. */
    advance(requestId, status, { reason, processing_details } = {}) {
      if (!STATUSES.includes(status)) throw new TypeError(`unknown status ${status}`);
      if (reason !== undefined && !REASONS.includes(reason)) throw new TypeError(`unknown reason ${reason}`);
      if (status === 'denied' && !reason) throw new TypeError('denied needs a reason');
      if (!store.get(requestId)) throw new RangeError(`no request ${requestId}`);
      return store.setStatus(requestId, { status, reason, processing_details }, iso());
    },
    intentEndpointPath: intentRoutes?.handle.intentEndpointPath,
    intents: () => intentRoutes?.handle.intents() ?? [],
    intentEvents: () => intentRoutes?.handle.intentEvents() ?? [],
    agreementEndpointPath: mytermsRoutes?.handle.agreementEndpointPath,
    /** Every agreement record the brand answered with, as it keeps them (copies). */
    agreements: () => mytermsRoutes?.handle.agreements() ?? [],
    /** Every revocation received, with when: { revocation, received_at } (copies). */
    revocations: () => mytermsRoutes?.handle.revocations() ?? [],
    close: () => {
      store.close();
      intentRoutes?.handle.close();
      mytermsRoutes?.handle.close();
    },
  };
  return { routes, brand };
}
