/**
 * Typed errors of the brand protocol client. Every code is an i18n key: the background hands `code`
 * (and the short `detail`) to the UI, which translates it. Nothing a brand sent is ever put in a code
 * or rendered as HTML; `brandMessage` is the brand's own prose, cut short, for display as plain text.
 */

/** English messages and translator notes, to be merged into public/_locales/en/messages.json. */
export const PROTOCOL_ERROR_MESSAGES = {
  errBrandUnreachable: [
    'The site could not be reached. Check your connection; Proffer will try again.',
    'Brand protocol: network error, connection refused or DNS failure',
  ],
  errBrandTimeout: ['The site did not answer in time. Proffer will try again.', 'Brand protocol: no complete answer within the time limit'],
  errBrandGarbage: [
    'The site answered with something Proffer could not read.',
    'Brand protocol: the answer was not valid JSON or not in the documented format',
  ],
  errBrandTooLarge: [
    'The site sent far more data than expected, so Proffer stopped reading.',
    'Brand protocol: the answer exceeded the size limit',
  ],
  errBrandRedirect: [
    'The site tried to send Proffer somewhere else. Nothing was sent there.',
    'Brand protocol: the answer was a redirect (to another origin, or on a signed request)',
  ],
  errBrandRefused: ['The site refused the request.', 'Brand protocol: the brand answered with a 4xx error; the detail names its reason'],
  errBrandFailed: ['The site had a problem answering. Proffer will try again.', 'Brand protocol: the brand answered 5xx or 429'],
  errBrandNotFound: ['The site does not know this request.', 'Brand protocol: the brand answered 404 for a request id'],
  errBrandClock: [
    "Your device's clock differs from the site's by more than five minutes. Correct the time and try again.",
    'Brand protocol: the brand refused the request timestamp',
  ],
  errBrandNoDiscovery: [
    'This site does not support Proffer requests. You can send your request by email instead.',
    'Brand protocol: no /.well-known/vrm.json on the site',
  ],
  errBrandNoEndpoint: [
    'This site takes no data-rights requests online. You can send your request by email instead.',
    'Brand protocol: vrm.json declares no data-rights endpoint (or not this exercise)',
  ],
  errBrandUnsupported: [
    'This site speaks a newer version of the protocol than this version of Proffer.',
    'Brand protocol: unsupported version or exercise',
  ],
  errBrandInsecure: [
    'This site is not reached over a secure connection, so Proffer will not send it anything.',
    'Brand protocol: origin is not https (loopback excepted) or an endpoint is on another origin',
  ],
  errBrandSignature: [
    "The site's answer was not signed with the key it published, so Proffer ignored it.",
    'Brand protocol: response signature missing or invalid',
  ],
  errBrandCancelled: ['The request was cancelled.', 'Brand protocol: the caller aborted the request'],
  errBrandKeyMissing: [
    'This site no longer publishes the key it signs its answers with, so Proffer will not trust its answers.',
    "Brand protocol: vrm.json lists no keys, but Proffer pinned the brand's keys on first contact",
  ],
  errBrandKeyChanged: [
    "This site's signing key changed without proof from its previous key, so Proffer will not trust its answers.",
    'Brand protocol: vrm.json lists other keys than the pinned ones, without a valid rotation statement signed by a pinned key',
  ],
} as const satisfies Record<string, readonly [message: string, description: string]>;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERROR_MESSAGES;
export const PROTOCOL_ERROR_CODES = Object.keys(PROTOCOL_ERROR_MESSAGES) as ProtocolErrorCode[];

/** Codes worth retrying later without any change on the person's side. */
const RETRYABLE: ReadonlySet<ProtocolErrorCode> = new Set(['errBrandUnreachable', 'errBrandTimeout', 'errBrandFailed']);

export interface ProtocolErrorInit {
  /** A short machine token: the brand's `error` (e.g. "signature_invalid") or a client-side reason. */
  detail?: string;
  /** The HTTP status, when the brand answered. */
  httpStatus?: number;
  /** The brand's prose, plain text, at most 200 characters. */
  brandMessage?: string;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly detail?: string;
  readonly httpStatus?: number;
  readonly brandMessage?: string;
  constructor(
    readonly code: ProtocolErrorCode,
    init: ProtocolErrorInit = {},
  ) {
    // The message is the code, not prose: it can end up in logs, and the UI translates codes.
    super(code);
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.brandMessage !== undefined) this.brandMessage = init.brandMessage;
  }
  /** True when the same request may simply be sent again later (with a new nonce). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

export const isProtocolError = (e: unknown, code?: ProtocolErrorCode): e is ProtocolError =>
  e instanceof ProtocolError && (code === undefined || e.code === code);

/** Brand prose made safe to show as text: no control characters, at most 200 characters. */
export function plainText(s: string, max = 200): string {
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
