/**
 * The email fallback: when a brand declares no data-rights endpoint, the request is written as a
 * letter the person sends themselves (a mailto: link, text to copy into a web form, or a printed
 * letter). It names the right invoked and its legal basis in the legal frame of the request
 * (jurisdiction.ts: GDPR, UK GDPR, Swiss revFADP, CCPA), lists the identifiers the person gave the
 * brand, and states the legal deadline. The follow-ups, a reminder and a complaint to the
 * supervisory authority, are in letters.ts.
 *
 * Text lives in a template table per language (letters-text.ts): English, German, French, Spanish.
 * A new language is one more entry with the same shape (a missing sentence is a compile error).
 */
import { deadlineIn } from './deadline';
import { isSecretToken } from './identifiers';
import { type Jur, LETTER_LANGS, type LetterLang, type LetterTemplate, TEMPLATES } from './letters-text';
import { type Exercise, Identity, type Regime, type TermsRef } from './schemas';

export { TEMPLATES };
export type EmailLang = LetterLang;
export const EMAIL_LANGS = LETTER_LANGS;

export interface RequestEmailInput {
  exercise: Exercise;
  regime: Regime;
  /** The legal frame (jurisdiction.ts); by default the GDPR for 'gdpr' and California for 'ccpa'. */
  jurisdiction?: Jur;
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
  /** The IEEE 7012 agreement in force with the brand (issue 14), cited beside the terms. */
  agreement?: string;
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
export const line = (s: string, max = 400): string =>
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
  const t: LetterTemplate = TEMPLATES[lang];
  const { exercise } = input;
  const regime: Jur = input.jurisdiction ?? (input.regime === 'ccpa' ? 'us-ca' : 'eu');
  const deadline = deadlineIn(regime, exercise, input.sentOn);
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
    ...(input.agreement && line(input.agreement) ? [t.agreement(line(input.agreement, 200))] : []),
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
