/**
 * classify: each collected field to an HTML autocomplete token (or UNKNOWN), as pure functions of the
 * facts from `collect.ts`. No DOM: runs in the background service worker and in Node tests.
 *
 * Three passes (see classify.design.md):
 *  1. the page's own `autocomplete` attribute, when it names a token we know;
 *  2. per field, evidence from each text source (label, aria, placeholder, title, nearby text,
 *     name/id) through the ordered multilingual patterns of `rules/lexicon.ts`, select options and
 *     radio labels through `rules/options.ts`, and the input type; the best-supported verdict wins;
 *  3. per form, the context: log-in vs sign-up (password kind, "email" as log-in identifier),
 *     ambiguous name words, and runs of unlabelled parts (phone, date, name, address line 2).
 */

import { core, identWords, looksLikeValue, norm } from './classify-text';
import { CONSENT, CURRENT_PASSWORD, LOGIN, NEW_PASSWORD, NOT_A_LABEL, PATTERNS, SIGNUP, type Verdict } from './rules/lexicon';
import { isSexValue, type OptionKind, optionKind } from './rules/options';
import type { Classification, FieldFacts, Role, Token, TokenRole } from './types';
import { TOKEN_ROLES } from './types';

// ------------------------------------------------------------------------------------------------
// Roles: one row per role, so a role without a row fails to compile.

type Kind = 'text' | 'select' | 'textarea' | 'choice';
interface RoleInfo {
  /** May the planner put profile data into it? */
  fillable: boolean;
  /** Control kinds this role can live in ('text' covers every typed input). */
  kinds: Kind[];
}
const T: Kind[] = ['text'];
const TS: Kind[] = ['text', 'select'];
const ANY: Kind[] = ['text', 'select', 'textarea', 'choice'];
export const ROLE_INFO: Record<Role, RoleInfo> = {
  'honorific-prefix': { fillable: true, kinds: TS },
  'given-name': { fillable: true, kinds: T },
  'additional-name': { fillable: true, kinds: T },
  'family-name': { fillable: true, kinds: T },
  name: { fillable: true, kinds: T },
  nickname: { fillable: true, kinds: T },
  email: { fillable: true, kinds: T },
  tel: { fillable: true, kinds: T },
  'tel-country-code': { fillable: true, kinds: TS },
  'tel-area-code': { fillable: true, kinds: T },
  'tel-local-prefix': { fillable: true, kinds: T },
  'tel-local-suffix': { fillable: true, kinds: T },
  'tel-extension': { fillable: true, kinds: T },
  'x-fax': { fillable: true, kinds: T },
  organization: { fillable: true, kinds: T },
  'organization-title': { fillable: true, kinds: T },
  'street-address': { fillable: true, kinds: ['text', 'textarea'] },
  'address-line1': { fillable: true, kinds: ['text', 'textarea'] },
  'address-line2': { fillable: true, kinds: T },
  'x-house-number': { fillable: true, kinds: T },
  'x-po-box': { fillable: true, kinds: T },
  'address-level2': { fillable: true, kinds: TS },
  'address-level1': { fillable: true, kinds: TS },
  'postal-code': { fillable: true, kinds: T },
  country: { fillable: true, kinds: TS },
  bday: { fillable: true, kinds: T },
  'bday-day': { fillable: true, kinds: TS },
  'bday-month': { fillable: true, kinds: TS },
  'bday-year': { fillable: true, kinds: TS },
  sex: { fillable: true, kinds: ['select', 'choice'] },
  url: { fillable: true, kinds: T },
  language: { fillable: true, kinds: TS },
  // Credentials and payment data are recognised but never come from the profile.
  username: { fillable: false, kinds: T },
  'new-password': { fillable: false, kinds: T },
  'current-password': { fillable: false, kinds: T },
  'one-time-code': { fillable: false, kinds: T },
  'cc-name': { fillable: false, kinds: T },
  'cc-number': { fillable: false, kinds: T },
  'cc-exp': { fillable: false, kinds: T },
  'cc-exp-month': { fillable: false, kinds: TS },
  'cc-exp-year': { fillable: false, kinds: TS },
  'cc-csc': { fillable: false, kinds: T },
  'cc-type': { fillable: false, kinds: TS },
  // Never-fill roles: recognised so that nothing is put into them.
  search: { fillable: false, kinds: T },
  captcha: { fillable: false, kinds: T },
  honeypot: { fillable: false, kinds: ANY },
  message: { fillable: false, kinds: ['text', 'textarea'] },
  coupon: { fillable: false, kinds: T },
  consent: { fillable: false, kinds: ['choice'] },
  'other-choice': { fillable: false, kinds: ['choice', 'text'] },
};

const TOKENS = new Set<string>(TOKEN_ROLES);
/**
 * How many of a select's options the classifier reads to tell what the list is (countries, months,
 * years...). Collect keeps up to 300 so the planner can match any of them; the kind of a list shows
 * in its first 40, and reading more tipped long nationality lists towards languages on the corpus.
 */
const OPTION_EVIDENCE = 40;
const NEVER_FILL = new Set<Role>(['search', 'captcha', 'honeypot', 'message', 'coupon', 'consent', 'other-choice']);
const isToken = (r: Role | null): r is TokenRole => r !== null && TOKENS.has(r);

// ------------------------------------------------------------------------------------------------
// Pass 1: the autocomplete attribute.

export interface ParsedAutocomplete {
  /** `section-*` name, "" if none. */
  section: string;
  /** "shipping" / "billing" / "". */
  hint: string;
  /** Contact kind for tel/email tokens: "home", "work", "mobile", "fax", "pager" or "". */
  contact: string;
  /** The field name as written ("email", "country-name", "cc-given-name" ...). */
  field: string;
  /** The role it means for us, or null when the token is valid HTML but not a role we fill. */
  role: TokenRole | null;
}

/** Spec tokens and common variants that mean one of our roles. */
const AC_ALIAS: Record<string, TokenRole | null> = {
  'country-name': 'country',
  'tel-national': 'tel',
  'tel-local': 'tel',
  'cc-given-name': 'given-name',
  'cc-family-name': 'family-name',
  'cc-additional-name': 'additional-name',
  'address-line3': null,
  'address-level3': null,
  'address-level4': null,
  'honorific-suffix': null,
  photo: null,
  impp: null,
  'transaction-currency': null,
  'transaction-amount': null,
  webauthn: null,
  'cc-family': 'family-name',
  'cc-given': 'given-name',
  fax: 'x-fax',
  sex: 'sex',
  gender: 'sex',
  phone: 'tel',
  mobile: 'tel',
  zip: 'postal-code',
  zipcode: 'postal-code',
  city: 'address-level2',
  state: 'address-level1',
  firstname: 'given-name',
  'first-name': 'given-name',
  lastname: 'family-name',
  'last-name': 'family-name',
  given_name: 'given-name',
  family_name: 'family-name',
};
const CONTACT = new Set(['home', 'work', 'mobile', 'fax', 'pager']);

/**
 * Parse an `autocomplete` attribute ("section-a shipping tel", "email", "off"). Returns null for
 * "off", "on", empty and junk (pages write "nope", "false", random strings to defeat autofill).
 */
export function parseAutocomplete(attr: string): ParsedAutocomplete | null {
  const words = norm(attr).split(' ').filter(Boolean);
  if (!words.length || words.length > 5) return null;
  let section = '',
    hint = '',
    contact = '';
  let i = 0;
  if (words[i]?.startsWith('section-')) section = words[i++]!.slice(8);
  if (words[i] === 'shipping' || words[i] === 'billing') hint = words[i++]!;
  if (CONTACT.has(words[i] ?? '') && i + 1 < words.length) contact = words[i++]!;
  const field = words[i];
  if (!field || field === 'off' || field === 'on') return null;
  let role: TokenRole | null;
  if (field in AC_ALIAS) role = AC_ALIAS[field] ?? null;
  else if (TOKENS.has(field) && !field.startsWith('x-')) role = field as TokenRole;
  else return null;
  if (role === 'tel' && contact === 'fax') role = 'x-fax';
  return { section, hint, contact, field, role };
}

// ------------------------------------------------------------------------------------------------
// Pass 2: evidence per field.

interface Vote {
  verdict: Verdict;
  weight: number;
  source: string;
  rank: number;
}

type Match = { verdict: Verdict; rank: number } | null;

/**
 * Pages repeat their labels ("First name" in every address block), so matches are memoised.
 * Bounded: the cache is dropped when it grows past a few thousand entries.
 */
const textCache = new Map<string, Match>();
const identCache = new Map<string, Match>();
function memo(cache: Map<string, Match>, key: string, compute: () => Match): Match {
  let m = cache.get(key);
  if (m === undefined) {
    if (cache.size > 4000) cache.clear();
    m = compute();
    cache.set(key, m);
  }
  return m;
}

/** First pattern (in lexicon order) that matches `text` as a label. */
function matchText(text: string): Match {
  if (!text) return null;
  return memo(textCache, text, () => {
    const t = norm(text);
    let c: string | undefined;
    for (let i = 0; i < PATTERNS.length; i++) {
      const p = PATTERNS[i]!;
      if (p.text && (!p.maxLen || t.length <= p.maxLen) && p.text.test(t)) return { verdict: p.verdict, rank: i };
      if (p.exact) {
        c ??= core(text);
        if (p.exact.test(c)) return { verdict: p.verdict, rank: i };
      }
    }
    return null;
  });
}

/** First pattern that matches attribute words. */
function matchIdent(words: string): Match {
  if (!words || /^\d*$/.test(words.replace(/ /g, ''))) return null;
  return memo(identCache, words, () => {
    for (let i = 0; i < PATTERNS.length; i++) {
      const p = PATTERNS[i]!;
      if (p.ident?.test(words)) return { verdict: p.verdict, rank: i };
    }
    return null;
  });
}

const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const PHONE_VALUE = /^\+?[\d\s().\-/]{7,}$|^[x#]{3}[\s-]?[x#]{3}[\s-]?[x#]{4}$/i;

/** Placeholder values that show the expected format: "jane@example.com", "(555) 555-1234", "MM/YY". */
function valueShape(s: string): Verdict | null {
  const t = s.trim();
  if (EMAIL_VALUE.test(t)) return 'email';
  if (/^(\d{4}|[x•*]{4})([ -]?(\d{4}|[x•*]{4})){3}$/i.test(t)) return 'cc-number';
  if (/^(mm|mo)\s*\/\s*(yy|yyyy|aa|jj)$/i.test(t)) return 'cc-exp';
  if (/^(dd|tt|jj)[./-](mm)[./-](yy|yyyy|jjjj|aaaa)$|^mm[./-]dd[./-](yy|yyyy)$/i.test(t)) return 'bday';
  if (PHONE_VALUE.test(t) && /\d.*\d.*\d/.test(t)) return 'tel';
  if (/^https?:\/\/|^www\./i.test(t)) return 'url';
  return null;
}

/** The lexicon's coupon words (gift cards, vouchers, promotion codes). */
const COUPON = PATTERNS.find((p) => p.verdict === 'coupon')!;

/** The lexicon's first `skip` entry: secrets other than the password (answers, SSN, hints, OpenID). */
const SECRET_SKIP = PATTERNS.findIndex((p) => p.verdict === 'skip');

const TEL_FAMILY = new Set<Verdict>(['tel', 'tel-area-code', 'tel-local-prefix', 'tel-local-suffix', 'tel-country-code', 'tel-extension']);

const controlKind = (f: FieldFacts): Kind =>
  f.tag === 'select' ? 'select' : f.tag === 'textarea' ? 'textarea' : f.type === 'checkbox' || f.type === 'radio' ? 'choice' : 'text';

/** Input types that never hold profile data. */
const INERT_TYPES = /^(file|range|color|time|datetime-local|week|month|image|button|submit|reset|hidden)$/;

/** Per-field result of pass 2, before the form context is applied. */
interface Draft {
  f: FieldFacts;
  kind: Kind;
  verdict: Verdict | null;
  score: number;
  source: string;
  /** The field has no words of its own (only separators, or nothing): a continuation of the previous one. */
  bare: boolean;
  /** A month / day / year part word in its own texts, or from its options. */
  part: 'day' | 'month' | 'year' | null;
  options: OptionKind;
  /** Role from the autocomplete attribute (already decided). */
  fromAutocomplete: boolean;
  /** Lexicon position of the pattern behind the verdict (Infinity when it came from the type or options). */
  rank: number;
  /** Texts of the field (normalised), for the context rules. */
  text: string;
  ident: string;
}

const PART_DAY = /\bday\b|\bdd\b|\btag\b|\bjour\b|\bjj\b|\bdia\b|\bgiorno\b|\bgg\b|\bdag\b|\bd\b|日|день|\bnap\b|\bdzien\b/;
const PART_MONTH = /\bmonth\b|\bmm\b|\bmo\b|\bmonat\b|\bmois\b|\bmes\b|\bmese\b|\bmaand\b|\bm\b|月|месяц|\bhonap\b|\bmiesiac\b/;
const PART_YEAR =
  /\byear\b|\byyyy\b|\byy\b|\byr\b|\bjahr\b|\bjjjj\b|\bannee\b|\baaaa\b|\bano\b|\banno\b|\bjaar\b|\by\b|年|(?<![а-яё])год(?![а-яё])|\bev\b|\brok\b/;

function partOf(text: string, ident: string): Draft['part'] {
  for (const s of [text, ident]) {
    if (!s) continue;
    const y = PART_YEAR.test(s),
      m = PART_MONTH.test(s),
      d = PART_DAY.test(s);
    if (y && !m && !d) return 'year';
    if (m && !y && !d) return 'month';
    if (d && !y && !m) return 'day';
  }
  return null;
}

function draft(f: FieldFacts): Draft {
  const kind = controlKind(f);
  const nameW = identWords(f.name),
    idW = identWords(f.id),
    hintW = identWords(f.hints);
  const identText = [nameW, idW, hintW].filter(Boolean).join(' | ');
  const ownTexts = [...f.labels, f.ariaLabel, f.labelledBy, f.placeholder, f.title].filter((s) => s && !NOT_A_LABEL.test(s));
  const text = norm([...ownTexts, f.nearby].join(' | '));
  const d: Draft = {
    f,
    kind,
    verdict: null,
    score: 0,
    source: '',
    bare: false,
    part: null,
    options: null,
    fromAutocomplete: false,
    rank: Infinity,
    text,
    ident: identText,
  };
  d.bare = ownTexts.length === 0 && (!f.nearby || NOT_A_LABEL.test(f.nearby) || f.nearby.length <= 2);
  d.part = partOf(norm([f.ariaLabel, f.placeholder, f.title, ...f.labels].join(' ')), identText);
  if (kind === 'select') {
    d.options = optionKind(f.options.length > OPTION_EVIDENCE ? f.options.slice(0, OPTION_EVIDENCE) : f.options, f.optionCount);
    if (d.options === 'month' || d.options === 'day') d.part = d.options;
    else if (d.options === 'year-past' || d.options === 'year-future') d.part = 'year';
  }

  // 1. The page's own autocomplete attribute.
  const ac = parseAutocomplete(f.autocomplete);
  if (ac?.role && kind !== 'choice' && ROLE_INFO[ac.role].kinds.includes(kind === 'textarea' ? 'textarea' : kind)) {
    // The generic "name" token on a field whose label asks for one part of the name: the label is
    // more specific (pages copy autocomplete="name" onto first- and last-name fields).
    const label = matchText(f.labels.join(' ') || f.ariaLabel || f.placeholder);
    if (
      ac.role === 'name' &&
      label &&
      (label.verdict === 'given-name' || label.verdict === 'family-name' || label.verdict === 'additional-name')
    ) {
      return { ...d, verdict: label.verdict, score: 2, source: 'label' };
    }
    return { ...d, verdict: ac.role, score: 10, source: 'autocomplete', fromAutocomplete: true };
  }
  if (kind === 'text' && INERT_TYPES.test(f.type)) return { ...d, verdict: 'skip', score: 1, source: 'type' };
  if (kind === 'choice') return choice(d);

  // 2. Votes from each text source.
  const votes: Vote[] = [];
  const vote = (m: { verdict: Verdict; rank: number } | null, weight: number, source: string): void => {
    // Bot traps and captchas are rare words; when present they decide.
    // Words that are ambiguous on their own ("Nombre", "Name") weigh less than a specific attribute.
    if (m) {
      const w =
        m.verdict === 'honeypot' || m.verdict === 'captcha'
          ? weight * 2
          : m.verdict === 'given-or-name' || m.verdict === 'family-or-name' || PATTERNS[m.rank]?.weak
            ? weight * 0.6
            : weight;
      votes.push({ verdict: m.verdict, weight: w, source, rank: m.rank });
    }
  };
  const labelText = [...new Set(f.labels)].join(' ');
  vote(matchText(labelText), 1, 'label');
  vote(matchText(f.ariaLabel), 1, 'label');
  if (f.labelledBy && f.labelledBy !== f.ariaLabel && f.labelledBy !== labelText) vote(matchText(f.labelledBy), 0.9, 'label');
  if (f.placeholder) {
    const shape = valueShape(f.placeholder);
    if (shape) votes.push({ verdict: shape, weight: 0.6, source: 'placeholder', rank: 999 });
    else if (!looksLikeValue(f.placeholder)) vote(matchText(f.placeholder), 0.85, 'placeholder');
  }
  if (f.title && f.title !== f.placeholder && f.title !== labelText) vote(matchText(f.title), 0.5, 'label');
  if (f.nearby && !NOT_A_LABEL.test(f.nearby)) {
    // The label is usually the end of the text before a control: try its last phrase first.
    const parts = nearbyParts(f.nearby);
    const last = parts.length > 1 ? parts[parts.length - 1]! : '';
    const tail = f.nearby.length > 40 ? f.nearby.slice(-40) : '';
    const m = (last && matchText(last)) || (tail && matchText(tail)) || matchText(f.nearby);
    vote(m, ownLabelled(f) ? 0.3 : 0.8, 'nearby');
  }
  const idm = matchIdent(nameW) ?? matchIdent(idW) ?? matchIdent(hintW);
  vote(idm, 0.7, 'name');

  // The input type is evidence too.
  if (f.type === 'email') votes.push({ verdict: 'email', weight: 0.9, source: 'type', rank: 1000 });
  else if (f.type === 'tel') {
    const part = votes.find((v) => TEL_FAMILY.has(v.verdict));
    votes.push({ verdict: part ? part.verdict : 'tel', weight: 0.45, source: 'type', rank: 1000 });
  } else if (f.type === 'url') votes.push({ verdict: 'url', weight: 0.9, source: 'type', rank: 1000 });
  else if (f.type === 'search') votes.push({ verdict: 'search', weight: 0.8, source: 'type', rank: 1000 });
  else if (f.type === 'password') votes.push({ verdict: 'current-password', weight: 0.9, source: 'type', rank: 1000 });

  // Select options.
  if (kind === 'select' && d.options) {
    const o = d.options;
    // Lists of countries, states, genders and card brands say what the field is. Day, month and year
    // lists only say which part of a date it is: the date's meaning comes from words or neighbours.
    const v: Verdict | null =
      o === 'country'
        ? 'country'
        : o === 'state'
          ? 'address-level1'
          : o === 'sex'
            ? 'sex'
            : o === 'cc-type'
              ? 'cc-type'
              : o === 'language'
                ? 'language'
                : null;
    if (v) votes.push({ verdict: v, weight: 1.5, source: 'options', rank: 1001 });
  }

  return decide(d, votes);
}

/** The phrases of the text before a control ("Contact  Phone:" -> "Contact", "Phone"), separators dropped. */
const nearbyParts = (nearby: string): string[] =>
  nearby
    .split(/[:：|]\s+|\s{2,}/)
    .map((x) => x.trim())
    .filter((x) => x && !NOT_A_LABEL.test(x));

/** Does the field have label-like text of its own (so nearby text is only context)? */
const ownLabelled = (f: FieldFacts): boolean => !!(f.labels.length || f.ariaLabel || f.labelledBy || f.placeholder);

/** Roles a control kind may take; password inputs hold only secrets. */
function compatible(v: Verdict, d: Draft): boolean {
  if (v === 'skip' || v === 'given-or-name' || v === 'family-or-name') return d.kind === 'text' || d.kind === 'textarea' || v === 'skip';
  const info = ROLE_INFO[v];
  if (!info.kinds.includes(d.kind)) {
    // date parts and expiry parts come as selects; their base verdicts are resolved later
    if (d.kind === 'select' && (v === 'bday' || v === 'cc-exp')) return true;
    if (d.kind === 'textarea' && (v === 'name' || v === 'organization' || v === 'address-level2')) return true;
    return false;
  }
  if (d.f.type === 'password')
    return (
      v === 'current-password' || v === 'new-password' || v === 'one-time-code' || v === 'cc-csc' || v === 'captcha' || v === 'honeypot'
    );
  if (d.f.type === 'email') return v === 'email' || v === 'username' || v === 'honeypot' || v === 'search' || v === 'coupon';
  return true;
}

function decide(d: Draft, votes: Vote[]): Draft {
  const f = d.f;
  // Sum the weights per verdict; the strongest single vote names the source.
  const scores = new Map<Verdict, { w: number; rank: number; source: string; top: number }>();
  for (const v of votes) {
    if (!compatible(v.verdict, d)) continue;
    const s = scores.get(v.verdict);
    if (!s) scores.set(v.verdict, { w: v.weight, rank: v.rank, source: v.source, top: v.weight });
    else {
      s.w += v.weight;
      s.rank = Math.min(s.rank, v.rank);
      if (v.weight > s.top) {
        s.top = v.weight;
        s.source = v.source;
      }
    }
  }
  let best: Verdict | null = null,
    bw = 0,
    brank = Infinity,
    bsrc = '';
  for (const [verdict, s] of scores) {
    if (s.w > bw + 1e-9 || (Math.abs(s.w - bw) < 1e-9 && s.rank < brank)) {
      best = verdict;
      bw = s.w;
      brank = s.rank;
      bsrc = s.source;
    }
  }
  if (!best && d.kind === 'textarea') {
    best = 'message';
    bw = 0.3;
    bsrc = 'type';
  }
  if (!best && f.type === 'password') {
    best = 'current-password';
    bw = 0.3;
    bsrc = 'type';
  }
  if (!best && f.type === 'date') {
    best = 'skip';
    bw = 0.3;
    bsrc = 'type';
  }
  if (best === 'address-line1' && d.kind === 'textarea') best = 'street-address';
  if (best === 'bday' && f.type === 'date') return { ...d, verdict: 'bday', score: bw, source: bsrc };
  if (f.type === 'date' && best !== 'bday') best = 'skip';
  return { ...d, verdict: best, score: bw, source: bsrc, rank: brank };
}

/** Checkboxes and radios: consent, gender, or some other choice. */
function choice(d: Draft): Draft {
  const f = d.f;
  const own = [f.after, ...f.labels, f.ariaLabel, f.value].filter(Boolean).join(' ');
  if (f.type === 'checkbox') {
    const t = norm([own, f.nearby, f.legend, identWords(f.name)].join(' '));
    return { ...d, verdict: CONSENT.test(t) ? 'consent' : 'other-choice', score: 1, source: 'type' };
  }
  // Radio: a gender/salutation group, else just a choice.
  const group = norm([f.legend, f.nearby, f.labelledBy, f.ariaLabel].join(' '));
  const sexWord = PATTERNS.find((p) => p.verdict === 'sex')!;
  const ownIsSex = [f.after, ...f.labels, f.value].some((s) => s && isSexValue(s));
  const identSex = sexWord.ident!.test(identWords(f.name)) || sexWord.ident!.test(identWords(f.id));
  const groupSex = sexWord.text!.test(group) || f.labels.some((l) => sexWord.text!.test(norm(l)));
  const ownLabel = f.after || f.labels[f.labels.length - 1] || '';
  if (identSex || (groupSex && ownIsSex) || isSexValue(ownLabel)) {
    return { ...d, verdict: 'sex', score: 1, source: identSex ? 'name' : 'label' };
  }
  return { ...d, verdict: 'other-choice', score: 0.5, source: 'type' };
}

// ------------------------------------------------------------------------------------------------
// Pass 3: the form context.

type FormKind = 'login' | 'signup' | 'other';
const SOCIAL =
  /\b(with|via|using|mit|avec|con|com|met) (apple|google|facebook|twitter|x|microsoft|linkedin|github|amazon|yahoo|paypal|line|kakao|naver|vk|sso|passkey|a passkey)\b|continue with|connect with/;

function formKind(ds: Draft[]): FormKind {
  const form = ds[0]!.f.form;
  // Hidden copies of a log-in box (a second layout kept in the page) are not a second password.
  const allPw = ds.filter((d) => d.verdict === 'current-password' || d.verdict === 'new-password');
  const shownPw = allPw.filter((d) => d.f.visibility?.visible !== false);
  const pw = shownPw.length ? shownPw : allPw;
  // Social log-in buttons ("Sign in with Apple") say nothing about this form.
  const submit = norm(form.submitTexts.filter((t) => !SOCIAL.test(norm(t))).join(' | '));
  const heading = norm(form.heading);
  const newMarked = pw.some((d) => NEW_PASSWORD.test(d.text) || NEW_PASSWORD.test(d.ident));
  const personal = ds.filter(
    (d) =>
      d.verdict === 'given-name' ||
      d.verdict === 'family-name' ||
      d.verdict === 'name' ||
      d.verdict === 'tel' ||
      d.verdict === 'address-line1' ||
      d.verdict === 'bday' ||
      d.verdict === 'sex' ||
      d.verdict === 'postal-code',
  ).length;
  const textish = ds.filter(
    (d) => d.kind === 'text' && d.f.type !== 'password' && d.verdict !== 'search' && d.verdict !== 'captcha' && d.verdict !== 'honeypot',
  ).length;
  if (pw.length >= 2 || newMarked) return 'signup';
  const score = (re: RegExp): number => (re.test(submit) ? 2 : 0) + (re.test(heading) ? 1 : 0);
  const up = score(SIGNUP),
    inn = score(LOGIN);
  if (pw.length === 1) {
    if (up > inn) return 'signup';
    if (inn > up) return personal >= 2 ? 'signup' : 'login';
    return textish <= 2 && personal === 0 ? 'login' : 'signup';
  }
  // No password: a first log-in step ("email, then next") or anything else.
  if (inn > 0 && up === 0 && textish <= 1 && personal === 0) return 'login';
  return 'other';
}

/** Group drafts by form (within one document: same frame, same form index). */
function byForm(ds: Draft[]): Draft[][] {
  const groups = new Map<string, Draft[]>();
  for (const d of ds) {
    const k = `${d.f.frame.origin}${d.f.frame.path}#${d.f.form.index}`;
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(d);
  }
  return [...groups.values()];
}

function applyContext(ds: Draft[]): void {
  const kind = formKind(ds);
  const has = (v: Verdict): boolean => ds.some((d) => d.verdict === v);

  for (const d of ds) {
    // The PIN of a gift card or voucher, in a password box, is not the account's password.
    if (
      d.verdict === 'current-password' &&
      !d.fromAutocomplete &&
      (COUPON.ident!.test(d.ident) || matchText(ownLabel(d.f))?.verdict === 'coupon')
    )
      d.verdict = 'skip';
    // Passwords: new in a sign-up form (or when the field says so), current in a log-in form.
    if (d.verdict === 'current-password' || d.verdict === 'new-password') {
      const own = `${d.text} ${d.ident}`;
      if (d.fromAutocomplete) {
        // Log-in pages that mark their password "new-password" (to stop browsers suggesting one).
        if (d.verdict === 'new-password' && kind === 'login' && !NEW_PASSWORD.test(own)) d.verdict = 'current-password';
        continue;
      }
      if (CURRENT_PASSWORD.test(own)) d.verdict = 'current-password';
      else if (NEW_PASSWORD.test(own) || kind === 'signup') d.verdict = 'new-password';
      else d.verdict = 'current-password';
    }
    // In a log-in form the email address is the account identifier (autocomplete="username").
    if (kind === 'login' && (d.verdict === 'email' || d.verdict === 'tel') && d.kind === 'text') {
      if (d.verdict === 'email' || /user|login|account|e-?mail|phone|mobile/.test(`${d.text} ${d.ident}`)) d.verdict = 'username';
    }
    // "Email or phone" outside a log-in form asks for an address to reach the person.
    if (
      kind !== 'login' &&
      d.verdict === 'username' &&
      !d.fromAutocomplete &&
      /e-?mail|courriel|correo|почт/.test(d.text) &&
      !/user|login|benutzer|utilisateur|usuario|utente|gebruiker|логин|пользоват|account|member|customer|client|handle|nick|profile|player|id\b/.test(
        d.text,
      )
    ) {
      d.verdict = 'email';
    }
    // Account, customer and member numbers identify a log-in, nothing else.
    if (
      d.verdict === 'username' &&
      !d.fromAutocomplete &&
      kind !== 'login' &&
      /(account|customer|client|member(ship)?|kunden|policy|contract)\s*(id|number|nummer|no|nr|#)|kundennummer/.test(d.text) &&
      !/user/.test(d.text)
    )
      d.verdict = null;
    // "Your name" with an attribute saying user_name, in a form that is not about an account.
    if (kind === 'other' && d.verdict === 'username' && !d.fromAutocomplete) {
      const own = matchText([...d.f.labels, d.f.ariaLabel, d.f.placeholder].filter(Boolean).join(' ') || d.f.nearby);
      if (own && (own.verdict === 'name' || own.verdict === 'given-or-name' || own.verdict === 'family-or-name')) d.verdict = 'name';
    }
    // A nickname in an account form is the user name.
    if (d.verdict === 'nickname' && kind !== 'other') d.verdict = 'username';
  }

  // In a log-in form, the text field right before the password is the account identifier, whatever
  // it is called ("Member number", "NetID", "Имя", "E-mail").
  if (kind === 'login') {
    const pwAt = ds.findIndex((d) => d.verdict === 'current-password' || d.verdict === 'new-password');
    const visible = (d: Draft): boolean => d.f.visibility?.visible !== false;
    const end = pwAt >= 0 ? pwAt : ds.length;
    const pwVisible = pwAt >= 0 ? visible(ds[pwAt]!) : true;
    for (let i = end - 1; i >= 0; i--) {
      const d = ds[i]!;
      if (d.kind !== 'text' || d.f.type === 'password' || NEVER_FILL.has(d.verdict as Role) || (pwVisible && !visible(d))) continue;
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
  }

  // A row of labels above a row of inputs ("First name: *  Last name: *" then two boxes): the text
  // before the first box holds every label of the row, the last of which belongs to the next box.
  // The labels are shared out from the end, one per box, when each of them names a field.
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

  // Ambiguous name words: the generic word for "name" next to a surname field is the given name
  // ("Nombre" + "Apellidos", "Name" + "Nachname", "Nom" + "Nom de famille"); next to a first-name
  // field it is the surname ("Nom" + "Prénom", "Name" + "Vorname"); alone it is the full name.
  const given = has('given-name'),
    family = has('family-name');
  for (const d of ds) {
    if (d.verdict === 'given-or-name') d.verdict = family && !given ? 'given-name' : 'name';
    else if (d.verdict === 'family-or-name') d.verdict = given && !family ? 'family-name' : family && !given ? 'given-name' : 'name';
    else if (d.verdict === 'name') {
      const label = core(ownLabel(d.f));
      if (family && !given && GENERIC_NAME.test(label)) d.verdict = 'given-name';
      else if (d.source !== 'autocomplete' && given && !family && /^(name|nom|naam|navn)$/.test(label)) d.verdict = 'family-name';
    }
  }

  // A language picker is a profile field only in a form that asks for the person's details: in a
  // log-in form, or next to nothing personal (a site's language switcher, a search filter), it is not.
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

  // Runs of parts: a labelled field followed by bare fields of the same kind.
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

  // Date and expiry parts that carry their own words.
  for (const d of ds) {
    if (d.fromAutocomplete) continue;
    if (d.verdict === 'bday' && d.f.type !== 'date') {
      const p = d.part ?? (d.f.maxLength === 4 ? 'year' : null);
      if (p) d.verdict = p === 'day' ? 'bday-day' : p === 'month' ? 'bday-month' : 'bday-year';
      else if (d.kind === 'select') d.verdict = null;
    }
    if (d.verdict === 'cc-exp') {
      const p = d.part ?? (d.kind === 'select' ? null : d.f.maxLength === 2 && /\bmm\b|month/.test(d.text) ? 'month' : null);
      if (p === 'month') d.verdict = 'cc-exp-month';
      else if (p === 'year') d.verdict = 'cc-exp-year';
      else if (d.kind === 'select') d.verdict = null;
    }
    // A "security code" / "verification code" is a card code only next to a card number.
    if (
      d.verdict === 'cc-csc' &&
      !d.fromAutocomplete &&
      !has('cc-number') &&
      !has('cc-exp') &&
      !has('cc-exp-month') &&
      !/\bcvv|\bcvc|\bcsc\b|\bcvn\b|card/.test(`${d.text} ${d.ident}`) &&
      !PAYMENT.test(norm(d.f.form.heading))
    )
      d.verdict = null;
  }

  // Day, month and year selects side by side, the years in the past: a date of birth.
  for (let i = 0; i + 2 < ds.length; i++) {
    const three = ds.slice(i, i + 3);
    if (three.some((d) => d.verdict !== null || d.kind !== 'select')) continue;
    const parts = new Set(three.map((d) => d.part));
    if (parts.size === 3 && parts.has('day') && parts.has('month') && three.some((d) => d.options === 'year-past')) {
      for (const d of three) d.verdict = d.part === 'day' ? 'bday-day' : d.part === 'month' ? 'bday-month' : 'bday-year';
    }
  }

  // Selects of day/month/year next to a date of birth part are its siblings.
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i]!;
    if (d.verdict !== null || d.kind !== 'select' || !d.part) continue;
    const near = [ds[i - 1], ds[i + 1], ds[i - 2], ds[i + 2]].filter((x): x is Draft => !!x);
    const bd = near.some((x) => x.verdict?.startsWith('bday'));
    const cc = near.some((x) => x.verdict?.startsWith('cc-exp'));
    if (bd) d.verdict = d.part === 'day' ? 'bday-day' : d.part === 'month' ? 'bday-month' : 'bday-year';
    else if (cc && d.part !== 'day') d.verdict = d.part === 'month' ? 'cc-exp-month' : 'cc-exp-year';
  }
}

/** Headings of a payment section: a security code under one is the card's, even with the card number elsewhere. */
const PAYMENT =
  /\bpayment|\bcredit card|\bdebit card|\bcard details|zahlung|paiement|\bpago\b|pagamento|betaling|betaalmethode|支払|お支払/;

/** The generic word for "name" on its own (after `core()`), in the languages of the lexicon. */
const GENERIC_NAME = /^(name|names|nom|nombre|nome|naam|navn|namn|nimi|nev|nama|ime|imie|имя)$/;

/** The field's own label (label, aria, placeholder; the text before it when it has none). */
function ownLabel(f: FieldFacts): string {
  return f.labels.find((l) => l.trim()) || f.ariaLabel || f.labelledBy || f.placeholder || (ownLabelled(f) ? '' : f.nearby);
}

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
  const m = /(dd|tt|jj|mm)\s*[./-]\s*(dd|tt|jj|mm)\s*[./-]\s*(yyyy|yy|jjjj|aaaa)/.exec(text);
  if (m) return m[1] === 'mm' ? ['month', 'day', 'year'] : ['day', 'month', 'year'];
  return ['month', 'day', 'year'];
}

// ------------------------------------------------------------------------------------------------

function finish(d: Draft): Classification {
  let role: Role | null = null;
  let verdict = d.verdict;
  if (verdict === 'given-or-name' || verdict === 'family-or-name') verdict = 'name';
  if (verdict && verdict !== 'skip') role = verdict;
  if (role === 'bday' && d.kind === 'select') role = null;
  const token: Token = isToken(role) ? role : 'UNKNOWN';
  const fillable = role !== null && token !== 'UNKNOWN' && ROLE_INFO[role].fillable;
  return { token, role, fillable, score: role ? Math.round(d.score * 100) / 100 : 0, source: role ? d.source : '' };
}

/** Classify one field on its own (no form context). */
export function classifyField(f: FieldFacts): Classification {
  return classifyFields([f])[0]!;
}

/** Classify the fields of one collect pass (one document), using each form's context. */
export function classifyFields(fields: FieldFacts[]): Classification[] {
  const drafts = fields.map(draft);
  for (const group of byForm(drafts)) applyContext(group.sort((a, b) => a.f.index - b.f.index));
  return drafts.map(finish);
}
