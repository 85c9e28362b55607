/**
 * The words Proffer's records (records.ts), its own messages (messages.ts) and the brand protocol
 * (protocol/schemas.ts) share, each defined once here. Classic zod, as those three files are.
 */
import { z } from 'zod';

/** A record id, and every message field that names one. */
export const Id = z.string().min(1).max(64);
/** A site (the origin of a page) or a brand's origin, as records store it and messages name it. */
export const Site = z.string().min(1).max(2000);

/** What a data-rights request asks for (Data Rights Protocol vocabulary). */
export const Exercise = z.enum(['deletion', 'access', 'sale:opt-out']);
export type Exercise = z.infer<typeof Exercise>;

/** The law a data-rights request is made under (the protocol calls it the regime). */
export const Law = z.enum(['gdpr', 'ccpa']);
export type Law = z.infer<typeof Law>;

/** Where a data-rights request stands (DRP statuses). */
export const RequestStatus = z.enum(['open', 'in_progress', 'fulfilled', 'denied', 'expired', 'revoked']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** The condition of the item an intent asks for. */
export const IntentCondition = z.enum(['new', 'used', 'refurbished', 'any']);
export type IntentCondition = z.infer<typeof IntentCondition>;

/** How personal terms let a brand contact the person. */
export const TermsContact = z.enum(['email', 'none', 'any']);
export type TermsContact = z.infer<typeof TermsContact>;

/** An ISO 4217 currency code. */
export const Currency = z.string().regex(/^[A-Z]{3}$/);
/** 32 bytes as lower-case hex: a SHA-256, or an Ed25519 key as the vault stores it. */
export const Hex32 = z.string().regex(/^[0-9a-f]{64}$/);
/** E.164: a plus, a country code not starting with 0, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
