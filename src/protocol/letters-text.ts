/**
 * The words of the request letters, the reminder and the complaint, per language and legal frame.
 * GDPR-family frames (GDPR, UK GDPR, Swiss revFADP) share sentence shapes and differ in the articles
 * they cite (`Cites`); the CCPA has its own sentences. Every language has every sentence: the types
 * make a missing one a compile error, and test/unit/letters.test.ts renders each.
 */
import type { Exercise } from './schemas';

export type Jur = 'eu' | 'uk' | 'ch' | 'us-ca';
type PerRight<T> = Record<Jur, Record<Exercise, T>>;
/** What the person recorded the company answering (AnswerKind in records), plus nothing at all. */
export type AnswerWord = 'none' | 'fulfilled' | 'refused' | 'partial' | 'id' | 'extended';

export interface LetterTemplate {
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
  /** The IEEE 7012 (MyTerms) agreement in force with the company (issue 14), by its id. */
  agreement: (id: string) => string;
  closing: string;
  signOff: string;
  /** Labels for identifiers, by HTML autocomplete token; unknown tokens are shown as they are. */
  labels: Record<string, string>;
  formatDate: (isoDate: string) => string;
  /** The law's short name, as the reminder and the complaint cite it. */
  lawName: Record<Jur, string>;
  reminder: {
    subject: (original: string) => string;
    /** What happened: sent on, deadline, and whether the answer was missing or incomplete. */
    late: (sentOn: string, deadline: string, law: string, partial: boolean) => string;
    /** The new date, and the complaint to follow (authority name, or none known). */
    ask: (by: string, authority: string | undefined) => string;
  };
  /** "My request of 31 January 2026, as I sent it:" */
  original: (sentOn: string) => string;
  complaint: {
    subject: (company: string) => string;
    greeting: string;
    lodge: Record<Jur, string>;
    company: string;
    happened: string;
    sent: (date: string, to: string) => string;
    deadline: (date: string) => string;
    extended: (date: string) => string;
    reminded: (date: string) => string;
    answer: Record<AnswerWord, (date: string) => string>;
    noAnswer: string;
    ledger: (site: string) => string;
    /** One line of what the ledger shows: a field and the dates it was given. */
    ledgerLine: (field: string, dates: string) => string;
    ask: string;
  };
  exerciseName: Record<Exercise, string>;
}

const longDate = (locale: string) => (iso: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

const per = <T>(f: (e: Exercise) => T): Record<Exercise, T> => ({
  deletion: f('deletion'),
  access: f('access'),
  'sale:opt-out': f('sale:opt-out'),
});

/** A frame's sentences for each right: the subject, the right invoked, what is asked, the deadline. */
interface RightWords {
  subject: Record<Exercise, string>;
  right: Record<Exercise, string>;
  ask: Record<Exercise, string>;
  deadline: Record<Exercise, (date: string) => string>;
}

/** What the GDPR family's frames cite (the articles differ; the sentences do not). */
interface Cites {
  /** "Article 17 GDPR" */
  art: (n: string) => string;
  /** "Article 17 of the General Data Protection Regulation (GDPR)" */
  full: (n: string) => string;
  access: string;
  erasure: string;
  objection: string;
  /** Withdrawal of consent (GDPR Art. 7(3)); none in the Swiss act. */
  consent?: string;
  /** Disclosure to recipients of an erasure (GDPR Art. 19). */
  notify?: string;
  deadlineBasis: string;
  period: string;
}

/**
 * A language's sentences for the GDPR family, with the citations left open: `gdprFamily` puts
 * each frame's articles in (and the clauses a frame has no article for out).
 */
interface GdprWords {
  /** Each right's subject, before the article in brackets. */
  subject: Record<Exercise, string>;
  right: {
    erasure: (law: string) => string;
    access: (law: string) => string;
    /** The objection to direct marketing, up to the clause on disclosure to third parties. */
    objection: (law: string) => string;
    /** That clause where the frame has a withdrawal of consent (the article)... */
    withdraw: (article: string) => string;
    /** ...and where it has none. */
    noWithdraw: string;
  };
  ask: {
    /** Erase everything, up to the clause on recipients (where the frame has that article). */
    erase: string;
    notify: (article: string) => string;
    access: (article: string) => string;
    optOut: string;
  };
  /** One deadline for every right: its legal basis, the period, the date. */
  deadline: (basis: string, period: string, date: string) => string;
}

function gdprFamily(w: GdprWords, c: Cites): RightWords {
  return {
    subject: {
      deletion: `${w.subject.deletion} (${c.art(c.erasure)})`,
      access: `${w.subject.access} (${c.art(c.access)})`,
      'sale:opt-out': `${w.subject['sale:opt-out']} (${c.art(c.objection)})`,
    },
    right: {
      deletion: w.right.erasure(c.full(c.erasure)),
      access: w.right.access(c.full(c.access)),
      'sale:opt-out': `${w.right.objection(c.full(c.objection))}${c.consent ? w.right.withdraw(c.art(c.consent)) : w.right.noWithdraw}.`,
    },
    ask: {
      deletion: `${w.ask.erase}${c.notify ? w.ask.notify(c.art(c.notify)) : ''}.`,
      access: w.ask.access(c.art(c.access)),
      'sale:opt-out': w.ask.optOut,
    },
    deadline: per(() => (d: string) => w.deadline(c.deadlineBasis, c.period, d)),
  };
}

/** The CCPA's deadlines: 45 days to respond to a request to delete or to know, 15 business days to opt out. */
const ccpaDeadline = (respond: (date: string) => string, optOut: (date: string) => string): RightWords['deadline'] => ({
  deletion: respond,
  access: respond,
  'sale:opt-out': optOut,
});

/** A language's sentences for each right in every frame: the GDPR family's from its words and each frame's citations, the CCPA's as written. */
function rightsIn(cites: Record<'eu' | 'uk' | 'ch', Cites>, gdpr: GdprWords, ccpa: RightWords): Pick<LetterTemplate, keyof RightWords> {
  const by: Record<Jur, RightWords> = {
    eu: gdprFamily(gdpr, cites.eu),
    uk: gdprFamily(gdpr, cites.uk),
    ch: gdprFamily(gdpr, cites.ch),
    'us-ca': ccpa,
  };
  const part = <K extends keyof RightWords>(k: K): Record<Jur, RightWords[K]> => ({
    eu: by.eu[k],
    uk: by.uk[k],
    ch: by.ch[k],
    'us-ca': by['us-ca'][k],
  });
  return { subject: part('subject'), right: part('right'), ask: part('ask'), deadline: part('deadline') };
}

// ------------------------------------------------------------------------------------------------
// English
// ------------------------------------------------------------------------------------------------

const EN_CITES: Record<'eu' | 'uk' | 'ch', Cites> = {
  eu: {
    art: (n) => `Article ${n} GDPR`,
    full: (n) => `Article ${n} of the General Data Protection Regulation (GDPR)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7(3)',
    notify: '19',
    deadlineBasis: 'Article 12(3) GDPR',
    period: 'one month',
  },
  uk: {
    art: (n) => `Article ${n} UK GDPR`,
    full: (n) => `Article ${n} of the UK General Data Protection Regulation (UK GDPR)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7(3)',
    notify: '19',
    deadlineBasis: 'Article 12(3) UK GDPR',
    period: 'one month',
  },
  ch: {
    art: (n) => `Article ${n} FADP`,
    full: (n) => `Article ${n} of the Swiss Federal Act on Data Protection (revFADP)`,
    access: '25',
    erasure: '32(2)(c)',
    objection: '30(2)(b)',
    deadlineBasis: 'Article 18 of the Swiss Data Protection Ordinance (DPO)',
    period: '30 days',
  },
};

const en: LetterTemplate = {
  ...rightsIn(
    EN_CITES,
    {
      subject: {
        deletion: 'Request to erase my personal data',
        access: 'Request for access to my personal data',
        'sale:opt-out': 'Objection to the sale and sharing of my personal data',
      },
      right: {
        erasure: (law) => `I am exercising my right to erasure under ${law}.`,
        access: (law) => `I am exercising my right of access under ${law}.`,
        objection: (law) => `Under ${law} I object to the processing of my personal data for direct marketing`,
        withdraw: (art) => `, and under ${art} I withdraw any consent I gave to its disclosure to third parties`,
        noWithdraw: ' and to its disclosure to third parties',
      },
      ask: {
        erase: 'Please erase all personal data you hold about me',
        notify: (art) => `, and inform everyone you have disclosed it to (${art})`,
        access: (art) =>
          `Please confirm whether you process personal data about me and, if you do, send me a copy of it with the information ${art} lists: the purposes of the processing, the categories of data, the recipients, how long it will be kept, and where it came from.`,
        optOut:
          'Please stop selling, sharing or otherwise disclosing my personal data to third parties, and stop using it for direct marketing.',
      },
      deadline: (basis, period, d) =>
        `${basis} requires you to act on this request without undue delay and at the latest within ${period} of receiving it, that is by ${d}.`,
    },
    {
      subject: {
        deletion: 'Request to delete my personal information (CCPA)',
        access: 'Request to know the personal information you hold about me (CCPA)',
        'sale:opt-out': 'Request to opt out of the sale and sharing of my personal information (CCPA)',
      },
      right: {
        deletion: 'I am exercising my right to delete under the California Consumer Privacy Act (Cal. Civ. Code § 1798.105).',
        access: 'I am exercising my right to know under the California Consumer Privacy Act (Cal. Civ. Code §§ 1798.110 and 1798.115).',
        'sale:opt-out':
          'I am exercising my right to opt out of the sale and sharing of my personal information under the California Consumer Privacy Act (Cal. Civ. Code § 1798.120).',
      },
      ask: {
        deletion:
          'Please delete the personal information you have collected about me, and direct your service providers and contractors to delete it as well.',
        access:
          'Please tell me the categories and the specific pieces of personal information you have collected about me, the categories of sources, your business or commercial purposes for collecting, selling or sharing it, and the categories of third parties you have disclosed it to.',
        'sale:opt-out': 'Please stop selling and sharing my personal information.',
      },
      deadline: ccpaDeadline(
        (d) =>
          `Cal. Civ. Code § 1798.130(a)(2) requires you to respond within 45 calendar days of receiving this request, that is by ${d}.`,
        (d) =>
          `Cal. Code Regs. tit. 11, § 7026(f) requires you to comply no later than 15 business days after receiving this request, that is by ${d}.`,
      ),
    },
  ),
  greeting: (brand) => `Dear ${brand} privacy team,`,
  identifiersIntro: (site) => `So that you can find my data, these are the details I gave you through ${site}:`,
  noIdentifiers: 'You can identify me by the email address this message comes from.',
  verification: 'If you need more information to confirm my identity, please ask only for what is necessary for that.',
  terms: (uri, sha256) => `I shared these details under my own terms: ${uri} (SHA-256 ${sha256}).`,
  agreement: (id) => `Our relationship is governed by the agreement I proffered and you accepted: ${id} (IEEE 7012).`,
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
  lawName: { eu: 'the GDPR', uk: 'the UK GDPR', ch: 'the Swiss Federal Act on Data Protection', 'us-ca': 'the CCPA' },
  reminder: {
    subject: (s) => `Reminder: ${s}`,
    late: (sentOn, deadline, law, partial) =>
      `On ${sentOn} I sent you the request below under ${law}. The time you had to answer it ended on ${deadline}, and I have not received ${partial ? 'a complete answer' : 'an answer'}.`,
    ask: (by, authority) =>
      `Please answer by ${by}. If I have no answer by then, I will lodge a complaint with ${authority ?? 'the competent data protection authority'}.`,
  },
  original: (d) => `My request of ${d}, as I sent it:`,
  complaint: {
    subject: (company) => `Complaint against ${company}: data-rights request not answered`,
    greeting: 'Dear Sir or Madam,',
    lodge: {
      eu: 'Under Article 77 of the General Data Protection Regulation (GDPR) I lodge a complaint against the company named below, which has not complied with my request.',
      uk: 'Under Article 77 of the UK GDPR I lodge a complaint against the company named below, which has not complied with my request.',
      ch: 'I report to you, under Article 49 of the Swiss Federal Act on Data Protection (revFADP), that the company named below has not complied with my request.',
      'us-ca':
        'I file a complaint against the business named below, which has not complied with my request under the California Consumer Privacy Act (Cal. Civ. Code § 1798.199.45).',
    },
    company: 'The company:',
    happened: 'What happened:',
    sent: (date, to) => `- ${date}: I sent my request to ${to}.`,
    deadline: (date) => `- ${date}: the legal deadline to answer ended.`,
    extended: (date) => `- ${date}: the company extended the deadline to this day.`,
    reminded: (date) => `- ${date}: I sent a reminder.`,
    answer: {
      none: (d) => `- ${d}: no answer.`,
      fulfilled: (d) => `- ${d}: the company said it had done what I asked.`,
      refused: (d) => `- ${d}: the company refused my request.`,
      partial: (d) => `- ${d}: the company answered only in part.`,
      id: (d) => `- ${d}: the company asked me for an identity document.`,
      extended: (d) => `- ${d}: the company told me it extends the deadline.`,
    },
    noAnswer: '- To this day I have had no answer.',
    ledger: (site) =>
      `According to the records my browser kept (the Proffer extension), the company received these details from me through ${site}:`,
    ledgerLine: (field, dates) => `- ${field}: ${dates}`,
    ask: 'I ask you to examine this complaint and to see that the company complies with my request. My request, as I sent it, follows.',
  },
  exerciseName: { deletion: 'erasure', access: 'access', 'sale:opt-out': 'objection (do not sell)' },
};

// ------------------------------------------------------------------------------------------------
// Deutsch
// ------------------------------------------------------------------------------------------------

const DE_CITES: Record<'eu' | 'uk' | 'ch', Cites> = {
  eu: {
    art: (n) => `Art. ${n} DSGVO`,
    full: (n) => `Art. ${n} der Datenschutz-Grundverordnung (DSGVO)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7 Abs. 3',
    notify: '19',
    deadlineBasis: 'Art. 12 Abs. 3 DSGVO',
    period: 'eines Monats',
  },
  uk: {
    art: (n) => `Art. ${n} UK GDPR`,
    full: (n) => `Art. ${n} der britischen Datenschutz-Grundverordnung (UK GDPR)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7 Abs. 3',
    notify: '19',
    deadlineBasis: 'Art. 12 Abs. 3 UK GDPR',
    period: 'eines Monats',
  },
  ch: {
    art: (n) => `Art. ${n} DSG`,
    full: (n) => `Art. ${n} des Bundesgesetzes über den Datenschutz (DSG)`,
    access: '25',
    erasure: '32 Abs. 2 lit. c',
    objection: '30 Abs. 2 lit. b',
    deadlineBasis: 'Art. 18 der Datenschutzverordnung (DSV)',
    period: 'von 30 Tagen',
  },
};

const de: LetterTemplate = {
  ...rightsIn(
    DE_CITES,
    {
      subject: {
        deletion: 'Antrag auf Löschung meiner personenbezogenen Daten',
        access: 'Antrag auf Auskunft über meine personenbezogenen Daten',
        'sale:opt-out': 'Widerspruch gegen Verkauf und Weitergabe meiner personenbezogenen Daten',
      },
      right: {
        erasure: (law) => `Ich mache mein Recht auf Löschung nach ${law} geltend.`,
        access: (law) => `Ich mache mein Recht auf Auskunft nach ${law} geltend.`,
        objection: (law) => `Nach ${law} widerspreche ich der Verarbeitung meiner personenbezogenen Daten für Direktwerbung`,
        withdraw: (art) => ` und widerrufe nach ${art} jede Einwilligung, die ich in ihre Weitergabe an Dritte gegeben habe`,
        noWithdraw: ' und ihrer Weitergabe an Dritte',
      },
      ask: {
        erase: 'Bitte löschen Sie alle personenbezogenen Daten, die Sie über mich gespeichert haben',
        notify: (art) => `, und teilen Sie dies allen Empfängern mit, denen Sie sie offengelegt haben (${art})`,
        access: (art) =>
          `Bitte bestätigen Sie mir, ob Sie personenbezogene Daten über mich verarbeiten, und senden Sie mir gegebenenfalls eine Kopie dieser Daten mit den Informationen, die ${art} nennt: die Verarbeitungszwecke, die Kategorien der Daten, die Empfänger, die Speicherdauer und die Herkunft der Daten.`,
        optOut:
          'Bitte verkaufen Sie meine personenbezogenen Daten nicht mehr, geben Sie sie nicht mehr an Dritte weiter und verwenden Sie sie nicht mehr für Direktwerbung.',
      },
      deadline: (basis, period, d) =>
        `Nach ${basis} müssen Sie diesen Antrag unverzüglich, spätestens aber innerhalb ${period} nach Eingang beantworten, also bis zum ${d}.`,
    },
    {
      subject: {
        deletion: 'Antrag auf Löschung meiner personenbezogenen Informationen (CCPA)',
        access: 'Antrag auf Auskunft über meine personenbezogenen Informationen (CCPA)',
        'sale:opt-out': 'Widerspruch gegen Verkauf und Weitergabe meiner personenbezogenen Informationen (CCPA)',
      },
      right: {
        deletion: 'Ich mache mein Recht auf Löschung nach dem California Consumer Privacy Act geltend (Cal. Civ. Code § 1798.105).',
        access:
          'Ich mache mein Recht auf Auskunft nach dem California Consumer Privacy Act geltend (Cal. Civ. Code §§ 1798.110 und 1798.115).',
        'sale:opt-out':
          'Ich mache mein Recht geltend, dem Verkauf und der Weitergabe meiner personenbezogenen Informationen nach dem California Consumer Privacy Act zu widersprechen (Cal. Civ. Code § 1798.120).',
      },
      ask: {
        deletion:
          'Bitte löschen Sie die personenbezogenen Informationen, die Sie über mich erhoben haben, und weisen Sie Ihre Dienstleister und Auftragnehmer an, sie ebenfalls zu löschen.',
        access:
          'Bitte teilen Sie mir die Kategorien und die einzelnen personenbezogenen Informationen mit, die Sie über mich erhoben haben, die Kategorien der Quellen, Ihre Zwecke für Erhebung, Verkauf oder Weitergabe und die Kategorien der Dritten, denen Sie sie offengelegt haben.',
        'sale:opt-out': 'Bitte verkaufen Sie meine personenbezogenen Informationen nicht mehr und geben Sie sie nicht mehr weiter.',
      },
      deadline: ccpaDeadline(
        (d) => `Nach Cal. Civ. Code § 1798.130(a)(2) müssen Sie innerhalb von 45 Kalendertagen nach Eingang antworten, also bis zum ${d}.`,
        (d) => `Nach Cal. Code Regs. tit. 11, § 7026(f) müssen Sie spätestens 15 Werktage nach Eingang nachkommen, also bis zum ${d}.`,
      ),
    },
  ),
  greeting: (brand) => `Sehr geehrtes Datenschutz-Team von ${brand},`,
  identifiersIntro: (site) => `Damit Sie meine Daten finden, hier die Angaben, die ich Ihnen über ${site} gegeben habe:`,
  noIdentifiers: 'Sie können mich an der E-Mail-Adresse erkennen, von der diese Nachricht kommt.',
  verification: 'Falls Sie weitere Angaben brauchen, um meine Identität zu bestätigen, fragen Sie bitte nur nach dem, was dafür nötig ist.',
  terms: (uri, sha256) => `Ich habe diese Angaben unter meinen eigenen Bedingungen geteilt: ${uri} (SHA-256 ${sha256}).`,
  agreement: (id) => `Für unsere Beziehung gilt die Vereinbarung, die ich angeboten und Sie angenommen haben: ${id} (IEEE 7012).`,
  closing: 'Bitte bestätigen Sie mir schriftlich, sobald Sie dies erledigt haben.',
  signOff: 'Mit freundlichen Grüßen',
  labels: {
    name: 'Name',
    'honorific-prefix': 'Anrede',
    'given-name': 'Vorname',
    'additional-name': 'Zweiter Vorname',
    'family-name': 'Nachname',
    nickname: 'Spitzname',
    username: 'Benutzername',
    email: 'E-Mail-Adresse',
    tel: 'Telefonnummer',
    organization: 'Organisation',
    'organization-title': 'Position',
    'street-address': 'Straße und Hausnummer',
    'address-line1': 'Adresszeile 1',
    'address-line2': 'Adresszeile 2',
    'address-line3': 'Adresszeile 3',
    'address-level2': 'Ort',
    'address-level1': 'Bundesland oder Region',
    'postal-code': 'Postleitzahl',
    country: 'Land',
    'country-name': 'Land',
    bday: 'Geburtsdatum',
    sex: 'Geschlecht',
    url: 'Website',
    language: 'Sprache',
  },
  formatDate: longDate('de-DE'),
  lawName: { eu: 'der DSGVO', uk: 'der UK GDPR', ch: 'dem Bundesgesetz über den Datenschutz (DSG)', 'us-ca': 'dem CCPA' },
  reminder: {
    subject: (s) => `Erinnerung: ${s}`,
    late: (sentOn, deadline, law, partial) =>
      `Am ${sentOn} habe ich Ihnen den unten stehenden Antrag nach ${law} geschickt. Die Frist für Ihre Antwort ist am ${deadline} abgelaufen, und ich habe ${partial ? 'keine vollständige Antwort' : 'keine Antwort'} erhalten.`,
    ask: (by, authority) =>
      `Bitte antworten Sie bis zum ${by}. Erhalte ich bis dahin keine Antwort, werde ich mich bei ${authority ?? 'der zuständigen Datenschutzaufsichtsbehörde'} beschweren.`,
  },
  original: (d) => `Mein Antrag vom ${d}, wie ich ihn geschickt habe:`,
  complaint: {
    subject: (company) => `Beschwerde gegen ${company}: Datenschutzantrag nicht beantwortet`,
    greeting: 'Sehr geehrte Damen und Herren,',
    lodge: {
      eu: 'nach Art. 77 der Datenschutz-Grundverordnung (DSGVO) beschwere ich mich über das unten genannte Unternehmen, das meinem Antrag nicht nachgekommen ist.',
      uk: 'nach Art. 77 der UK GDPR beschwere ich mich über das unten genannte Unternehmen, das meinem Antrag nicht nachgekommen ist.',
      ch: 'nach Art. 49 des Bundesgesetzes über den Datenschutz (DSG) melde ich Ihnen, dass das unten genannte Unternehmen meinem Antrag nicht nachgekommen ist.',
      'us-ca':
        'ich beschwere mich über das unten genannte Unternehmen, das meinem Antrag nach dem California Consumer Privacy Act nicht nachgekommen ist (Cal. Civ. Code § 1798.199.45).',
    },
    company: 'Das Unternehmen:',
    happened: 'Was geschehen ist:',
    sent: (date, to) => `- ${date}: Ich habe meinen Antrag an ${to} geschickt.`,
    deadline: (date) => `- ${date}: Die gesetzliche Frist für die Antwort ist abgelaufen.`,
    extended: (date) => `- ${date}: Bis zu diesem Tag hat das Unternehmen die Frist verlängert.`,
    reminded: (date) => `- ${date}: Ich habe eine Erinnerung geschickt.`,
    answer: {
      none: (d) => `- ${d}: keine Antwort.`,
      fulfilled: (d) => `- ${d}: Das Unternehmen erklärte, meinem Antrag nachgekommen zu sein.`,
      refused: (d) => `- ${d}: Das Unternehmen hat meinen Antrag abgelehnt.`,
      partial: (d) => `- ${d}: Das Unternehmen hat nur teilweise geantwortet.`,
      id: (d) => `- ${d}: Das Unternehmen hat einen Ausweis verlangt.`,
      extended: (d) => `- ${d}: Das Unternehmen hat mitgeteilt, dass es die Frist verlängert.`,
    },
    noAnswer: '- Bis heute habe ich keine Antwort erhalten.',
    ledger: (site) =>
      `Nach den Aufzeichnungen meines Browsers (der Erweiterung Proffer) hat das Unternehmen über ${site} diese Angaben von mir erhalten:`,
    ledgerLine: (field, dates) => `- ${field}: ${dates}`,
    ask: 'Ich bitte Sie, die Beschwerde zu prüfen und dafür zu sorgen, dass das Unternehmen meinem Antrag nachkommt. Mein Antrag, wie ich ihn geschickt habe, folgt.',
  },
  exerciseName: { deletion: 'Löschung', access: 'Auskunft', 'sale:opt-out': 'Widerspruch (kein Verkauf)' },
};

// ------------------------------------------------------------------------------------------------
// Français
// ------------------------------------------------------------------------------------------------

const FR_CITES: Record<'eu' | 'uk' | 'ch', Cites> = {
  eu: {
    art: (n) => `article ${n} du RGPD`,
    full: (n) => `l'article ${n} du règlement général sur la protection des données (RGPD)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7, paragraphe 3,',
    notify: '19',
    deadlineBasis: "L'article 12, paragraphe 3, du RGPD",
    period: "d'un mois",
  },
  uk: {
    art: (n) => `article ${n} du UK GDPR`,
    full: (n) => `l'article ${n} du règlement général britannique sur la protection des données (UK GDPR)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7, paragraphe 3,',
    notify: '19',
    deadlineBasis: "L'article 12, paragraphe 3, du UK GDPR",
    period: "d'un mois",
  },
  ch: {
    art: (n) => `art. ${n} LPD`,
    full: (n) => `l'article ${n} de la loi fédérale sur la protection des données (LPD)`,
    access: '25',
    erasure: '32, al. 2, let. c,',
    objection: '30, al. 2, let. b,',
    deadlineBasis: "L'article 18 de l'ordonnance sur la protection des données (OPDo)",
    period: 'de 30 jours',
  },
};

const fr: LetterTemplate = {
  ...rightsIn(
    FR_CITES,
    {
      subject: {
        deletion: "Demande d'effacement de mes données personnelles",
        access: "Demande d'accès à mes données personnelles",
        'sale:opt-out': 'Opposition à la vente et au partage de mes données personnelles',
      },
      right: {
        erasure: (law) => `J'exerce mon droit à l'effacement en vertu de ${law}.`,
        access: (law) => `J'exerce mon droit d'accès en vertu de ${law}.`,
        objection: (law) => `En vertu de ${law}, je m'oppose au traitement de mes données personnelles à des fins de prospection`,
        withdraw: (art) => ` et, en vertu de l'${art}, je retire tout consentement donné à leur communication à des tiers`,
        noWithdraw: ' et à leur communication à des tiers',
      },
      ask: {
        erase: "Je vous prie d'effacer toutes les données personnelles que vous détenez à mon sujet",
        notify: (art) => ` et d'en informer chaque destinataire à qui vous les avez communiquées (${art})`,
        access: (art) =>
          `Je vous prie de me confirmer si vous traitez des données personnelles me concernant et, le cas échéant, de m'en communiquer une copie avec les informations prévues à l'${art} : les finalités du traitement, les catégories de données, les destinataires, la durée de conservation et leur source.`,
        optOut:
          'Je vous prie de cesser de vendre, de partager ou de communiquer de toute autre manière mes données personnelles à des tiers, et de ne plus les utiliser à des fins de prospection.',
      },
      deadline: (basis, period, d) =>
        `${basis} vous impose de répondre à cette demande dans les meilleurs délais et au plus tard dans un délai ${period} à compter de sa réception, soit au plus tard le ${d}.`,
    },
    {
      subject: {
        deletion: 'Demande de suppression de mes informations personnelles (CCPA)',
        access: "Demande d'accès aux informations personnelles que vous détenez à mon sujet (CCPA)",
        'sale:opt-out': 'Opposition à la vente et au partage de mes informations personnelles (CCPA)',
      },
      right: {
        deletion: "J'exerce mon droit de suppression en vertu du California Consumer Privacy Act (Cal. Civ. Code § 1798.105).",
        access: "J'exerce mon droit de savoir en vertu du California Consumer Privacy Act (Cal. Civ. Code §§ 1798.110 et 1798.115).",
        'sale:opt-out':
          "J'exerce mon droit de m'opposer à la vente et au partage de mes informations personnelles en vertu du California Consumer Privacy Act (Cal. Civ. Code § 1798.120).",
      },
      ask: {
        deletion:
          'Je vous prie de supprimer les informations personnelles que vous avez collectées à mon sujet et de demander à vos prestataires et sous-traitants de les supprimer également.',
        access:
          "Je vous prie de m'indiquer les catégories et les éléments précis d'informations personnelles que vous avez collectés à mon sujet, les catégories de sources, les finalités de leur collecte, vente ou partage, et les catégories de tiers à qui vous les avez communiqués.",
        'sale:opt-out': 'Je vous prie de cesser de vendre et de partager mes informations personnelles.',
      },
      deadline: ccpaDeadline(
        (d) =>
          `Le Cal. Civ. Code § 1798.130(a)(2) vous impose de répondre dans les 45 jours calendaires suivant sa réception, soit au plus tard le ${d}.`,
        (d) =>
          `Le Cal. Code Regs. tit. 11, § 7026(f) vous impose d'y donner suite au plus tard 15 jours ouvrables après sa réception, soit au plus tard le ${d}.`,
      ),
    },
  ),
  greeting: (brand) => `À l'attention du service de protection des données de ${brand}\n\nMadame, Monsieur,`,
  identifiersIntro: (site) => `Pour que vous puissiez retrouver mes données, voici les informations que je vous ai données sur ${site} :`,
  noIdentifiers: "Vous pouvez m'identifier par l'adresse électronique d'où provient ce message.",
  verification:
    "Si vous avez besoin d'informations supplémentaires pour confirmer mon identité, ne demandez que ce qui est nécessaire à cette fin.",
  terms: (uri, sha256) => `J'ai communiqué ces informations selon mes propres conditions : ${uri} (SHA-256 ${sha256}).`,
  agreement: (id) => `Notre relation est régie par l'accord que j'ai proposé et que vous avez accepté : ${id} (IEEE 7012).`,
  closing: 'Je vous prie de me confirmer par écrit que vous avez donné suite à ma demande.',
  signOff: 'Veuillez agréer, Madame, Monsieur, mes salutations distinguées.',
  labels: {
    name: 'Nom complet',
    'honorific-prefix': 'Civilité',
    'given-name': 'Prénom',
    'additional-name': 'Deuxième prénom',
    'family-name': 'Nom',
    nickname: 'Pseudonyme',
    username: "Nom d'utilisateur",
    email: 'Adresse électronique',
    tel: 'Numéro de téléphone',
    organization: 'Organisation',
    'organization-title': 'Fonction',
    'street-address': 'Adresse',
    'address-line1': "Ligne d'adresse 1",
    'address-line2': "Ligne d'adresse 2",
    'address-line3': "Ligne d'adresse 3",
    'address-level2': 'Ville',
    'address-level1': 'Région',
    'postal-code': 'Code postal',
    country: 'Pays',
    'country-name': 'Pays',
    bday: 'Date de naissance',
    sex: 'Genre',
    url: 'Site web',
    language: 'Langue',
  },
  formatDate: longDate('fr-FR'),
  lawName: { eu: 'du RGPD', uk: 'du UK GDPR', ch: 'de la loi fédérale sur la protection des données (LPD)', 'us-ca': 'du CCPA' },
  reminder: {
    subject: (s) => `Rappel : ${s}`,
    late: (sentOn, deadline, law, partial) =>
      `Le ${sentOn}, je vous ai adressé la demande ci-dessous en vertu ${law}. Le délai de réponse a expiré le ${deadline} et je n'ai reçu ${partial ? 'aucune réponse complète' : 'aucune réponse'}.`,
    ask: (by, authority) =>
      `Je vous prie de répondre au plus tard le ${by}. Sans réponse à cette date, je déposerai une plainte auprès de ${authority ?? "l'autorité de protection des données compétente"}.`,
  },
  original: (d) => `Ma demande du ${d}, telle que je l'ai envoyée :`,
  complaint: {
    subject: (company) => `Plainte contre ${company} : demande relative à mes données restée sans réponse`,
    greeting: 'Madame, Monsieur,',
    lodge: {
      eu: "En vertu de l'article 77 du règlement général sur la protection des données (RGPD), je dépose une plainte contre l'entreprise nommée ci-dessous, qui n'a pas donné suite à ma demande.",
      uk: "En vertu de l'article 77 du UK GDPR, je dépose une plainte contre l'entreprise nommée ci-dessous, qui n'a pas donné suite à ma demande.",
      ch: "En vertu de l'article 49 de la loi fédérale sur la protection des données (LPD), je vous signale que l'entreprise nommée ci-dessous n'a pas donné suite à ma demande.",
      'us-ca':
        "Je dépose une plainte contre l'entreprise nommée ci-dessous, qui n'a pas donné suite à ma demande fondée sur le California Consumer Privacy Act (Cal. Civ. Code § 1798.199.45).",
    },
    company: "L'entreprise :",
    happened: 'Les faits :',
    sent: (date, to) => `- ${date} : j'ai envoyé ma demande à ${to}.`,
    deadline: (date) => `- ${date} : le délai légal de réponse a expiré.`,
    extended: (date) => `- ${date} : l'entreprise a prolongé le délai jusqu'à ce jour.`,
    reminded: (date) => `- ${date} : j'ai envoyé un rappel.`,
    answer: {
      none: (d) => `- ${d} : aucune réponse.`,
      fulfilled: (d) => `- ${d} : l'entreprise a déclaré avoir donné suite à ma demande.`,
      refused: (d) => `- ${d} : l'entreprise a refusé ma demande.`,
      partial: (d) => `- ${d} : l'entreprise n'a répondu qu'en partie.`,
      id: (d) => `- ${d} : l'entreprise m'a demandé une pièce d'identité.`,
      extended: (d) => `- ${d} : l'entreprise m'a informé qu'elle prolonge le délai.`,
    },
    noAnswer: "- À ce jour, je n'ai reçu aucune réponse.",
    ledger: (site) =>
      `Selon les enregistrements de mon navigateur (l'extension Proffer), l'entreprise a reçu de ma part les informations suivantes sur ${site} :`,
    ledgerLine: (field, dates) => `- ${field} : ${dates}`,
    ask: "Je vous prie d'examiner cette plainte et de veiller à ce que l'entreprise donne suite à ma demande. Ma demande, telle que je l'ai envoyée, suit.",
  },
  exerciseName: { deletion: 'effacement', access: 'accès', 'sale:opt-out': 'opposition (pas de vente)' },
};

// ------------------------------------------------------------------------------------------------
// Español
// ------------------------------------------------------------------------------------------------

const ES_CITES: Record<'eu' | 'uk' | 'ch', Cites> = {
  eu: {
    art: (n) => `artículo ${n} del RGPD`,
    full: (n) => `el artículo ${n} del Reglamento General de Protección de Datos (RGPD)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7, apartado 3,',
    notify: '19',
    deadlineBasis: 'El artículo 12, apartado 3, del RGPD',
    period: 'de un mes',
  },
  uk: {
    art: (n) => `artículo ${n} del UK GDPR`,
    full: (n) => `el artículo ${n} del Reglamento General de Protección de Datos del Reino Unido (UK GDPR)`,
    access: '15',
    erasure: '17',
    objection: '21',
    consent: '7, apartado 3,',
    notify: '19',
    deadlineBasis: 'El artículo 12, apartado 3, del UK GDPR',
    period: 'de un mes',
  },
  ch: {
    art: (n) => `art. ${n} LPD`,
    full: (n) => `el artículo ${n} de la Ley Federal suiza de Protección de Datos (LPD)`,
    access: '25',
    erasure: '32, ap. 2, letra c,',
    objection: '30, ap. 2, letra b,',
    deadlineBasis: 'El artículo 18 de la Ordenanza suiza de Protección de Datos (OPDo)',
    period: 'de 30 días',
  },
};

const es: LetterTemplate = {
  ...rightsIn(
    ES_CITES,
    {
      subject: {
        deletion: 'Solicitud de supresión de mis datos personales',
        access: 'Solicitud de acceso a mis datos personales',
        'sale:opt-out': 'Oposición a la venta y cesión de mis datos personales',
      },
      right: {
        erasure: (law) => `Ejerzo mi derecho de supresión conforme a ${law}.`,
        access: (law) => `Ejerzo mi derecho de acceso conforme a ${law}.`,
        objection: (law) => `Conforme a ${law}, me opongo al tratamiento de mis datos personales con fines de mercadotecnia directa`,
        withdraw: (art) => ` y, conforme al ${art}, retiro todo consentimiento que haya dado a su cesión a terceros`,
        noWithdraw: ' y a su cesión a terceros',
      },
      ask: {
        erase: 'Les ruego que supriman todos los datos personales que conservan sobre mí',
        notify: (art) => ` y que lo comuniquen a cada destinatario al que se los hayan comunicado (${art})`,
        access: (art) =>
          `Les ruego que me confirmen si tratan datos personales que me conciernen y, en tal caso, que me envíen una copia con la información que enumera el ${art}: los fines del tratamiento, las categorías de datos, los destinatarios, el plazo de conservación y su origen.`,
        optOut:
          'Les ruego que dejen de vender, ceder o comunicar de cualquier otro modo mis datos personales a terceros, y que dejen de utilizarlos para mercadotecnia directa.',
      },
      deadline: (basis, period, d) =>
        `${basis} les obliga a atender esta solicitud sin dilación indebida y, a más tardar, en el plazo ${period} a partir de su recepción, es decir, hasta el ${d}.`,
    },
    {
      subject: {
        deletion: 'Solicitud de eliminación de mi información personal (CCPA)',
        access: 'Solicitud para conocer la información personal que tienen sobre mí (CCPA)',
        'sale:opt-out': 'Oposición a la venta y cesión de mi información personal (CCPA)',
      },
      right: {
        deletion: 'Ejerzo mi derecho de eliminación conforme a la California Consumer Privacy Act (Cal. Civ. Code § 1798.105).',
        access: 'Ejerzo mi derecho a saber conforme a la California Consumer Privacy Act (Cal. Civ. Code §§ 1798.110 y 1798.115).',
        'sale:opt-out':
          'Ejerzo mi derecho a oponerme a la venta y cesión de mi información personal conforme a la California Consumer Privacy Act (Cal. Civ. Code § 1798.120).',
      },
      ask: {
        deletion:
          'Les ruego que eliminen la información personal que han recopilado sobre mí y que indiquen a sus proveedores de servicios y contratistas que la eliminen también.',
        access:
          'Les ruego que me indiquen las categorías y los datos concretos de información personal que han recopilado sobre mí, las categorías de fuentes, los fines de su recopilación, venta o cesión y las categorías de terceros a los que la han comunicado.',
        'sale:opt-out': 'Les ruego que dejen de vender y ceder mi información personal.',
      },
      deadline: ccpaDeadline(
        (d) =>
          `El Cal. Civ. Code § 1798.130(a)(2) les obliga a responder en el plazo de 45 días naturales desde su recepción, es decir, hasta el ${d}.`,
        (d) =>
          `El Cal. Code Regs. tit. 11, § 7026(f) les obliga a atenderla a más tardar 15 días hábiles después de su recepción, es decir, hasta el ${d}.`,
      ),
    },
  ),
  greeting: (brand) => `Estimado equipo de protección de datos de ${brand}:`,
  identifiersIntro: (site) => `Para que puedan encontrar mis datos, estos son los datos que les facilité a través de ${site}:`,
  noIdentifiers: 'Pueden identificarme por la dirección de correo electrónico desde la que envío este mensaje.',
  verification: 'Si necesitan más información para confirmar mi identidad, les ruego que soliciten solo lo necesario para ello.',
  terms: (uri, sha256) => `Compartí estos datos bajo mis propias condiciones: ${uri} (SHA-256 ${sha256}).`,
  agreement: (id) => `Nuestra relación se rige por el acuerdo que propuse y ustedes aceptaron: ${id} (IEEE 7012).`,
  closing: 'Les ruego que me confirmen por escrito cuando lo hayan hecho.',
  signOff: 'Atentamente,',
  labels: {
    name: 'Nombre completo',
    'honorific-prefix': 'Tratamiento',
    'given-name': 'Nombre',
    'additional-name': 'Segundo nombre',
    'family-name': 'Apellidos',
    nickname: 'Apodo',
    username: 'Nombre de usuario',
    email: 'Correo electrónico',
    tel: 'Teléfono',
    organization: 'Organización',
    'organization-title': 'Cargo',
    'street-address': 'Dirección',
    'address-line1': 'Línea de dirección 1',
    'address-line2': 'Línea de dirección 2',
    'address-line3': 'Línea de dirección 3',
    'address-level2': 'Ciudad',
    'address-level1': 'Provincia o región',
    'postal-code': 'Código postal',
    country: 'País',
    'country-name': 'País',
    bday: 'Fecha de nacimiento',
    sex: 'Género',
    url: 'Sitio web',
    language: 'Idioma',
  },
  formatDate: longDate('es-ES'),
  lawName: { eu: 'el RGPD', uk: 'el UK GDPR', ch: 'la Ley Federal suiza de Protección de Datos (LPD)', 'us-ca': 'la CCPA' },
  reminder: {
    subject: (s) => `Recordatorio: ${s}`,
    late: (sentOn, deadline, law, partial) =>
      `El ${sentOn} les envié la solicitud que figura más abajo conforme a ${law}. El plazo para responder terminó el ${deadline} y no he recibido ${partial ? 'una respuesta completa' : 'ninguna respuesta'}.`,
    ask: (by, authority) =>
      `Les ruego que respondan a más tardar el ${by}. Si para entonces no he recibido respuesta, presentaré una reclamación ante ${authority ?? 'la autoridad de protección de datos competente'}.`,
  },
  original: (d) => `Mi solicitud del ${d}, tal como la envié:`,
  complaint: {
    subject: (company) => `Reclamación contra ${company}: solicitud sobre mis datos sin respuesta`,
    greeting: 'Estimados señores:',
    lodge: {
      eu: 'Conforme al artículo 77 del Reglamento General de Protección de Datos (RGPD), presento una reclamación contra la empresa indicada a continuación, que no ha atendido mi solicitud.',
      uk: 'Conforme al artículo 77 del UK GDPR, presento una reclamación contra la empresa indicada a continuación, que no ha atendido mi solicitud.',
      ch: 'Conforme al artículo 49 de la Ley Federal suiza de Protección de Datos (LPD), les comunico que la empresa indicada a continuación no ha atendido mi solicitud.',
      'us-ca':
        'Presento una reclamación contra la empresa indicada a continuación, que no ha atendido mi solicitud conforme a la California Consumer Privacy Act (Cal. Civ. Code § 1798.199.45).',
    },
    company: 'La empresa:',
    happened: 'Los hechos:',
    sent: (date, to) => `- ${date}: envié mi solicitud a ${to}.`,
    deadline: (date) => `- ${date}: terminó el plazo legal para responder.`,
    extended: (date) => `- ${date}: la empresa prorrogó el plazo hasta este día.`,
    reminded: (date) => `- ${date}: envié un recordatorio.`,
    answer: {
      none: (d) => `- ${d}: ninguna respuesta.`,
      fulfilled: (d) => `- ${d}: la empresa declaró haber atendido mi solicitud.`,
      refused: (d) => `- ${d}: la empresa denegó mi solicitud.`,
      partial: (d) => `- ${d}: la empresa respondió solo en parte.`,
      id: (d) => `- ${d}: la empresa me pidió un documento de identidad.`,
      extended: (d) => `- ${d}: la empresa me comunicó que prorroga el plazo.`,
    },
    noAnswer: '- Hasta hoy no he recibido respuesta.',
    ledger: (site) =>
      `Según los registros de mi navegador (la extensión Proffer), la empresa recibió de mí los siguientes datos a través de ${site}:`,
    ledgerLine: (field, dates) => `- ${field}: ${dates}`,
    ask: 'Les ruego que examinen esta reclamación y velen por que la empresa atienda mi solicitud. A continuación figura mi solicitud tal como la envié.',
  },
  exerciseName: { deletion: 'supresión', access: 'acceso', 'sale:opt-out': 'oposición (no vender)' },
};

export const TEMPLATES = { en, de, fr, es } as const satisfies Record<string, LetterTemplate>;
export type LetterLang = keyof typeof TEMPLATES;
export const LETTER_LANGS = Object.keys(TEMPLATES) as LetterLang[];

/** The letter's language: the company's request language when Proffer writes it, else the person's, else English. */
export function letterLang(companyLang: string | undefined, personLang: string | undefined): LetterLang {
  const pick = (l: string | undefined) => {
    const base = l?.toLowerCase().split(/[-_]/)[0];
    return base && base in TEMPLATES ? (base as LetterLang) : undefined;
  };
  return pick(companyLang) ?? pick(personLang) ?? 'en';
}
