/**
 * The form-context rules of the classifier (pass 3), in the order they run. Each one is named, says
 * why in one line, and rewrites the verdicts of a form's drafts; `context.ts` runs them. Order
 * matters: a rule sees what the rules before it decided (see classify.design.md, "Pass 3").
 */
import { core, norm } from '../classify-text';
import {
  ACCOUNT_NUMBER,
  ACCOUNT_WORD,
  CARD_CODE_WORD,
  CURRENT_PASSWORD,
  DATE_ORDER,
  EMAIL_WORD,
  EXPIRY_MONTH_WORD,
  GENERIC_NAME,
  LOGIN_ID_WORD,
  LOOKUP_WORDS,
  NEW_PASSWORD,
  OTHER_PERSON,
  PAYMENT,
  PIN_CODE,
  SURNAME_NAME,
  USER_WORD,
  type Verdict,
} from '../rules/lexicon';
import type { Role } from '../types';
import { type ContextRule, REAL_PURPOSES } from './context';
import { COUPON, compatible, type Draft, matchText, nearbyParts, ownLabel, ownLabelled, SECRET_SKIP, TEL_FAMILY } from './evidence';
import { NEVER_FILL, ROLE_INFO } from './roles';

type Part = 'day' | 'month' | 'year';
const bdayPart = (p: Part): 'bday-day' | 'bday-month' | 'bday-year' =>
  p === 'day' ? 'bday-day' : p === 'month' ? 'bday-month' : 'bday-year';

const giftCardPin: ContextRule = {
  name: 'gift-card-pin',
  why: 'The PIN of a gift card or voucher, in a password box, is not the account password.',
  each(d) {
    if (
      d.verdict === 'current-password' &&
      !d.fromAutocomplete &&
      (COUPON.ident!.test(d.ident) || matchText(ownLabel(d.f))?.verdict === 'coupon')
    )
      d.verdict = 'skip';
  },
};

const passwordKind: ContextRule = {
  name: 'password-kind',
  why: 'A password is new in a sign-up form (or when it says so), current in a log-in form.',
  each(d, { kind }) {
    if (d.verdict !== 'current-password' && d.verdict !== 'new-password') return;
    const own = `${d.text} ${d.ident}`;
    if (d.fromAutocomplete) {
      // Log-in pages that mark their password "new-password" (to stop browsers suggesting one).
      if (d.verdict === 'new-password' && kind === 'login' && !NEW_PASSWORD.test(own)) d.verdict = 'current-password';
      return;
    }
    if (CURRENT_PASSWORD.test(own)) d.verdict = 'current-password';
    else if (NEW_PASSWORD.test(own) || kind === 'signup') d.verdict = 'new-password';
    else d.verdict = 'current-password';
  },
};

const loginPhoneIsUsername: ContextRule = {
  name: 'login-phone-is-username',
  why: 'A phone box of a log-in form that names the account ("User ID or mobile") is the account identifier.',
  each(d, { kind }) {
    // An email box keeps its role everywhere: the field asks for an email address, and that is what
    // the person types, on a log-in or reset form too (see "The log-in identifier" in the design note).
    if (kind === 'login' && d.verdict === 'tel' && d.kind === 'text' && LOGIN_ID_WORD.test(`${d.text} ${d.ident}`)) d.verdict = 'username';
  },
};

const emailOrPhoneIsEmail: ContextRule = {
  name: 'email-or-phone-is-email',
  why: '"Email or phone" outside a log-in form asks for an address to reach the person.',
  each(d, { kind }) {
    if (kind !== 'login' && d.verdict === 'username' && !d.fromAutocomplete && EMAIL_WORD.test(d.text) && !ACCOUNT_WORD.test(d.text))
      d.verdict = 'email';
  },
};

const accountNumber: ContextRule = {
  name: 'account-number',
  why: 'Account, customer and member numbers identify a log-in, nothing else.',
  each(d, { kind }) {
    if (d.verdict === 'username' && !d.fromAutocomplete && kind !== 'login' && ACCOUNT_NUMBER.test(d.text) && !USER_WORD.test(d.text))
      d.verdict = null;
  },
};

const yourNameIsName: ContextRule = {
  name: 'your-name-is-name',
  why: '"Your name" with an attribute saying user_name, in a form that is not about an account, is the name.',
  each(d, { kind }) {
    if (kind !== 'other' || d.verdict !== 'username' || d.fromAutocomplete) return;
    const own = matchText([...d.f.labels, d.f.ariaLabel, d.f.placeholder].filter(Boolean).join(' ') || d.f.nearby);
    if (own && (own.verdict === 'name' || own.verdict === 'given-or-name' || own.verdict === 'family-or-name')) d.verdict = 'name';
  },
};

const accountNickname: ContextRule = {
  name: 'account-nickname',
  why: 'A nickname in a log-in or sign-up form is the user name.',
  each(d, { kind }) {
    if (d.verdict === 'nickname' && kind !== 'other') d.verdict = 'username';
  },
};

const loginIdentifier: ContextRule = {
  name: 'login-identifier',
  why: 'In a log-in form the text field right before the password is the account identifier, whatever it is called.',
  apply(ds, { kind }) {
    if (kind !== 'login') return;
    const pwAt = ds.findIndex((d) => d.verdict === 'current-password' || d.verdict === 'new-password');
    const visible = (d: Draft): boolean => d.f.visibility?.visible !== false;
    const end = pwAt >= 0 ? pwAt : ds.length;
    const pwVisible = pwAt >= 0 ? visible(ds[pwAt]!) : true;
    for (let i = end - 1; i >= 0; i--) {
      const d = ds[i]!;
      if (d.kind !== 'text' || d.f.type === 'password' || NEVER_FILL.has(d.verdict as Role) || (pwVisible && !visible(d))) continue;
      // A box that asks for an email address is the email, whatever the form does with it.
      if (d.verdict === 'email') break;
      // Some log-ins ask for a last name or a date of birth next to a member number: keep those.
      const personal =
        d.score >= 1 &&
        (d.verdict === 'given-name' || d.verdict === 'family-name' || d.verdict === 'postal-code' || d.verdict?.startsWith('bday'));
      // (an id number the site uses as log-in is the identifier; a password hint or an OpenID box is not)
      const secret = d.verdict === 'skip' && d.rank === SECRET_SKIP;
      if (
        !personal &&
        !secret &&
        (d.verdict === null || d.verdict === 'skip' || !(d.verdict.startsWith('cc-') || d.verdict === 'one-time-code'))
      ) {
        if (pwAt >= 0 || ds.filter((x) => x.kind === 'text' && x.verdict !== 'search').length === 1) d.verdict = 'username';
      }
      break;
    }
  },
};

const labelRow: ContextRule = {
  name: 'label-row',
  why: 'A row of labels over a row of inputs ("First name: *  Last name: *", two boxes) is shared out one label per box.',
  apply(ds) {
    // The text before the first box holds every label of the row, the last of which belongs to the
    // next box. The labels are shared out from the end, one per box, when each of them names a field.
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      if (d.kind !== 'text' || d.f.type === 'password' || d.fromAutocomplete || d.source !== 'nearby' || ownLabelled(d.f)) continue;
      const followers: Draft[] = [];
      for (let j = i + 1; j < ds.length; j++) {
        const n = ds[j]!;
        if (!n.bare || n.kind !== 'text' || n.f.type === 'password' || n.fromAutocomplete) break;
        followers.push(n);
      }
      if (!followers.length) continue;
      const parts = nearbyParts(d.f.nearby);
      const k = followers.length + 1;
      if (parts.length < k) continue;
      const row = parts.slice(-k).map((p) => matchText(p)?.verdict ?? null);
      if (row.some((v, j) => v === null || v === 'skip' || !compatible(v, j ? followers[j - 1]! : d)) || new Set(row).size < 2) continue;
      d.verdict = row[0]!;
      followers.forEach((n, j) => {
        if (n.verdict === null) n.verdict = row[j + 1]!;
      });
    }
  },
};

const nameWords: ContextRule = {
  name: 'name-words',
  why: 'The generic word for "name" is the given name next to a surname field, the surname next to a first-name field, else the full name.',
  apply(ds, { has }) {
    // "Nombre" + "Apellidos", "Name" + "Nachname", "Nom" + "Nom de famille"; "Nom" + "Prénom", "Name" + "Vorname".
    const given = has('given-name'),
      family = has('family-name');
    for (const d of ds) {
      if (d.verdict === 'given-or-name') d.verdict = family && !given ? 'given-name' : 'name';
      else if (d.verdict === 'family-or-name') d.verdict = given && !family ? 'family-name' : family && !given ? 'given-name' : 'name';
      else if (d.verdict === 'name') {
        const label = core(ownLabel(d.f));
        if (family && !given && GENERIC_NAME.test(label)) d.verdict = 'given-name';
        else if (d.source !== 'autocomplete' && given && !family && SURNAME_NAME.test(label)) d.verdict = 'family-name';
      }
    }
  },
};

const languagePicker: ContextRule = {
  name: 'language-picker',
  why: "A language picker is the person's language only in a form that asks for personal details and is not a log-in.",
  apply(ds, { kind }) {
    // (a site's language switcher, a log-in box's language or a search filter is not)
    for (const d of ds) {
      if (d.verdict !== 'language' || d.fromAutocomplete) continue;
      const personal = ds.some(
        (x) =>
          x !== d &&
          x.kind === 'text' &&
          x.verdict !== null &&
          x.verdict !== 'language' &&
          x.verdict in ROLE_INFO &&
          ROLE_INFO[x.verdict as Role].fillable,
      );
      if (kind === 'login' || !personal) d.verdict = null;
    }
  },
};

const partRuns: ContextRule = {
  name: 'part-runs',
  why: 'A labelled field followed by fields with no words of their own is split: phone, name, address lines, date, expiry.',
  apply(ds) {
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      const run: Draft[] = [d];
      for (let j = i + 1; j < ds.length; j++) {
        const n = ds[j]!;
        const telPart =
          d.verdict !== null &&
          TEL_FAMILY.has(d.verdict) &&
          n.verdict !== null &&
          TEL_FAMILY.has(n.verdict) &&
          n.f.maxLength !== null &&
          n.f.maxLength <= 4 &&
          run.length < 3;
        if (
          !(n.bare || telPart || (n.verdict === null && n.kind === 'select' && (n.part || n.options))) ||
          n.kind === 'choice' ||
          n.f.type === 'password' ||
          n.fromAutocomplete
        )
          break;
        run.push(n);
      }
      resolveParts(run);
    }
  },
};

const dateParts: ContextRule = {
  name: 'date-parts',
  why: 'A date of birth field that says which part it is (day, month, year; or four characters) is that part.',
  each(d) {
    if (d.fromAutocomplete || d.verdict !== 'bday' || d.f.type === 'date') return;
    const p = d.part ?? (d.f.maxLength === 4 ? 'year' : null);
    if (p) d.verdict = bdayPart(p);
    else if (d.kind === 'select') d.verdict = null;
  },
};

const expiryParts: ContextRule = {
  name: 'expiry-parts',
  why: 'A card expiry field that says month or year is that part; an expiry select that says neither is nothing.',
  each(d) {
    if (d.fromAutocomplete || d.verdict !== 'cc-exp') return;
    const p = d.part ?? (d.kind === 'select' ? null : d.f.maxLength === 2 && EXPIRY_MONTH_WORD.test(d.text) ? 'month' : null);
    if (p === 'month') d.verdict = 'cc-exp-month';
    else if (p === 'year') d.verdict = 'cc-exp-year';
    else if (d.kind === 'select') d.verdict = null;
  },
};

const cardCodeNeedsCard: ContextRule = {
  name: 'card-code-needs-card',
  why: 'A "security code" is a card code only next to a card number or expiry, or under a payment heading (else 2FA, e-mail check).',
  each(d, { has }) {
    if (
      d.verdict === 'cc-csc' &&
      !d.fromAutocomplete &&
      !has('cc-number') &&
      !has('cc-exp') &&
      !has('cc-exp-month') &&
      !CARD_CODE_WORD.test(`${d.text} ${d.ident}`) &&
      !PAYMENT.test(norm(d.f.form.heading))
    )
      d.verdict = null;
  },
};

const cardTypeNeedsCard: ContextRule = {
  name: 'card-type-needs-card',
  why: "A card-type choice is the card's only in a form that asks for the card number (else a product filter or a bank to pick).",
  each(d, { has }) {
    // ("Credit card type" beside the number of a card; alone, it sorts offers or chooses a bank)
    if (d.verdict === 'cc-type' && !d.fromAutocomplete && !has('cc-number')) d.verdict = null;
  },
};

const cardNumberNeedsPayment: ContextRule = {
  name: 'card-number-needs-payment',
  why: 'A card number with no expiry, no security code and no payment words, in a sign-up or newsletter form, is a loyalty or member card.',
  each(d, { purpose, has }) {
    // (a bank's log-in by card number keeps it: that is the card, and it is never filled anyway)
    if (d.verdict !== 'cc-number' || d.fromAutocomplete || (purpose !== 'signup' && purpose !== 'newsletter')) return;
    if (has('cc-exp') || has('cc-exp-month') || has('cc-exp-year') || has('cc-csc') || PAYMENT.test(norm(d.f.form.heading))) return;
    d.verdict = null;
  },
};

const pinCodeBesideAddress: ContextRule = {
  name: 'pin-code-beside-address',
  why: 'A "PIN code" box beside a street, town or state is India\'s postcode (Postal Index Number), not a one-time PIN.',
  each(d, { has }) {
    if ((d.verdict !== 'one-time-code' && d.verdict !== null) || d.fromAutocomplete || d.kind !== 'text') return;
    if (!PIN_CODE.test(`${d.text} ${d.ident}`)) return;
    if (has('address-line1') || has('street-address') || has('address-level2') || has('address-level1')) d.verdict = 'postal-code';
  },
};

const someoneElse: ContextRule = {
  name: 'someone-else',
  why: "A field whose own words ask about someone else (a friend to tell, an emergency contact) gets none of the person's data.",
  each(d) {
    if (!d.verdict || d.fromAutocomplete || !ROLE_INFO[d.verdict as Role]?.fillable) return;
    if (OTHER_PERSON.test(norm(ownLabel(d.f)))) d.verdict = 'skip';
  },
};

const loginCompany: ContextRule = {
  name: 'login-company',
  why: "A company box in a log-in form names the account (the company's account on the site), not the person's employer.",
  each(d, { kind }) {
    // (a log-in asks for nothing the profile fills: "Company", "Firma" beside user name and
    // password picks whose account it is)
    if (kind === 'login' && d.verdict === 'organization' && !d.fromAutocomplete && d.kind === 'text') d.verdict = 'username';
  },
};

const birthdaySelects: ContextRule = {
  name: 'birthday-selects',
  why: 'Day, month and year selects side by side, the years in the past, are a date of birth.',
  apply(ds) {
    for (let i = 0; i + 2 < ds.length; i++) {
      const three = ds.slice(i, i + 3);
      if (three.some((d) => d.verdict !== null || d.kind !== 'select')) continue;
      const parts = new Set(three.map((d) => d.part));
      if (parts.size === 3 && parts.has('day') && parts.has('month') && three.some((d) => d.options === 'year-past')) {
        for (const d of three) d.verdict = bdayPart(d.part!);
      }
    }
  },
};

const datePartSiblings: ContextRule = {
  name: 'date-part-siblings',
  why: 'Day, month or year selects (or short boxes that say only which part) next to a part of a birth date or card expiry are parts of the same date.',
  apply(ds) {
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      // (a text box counts when its own words name only the part, "Year" / "YY", and it is short)
      const shortBox = d.kind === 'text' && d.f.type !== 'password' && (d.f.maxLength === null || d.f.maxLength <= 4);
      if (d.verdict !== null || (d.kind !== 'select' && !shortBox) || !d.part) continue;
      const near = [ds[i - 1], ds[i + 1], ds[i - 2], ds[i + 2]].filter((x): x is Draft => !!x);
      const bd = near.some((x) => x.verdict?.startsWith('bday'));
      const cc = near.some((x) => x.verdict?.startsWith('cc-exp'));
      if (bd) d.verdict = bdayPart(d.part);
      else if (cc && d.part !== 'day') d.verdict = d.part === 'month' ? 'cc-exp-month' : 'cc-exp-year';
    }
  },
};

/** Roles a lookup may ask for (a place, a name, a phone book): the person's data only on a real form. */
const LOOKUP_ROLES = new Set<Verdict | null>([
  'postal-code',
  'address-level2',
  'address-level1',
  'address-line1',
  'street-address',
  'country',
  'name',
  'given-name',
  'family-name',
  'given-or-name',
  'family-or-name',
  'tel',
  'url',
  'username',
  'organization',
]);

/** Does the field's own text say it looks something up? Memoised: pages repeat their labels, and scans repeat. */
const lookupCache = new Map<string, boolean>();
function looksUp(d: Draft): boolean {
  // (`d.text` is the field's own texts and the text before it, normalised once by pass 2)
  let v = lookupCache.get(d.text);
  if (v === undefined) {
    if (lookupCache.size > 4000) lookupCache.clear();
    v = LOOKUP_WORDS.test(d.text);
    lookupCache.set(d.text, v);
  }
  return v;
}

const lookupBoxes: ContextRule = {
  name: 'lookup-boxes',
  why: "Beside a form that asks for the person's data, a ZIP, town or name typed to find a store, estimate shipping or search is a query.",
  apply(ds, { purpose, realFormBeside }) {
    // A fill is meant for the real form; the lookup next to it (its own search form, or a box whose
    // own words say it looks something up, inside the real form) gets nothing. A lookup alone on
    // its page keeps its roles: the person who presses fill there wants their town in it.
    // A search by one or two places (a ZIP, a town) finds something near them; a search form that
    // asks for a whole address (street, town, state, ZIP) asks for an address, and keeps its roles.
    const real = REAL_PURPOSES.has(purpose);
    const places = ds.filter((d) => LOOKUP_ROLES.has(d.verdict) && d.kind !== 'choice');
    // A search form with a box for what is sought ("Keywords", "Job title") and one or two places
    // ("Location", "ZIP") finds things near the places, even alone on its page: "jobs in London".
    const queryBox = ds.some((d) => d.verdict === 'search' && d.kind === 'text');
    const searchForm = purpose === 'search' && (realFormBeside || queryBox) && places.length <= 2;
    if (!searchForm && !real && !realFormBeside) return;
    // (with only a query box beside them, the places typed are part of the query; a list to pick a state
    // from is the person's choice of where, and keeps its role)
    for (const d of places) if ((searchForm && (realFormBeside || d.kind === 'text')) || looksUp(d)) d.verdict = 'search';
  },
};

const memberSearch: ContextRule = {
  name: 'member-search',
  why: 'A user-name box in a search form finds someone (posts by a member); it signs nobody in.',
  each(d, { purpose }) {
    if (purpose === 'search' && d.verdict === 'username' && !d.fromAutocomplete) d.verdict = 'search';
  },
};

/** The context rules, in the order they run. */
export const CONTEXT_RULES: readonly ContextRule[] = [
  giftCardPin,
  passwordKind,
  loginPhoneIsUsername,
  emailOrPhoneIsEmail,
  accountNumber,
  yourNameIsName,
  accountNickname,
  loginIdentifier,
  labelRow,
  nameWords,
  languagePicker,
  partRuns,
  dateParts,
  expiryParts,
  cardCodeNeedsCard,
  cardTypeNeedsCard,
  cardNumberNeedsPayment,
  pinCodeBesideAddress,
  someoneElse,
  loginCompany,
  birthdaySelects,
  datePartSiblings,
  lookupBoxes,
  memberSearch,
];

/** A labelled field and the bare fields after it: split phone numbers, dates, names, address lines. */
function resolveParts(run: Draft[]): void {
  const [head, ...rest] = run;
  if (!head || !rest.length || head.verdict === null) return;
  if (head.fromAutocomplete && head.verdict !== 'tel') return;
  const v = head.verdict;
  if (v === 'tel' || v === 'tel-area-code') {
    // (xxx) xxx-xxxx: area code, prefix, suffix; or a country code and the number.
    const lens = run.map((d) => d.f.maxLength);
    if (run.length === 3 && lens[0] !== null && lens[0]! <= 4 && lens[1] !== null && lens[1]! <= 4) {
      head.verdict = 'tel-area-code';
      rest[0]!.verdict = 'tel-local-prefix';
      rest[1]!.verdict = 'tel-local-suffix';
    } else if (run.length === 2 && lens[0] !== null && lens[0]! <= 4) {
      head.verdict = 'tel-area-code';
      rest[0]!.verdict = 'tel';
    }
    return;
  }
  if (v === 'name' && rest.length === 1 && rest[0]!.kind === 'text' && !head.fromAutocomplete) {
    head.verdict = 'given-name';
    rest[0]!.verdict = 'family-name';
    return;
  }
  if ((v === 'address-line1' || v === 'street-address') && rest.length === 1 && rest[0]!.kind === 'text') {
    rest[0]!.verdict = 'address-line2';
    return;
  }
  if ((v === 'bday' || v.startsWith('bday-')) && rest.every((d) => d.kind === head.kind || d.kind === 'select' || d.kind === 'text')) {
    // day/month/year in the order given by each part's own words or options, else the order of
    // the date format written in the label, else month/day/year for US-style, day/month/year otherwise.
    const order = dateOrder(head.text);
    run.forEach((d, k) => {
      const p = d.part ?? (d.f.maxLength === 4 ? 'year' : (order[k] ?? null));
      if (p) d.verdict = p === 'day' ? 'bday-day' : p === 'month' ? 'bday-month' : 'bday-year';
    });
    return;
  }
  if (v === 'cc-exp' || v === 'cc-exp-month') {
    // month then year: selects, or short inputs
    if (
      !rest.every((d) =>
        d.kind === 'select'
          ? d.part === 'year' || d.options === 'year-future'
          : d.f.maxLength !== null && d.f.maxLength >= 2 && d.f.maxLength <= 4,
      )
    )
      return;
    run.forEach((d, k) => {
      const p = d.part ?? (k === 0 ? 'month' : 'year');
      d.verdict = p === 'year' ? 'cc-exp-year' : 'cc-exp-month';
    });
    return;
  }
  if (
    v === 'address-line1' &&
    rest.length === 1 &&
    rest[0]!.kind === 'text' &&
    rest[0]!.f.maxLength !== null &&
    rest[0]!.f.maxLength <= 10
  ) {
    rest[0]!.verdict = 'x-house-number';
  }
}

/** The order of date parts written in a label ("DD/MM/YYYY", "mm-dd-yyyy"); default month/day/year. */
function dateOrder(text: string): Array<'day' | 'month' | 'year'> {
  const m = DATE_ORDER.exec(text);
  if (m) return m[1] === 'mm' ? ['month', 'day', 'year'] : ['day', 'month', 'year'];
  return ['month', 'day', 'year'];
}
