/**
 * The form-purpose pass (src/forms/classify/purpose.ts): what a form is for, from its fields, its
 * buttons, its heading and its action. Each purpose is shown on forms in two languages, and against
 * a form that looks alike but is for something else.
 */
import { describe, expect, it } from 'vitest';
import { classifyFields, type Purpose } from '../../src/forms/classify';
import type { FieldFacts, FormFacts } from '../../src/forms/types';
import { blankField, blankForm } from './field-facts';

type FieldInit = Partial<Omit<FieldFacts, 'form'>>;

function purposeOf(inits: FieldInit[], over: Partial<FormFacts> = {}): Purpose | undefined {
  const ff = blankForm({ fieldCount: inits.length, ...over });
  const frame = { top: true, origin: 'https://site.example', path: '/', title: '', frameVisible: true };
  const fs = inits.map((init, i) => ({ ...blankField(i, ff, frame), ...init }));
  return classifyFields(fs)[0]!.purpose;
}

const pw = (label: string): FieldInit => ({ type: 'password', labels: [label] });
const text = (label: string): FieldInit => ({ labels: [label] });
const area = (label: string): FieldInit => ({ tag: 'textarea', type: 'textarea', labels: [label] });

describe('form purpose', () => {
  it('sign-up: two passwords, or account words over personal fields (en, de)', () => {
    expect(purposeOf([text('Email'), pw('Password'), pw('Repeat password')], { submitTexts: ['Sign up'] })).toBe('signup');
    expect(purposeOf([text('Vorname'), text('E-Mail'), pw('Passwort')], { submitTexts: ['Konto erstellen'] })).toBe('signup');
    // negative: one password under log-in words is a log-in
    expect(purposeOf([text('E-Mail'), pw('Passwort')], { submitTexts: ['Anmelden'] })).toBe('login');
  });

  it('log-in: one password under log-in words (en, fr); a lone email box under log-in words is its first step', () => {
    expect(purposeOf([text('Username'), pw('Password')], { submitTexts: ['Log in'] })).toBe('login');
    expect(purposeOf([text('Adresse e-mail'), pw('Mot de passe')], { submitTexts: ['Se connecter'] })).toBe('login');
    expect(purposeOf([{ type: 'email', labels: ['Email'] }], { submitTexts: ['Sign in'] })).toBe('login');
    // negative: the same lone box under "Subscribe" is a mailing list
    expect(purposeOf([{ type: 'email', labels: ['Email'] }], { submitTexts: ['Subscribe'] })).toBe('newsletter');
  });

  it('password reset: no password box, but the form speaks of one (en, de, es)', () => {
    expect(purposeOf([text('Email address')], { submitTexts: ['Reset password'], heading: 'Forgot your password?' })).toBe('reset');
    expect(purposeOf([text('E-Mail-Adresse')], { submitTexts: ['Absenden'], heading: 'Passwort vergessen' })).toBe('reset');
    expect(purposeOf([text('Correo electrónico')], { submitTexts: ['Enviar'], actionPath: '/recuperar-contrasena' })).toBe('reset');
    // negative: a log-in form (with its password box) keeps its purpose whatever link it shows
    expect(purposeOf([text('Email'), pw('Password')], { submitTexts: ['Log in', 'Forgot password?'] })).toBe('login');
  });

  it('newsletter: an email box under mailing-list words, with or without a name (en, nl)', () => {
    expect(purposeOf([text('First name'), text('Email')], { heading: 'Get our newsletter', submitTexts: ['Sign up'] })).toBe('newsletter');
    expect(purposeOf([text('E-mailadres')], { heading: 'Schrijf je in voor onze nieuwsbrief', submitTexts: ['Verstuur'] })).toBe(
      'newsletter',
    );
    // negative: an email box with a message box is a contact form
    expect(purposeOf([text('E-mailadres'), area('Bericht')], { submitTexts: ['Verstuur'] })).toBe('contact');
  });

  it('contact: a message box with someone to answer (en, it)', () => {
    expect(purposeOf([text('Name'), text('Email'), area('Message')], { submitTexts: ['Send'] })).toBe('contact');
    expect(purposeOf([text('Nome'), text('Email'), area('Messaggio')], { heading: 'Contattaci', submitTexts: ['Invia'] })).toBe('contact');
    // negative: a message box alone (a poll's free text) is no contact form
    expect(purposeOf([area('Messaggio')], {})).toBe('other');
  });

  it('checkout: a card, or a street with its town, is paid for or delivered to (en, de)', () => {
    expect(purposeOf([text('Card number'), text('Expiry date'), text('CVC')], { submitTexts: ['Pay now'] })).toBe('checkout');
    expect(purposeOf([text('Straße'), text('PLZ'), text('Ort')], { heading: 'Lieferadresse', submitTexts: ['Weiter'] })).toBe('checkout');
    // negative: a town alone under search words is a lookup
    expect(purposeOf([text('Ort')], { submitTexts: ['Suchen'] })).toBe('search');
  });

  it('search: search boxes, or search words with nobody to answer (en, fr)', () => {
    expect(purposeOf([{ type: 'search', labels: ['Search'] }])).toBe('search');
    expect(purposeOf([text('Ville')], { submitTexts: ['Rechercher'], heading: 'Trouver un magasin' })).toBe('search');
    expect(purposeOf([text('Город')], { submitTexts: ['Найти'] })).toBe('search');
    // negative: "Go" says only "submit": a lone select under it is no search
    expect(purposeOf([{ tag: 'select', type: 'select-one', labels: ['Forum'] }], { submitTexts: ['Go'] })).toBe('other');
    // negative: an email box under "Go" is no search (someone is asked for an address)
    expect(purposeOf([text('Adresse e-mail')], { submitTexts: ['OK'], heading: 'Lettre d’information: newsletter' })).toBe('newsletter');
  });

  it('search: Hungarian and Czech search words on the button (hu, cs)', () => {
    expect(purposeOf([text('Település')], { submitTexts: ['Keresés'] })).toBe('search');
    expect(purposeOf([text('Obec')], { submitTexts: ['Hledat'] })).toBe('search');
    // negative: an email box under the same buttons has someone to answer: no search
    expect(purposeOf([text('E-mail cím')], { submitTexts: ['Keresés'] })).not.toBe('search');
    expect(purposeOf([text('E-mail')], { submitTexts: ['Hledat'] })).not.toBe('search');
  });

  it('search: only choices, one of which sorts or filters a list (en, de, fr)', () => {
    const sel = (label: string, ...o: string[]): FieldInit => ({
      tag: 'select',
      type: 'select-one',
      labels: [label],
      options: o.map((t) => ({ value: t, text: t })),
      optionCount: o.length,
    });
    expect(purposeOf([sel('Sort by', 'Price', 'Name'), sel('Show', '10', '50')], { submitTexts: ['Go'] })).toBe('search');
    expect(purposeOf([sel('Sortieren nach', 'Preis', 'Name')], { submitTexts: ['OK'] })).toBe('search');
    expect(purposeOf([sel('Trier par', 'Prix', 'Nom')])).toBe('search');
    // negative: choices that do not sort or filter (a forum jump menu) are no search
    expect(purposeOf([sel('Forum wählen', 'Allgemein', 'Technik')], { submitTexts: ['OK'] })).toBe('other');
    // negative: a form that asks about the person is not a list's controls, whatever its choices say
    expect(purposeOf([text('E-Mail'), sel('Sortieren nach', 'Preis', 'Name')], { submitTexts: ['OK'] })).not.toBe('search');
  });

  it('sign-up words outweigh a message box and fewer payment words (en, sk)', () => {
    // a profile's "About me" box in a form that creates an account
    expect(purposeOf([text('Username'), text('Email'), area('About me')], { submitTexts: ['Create new account'] })).toBe('signup');
    expect(purposeOf([text('Meno'), text('E-mail'), area('O mne')], { submitTexts: ['Registrovať'] })).toBe('signup');
    // "Join now, put away your credit card": no card asked, so an account
    expect(purposeOf([text('Email'), text('ZIP code')], { submitTexts: ['Join Now'], heading: 'Free! Put away your credit card' })).toBe(
      'signup',
    );
    // negative: the same boxes under contact words are a contact form; a card asked is a checkout
    expect(purposeOf([text('Name'), text('Email'), area('Message')], { submitTexts: ['Send message'] })).toBe('contact');
    expect(purposeOf([text('Meno'), text('E-mail'), area('Správa')], { submitTexts: ['Kontaktujte nás'] })).toBe('contact');
    expect(
      purposeOf([text('Email'), text('Card number'), text('Expiry date')], { submitTexts: ['Join Now'], heading: 'Pay by credit card' }),
    ).toBe('checkout');
  });

  it('a message box under feedback words is a contact form, with or without an address (en, de)', () => {
    expect(purposeOf([area('Your comments')], { submitTexts: ['Submit Feedback'] })).toBe('contact');
    expect(purposeOf([area('Ihre Anmerkungen')], { submitTexts: ['Rückmeldung geben'] })).toBe('contact');
    // negative: a lone box with no message and no such words is nothing in particular
    expect(purposeOf([text('Titel')], { submitTexts: ['Weiter'] })).toBe('other');
    expect(purposeOf([text('Title')], { submitTexts: ['Next'] })).toBe('other');
  });
});
