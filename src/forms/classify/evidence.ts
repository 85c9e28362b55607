/**
 * Pass 2 of the classifier: evidence per field. Every text source (label, aria, placeholder, title,
 * nearby text, name/id) is matched against the ordered patterns of `rules/lexicon.ts`, select options
 * and radio labels against `rules/options.ts`, and the input type counts too; the weights of sources
 * that agree are added and the best verdict the control can hold wins (see classify.design.md).
 */
import { core, identWords, looksLikeValue, norm } from '../classify-text';
import {
  CARD_NUMBER_VALUE,
  CONSENT,
  DATE_VALUE,
  DIGITS_ONLY,
  EMAIL_VALUE,
  EXPIRY_VALUE,
  INERT_TYPES,
  NOT_A_LABEL,
  PART_DAY,
  PART_MONTH,
  PART_YEAR,
  PATTERNS,
  PHONE_VALUE,
  PHRASE_BREAK,
  THREE_DIGITS,
  URL_VALUE,
  type Verdict,
} from '../rules/lexicon';
import { isSexValue, type OptionKind, optionKind } from '../rules/options';
import type { FieldFacts, Role } from '../types';
import { parseAutocomplete } from './autocomplete';
import { type Kind, ROLE_INFO } from './roles';

/**
 * How many of a select's options the classifier reads to tell what the list is (countries, months,
 * years...). Collect keeps up to 300 so the planner can match any of them; the kind of a list shows
 * in its first 40, and reading more tipped long nationality lists towards languages on the corpus.
 */
const OPTION_EVIDENCE = 40;

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
export function matchText(text: string): Match {
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
  if (!words || DIGITS_ONLY.test(words.replace(/ /g, ''))) return null;
  return memo(identCache, words, () => {
    for (let i = 0; i < PATTERNS.length; i++) {
      const p = PATTERNS[i]!;
      if (p.ident?.test(words)) return { verdict: p.verdict, rank: i };
    }
    return null;
  });
}

/** Placeholder values that show the expected format: "jane@example.com", "(555) 555-1234", "MM/YY". */
function valueShape(s: string): Verdict | null {
  const t = s.trim();
  if (EMAIL_VALUE.test(t)) return 'email';
  if (CARD_NUMBER_VALUE.test(t)) return 'cc-number';
  if (EXPIRY_VALUE.test(t)) return 'cc-exp';
  if (DATE_VALUE.test(t)) return 'bday';
  if (PHONE_VALUE.test(t) && THREE_DIGITS.test(t)) return 'tel';
  if (URL_VALUE.test(t)) return 'url';
  return null;
}

/** The lexicon's coupon words (gift cards, vouchers, promotion codes). */
export const COUPON = PATTERNS.find((p) => p.verdict === 'coupon')!;

/** The lexicon's first `skip` entry: secrets other than the password (answers, SSN, hints, OpenID). */
export const SECRET_SKIP = PATTERNS.findIndex((p) => p.verdict === 'skip');

export const TEL_FAMILY = new Set<Verdict>([
  'tel',
  'tel-area-code',
  'tel-local-prefix',
  'tel-local-suffix',
  'tel-country-code',
  'tel-extension',
]);

const controlKind = (f: FieldFacts): Kind =>
  f.tag === 'select' ? 'select' : f.tag === 'textarea' ? 'textarea' : f.type === 'checkbox' || f.type === 'radio' ? 'choice' : 'text';

/** Per-field result of pass 2, before the form context is applied. */
export interface Draft {
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

/** The lexicon's first user-name pattern: a label that offers a choice ("Email or username"). */
const EITHER_IDENTIFIER = PATTERNS.findIndex((p) => p.verdict === 'username');

/**
 * A password token on a box that shows what is typed (not `type=password`) whose own words ask for an
 * email address or a user name ("Email Address", "Логин"): the token was copied onto the wrong box
 * (pages set `new-password` on a whole sign-up form to stop browsers suggesting old entries), and the
 * words say what the person types.
 */
function misplacedPassword(f: FieldFacts, role: Role): boolean {
  if ((role !== 'current-password' && role !== 'new-password') || f.type === 'password') return false;
  const own = matchText(f.labels.join(' ') || f.ariaLabel || f.placeholder || f.nearby);
  return own?.verdict === 'email' || own?.verdict === 'username';
}

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

/**
 * The field's own part of a hierarchical name: server frameworks prefix a control's name with its
 * naming containers, joined by `$` or `:` (`ctl00$Main$txtEmail`, `form:j_id5:email`); the containers
 * ("WebPartManager", "MainContent") say nothing about the field and their words ("web", "part") mislead.
 * Bracketed names (`billingAddress[postalCode]`) keep every part: there the prefix says billing.
 */
export function ownSegment(name: string): string {
  const i = Math.max(name.lastIndexOf('$'), name.lastIndexOf(':'));
  return i > 0 && i < name.length - 1 ? name.slice(i + 1) : name;
}

/**
 * The words of the field's id that speak for it. Server frameworks derive the id from the
 * hierarchical name (`ctl00$Main$txtEmail` -> `ctl00_Main_txtEmail`): then only the name's own
 * segment counts, for the same reason as in `ownSegment`. An id that several controls of the page
 * carry (`id="url"` copied down a form) names none of them: `classifyFields` leaves it out.
 */
function ownId(f: FieldFacts): string {
  if (f.name !== ownSegment(f.name) && f.id === f.name.replace(/[$:]/g, '_')) return ownSegment(f.name);
  return f.id;
}

/** Pass 1 and 2 for one field: the autocomplete attribute, else the evidence of its texts, type and options. */
export function draft(f: FieldFacts): Draft {
  const kind = controlKind(f);
  const nameW = identWords(ownSegment(f.name)),
    idW = identWords(ownId(f)),
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
  if (
    ac?.role &&
    kind !== 'choice' &&
    ROLE_INFO[ac.role].kinds.includes(kind === 'textarea' ? 'textarea' : kind) &&
    !misplacedPassword(f, ac.role)
  ) {
    // The generic "name" token on a field whose label asks for one part of the name: the label is
    // more specific (pages copy autocomplete="name" onto first- and last-name fields).
    const label = matchText(f.labels.join(' ') || f.ariaLabel || f.placeholder);
    // An email token on a box whose label offers a choice of identifiers ("Username or Email
    // Address", "Email or phone number"): the person types whichever the account knows, the log-in
    // identifier (the context rules turn it back into the email outside log-in forms).
    if (ac.role === 'email' && label?.verdict === 'username' && label.rank === EITHER_IDENTIFIER) {
      return { ...d, verdict: 'username', score: 2, source: 'label' };
    }
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
    // Text before a box that shows what is typed, saying "Password": usually the label of the
    // password box beside or below it ("Username  Password" over two boxes, "Forgot password?"),
    // since pages rarely ask for a password in clear text. It weighs half, so the box's own name
    // ("username") outweighs it; alone it still decides.
    // Likewise a sentence about a security code ("Use two-factor authentication (2FA)") is often the
    // step's explanation or the label of a checkbox before the box, not the box's own label.
    const stray =
      m && (((m.verdict === 'current-password' || m.verdict === 'new-password') && f.type !== 'password') || m.verdict === 'one-time-code');
    vote(m, (ownLabelled(f) ? 0.3 : 0.8) * (stray ? 0.5 : 1), 'nearby');
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
export const nearbyParts = (nearby: string): string[] =>
  nearby
    .split(PHRASE_BREAK)
    .map((x) => x.trim())
    .filter((x) => x && !NOT_A_LABEL.test(x));

/** Does the field have label-like text of its own (so nearby text is only context)? */
export const ownLabelled = (f: FieldFacts): boolean => !!(f.labels.length || f.ariaLabel || f.labelledBy || f.placeholder);

/** Roles a control kind may take; password inputs hold only secrets. */
export function compatible(v: Verdict, d: Draft): boolean {
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

/** The field's own label (label, aria, placeholder; the text before it when it has none). */
export function ownLabel(f: FieldFacts): string {
  return f.labels.find((l) => l.trim()) || f.ariaLabel || f.labelledBy || f.placeholder || (ownLabelled(f) ? '' : f.nearby);
}
