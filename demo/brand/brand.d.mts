// Types for demo/brand/brand.mjs, so TypeScript tests can import it under `strict` without allowJs.
import type { Routes } from '../server.mjs';

export type Exercise = 'deletion' | 'access' | 'sale:opt-out';
export type Regime = 'gdpr' | 'ccpa';
export type Status = 'open' | 'in_progress' | 'fulfilled' | 'denied' | 'expired' | 'revoked';
export type Reason =
  | 'need_user_verification'
  | 'suspected_fraud'
  | 'insufficient_verification'
  | 'no_match'
  | 'claim_not_covered'
  | 'outside_jurisdiction'
  | 'too_many_requests'
  | 'other';

export interface Identity {
  name?: string;
  email?: string;
  phone_number?: string;
  address?: Record<string, string>;
  other?: Record<string, string>;
}

export interface StoredRequest {
  request_id: string;
  /** The requester's pairwise public key, base64url. */
  key: string;
  agent_request_id?: string;
  exercise: Exercise;
  regime: Regime;
  identity: Identity;
  terms?: { uri: string; sha256: string };
  /** The MyTerms agreement the requester cited. */
  agreement?: { id: string; sha256: string; record_id: string };
  received_at: string;
  expected_by: string;
  status: Status;
  reason?: Reason;
  processing_details?: string;
  updated_at: string;
  /** Signed status polls so far (they drive the progression). */
  polls: number;
}

export interface BrandOptions {
  name: string;
  /** Where requests.jsonl, nonces.jsonl and brand-key.json live; created if missing. */
  dataDir: string;
  /** The public origin; by default http://<Host header> (fine on loopback, set it behind a proxy). */
  origin?: string | (() => string);
  /** Prefix of the endpoints; the data-rights endpoint is `${basePath}/data-rights`. Default /vrm. */
  basePath?: string;
  exercises?: Exercise[];
  regimes?: Regime[];
  acceptedTerms?: string[];
  contactEmail?: string;
  /** Each signed status poll moves a request one step (open -> in_progress -> fulfilled). Default true. */
  autoAdvance?: boolean;
  /** Polls per step when autoAdvance is on. Default 1. */
  pollsPerStep?: number;
  /** When given, identities it rejects end `denied` with reason `no_match` instead of `fulfilled`. */
  knownIdentity?: (identity: Identity) => boolean;
  /** Clock in milliseconds (signature window, timestamps). */
  now?: () => number;
  /** Sign answers and publish the key in vrm.json. Default true. */
  signResponses?: boolean;
  /** false: a brand without a data-rights endpoint (vrm.json has only name, terms, contact), for the email fallback. Default true. */
  dataRights?: boolean;
  /** false: no intent endpoint in vrm.json. Default true (`${basePath}/intents`). */
  intents?: boolean;
  /** What the brand offers in answer to intents (demo/brand/intents.mjs DEFAULT_CATALOGUE by default). */
  catalogue?: CatalogueItem[];
  /** gpc.json lastUpdate. */
  gpcLastUpdate?: string;
  /** MyTerms agreements (demo/brand/myterms.mjs); false: no myterms.json, no agreement endpoint. Default {}. */
  myterms?: MyTermsOptions | false;
  /** Called for every verified request (after the signature and nonce checks). */
  onRequest?: (r: { method: string; path: string; key: string; body: unknown }) => void;
}

export interface CatalogueItem {
  id: string;
  name: string;
  /** Lowercase words an intent's name or category must share to match. */
  words: string[];
  price: number;
  currency: string;
}

/** An intent as the brand holds it: exactly the JSON body received, and the key that signed it. */
export interface StoredIntent {
  intent_id: string;
  key: string;
  document: Record<string, unknown> & { revealed?: Record<string, string> };
  received_at: string;
  status: 'received' | 'withdrawn';
  withdrawn_at?: string;
  withdrawn_by?: string;
  /** POSTs of this intent (retries with the same identifier count again). */
  deliveries: number;
}

export interface IntentEvent {
  v: 1;
  type: 'received' | 'redelivered' | 'withdrawn';
  at: string;
  intent_id: string;
  /** The pairwise key that signed the request. */
  key: string;
  document?: Record<string, unknown>;
}

export interface BrandHandle {
  name: string;
  /** The brand's response-signing key, base64url (as in vrm.json `keys`); a new one after rotateKey(). */
  readonly publicKey: string;
  /**
   * Rotates the response key (docs/protocol.md 3.6): a new key signs answers from now on, and vrm.json
   * lists it with a `keyRotation` statement signed by the previous key. `keepPrevious` lists the
   * previous key in `keys` too. Kept across restarts.
   */
  rotateKey(options?: { keepPrevious?: boolean }): { previous: string; publicKey: string };
  /** e.g. /vrm/data-rights */
  endpointPath: string;
  requests(): StoredRequest[];
  get(requestId: string): StoredRequest | undefined;
  advance(requestId: string, status: Status, details?: { reason?: Reason; processing_details?: string }): StoredRequest;
  /** e.g. /vrm/intents (undefined with intents: false) */
  intentEndpointPath?: string;
  intents(): StoredIntent[];
  intentEvents(): IntentEvent[];
  /** e.g. /vrm/agreements (undefined with myterms: false) */
  agreementEndpointPath?: string;
  /** Every MyTerms agreement record the brand answered with, as it keeps them. */
  agreements(): AgreementRecordJson[];
  /** Every revocation of an agreement the brand received (docs/protocol.md 11.7), as it keeps them. */
  revocations(): { revocation: AgreementRevocationJson; received_at: string }[];
  close(): void;
}

export const EXERCISES: Exercise[];
export const REGIMES: Regime[];
export const STATUSES: Status[];
export const FINAL: ReadonlySet<Status>;
export const REASONS: Reason[];
export function createBrandRoutes(options: BrandOptions): { routes: Routes; brand: BrandHandle };

/** How the reference brand answers MyTerms proffers. */
export interface MyTermsOptions {
  /** Roster ids it accepts (and lists in myterms.json). Default ['SD-BASE', 'PDC-INTENT']. */
  accepts?: string[];
  /** For any other agreement: counter with accepts[0], decline, or accept anyway. Default 'counter'. */
  onOther?: 'counter' | 'decline' | 'accept';
  /** Overrides the policy: the decision for a proffered roster id. */
  policy?: (agreementId: string) => { decision: 'accept' | 'decline' } | { decision: 'counter'; counter: string };
  /** false: no /.well-known/myterms.json. */
  wellKnown?: boolean;
  /** false: no agreement endpoint (lists agreements only). */
  endpoint?: boolean;
  /** Also declare the agreements as `terms` in vrm.json. */
  inVrm?: boolean;
  effectiveDate?: string;
  tosUrl?: string;
  /** Another roster than src/shared/myterms-roster.json. */
  roster?: unknown;
}

/** A MyTerms agreement record as both parties keep it (docs/protocol.md section 11). */
export interface AgreementRecordJson {
  format: 'myterms-agreement';
  version: 1;
  id: string;
  agreement: { id: string; url: string; sha256: string };
  first_party: { key: string };
  second_party: { origin: string; key: string };
  jurisdiction: string;
  proffered_at: string;
  decided_at: string;
  decision: 'accept' | 'counter' | 'decline';
  counter?: { id: string; url: string; sha256: string };
  signatures: { first_party: string; second_party: string };
}

/** A person's revocation of an accepted agreement (docs/protocol.md 11.7). */
export interface AgreementRevocationJson {
  format: 'myterms-revocation';
  version: 1;
  id: string;
  agreement: { id: string; url: string; sha256: string };
  first_party: { key: string };
  second_party: { origin: string };
  record_signature: string;
  revoked_at: string;
  signature: string;
}
