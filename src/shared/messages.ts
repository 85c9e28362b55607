/**
 * Messages from the extension's own pages (popup, options) to the background, named by direction.
 * Every message is parsed with these schemas where it is received (background/router.ts), and every
 * reply is a `Reply`: `{ ok: true, ...data }` or `{ ok: false, error: { code, detail? } }`.
 * `code` is an i18n key (see public/_locales/en/messages.json) so the UI can say what went wrong.
 */
import { z } from 'zod';
import { type DataRightsRequest, type Intent, type Offer, PersonaSchema, type Share, type Terms } from './records';

export const VaultState = z.enum(['uninitialized', 'locked', 'unlocked']);
export type VaultState = z.infer<typeof VaultState>;

const passphrase = z.string().min(1).max(1024);
/** Largest piece of a backup in one message (Chrome's limit is 64 MiB of JSON). */
export const BACKUP_CHUNK = 16 * 1024 * 1024;

export const UiToBackground = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vault/status') }),
  z.object({ type: z.literal('vault/create'), passphrase }),
  z.object({ type: z.literal('vault/unlock'), passphrase }),
  z.object({ type: z.literal('vault/recover'), recoveryCode: z.string().min(1).max(200), newPassphrase: passphrase }),
  z.object({ type: z.literal('vault/change-passphrase'), current: passphrase, next: passphrase }),
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
  z.object({ type: z.literal('personas/delete'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('personas/duplicate'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('backup/export') }),
  // Chrome refuses messages over 64 MiB: big backups travel in chunks (see ui/backup-transfer.ts).
  z.object({ type: z.literal('backup/import'), data: z.string().max(BACKUP_CHUNK), passphrase }),
  z.object({
    type: z.literal('backup/upload'),
    uploadId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    index: z.number().int().min(0).max(63),
    total: z.number().int().min(1).max(64),
    data: z.string().max(BACKUP_CHUNK),
  }),
  z.object({ type: z.literal('backup/import-upload'), uploadId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/), passphrase }),
  z.object({
    type: z.literal('backup/export-chunk'),
    exportId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    index: z.number().int().min(0).max(63),
  }),
  z.object({ type: z.literal('ledger/site'), site: z.string().min(1).max(2000) }),
  // Forms: the popup asks for a preview of what would be filled in a tab, then approves it.
  z.object({
    type: z.literal('forms/preview'),
    tabId: z.number().int().nonnegative(),
    personaId: z.string().min(1).max(64).optional(),
    requiredOnly: z.boolean().optional(),
    alias: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('forms/fill'),
    planId: z.string().min(1).max(64),
    /** Keys ("frameId:index") of the entries the person left ticked. */
    keys: z.array(z.string().max(40)).max(2000),
    /** Cross-origin frame origins the person approved in this preview (remembered for the site). */
    approveOrigins: z.array(z.string().max(2000)).max(50),
  }),
  z.object({ type: z.literal('sites/default-persona'), site: z.string().min(1).max(2000), personaId: z.string().min(1).max(64) }),
  // Global Privacy Control (works while the vault is locked): the switch, per-site exceptions, a site's gpc.json.
  z.object({ type: z.literal('gpc/state') }),
  z.object({ type: z.literal('gpc/set-enabled'), enabled: z.boolean() }),
  z.object({ type: z.literal('gpc/exception'), origin: z.string().min(1).max(2000), except: z.boolean() }),
  z.object({ type: z.literal('gpc/site'), origin: z.string().min(1).max(2000) }),
  // Personal terms: versions are immutable; saving makes a new version and makes it the one in force.
  z.object({ type: z.literal('terms/list') }),
  z.object({
    type: z.literal('terms/save'),
    title: z.string().min(1).max(200),
    preset: z.string().max(64).optional(),
    clauses: z
      .array(z.object({ id: z.string().min(1).max(64), text: z.string().min(1).max(4000) }))
      .min(1)
      .max(50),
    purposes: z.array(z.string().max(100)).max(20).default([]),
    retentionDays: z.number().int().positive().max(36500).optional(),
    contact: z.enum(['email', 'none', 'any']).default('any'),
  }),
  z.object({ type: z.literal('terms/activate'), id: z.string().min(1).max(64) }),
  // The ledger, whole: sites (brands) with what they received, and the state of every request.
  z.object({ type: z.literal('ledger/all') }),
  z.object({ type: z.literal('ledger/export'), format: z.enum(['json', 'csv']) }),
  /** Forget a brand locally: its ledger entries, keys, requests and site settings. */
  z.object({ type: z.literal('brands/forget'), site: z.string().min(1).max(2000), confirm: z.literal('FORGET') }),
  // Data-rights requests (Data Rights Protocol vocabulary), to a brand's endpoint or as an email draft.
  z.object({
    type: z.literal('requests/create'),
    site: z.string().min(1).max(2000),
    exercise: z.enum(['deletion', 'access', 'sale:opt-out']),
    law: z.enum(['gdpr', 'ccpa']),
    /** Tokens of the shared values to identify the person with (e.g. ["email"]). */
    identifiers: z.array(z.string().max(64)).max(20),
  }),
  z.object({ type: z.literal('requests/list'), site: z.string().min(1).max(2000).optional() }),
  z.object({ type: z.literal('requests/refresh'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('requests/revoke'), id: z.string().min(1).max(64) }),
  /** For email requests: the person records the brand's answer. */
  z.object({
    type: z.literal('requests/mark'),
    id: z.string().min(1).max(64),
    status: z.enum(['fulfilled', 'denied']),
    reason: z.string().max(2000).optional(),
  }),
  // Intentcasting: what the person wants, to the brands they choose, revealing only what they pick.
  z.object({ type: z.literal('intents/list') }),
  z.object({
    type: z.literal('intents/save'),
    intent: z.object({
      id: z.string().min(1).max(64).optional(),
      what: z.string().trim().min(1).max(500),
      category: z.string().max(100).optional(),
      budget: z.object({ amount: z.number().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
      quantity: z.number().int().positive().max(1_000_000).optional(),
      condition: z.enum(['new', 'used', 'refurbished', 'any']).default('any'),
      region: z.string().max(200).optional(),
      deadline: z.string().max(40).optional(),
      personaId: z.string().min(1).max(64).optional(),
      /** Persona fields (autocomplete tokens) revealed to the brands; none by default. */
      reveal: z.array(z.string().max(64)).max(50).default([]),
      termsId: z.string().min(1).max(64).optional(),
      expiresAt: z.number().int().positive(),
      brandIds: z.array(z.string().min(1).max(64)).max(500),
    }),
  }),
  z.object({ type: z.literal('intents/broadcast'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('intents/withdraw'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('intents/poll') }),
  /** Add a brand to the person's intent list from its origin (it must declare an intent endpoint). */
  z.object({ type: z.literal('brands/add'), origin: z.string().min(1).max(2000) }),
  z.object({ type: z.literal('brands/remove'), id: z.string().min(1).max(64) }),
  z.object({
    type: z.literal('offers/mark'),
    id: z.string().min(1).max(64),
    read: z.boolean().optional(),
    dismissed: z.boolean().optional(),
  }),
]);
export type UiToBackground = z.infer<typeof UiToBackground>;
export type UiMessageType = UiToBackground['type'];

/** A record that could not be opened (tampered or corrupt): reported by id, never dropped. */
export type RecordFailure = { table: string; id: string; reason: string };

export type StatusReply = { state: VaultState; autoLockMinutes: number; recordFailures: number };

/** What each message answers with, when it succeeds. */
export interface UiReplies {
  'vault/status': StatusReply;
  'vault/create': { recoveryCode: string };
  'vault/unlock': Record<string, never>;
  'vault/recover': { recoveryCode: string };
  'vault/change-passphrase': Record<string, never>;
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
