// Letters to real companies: the legal frame for where the person lives and where the company is,
// the letter in the company's language citing that frame's law, deadlines with extensions, the
// follow-up steps with their dates, and the complaint to the competent authority.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUT } from '../../scripts/data-contacts.mjs';
import { checkDirectory, companiesFor, companyBySlug } from '../../src/protocol/contacts';
import { deadlineIn, extendedDeadline } from '../../src/protocol/deadline';
import { buildRequestEmail } from '../../src/protocol/email';
import { addressCountry, CPPA, competentAuthority, JURISDICTIONS, jurisdictionFor } from '../../src/protocol/jurisdiction';
import { buildComplaint, buildReminder, dueAfterAnswer, type SentRequest, timeline } from '../../src/protocol/letters';
import { LETTER_LANGS, letterLang } from '../../src/protocol/letters-text';

const dir = checkDirectory(JSON.parse(readFileSync(OUT, 'utf8')));
const company = (slug: string) => companyBySlug(dir, slug)!;

describe('the legal frame', () => {
  it('reads the country from the last line of an address, in several languages', () => {
    expect(addressCountry('Kurfürstendamm 12\n10719 Berlin\nDeutschland')).toBe('de');
    expect(addressCountry('1 Kingdom Street\nLondon\nW2 6BD\nUnited Kingdom')).toBe('gb');
    expect(addressCountry('Eichenstrasse 2\n8808 Pfäffikon\nSwitzerland')).toBe('ch');
    expect(addressCountry('38 avenue John F. Kennedy\nL-1855, Luxembourg\nLuxembourg')).toBe('lu');
    expect(addressCountry('255 Executive Drive\nPlainview New York 11803\nUnited States of America')).toBe('us');
    expect(addressCountry('Somewhere\nAtlantis')).toBeUndefined();
  });

  it('picks CCPA for California residents, revFADP for Swiss companies, UK GDPR for the UK, else GDPR', () => {
    expect(jurisdictionFor('us-ca', company('coinbase-de'))).toBe('us-ca');
    expect(jurisdictionFor('de', company('1plusx'))).toBe('ch'); // 1plusX GmbH, Pfäffikon
    expect(jurisdictionFor('gb', company('coinbase'))).toBe('uk');
    expect(jurisdictionFor('fr', company('1and1-gb'))).toBe('eu'); // an EU resident keeps the GDPR
    expect(jurisdictionFor('us', company('1and1-gb'))).toBe('uk'); // from outside the EU: the company's
    expect(jurisdictionFor('de', company('coinbase-de'))).toBe('eu');
    expect(jurisdictionFor(undefined)).toBe('eu');
  });

  it("writes in the company's request language, else the person's, else English", () => {
    expect(letterLang(company('cdiscount').lang, 'en-US')).toBe('fr');
    expect(letterLang(company('1blu').lang, 'es')).toBe('es'); // no request language in the directory
    expect(letterLang('it', 'de-AT')).toBe('de'); // Italian letters are not written yet
    expect(letterLang(undefined, 'ja')).toBe('en');
  });
});

const base = {
  exercise: 'access' as const,
  regime: 'gdpr' as const,
  brandName: 'Cdiscount',
  site: 'www.cdiscount.com',
  to: 'informatique-et-libertes@cdiscount.com',
  identifiers: [{ token: 'email', value: 'ada@example.org' }],
  sentOn: '2026-01-31',
};

describe('request letters per language and law', () => {
  it('French GDPR access request, with the deadline at the end of February', () => {
    const m = buildRequestEmail({ ...base, lang: 'fr', jurisdiction: 'eu' });
    expect(m.subject).toBe("Demande d'accès à mes données personnelles (article 15 du RGPD)");
    expect(m.body).toContain(
      "J'exerce mon droit d'accès en vertu de l'article 15 du règlement général sur la protection des données (RGPD).",
    );
    expect(m.body).toContain('- Adresse électronique: ada@example.org');
    expect(m.body).toContain('soit au plus tard le 28 février 2026.');
  });

  it('German erasure under the GDPR and under the Swiss act, with their own periods', () => {
    const gdpr = buildRequestEmail({ ...base, exercise: 'deletion', lang: 'de', jurisdiction: 'eu' });
    expect(gdpr.subject).toBe('Antrag auf Löschung meiner personenbezogenen Daten (Art. 17 DSGVO)');
    expect(gdpr.body).toContain('Art. 12 Abs. 3 DSGVO');
    expect(gdpr.body).toContain('bis zum 28. Februar 2026.');
    const ch = buildRequestEmail({ ...base, exercise: 'access', lang: 'de', jurisdiction: 'ch' });
    expect(ch.subject).toBe('Antrag auf Auskunft über meine personenbezogenen Daten (Art. 25 DSG)');
    expect(ch.body).toContain('Bundesgesetzes über den Datenschutz (DSG)');
    expect(ch.deadline).toBe('2026-03-02'); // 30 days
    expect(ch.body).toContain('bis zum 2. März 2026.');
    expect(ch.body).not.toContain('DSGVO');
  });

  it('Spanish objection under the UK GDPR, and a CCPA deletion in Spanish', () => {
    const uk = buildRequestEmail({ ...base, exercise: 'sale:opt-out', lang: 'es', jurisdiction: 'uk' });
    expect(uk.subject).toBe('Oposición a la venta y cesión de mis datos personales (artículo 21 del UK GDPR)');
    expect(uk.body).toContain('artículo 7, apartado 3, del UK GDPR');
    const ca = buildRequestEmail({ ...base, exercise: 'deletion', regime: 'ccpa', lang: 'es' });
    expect(ca.subject).toBe('Solicitud de eliminación de mi información personal (CCPA)');
    expect(ca.body).toContain('§ 1798.105');
    expect(ca.deadline).toBe('2026-03-17'); // 45 days
  });

  it('cites the IEEE 7012 agreement in force when there is one (issue 14)', () => {
    const m = buildRequestEmail({ ...base, lang: 'de', jurisdiction: 'eu', agreement: 'urn:myterms:sd-bp-v1' });
    expect(m.body).toContain('Vereinbarung, die ich angeboten und Sie angenommen haben: urn:myterms:sd-bp-v1 (IEEE 7012)');
    expect(buildRequestEmail({ ...base, lang: 'de', jurisdiction: 'eu' }).body).not.toContain('IEEE 7012');
  });

  it('English UK GDPR access cites the UK GDPR, never the EU one', () => {
    const m = buildRequestEmail({ ...base, lang: 'en', jurisdiction: 'uk' });
    expect(m.subject).toBe('Request for access to my personal data (Article 15 UK GDPR)');
    expect(m.body).toContain('Article 12(3) UK GDPR');
    expect(m.body).not.toMatch(/\(GDPR\)/);
  });
});

describe('deadlines and escalation dates', () => {
  it('extends from the day of receipt: GDPR three months in all, CCPA 90 days, none for a CCPA opt-out', () => {
    expect(extendedDeadline('eu', 'access', '2026-01-31')).toBe('2026-04-30');
    expect(extendedDeadline('uk', 'deletion', '2026-11-30')).toBe('2027-02-28');
    expect(extendedDeadline('eu', 'access', '2028-11-29')).toBe('2029-02-28');
    expect(extendedDeadline('us-ca', 'deletion', '2026-01-31')).toBe('2026-05-01');
    expect(extendedDeadline('us-ca', 'sale:opt-out', '2026-01-30')).toBe('2026-02-20');
    expect(extendedDeadline('ch', 'access', '2026-01-31')).toBe('2026-05-01');
    expect(deadlineIn('ch', 'access', '2026-12-15')).toBe('2027-01-14');
  });

  const sent: SentRequest = {
    exercise: 'deletion',
    jurisdiction: 'eu',
    lang: 'en',
    companyName: 'Cdiscount',
    site: 'www.cdiscount.com',
    to: 'informatique-et-libertes@cdiscount.com',
    identifiers: [{ token: 'email', value: 'ada@example.org' }],
    sentOn: '2026-01-31',
    dueOn: '2026-02-28',
    answers: [],
  };

  it('waits until the deadline, then offers the reminder, then after 14 days the complaint', () => {
    expect(timeline(sent, '2026-02-28').next).toBe('wait'); // the last day is still theirs
    expect(timeline(sent, '2026-03-01').next).toBe('reminder');
    const reminded = { ...sent, remindedOn: '2026-03-02' };
    const t = timeline(reminded, '2026-03-16');
    expect(t.next).toBe('wait');
    expect(t.reminderDueOn).toBe('2026-03-16');
    expect(timeline(reminded, '2026-03-17').next).toBe('complaint');
    expect(timeline({ ...reminded, complainedOn: '2026-03-20' }, '2026-04-01').next).toBe('done');
    expect(timeline(reminded, '2026-03-17').steps.map((s) => `${s.kind} ${s.on} ${s.done}`)).toEqual([
      'sent 2026-01-31 true',
      'deadline 2026-02-28 true',
      'reminder 2026-03-02 true',
      'reminder-deadline 2026-03-16 true',
    ]);
  });

  it('moves the deadline for an extension and for an ID request; a refusal goes to the complaint at once', () => {
    const ext = dueAfterAnswer(sent, 'extended', '2026-02-20');
    expect(ext).toBe('2026-04-30');
    const extended = { ...sent, dueOn: ext, answers: [{ kind: 'extended' as const, on: '2026-02-20' }] };
    expect(timeline(extended, '2026-03-15').next).toBe('wait');
    expect(timeline(extended, '2026-05-01').next).toBe('reminder');
    expect(dueAfterAnswer(sent, 'id', '2026-02-10')).toBe('2026-03-10');
    expect(dueAfterAnswer(sent, 'partial', '2026-02-10')).toBe('2026-02-28');
    expect(timeline({ ...sent, answers: [{ kind: 'refused', on: '2026-02-05' }] }, '2026-02-06').next).toBe('complaint');
    expect(timeline({ ...sent, answers: [{ kind: 'fulfilled', on: '2026-02-05' }] }, '2026-06-06').next).toBe('done');
    expect(timeline({ ...sent, answers: [{ kind: 'partial', on: '2026-02-05' }] }, '2026-03-01').next).toBe('reminder');
  });

  it('writes the reminder and the complaint in every language and legal frame, with every date', () => {
    for (const lang of LETTER_LANGS)
      for (const jurisdiction of JURISDICTIONS)
        for (const exercise of ['access', 'deletion', 'sale:opt-out'] as const) {
          const r = {
            ...sent,
            lang,
            jurisdiction,
            exercise,
            remindedOn: '2026-03-02',
            answers: [{ kind: 'partial' as const, on: '2026-02-10' }],
          };
          const reminder = buildReminder(r, { today: '2026-03-02', authority: 'Authority X' });
          const complaint = buildComplaint(r, {
            authority: { name: 'Authority X' },
            received: [{ field: 'F', on: ['2026-01-02'] }],
            today: '2026-03-20',
          });
          for (const l of [reminder, complaint]) {
            expect(l.body, `${lang} ${jurisdiction} ${exercise}`).not.toMatch(/undefined|\[object|NaN/);
            expect(l.subject.length).toBeGreaterThan(10);
          }
          expect(reminder.body).toContain('Authority X');
          // Sent, due, answered in part, reminded: four dates of 2026 in the complaint, and the ledger's.
          expect(complaint.body.match(/2026/g)!.length).toBeGreaterThanOrEqual(5);
          expect(complaint.body).toContain(r.to);
        }
  });

  it('the reminder names the dates, the new date and the authority, and quotes the request', () => {
    const r = buildReminder(
      { ...sent, lang: 'fr' },
      { today: '2026-03-02', authority: "Commission Nationale de l'Informatique et des Libertés" },
    );
    expect(r.subject).toBe("Rappel : Demande d'effacement de mes données personnelles (article 17 du RGPD)");
    expect(r.by).toBe('2026-03-16');
    expect(r.body).toContain('Le 31 janvier 2026');
    expect(r.body).toContain('a expiré le 28 février 2026');
    expect(r.body).toContain('au plus tard le 16 mars 2026');
    expect(r.body).toContain("Commission Nationale de l'Informatique et des Libertés");
    expect(r.body).toContain("J'exerce mon droit à l'effacement");
    expect(r.to).toBe('informatique-et-libertes@cdiscount.com');
  });
});

describe('the complaint goes to the competent authority', () => {
  const auth = (residence: string | undefined, slug: string, postalCode?: string) => {
    const c = company(slug);
    const j = jurisdictionFor(residence, c);
    return competentAuthority(dir, {
      jurisdiction: j,
      ...(residence ? { residence } : {}),
      ...(postalCode ? { postalCode } : {}),
      company: c,
    });
  };

  it("of the person's country, for at least six countries", () => {
    expect(auth('fr', 'cdiscount')?.authority.slug).toBe('frcnil');
    expect(auth('at', 'coinbase')?.authority.slug).toBe('atdsb');
    expect(auth('es', 'amazon-es')?.authority.slug).toBe('esaepa');
    expect(auth('ie', 'cdiscount')?.authority.slug).toBe('iedpc');
    expect(auth('nl', 'amazon-nl')?.authority.slug).toBe('nlap');
    expect(auth('gb', 'amazon-gb')?.authority.slug).toBe('gbico');
    expect(auth('it', 'cdiscount')?.authority.slug).toBe('itgpdp');
    expect(auth('fr', 'cdiscount')?.basis).toBe('residence');
  });

  it("in Germany, of the person's Land by postal code", () => {
    expect(auth('de', 'cdiscount', '10719')?.authority.slug).toBe('deberlbdi');
    expect(auth('de', 'cdiscount', '80331')?.authority.slug).toBe('debaylda');
    expect(auth('de', 'cdiscount', '20095')?.authority.slug).toBe('dehmbbfdi');
    expect(auth('de', 'cdiscount')?.authority.slug).toBe('debfdi'); // no postal code: the federal one
  });

  it("of the company's main establishment when the person's country has none; the FDPIC for Swiss companies; the CPPA for California", () => {
    const fromUs = auth('us', 'coinbase-de'); // Berlin, 10719
    expect(fromUs?.basis).toBe('establishment');
    expect(fromUs?.authority.slug).toBe('deberlbdi');
    expect(auth('de', '1plusx', '10719')?.authority.slug).toBe('chedoeb');
    expect(auth('us-ca', 'cdiscount')?.authority).toEqual(CPPA);
  });

  it('drafts the complaint with the request, the dates and what the ledger shows', () => {
    const c = companiesFor(dir, 'https://www.cdiscount.com')[0]!;
    const target = competentAuthority(dir, { jurisdiction: 'eu', residence: 'fr', company: c })!;
    const letter = buildComplaint(
      {
        exercise: 'access',
        jurisdiction: 'eu',
        lang: 'fr',
        companyName: c.name,
        site: 'www.cdiscount.com',
        to: c.email!,
        identifiers: [{ token: 'email', value: 'ada@example.org' }],
        sentOn: '2026-01-31',
        dueOn: '2026-02-28',
        answers: [],
        remindedOn: '2026-03-02',
      },
      {
        authority: target.authority,
        companyAddress: c.address,
        received: [{ field: 'Adresse électronique', on: ['2025-11-03', '2026-01-12'] }],
      },
    );
    expect(letter.subject).toBe(`Plainte contre ${c.name} : demande relative à mes données restée sans réponse`);
    expect(letter.body).toContain("En vertu de l'article 77 du règlement général sur la protection des données (RGPD)");
    expect(letter.body).toContain(`- 31 janvier 2026 : j'ai envoyé ma demande à ${c.email}.`);
    expect(letter.body).toContain('- 28 février 2026 : le délai légal de réponse a expiré.');
    expect(letter.body).toContain("- 2 mars 2026 : j'ai envoyé un rappel.");
    expect(letter.body).toContain('- Adresse électronique : 3 novembre 2025, 12 janvier 2026');
    expect(letter.body).toContain("Demande d'accès à mes données personnelles (article 15 du RGPD)");
    expect(letter.body).toContain(c.address!.split('\n')[0]!);
    // The CNIL takes complaints through its web form: no email address to send to.
    expect(target.authority.email).toBeUndefined();
    expect(letter.to).toBe('');
  });
});
