/**
 * Messages from the extension's own pages (popup, options) to the background, named by direction.
 * Every message is parsed with these schemas where it is received (background/router.ts), and every
 * reply is a `Reply`: `{ ok: true, ...data }` or `{ ok: false, error: { code, detail? } }`.
 * `code` is an i18n key (see public/_locales/en/messages.json) so the UI can say what went wrong.
 */
import { z } from 'zod';
import { AgreementId } from './myterms';
import {
  type Agreement,
  type DataRightsRequest,
  type Intent,
  IntentSchema,
  type Offer,
  PersonaSchema,
  RequestAnswer,
  type Share,
  type Terms,
  TermsSchema,
} from './records';
import { Exercise, Id, Law, RequestStatus, Site } from './vocab';

export const VaultState = z.enum(['uninitialized', 'locked', 'unlocked']);
export type VaultState = z.infer<typeof VaultState>;

const passphrase = z.string().min(1).max(1024);
/** Largest piece of a backup in one message (Chrome's limit is 64 MiB of JSON). */
export const BACKUP_CHUNK = 16 * 1024 * 1024;
/** Names a backup travelling in chunks (ui/backup-transfer.ts), and a chunk's place in it. */
const transferId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const chunkIndex = z.number().int().min(0).max(63);

/**
 * What terms/save takes: the person's side of a terms version (TermsSchema), the rest (ids, text,
 * hash, times) is derived from it. Unlike a stored version, it needs at least one clause.
 */
export const TermsSave = TermsSchema.pick({
  title: true,
  preset: true,
  clauses: true,
  purposes: true,
  retentionDays: true,
  contact: true,
  agreementId: true,
}).extend({
  clauses: TermsSchema.shape.clauses.min(1),
});

/**
 * What intents/save takes: an intent (IntentSchema) without what the background keeps (status,
 * deliveries, createdAt), with the brands to send it to. Where it differs from a stored intent it
 * keeps the message's own rules: the id is optional (absent: a new intent), `what` is trimmed before
 * its length is checked, and `expiresAt` must be positive (a record takes 0).
 */
const IntentSave = IntentSchema.omit({ status: true, deliveries: true, createdAt: true }).extend({
  id: Id.optional(),
  what: z.string().trim().min(1).max(500),
  expiresAt: z.number().int().positive(),
  brandIds: z.array(Id).max(500),
});

/** A WebDAV folder and its credentials (an app password, not the account's main one). */
export const SyncServer = z.object({
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/i, 'errSyncUrl'),
  user: z.string().min(1).max(200),
  password: z.string().max(1000),
});
export type SyncServer = z.infer<typeof SyncServer>;

export const UiToBackground = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vault/status') }),
  z.object({ type: z.literal('vault/create'), passphrase }),
  z.object({ type: z.literal('vault/unlock'), passphrase }),
  z.object({ type: z.literal('vault/recover'), recoveryCode: z.string().min(1).max(200), newPassphrase: passphrase }),
  z.object({ type: z.literal('vault/change-passphrase'), current: passphrase, next: passphrase, rotate: z.boolean().optional() }),
  z.object({ type: z.literal('vault/lock') }),
  z.object({ type: z.literal('vault/wipe'), confirm: z.literal('WIPE') }),
  z.object({
    type: z.literal('settings/set'),
    autoLockMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  z.object({ type: z.literal('personas/list') }),
  z.object({ type: z.literal('personas/save'), persona: PersonaSchema }),
  z.object({ type: z.literal('personas/delete'), id: Id }),
  z.object({ type: z.literal('personas/duplicate'), id: Id }),
  z.object({ type: z.literal('backup/export') }),
  // Chrome refuses messages over 64 MiB: big backups travel in chunks (see ui/backup-transfer.ts).
  z.object({ type: z.literal('backup/import'), data: z.string().max(BACKUP_CHUNK), passphrase }),
  z.object({
    type: z.literal('backup/upload'),
    uploadId: transferId,
    index: chunkIndex,
    total: z.number().int().min(1).max(64),
    data: z.string().max(BACKUP_CHUNK),
  }),
  z.object({ type: z.literal('backup/import-upload'), uploadId: transferId, passphrase }),
  z.object({
    type: z.literal('backup/export-chunk'),
    exportId: transferId,
    index: chunkIndex,
  }),
  z.object({ type: z.literal('ledger/site'), site: Site }),
  // Forms: the popup asks for a preview of what would be filled in a tab, then approves it.
  z.object({
    type: z.literal('forms/preview'),
    tabId: z.number().int().nonnegative(),
    personaId: Id.optional(),
    requiredOnly: z.boolean().optional(),
    alias: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('forms/fill'),
    planId: Id,
    /** Keys ("frameId:index") of the entries the person left ticked. */
    keys: z.array(z.string().max(40)).max(2000),
    /** Cross-origin frame origins the person approved in this preview (remembered for the site). */
    approveOrigins: z.array(z.string().max(2000)).max(50),
  }),
  z.object({ type: z.literal('sites/default-persona'), site: Site, personaId: Id }),
  // Global Privacy Control (works while the vault is locked): the switch, per-site exceptions, a site's gpc.json.
  z.object({ type: z.literal('gpc/state') }),
  z.object({ type: z.literal('gpc/set-enabled'), enabled: z.boolean() }),
  z.object({ type: z.literal('gpc/exception'), origin: Site, except: z.boolean() }),
  z.object({ type: z.literal('gpc/site'), origin: Site }),
  // Personal terms: versions are immutable; saving makes a new version and makes it the one in force.
  z.object({ type: z.literal('terms/list') }),
  z.object({ type: z.literal('terms/save'), ...TermsSave.shape }),
  z.object({ type: z.literal('terms/activate'), id: Id }),
  // The ledger, whole: sites (brands) with what they received, and the state of every request.
  z.object({ type: z.literal('ledger/all') }),
  z.object({ type: z.literal('ledger/export'), format: z.enum(['json', 'csv']) }),
  /** Forget a brand locally: its ledger entries, keys, requests and site settings. */
  z.object({ type: z.literal('brands/forget'), site: Site, confirm: z.literal('FORGET') }),
  // Data-rights requests (Data Rights Protocol vocabulary), to a brand's endpoint or as an email draft.
  z.object({
    type: z.literal('requests/create'),
    site: Site,
    exercise: Exercise,
    law: Law,
    /** Tokens of the shared values to identify the person with (e.g. ["email"]). */
    identifiers: z.array(z.string().max(64)).max(20),
    // To a company of the privacy-contacts directory (issue 15); all optional.
    /** The directory company to write to (its slug, one of `contacts/site`'s for this site). */
    company: z.string().max(100).optional(),
    /** Where the person lives (ISO alpha-2, lower case, or "us-ca"): decides the law cited. */
    residence: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]{2})?$/)
      .optional(),
    /** The identifiers as the person edited them; they replace the ledger's values for those tokens. */
    values: z
      .array(z.object({ token: z.string().max(64), value: z.string().max(400) }))
      .max(20)
      .optional(),
    /** The person's language, for the letter when the company names none. */
    lang: z.string().max(16).optional(),
    /** Where to send it, for a site the directory does not know (an email address). */
    to: z.string().max(254).optional(),
  }),
  z.object({ type: z.literal('requests/list'), site: Site.optional() }),
  z.object({ type: z.literal('requests/refresh'), id: Id }),
  z.object({ type: z.literal('requests/revoke'), id: Id }),
  /** For email requests: the person records the brand's answer. */
  z.object({
    type: z.literal('requests/mark'),
    id: Id,
    status: RequestStatus.extract(['fulfilled', 'denied']),
    reason: z.string().max(2000).optional(),
  }),
  // Intentcasting: what the person wants, to the brands they choose, revealing only what they pick.
  z.object({ type: z.literal('intents/list') }),
  z.object({ type: z.literal('intents/save'), intent: IntentSave }),
  z.object({ type: z.literal('intents/broadcast'), id: Id }),
  z.object({ type: z.literal('intents/withdraw'), id: Id }),
  z.object({ type: z.literal('intents/poll') }),
  /** Add a brand to the person's intent list from its origin (it must declare an intent endpoint). */
  z.object({ type: z.literal('brands/add'), origin: Site }),
  z.object({ type: z.literal('brands/remove'), id: Id }),
  z.object({
    type: z.literal('offers/mark'),
    id: Id,
    read: z.boolean().optional(),
    dismissed: z.boolean().optional(),
  }),
  // Requests to real companies (issue 15): who a site's company is, its answers, the follow-ups.
  /** The companies of the privacy-contacts directory behind a site, best first, and a guess of the person's residence. */
  z.object({ type: z.literal('contacts/site'), site: Site, lang: z.string().max(16).optional() }),
  /** The same for many sites at once (the ledger's cards): the companies of each, best first. */
  z.object({ type: z.literal('contacts/sites'), sites: z.array(Site).max(1000), lang: z.string().max(16).optional() }),
  /** The person records what the company answered a letter. */
  z.object({ type: z.literal('requests/answer'), id: Id, answer: RequestAnswer }),
  /** A letter of a request sent by letter: the request again, the reminder, or the complaint (the last two are recorded as sent). */
  z.object({
    type: z.literal('requests/follow-up'),
    id: Id,
    step: z.enum(['request', 'reminder', 'complaint']),
    /** Another authority than the competent one Proffer picked (a slug of the directory). */
    authority: z.string().max(100).optional(),
  }),
  // MyTerms (IEEE 7012): what a site accepts, proffering an agreement, the records kept.
  z.object({ type: z.literal('myterms/site'), origin: Site }),
  z.object({ type: z.literal('myterms/proffer'), origin: Site, agreementId: AgreementId.optional() }),
  z.object({ type: z.literal('agreements/list'), site: Site.optional() }),
  /** After a counter: keep my own terms (remembered for the site until the terms change), or ask me again. */
  z.object({ type: z.literal('agreements/keep-mine'), id: Id, keep: z.boolean() }),
  /** Revoke an accepted agreement: a signed revocation kept beside the record, sent to the site's endpoint; again to resend it. */
  z.object({ type: z.literal('agreements/revoke'), id: Id }),
  // Sync through the person's own WebDAV storage (src/sync). The app password stays in the background.
  z.object({ type: z.literal('sync/status') }),
  z.object({ type: z.literal('sync/test'), server: SyncServer }),
  /** Save the server settings (the password may be left empty to keep the saved one), or switch sync off. */
  z.object({ type: z.literal('sync/configure'), server: SyncServer.nullable() }),
  z.object({ type: z.literal('sync/now') }),
  /** On a device without a vault: join the vault on the server with its passphrase, or the recovery code and a new passphrase. */
  z.object({
    type: z.literal('sync/join'),
    server: SyncServer,
    passphrase: passphrase.optional(),
    recoveryCode: z.string().min(1).max(200).optional(),
    newPassphrase: passphrase.optional(),
  }),
  /** A persona conflict: keep what is applied, or take the other device's values. */
  z.object({ type: z.literal('sync/resolve'), id: z.string().min(1).max(80), use: z.enum(['kept', 'other']) }),
  /** The passphrase set on another device, to go on syncing here (errSyncPassphraseChanged). */
  z.object({ type: z.literal('sync/passphrase'), passphrase }),
]);
export type UiToBackground = z.infer<typeof UiToBackground>;
export type UiMessageType = UiToBackground['type'];

/** A record that could not be opened (tampered or corrupt): reported by id, never dropped. */
export type RecordFailure = { table: string; id: string; reason: string };

export type StatusReply = {
  state: VaultState;
  autoLockMinutes: number;
  recordFailures: number;
  /** Uninitialized, but a vault lived here and was never wiped: the browser lost its database. */
  lost?: boolean;
};

/** What each message answers with, when it succeeds. */
export interface UiReplies {
  'vault/status': StatusReply;
  'vault/create': { recoveryCode: string };
  'vault/unlock': Record<string, never>;
  'vault/recover': { recoveryCode: string };
  /** With `rotate`, the new recovery code (the old one no longer works). */
  'vault/change-passphrase': { recoveryCode?: string };
  'vault/lock': Record<string, never>;
  'vault/wipe': Record<string, never>;
  'settings/set': { autoLockMinutes: number };
  'personas/list': { personas: z.infer<typeof PersonaSchema>[]; failures: RecordFailure[] };
  'personas/save': { persona: z.infer<typeof PersonaSchema> };
  'personas/delete': Record<string, never>;
  'personas/duplicate': { persona: z.infer<typeof PersonaSchema> };
  /** Small backups come whole (`data`); big ones as `chunks` pieces to fetch with backup/export-chunk. */
  'backup/export': { filename: string; data?: string; exportId?: string; chunks?: number };
  'backup/export-chunk': { data: string };
  'backup/upload': { received: number };
  'backup/import-upload': { imported: Record<string, number> };
  'backup/import': { imported: Record<string, number> };
  /** Ledger entries for one site (an origin), newest first, found through the blind index. */
  'ledger/site': { shares: Share[]; failures: RecordFailure[] };
  'forms/preview': FillPreview;
  'forms/fill': FillOutcome;
  'sites/default-persona': Record<string, never>;
  /** GPC on or off, and the origins where it is off (one per host). */
  'gpc/state': { enabled: boolean; exceptions: string[] };
  'gpc/set-enabled': { enabled: boolean; exceptions: string[] };
  'gpc/exception': { enabled: boolean; exceptions: string[] };
  /** What the site's /.well-known/gpc.json declares, and whether GPC is sent to it now. */
  'gpc/site': { support: 'supported' | 'not-supported' | 'unknown'; enabled: boolean };
  'terms/list': { terms: Terms[]; activeId: string | null };
  'terms/save': { terms: Terms };
  'terms/activate': { activeId: string };
  'ledger/all': { sites: LedgerSite[]; failures: RecordFailure[] };
  'ledger/export': { filename: string; data: string; mime: string };
  'brands/forget': { removed: Record<string, number> };
  'requests/create': { request: DataRightsRequest; email?: EmailDraft };
  'requests/list': { requests: DataRightsRequest[] };
  'requests/refresh': { request: DataRightsRequest };
  'requests/revoke': { request: DataRightsRequest };
  'requests/mark': { request: DataRightsRequest };
  'intents/list': { intents: Intent[]; offers: Offer[]; brands: IntentBrand[]; unread: number };
  'intents/save': { intent: Intent };
  'intents/broadcast': { intent: Intent };
  'intents/withdraw': { intent: Intent };
  'intents/poll': { newOffers: number };
  'brands/add': { brand: IntentBrand };
  'brands/remove': Record<string, never>;
  'offers/mark': { offer: Offer };
  'contacts/site': { companies: ContactCompany[]; residence: string | null };
  'contacts/sites': { companies: Record<string, ContactCompany[]>; residence: string | null };
  'requests/answer': { request: DataRightsRequest };
  'requests/follow-up': { request: DataRightsRequest; letter: LetterDraft };
  'myterms/site': SiteTermsReply;
  'myterms/proffer': { agreement: Agreement };
  'agreements/list': { agreements: Agreement[] };
  'agreements/keep-mine': { agreement: Agreement };
  'agreements/revoke': { agreement: Agreement };
  'sync/status': SyncStatusReply;
  'sync/test': Record<string, never>;
  'sync/configure': SyncStatusReply;
  'sync/now': SyncStatusReply;
  'sync/join': Record<string, never>;
  'sync/resolve': SyncStatusReply;
  'sync/passphrase': SyncStatusReply;
}

/** A company of the privacy-contacts directory, as the pages show it before a request. */
export interface ContactCompany {
  slug: string;
  name: string;
  web: string;
  email?: string;
  webform?: string;
  address?: string;
  /** How it takes requests. */
  via: 'email' | 'webform' | 'letter';
  /** The language Proffer will write in. */
  lang: string;
  /** It asks for an ID document with requests. */
  idDocument: boolean;
  /** What it needs in a request (customer number ...), in the directory's words. */
  required: string[];
}

/** A letter to send by hand: a request, a reminder or a complaint. Shown as text, never as HTML. */
export interface LetterDraft {
  to: string | null;
  subject: string;
  body: string;
  mailto: string;
  lang: string;
  via: 'email' | 'webform' | 'letter';
  /** The web form to open (https only). */
  webform?: string;
  /** For a printed letter: the sender's and the recipient's postal addresses. */
  postal?: { from: string; to: string };
  /** Who it goes to (the company, or the authority for a complaint). */
  recipient: string;
}

/** What a site says about MyTerms agreements, and what the person holds with it. */
export interface SiteTermsReply {
  /** accepts: lists the person's agreement; other: lists only others; silent: says nothing. */
  status: 'accepts' | 'other' | 'silent';
  /** The agreements the site lists (title when the roster knows it). */
  agreements: { id: string; title?: string; url?: string }[];
  /** The agreement the person's terms in force name. */
  mine: { id: string; title: string } | null;
  /** The site takes proffers (declares an agreement endpoint). */
  canProffer: boolean;
  /** Every record kept with the site, newest first. */
  kept: Agreement[];
  /** The latest accepted one, unless the person revoked it. */
  inForce: Agreement | null;
  /**
   * The newest record is a counter after which the person kept their own terms, under the terms in
   * force now: its id and when they chose. The popup then does not put the counter to them again.
   */
  keptMine: { id: string; at: number } | null;
}

/** What the status lines show about sync (never the password). */
export interface SyncStatusReply {
  configured: boolean;
  url?: string;
  user?: string;
  /** A password is saved. */
  hasPassword?: boolean;
  lastSync?: number;
  pending: number;
  lastError?: { code: string; detail?: string; at: number };
  conflicts: { id: string; label: string; fields: { field: string; kept: unknown; other: unknown }[]; at: number }[];
  running: boolean;
}

/** A brand in the person's intent list (never its keys). */
export interface IntentBrand {
  id: string;
  origin: string;
  name?: string;
  intentEndpoint?: string;
  inIntentList: boolean;
}

/** One site in the ledger: the brand (when known), what it received, and the requests sent to it. */
export interface LedgerSite {
  site: string;
  brand: { name?: string; dataRightsEndpoint?: string; hasKey: boolean } | null;
  shares: Share[];
  requests: DataRightsRequest[];
  /** MyTerms agreement records kept with the site, newest first (absent: none). */
  agreements?: Agreement[];
  firstAt: number;
  lastAt: number;
}

/** A data-rights request written as an email, for brands that declare no endpoint. */
export interface EmailDraft {
  to: string | null;
  subject: string;
  body: string;
  mailto: string;
  deadline: number;
  /** For a directory company: how to send it, where, and to whom (see LetterDraft). */
  via?: 'email' | 'webform' | 'letter';
  webform?: string;
  postal?: { from: string; to: string };
  recipient?: string;
  lang?: string;
}

/** One field the preview shows: which value goes where. Values are shown only in extension pages. */
export interface PreviewEntry {
  /** "frameId:index", what `forms/fill` sends back for the ticked ones. */
  key: string;
  label: string;
  /** The autocomplete token it was classified as (given-name, email, ...). */
  token: string;
  /** What the person sees (option text for selects, a masked password). */
  display: string;
  /** Origin of the frame the field is in. */
  origin: string;
  crossOrigin: boolean;
  /** A cross-origin frame the person has not approved for this site yet: unticked until approved. */
  needsApproval: boolean;
  required: boolean;
  /** Ticked by default. */
  checked: boolean;
  /** A generated password (shown masked). */
  secret: boolean;
  /** A consent box answered by the person's terms (issue 14): what it asks for, and what Proffer will do. */
  consent?: {
    kind: 'marketing' | 'sharing' | 'profiling' | 'sale';
    action: 'untick' | 'leave-unticked' | 'tick' | 'leave-ticked' | 'choose-no';
  };
}

export interface PreviewSkipped {
  key: string;
  label: string;
  token: string;
  reason: string;
  origin: string;
}

export interface FillPreview {
  /** Identifies this plan for `forms/fill`; valid while the background keeps it (a few minutes). */
  planId: string;
  /** Origin of the tab's top document: the site the values go to. */
  site: string;
  url: string;
  personas: { id: string; label: string }[];
  /** The persona planned from (the site's default, else the first). null when there is none. */
  personaId: string | null;
  requiredOnly: boolean;
  alias: boolean;
  entries: PreviewEntry[];
  skipped: PreviewSkipped[];
  /** Frames whose scan failed or that could not be reached (e.g. not http/https). */
  unreachableFrames: number;
  /**
   * Present (true) when the page's fields changed since the tab's previous preview: the background
   * refuses to fill this plan for its first second (handlers/forms.ts SETTLE_MS).
   */
  changed?: boolean;
}

export interface FillOutcome {
  filled: { key: string; label: string }[];
  skipped: { key: string; label: string; reason: string }[];
  /** The ledger entry written for this fill (absent when nothing was filled). */
  shareId?: string;
}

/** Sent by the background to extension pages when a tab's forms changed (see events.ts). */
export { FormsChangedEvent } from './events';

export type ErrorReply = { ok: false; error: { code: string; detail?: string } };
export type Reply<T extends UiMessageType> = ({ ok: true } & UiReplies[T]) | ErrorReply;
export type Msg<K extends UiMessageType> = Extract<UiToBackground, { type: K }>;
