/** The planner: what goes into which field, and why the others are left alone. Hand-written facts. */
import { describe, expect, it } from 'vitest';
import { bestLabel, fillOps, type PlanEntry, type PlanField, type PlanOptions, planFill } from '../../src/forms/plan';
import { splitHouseNumber } from '../../src/forms/plan-address';
import { aliasEmail, aliasTag } from '../../src/forms/plan-alias';
import type { Classification, FieldFacts, FrameInfo, OptionFacts, Role, Token } from '../../src/forms/types';
import type { Persona } from '../../src/shared/records';
import { blankField, blankForm } from './field-facts';

// ---- Factory ----

const TOP = 'https://shop.example.com';
const topFrame: FrameInfo = { top: true, origin: TOP, path: '/signup', title: 'Sign up', frameVisible: true };
const VISIBLE = {
  width: 200,
  height: 30,
  opacity: 1,
  visibility: 'visible',
  displayed: true,
  clipped: false,
  offscreen: false,
  covered: false,
  visible: true,
};

let nextIndex = 0;

function facts(over: Partial<FieldFacts> = {}): FieldFacts {
  const index = over.index ?? nextIndex++;
  return { ...blankField(index, blankForm(), topFrame), name: `f${index}`, visibility: VISIBLE, ...over };
}

function cls(token: Token, over: Partial<Classification> = {}): Classification {
  const fillable = token !== 'UNKNOWN' && !/password|username|one-time|^cc-/.test(token);
  return { token, role: token === 'UNKNOWN' ? null : (token as Role), fillable, score: 10, source: 'autocomplete', ...over };
}

function field(token: Token, over: Partial<FieldFacts> = {}, c: Partial<Classification> = {}, frameId = 0): PlanField {
  const f = facts(over);
  return { ref: { frameId, index: f.index }, facts: f, classification: cls(token, c) };
}

const select = (token: Token, options: Array<[string, string] | string>, over: Partial<FieldFacts> = {}): PlanField => {
  const opts: OptionFacts[] = options.map((o) => (typeof o === 'string' ? { value: o, text: o } : { value: o[0], text: o[1] }));
  return field(token, { tag: 'select', type: 'select-one', options: opts, optionCount: opts.length, ...over });
};
const radio = (token: Token, name: string, value: string, after: string, over: Partial<FieldFacts> = {}): PlanField =>
  field(token, { type: 'radio', name, value, after, checked: false, ...over });

const persona: Persona = {
  id: 'p1',
  label: 'Everyday',
  'honorific-prefix': 'Ms',
  'given-name': 'Ann',
  'additional-name': 'Beatrix',
  'family-name': 'Lee',
  nickname: 'Annie',
  email: 'ann@example.org',
  tel: '+4930901820417',
  organization: 'Quill GmbH',
  'organization-title': 'CTO',
  bday: '1979-04-07',
  sex: 'female',
  url: 'https://ann.example/',
  language: 'de',
  addresses: [
    {
      id: 'home',
      'address-line1': 'Kestrelweg 41',
      'address-line2': 'Hinterhaus 3',
      'address-level2': 'Berlin',
      'address-level1': 'BE',
      'postal-code': '10999',
      country: 'DE',
    },
    {
      id: 'us',
      'street-address': '12 Main Street\nApt 5',
      'address-level2': 'Springfield',
      'address-level1': 'California',
      'postal-code': '90210',
      country: 'US',
    },
  ],
  createdAt: 0,
  updatedAt: 0,
};

const OPTS: PlanOptions = { site: TOP, approvedFrameOrigins: [], topOrigin: TOP };

function plan(fields: PlanField[], p: Persona = persona, opts: Partial<PlanOptions> = {}) {
  return planFill(fields, p, { ...OPTS, ...opts });
}
/** The entry for a field, or a failure naming its skip reason. */
function entryFor(result: ReturnType<typeof plan>, f: PlanField): PlanEntry {
  const e = result.entries.find((x) => x.ref.index === f.ref.index && x.ref.frameId === f.ref.frameId);
  if (!e) {
    const s = result.skipped.find((x) => x.ref.index === f.ref.index);
    throw new Error(`no entry for field ${f.ref.index} (${f.classification.token}); skipped: ${s?.reason}`);
  }
  return e;
}
const plannedValues = (fs: PlanField[], p?: Persona, o?: Partial<PlanOptions>) => {
  const r = plan(fs, p, o);
  return fs.map((f) => r.entries.find((e) => e.ref.index === f.ref.index)?.value ?? null);
};
const reasonOf = (r: ReturnType<typeof plan>, f: PlanField) => r.skipped.find((s) => s.ref.index === f.ref.index)?.reason;

// ---- Tests ----

describe('names', () => {
  it('fills a full-name field from the parts, and parts separately', () => {
    expect(plannedValues([field('name')])).toEqual(['Ann Beatrix Lee']);
    expect(plannedValues([field('given-name'), field('additional-name'), field('family-name')])).toEqual(['Ann', 'Beatrix', 'Lee']);
  });
  it('drops the middle name when the full name does not fit, and gives an initial to a 1-char middle field', () => {
    expect(plannedValues([field('name', { maxLength: 10 })])).toEqual(['Ann Lee']);
    expect(plannedValues([field('additional-name', { maxLength: 1 })])).toEqual(['B']);
  });
  it('fills nickname, organization and title', () => {
    expect(plannedValues([field('nickname'), field('organization'), field('organization-title'), field('url')])).toEqual([
      'Annie',
      'Quill GmbH',
      'CTO',
      'https://ann.example/',
    ]);
  });
});

describe('honorific prefix and sex', () => {
  const titles = (opts: Array<[string, string] | string>) => select('honorific-prefix', opts);
  it('picks the same title, or its equivalent in another language', () => {
    expect(plannedValues([titles([['', 'Choose'], 'Mr', 'Mrs', 'Ms', 'Dr'])])).toEqual(['Ms']);
    expect(
      plannedValues([
        titles([
          ['1', 'Herr'],
          ['2', 'Frau'],
        ]),
      ]),
    ).toEqual(['2']);
    expect(
      plannedValues([
        titles([
          ['m', 'Monsieur'],
          ['mme', 'Madame'],
        ]),
      ]),
    ).toEqual(['mme']);
  });
  it('falls back within the gender family, and derives the salutation from sex when no title is on file', () => {
    expect(plannedValues([titles(['Mr', 'Mrs'])])).toEqual(['Mrs']);
    const noTitle = { ...persona, 'honorific-prefix': undefined, sex: 'male' };
    expect(
      plannedValues(
        [
          titles([
            ['', '--'],
            ['H', 'Herr'],
            ['F', 'Frau'],
          ]),
        ],
        noTitle,
      ),
    ).toEqual(['H']);
  });
  it('writes the title as stored into a text field, and skips when nothing is known', () => {
    expect(plannedValues([field('honorific-prefix')])).toEqual(['Ms']);
    const r = plan([titles(['Mr', 'Mrs'])], { ...persona, 'honorific-prefix': undefined, sex: undefined });
    expect(r.skipped[0]!.reason).toBe('no-value');
  });
  it('maps sex into selects in several languages', () => {
    expect(
      plannedValues([
        select('sex', [
          ['', 'Bitte wählen'],
          ['m', 'männlich'],
          ['w', 'weiblich'],
          ['d', 'divers'],
        ]),
      ]),
    ).toEqual(['w']);
    expect(
      plannedValues([
        select('sex', [
          ['H', 'Homme'],
          ['F', 'Femme'],
        ]),
      ]),
    ).toEqual(['F']);
    expect(
      plannedValues(
        [
          select('sex', [
            ['1', 'Male'],
            ['2', 'Female'],
            ['3', 'Other'],
          ]),
        ],
        { ...persona, sex: 'divers' },
      ),
    ).toEqual(['3']);
  });
  it('checks exactly the matching radio of a group and explains the others', () => {
    const m = radio('sex', 'gender', 'm', 'Male'),
      f = radio('sex', 'gender', 'f', 'Female'),
      x = radio('sex', 'gender', 'x', 'Other');
    const r = plan([m, f, x]);
    expect(r.entries).toHaveLength(1);
    expect(entryFor(r, f)).toMatchObject({ kind: 'check', value: true, display: 'Female' });
    expect(reasonOf(r, m)).toBe('other-option');
    expect(reasonOf(r, x)).toBe('other-option');
  });
  it('prefers the best-scoring radio, not the first match', () => {
    const mrs = radio('honorific-prefix', 'title', 'mrs', 'Mrs'),
      ms = radio('honorific-prefix', 'title', 'ms', 'Ms');
    const r = plan([mrs, ms]);
    expect(entryFor(r, ms).value).toBe(true);
    expect(reasonOf(r, mrs)).toBe('other-option');
  });
  it('reports no-match when no radio of the group fits', () => {
    const a = radio('sex', 'g', 'a', 'Yes'),
      b = radio('sex', 'g', 'b', 'No');
    const r = plan([a, b]);
    expect(r.entries).toHaveLength(0);
    expect(r.skipped.map((s) => s.reason)).toEqual(['no-match', 'no-match']);
  });
});

describe('email', () => {
  it('fills email and its confirmation with the same value', () => {
    const r = plan([field('email', { type: 'email' }), field('email', { type: 'email', labels: ['Confirm email'] })]);
    expect(r.entries.map((e) => e.value)).toEqual(['ann@example.org', 'ann@example.org']);
  });
  it('plus-addresses both fields for the site when asked', () => {
    const r = plan([field('email'), field('email')], persona, { alias: true });
    expect(r.entries.map((e) => e.value)).toEqual(['ann+example@example.org', 'ann+example@example.org']);
  });
  it('uses a stored alias address as is', () => {
    expect(plannedValues([field('email')], persona, { alias: 'x7@relay.example' })).toEqual(['x7@relay.example']);
  });
  it('aliasEmail and aliasTag', () => {
    expect(aliasEmail('ann@example.org', 'shop.example.com')).toBe('ann+example@example.org');
    expect(aliasEmail('ann+old@example.org', 'https://www.Bücher.de')).toBe('ann+xn--bcher-kva@example.org');
    expect(aliasEmail('not-an-address', 'a.com')).toBeNull();
    expect(aliasTag('https://news.bbc.co.uk')).toBe('bbc');
    expect(aliasTag('http://localhost:8080')).toBe('localhost');
    expect(aliasTag('https://my_shop!.example')).toBe('my-shop');
    expect(aliasTag('http://192.168.1.10')).toBe('192-168-1-10');
    expect(aliasTag('WEIRD--Name.org')).toBe('weird--name');
    for (const site of ['a.com', 'https://x.y.z.co.uk', 'https://ünï.example', '_x_.org'])
      expect(aliasTag(site)).toMatch(/^[a-z0-9][a-z0-9-]*$|^$/);
  });
});

describe('street address', () => {
  it('writes every line into a textarea, and line 1 into a one-line "street address" input', () => {
    // A free-text address box with no town or postcode field of its own gets them too.
    expect(plannedValues([field('street-address', { tag: 'textarea', type: 'textarea' })])).toEqual([
      'Kestrelweg 41\nHinterhaus 3\n10999 Berlin',
    ]);
    expect(
      plannedValues([field('street-address', { tag: 'textarea', type: 'textarea' }), field('postal-code'), field('address-level2')]),
    ).toEqual(['Kestrelweg 41\nHinterhaus 3', '10999', 'Berlin']);
    expect(plannedValues([field('street-address')])).toEqual(['Kestrelweg 41']);
  });
  it('derives lines from street-address, and street-address from lines', () => {
    const us = { addressId: 'us' };
    expect(plannedValues([field('address-line1'), field('address-line2')], persona, us)).toEqual(['12 Main Street', 'Apt 5']);
    expect(plannedValues([field('street-address', { tag: 'textarea', type: 'textarea' }), field('address-level2')], persona, us)).toEqual([
      '12 Main Street\nApt 5',
      expect.any(String),
    ]);
  });
  it('puts line 1 alone into a lone line-1 field, and the rest into line 2 when there is one', () => {
    expect(plannedValues([field('address-line1')])).toEqual(['Kestrelweg 41']);
    expect(plannedValues([field('street-address'), field('address-line2')])).toEqual(['Kestrelweg 41', 'Hinterhaus 3']);
  });
  it('splits the house number off when the form has a house-number field', () => {
    expect(plannedValues([field('address-line1'), field('x-house-number'), field('address-line2')])).toEqual([
      'Kestrelweg',
      '41',
      'Hinterhaus 3',
    ]);
    expect(plannedValues([field('street-address'), field('x-house-number')], persona, { addressId: 'us' })).toEqual(['Main Street', '12']);
    expect(splitHouseNumber('Straße des 17. Juni 5')).toEqual({ street: 'Straße des 17. Juni', number: '5' });
    expect(splitHouseNumber('221B Baker Street', 'GB')).toEqual({ street: 'Baker Street', number: '221B' });
    expect(splitHouseNumber('Hauptstr. 12a', 'DE')).toEqual({ street: 'Hauptstr.', number: '12a' });
    expect(splitHouseNumber('Am Markt')).toBeNull();
  });
  it('fills city and postal code, and has nothing for a PO box', () => {
    const po = field('x-po-box');
    const r = plan([field('address-level2'), field('postal-code'), po]);
    expect(r.entries.map((e) => e.value)).toEqual(['Berlin', '10999']);
    expect(reasonOf(r, po)).toBe('no-value');
  });
  it('uses the chosen address, and none when the id is unknown', () => {
    expect(plannedValues([field('address-level2')], persona, { addressId: 'us' })).toEqual(['Springfield']);
    expect(plannedValues([field('address-level2')], persona, { addressId: 'gone' })).toEqual([null]);
  });
});

describe('country and state', () => {
  const countries = [
    ['', 'Select'],
    ['AT', 'Austria'],
    ['DE', 'Germany'],
    ['US', 'United States'],
  ] as Array<[string, string]>;
  it('selects a country by ISO value, by name in another language, or by alpha-3', () => {
    expect(plannedValues([select('country', countries)])).toEqual(['DE']);
    expect(
      plannedValues([
        select('country', [
          ['1', 'Österreich'],
          ['2', 'Deutschland'],
          ['3', 'Schweiz'],
        ]),
      ]),
    ).toEqual(['2']);
    expect(
      plannedValues([
        select('country', [
          ['10', 'Allemagne'],
          ['11', 'Espagne'],
        ]),
      ]),
    ).toEqual(['10']);
    expect(
      plannedValues([
        select('country', [
          ['AUT', 'AUT'],
          ['DEU', 'DEU'],
        ]),
      ]),
    ).toEqual(['DEU']);
    expect(
      plannedValues([
        select('country', [
          ['a', 'オーストリア'],
          ['b', 'ドイツ'],
        ]),
      ]),
    ).toEqual(['b']);
  });
  it('writes a name into a text field, the code when only a code fits', () => {
    expect(plannedValues([field('country')])).toEqual(['Germany']);
    expect(plannedValues([field('country', { maxLength: 2 })])).toEqual(['DE']);
  });
  it('hands fill fallbacks when the select was collected only in part', () => {
    const r = plan([select('country', countries.slice(0, 2), { optionCount: 250 })]);
    const e = r.entries[0]!;
    expect(e.value).toBe('de');
    expect(e.alts).toEqual(expect.arrayContaining(['de', 'deu', '276', 'germany', 'deutschland', 'allemagne']));
    expect(e.display).toBe('Germany');
  });
  it('reports no-match when every option was seen and none fits', () => {
    expect(plan([select('country', [['AT', 'Austria']])]).skipped[0]!.reason).toBe('no-match');
  });
  it('selects a state by code or by name (US, DE)', () => {
    const us = { addressId: 'us' };
    expect(
      plannedValues(
        [
          select('address-level1', [
            ['AL', 'Alabama'],
            ['CA', 'California'],
          ]),
        ],
        persona,
        us,
      ),
    ).toEqual(['CA']);
    expect(
      plannedValues(
        [
          select('address-level1', [
            ['5', 'Arizona'],
            ['6', 'California'],
          ]),
        ],
        persona,
        us,
      ),
    ).toEqual(['6']);
    expect(
      plannedValues(
        [
          select('address-level1', [
            ['US-AZ', 'AZ'],
            ['US-CA', 'CA'],
          ]),
        ],
        persona,
        us,
      ),
    ).toEqual(['US-CA']);
    expect(
      plannedValues([
        select('address-level1', [
          ['BY', 'Bayern'],
          ['BE', 'Berlin'],
        ]),
      ]),
    ).toEqual(['BE']);
    expect(
      plannedValues([
        select('address-level1', [
          ['x', 'Bavaria'],
          ['y', 'Berlin (BE)'],
        ]),
      ]),
    ).toEqual(['y']);
    const bavaria = { ...persona, addresses: [{ ...persona.addresses[0]!, 'address-level1': 'Bavaria' }] };
    expect(
      plannedValues(
        [
          select('address-level1', [
            ['BW', 'Baden-Württemberg'],
            ['BY', 'Bayern'],
          ]),
        ],
        bavaria,
      ),
    ).toEqual(['BY']);
  });
  it('selects a Canadian province by its French name', () => {
    const qc = { ...persona, addresses: [{ id: 'q', 'address-level1': 'QC', country: 'CA' }] };
    expect(
      plannedValues(
        [
          select('address-level1', [
            ['a', 'Ontario'],
            ['b', 'Québec'],
          ]),
        ],
        qc,
      ),
    ).toEqual(['b']);
  });
  it('writes a state into text as stored, or as its code when only a code fits', () => {
    expect(plannedValues([field('address-level1')], persona, { addressId: 'us' })).toEqual(['California']);
    expect(plannedValues([field('address-level1', { maxLength: 2 })], persona, { addressId: 'us' })).toEqual(['CA']);
  });
});

describe('phone', () => {
  it('writes the whole number internationally by default', () => {
    expect(plannedValues([field('tel', { type: 'tel' })])).toEqual(['+4930901820417']);
  });
  it('writes the national number when the placeholder, maxlength or input type asks for it', () => {
    expect(plannedValues([field('tel', { placeholder: '030 1234567' })])).toEqual(['030901820417']);
    expect(plannedValues([field('tel', { maxLength: 12 })])).toEqual(['030901820417']);
    expect(plannedValues([field('tel', { type: 'number' })])).toEqual(['030901820417']);
    expect(plannedValues([field('tel', { placeholder: '+49 ...', maxLength: 20 })])).toEqual(['+4930901820417']);
    const us = { ...persona, tel: '+14155550132' };
    expect(plannedValues([field('tel', { placeholder: '(555) 555-5555' })], us)).toEqual(['4155550132']);
  });
  it('splits a country-code select and the national number', () => {
    const cc = select('tel-country-code', [
      ['+1', 'United States (+1)'],
      ['+44', 'UK (+44)'],
      ['+49', 'Germany (+49)'],
    ]);
    const r = plan([cc, field('tel')]);
    expect(r.entries.map((e) => e.value)).toEqual(['+49', '30901820417']);
    expect(r.entries[0]!.display).toBe('Germany (+49)');
  });
  it('picks the right country among those sharing +1, by the address country', () => {
    const opts: Array<[string, string]> = [
      ['US', 'United States +1'],
      ['CA', 'Canada +1'],
      ['DE', 'Germany +49'],
    ];
    const ca = { ...persona, tel: '+16135550100', addresses: [{ id: 'c', country: 'CA' }] };
    expect(plannedValues([select('tel-country-code', opts), field('tel')], ca)).toEqual(['CA', '6135550100']);
    const us = { ...persona, tel: '+14155550132', addresses: [] };
    expect(plannedValues([select('tel-country-code', opts), field('tel')], us)).toEqual(['US', '4155550132']);
  });
  it('writes a country-code text field with or without the plus', () => {
    expect(plannedValues([field('tel-country-code'), field('tel')])).toEqual(['+49', '30901820417']);
    expect(plannedValues([field('tel-country-code', { maxLength: 2 }), field('tel')])).toEqual(['49', '30901820417']);
  });
  it('splits a US number over area / prefix / suffix fields', () => {
    const us = { ...persona, tel: '+14155550132' };
    expect(plannedValues([field('tel-area-code'), field('tel-local-prefix'), field('tel-local-suffix')], us)).toEqual([
      '415',
      '555',
      '0132',
    ]);
    expect(plannedValues([field('tel', { maxLength: 3 }), field('tel', { maxLength: 3 }), field('tel', { maxLength: 4 })], us)).toEqual([
      '415',
      '555',
      '0132',
    ]);
  });
  it('splits by maxlength, keeping the trunk prefix when there is no country-code field', () => {
    expect(plannedValues([field('tel-area-code', { maxLength: 3 }), field('tel')])).toEqual(['030', '901820417']);
    expect(plannedValues([field('tel-country-code'), field('tel-area-code', { maxLength: 2 }), field('tel')])).toEqual([
      '+49',
      '30',
      '901820417',
    ]);
  });
  it('treats two adjacent full-width phone fields as two numbers', () => {
    expect(plannedValues([field('tel'), field('tel')])).toEqual(['+4930901820417', '+4930901820417']);
    expect(plannedValues([field('tel-country-code'), field('tel'), field('tel')])).toEqual(['+49', '30901820417', '+4930901820417']);
  });
  it('skips a number that does not fit, extensions and fax', () => {
    const short = field('tel', { maxLength: 6 }),
      ext = field('tel-extension'),
      fax = field('x-fax');
    const r = plan([short, ext, fax]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['too-long', 'no-value', 'no-value']);
  });
});

describe('birthday', () => {
  it('writes a date input as YYYY-MM-DD', () => {
    expect(plannedValues([field('bday', { type: 'date' })])).toEqual(['1979-04-07']);
  });
  it.each([
    ['DD/MM/YYYY', '07/04/1979'],
    ['MM/DD/YYYY', '04/07/1979'],
    ['TT.MM.JJJJ', '07.04.1979'],
    ['JJ/MM/AAAA', '07/04/1979'],
    ['GG/MM/AAAA', '07/04/1979'],
    ['YYYY/MM/DD', '1979/04/07'],
    ['dd-mm-jjjj', '07-04-1979'],
    ['M/D/YY', '4/7/79'],
    ['TT.MM.JJ', '07.04.79'],
    ['yyyy-mm-dd', '1979-04-07'],
  ])('writes text in the page format %s', (placeholder, want) => {
    expect(plannedValues([field('bday', { placeholder })])).toEqual([want]);
  });
  it('reads the format from the label when there is no placeholder, else writes ISO', () => {
    expect(plannedValues([field('bday', { labels: ['Date of birth (mm/dd/yyyy)'] })])).toEqual(['04/07/1979']);
    expect(plannedValues([field('bday', { labels: ['Birthday'] })])).toEqual(['1979-04-07']);
  });
  it('fills day / month / year text fields', () => {
    expect(plannedValues([field('bday-day'), field('bday-month'), field('bday-year')])).toEqual(['07', '04', '1979']);
    expect(
      plannedValues([
        field('bday-day', { placeholder: 'D' }),
        field('bday-month', { placeholder: 'M' }),
        field('bday-year', { placeholder: 'YY' }),
      ]),
    ).toEqual(['7', '4', '79']);
  });
  it('selects day / month / year by value or text, padded or not', () => {
    const days = select('bday-day', [
      ['', 'Day'],
      ...Array.from({ length: 31 }, (_, i) => [String(i + 1), String(i + 1)] as [string, string]),
    ]);
    const padded = select(
      'bday-day',
      Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    const years = select(
      'bday-year',
      Array.from({ length: 40 }, (_, i) => String(2005 - i)),
    );
    expect(plannedValues([days, padded, years])).toEqual(['7', '07', '1979']);
  });
  it.each([
    [['January', 'February', 'March', 'April', 'May'], 'April'],
    [['Januar', 'Februar', 'März', 'April', 'Mai'], 'April'],
    [['janv.', 'févr.', 'mars', 'avr.', 'mai'], 'avr.'],
    [['enero', 'febrero', 'marzo', 'abril', 'mayo'], 'abril'],
    [['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio'], 'aprile'],
    [['januari', 'februari', 'maart', 'april', 'mei'], 'april'],
    [['janeiro', 'fevereiro', 'março', 'abril', 'maio'], 'abril'],
    [['1月', '2月', '3月', '4月', '5月'], '4月'],
    [['Jan', 'Feb', 'Mar', 'Apr', 'May'], 'Apr'],
  ])('selects the month by name: %j', (names, want) => {
    const s = select(
      'bday-month',
      names.map((n, i) => [String(i + 1), n] as [string, string]),
    );
    const e = plan([s]).entries[0]!;
    expect(e.display).toBe(want);
    expect(e.value).toBe('4');
  });
  it('reads zero-based month values by their text', () => {
    const s = select('bday-month', [
      ['-1', 'Month'],
      ['0', 'January'],
      ['1', 'February'],
      ['2', 'March'],
      ['3', 'April'],
      ['4', 'May'],
    ]);
    expect(plannedValues([s])).toEqual(['3']);
  });
  it('picks month names the classifier knows and Intl does not give here: Polish, Russian, Hungarian', () => {
    const months = (names: string[]) => select('bday-month', [['', '--'], ...names.map((n, i): [string, string] => [String(i), n])]);
    const pl = [
      'Styczeń',
      'Luty',
      'Marzec',
      'Kwiecień',
      'Maj',
      'Czerwiec',
      'Lipiec',
      'Sierpień',
      'Wrzesień',
      'Październik',
      'Listopad',
      'Grudzień',
    ];
    const ru = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
    const hu = [
      'Január',
      'Február',
      'Március',
      'Április',
      'Május',
      'Június',
      'Július',
      'Augusztus',
      'Szeptember',
      'Október',
      'November',
      'December',
    ];
    for (const names of [pl, ru, hu]) {
      const e = plan([months(names)]).entries[0];
      expect(e?.value, names[3]).toBe('3');
      expect(e?.display).toBe(names[3]);
    }
  });
  it('selects a numeric month, zero-padded or not', () => {
    expect(plannedValues([select('bday-month', ['01', '02', '03', '04', '05'])])).toEqual(['04']);
    expect(plannedValues([select('bday-month', [['', 'MM'], '1', '2', '3', '4'])])).toEqual(['4']);
  });
  it('selects a two-digit year when the options are two-digit', () => {
    expect(plannedValues([select('bday-year', ['81', '80', '79', '78'])])).toEqual(['79']);
  });
  it('falls back to alts for a year select collected in part', () => {
    const e = plan([
      select(
        'bday-year',
        Array.from({ length: 40 }, (_, i) => String(2024 - i)),
        { optionCount: 125 },
      ),
    ]).entries[0]!;
    expect(e.value).toBe('1979');
    expect(e.alts).toContain('79');
  });
});

describe('what is never filled', () => {
  it('skips unknown, never-fill, not-fillable, hidden, disabled and read-only fields', () => {
    const unknown = field('UNKNOWN'),
      honeypot = field('UNKNOWN', {}, { role: 'honeypot' }),
      search = field('UNKNOWN', {}, { role: 'search' });
    const user = field('username'),
      current = field('current-password', { type: 'password' }),
      card = field('cc-number');
    const forcedCard = field('cc-number', {}, { fillable: true });
    const hidden = field('email', { visibility: { ...VISIBLE, opacity: 0, visible: false } });
    const hiddenFrame = field('email', { frame: { ...topFrame, frameVisible: false } });
    const disabled = field('email', { disabled: true }),
      ro = field('email', { readOnly: true });
    const r = plan([unknown, honeypot, search, user, current, card, forcedCard, hidden, hiddenFrame, disabled, ro]);
    expect(r.entries).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'unknown',
      'never-fill',
      'never-fill',
      'not-fillable',
      'not-fillable',
      'not-fillable',
      'not-fillable',
      'hidden',
      'hidden',
      'disabled',
      'read-only',
    ]);
  });
  it('skips a never-fill role even when the classifier gave it a token', () => {
    expect(plan([field('email', {}, { role: 'coupon' })]).skipped[0]!.reason).toBe('never-fill');
  });
  it('keeps only required fields with requiredOnly', () => {
    const email = field('email', { required: true }),
      name = field('name'),
      tel = field('tel');
    const r = plan([email, name, tel], persona, { requiredOnly: true });
    expect(r.entries.map((e) => e.token)).toEqual(['email']);
    expect(r.skipped.map((s) => s.reason)).toEqual(['not-required', 'not-required']);
  });
  it('counts a radio group as required when one radio is', () => {
    const m = radio('sex', 'g', 'm', 'Male', { required: true }),
      f = radio('sex', 'g', 'f', 'Female');
    const r = plan([m, f], persona, { requiredOnly: true });
    expect(entryFor(r, f).required).toBe(true);
  });
  it('keeps the parts of a split phone number or birthday together when one is required', () => {
    const cc = select('tel-country-code', [
        ['+1', '+1'],
        ['+49', '+49'],
      ]),
      tel = field('tel', { required: true }),
      other = field('tel');
    const day = field('bday-day'),
      month = field('bday-month', { required: true }),
      year = field('bday-year');
    const r = plan([cc, tel, field('name'), other, day, month, year], persona, { requiredOnly: true });
    expect(r.entries.map((e) => e.value)).toEqual(['+49', '30901820417', '07', '04', '1979']);
    expect(r.skipped.map((s) => s.reason)).toEqual(['not-required', 'not-required']);
  });
  it('skips fields the persona has nothing for', () => {
    const bare: Persona = { id: 'b', label: 'Bare', addresses: [], createdAt: 0, updatedAt: 0 };
    const fs = [
      field('name'),
      field('email'),
      field('tel'),
      field('bday'),
      field('country'),
      field('street-address'),
      select('sex', ['m', 'f']),
    ];
    const r = plan(fs, bare);
    expect(r.entries).toEqual([]);
    expect(new Set(r.skipped.map((s) => s.reason))).toEqual(new Set(['no-value']));
  });
});

describe('passwords', () => {
  it('fills new-password fields (and their confirmation) with the given password, masked for display', () => {
    const a = field('new-password', { type: 'password' }),
      b = field('new-password', { type: 'password' });
    const r = plan([a, b], persona, { password: 'S3cret-Pa55word!' });
    expect(r.entries.map((e) => [e.value, e.display, e.secret])).toEqual([
      ['S3cret-Pa55word!', '••••••••', true],
      ['S3cret-Pa55word!', '••••••••', true],
    ]);
    expect(plan([a]).skipped[0]!.reason).toBe('not-fillable');
  });
});

describe('frames', () => {
  const payOrigin = 'https://pay.example.net';
  const inFrame = (token: Token, origin: string) => field(token, { frame: { ...topFrame, top: false, origin } }, {}, 7);
  it('flags cross-origin frames that are not approved, unticked', () => {
    const e = plan([inFrame('postal-code', payOrigin)]).entries[0]!;
    expect(e).toMatchObject({ origin: payOrigin, crossOrigin: true, needsApproval: true, checked: false, value: '10999' });
  });
  it('ticks approved cross-origin frames and same-origin frames', () => {
    expect(plan([inFrame('postal-code', payOrigin)], persona, { approvedFrameOrigins: [payOrigin] }).entries[0]).toMatchObject({
      crossOrigin: true,
      needsApproval: false,
      checked: true,
    });
    expect(plan([inFrame('postal-code', TOP)]).entries[0]).toMatchObject({ crossOrigin: false, checked: true });
  });
  it('skips opaque (sandboxed) frames', () => {
    expect(plan([inFrame('email', 'null')]).skipped[0]!.reason).toBe('opaque-frame');
  });
  it('fillOps gives one frame its ticked entries only', () => {
    const top = field('email'),
      framed = inFrame('postal-code', payOrigin);
    const p = plan([top, framed]);
    expect(fillOps(p, 0)).toEqual([
      {
        index: top.ref.index,
        expect: { tag: 'input', type: 'text', name: top.facts.name, id: '' },
        value: 'ann@example.org',
        kind: 'text',
      },
    ]);
    expect(fillOps(p, 7)).toEqual([]);
    p.entries[1]!.checked = true;
    expect(fillOps(p, 7)).toHaveLength(1);
  });
});

describe('labels and entries', () => {
  it('takes the best human label', () => {
    expect(bestLabel(facts({ labels: ['E-Mail'], placeholder: 'you@x' }))).toBe('E-Mail');
    expect(bestLabel(facts({ placeholder: 'you@x', name: 'email' }))).toBe('you@x');
    expect(bestLabel(facts({ name: 'email' }))).toBe('email');
    expect(bestLabel(facts({ type: 'radio', legend: 'Gender', after: 'Female' }))).toBe('Gender: Female');
  });
  it('carries what fill needs to re-check the element', () => {
    const f = field('email', { type: 'email', name: 'user[email]', id: 'em', required: true, labels: ['Email'] });
    expect(plan([f]).entries[0]).toEqual({
      ref: { frameId: 0, index: f.ref.index },
      token: 'email',
      label: 'Email',
      value: 'ann@example.org',
      display: 'ann@example.org',
      kind: 'text',
      expect: { tag: 'input', type: 'email', name: 'user[email]', id: 'em' },
      origin: TOP,
      crossOrigin: false,
      needsApproval: false,
      required: true,
      checked: true,
    });
  });
  it('skips values that do not fit the maxlength instead of cutting them', () => {
    expect(plan([field('organization', { maxLength: 4 })]).skipped[0]!.reason).toBe('too-long');
  });
});

describe('language', () => {
  const withLang = (language: string | undefined): Persona => ({ ...persona, language });
  it('writes the English name of the language into a text box, the code into a short one', () => {
    expect(plannedValues([field('language')], withLang('de-AT'))).toEqual(['German']);
    expect(plannedValues([field('language', { maxLength: 2 })], withLang('de-AT'))).toEqual(['de']);
    expect(plannedValues([field('language', { maxLength: 5 })], withLang('de-AT'))).toEqual(['de-AT']);
  });
  it('picks the option by code: exact tag first, then the primary language, any case or separator', () => {
    expect(
      plannedValues(
        [
          select('language', [
            ['', 'Choose'],
            ['EN', 'EN'],
            ['DE', 'DE'],
            ['FR', 'FR'],
          ]),
        ],
        withLang('de-AT'),
      ),
    ).toEqual(['DE']);
    expect(
      plannedValues(
        [
          select('language', [
            ['de_DE', 'de_DE'],
            ['de_AT', 'de_AT'],
            ['en_US', 'en_US'],
          ]),
        ],
        withLang('de-AT'),
      ),
    ).toEqual(['de_AT']);
    expect(
      plannedValues(
        [
          select('language', [
            ['en-US', 'en-US'],
            ['de-DE', 'de-DE'],
          ]),
        ],
        withLang('de'),
      ),
    ).toEqual(['de-DE']);
    expect(
      plannedValues(
        [
          select('language', [
            ['eng', 'eng'],
            ['ger', 'ger'],
          ]),
        ],
        withLang('de'),
      ),
    ).toEqual(['ger']);
  });
  it("picks the option by name in English, in the language itself or in the page's language", () => {
    expect(
      plannedValues(
        [
          select('language', [
            ['1', 'English'],
            ['2', 'German'],
            ['3', 'French'],
          ]),
        ],
        withLang('de-AT'),
      ),
    ).toEqual(['2']);
    expect(
      plannedValues(
        [
          select('language', [
            ['1', 'English'],
            ['2', 'Deutsch'],
            ['3', 'Français'],
          ]),
        ],
        withLang('fr'),
      ),
    ).toEqual(['3']);
    expect(
      plannedValues(
        [
          select('language', [
            ['1', 'Inglés'],
            ['2', 'Alemán'],
            ['3', 'Francés'],
          ]),
        ],
        withLang('de'),
      ),
    ).toEqual(['2']);
    expect(
      plannedValues(
        [
          select('language', [
            ['1', '-- English (US)'],
            ['2', '-- Russian (RU)'],
          ]),
        ],
        withLang('en-GB'),
      ),
    ).toEqual(['1']);
    expect(
      plannedValues(
        [
          select('language', [
            ['a', 'Deutsch (Deutschland)'],
            ['b', 'Deutsch (Österreich)'],
            ['c', 'English'],
          ]),
        ],
        withLang('de-AT'),
      ),
    ).toEqual(['b']);
  });
  it('skips when no option fits or the persona has no language', () => {
    const f = select('language', [
      ['en', 'English'],
      ['fr', 'Français'],
    ]);
    expect(reasonOf(plan([f], withLang('ja')), f)).toBe('no-match');
    expect(reasonOf(plan([f], withLang(undefined)), f)).toBe('no-value');
  });
  it('gives fill the codes and names when the options were collected in part', () => {
    const f = select('language', [['en', 'English']], { optionCount: 120 });
    const e = entryFor(plan([f], withLang('de-AT')), f);
    expect(e.alts).toEqual(expect.arrayContaining(['de at', 'de', 'german', 'deutsch', 'allemand']));
    expect(e.display).toBe('German (Austria)');
  });
});
