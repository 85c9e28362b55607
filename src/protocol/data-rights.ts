/**
 * Data-rights requests against a brand's declared endpoint (docs/protocol.md, "Data rights"):
 * exercise, status, revoke, each signed with the person's pairwise key for that brand. The brand
 * knows the person only by that key and by the identifiers the person chose to send.
 *
 * Each call returns the brand's DRP status object, checked against the schema and against the request
 * it answers; failures are ProtocolErrors (client.ts). Retrying an exercise with the same
 * `agent_request_id` is safe: the brand answers with the request it already holds.
 */

import { type BrandTarget, type ClientOptions, type DiscoveredBrand, signedExchange } from './client';
import { ProtocolError } from './errors';
import { type Exercise, ExerciseRequest, type Identity, type Regime, StatusDocument, type TermsRef } from './schemas';
import { type BrandKeys, newNonce } from './sign';

/** A brand's data-rights endpoint, with what is needed to sign for it and check its answers. */
export interface DataRightsTarget extends BrandTarget {
  /** Absolute URL without a trailing slash; the operations are {endpoint}/exercise, /status, /revoke. */
  endpoint: string;
}

/**
 * The data-rights target of a discovered brand. Throws errBrandNoEndpoint when the brand declares no
 * endpoint or does not take this exercise or regime: the caller then falls back to email (email.ts).
 */
export function dataRightsTarget(brand: DiscoveredBrand, exercise?: Exercise, regime?: Regime): DataRightsTarget {
  const dr = brand.dataRights;
  if (!dr) throw new ProtocolError('errBrandNoEndpoint');
  if (exercise && !dr.exercises.includes(exercise)) throw new ProtocolError('errBrandNoEndpoint', { detail: 'exercise' });
  if (regime && !dr.regimes.includes(regime)) throw new ProtocolError('errBrandNoEndpoint', { detail: 'regime' });
  return { origin: brand.origin, endpoint: dr.endpoint, brandKeys: brand.brandKeys };
}

/** A random id for the client's side of a request (sent as agent_request_id). */
export const newAgentRequestId = (): string => newNonce();

function statusOf(raw: unknown, expect: { requestId?: string; agentRequestId?: string }): StatusDocument {
  const parsed = StatusDocument.safeParse(raw);
  if (!parsed.success) throw new ProtocolError('errBrandGarbage', { detail: 'schema' });
  const s = parsed.data;
  if (expect.requestId !== undefined && s.request_id !== expect.requestId)
    throw new ProtocolError('errBrandGarbage', { detail: 'request_id' });
  if (expect.agentRequestId !== undefined && s.agent_request_id !== undefined && s.agent_request_id !== expect.agentRequestId) {
    throw new ProtocolError('errBrandGarbage', { detail: 'agent_request_id' });
  }
  if (s.status === 'denied' && s.reason === undefined) throw new ProtocolError('errBrandGarbage', { detail: 'reason' });
  return s;
}

export interface ExerciseInput extends ClientOptions {
  target: DataRightsTarget;
  keys: BrandKeys;
  request: {
    exercise: Exercise;
    regime: Regime;
    identity: Identity;
    terms?: TermsRef;
    /** The MyTerms agreement in force with the brand (docs/protocol.md 11.5). */
    agreement?: { id: string; sha256: string; record_id: string };
    /** Strongly recommended: makes retries safe. See newAgentRequestId(). */
    agentRequestId?: string;
  };
}

/**
 * POST {endpoint}/exercise. Resolves with the new (or, on a retry, the existing) request's status.
 * The request itself is checked first (a ZodError means the caller built it wrong; build the identity
 * with identityFromFields, which always yields a valid one).
 * @example const st = await sendDataRightsRequest({ target, keys, request: { exercise: 'deletion',
 *   regime: 'gdpr', identity: { email: 'ada@example.org' }, agentRequestId: newAgentRequestId() } });
 */
export async function sendDataRightsRequest(input: ExerciseInput): Promise<StatusDocument> {
  const { target, keys, request, ...opts } = input;
  const body = ExerciseRequest.parse({
    exercise: request.exercise,
    regime: request.regime,
    identity: request.identity,
    ...(request.terms ? { terms: request.terms } : {}),
    ...(request.agreement ? { agreement: request.agreement } : {}),
    ...(request.agentRequestId ? { agent_request_id: request.agentRequestId } : {}),
  });
  const raw = await signedExchange({ brand: target, keys, method: 'POST', url: `${target.endpoint}/exercise`, json: body }, opts);
  return statusOf(raw, request.agentRequestId ? { agentRequestId: request.agentRequestId } : {});
}

export interface StatusInput extends ClientOptions {
  target: DataRightsTarget;
  keys: BrandKeys;
  requestId: string;
}

/** GET {endpoint}/status?request_id=..., signed with the key that made the request. */
export async function fetchStatus(input: StatusInput): Promise<StatusDocument> {
  const { target, keys, requestId, ...opts } = input;
  const url = `${target.endpoint}/status?request_id=${encodeURIComponent(requestId)}`;
  return statusOf(await signedExchange({ brand: target, keys, method: 'GET', url }, opts), { requestId });
}

export interface RevokeInput extends StatusInput {
  reason?: string;
}

/** POST {endpoint}/revoke. Resolves with the status the brand now reports (`revoked`). */
export async function revokeRequest(input: RevokeInput): Promise<StatusDocument> {
  const { target, keys, requestId, reason, ...opts } = input;
  const json = { request_id: requestId, ...(reason ? { reason } : {}) };
  return statusOf(await signedExchange({ brand: target, keys, method: 'POST', url: `${target.endpoint}/revoke`, json }, opts), {
    requestId,
  });
}
