/**
 * Messages from the extension's own pages (popup, options) to the background, named by direction.
 * Every message is parsed with these schemas where it is received (background/router.ts), and every
 * reply is a `Reply`: `{ ok: true, ...data }` or `{ ok: false, error: { code, detail? } }`.
 * `code` is an i18n key (see public/_locales/en/messages.json) so the UI can say what went wrong.
 */
import { z } from 'zod';
import { PersonaSchema, type Share } from './records';

export const VaultState = z.enum(['uninitialized', 'locked', 'unlocked']);
export type VaultState = z.infer<typeof VaultState>;

const passphrase = z.string().min(1).max(1024);

export const UiToBackground = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vault/status') }),
  z.object({ type: z.literal('vault/create'), passphrase }),
  z.object({ type: z.literal('vault/unlock'), passphrase }),
  z.object({ type: z.literal('vault/recover'), recoveryCode: z.string().min(1).max(200), newPassphrase: passphrase }),
  z.object({ type: z.literal('vault/change-passphrase'), current: passphrase, next: passphrase }),
  z.object({ type: z.literal('vault/lock') }),
  z.object({ type: z.literal('vault/wipe'), confirm: z.literal('WIPE') }),
  z.object({ type: z.literal('settings/set'), autoLockMinutes: z.number().int().min(1).max(24 * 60) }),
  z.object({ type: z.literal('personas/list') }),
  z.object({ type: z.literal('personas/save'), persona: PersonaSchema }),
  z.object({ type: z.literal('personas/delete'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('personas/duplicate'), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('backup/export') }),
  z.object({ type: z.literal('backup/import'), data: z.string().max(200 * 1024 * 1024), passphrase }),
  z.object({ type: z.literal('ledger/site'), site: z.string().min(1).max(2000) }),
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
  'backup/export': { filename: string; data: string };
  'backup/import': { imported: Record<string, number> };
  /** Ledger entries for one site (an origin), newest first, found through the blind index. */
  'ledger/site': { shares: Share[]; failures: RecordFailure[] };
}

export type ErrorReply = { ok: false; error: { code: string; detail?: string } };
export type Reply<T extends UiMessageType> = ({ ok: true } & UiReplies[T]) | ErrorReply;
