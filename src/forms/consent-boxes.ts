/**
 * Consent boxes answered by the person's terms (issue 14). Pure functions over the facts collect
 * already gathers for checkboxes and radios (labels, aria texts, the text after the control, the
 * text before it, the fieldset's legend, checked, required, visibility): no DOM, tested with a table
 * of labels per language (test/unit/consent-boxes.test.ts).
 *
 * - `consentBox(facts)`: what a checkbox or switch (an `<input type=checkbox>`, `role=switch`
 *   included) asks for: marketing, sharing with partners or third parties, profiling and
 *   personalised advertising, sale of data; or one of the kinds Proffer never answers: the site's
 *   terms or privacy policy, an age confirmation. `reversed` when ticking it refuses ("tick this box
 *   if you do NOT want ..."). English, German, French, Spanish, Italian, Dutch and Portuguese.
 * - `answerConsentBoxes(fields, granted)`: the answers: a box that grants one of those is left or
 *   made unticked, a reversed box is ticked, a yes/no radio pair gets its "no"; nothing that grants
 *   consent is ever ticked; required, terms, age, hidden, disabled boxes and kinds the agreement
 *   grants are left to the person.
 *
 * Kept apart from the field classifier (classify*.ts, rules/): it answers a different question
 * (what the person's terms say about this box, not which profile value goes into it).
 */
import type { FieldFacts } from './types';

export const CONSENT_KINDS = ['marketing', 'sharing', 'profiling', 'sale'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
/** Boxes Proffer recognises and never answers. */
export type NeverKind = 'terms' | 'age';

export interface ConsentBox {
  kind: ConsentKind | NeverKind;
  /** Ticking it refuses (or objects to) what it names. */
  reversed: boolean;
}

/** Lower case, accents and punctuation gone, one space between words: "Não, obrigado!" -> "nao obrigado". */
export function foldText(s: string): string {
  return ` ${s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’'`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()} `;
}

const any = (words: readonly string[]): RegExp => new RegExp(`(?:${words.join('|')})`);

// Each table: en, de, fr, es, it, nl, pt (folded: no accents, lower case, spaces around words).
const KIND_PATTERNS: readonly [ConsentKind, RegExp][] = [
  [
    'sale',
    any([
      ' sell(?:ing)? my ',
      ' sale of (?:my )?(?:personal )?(?:data|information) ',
      ' (?:data|information) (?:be |being )?sold ',
      ' verkauf',
      ' verkaufen ',
      ' vente de mes ',
      ' vendre mes ',
      ' venta de mis ',
      ' vender mis ',
      ' vendita dei miei ',
      ' vendere i miei ',
      ' verkoop van mijn ',
      ' verkopen ',
      ' venda dos meus ',
      ' vender os meus ',
    ]),
  ],
  [
    'profiling',
    any([
      ' personali[sz]ed ',
      ' profil(?:ing|e)',
      ' tailored ',
      ' targeted ',
      ' based on my (?:interests|browsing|activity) ',
      ' personalisiert',
      ' profilbildung ',
      ' interessenbasiert',
      ' personnalise',
      ' profilage ',
      ' cible(?:e|es|s)? ',
      ' personalizad',
      ' elaboracion de perfiles ',
      ' perfil(?:es)? ',
      ' personalizzat',
      ' profilazione ',
      ' gepersonaliseerd',
      ' profiel',
      ' op maat ',
      ' definicao de perfis ',
    ]),
  ],
  [
    'sharing',
    any([
      ' partners? ',
      ' third part(?:y|ies) ',
      ' affiliates? ',
      ' share my ',
      ' sharing my ',
      ' dritte',
      ' weitergabe ',
      ' weitergeben ',
      ' weiterzugeben ',
      ' partenaires? ',
      ' tiers ',
      ' socios ',
      ' terceros ',
      ' compartir ',
      ' terzi ',
      ' condividere ',
      ' derden ',
      ' delen met ',
      ' parceiros ',
      ' terceiros ',
      ' partilhar ',
      ' compartilhar ',
    ]),
  ],
  [
    'marketing',
    any([
      ' newsletters? ',
      ' offers? ',
      ' promotions? ',
      ' promotional ',
      ' marketing ',
      ' keep me (?:informed|updated|posted) ',
      ' news and ',
      ' updates ',
      ' deals ',
      ' angebote',
      ' werbung ',
      ' aktionen ',
      ' auf dem laufenden ',
      ' informiert ',
      ' neuigkeiten ',
      ' offres ',
      ' lettre d.information ',
      ' tenir informe',
      ' actualites ',
      ' communications commerciales ',
      ' publicite',
      ' boletin ',
      ' ofertas ',
      ' promociones ',
      ' mantenerme informad',
      ' novedades ',
      ' publicidad ',
      ' comunicaciones comerciales ',
      ' offerte ',
      ' promozioni ',
      ' tenermi informat',
      ' novita ',
      ' comunicazioni commerciali ',
      ' nieuwsbrief ',
      ' aanbiedingen ',
      ' acties ', // Dutch for promotions, as in "aanbiedingen en acties"
      ' op de hoogte ',
      ' reclame ',
      ' promocoes ',
      ' manter me informad',
      ' novidades ',
      ' comunicacoes comerciais ',
      ' publicidade ',
    ]),
  ],
];

/** Accepting the site's own terms or privacy policy: a verb of accepting or reading, then the document. */
// The verbs are the ordinary first-person "I accept / I have read" of each language (acepto, accetto, akzeptiere).
const TERMS = any([
  '(?: accept| agree| have read| read and)[^.]{0,60}(?: terms| conditions| privacy (?:policy|notice)| eula)',
  ' (?:akzeptiere|stimme|gelesen|einverstanden)[^.]{0,60}(?: agb| nutzungsbedingungen| bedingungen| datenschutz)',
  '(?: agb| nutzungsbedingungen| datenschutzerklarung| datenschutzbestimmungen)[^.]{0,60}(?: akzeptiere| gelesen| zur kenntnis| einverstanden| zu)',
  ' (?:accepte|lu et|j.accepte|approuve)[^.]{0,60}(?: conditions| cgu| cgv| politique de confidentialite| mentions)',
  ' (?:acepto|he leido|leido y)[^.]{0,60}(?: terminos| condiciones| politica de privacidad| aviso)',
  " (?:accetto|ho letto|letto e)[^.]{0,60}(?: termini| condizioni|[ ']informativa)",
  ' (?:ga akkoord|akkoord met|gelezen|accepteer)[^.]{0,60}(?: voorwaarden| privacybeleid| privacyverklaring)',
  '(?: voorwaarden| privacybeleid| privacyverklaring)[^.]{0,60}(?: akkoord| gelezen| accepteer)',
  ' (?:aceito|li e|concordo)[^.]{0,60}(?: termos| condicoes| politica de privacidade)',
]);

/** Confirming an age. */
const AGE = any([
  ' (?:1[3-9]|2[01]) (?:years|jahre|ans|anos|anni|jaar)',
  ' (?:years|jahre) (?:old|alt|oder alter)',
  ' of (?:legal )?age ',
  ' volljahrig ',
  ' majeur',
  ' mayor de edad ',
  ' maggiorenne ',
  ' meerderjarig ',
  ' maior de idade ',
]);

/** Wording by which ticking refuses. */
const REVERSED = any([
  ' (?:do not|don.t|dont) (?:want|wish|like)',
  ' not to (?:receive|be contacted|share|sell)',
  // "opt out" and "unsubscribe" alone are no sign: marketing boxes say "you can unsubscribe at any time".
  ' opt me out ',
  ' i (?:want|wish|would like) to (?:opt out|unsubscribe) ',
  ' i object ',
  ' object to ',
  ' (?:mochte|will|wunsche) (?:ich )?(?:keine|nicht)',
  ' keine [^.]{0,40}(?:erhalten|zusenden|bekommen)',
  ' nicht [^.]{0,20}(?:erhalten|weitergegeben|verkauft)',
  ' widerspreche ',
  ' ne (?:souhaite|veux|desire) pas ',
  ' ne pas recevoir ',
  ' je refuse ',
  ' je m.oppose ',
  ' no (?:deseo|quiero) ',
  ' no recibir ',
  ' me opongo ',
  ' non (?:desidero|voglio) ',
  ' non ricevere ',
  ' mi oppongo ',
  ' (?:wil|wens) (?:ik )?(?:geen|niet) ',
  ' geen [^.]{0,40}ontvangen ',
  ' niet ontvangen ',
  ' bezwaar ',
  ' nao (?:desejo|quero) ',
  ' nao receber ',
  ' oponho me ',
]);

const YES = / (?:yes|ja|oui|si|sim|jawel|d.accord|i agree|einverstanden) /;
const NO = / (?:no|nein|non|nee|nao|niet) /;

/** The control's own words: its labels, aria names, title and the text right after it. */
function ownText(f: FieldFacts): string {
  return foldText([...f.labels, f.ariaLabel, f.labelledBy, f.title, f.after].filter(Boolean).join(' . '));
}

/** What a text asks for, or null. Terms and age first: a box that accepts the terms is never answered. */
export function kindOfText(folded: string): ConsentBox | null {
  if (TERMS.test(folded)) return { kind: 'terms', reversed: false };
  if (AGE.test(folded)) return { kind: 'age', reversed: false };
  for (const [kind, re] of KIND_PATTERNS) if (re.test(folded)) return { kind, reversed: REVERSED.test(folded) };
  return null;
}

/** What a checkbox (or an `<input type=checkbox role=switch>`) asks for, or null when it is not a consent box. */
export function consentBox(f: FieldFacts): ConsentBox | null {
  if (f.tag !== 'input' || f.type !== 'checkbox') return null;
  // Its own words first; the text before it only when they say nothing ("Newsletter" above a bare switch).
  return kindOfText(ownText(f)) ?? (ownText(f).trim() ? null : kindOfText(foldText(`${f.legend} . ${f.nearby}`)));
}

/** A yes/no option's side, from its own words. */
function polarity(f: FieldFacts): 'yes' | 'no' | null {
  const own = ownText(f);
  const head = ` ${own.trim().split(' ').slice(0, 3).join(' ')} `;
  if (NO.test(head) || REVERSED.test(own)) return 'no';
  if (YES.test(head)) return 'yes';
  return null;
}

export type ConsentAction = 'untick' | 'leave-unticked' | 'tick' | 'leave-ticked' | 'choose-no';

export interface ConsentAnswer<R> {
  ref: R;
  kind: ConsentKind;
  action: ConsentAction;
  /** The state to set: checked or not (for a radio, true on the option chosen). */
  value: boolean;
  /** The box's words, for the preview and the ledger. */
  label: string;
}

const shown = (f: FieldFacts): boolean => f.visibility?.visible !== false && f.frame.frameVisible !== false;
const answerable = (f: FieldFacts): boolean => shown(f) && !f.disabled && !f.readOnly && !f.required;

function labelOf(f: FieldFacts): string {
  const own = [...f.labels, f.ariaLabel, f.labelledBy, f.after].find((s) => s.trim()) ?? f.title;
  return own.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * The answers the person's terms give to the consent boxes among `fields`. `granted`: the kinds the
 * agreement in force allows (SD-BASE-MKT allows marketing): those are left to the person.
 */
export function answerConsentBoxes<R>(
  fields: readonly { ref: R; facts: FieldFacts }[],
  granted: ReadonlySet<ConsentKind> = new Set(),
): ConsentAnswer<R>[] {
  const out: ConsentAnswer<R>[] = [];
  const radios = new Map<string, { ref: R; facts: FieldFacts }[]>();
  for (const field of fields) {
    const f = field.facts;
    if (f.tag === 'input' && f.type === 'radio' && f.name) {
      const key = `${f.frame.origin}|${f.frame.path}|${f.form.index}|${f.name}`;
      radios.set(key, [...(radios.get(key) ?? []), field]);
      continue;
    }
    const box = consentBox(f);
    if (!box || box.kind === 'terms' || box.kind === 'age' || granted.has(box.kind) || !answerable(f)) continue;
    // A box that grants is left or made unticked; one whose ticking refuses is ticked. Never the other way.
    const want = box.reversed;
    const action: ConsentAction = f.checked === want ? (want ? 'leave-ticked' : 'leave-unticked') : want ? 'tick' : 'untick';
    out.push({ ref: field.ref, kind: box.kind, action, value: want, label: labelOf(f) });
  }
  for (const group of radios.values()) {
    if (group.length < 2 || group.length > 3) continue;
    const first = group[0]!.facts;
    const question = kindOfText(foldText(`${first.legend} . ${first.nearby}`));
    if (!question || question.kind === 'terms' || question.kind === 'age' || granted.has(question.kind)) continue;
    if (group.some((g) => g.facts.required || !answerable({ ...g.facts, required: false }))) continue;
    const sides = group.map((g) => polarity(g.facts));
    // A reversed question ("Do you object to ...?") is refused by its "yes".
    const refuse = question.reversed ? 'yes' : 'no';
    const at = sides.indexOf(refuse);
    if (at < 0 || sides.filter((s) => s === refuse).length !== 1) continue;
    const pick = group[at]!;
    const q = `${first.legend || first.nearby}`.replace(/\s+/g, ' ').trim();
    out.push({
      ref: pick.ref,
      kind: question.kind,
      action: pick.facts.checked ? 'leave-ticked' : 'choose-no',
      value: true,
      label: `${q.slice(0, 240)}${q ? ': ' : ''}${labelOf(pick.facts)}`.slice(0, 300),
    });
  }
  return out;
}
