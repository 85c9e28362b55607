/**
 * The named form-context rules of the classifier, one by one: for each, a form where a field gets
 * its role because of that rule, and the same form classified with the list minus that rule, which
 * must come out differently (so every rule is shown to do something, and to be the one doing it).
 */
import { describe, expect, it } from 'vitest';
import { CONTEXT_RULES, classifyFields } from '../../src/forms/classify';
import type { FieldFacts, FormFacts, Role } from '../../src/forms/types';
import { blankField, blankForm } from './field-facts';

type FieldInit = Partial<Omit<FieldFacts, 'form'>>;

/** The fields of one form, in order, with the counts collect would compute. */
function form(inits: FieldInit[], over: Partial<FormFacts> = {}): FieldFacts[] {
  const ff = blankForm({
    passwordCount: inits.filter((i) => i.type === 'password').length,
    textCount: inits.filter((i) => (i.tag ?? 'input') === 'input' && !/^(password|checkbox|radio)$/.test(i.type ?? '')).length,
    fieldCount: inits.length,
    ...over,
  });
  const frame = { top: true, origin: 'https://shop.example', path: '/', title: '', frameVisible: true };
  return inits.map((init, i) => {
    const tag = init.tag ?? 'input';
    return {
      ...blankField(i, ff, frame),
      type: tag === 'select' ? 'select-one' : 'text',
      optionCount: init.options?.length ?? 0,
      ...init,
    };
  });
}

const opts = (...texts: string[]) => texts.map((t) => ({ value: t, text: t }));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => String(a + i));
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Roles of the fields with every rule, and with the list minus the rule named `name`. */
function roles(name: string, fs: FieldFacts[]): { all: (Role | null)[]; without: (Role | null)[] } {
  expect(
    CONTEXT_RULES.some((r) => r.name === name),
    `rule ${name}`,
  ).toBe(true);
  return {
    all: classifyFields(fs).map((c) => c.role),
    without: classifyFields(
      fs,
      CONTEXT_RULES.filter((r) => r.name !== name),
    ).map((c) => c.role),
  };
}

describe('the context rules', () => {
  it('are named once each, in order, and say why', () => {
    expect(CONTEXT_RULES.map((r) => r.name)).toEqual([
      'gift-card-pin',
      'password-kind',
      'login-phone-is-username',
      'email-or-phone-is-email',
      'account-number',
      'your-name-is-name',
      'account-nickname',
      'login-identifier',
      'label-row',
      'name-words',
      'language-picker',
      'part-runs',
      'date-parts',
      'expiry-parts',
      'card-code-needs-card',
      'card-type-needs-card',
      'card-number-needs-payment',
      'pin-code-beside-address',
      'someone-else',
      'login-company',
      'birthday-selects',
      'date-part-siblings',
      'lookup-boxes',
      'member-search',
    ]);
    for (const r of CONTEXT_RULES) expect(r.why.length, r.name).toBeGreaterThan(20);
  });

  it('gift-card-pin: the PIN of a gift card in a password box is no password', () => {
    const fs = form(
      [
        { labels: ['Gift card number'], name: 'giftCard[0].number' },
        { type: 'password', labels: ['PIN'], name: 'giftCard[0].pin' },
      ],
      { submitTexts: ['Apply'] },
    );
    const r = roles('gift-card-pin', fs);
    expect(r.all[1]).toBeNull();
    expect(r.without[1]).toBe('current-password');
  });

  it('password-kind: one password in a sign-up form is a new password', () => {
    const fs = form([{ labels: ['Email'] }, { type: 'password', labels: ['Passwort'] }], { submitTexts: ['Registrieren'] });
    const r = roles('password-kind', fs);
    expect(r.all).toEqual(['email', 'new-password']);
    expect(r.without).toEqual(['email', 'current-password']);
  });

  it('login-phone-is-username: a phone box that names the account, in a log-in form, is the account (en, de)', () => {
    for (const [label, button] of [
      ['Mobile number (your login)', 'Log in'],
      ['Mobilnummer', 'Anmelden'],
    ]) {
      const fs = form([{ labels: [label!] }, { labels: ['Membership number'] }, { type: 'password', labels: ['Password'] }], {
        submitTexts: [button!],
      });
      const r = roles('login-phone-is-username', fs);
      expect(r.all[0], label).toBe('username');
      expect(r.without[0], label).toBe('tel');
    }
    // negative: an email box of a log-in form asks for the email address, and stays the email (en, fr)
    for (const [label, button] of [
      ['Email address', 'Sign in'],
      ['Adresse e-mail', 'Se connecter'],
    ]) {
      const fs = form([{ labels: [label!] }, { type: 'password', labels: ['Password'] }], { submitTexts: [button!] });
      expect(roles('login-phone-is-username', fs).all, label).toEqual(['email', 'current-password']);
      expect(roles('login-identifier', fs).all, label).toEqual(['email', 'current-password']);
    }
  });

  it('email-or-phone-is-email: "Mobile number or email" in a sign-up form is an email', () => {
    const fs = form([{ labels: ['Mobile number or email'] }, { type: 'password', labels: ['New password'] }], {
      submitTexts: ['Sign Up'],
    });
    const r = roles('email-or-phone-is-email', fs);
    expect(r.all).toEqual(['email', 'new-password']);
    expect(r.without).toEqual(['username', 'new-password']);
  });

  it('account-number: a customer number outside a log-in form is nothing', () => {
    const fs = form([{ labels: ['Customer number'], name: 'username' }, { labels: ['Email'] }], { submitTexts: ['Send'] });
    const r = roles('account-number', fs);
    expect(r.all).toEqual([null, 'email']);
    expect(r.without).toEqual(['username', 'email']);
  });

  it('your-name-is-name: "Nombre" on a field named username, in a contact form, is the name', () => {
    const fs = form([
      { ariaLabel: 'Nombre', name: 'username' },
      { labels: ['Message'], tag: 'textarea', type: 'textarea' },
    ]);
    const r = roles('your-name-is-name', fs);
    expect(r.all[0]).toBe('name');
    expect(r.without[0]).toBe('username');
  });

  it('account-nickname: a nickname in a sign-up form is the user name', () => {
    const fs = form(
      [{ labels: ['Nickname'] }, { type: 'password', labels: ['Password'] }, { type: 'password', labels: ['Repeat password'] }],
      { submitTexts: ['Create account'] },
    );
    const r = roles('account-nickname', fs);
    expect(r.all[0]).toBe('username');
    expect(r.without[0]).toBe('nickname');
  });

  it('login-identifier: the field right before a log-in password is the account, whatever it is called', () => {
    const fs = form(
      [
        { labels: ['Kennung'], name: 'x1' },
        { type: 'password', labels: ['Password'] },
      ],
      { submitTexts: ['Log in'] },
    );
    const r = roles('login-identifier', fs);
    expect(r.all).toEqual(['username', 'current-password']);
    expect(r.without).toEqual([null, 'current-password']);
  });

  it('label-row: "First name: *  Last name: *" over two boxes gives each box its label', () => {
    const fs = form([{ nearby: 'Your details  First name: *  Last name: *', name: 'field_3' }, { name: 'field_4' }, { labels: ['Email'] }]);
    const r = roles('label-row', fs);
    expect(r.all).toEqual(['given-name', 'family-name', 'email']);
    expect(r.without).not.toEqual(r.all);
  });

  it('name-words: "Nom" next to "Prénom" is the family name', () => {
    const fs = form([{ labels: ['Prénom'] }, { labels: ['Nom'] }]);
    const r = roles('name-words', fs);
    expect(r.all).toEqual(['given-name', 'family-name']);
    expect(r.without).toEqual(['given-name', 'name']);
  });

  it('language-picker: a language select with nothing personal around is a site switcher, not a profile field', () => {
    const fs = form([{ tag: 'select', labels: ['Language'], options: opts('English', 'Deutsch', 'Français', 'Español') }]);
    const r = roles('language-picker', fs);
    expect(r.all).toEqual([null]);
    expect(r.without).toEqual(['language']);
  });

  it('part-runs: an address with an unlabelled second line', () => {
    const fs = form([{ labels: ['Address'] }, {}, { labels: ['City'] }]);
    const r = roles('part-runs', fs);
    expect(r.all).toEqual(['address-line1', 'address-line2', 'address-level2']);
    expect(r.without).toEqual(['address-line1', null, 'address-level2']);
  });

  it('date-parts: a date of birth box of four characters is the year', () => {
    const fs = form([{ labels: ['Date of birth'], maxLength: 4 }]);
    const r = roles('date-parts', fs);
    expect(r.all).toEqual(['bday-year']);
    expect(r.without).toEqual(['bday']);
  });

  it('expiry-parts: an expiry box of two characters that says MM is the month', () => {
    const fs = form([{ labels: ['Card number'] }, { labels: ['Expiry date (MM)'], maxLength: 2 }]);
    const r = roles('expiry-parts', fs);
    expect(r.all).toEqual(['cc-number', 'cc-exp-month']);
    expect(r.without).toEqual(['cc-number', 'cc-exp']);
  });

  it('card-code-needs-card: a security code with no card around is nothing (a 2FA form)', () => {
    const fs = form([{ labels: ['Security code'] }], { submitTexts: ['Verify'] });
    const r = roles('card-code-needs-card', fs);
    expect(r.all).toEqual([null]);
    expect(r.without).toEqual(['cc-csc']);
  });

  it('card-type-needs-card: a card-type choice with no card number is nothing; beside a card number it is the type (en, de)', () => {
    for (const [type, num] of [
      ['Card type', 'Card number'],
      ['Kartentyp', 'Kartennummer'],
    ]) {
      const kinds = opts('Visa', 'Mastercard', 'American Express');
      // a comparison site's filter: which cards to show
      const alone = form([{ tag: 'select', labels: [type!], options: kinds }], { submitTexts: ['Compare'] });
      const r = roles('card-type-needs-card', alone);
      expect(r.all, type).toEqual([null]);
      expect(r.without, type).toEqual(['cc-type']);
      // negative: beside the card's number it is the card's type
      const paid = form([{ tag: 'select', labels: [type!], options: kinds }, { labels: [num!] }]);
      expect(roles('card-type-needs-card', paid).all, type).toEqual(['cc-type', 'cc-number']);
    }
  });

  it('login-company: a company box in a log-in form is the account; in a sign-up form the employer (en, de)', () => {
    for (const [company, user, pw, login, mail, again, register] of [
      ['Company', 'User name', 'Password', 'Log in', 'Email', 'Repeat password', 'Register'],
      ['Firma', 'Benutzername', 'Passwort', 'Anmelden', 'E-Mail', 'Passwort wiederholen', 'Registrieren'],
    ]) {
      const fs = form([{ labels: [company!] }, { labels: [user!] }, { type: 'password', labels: [pw!] }], { submitTexts: [login!] });
      const r = roles('login-company', fs);
      expect(r.all, company).toEqual(['username', 'username', 'current-password']);
      expect(r.without, company).toEqual(['organization', 'username', 'current-password']);
      // negative: a sign-up form asks for the person's company
      const signup = form(
        [{ labels: [company!] }, { labels: [mail!] }, { type: 'password', labels: [pw!] }, { type: 'password', labels: [again!] }],
        { submitTexts: [register!] },
      );
      expect(roles('login-company', signup).all[0], company).toBe('organization');
    }
  });

  it('member-search: a user-name box in a search form is a query; in a log-in form the account (en, de)', () => {
    for (const [user, search, pw, login] of [
      ['User name', 'Search posts', 'Password', 'Log in'],
      ['Benutzername', 'Beiträge suchen', 'Passwort', 'Anmelden'],
    ]) {
      const fs = form([{ labels: [user!] }, { tag: 'select', labels: ['Forum'], options: opts('All', 'News') }], {
        submitTexts: [search!],
      });
      const r = roles('member-search', fs);
      expect(r.all[0], user).toBe('search');
      expect(r.without[0], user).toBe('username');
      // negative: beside a password under log-in words it is the account
      const li = form([{ labels: [user!] }, { type: 'password', labels: [pw!] }], { submitTexts: [login!] });
      expect(roles('member-search', li).all[0], user).toBe('username');
    }
  });

  it('birthday-selects: day, month and year selects with past years are a date of birth', () => {
    const fs = form(
      [
        { tag: 'select', name: 'd', options: opts('Day', ...range(1, 31)) },
        { tag: 'select', name: 'm', options: opts('Month', ...MONTHS) },
        { tag: 'select', name: 'y', options: opts('Year', ...range(1930, 2012).reverse()) },
      ],
      { submitTexts: ['Sign up'] },
    );
    const r = roles('birthday-selects', fs);
    expect(r.all).toEqual(['bday-day', 'bday-month', 'bday-year']);
    expect(r.without).toEqual([null, null, null]);
  });

  it('date-part-siblings: a short box that says only "Year" after a card expiry month is the expiry year (en, de)', () => {
    for (const [num, month, year] of [
      ['Card number', 'Expiry month', 'Year'],
      ['Kartennummer', 'Gültig bis (Monat)', 'Jahr'],
    ]) {
      const fs = form([
        { labels: [num!] },
        { tag: 'select', labels: [month!], options: opts(...MONTHS) },
        { labels: [year!], maxLength: 4 },
      ]);
      const r = roles('date-part-siblings', fs);
      expect(r.all[2], year).toBe('cc-exp-year');
      expect(r.without[2], year).toBe(null);
      // negative: a long box that says "Year" (a car's model year in a free-text box) is not the date's
      const long = form([
        { labels: [num!] },
        { tag: 'select', labels: [month!], options: opts(...MONTHS) },
        { labels: [year!], maxLength: 40 },
      ]);
      expect(roles('date-part-siblings', long).all[2], year).toBe(null);
    }
  });

  it('date-part-siblings: a year select just before a birth month is the birth year', () => {
    const fs = form([
      { tag: 'select', labels: ['Jahr'], options: opts('Jahr', ...range(1930, 2012).reverse()) },
      { tag: 'select', labels: ['Date of birth'], options: opts('Month', ...MONTHS) },
    ]);
    const r = roles('date-part-siblings', fs);
    expect(r.all).toEqual(['bday-year', 'bday-month']);
    expect(r.without).toEqual([null, 'bday-month']);
  });

  /** Two forms of one document: `a` first, `b` after it (index and form index moved on). */
  const page = (a: FieldFacts[], b: FieldFacts[]): FieldFacts[] => [
    ...a,
    ...b.map((f, i) => ({ ...f, index: a.length + i, form: { ...f.form, index: f.form.index + 1 } })),
  ];

  it('lookup-boxes: a store finder or shipping estimate beside a real form gets nothing (en, de)', () => {
    for (const [finder, signup] of [
      [
        form([{ labels: ['ZIP code'], name: 'zip' }], { submitTexts: ['Find stores'], heading: 'Find a store near you' }),
        form([{ labels: ['First name'] }, { labels: ['Email'] }, { labels: ['ZIP code'], name: 'zip' }], {
          submitTexts: ['Create account'],
        }),
      ],
      [
        form([{ labels: ['PLZ'], name: 'plz' }], { submitTexts: ['Suchen'], heading: 'Filiale finden' }),
        form([{ labels: ['E-Mail'] }], { submitTexts: ['Newsletter abonnieren'] }),
      ],
    ]) {
      const fs = page(finder!, signup!);
      const r = roles('lookup-boxes', fs);
      expect(r.all[0]).toBe('search');
      expect(r.without[0]).toBe('postal-code');
      // the real form keeps its ZIP
      expect(r.all.slice(1)).toEqual(r.without.slice(1));
    }
    // a box that says it estimates shipping, inside the checkout form itself (en, fr)
    for (const [est, street] of [
      ['ZIP code for a shipping estimate', 'Street address'],
      ['Code postal (estimer les frais de livraison)', 'Adresse'],
    ]) {
      const fs = form([{ labels: [street!] }, { labels: ['City'] }, { placeholder: est!, name: 'zip' }], { submitTexts: ['Place order'] });
      const r = roles('lookup-boxes', fs);
      expect(r.all[2], est).toBe('search');
      expect(r.without[2], est).toBe('postal-code');
    }
  });

  it('lookup-boxes: a lookup alone on its page, or a whole address in a form, keeps its roles (en, de)', () => {
    for (const finder of [
      form([{ labels: ['ZIP code'], name: 'zip' }], { submitTexts: ['Find stores'], heading: 'Find a store near you' }),
      form([{ labels: ['PLZ'], name: 'plz' }], { submitTexts: ['Suchen'], heading: 'Filiale finden' }),
    ]) {
      expect(roles('lookup-boxes', finder).all).toEqual(['postal-code']);
    }
    for (const labels of [
      ['Street address', 'City', 'ZIP code'],
      ['Straße und Hausnummer', 'Ort', 'PLZ'],
    ]) {
      const fs = form(
        labels.map((l) => ({ labels: [l] })),
        { submitTexts: ['Place order'] },
      );
      const r = roles('lookup-boxes', fs);
      expect(r.all, labels.join()).toEqual(r.without);
      expect(r.all[2]).toBe('postal-code');
    }
  });

  it('lookup-boxes: a search form with a box for what is sought makes its place boxes the query (en, fr)', () => {
    for (const [what, where, go] of [
      ['Keywords', 'Your location', 'Search'],
      ['Mots-clés', 'Ville', 'Rechercher'],
    ]) {
      const fs = form(
        [
          { labels: [what!], name: 'q' },
          { labels: [where!], placeholder: 'e.g. London' },
        ],
        { submitTexts: [go!] },
      );
      const r = roles('lookup-boxes', fs);
      expect(r.all, where).toEqual(['search', 'search']);
      expect(r.without[1], where).not.toBe('search');
    }
    // negative: a search by places alone (a route from A to B), or a state to pick, keeps its roles
    for (const [from, go] of [
      ['City', 'Search'],
      ['Ville', 'Rechercher'],
    ]) {
      const fs = form([{ labels: [from!] }], { submitTexts: [go!], heading: 'Search hotels' });
      expect(roles('lookup-boxes', fs).all, from).toEqual(['address-level2']);
    }
    const states = form(
      [
        { labels: ['Keywords'], name: 'q' },
        { tag: 'select', labels: ['State'], options: opts('Alabama', 'Alaska', 'Arizona', 'California', 'Colorado', 'Texas') },
      ],
      { submitTexts: ['Search'] },
    );
    expect(roles('lookup-boxes', states).all).toEqual(['search', 'address-level1']);
  });

  it('card-number-needs-payment: a card number alone in a sign-up form is a member card (en, de); beside an expiry it is paid with', () => {
    for (const [card, email, go] of [
      ['Rewards card number (optional)', 'Email', 'Create account'],
      ['Kartennummer (optional)', 'E-Mail', 'Konto erstellen'],
    ]) {
      const fs = form([{ labels: [email!] }, { labels: [card!] }, { type: 'password', labels: ['Password'] }], { submitTexts: [go!] });
      const r = roles('card-number-needs-payment', fs);
      expect(r.without[1], card).toBe('cc-number');
      expect(r.all[1], card).toBe(null);
    }
    // negative: with its expiry (en) or under a payment heading (de), the card is paid with
    const paid = form([{ labels: ['Email'] }, { labels: ['Card number'] }, { labels: ['Expiry date (MM/YY)'] }], {
      submitTexts: ['Create account'],
    });
    expect(roles('card-number-needs-payment', paid).all[1]).toBe('cc-number');
    const zahlung = form([{ labels: ['E-Mail'] }, { labels: ['Kartennummer'] }], {
      submitTexts: ['Konto erstellen'],
      heading: 'Zahlungsdaten',
    });
    expect(roles('card-number-needs-payment', zahlung).all[1]).toBe('cc-number');
  });

  it("pin-code-beside-address: India's PIN code beside a town or state is the postcode (en, hi); alone it is not", () => {
    for (const pin of ['Pincode', 'पिन कोड']) {
      const fs = form([{ labels: ['Address'] }, { labels: ['City'] }, { labels: [pin], name: 'f3' }, { labels: ['State'] }], {
        submitTexts: ['Save address'],
      });
      const r = roles('pin-code-beside-address', fs);
      expect(r.all[2], pin).toBe('postal-code');
      expect(r.without[2], pin).not.toBe('postal-code');
    }
    // negative: a PIN code with no address beside it (a card, a log-in) is no postcode
    for (const pin of ['PIN code', 'पिन कोड']) {
      const fs = form([{ labels: ['Card number'] }, { labels: [pin], name: 'f2' }], { submitTexts: ['Continue'] });
      expect(roles('pin-code-beside-address', fs).all[1], pin).not.toBe('postal-code');
    }
  });

  it("someone-else: a friend's email or an emergency contact's phone gets none of the person's data (en, de, fr)", () => {
    for (const [label, type, role] of [
      ["Your friend's email", 'email', 'email'],
      ['E-Mail deines Freundes', 'email', 'email'],
      ["Téléphone du contact d'urgence", 'tel', 'tel'],
      ['Emergency contact phone', 'tel', 'tel'],
    ]) {
      const fs = form([{ labels: ['Your name'] }, { labels: [label!], type: type! }], { submitTexts: ['Send'] });
      const r = roles('someone-else', fs);
      expect(r.without[1], label).toBe(role);
      expect(r.all[1], label).toBe(null);
    }
    // negative: the person's own email and phone, and a recipient the person ships to, keep their roles
    for (const [label, type, role] of [
      ['Your email', 'email', 'email'],
      ['Ihre E-Mail-Adresse', 'email', 'email'],
      ['Téléphone', 'tel', 'tel'],
      ["Recipient's email", 'email', 'email'],
    ]) {
      const fs = form([{ labels: ['Your name'] }, { labels: [label!], type: type! }], { submitTexts: ['Send'] });
      expect(roles('someone-else', fs).all[1], label).toBe(role);
    }
  });
});
