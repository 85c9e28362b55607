// The email fallback and its deadlines, and the identifiers a request carries.
import { describe, expect, it } from 'vitest';
import { addBusinessDays, addDays, addMonths, endOfLocalDay, legalDeadline, localDate } from '../../src/protocol/deadline';
import { buildRequestEmail, EMAIL_LANGS, mailtoUrl, TEMPLATES } from '../../src/protocol/email';
import { identityFromFields } from '../../src/protocol/identifiers';
import { JURISDICTIONS } from '../../src/protocol/jurisdiction';
import { EXERCISES, Regime } from '../../src/protocol/schemas';

describe('legal deadlines', () => {
  it('GDPR: one month, clamped to the end of a shorter month', () => {
    expect(legalDeadline('gdpr', 'deletion', '2026-01-31')).toBe('2026-02-28');
    expect(legalDeadline('gdpr', 'access', '2028-01-31')).toBe('2028-02-29'); // leap year
    expect(legalDeadline('gdpr', 'deletion', '2026-01-15')).toBe('2026-02-15');
    expect(legalDeadline('gdpr', 'deletion', '2026-03-31')).toBe('2026-04-30');
    expect(legalDeadline('gdpr', 'deletion', '2026-12-31')).toBe('2027-01-31');
    expect(legalDeadline('gdpr', 'sale:opt-out', '2026-01-31')).toBe('2026-02-28');
  });

  it('CCPA: 45 calendar days to delete or know, 15 business days to opt out', () => {
    expect(legalDeadline('ccpa', 'deletion', '2026-01-31')).toBe('2026-03-17');
    expect(legalDeadline('ccpa', 'access', '2026-12-20')).toBe('2027-02-03');
    // Friday 2026-01-30 + 15 weekdays = Friday 2026-02-20.
    expect(legalDeadline('ccpa', 'sale:opt-out', '2026-01-30')).toBe('2026-02-20');
    expect(legalDeadline('ccpa', 'sale:opt-out', '2026-01-31')).toBe('2026-02-20'); // from a Saturday
  });

  it('does date arithmetic on real dates only', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
    expect(addBusinessDays('2026-01-02', 1)).toBe('2026-01-05');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => legalDeadline('gdpr', 'deletion', '31/01/2026')).toThrow(RangeError);
  });

  it("converts between moments and the person's local calendar days", () => {
    const end = endOfLocalDay('2026-02-28');
    expect(localDate(end)).toBe('2026-02-28');
    expect(localDate(end + 1)).toBe('2026-03-01');
  });
});

const base = {
  exercise: 'deletion' as const,
  regime: 'gdpr' as const,
  brandName: 'Northwind Outfitters',
  site: 'shop.example',
  to: 'privacy@shop.example',
  identifiers: [
    { token: 'email', value: 'ada@example.org' },
    { token: 'given-name', value: 'Ada' },
    { token: 'tel', value: '+44 20 7946 0958' },
  ],
  sentOn: '2026-01-31',
};

describe('the request email', () => {
  it('cites GDPR Art. 17, lists the identifiers and states the deadline', () => {
    const mail = buildRequestEmail(base);
    expect(mail.deadline).toBe('2026-02-28');
    expect(mail.subject).toBe('Request to erase my personal data (Article 17 GDPR)');
    expect(mail.body).toContain('Dear Northwind Outfitters privacy team,');
    expect(mail.body).toContain('right to erasure under Article 17');
    expect(mail.body).toContain(
      'through shop.example:\n- Email address: ada@example.org\n- First name: Ada\n- Phone number: +44 20 7946 0958',
    );
    expect(mail.body).toContain('within one month of receiving it, that is by 28 February 2026.');
    expect(mail.text.startsWith('To: privacy@shop.example\nSubject: Request to erase my personal data (Article 17 GDPR)\n\nDear')).toBe(
      true,
    );
  });

  it('cites Art. 15 for access, and the CCPA sections with 45 days and 15 business days', () => {
    expect(buildRequestEmail({ ...base, exercise: 'access' }).body).toContain('right of access under Article 15');
    const del = buildRequestEmail({ ...base, regime: 'ccpa' });
    expect(del.subject).toBe('Request to delete my personal information (CCPA)');
    expect(del.body).toContain('§ 1798.105');
    expect(del.body).toContain('within 45 calendar days of receiving this request, that is by 17 March 2026.');
    expect(del.deadline).toBe('2026-03-17');
    const know = buildRequestEmail({ ...base, regime: 'ccpa', exercise: 'access' });
    expect(know.body).toContain('right to know');
    const optOut = buildRequestEmail({ ...base, regime: 'ccpa', exercise: 'sale:opt-out' });
    expect(optOut.body).toContain('§ 1798.120');
    expect(optOut.body).toContain('15 business days');
    expect(optOut.deadline).toBe('2026-02-20');
  });

  it('has every sentence for every legal frame and exercise in every language', () => {
    for (const lang of EMAIL_LANGS) {
      for (const regime of Regime.options) {
        for (const jurisdiction of JURISDICTIONS) {
          for (const exercise of EXERCISES) {
            const mail = buildRequestEmail({ ...base, regime, jurisdiction, exercise, lang });
            expect(mail.subject.length, `${lang} ${jurisdiction} ${exercise}`).toBeGreaterThan(10);
            expect(mail.body).not.toMatch(/undefined|\[object/);
            expect(TEMPLATES[lang].deadline[jurisdiction][exercise]('X')).toContain('X');
          }
        }
      }
    }
  });

  it('builds an RFC 6068 mailto: URL that decodes back to the text', () => {
    const mail = buildRequestEmail(base);
    expect(
      mail.mailto.startsWith(
        'mailto:privacy@shop.example?subject=Request%20to%20erase%20my%20personal%20data%20(Article%2017%20GDPR)&body=',
      ),
    ).toBe(true);
    expect(mail.mailto).not.toMatch(/[ \n+]/);
    const url = new URL(mail.mailto);
    const body = decodeURIComponent(mail.mailto.split('&body=')[1]!);
    expect(body).toBe(mail.body.replace(/\n/g, '\r\n'));
    expect(url.protocol).toBe('mailto:');
  });

  it('encodes what could break out of the URL or the address', () => {
    expect(mailtoUrl('a@b.example', 'x&cc=evil@e.example', 'b?c#d%')).toBe(
      'mailto:a@b.example?subject=x%26cc%3Devil%40e.example&body=b%3Fc%23d%25',
    );
    const mail = buildRequestEmail({ ...base, to: 'privacy@shop.example?bcc=evil@e.example' });
    expect(mail.to).toBe('');
    expect(mail.mailto.startsWith('mailto:?subject=')).toBe(true);
    expect(mail.text.startsWith('Subject:')).toBe(true);
  });

  it('keeps every identifier on one line and leaves secrets out', () => {
    const mail = buildRequestEmail({
      ...base,
      identifiers: [
        { token: 'email', value: 'ada@example.org\r\nBcc: evil@e.example' },
        { token: 'password', value: 'hunter2' },
        { token: 'cc-number', value: '4111111111111111' },
        { token: 'username', value: '  ' },
      ],
    });
    expect(mail.body).toContain('- Email address: ada@example.org Bcc: evil@e.example');
    expect(mail.body).not.toContain('hunter2');
    expect(mail.body).not.toContain('4111');
    expect(mail.body).not.toContain('Username');
  });

  it('falls back to the sender address when no identifiers are given, and mentions terms and signature', () => {
    const mail = buildRequestEmail({
      ...base,
      identifiers: [],
      terms: { uri: 'https://customercommons.org/p2b1/', sha256: 'a'.repeat(64) },
      signature: 'Ada Lovelace',
    });
    expect(mail.body).toContain('the email address this message comes from');
    expect(mail.body).toContain(`https://customercommons.org/p2b1/ (SHA-256 ${'a'.repeat(64)})`);
    expect(mail.body.endsWith('Kind regards,\nAda Lovelace')).toBe(true);
  });
});

describe('identityFromFields', () => {
  it('maps autocomplete tokens to DRP identity claims', () => {
    expect(
      identityFromFields([
        { token: 'email', value: ' ada@example.org ' },
        { token: 'given-name', value: 'Ada' },
        { token: 'family-name', value: 'Lovelace' },
        { token: 'tel', value: '+44 20 7946-0958' },
        { token: 'street-address', value: "12 St James's Square" },
        { token: 'address-level2', value: 'London' },
        { token: 'postal-code', value: 'SW1Y 4JH' },
        { token: 'country', value: 'GB' },
        { token: 'bday', value: '1815-12-10' },
      ]),
    ).toEqual({
      email: 'ada@example.org',
      name: 'Ada Lovelace',
      phone_number: '+442079460958',
      address: { street_address: "12 St James's Square", locality: 'London', postal_code: 'SW1Y 4JH', country: 'GB' },
      other: { bday: '1815-12-10' },
    });
  });

  it('never carries secrets, and keeps odd values under their token', () => {
    expect(
      identityFromFields([
        { token: 'current-password', value: 'hunter2' },
        { token: 'cc-number', value: '4111111111111111' },
        { token: 'one-time-code', value: '123456' },
        { token: 'tel', value: '020 7946 0958' },
        { token: 'email', value: 'not an email' },
      ]),
    ).toEqual({ other: { tel: '020 7946 0958', email: 'not an email' } });
    expect(identityFromFields([])).toEqual({});
  });
});
