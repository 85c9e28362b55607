/**
 * Consent boxes (src/forms/consent-boxes.ts): a table of labels and expected kinds per language
 * (en, de, fr, es, it, nl, pt), reversed wording, and the answers the person's terms give: what is
 * unticked, ticked or chosen, and what is always left to the person.
 */
import { describe, expect, it } from 'vitest';
import { answerConsentBoxes, consentBox } from '../../src/forms/consent-boxes';
import type { FieldFacts } from '../../src/forms/types';
import { blankField, blankForm } from './field-facts';

const FRAME = { top: true, origin: 'https://shop.example', path: '/signup', title: 'Sign up', frameVisible: true };

function box(label: string, over: Partial<FieldFacts> = {}, index = 0): FieldFacts {
  return { ...blankField(index, blankForm(), FRAME), type: 'checkbox', labels: [label], checked: false, value: 'on', ...over };
}

type Row = [lang: string, label: string, kind: string | null, reversed?: boolean];

const TABLE: Row[] = [
  ['en', 'Sign me up for the newsletter', 'marketing'],
  ['en', 'Keep me informed about offers and promotions', 'marketing'],
  ['en', 'Share my details with carefully selected partners', 'sharing'],
  ['en', 'Show me personalised ads based on my interests', 'profiling'],
  ['en', 'You may sell my personal information', 'sale'],
  ['en', 'Tick this box if you do not want to receive marketing emails', 'marketing', true],
  ['en', 'I have read and accept the Terms and Conditions', 'terms'],
  ['en', 'I am 18 years or older', 'age'],
  ['en', "Yes, I'd like to receive product news and event invitations. I can unsubscribe at any time.", 'marketing'],
  ['en', 'Please opt me out of promotional emails', 'marketing', true],
  ['en', 'Remember me', null],
  ['de', 'Ja, ich möchte den Newsletter abonnieren', 'marketing'],
  ['de', 'Bitte halten Sie mich über Angebote und Aktionen auf dem Laufenden', 'marketing'],
  ['de', 'Meine Daten dürfen an Partner und Dritte weitergegeben werden', 'sharing'],
  ['de', 'Personalisierte Werbung anhand meines Nutzerprofils', 'profiling'],
  ['de', 'Ich möchte keine Werbung per E-Mail erhalten', 'marketing', true],
  ['de', 'Ich habe die AGB und die Datenschutzerklärung gelesen und akzeptiere sie', 'terms'],
  ['de', 'Ich bin mindestens 18 Jahre alt', 'age'],
  ['fr', "Je souhaite recevoir la lettre d'information et les offres", 'marketing'],
  ['fr', 'Partager mes données avec nos partenaires', 'sharing'],
  ['fr', 'Recevoir des publicités personnalisées', 'profiling'],
  ['fr', 'Je ne souhaite pas recevoir les offres commerciales', 'marketing', true],
  ['fr', "J'accepte les conditions générales d'utilisation", 'terms'],
  ['fr', 'Je certifie être majeur', 'age'],
  ['es', 'Quiero recibir el boletín con ofertas y novedades', 'marketing'],
  ['es', 'Ceder mis datos a terceros', 'sharing'],
  ['es', 'Acepto la elaboración de perfiles', 'profiling'],
  ['es', 'No deseo recibir comunicaciones comerciales', 'marketing', true],
  ['es', 'He leído y acepto la política de privacidad', 'terms'],
  ['it', 'Iscrivimi alla newsletter per ricevere offerte e promozioni', 'marketing'],
  ['it', 'Acconsento alla comunicazione dei miei dati a terzi', 'sharing'],
  ['it', 'Acconsento alla profilazione', 'profiling'],
  ['it', 'Non desidero ricevere comunicazioni commerciali', 'marketing', true],
  ['it', "Ho letto e accetto l'informativa sulla privacy", 'terms'],
  ['nl', 'Ja, ik wil de nieuwsbrief met aanbiedingen ontvangen', 'marketing'],
  ['nl', 'Mijn gegevens mogen met derden worden gedeeld', 'sharing'],
  ['nl', 'Gepersonaliseerde advertenties tonen', 'profiling'],
  ['nl', 'Ik wil geen nieuwsbrief ontvangen', 'marketing', true],
  ['nl', 'Ik ga akkoord met de algemene voorwaarden', 'terms'],
  ['pt', 'Quero receber a newsletter com ofertas e novidades', 'marketing'],
  ['pt', 'Partilhar os meus dados com parceiros', 'sharing'],
  ['pt', 'Receber publicidade personalizada', 'profiling'],
  ['pt', 'Não desejo receber comunicações comerciais', 'marketing', true],
  ['pt', 'Li e aceito os termos e condições', 'terms'],
  ['pt', 'Declaro que sou maior de idade', 'age'],
];

describe('recognising consent boxes, per language', () => {
  it.each(TABLE)('%s: "%s" -> %s', (_lang, label, kind, reversed = false) => {
    const b = consentBox(box(label));
    if (kind === null) expect(b).toBeNull();
    else expect(b).toEqual({ kind, reversed: kind === 'terms' || kind === 'age' ? false : reversed });
  });

  it('covers all seven languages', () => {
    expect(new Set(TABLE.map((r) => r[0]))).toEqual(new Set(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt']));
  });

  it('a bare switch takes its words from the text before it; text fields are never consent boxes', () => {
    expect(consentBox(box('', { labels: [], nearby: 'Newsletter' }))).toEqual({ kind: 'marketing', reversed: false });
    expect(consentBox({ ...box('Newsletter'), type: 'text' })).toBeNull();
  });
});

describe('answering them from the terms', () => {
  const ref = (i: number) => ({ frameId: 0, index: i });
  const answer = (facts: FieldFacts[], granted = new Set<never>()) =>
    answerConsentBoxes(
      facts.map((f, i) => ({ ref: ref(i), facts: f })),
      granted,
    ).map((a) => [a.ref.index, a.kind, a.action, a.value]);

  it('unticks a pre-ticked box, leaves an unticked one, ticks a reversed one; never ticks one that grants', () => {
    expect(
      answer([
        box('Send me offers', { checked: true }),
        box('Share my data with partners', { checked: false }),
        box('Tick if you do not want our newsletter', { checked: false }),
        box('Tick if you do not want our newsletter', { checked: true }),
      ]),
    ).toEqual([
      [0, 'marketing', 'untick', false],
      [1, 'sharing', 'leave-unticked', false],
      [2, 'marketing', 'tick', true],
      [3, 'marketing', 'leave-ticked', true],
    ]);
  });

  it('leaves terms, age, required, hidden, disabled boxes and what the agreement grants to the person', () => {
    const hidden = box('Newsletter', { checked: true });
    hidden.visibility = {
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
    expect(
      answer([
        box('I accept the terms of service', { checked: true }),
        box('I am over 16 years old', { checked: false }),
        box('Newsletter', { checked: true, required: true }),
        hidden,
        box('Newsletter', { checked: true, disabled: true }),
      ]),
    ).toEqual([]);
    expect(answer([box('Send me offers', { checked: true })], new Set(['marketing']) as never)).toEqual([]);
  });

  it('a yes/no radio pair gets its "no"; a reversed question its "yes"', () => {
    const radio = (label: string, legend: string, i: number, name: string, checked = false): FieldFacts => ({
      ...blankField(i, blankForm(), FRAME),
      type: 'radio',
      name,
      labels: [label],
      legend,
      checked,
    });
    expect(
      answer([
        radio('Yes', 'Would you like to receive our newsletter?', 0, 'nl', true),
        radio('No', 'Would you like to receive our newsletter?', 1, 'nl'),
        radio('Ja', 'Weitergabe meiner Daten an Partner', 2, 'share'),
        radio('Nein', 'Weitergabe meiner Daten an Partner', 3, 'share', true),
        radio('Yes', 'Do you object to personalised advertising?', 4, 'obj'),
        radio('No', 'Do you object to personalised advertising?', 5, 'obj'),
      ]),
    ).toEqual([
      [1, 'marketing', 'choose-no', true],
      [3, 'sharing', 'leave-ticked', true],
      [4, 'profiling', 'choose-no', true],
    ]);
  });
});
