/**
 * The field classifier on hand-written facts: the autocomplete attribute first, label rules in each
 * language, the fields that must never get personal data, and the form context (log-in vs sign-up,
 * split names, phones and dates). No DOM: these are the facts collect.ts would send.
 */
import { describe, expect, it } from 'vitest';
import { classifyField, classifyFields, parseAutocomplete } from '../../src/forms/classify';
import type { FieldFacts, FormFacts, Token } from '../../src/forms/types';
import { blankField, blankForm } from './field-facts';

type FieldInit = Partial<Omit<FieldFacts, 'form'>>;

const baseForm = (f: Partial<FormFacts> = {}): FormFacts => blankForm({ fieldCount: 1, textCount: 1, ...f });

/** One field with neutral defaults; a text input unless `tag`/`type` say otherwise. */
function field(init: FieldInit = {}, index = 0, ff: FormFacts = baseForm()): FieldFacts {
  const tag = init.tag ?? 'input';
  return {
    ...blankField(index, ff, { top: true, origin: 'https://shop.example', path: '/', title: '', frameVisible: true }),
    type: tag === 'select' ? 'select-one' : tag === 'textarea' ? 'textarea' : 'text',
    optionCount: init.options?.length ?? 0,
    ...init,
  };
}

/** The fields of one form, in order, with the counts collect would compute. */
function form(inits: FieldInit[], f: Partial<FormFacts> = {}): FieldFacts[] {
  const ff = baseForm({
    passwordCount: inits.filter((i) => i.type === 'password').length,
    textCount: inits.filter((i) => (i.tag ?? 'input') === 'input' && !/^(password|checkbox|radio)$/.test(i.type ?? '')).length,
    fieldCount: inits.length,
    ...f,
  });
  return inits.map((init, i) => field(init, i, ff));
}

const tokens = (fs: FieldFacts[]): Token[] => classifyFields(fs).map((c) => c.token);
const tokenOf = (init: FieldInit): Token => classifyField(field(init)).token;
const opts = (...texts: string[]) => texts.map((t) => ({ value: t, text: t }));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => String(a + i));

describe('parseAutocomplete', () => {
  it('reads section, shipping/billing and contact kind around the field name', () => {
    expect(parseAutocomplete('section-blue shipping street-address')).toMatchObject({
      section: 'blue',
      hint: 'shipping',
      field: 'street-address',
      role: 'street-address',
    });
    expect(parseAutocomplete('billing work email')).toMatchObject({ hint: 'billing', contact: 'work', role: 'email' });
    expect(parseAutocomplete(' Given-Name ')).toMatchObject({ role: 'given-name' });
  });
  it('maps variants to our roles: country-name, tel-national, cc-given-name, a fax number', () => {
    expect(parseAutocomplete('country-name')?.role).toBe('country');
    expect(parseAutocomplete('tel-national')?.role).toBe('tel');
    expect(parseAutocomplete('cc-given-name')?.role).toBe('given-name');
    expect(parseAutocomplete('fax tel')?.role).toBe('x-fax');
  });
  it('ignores off, on, and the junk pages write to defeat autofill', () => {
    for (const junk of ['', 'off', 'on', 'nope', 'false', 'fake', 'new-email-address', 'a b c d e f'])
      expect(parseAutocomplete(junk)).toBeNull();
  });
  it('knows valid tokens that hold nothing for us (address-line3, photo)', () => {
    expect(parseAutocomplete('address-line3')).toMatchObject({ role: null });
    expect(parseAutocomplete('photo')).toMatchObject({ role: null });
  });
  it('reads the language token', () => {
    expect(parseAutocomplete('language')).toMatchObject({ role: 'language' });
  });
});

describe('the autocomplete attribute comes first', () => {
  it('wins over a label that says something else', () => {
    const c = classifyField(field({ autocomplete: 'email', labels: ['Company'], name: 'company' }));
    expect(c).toMatchObject({ token: 'email', source: 'autocomplete', fillable: true });
  });
  it('is ignored when it is junk, and the label decides', () => {
    expect(tokenOf({ autocomplete: 'nope', labels: ['Company'] })).toBe('organization');
  });
  it('yields to a label asking for one part of the name when it only says "name"', () => {
    expect(tokenOf({ autocomplete: 'name', labels: ['Last name'] })).toBe('family-name');
    expect(tokenOf({ autocomplete: 'name', labels: ['Full name'] })).toBe('name');
  });
  it('yields a password token on a box that shows what is typed and asks for an email or a user name (en, ru)', () => {
    expect(tokenOf({ autocomplete: 'new-password', labels: ['Email Address'] })).toBe('email');
    expect(tokenOf({ autocomplete: 'new-password', nearby: 'Логин *' })).toBe('username');
    // negative: on a real password box the token stands, whatever the words around it
    // (a lone password box is a log-in's: current-password either way)
    expect(tokenOf({ type: 'password', autocomplete: 'new-password', labels: ['Email Address'] })).toMatch(/-password$/);
    expect(tokenOf({ type: 'password', autocomplete: 'current-password', nearby: 'Логин *' })).toBe('current-password');
    // negative: a text box with a password token and words that ask for nothing else keeps the token
    expect(tokenOf({ autocomplete: 'new-password', placeholder: 'Passwort wählen' })).toMatch(/-password$/);
  });
  it('does not apply to a control that cannot hold the value (email on a checkbox)', () => {
    const c = classifyField(field({ type: 'checkbox', autocomplete: 'email', after: 'Email me offers' }));
    expect(c).toMatchObject({ token: 'UNKNOWN', role: 'consent', fillable: false });
  });
});

describe('labels in each language', () => {
  const cases: Array<[string, string, Token]> = [
    // English
    ['en', 'First name', 'given-name'],
    ['en', 'Surname', 'family-name'],
    ['en', 'E-mail address', 'email'],
    ['en', 'Mobile phone', 'tel'],
    ['en', 'Zip code', 'postal-code'],
    ['en', 'Town/City', 'address-level2'],
    ['en', 'Street address', 'address-line1'],
    ['en', 'Apt, suite, unit', 'address-line2'],
    ['en', 'State / Province', 'address-level1'],
    ['en', 'Company name', 'organization'],
    ['en', 'Job title', 'organization-title'],
    ['en', 'Your website', 'url'],
    ['en', 'Date of birth', 'bday'],
    // German
    ['de', 'Vorname', 'given-name'],
    ['de', 'Nachname', 'family-name'],
    ['de', 'E-Mail-Adresse', 'email'],
    ['de', 'Telefonnummer', 'tel'],
    ['de', 'PLZ', 'postal-code'],
    ['de', 'Ort', 'address-level2'],
    ['de', 'Straße', 'address-line1'],
    ['de', 'Hausnummer', 'x-house-number'],
    ['de', 'Adresszusatz', 'address-line2'],
    ['de', 'Firma', 'organization'],
    ['de', 'Land', 'country'],
    ['de', 'Geburtsdatum', 'bday'],
    ['de', 'Postfach', 'x-po-box'],
    // French
    ['fr', 'Prénom', 'given-name'],
    ['fr', 'Nom de famille', 'family-name'],
    ['fr', 'Courriel', 'email'],
    ['fr', 'Téléphone portable', 'tel'],
    ['fr', 'Code postal', 'postal-code'],
    ['fr', 'Ville', 'address-level2'],
    ['fr', 'Adresse', 'address-line1'],
    ['fr', 'Société', 'organization'],
    ['fr', 'Pays', 'country'],
    ['fr', 'Date de naissance', 'bday'],
    ['fr', "Complément d'adresse", 'address-line2'],
    // Spanish
    ['es', 'Apellidos', 'family-name'],
    ['es', 'Correo electrónico', 'email'],
    ['es', 'Teléfono', 'tel'],
    ['es', 'Código postal', 'postal-code'],
    ['es', 'Ciudad', 'address-level2'],
    ['es', 'Dirección', 'address-line1'],
    ['es', 'Empresa', 'organization'],
    ['es', 'País', 'country'],
    ['es', 'Provincia', 'address-level1'],
    ['es', 'Fecha de nacimiento', 'bday'],
    ['es', 'Nombre completo', 'name'],
    // Italian
    ['it', 'Cognome', 'family-name'],
    ['it', 'Indirizzo email', 'email'],
    ['it', 'Cellulare', 'tel'],
    ['it', 'CAP', 'postal-code'],
    ['it', 'Città', 'address-level2'],
    ['it', 'Indirizzo', 'address-line1'],
    ['it', 'Azienda', 'organization'],
    ['it', 'Nazione', 'country'],
    ['it', 'Data di nascita', 'bday'],
    ['it', 'Nome e cognome', 'name'],
    // Dutch
    ['nl', 'Voornaam', 'given-name'],
    ['nl', 'Achternaam', 'family-name'],
    ['nl', 'E-mailadres', 'email'],
    ['nl', 'Telefoonnummer', 'tel'],
    ['nl', 'Postcode', 'postal-code'],
    ['nl', 'Woonplaats', 'address-level2'],
    ['nl', 'Straat', 'address-line1'],
    ['nl', 'Huisnummer', 'x-house-number'],
    ['nl', 'Bedrijf', 'organization'],
    ['nl', 'Geboortedatum', 'bday'],
    // Portuguese
    ['pt', 'Sobrenome', 'family-name'],
    ['pt', 'Primeiro nome', 'given-name'],
    ['pt', 'Telemóvel', 'tel'],
    ['pt', 'CEP', 'postal-code'],
    ['pt', 'Cidade', 'address-level2'],
    ['pt', 'Endereço', 'address-line1'],
    ['pt', 'Morada', 'address-line1'],
    ['pt', 'Complemento', 'address-line2'],
    ['pt', 'Empresa', 'organization'],
    ['pt', 'Data de nascimento', 'bday'],
    ['pt', 'Nome completo', 'name'],
    // Japanese
    ['ja', 'お名前', 'name'],
    ['ja', '氏名', 'name'],
    ['ja', '姓', 'family-name'],
    ['ja', '名', 'given-name'],
    ['ja', 'メールアドレス', 'email'],
    ['ja', '電話番号', 'tel'],
    ['ja', '郵便番号', 'postal-code'],
    ['ja', '都道府県', 'address-level1'],
    ['ja', '市区町村', 'address-level2'],
    ['ja', '住所', 'address-line1'],
    ['ja', '建物名・部屋番号', 'address-line2'],
    ['ja', '会社名', 'organization'],
    ['ja', '生年月日', 'bday'],
    // everyday words added for pages from other sites: mobile numbers, Irish and Finnish postcodes,
    // a Dutch municipality, Finnish street and town, the Turkish surname
    ['de', 'Handynummer', 'tel'],
    ['es', 'Móvil', 'tel'],
    ['nl', 'Mobiel nummer', 'tel'],
    ['nl', 'Gemeente', 'address-level2'],
    ['en', 'Eircode', 'postal-code'],
    ['fi', 'Puhelin', 'tel'],
    ['fi', 'Postinumero', 'postal-code'],
    ['fi', 'Kaupunki', 'address-level2'],
    ['fi', 'Katuosoite', 'address-line1'],
    ['tr', 'Soyad', 'family-name'],
  ];
  for (const [lang, label, token] of cases) {
    it(`${lang}: "${label}" -> ${token}`, () => {
      const c = classifyField(field({ labels: [label] }));
      // a lone date of birth in a text input is the whole date
      expect(c.token).toBe(token);
      expect(c.source).toBe('label');
    });
  }

  it('ja: phonetic (furigana) name fields are not the name itself', () => {
    expect(tokenOf({ labels: ['フリガナ（セイ）'] })).toBe('UNKNOWN');
    expect(tokenOf({ labels: ['お名前（フリガナ）'] })).toBe('UNKNOWN');
    expect(tokenOf({ labels: ['お名前（姓）'] })).toBe('family-name');
  });

  it('reads placeholders, aria-label and the text before the control too', () => {
    expect(tokenOf({ placeholder: 'Ihre E-Mail-Adresse' })).toBe('email');
    expect(tokenOf({ ariaLabel: 'Código postal' })).toBe('postal-code');
    expect(tokenOf({ nearby: 'Contact details  Telefon:' })).toBe('tel');
  });
  it('reads name and id attributes when there is no text (camelCase, snake_case, brackets)', () => {
    expect(tokenOf({ name: 'billingAddress[postalCode]' })).toBe('postal-code');
    expect(tokenOf({ name: 'customer_first_name' })).toBe('given-name');
    expect(tokenOf({ id: 'txtLastName' })).toBe('family-name');
    expect(tokenOf({ name: 'q17_input' })).toBe('UNKNOWN');
  });
  it('uses the input type: email, tel and url inputs without words', () => {
    expect(tokenOf({ type: 'email' })).toBe('email');
    expect(tokenOf({ type: 'tel' })).toBe('tel');
    expect(tokenOf({ type: 'url' })).toBe('url');
  });
  it('uses the shape of the placeholder: an example address, phone number or card number', () => {
    expect(tokenOf({ placeholder: 'jane.doe@example.com' })).toBe('email');
    expect(tokenOf({ placeholder: '+49 30 1234567' })).toBe('tel');
    expect(tokenOf({ type: 'tel', placeholder: '1234 1234 1234 1234' })).toBe('cc-number');
  });
});

describe('fields that must never get personal data', () => {
  it('search boxes', () => {
    expect(classifyField(field({ type: 'search', name: 'q' }))).toMatchObject({ token: 'UNKNOWN', role: 'search', fillable: false });
    expect(classifyField(field({ placeholder: 'Suche…', name: 'query' })).role).toBe('search');
  });
  it('captchas, in words or by name', () => {
    expect(classifyField(field({ labels: ['Enter the characters you see in the image'] })).role).toBe('captcha');
    expect(classifyField(field({ name: 'captcha_code', labels: ['Code'] })).role).toBe('captcha');
    expect(classifyField(field({ nearby: 'What is 3 + 4?' })).role).toBe('captcha');
  });
  it('honeypots: by name even when typed as email, or by the "leave this empty" text', () => {
    expect(classifyField(field({ type: 'email', name: 'fake_email_hp' })).role).toBe('honeypot');
    expect(classifyField(field({ labels: ['Leave this field blank'], name: 'website' })).role).toBe('honeypot');
    expect(classifyField(field({ nearby: 'Bitte leer lassen', name: 'url2' })).role).toBe('honeypot');
  });
  it('comments and messages: textareas, subjects', () => {
    expect(classifyField(field({ tag: 'textarea', labels: ['Your message'] })).role).toBe('message');
    expect(classifyField(field({ tag: 'textarea' })).role).toBe('message');
    expect(classifyField(field({ labels: ['Betreff'] })).role).toBe('message');
  });
  it('coupon, voucher and referral codes', () => {
    expect(classifyField(field({ labels: ['Promo code'] })).role).toBe('coupon');
    expect(classifyField(field({ labels: ['Gutscheincode'] })).role).toBe('coupon');
    expect(classifyField(field({ name: 'referral_code' })).role).toBe('coupon');
  });
  it('consent and remember-me checkboxes; other checkboxes are still never filled', () => {
    expect(classifyField(field({ type: 'checkbox', after: 'I agree to the Terms and Privacy Policy' })).role).toBe('consent');
    expect(classifyField(field({ type: 'checkbox', after: 'Angemeldet bleiben' })).role).toBe('consent');
    expect(classifyField(field({ type: 'checkbox', after: 'Gift wrap' }))).toMatchObject({
      token: 'UNKNOWN',
      role: 'other-choice',
      fillable: false,
    });
  });
  it('log-in passwords: recognised, not fillable', () => {
    const fs = form([{ labels: ['Username'] }, { type: 'password', labels: ['Password'] }], { submitTexts: ['Log in'] });
    const [user, pw] = classifyFields(fs);
    expect(user).toMatchObject({ token: 'username', fillable: false });
    expect(pw).toMatchObject({ token: 'current-password', fillable: false });
  });
  it('payment cards: recognised, not fillable', () => {
    const fs = form([
      { labels: ['Name on card'] },
      { labels: ['Card number'], type: 'tel' },
      { labels: ['Expiry (MM/YY)'] },
      { labels: ['CVC'] },
    ]);
    const cs = classifyFields(fs);
    expect(cs.map((c) => c.token)).toEqual(['cc-name', 'cc-number', 'cc-exp', 'cc-csc']);
    expect(cs.every((c) => !c.fillable)).toBe(true);
  });
  it('other secrets in password inputs: security answers, SSN parts, PIN digits', () => {
    expect(tokenOf({ type: 'password', labels: ['Your answer'] })).toBe('UNKNOWN');
    expect(tokenOf({ type: 'password', labels: ['Social Security Number'], maxLength: 3 })).toBe('UNKNOWN');
    expect(tokenOf({ type: 'password', ariaLabel: 'Enter digit 1 of 4 of your code', maxLength: 1 })).toBe('UNKNOWN');
  });
  it('things that are not profile data: IBAN, quantity, booking dates, display names', () => {
    for (const l of ['IBAN', 'Quantity', 'Check-in date', 'Display name', 'Address line 3', 'Latitude'])
      expect(tokenOf({ labels: [l] })).toBe('UNKNOWN');
  });
});

describe('tricky wording', () => {
  it('"E-mail address" is an email, not a street address', () => expect(tokenOf({ labels: ['E-mail address'] })).toBe('email'));
  it('"Company name" and "User name" are not the person\'s name', () => {
    expect(tokenOf({ labels: ['Company name'] })).toBe('organization');
    expect(tokenOf({ labels: ['User name'] })).toBe('username');
  });
  it('"Name on card" is the card holder', () => expect(tokenOf({ labels: ['Name as it appears on the card'] })).toBe('cc-name'));
  it('"Email or username" is the account identifier', () => expect(tokenOf({ labels: ['Email or username'] })).toBe('username'));
  it('"Confirm email" is still an email', () => expect(tokenOf({ labels: ['Confirm email'] })).toBe('email'));
  it('a postal address in a textarea is the whole street address', () => {
    expect(tokenOf({ tag: 'textarea', labels: ['Postal address'] })).toBe('street-address');
  });
  it('"Postcode search" is a postcode, not a site search', () => expect(tokenOf({ labels: ['Postcode search'] })).toBe('postal-code'));
  it('"Location" is an address unless an attribute says which part of it', () => {
    expect(tokenOf({ labels: ['Location'] })).toBe('address-line1');
    expect(tokenOf({ labels: ['Location'], id: 'delivery-country' })).toBe('country');
    expect(tokenOf({ labels: ['Location'], name: 'event_city' })).toBe('address-level2');
  });
  it('"Phone (with area code)" is the whole number', () => expect(tokenOf({ labels: ['Phone (with area code)'] })).toBe('tel'));
  it('"Coupons" in a long newsletter blurb does not make a coupon field', () => {
    expect(tokenOf({ name: 'email', nearby: 'Mailing list: receive weekly promotions and coupons' })).toBe('email');
  });
  it('required markers and filler do not hide a bare "Name"', () => {
    expect(tokenOf({ labels: ['Name (required)'] })).toBe('name');
    expect(tokenOf({ labels: ['Your name *'] })).toBe('name');
  });
  it('Cyrillic words are matched as words', () => {
    expect(tokenOf({ labels: ['Город'] })).toBe('address-level2');
    expect(tokenOf({ labels: ['Почтовый индекс'] })).toBe('postal-code');
  });
});

describe('select options and radio groups', () => {
  it('a list of countries is a country, whatever the label', () => {
    expect(tokenOf({ tag: 'select', labels: ['Location'], options: opts('Afghanistan', 'Albania', 'Algeria', 'Germany', 'France') })).toBe(
      'country',
    );
  });
  it('a list of US states is the state', () => {
    expect(tokenOf({ tag: 'select', name: 'region', options: opts('Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California') })).toBe(
      'address-level1',
    );
  });
  it('genders and salutations are the sex field (also as radios)', () => {
    expect(tokenOf({ tag: 'select', labels: ['Anrede'], options: opts('Bitte wählen', 'Herr', 'Frau') })).toBe('sex');
    expect(tokenOf({ type: 'radio', name: 'gender', after: 'Female', value: 'f' })).toBe('sex');
    expect(tokenOf({ type: 'radio', legend: 'Geschlecht', after: 'Weiblich', value: '2' })).toBe('sex');
  });
  it('yes/no radios are not a gender', () => {
    expect(classifyField(field({ type: 'radio', name: 'newsletter', after: 'No', value: '0' })).role).toBe('other-choice');
  });
  it('day, month and year selects side by side are a date of birth', () => {
    const fs = form(
      [
        { tag: 'select', name: 'd', options: opts('Day', ...range(1, 31)) },
        {
          tag: 'select',
          name: 'm',
          options: opts(
            'Month',
            'January',
            'February',
            'March',
            'April',
            'May',
            'June',
            'July',
            'August',
            'September',
            'October',
            'November',
            'December',
          ),
        },
        { tag: 'select', name: 'y', options: opts('Year', ...range(1930, 2012).reverse()) },
      ],
      { submitTexts: ['Sign up'] },
    );
    expect(tokens(fs)).toEqual(['bday-day', 'bday-month', 'bday-year']);
  });
  it('a year select alone (a search filter) is not a birth year', () => {
    expect(tokenOf({ tag: 'select', nearby: 'Year:', name: 'fromYear', options: opts('Any', ...range(1990, 2016).reverse()) })).toBe(
      'UNKNOWN',
    );
  });
  it('card expiry month and year selects', () => {
    const fs = form([
      { labels: ['Card number'] },
      { tag: 'select', labels: ['Expiration date'], name: 'exp_month', options: opts('Month', ...range(1, 12)) },
      { tag: 'select', name: 'exp_year', options: opts('Year', ...range(new Date().getFullYear(), new Date().getFullYear() + 10)) },
    ]);
    expect(tokens(fs)).toEqual(['cc-number', 'cc-exp-month', 'cc-exp-year']);
  });
});

describe('form context', () => {
  it('in a log-in form a box that asks for the email address is the email; one that asks for a user name is the username', () => {
    const email = form(
      [
        { type: 'email', labels: ['Email'] },
        { type: 'password', labels: ['Password'] },
      ],
      { submitTexts: ['Sign in'] },
    );
    expect(tokens(email)).toEqual(['email', 'current-password']);
    const user = form([{ labels: ['Benutzername oder E-Mail'] }, { type: 'password', labels: ['Passwort'] }], {
      submitTexts: ['Anmelden'],
    });
    expect(tokens(user)).toEqual(['username', 'current-password']);
  });
  it('in a sign-up form the email is an email and both passwords are new', () => {
    const fs = form(
      [{ labels: ['Email'] }, { type: 'password', labels: ['Password'] }, { type: 'password', labels: ['Repeat password'] }],
      { submitTexts: ['Create account'] },
    );
    expect(tokens(fs)).toEqual(['email', 'new-password', 'new-password']);
  });
  it('one password with sign-up words is a new password', () => {
    const fs = form([{ labels: ['Email'] }, { type: 'password', labels: ['Passwort'] }], { submitTexts: ['Registrieren'] });
    expect(tokens(fs)).toEqual(['email', 'new-password']);
  });
  it('social log-in buttons do not make a sign-up form a log-in form', () => {
    const fs = form([{ labels: ['Email'] }, { type: 'password', labels: ['Password'] }], {
      heading: 'Sign up',
      submitTexts: ['Sign in with Apple', 'Continue'],
    });
    expect(tokens(fs)).toEqual(['email', 'new-password']);
  });
  it('a log-in page that marks its password new-password still asks for the current one', () => {
    const fs = form([{ labels: ['Username'] }, { type: 'password', autocomplete: 'new-password', labels: ['Password'] }], {
      submitTexts: ['Log in'],
    });
    expect(tokens(fs)).toEqual(['username', 'current-password']);
  });
  it('the identifier of a log-in form is the username whatever it is called', () => {
    const fs = form(
      [
        { labels: ['Membership number'], type: 'tel' },
        { type: 'password', labels: ['PIN'] },
      ],
      { submitTexts: ['Log in'] },
    );
    expect(tokens(fs)).toEqual(['username', 'current-password']);
  });
  it('French "Nom" next to "Prénom" is the family name; alone it is the full name', () => {
    expect(tokens(form([{ labels: ['Prénom'] }, { labels: ['Nom'] }]))).toEqual(['given-name', 'family-name']);
    expect(tokens(form([{ labels: ['Nom'] }, { labels: ['Email'] }]))).toEqual(['name', 'email']);
  });
  it('Spanish "Nombre" next to "Apellidos" is the given name; alone it is the full name', () => {
    expect(tokens(form([{ labels: ['Nombre'] }, { labels: ['Apellidos'] }]))).toEqual(['given-name', 'family-name']);
    expect(tokens(form([{ labels: ['Nombre'] }, { labels: ['Correo electrónico'] }]))).toEqual(['name', 'email']);
  });
  it('German "Name" next to "Vorname" is the family name', () => {
    expect(tokens(form([{ labels: ['Vorname'] }, { labels: ['Name'] }]))).toEqual(['given-name', 'family-name']);
  });
  it('a "Name" label over two inputs: first and last name', () => {
    const fs = form([{ nearby: 'Name:', name: 'n1' }, { nearby: '', name: 'n2' }, { labels: ['Email'] }]);
    expect(tokens(fs)).toEqual(['given-name', 'family-name', 'email']);
  });
  it('a phone number in three boxes: area code, prefix, suffix', () => {
    const fs = form([
      { nearby: 'Phone number', maxLength: 3 },
      { nearby: '-', maxLength: 3 },
      { nearby: '-', maxLength: 4 },
    ]);
    expect(tokens(fs)).toEqual(['tel-area-code', 'tel-local-prefix', 'tel-local-suffix']);
  });
  it('an address with an unlabelled second line', () => {
    expect(tokens(form([{ labels: ['Address'] }, {}, { labels: ['City'] }]))).toEqual(['address-line1', 'address-line2', 'address-level2']);
  });
  it('a date of birth in three text boxes, ordered by the format in the label', () => {
    const fs = form([
      { labels: ['Date of birth (DD/MM/YYYY)'], maxLength: 2 },
      { nearby: '/', maxLength: 2 },
      { nearby: '/', maxLength: 4 },
    ]);
    expect(tokens(fs)).toEqual(['bday-day', 'bday-month', 'bday-year']);
  });
  it('a security code is the card code next to a card number, and nothing in a 2FA form', () => {
    expect(tokens(form([{ labels: ['Card number'] }, { labels: ['Security code'], maxLength: 4 }]))).toEqual(['cc-number', 'cc-csc']);
    expect(tokens(form([{ labels: ['Security code'] }], { submitTexts: ['Verify'] }))).toEqual(['UNKNOWN']);
  });
  it('"Email or phone" in a sign-up form asks for an email address', () => {
    const fs = form([{ labels: ['Mobile number or email'] }, { type: 'password', labels: ['New password'] }], { submitTexts: ['Sign Up'] });
    expect(tokens(fs)).toEqual(['email', 'new-password']);
  });
  it('a hidden copy of a log-in box does not make a second password (and a sign-up form)', () => {
    const hidden = {
      width: 0,
      height: 0,
      opacity: 1,
      visibility: 'visible',
      displayed: false,
      clipped: false,
      offscreen: false,
      covered: null,
      visible: false,
    };
    const fs = form(
      [
        { type: 'email', labels: ['Email'], name: 'user[email]' },
        { type: 'password', labels: ['Password'], name: 'user[password]' },
        { name: 'username', visibility: hidden },
        { type: 'password', name: 'password', visibility: hidden },
      ],
      { submitTexts: ['Sign in'], heading: 'Sign in to your account' },
    );
    expect(tokens(fs).slice(0, 2)).toEqual(['email', 'current-password']);
  });
  it('a row of labels above a row of inputs: each label goes to its own box', () => {
    const names = form([
      { nearby: 'Your details  First name: *  Last name: *', name: 'field_3' },
      { name: 'field_4' },
      { labels: ['Email'] },
    ]);
    expect(tokens(names)).toEqual(['given-name', 'family-name', 'email']);
    const phones = form([{ nearby: 'Contact  Telephone: * Fax:', name: 'tel_main' }, { name: 'fax_no' }]);
    expect(tokens(phones)).toEqual(['tel', 'x-fax']);
    expect(tokens(form([{ nearby: 'Anschrift  PLZ:  Ort:', name: 'feld1' }, { name: 'feld2' }]))).toEqual([
      'postal-code',
      'address-level2',
    ]);
  });
  it('a security code under a payment heading is the card code, even with the card number in another form', () => {
    expect(tokens(form([{ nearby: 'Security code:', maxLength: 4 }], { heading: 'Payment method' }))).toEqual(['cc-csc']);
    expect(tokens(form([{ labels: ['Sicherheitscode'], maxLength: 4 }], { heading: 'Zahlungsart' }))).toEqual(['cc-csc']);
  });
  it('the PIN of a gift card in a password box is not a password', () => {
    const fs = form(
      [
        { labels: ['Gift card number'], name: 'giftCard[0].number' },
        { type: 'password', labels: ['PIN'], name: 'giftCard[0].pin' },
      ],
      { submitTexts: ['Apply'] },
    );
    expect(tokens(fs)).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(classifyFields(fs)[1]!.role).toBeNull();
  });
  it('forms are classified separately: a log-in box next to a newsletter form', () => {
    const login = form([{ labels: ['Email'] }, { type: 'password', labels: ['Password'] }], { index: 0, submitTexts: ['Log in'] });
    const news = form([{ labels: ['Email'] }], { index: 1, submitTexts: ['Subscribe'] }).map((f, i) => ({ ...f, index: 2 + i }));
    expect(tokens([...login, ...news])).toEqual(['email', 'current-password', 'email']);
    expect(classifyFields([...login, ...news]).map((c) => c.purpose)).toEqual(['login', 'login', 'newsletter']);
  });
});

describe('street and house number', () => {
  it('one field for street and number is the first address line, in each language', () => {
    for (const label of [
      'Straße und Hausnummer',
      'Strasse + Nr.',
      'Straße/Hausnr.',
      'Straße, Hausnummer',
      'Numéro et rue',
      'N° et voie',
      'Calle y número',
      'Via e numero civico',
      'Straat en huisnummer',
      'Rua e número',
      'Street and house number',
      'Street, No. (*)',
    ]) {
      expect(tokenOf({ labels: [label] }), label).toBe('address-line1');
    }
    expect(tokenOf({ name: 'street_and_number' })).toBe('address-line1');
  });
  it('a field that is only the house number is the house number', () => {
    for (const label of ['Hausnummer', 'Hausnr.', 'Nr.', 'Numéro', 'Número', 'Huisnummer', 'N°', 'Street number']) {
      expect(tokenOf({ labels: [label] }), label).toBe('x-house-number');
    }
    expect(tokens(form([{ labels: ['Rue'] }, { labels: ['Numéro'] }]))).toEqual(['address-line1', 'x-house-number']);
    expect(tokens(form([{ labels: ['Calle'] }, { labels: ['Número'] }]))).toEqual(['address-line1', 'x-house-number']);
  });
  it('the complement of an address is the second line', () => {
    for (const label of [
      'Adresszusatz',
      'Adresszusatz (z. B. Hinterhaus, c/o)',
      "Complément d'adresse",
      'Complemento',
      'Piso, puerta',
      'Toevoeging',
    ]) {
      expect(tokenOf({ labels: [label] }), label).toBe('address-line2');
    }
  });
  it('a German checkout: street and number, then its complement', () => {
    const fs = form([
      { labels: ['Vorname *'] },
      { labels: ['Nachname *'] },
      { labels: ['Straße und Hausnummer *'] },
      { labels: ['Adresszusatz (z. B. Hinterhaus, c/o)'] },
      { labels: ['PLZ *'], maxLength: 5 },
      { labels: ['Ort *'] },
    ]);
    expect(tokens(fs)).toEqual(['given-name', 'family-name', 'address-line1', 'address-line2', 'postal-code', 'address-level2']);
  });
});

describe('the generic word for name next to a surname field', () => {
  it('is the given name (es, pt, it, de, fr, en)', () => {
    for (const [name, surname] of [
      ['Nombre', 'Apellidos'],
      ['Nombre', 'Apellido'],
      ['Nome', 'Sobrenome'],
      ['Nome', 'Cognome'],
      ['Name', 'Nachname'],
      ['Nom', 'Nom de famille'],
      ['Name', 'Surname'],
      ['Your name *', 'Last name'],
    ]) {
      expect(tokens(form([{ labels: [name!] }, { labels: [surname!] }])), `${name} + ${surname}`).toEqual(['given-name', 'family-name']);
    }
  });
  it('also when an attribute or the autocomplete attribute says "name"', () => {
    expect(
      tokens(
        form([
          { labels: ['Nombre'], name: 'name' },
          { labels: ['Apellidos'], name: 'surname' },
        ]),
      ),
    ).toEqual(['given-name', 'family-name']);
    expect(tokens(form([{ labels: ['Nome'], autocomplete: 'name' }, { labels: ['Cognome'] }]))).toEqual(['given-name', 'family-name']);
  });
  it('after the surname too, and other fields in between do not matter', () => {
    expect(tokens(form([{ labels: ['Apellidos'] }, { labels: ['Correo electrónico'] }, { labels: ['Nombre'] }]))).toEqual([
      'family-name',
      'email',
      'given-name',
    ]);
  });
  it('French "Nom" next to "Prénom" stays the family name; "Full name" next to a surname stays the full name', () => {
    expect(tokens(form([{ labels: ['Nom'] }, { labels: ['Prénom'] }]))).toEqual(['family-name', 'given-name']);
    expect(tokens(form([{ labels: ['Full name'] }, { labels: ['Surname'] }]))).toEqual(['name', 'family-name']);
  });
  it('alone, or in another form than the surname, it is the full name', () => {
    expect(tokens(form([{ labels: ['Nombre'] }, { labels: ['Email'] }]))).toEqual(['name', 'email']);
    const a = form([{ labels: ['Nombre'], name: 'name' }], { index: 0 });
    const b = form([{ labels: ['Apellidos'] }], { index: 1 }).map((f, i) => ({ ...f, index: 1 + i }));
    expect(tokens([...a, ...b])).toEqual(['name', 'family-name']);
  });
});

describe('language', () => {
  const languages = (...pairs: Array<[string, string]>) => pairs.map(([value, text]) => ({ value, text }));
  it('labels in each language, in a form that asks for personal details', () => {
    for (const label of [
      'Language',
      'Preferred language',
      'Sprache',
      'Bevorzugte Sprache',
      'Langue',
      'Idioma',
      'Lingua',
      'Taal',
      'Língua',
      '言語',
    ]) {
      expect(tokens(form([{ labels: [label] }, { labels: ['Email'] }])), label).toEqual(['language', 'email']);
    }
  });
  it('the autocomplete attribute, on a text input or a select', () => {
    expect(tokenOf({ autocomplete: 'language' })).toBe('language');
    expect(tokenOf({ tag: 'select', autocomplete: 'language', options: languages(['en', 'English'], ['de', 'Deutsch']) })).toBe('language');
  });
  it('a select of language names or codes, whatever its label', () => {
    const names = { tag: 'select' as const, options: languages(['', 'Choose…'], ['en', 'English'], ['de', 'Deutsch'], ['fr', 'Français']) };
    expect(tokens(form([names, { labels: ['Email'] }]))).toEqual(['language', 'email']);
    const spanish = { tag: 'select' as const, options: languages(['1', 'Inglés'], ['2', 'Alemán'], ['3', 'Francés (Francia)']) };
    expect(tokens(form([{ labels: ['Nombre'] }, spanish]))).toEqual(['name', 'language']);
    const codes = { tag: 'select' as const, options: languages(['en_US', 'EN'], ['de_DE', 'DE'], ['fr_FR', 'FR']) };
    expect(tokens(form([{ labels: ['Name'] }, codes]))).toEqual(['name', 'language']);
  });
  it('country codes and country names are still countries', () => {
    expect(tokenOf({ tag: 'select', options: opts('Deutschland', 'Österreich', 'Schweiz', 'Frankreich') })).toBe('country');
    expect(tokens(form([{ labels: ['Land'], tag: 'select', options: opts('DE', 'FR', 'IT') }, { labels: ['Name'] }]))).toEqual([
      'country',
      'name',
    ]);
  });
  it("a site language switcher, a log-in form's language or a search filter is not the person's language", () => {
    const switcher = {
      tag: 'select' as const,
      labels: ['Language'],
      options: languages(['en', 'English'], ['de', 'Deutsch'], ['fr', 'Français']),
    };
    expect(tokens(form([switcher]))).toEqual(['UNKNOWN']);
    expect(
      tokens(form([{ labels: ['Email'] }, { type: 'password', labels: ['Password'] }, switcher], { submitTexts: ['Log in'] })),
    ).toEqual(['email', 'current-password', 'UNKNOWN']);
    expect(tokens(form([{ labels: ['Keywords'] }, switcher], { submitTexts: ['Search'] }))).toEqual(['UNKNOWN', 'UNKNOWN']);
  });
});

describe('results', () => {
  it('say which evidence decided and how strongly', () => {
    const c = classifyField(field({ labels: ['Vorname'], name: 'firstname' }));
    expect(c.source).toBe('label');
    expect(c.score).toBeGreaterThan(1);
    expect(classifyField(field({ name: 'xyz' }))).toEqual({
      token: 'UNKNOWN',
      role: null,
      fillable: false,
      score: 0,
      source: '',
      purpose: 'other',
    });
  });
  it('classifyField is classifyFields on a single field', () => {
    const f = field({ labels: ['Telefon'] });
    expect(classifyField(f)).toEqual(classifyFields([f])[0]);
  });
});

describe('words that name the field, not their surroundings', () => {
  it('"Mailadresse" / "mailadres" is an email address (de, nl); "Adresse" alone is the street', () => {
    expect(tokenOf({ nearby: 'Mailadresse:', name: 'mail2' })).toBe('email');
    expect(tokenOf({ labels: ['Uw mailadres'] })).toBe('email');
    expect(tokenOf({ labels: ['Adresse'] })).toBe('address-line1');
    expect(tokenOf({ labels: ['Adres'] })).toBe('address-line1');
  });

  it('a hierarchical name is read by its own last segment (ASP.NET `$`, JSF `:`), a bracketed one whole', () => {
    // the containers' words ("WebPart", "Site") would say url; the field's own segment says email
    expect(tokenOf({ name: 'ctl00$SiteWebPartZone$txtEmail' })).toBe('email');
    expect(tokenOf({ name: 'form:webSite:j_id5:telefon' })).toBe('tel');
    expect(tokenOf({ name: 'ctl00$Main$txtWebsite' })).toBe('url');
    // negative: brackets keep the prefix, which says what the part belongs to
    expect(tokenOf({ name: 'billingAddress[postalCode]' })).toBe('postal-code');
  });

  it('the text before a box is read from its last sentence ("… your password. Username:", "… Passwort. E-Mail:")', () => {
    expect(tokenOf({ nearby: 'We will email you instructions to reset your password. Username:' })).toBe('username');
    expect(tokenOf({ nearby: 'Wir senden Ihnen ein neues Passwort. Ihre E-Mail:' })).toBe('email');
    // negative: abbreviations do not end a sentence ("Str. Nr.", "u. Hausnr.")
    expect(tokenOf({ nearby: 'Str. u. Hausnr.' })).toBe('address-line1');
    expect(tokenOf({ nearby: 'Straße u. Hausnr.' })).toBe('address-line1');
  });

  it("the name of a thing is not the person's name (en, de, fr); the person's name still is", () => {
    expect(tokenOf({ nearby: 'Property Name:', name: 'Name' })).toBe('UNKNOWN');
    expect(tokenOf({ labels: ['Projektname'], name: 'name' })).toBe('UNKNOWN');
    expect(tokenOf({ labels: ['Nom du produit'], name: 'nom' })).toBe('UNKNOWN');
    // negative: the person's name, the company's and the street's keep their roles
    expect(tokenOf({ nearby: 'Your Name:', name: 'Name' })).toBe('name');
    expect(tokenOf({ labels: ['Firmenname'] })).toBe('organization');
    expect(tokenOf({ labels: ['Nom de famille'] })).toBe('family-name');
  });

  it('Cyrillic words with й and ё match as norm() leaves them ("Сайт", "Ваш e-mail (он же логин)", "Почтовый индекс")', () => {
    expect(tokenOf({ labels: ['Сайт'] })).toBe('url');
    expect(tokenOf({ labels: ['Почтовый индекс'] })).toBe('postal-code');
    expect(tokenOf({ labels: ['Никнейм'] })).toBe('nickname');
    // negative: the word inside another word is not it ("Сайтов" counts sites)
    expect(tokenOf({ labels: ['Количество сайтов'] })).not.toBe('url');
  });

  it('"Company address", "Company website", "Company size" are the company\'s other fields, not its name', () => {
    expect(tokenOf({ labels: ['Company address'] })).toBe('address-line1');
    expect(tokenOf({ labels: ['Company website'] })).toBe('url');
    expect(tokenOf({ labels: ['Organization size'] })).toBe('UNKNOWN');
    // negative: the name of the company, in English and German
    expect(tokenOf({ labels: ['Company'] })).toBe('organization');
    expect(tokenOf({ labels: ['Company name'] })).toBe('organization');
    expect(tokenOf({ labels: ['Firmenname'] })).toBe('organization');
  });

  it('one box for the whole name, however it is phrased (en, pt); a box for one part stays that part', () => {
    expect(tokenOf({ labels: ['Last name, first name'] })).toBe('name');
    expect(tokenOf({ labels: ['Name (first and last)'] })).toBe('name');
    expect(tokenOf({ labels: ['Nome e sobrenome'] })).toBe('name');
    // negative: one part
    expect(tokenOf({ labels: ['Sobrenome'] })).toBe('family-name');
    expect(tokenOf({ labels: ['Last name'] })).toBe('family-name');
  });

  it('Slovak and Czech name and town: "Meno"/"Jméno" beside the surname is the given name, alone the name; "Mesto"/"Město" is the town', () => {
    expect(tokens(form([{ labels: ['Meno'] }, { labels: ['Priezvisko'] }]))).toEqual(['given-name', 'family-name']);
    expect(tokens(form([{ labels: ['Jméno'] }, { labels: ['Příjmení'] }]))).toEqual(['given-name', 'family-name']);
    expect(tokenOf({ labels: ['Jméno'] })).toBe('name');
    expect(tokenOf({ labels: ['Město'] })).toBe('address-level2');
    expect(tokenOf({ name: 'mesto' })).toBe('address-level2');
    // negative: the word in an Italian sentence ("no less than 8 characters") names nothing
    expect(tokenOf({ labels: ['Non meno di 8 caratteri'] })).toBe('UNKNOWN');
    // negative: "Mestská časť" (a city district) is not the town: only the whole word counts
    expect(tokenOf({ labels: ['Mestská časť'] })).toBe('UNKNOWN');
  });
});

describe('attributes that do not speak for the field', () => {
  it('an ASP.NET id derived from the hierarchical name is read by the same own segment (en, de)', () => {
    // the containers' words ("WebPartManager") would say url; the control's own segment says nothing
    expect(tokenOf({ name: 'ctl00$SPWebPartManager1$ffg_textbox_11', id: 'ctl00_SPWebPartManager1_ffg_textbox_11' })).toBe('UNKNOWN');
    expect(tokenOf({ name: 'ctl00$WebPartZone$txtTelefon', id: 'ctl00_WebPartZone_txtTelefon' })).toBe('tel');
    // negative: an id that is not derived from the name is read whole
    expect(tokenOf({ name: 'ctl00$Main$field1', id: 'web_site' })).toBe('url');
    expect(tokenOf({ name: 'ctl00$Haupt$feld1', id: 'homepage' })).toBe('url');
  });

  it('an id that several controls carry names none of them (en, de); a unique one still speaks', () => {
    const copied = form([
      { id: 'url', name: 'Website', nearby: 'Website:' },
      { id: 'url', name: 'Sleeps', nearby: 'Sleeps:' },
      { id: 'url', name: 'Schlafplaetze', nearby: 'Schlafplätze:' },
    ]);
    expect(tokens(copied)).toEqual(['url', 'UNKNOWN', 'UNKNOWN']);
    expect(
      tokens(
        form([
          { id: 'url', name: 'f1' },
          { id: 'email', name: 'f2' },
        ]),
      ),
    ).toEqual(['url', 'email']);
    expect(
      tokens(
        form([
          { id: 'homepage', name: 'f1' },
          { id: 'telefon', name: 'f2' },
        ]),
      ),
    ).toEqual(['url', 'tel']);
  });

  it('"Password" before a box that shows what is typed yields to its own name (en, ru); alone it decides', () => {
    // a row of labels over a row of boxes: "Username  Password" stands before the first box
    const en = form(
      [
        { nearby: 'Username Password', name: 'txtUser', id: 'txtUser' },
        { type: 'password', name: 'txtPassword' },
      ],
      {
        submitTexts: ['Sign In'],
      },
    );
    expect(tokens(en)).toEqual(['username', 'current-password']);
    const ru = form(
      [
        { nearby: 'Логин Пароль', name: 'username' },
        { type: 'password', name: 'passwd' },
      ],
      { submitTexts: ['Войти'] },
    );
    expect(tokens(ru)).toEqual(['username', 'current-password']);
    // negative: a box with nothing else to say, after "Password" / "Пароль", is the password
    expect(tokens(form([{ name: 'login' }, { nearby: 'Password', name: 'f2' }], { submitTexts: ['Sign In'] }))[1]).toBe('current-password');
    expect(tokens(form([{ name: 'login' }, { nearby: 'Пароль', name: 'f2' }], { submitTexts: ['Войти'] }))[1]).toBe('current-password');
  });

  it('a label offering a choice of identifiers outweighs an email token (en, de); a label asking for the email does not', () => {
    const login = (label: string, ac = 'email') =>
      tokens(
        form(
          [
            { labels: [label], type: 'email', autocomplete: ac },
            { type: 'password', labels: ['Password'] },
          ],
          { submitTexts: ['Log In'] },
        ),
      )[0];
    expect(login('Username or Email Address')).toBe('username');
    expect(login('Benutzername oder E-Mail')).toBe('username');
    expect(login('Email or phone number')).toBe('username');
    expect(login('Email address')).toBe('email');
    expect(login('E-Mail-Adresse')).toBe('email');
    // "user name or <anything>" and "<a number> / email" ask for the log-in identifier, not a card or an address
    expect(tokenOf({ labels: ['Username or 10 digit club card number'] })).toBe('username');
    expect(tokenOf({ labels: ["Nom d'utilisateur ou numéro de carte"] })).toBe('username');
    expect(login('Membership number / Email Address', '')).toBe('username');
    // negative: a card number alone is the card's
    expect(tokenOf({ labels: ['Card number'] })).toBe('cc-number');
  });
});

describe('"Address" that may be the street or the email address', () => {
  it('a bare "Address" or a list of "addresses" yields to an attribute saying email (en, de); alone it is the street', () => {
    expect(tokenOf({ labels: ['Confirm your Address'], id: 'reenter_email' })).toBe('email');
    expect(tokenOf({ placeholder: 'Separate multiple addresses with a comma', name: 'recipient_email' })).toBe('email');
    expect(tokenOf({ placeholder: 'Mehrere Adressen mit Komma trennen', name: 'empfaenger_email' })).toBe('email');
    // negative: the same words with nothing else to say, or beside an attribute saying street, are the street
    expect(tokenOf({ labels: ['Address'] })).toBe('address-line1');
    expect(tokenOf({ labels: ['Address'], name: 'street1' })).toBe('address-line1');
    expect(tokenOf({ labels: ['Adresse'], name: 'strasse' })).toBe('address-line1');
  });
});

describe('a sentence about a security code before a box', () => {
  it('yields to the box own name (en, de); alone a short label still asks for the code', () => {
    expect(tokenOf({ nearby: 'Use 2FA Create my free account', name: 'traits.phone.number' })).toBe('tel');
    expect(tokenOf({ nearby: 'Mit 2FA schützen', name: 'telefon' })).toBe('tel');
    // negative: a box with no words of its own after "One-time code" / "Einmalcode" takes the code
    expect(tokenOf({ nearby: 'One-time code', name: 'f3' })).toBe('one-time-code');
    expect(tokenOf({ nearby: 'Einmalcode', name: 'f3' })).toBe('one-time-code');
  });
});
