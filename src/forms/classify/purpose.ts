/**
 * The form-purpose pass: what a form is for (sign-up, log-in, newsletter, contact, checkout/address,
 * password reset, search/lookup, other), from its fields (after pass 2), its submit buttons, its
 * heading, its action path and its id/name. The context rules of `rules.ts` read it: an email box
 * means the same thing everywhere, but a ZIP box in a search form is no address, and the lone text
 * box of a reset form names the account.
 *
 * Fields speak first (two passwords make a sign-up form, a card number a checkout); words break the
 * ties that fields leave (one email box: newsletter, password reset or the first step of a log-in).
 */
import { identWords, norm } from '../classify-text';
import {
  CHECKOUT_WORDS,
  CONTACT_WORDS,
  LOGIN,
  NEWSLETTER_WORDS,
  RESET_WORDS,
  SEARCH_WORDS,
  SIGNUP,
  SOCIAL,
  type Verdict,
} from '../rules/lexicon';
import type { Draft } from './evidence';

export const PURPOSES = ['signup', 'login', 'newsletter', 'contact', 'checkout', 'reset', 'search', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

const NAME_PARTS = new Set<Verdict | null>(['given-name', 'family-name', 'name', 'given-or-name', 'family-or-name', 'additional-name']);
const ADDRESS = new Set<Verdict | null>([
  'address-line1',
  'street-address',
  'address-line2',
  'x-house-number',
  'address-level2',
  'postal-code',
]);
const CARD = new Set<Verdict | null>(['cc-number', 'cc-exp', 'cc-exp-month', 'cc-exp-year', 'cc-csc', 'cc-name']);
const OTHER_PERSONAL = new Set<Verdict | null>(['tel', 'bday', 'bday-day', 'bday-month', 'bday-year', 'sex', 'organization']);

/** The texts of a form the purpose is read from, normalised, each with its weight. */
export interface PurposeTexts {
  /** Submit buttons (social log-in buttons left out): what pressing it does. */
  submit: string;
  /** The form's heading: what the section is about. */
  heading: string;
  /** The action path and the form's id and name, as words ("/newsletter/subscribe", "loginForm"). */
  ident: string;
}

export function purposeTexts(d: Draft): PurposeTexts {
  const form = d.f.form;
  return {
    submit: norm(form.submitTexts.filter((t) => !SOCIAL.test(norm(t))).join(' | ')),
    heading: norm(form.heading),
    ident: [identWords(form.actionPath), identWords(form.id), identWords(form.name)].filter(Boolean).join(' | '),
  };
}

/** How strongly the form's own words say `re`: submit button 2, heading 1, action/id/name 1. */
export function wordScore(t: PurposeTexts, re: RegExp): number {
  return (re.test(t.submit) ? 2 : 0) + (re.test(t.heading) ? 1 : 0) + (re.test(t.ident) ? 1 : 0);
}

/**
 * The purpose of one form. `kind` is the log-in / sign-up / other decision of `context.ts`, which
 * already weighed the passwords.
 */
export function formPurpose(ds: Draft[], kind: 'login' | 'signup' | 'other'): Purpose {
  if (kind === 'signup') return 'signup';
  if (kind === 'login') return 'login';
  const t = purposeTexts(ds[0]!);
  const shown = ds.filter((d) => d.f.visibility?.visible !== false);
  const fs = shown.length ? shown : ds;
  const text = fs.filter(
    (d) => (d.kind === 'text' || d.kind === 'textarea') && d.verdict !== 'captcha' && d.verdict !== 'honeypot' && d.f.type !== 'password',
  );
  const count = (set: Set<Verdict | null>): number => fs.filter((d) => set.has(d.verdict)).length;
  const email = fs.filter((d) => d.verdict === 'email' || d.verdict === 'username').length;
  const names = count(NAME_PARTS);
  const address = count(ADDRESS);
  const message = fs.filter((d) => d.verdict === 'message').length;
  const searchBoxes = text.filter((d) => d.verdict === 'search').length;
  const other = text.length - email - names - message - searchBoxes;

  // A card number or expiry is paid for; a street with its town or postcode is delivered to.
  if (count(CARD) >= 2 || (address >= 2 && count(new Set(['address-line1', 'street-address'])) >= 1)) return 'checkout';
  // Every text box a search box: search, whatever else the form holds (sort menus, filters).
  if (text.length && searchBoxes === text.length) return 'search';

  const w = {
    signup: wordScore(t, SIGNUP),
    login: wordScore(t, LOGIN),
    newsletter: wordScore(t, NEWSLETTER_WORDS),
    contact: wordScore(t, CONTACT_WORDS),
    checkout: wordScore(t, CHECKOUT_WORDS),
    reset: wordScore(t, RESET_WORDS),
    search: wordScore(t, SEARCH_WORDS),
  };
  // A message box with someone to answer: a contact or comment form.
  if (message && (email || names) && !count(CARD)) return 'contact';
  // One or two boxes: the account's email (reset, the first step of a log-in), an address to write
  // to (newsletter), or a search. Words decide; an email box alone is most often a mailing list.
  if (text.length <= 3 && !message && !address) {
    if (email && w.reset > 0 && w.reset >= w.newsletter) return 'reset';
    if (email && w.newsletter > 0) return 'newsletter';
    if (w.search > 0 && !email && !names && w.search >= Math.max(w.signup, w.login, w.contact)) return 'search';
    if (w.login > w.signup && !names) return 'login';
    if (email && w.signup > 0) return names || text.length > 1 ? 'signup' : 'newsletter';
    if (email && !other) return 'newsletter';
  }
  if (w.checkout > 0 && (address || w.checkout > Math.max(w.signup, w.contact))) return 'checkout';
  if (w.signup > 0 && (email || names)) return 'signup';
  if (w.contact > 0 && (email || names || message)) return 'contact';
  if (address) return 'checkout';
  if (email && names + count(OTHER_PERSONAL) >= 2) return 'signup';
  if (w.search > 0 && !email && !names) return 'search';
  return 'other';
}
