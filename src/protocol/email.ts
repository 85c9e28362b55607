/**
 * The email fallback: when a brand declares no data-rights endpoint, the request is written as an
 * email the person sends themselves (a mailto: link, or text to copy). It names the right invoked and
 * its legal basis, lists the identifiers the person gave the brand, and states the legal deadline.
 *
 * Text lives in a template table per language; English now. A new language is one more entry in
 * TEMPLATES with the same shape (the type makes a missing sentence a compile error).
 */

import { legalDeadline } from './deadline';
import { isSecretToken } from './identifiers';
import { type Exercise, Identity, type Regime, type TermsRef } from './schemas';

type PerRight<T> = Record<Regime, Record<Exercise, T>>;

interface EmailTemplate {
  subject: PerRight<string>;
  /** The right invoked and its legal basis. */
  right: PerRight<string>;
  /** What the brand is asked to do. */
  ask: PerRight<string>;
  /** The deadline sentence, given the formatted date. */
  deadline: PerRight<(date: string) => string>;
  greeting: (brand: string) => string;
  identifiersIntro: (site: string) => string;
  noIdentifiers: string;
  verification: string;
  terms: (uri: string, sha256: string) => string;
  closing: string;
  signOff: string;
  /** Labels for identifiers, by HTML autocomplete token; unknown tokens are shown as they are. */
  labels: Record<string, string>;
  formatDate: (isoDate: string) => string;
}

const longDate = (locale: string) => (iso: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

const en: EmailTemplate = {
  subject: {
    gdpr: {
      deletion: 'Request to erase my personal data (Article 17 GDPR)',
      access: 'Request for access to my personal data (Article 15 GDPR)',
      'sale:opt-out': 'Objection to the sale and sharing of my personal data (Article 21 GDPR)',
    },
    ccpa: {
      deletion: 'Request to delete my personal information (CCPA)',
      access: 'Request to know the personal information you hold about me (CCPA)',
      'sale:opt-out': 'Request to opt out of the sale and sharing of my personal information (CCPA)',
    },
  },
  right: {
    gdpr: {
      deletion: 'I am exercising my right to erasure under Article 17 of the General Data Protection Regulation (GDPR).',
      access: 'I am exercising my right of access under Article 15 of the General Data Protection Regulation (GDPR).',
      'sale:opt-out':
        'Under Article 21 of the General Data Protection Regulation (GDPR) I object to the processing of my personal data for direct marketing, and under Article 7(3) GDPR I withdraw any consent I gave to its disclosure to third parties.',
    },
    ccpa: {
      deletion: 'I am exercising my right to delete under the California Consumer Privacy Act (Cal. Civ. Code § 1798.105).',
      access: 'I am exercising my right to know under the California Consumer Privacy Act (Cal. Civ. Code §§ 1798.110 and 1798.115).',
      'sale:opt-out':
        'I am exercising my right to opt out of the sale and sharing of my personal information under the California Consumer Privacy Act (Cal. Civ. Code § 1798.120).',
    },
  },
  ask: {
    gdpr: {
      deletion: 'Please erase all personal data you hold about me, and inform everyone you have disclosed it to (Article 19 GDPR).',
      access:
        'Please confirm whether you process personal data about me and, if you do, send me a copy of it with the information Article 15(1) GDPR lists: the purposes of the processing, the categories of data, the recipients, how long it will be kept, and where it came from.',
      'sale:opt-out':
        'Please stop selling, sharing or otherwise disclosing my personal data to third parties, and stop using it for direct marketing.',
    },
    ccpa: {
      deletion:
        'Please delete the personal information you have collected about me, and direct your service providers and contractors to delete it as well.',
      access:
        'Please tell me the categories and the specific pieces of personal information you have collected about me, the categories of sources, your business or commercial purposes for collecting, selling or sharing it, and the categories of third parties you have disclosed it to.',
      'sale:opt-out': 'Please stop selling and sharing my personal information.',
    },
  },
  deadline: {
    gdpr: {
      deletion: (d) =>
        `Article 12(3) GDPR requires you to act on this request without undue delay and at the latest within one month of receiving it, that is by ${d}.`,
      access: (d) =>
        `Article 12(3) GDPR requires you to act on this request without undue delay and at the latest within one month of receiving it, that is by ${d}.`,
      'sale:opt-out': (d) =>
        `Article 12(3) GDPR requires you to act on this request without undue delay and at the latest within one month of receiving it, that is by ${d}.`,
    },
    ccpa: {
      deletion: (d) =>
        `Cal. Civ. Code § 1798.130(a)(2) requires you to respond within 45 calendar days of receiving this request, that is by ${d}.`,
      access: (d) =>
        `Cal. Civ. Code § 1798.130(a)(2) requires you to respond within 45 calendar days of receiving this request, that is by ${d}.`,
      'sale:opt-out': (d) =>
        `Cal. Code Regs. tit. 11, § 7026(f) requires you to comply no later than 15 business days after receiving this request, that is by ${d}.`,
    },
  },
  greeting: (brand) => `Dear ${brand} privacy team,`,
  identifiersIntro: (site) => `So that you can find my data, these are the details I gave you through ${site}:`,
  noIdentifiers: 'You can identify me by the email address this message comes from.',
  verification: 'If you need more information to confirm my identity, please ask only for what is necessary for that.',
  terms: (uri, sha256) => `I shared these details under my own terms: ${uri} (SHA-256 ${sha256}).`,
  closing: 'Please confirm in writing once you have done this.',
  signOff: 'Kind regards,',
  labels: {
    name: 'Name',
    'honorific-prefix': 'Title',
    'given-name': 'First name',
    'additional-name': 'Middle name',
    'family-name': 'Last name',
    nickname: 'Nickname',
    username: 'Username',
    email: 'Email address',
    tel: 'Phone number',
    organization: 'Organization',
    'organization-title': 'Job title',
    'street-address': 'Street address',
    'address-line1': 'Address line 1',
    'address-line2': 'Address line 2',
    'address-line3': 'Address line 3',
    'address-level2': 'City',
    'address-level1': 'State or region',
    'postal-code': 'Postal code',
    country: 'Country',
    'country-name': 'Country',
    bday: 'Date of birth',
    sex: 'Gender',
    url: 'Website',
    language: 'Language',
  },
  formatDate: longDate('en-GB'),
};

export const TEMPLATES = { en } as const satisfies Record<string, EmailTemplate>;
export type EmailLang = keyof typeof TEMPLATES;
export const EMAIL_LANGS = Object.keys(TEMPLATES) as EmailLang[];

export interface RequestEmailInput {
  exercise: Exercise;
  regime: Regime;
  /** The brand's name as the person knows it (vrm.json name, or the site's host). */
  brandName: string;
  /** Where the person gave the details, e.g. "shop.example". */
  site: string;
  /** The brand's privacy contact; the mailto: link has no address when it is missing or not an email. */
  to?: string;
  /** What the person gave the brand and chose to identify themselves with. */
  identifiers: readonly { token: string; value: string; label?: string }[];
  /** The day the email is sent, YYYY-MM-DD: the legal period counts from its receipt. */
  sentOn: string;
  terms?: TermsRef;
  /** The name to sign with; none leaves just the sign-off. */
  signature?: string;
  lang?: EmailLang;
}

export interface RequestEmail {
  /** The address, or "" when unknown. */
  to: string;
  subject: string;
  /** Body with "\n" line ends. */
  body: string;
  /** Everything to copy: To (when known), Subject, a blank line and the body. */
  text: string;
  /** RFC 6068 mailto: URL, percent-encoded, CRLF line ends. */
  mailto: string;
  /** YYYY-MM-DD, the legal deadline counted from `sentOn`. */
  deadline: string;
  lang: EmailLang;
}

/** One line, no control characters, bounded: a value cannot add lines or headers to the email. */
const line = (s: string, max = 400): string =>
  s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, max);

/**
 * The request as an email.
 * @example buildRequestEmail({ exercise: 'deletion', regime: 'gdpr', brandName: 'Northwind', site: 'shop.example',
 *   to: 'privacy@shop.example', identifiers: [{ token: 'email', value: 'ada@example.org' }], sentOn: '2026-01-31' })
 *   // .deadline === '2026-02-28', .mailto starts 'mailto:privacy@shop.example?subject=Request%20to%20erase'
 */
export function buildRequestEmail(input: RequestEmailInput): RequestEmail {
  const lang = input.lang ?? 'en';
  const t: EmailTemplate = TEMPLATES[lang];
  const { regime, exercise } = input;
  const deadline = legalDeadline(regime, exercise, input.sentOn);
  const rows = input.identifiers
    .filter((i) => !isSecretToken(i.token))
    .map((i) => ({ label: line(i.label ?? t.labels[i.token] ?? i.token, 80), value: line(i.value) }))
    .filter((i) => i.value !== '');
  const paragraphs = [
    t.greeting(line(input.brandName, 200)),
    `${t.right[regime][exercise]} ${t.ask[regime][exercise]}`,
    rows.length > 0
      ? [t.identifiersIntro(line(input.site, 200)), ...rows.map((r) => `- ${r.label}: ${r.value}`)].join('\n')
      : t.noIdentifiers,
    ...(input.terms ? [t.terms(line(input.terms.uri, 2000), line(input.terms.sha256, 64))] : []),
    `${t.deadline[regime][exercise](t.formatDate(deadline))} ${t.verification}`,
    t.closing,
    [t.signOff, ...(input.signature && line(input.signature) ? [line(input.signature, 200)] : [])].join('\n'),
  ];
  const body = paragraphs.join('\n\n');
  const subject = t.subject[regime][exercise];
  const to = input.to && Identity.shape.email.safeParse(input.to.trim()).success ? input.to.trim() : '';
  const text = [...(to ? [`To: ${to}`] : []), `Subject: ${subject}`, '', body].join('\n');
  return { to, subject, body, text, mailto: mailtoUrl(to, subject, body), deadline, lang };
}

/** RFC 6068: every reserved character percent-encoded (space as %20, never "+"), CRLF line ends. */
export function mailtoUrl(to: string, subject: string, body: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  const address = enc(to).replace(/%40/g, '@');
  return `mailto:${address}?subject=${enc(subject)}&body=${enc(body.replace(/\r?\n/g, '\r\n'))}`;
}
