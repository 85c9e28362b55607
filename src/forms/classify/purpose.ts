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
  ACCOUNT_WORDS,
  CHECKOUT_WORDS,
  CONTACT_WORDS,
  LOGIN,
  NEWSLETTER_WORDS,
  PATTERNS,
  RESET_WORDS,
  SEARCH_WORDS,
  SIGNUP,
  SOCIAL,
  SORT_WORDS,
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
const STREET = new Set<Verdict | null>(['address-line1', 'street-address']);
/** The lexicon's password words, in every language it knows ("Passwort", "mot de passe", "пароля"). */
const PASSWORD_WORDS = new RegExp(`${PATTERNS.find((p) => p.verdict === 'current-password')!.text!.source}|парол`);
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

type Scores = Record<'signup' | 'account' | 'login' | 'newsletter' | 'contact' | 'checkout' | 'reset' | 'password' | 'search', number>;
/** The word scores of a form's texts, memoised by its raw texts: every scan of a page asks again for the same forms. */
const scoreCache = new Map<string, Scores>();
function wordScores(d: Draft): Scores {
  const form = d.f.form;
  const key = `${form.submitTexts.join('\u0001')}\u0000${form.heading}\u0000${form.actionPath}\u0000${form.id}\u0000${form.name}`;
  let w = scoreCache.get(key);
  if (!w) {
    if (scoreCache.size > 1000) scoreCache.clear();
    const t = purposeTexts(d);
    w = {
      signup: wordScore(t, SIGNUP),
      account: wordScore(t, ACCOUNT_WORDS),
      login: wordScore(t, LOGIN),
      newsletter: wordScore(t, NEWSLETTER_WORDS),
      contact: wordScore(t, CONTACT_WORDS),
      checkout: wordScore(t, CHECKOUT_WORDS),
      reset: wordScore(t, RESET_WORDS),
      password: wordScore(t, PASSWORD_WORDS),
      search: wordScore(t, SEARCH_WORDS),
    };
    scoreCache.set(key, w);
  }
  return w;
}

/**
 * The purpose of one form. `kind` is the log-in / sign-up / other decision of `context.ts`, which
 * already weighed the passwords.
 */
export function formPurpose(ds: Draft[], kind: 'login' | 'signup' | 'other'): Purpose {
  const w = wordScores(ds[0]!);
  // One pass over the fields (shown ones, unless none is shown): the counts the decisions below read.
  let anyShown = false;
  for (const d of ds) if (d.f.visibility?.visible !== false) anyShown = true;
  let text = 0,
    passwords = 0,
    email = 0,
    mail = 0,
    names = 0,
    address = 0,
    street = 0,
    cards = 0,
    message = 0,
    searchBoxes = 0,
    otherPersonal = 0;
  for (const d of ds) {
    const v = d.verdict;
    if (d.f.type === 'password' || v === 'current-password' || v === 'new-password') passwords++;
    if (anyShown && d.f.visibility?.visible === false) continue;
    const isText = (d.kind === 'text' || d.kind === 'textarea') && v !== 'captcha' && v !== 'honeypot' && d.f.type !== 'password';
    if (isText) {
      text++;
      if (v === 'search') searchBoxes++;
    }
    if (v === 'email' || v === 'username') email++;
    // (a user-name box under search words looks a member up; an email box always has someone to answer)
    if (v === 'email') mail++;
    if (v === 'message') message++;
    if (NAME_PARTS.has(v)) names++;
    if (ADDRESS.has(v)) address++;
    if (STREET.has(v)) street++;
    if (CARD.has(v)) cards++;
    if (OTHER_PERSONAL.has(v)) otherPersonal++;
  }
  const other = text - email - names - message - searchBoxes;
  const personal = email + names + address + otherPersonal;

  // New passwords and nothing about the person, under reset words: a password change.
  if (kind === 'signup') return w.reset > 0 && !email && !names ? 'reset' : 'signup';
  if (kind === 'login' && passwords) return 'login';
  // No password box, but the form speaks of one ("Forgot password", "Get new password", "Passwort
  // vergessen"): it sends the way back into an account.
  if (!passwords && text <= 3 && !message && !names && (w.reset > 0 || w.password > 0) && w.reset + w.password >= w.login) return 'reset';
  // Every text box a search box: search, whatever else the form holds (sort menus, filters, a
  // "Login" heading over the page's search bar).
  if (text && searchBoxes === text) return 'search';
  // No box to type in, nothing about the person, and a choice that says it sorts or filters ("Sort
  // by", "Filtern", "Trier par"): the controls of a list, which search it.
  if (!text && !personal && !passwords && !cards && ds.some((d) => d.kind === 'select' && SORT_WORDS.test(d.text))) return 'search';
  if (kind === 'login') return 'login';

  // A card number and its expiry are paid for.
  if (cards >= 2) return 'checkout';
  // A message box with someone to answer: a contact or comment form (an address there is the sender's).
  // (unless the form's words say it opens an account: the box is the profile's "About me")
  if (message && (email || names) && w.signup <= w.contact) return 'contact';
  // Search words and no address to answer to: a search or a lookup, even when its boxes ask for a
  // place or a name (a people search, a store finder).
  if (w.search > 0 && !mail && w.search >= Math.max(w.signup, w.login, w.contact, w.checkout, w.newsletter)) return 'search';
  // The form says it is a mailing list ("Newsletter", "Subscribe"), and asks for no password: whatever
  // else it asks (a name, a postcode, a birthday) goes with the subscription.
  if (email && w.newsletter > 0 && w.newsletter >= w.account) return 'newsletter';
  // A street with its town or postcode is delivered to.
  if (address >= 2 && street >= 1) return w.signup > w.checkout ? 'signup' : 'checkout';
  // One or two boxes: an address to write to (newsletter), or the first step of an account.
  if (text <= 3 && !message && !address) {
    if (w.login > w.signup && !names) return 'login';
    if (email && w.account > 0) return 'signup';
    if (email && w.signup > 0) return names || text > 1 ? 'signup' : 'newsletter';
    if (email && !other) return 'newsletter';
  }
  // Sign-up words over fewer payment words, and no card asked: an account ("Join now, put away your
  // credit card"), whatever else it asks.
  if (!cards && w.signup > w.checkout && (email || names)) return 'signup';
  if (w.checkout > 0 && (address || w.checkout > Math.max(w.signup, w.contact))) return 'checkout';
  if (w.signup > 0 && (email || names)) return 'signup';
  if (w.contact > 0 && (email || names || message)) return 'contact';
  if (address) return 'checkout';
  if (email && personal >= 3) return 'signup';
  return 'other';
}
