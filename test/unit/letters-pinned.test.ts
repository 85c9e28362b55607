// The letters' words, pinned: every sentence of every language's template (each branch of the
// sentences that have one), and every letter as the person sends it (request, reminder, complaint)
// in each language, legal frame and right. The snapshot was written before letters-text.ts was
// restructured and must stay byte for byte: a change of wording shows here as a diff to review.
import { describe, expect, it } from 'vitest';
import { buildRequestEmail } from '../../src/protocol/email';
import { buildComplaint, buildReminder, type SentRequest } from '../../src/protocol/letters';
import { type Jur, LETTER_LANGS, TEMPLATES } from '../../src/protocol/letters-text';
import type { Exercise } from '../../src/protocol/schemas';

const JURS: readonly Jur[] = ['eu', 'uk', 'ch', 'us-ca'];
const EXERCISES: readonly Exercise[] = ['deletion', 'access', 'sale:opt-out'];

/** Every string a template holds, by path; functions called with placeholders, once per branch. */
function sentences(v: unknown, path: string, out: Record<string, string>): Record<string, string> {
  if (typeof v === 'string') out[path] = v;
  else if (typeof v === 'function') {
    const f = v as (...a: unknown[]) => string;
    if (path.endsWith('formatDate')) out[path] = f('2026-01-31');
    else if (path.endsWith('reminder.late')) {
      out[`${path}(complete)`] = f('«sentOn»', '«deadline»', '«law»', false);
      out[`${path}(partial)`] = f('«sentOn»', '«deadline»', '«law»', true);
    } else if (path.endsWith('reminder.ask')) {
      out[`${path}(authority)`] = f('«by»', '«authority»');
      out[`${path}(none)`] = f('«by»', undefined);
    } else out[path] = f(...Array.from({ length: f.length }, (_, i) => `«${i + 1}»`));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) sentences(x, path ? `${path}.${k}` : k, out);
  }
  return out;
}

const sent = (lang: (typeof LETTER_LANGS)[number], jurisdiction: Jur, exercise: Exercise): SentRequest => ({
  exercise,
  jurisdiction,
  lang,
  companyName: 'Cdiscount',
  site: 'www.cdiscount.com',
  to: 'informatique-et-libertes@cdiscount.com',
  identifiers: [
    { token: 'email', value: 'ada@example.org' },
    { token: 'family-name', value: 'Lovelace' },
    { token: 'loyalty-number', value: 'C-1815' },
  ],
  sentOn: '2026-01-31',
  dueOn: '2026-02-28',
  answers: [
    { kind: 'partial', on: '2026-02-10' },
    { kind: 'extended', on: '2026-02-20' },
  ],
  remindedOn: '2026-03-05',
  terms: { uri: 'https://proffer.example/terms/1', sha256: 'ab'.repeat(32) },
  agreement: 'SD-BASE',
  signature: 'Ada Lovelace',
});

describe('the letters, pinned', () => {
  it.each(LETTER_LANGS)('every sentence of the %s template', (lang) => {
    expect(sentences(TEMPLATES[lang], '', {})).toMatchSnapshot();
  });

  it.each(LETTER_LANGS)('every %s letter: each request, the reminders and the complaints', (lang) => {
    const letters: Record<string, string> = {};
    for (const jur of JURS) {
      for (const exercise of EXERCISES) {
        const r = sent(lang, jur, exercise);
        const m = buildRequestEmail({
          ...r,
          regime: jur === 'us-ca' ? 'ccpa' : 'gdpr',
          brandName: r.companyName,
          lang,
          jurisdiction: jur,
        });
        letters[`request ${jur} ${exercise}`] = m.text;
      }
      // Without identifiers, terms, agreement or signature: the other branches of the request.
      letters[`request ${jur} bare`] = buildRequestEmail({
        exercise: 'access',
        regime: jur === 'us-ca' ? 'ccpa' : 'gdpr',
        jurisdiction: jur,
        brandName: 'Cdiscount',
        site: 'www.cdiscount.com',
        identifiers: [],
        sentOn: '2026-01-31',
        lang,
      }).text;
      const r = sent(lang, jur, 'deletion');
      letters[`reminder ${jur}`] = buildReminder(r, { today: '2026-03-05', authority: 'CNIL' }).text;
      letters[`reminder ${jur} complete, no authority`] = buildReminder({ ...r, answers: [] }, { today: '2026-03-05' }).text;
      letters[`complaint ${jur}`] = buildComplaint(r, {
        authority: { name: 'CNIL', email: 'plaintes@cnil.example' },
        companyAddress: '120-126 quai de Bacalan\n33000 Bordeaux\nFrance',
        received: [
          { field: 'Email', on: ['2025-11-02', '2025-12-24'] },
          { field: 'Last name', on: ['2025-11-02'] },
        ],
        today: '2026-03-20',
      }).text;
      letters[`complaint ${jur} no answer`] = buildComplaint(
        { ...r, answers: [], remindedOn: undefined },
        { authority: { name: 'CNIL', webform: 'https://cnil.example/plainte' }, received: [], today: '2026-03-20' },
      ).text;
      letters[`complaint ${jur} each answer`] = buildComplaint(
        {
          ...r,
          answers: (['fulfilled', 'refused', 'id'] as const).map((kind, i) => ({ kind, on: `2026-02-1${i}` })),
        },
        { authority: { name: 'CNIL' }, received: [], today: '2026-02-15' },
      ).text;
    }
    expect(letters).toMatchSnapshot();
  });
});
