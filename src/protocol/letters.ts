/**
 * What follows a request sent by letter (email, web form or post) when the company does not
 * answer: the steps and their dates (`timeline`), a reminder once the legal deadline has passed
 * (`buildReminder`), and, when the reminder's grace period has passed too or the company refused,
 * a complaint to the supervisory authority with the original request, the dates and what the
 * ledger shows the company received (`buildComplaint`). Pure functions over calendar dates
 * (YYYY-MM-DD), so tests can move "today" freely.
 */
import { addDays, deadlineIn, extendedDeadline, REMINDER_GRACE_DAYS } from './deadline';
import { buildRequestEmail, line, mailtoUrl, type RequestEmail } from './email';
import type { Jurisdiction } from './jurisdiction';
import { type AnswerWord, type LetterLang, TEMPLATES } from './letters-text';
import type { Exercise, TermsRef } from './schemas';

export type AnswerKind = Exclude<AnswerWord, 'none'>;

/** What a request letter was, enough to write it again and to follow it up. */
export interface SentRequest {
  exercise: Exercise;
  jurisdiction: Jurisdiction;
  lang: LetterLang;
  companyName: string;
  /** Where the person gave the details (a host). */
  site: string;
  /** Where the request went: an email address, a web form's URL, or the company's postal address. */
  to: string;
  identifiers: readonly { token: string; value: string; label?: string }[];
  sentOn: string;
  /** The day the answer is due now (after any extension). */
  dueOn: string;
  answers: readonly { kind: AnswerKind; on: string }[];
  remindedOn?: string;
  complainedOn?: string;
  terms?: TermsRef;
  /** The IEEE 7012 agreement in force with the company (request record `agreementId`, issue 14). */
  agreement?: string;
  signature?: string;
}

export type StepKind = 'sent' | 'answer' | 'deadline' | 'reminder' | 'reminder-deadline' | 'complaint';
export interface Step {
  kind: StepKind;
  on: string;
  /** For 'answer': what the company answered. */
  answer?: AnswerKind;
  /** The day is past (or the step was taken). */
  done: boolean;
}
export type NextStep = 'wait' | 'reminder' | 'complaint' | 'done';

/**
 * The request's steps in date order, and what the person can do next: wait (the deadline has not
 * passed), send the reminder, complain, or nothing (fulfilled, or the complaint is made).
 * @example timeline({ ...sent, sentOn: '2026-01-31', dueOn: '2026-02-28', answers: [] }, '2026-03-01').next // 'reminder'
 */
export function timeline(r: SentRequest, today: string): { steps: Step[]; next: NextStep; reminderDueOn?: string } {
  const steps: Step[] = [{ kind: 'sent', on: r.sentOn, done: true }];
  for (const a of r.answers) steps.push({ kind: 'answer', on: a.on, answer: a.kind, done: true });
  steps.push({ kind: 'deadline', on: r.dueOn, done: today > r.dueOn });
  const reminderDueOn = r.remindedOn ? addDays(r.remindedOn, REMINDER_GRACE_DAYS) : undefined;
  if (r.remindedOn && reminderDueOn) {
    steps.push({ kind: 'reminder', on: r.remindedOn, done: true });
    steps.push({ kind: 'reminder-deadline', on: reminderDueOn, done: today > reminderDueOn });
  }
  if (r.complainedOn) steps.push({ kind: 'complaint', on: r.complainedOn, done: true });
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const last = r.answers.at(-1)?.kind;
  let next: NextStep;
  if (r.complainedOn || last === 'fulfilled') next = 'done';
  else if (last === 'refused') next = 'complaint';
  else if (today <= r.dueOn) next = 'wait';
  else if (!reminderDueOn) next = 'reminder';
  else next = today > reminderDueOn ? 'complaint' : 'wait';
  return { steps, next, ...(reminderDueOn ? { reminderDueOn } : {}) };
}

/**
 * The day the answer is due after the company's answer `kind` on `on`: an extension moves it to the
 * extended deadline (counted from the request), a request for ID restarts the period from that day
 * (the company cannot act before it knows who asks); other answers leave it.
 */
export function dueAfterAnswer(
  r: Pick<SentRequest, 'jurisdiction' | 'exercise' | 'sentOn' | 'dueOn'>,
  kind: AnswerKind,
  on: string,
): string {
  if (kind === 'extended') return extendedDeadline(r.jurisdiction, r.exercise, r.sentOn);
  if (kind === 'id') return deadlineIn(r.jurisdiction, r.exercise, on);
  return r.dueOn;
}

/** The request letter as it was sent, written again from what the request keeps. */
export function originalLetter(r: SentRequest): RequestEmail {
  return buildRequestEmail({
    exercise: r.exercise,
    regime: r.jurisdiction === 'us-ca' ? 'ccpa' : 'gdpr',
    jurisdiction: r.jurisdiction,
    brandName: r.companyName,
    site: r.site,
    ...(r.to.includes('@') ? { to: r.to } : {}),
    identifiers: r.identifiers,
    sentOn: r.sentOn,
    ...(r.terms ? { terms: r.terms } : {}),
    ...(r.agreement ? { agreement: r.agreement } : {}),
    ...(r.signature ? { signature: r.signature } : {}),
    lang: r.lang,
  });
}

export interface FollowUpLetter {
  /** The email address it goes to, or '' (a web form, a letter, or unknown). */
  to: string;
  subject: string;
  body: string;
  /** To (when an address), Subject, a blank line and the body. */
  text: string;
  mailto: string;
  lang: LetterLang;
}

function letter(to: string, subject: string, body: string, lang: LetterLang): FollowUpLetter {
  const email = to.includes('@') && /^[^\s@?&#]+@[^\s@?&#]+$/.test(to) ? to : '';
  const text = [...(email ? [`To: ${email}`] : []), `Subject: ${subject}`, '', body].join('\n');
  return { to: email, subject, body, text, mailto: mailtoUrl(email, subject, body), lang };
}

/**
 * The reminder: the original request, when it was sent and when the answer was due, a new date
 * (REMINDER_GRACE_DAYS from `today`) and the authority a complaint will go to.
 */
export function buildReminder(r: SentRequest, opts: { today: string; authority?: string }): FollowUpLetter & { by: string } {
  const t = TEMPLATES[r.lang];
  const original = originalLetter(r);
  const by = addDays(opts.today, REMINDER_GRACE_DAYS);
  const partial = r.answers.some((a) => a.kind === 'partial');
  const body = [
    t.greeting(line(r.companyName, 200)),
    t.reminder.late(t.formatDate(r.sentOn), t.formatDate(r.dueOn), t.lawName[r.jurisdiction], partial),
    t.reminder.ask(t.formatDate(by), opts.authority ? line(opts.authority, 300) : undefined),
    [t.signOff, ...(r.signature ? [line(r.signature, 200)] : [])].join('\n'),
    `--- ${t.original(t.formatDate(r.sentOn))} ---\n\n${original.body}`,
  ].join('\n\n');
  return { ...letter(r.to, t.reminder.subject(original.subject), body, r.lang), by };
}

export interface ComplaintInput {
  /** The authority's name and where the complaint goes (its email, else its web form or address). */
  authority: { name: string; email?: string; webform?: string; address?: string };
  /** The company's postal address, when known. */
  companyAddress?: string;
  /** What the ledger shows the company received: a field's name and the days it was given. */
  received: readonly { field: string; on: readonly string[] }[];
  /** The complaint's language (the authority's, when Proffer writes it), else the request's. */
  lang?: LetterLang;
  /** The day it is written: a deadline still ahead (a refusal came first) is not said to have passed. */
  today?: string;
}

/**
 * The complaint to the supervisory authority: the legal basis for the frame, the company, what
 * happened with dates (sent, deadline, answers, reminder), what the ledger shows the company
 * received, and the original request in full.
 */
export function buildComplaint(r: SentRequest, c: ComplaintInput): FollowUpLetter {
  const lang = c.lang ?? r.lang;
  const t = TEMPLATES[lang];
  const original = originalLetter(r);
  const d = t.formatDate;
  const happened: string[] = [t.complaint.happened, t.complaint.sent(d(r.sentOn), line(r.to, 300))];
  const events: { on: string; text: string }[] = r.answers.map((a) => ({ on: a.on, text: t.complaint.answer[a.kind](d(a.on)) }));
  if (!c.today || c.today > r.dueOn)
    events.push({
      on: r.dueOn,
      text: (r.answers.some((a) => a.kind === 'extended') ? t.complaint.extended : t.complaint.deadline)(d(r.dueOn)),
    });
  if (r.remindedOn) events.push({ on: r.remindedOn, text: t.complaint.reminded(d(r.remindedOn)) });
  events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  happened.push(...events.map((e) => e.text));
  const last = r.answers.at(-1)?.kind;
  if (!last || last === 'id' || last === 'extended') happened.push(t.complaint.noAnswer);
  const company = [line(r.companyName, 200), ...(c.companyAddress ? c.companyAddress.split('\n').map((l) => line(l, 200)) : [])];
  const paragraphs = [
    t.complaint.greeting,
    t.complaint.lodge[r.jurisdiction],
    [t.complaint.company, ...company].join('\n'),
    happened.join('\n'),
    ...(c.received.length
      ? [
          [
            t.complaint.ledger(line(r.site, 200)),
            ...c.received.map((x) => t.complaint.ledgerLine(line(x.field, 80), x.on.map((o) => d(o)).join(', '))),
          ].join('\n'),
        ]
      : []),
    t.complaint.ask,
    [t.signOff, ...(r.signature ? [line(r.signature, 200)] : [])].join('\n'),
    `--- ${t.original(d(r.sentOn))} ---\n\n${original.text}`,
  ];
  return letter(c.authority.email ?? '', t.complaint.subject(line(r.companyName, 200)), paragraphs.join('\n\n'), lang);
}
