/** The planner's pure helpers: phone numbers, date formats, countries and states, option matching. */
import { describe, expect, it } from 'vitest';
import { matchKey as norm } from '../../src/forms/norm';
import { detectDateFormat, formatDate, parseYmd } from '../../src/forms/plan-date';
import { countryNames, countryOf, countryScorer, subdivisionOf } from '../../src/forms/plan-geo';
import { honorificClasses, monthOf, monthScorer, numberScorer, pickOption, sexOf } from '../../src/forms/plan-match';
import { callingCode, nationalNumber, optionCalling, splitDigits, splitE164, wholeNumber } from '../../src/forms/plan-phone';

describe('phone numbers', () => {
  it('splits E.164 at the calling code', () => {
    expect(splitE164('+4930901820417')).toEqual({ cc: '49', nsn: '30901820417', iso: 'DE' });
    expect(splitE164('+447911123456')).toEqual({ cc: '44', nsn: '7911123456', iso: 'GB' });
    expect(splitE164('+358401234567')).toMatchObject({ cc: '358', iso: 'FI' });
    expect(splitE164('+12684641234')).toMatchObject({ cc: '1', iso: 'US' });
    expect(splitE164('+12684641234', 'AG')).toMatchObject({ cc: '1', iso: 'AG' });
    expect(splitE164('+79161234567', 'KZ')).toMatchObject({ cc: '7', iso: 'KZ' });
    expect(splitE164('030 1234567')).toBeNull();
    expect(splitE164('+0123456789')).toBeNull();
  });
  it('writes national numbers with the right trunk prefix', () => {
    expect(nationalNumber(splitE164('+4930901820417')!)).toBe('030901820417');
    expect(nationalNumber(splitE164('+390612345678')!)).toBe('0612345678'); // Italy keeps its 0 in E.164, no trunk
    expect(nationalNumber(splitE164('+14155550132')!)).toBe('4155550132');
    expect(nationalNumber(splitE164('+79161234567')!)).toBe('89161234567');
    expect(nationalNumber(splitE164('+36301234567')!)).toBe('06301234567');
  });
  it('reads calling codes and countries from option texts', () => {
    expect(optionCalling({ value: '+49', text: 'Germany (+49)' })).toEqual({ cc: '49', iso: 'DE' });
    expect(optionCalling({ value: 'DE', text: 'Deutschland' })).toEqual({ cc: '49', iso: 'DE' });
    expect(optionCalling({ value: '0044', text: '0044' })).toEqual({ cc: '44', iso: null });
    expect(optionCalling({ value: 'x', text: '🇫🇷 +33' })).toEqual({ cc: '33', iso: 'FR' });
    expect(callingCode('CH')).toBe('41');
  });
  it('splits digits by maxlength, NANP shape, or a guess', () => {
    const de = splitE164('+4930901820417')!;
    expect(
      splitDigits(
        de,
        [
          { token: 'tel-area-code', maxLength: null },
          { token: 'tel', maxLength: null },
        ],
        false,
      ),
    ).toEqual(['0309', '01820417']);
    expect(
      splitDigits(
        de,
        [
          { token: 'tel-area-code', maxLength: 2 },
          { token: 'tel', maxLength: null },
        ],
        true,
      ),
    ).toEqual(['30', '901820417']);
    const us = splitE164('+14155550132')!;
    expect(
      splitDigits(
        us,
        [
          { token: 'tel-area-code', maxLength: null },
          { token: 'tel-local-prefix', maxLength: null },
          { token: 'tel-local-suffix', maxLength: null },
        ],
        true,
      ),
    ).toEqual(['415', '555', '0132']);
  });
  it('chooses international or national for a whole number', () => {
    const de = splitE164('+4930901820417')!;
    expect(wholeNumber(de, { type: 'tel', maxLength: null, placeholder: '' })).toBe('+4930901820417');
    expect(wholeNumber(de, { type: 'tel', maxLength: null, placeholder: '0049 30 ...' })).toBe('+4930901820417');
    expect(wholeNumber(de, { type: 'tel', maxLength: null, placeholder: '030 123456' })).toBe('030901820417');
  });
});

describe('dates', () => {
  it('parses the stored date', () => {
    expect(parseYmd('1979-04-07')).toEqual({ y: 1979, m: 4, d: 7 });
    expect(parseYmd('07.04.1979')).toBeNull();
    expect(parseYmd(undefined)).toBeNull();
  });
  it('finds formats inside longer texts, spaced or not', () => {
    expect(detectDateFormat(['Geburtsdatum (TT.MM.JJJJ)'])).toMatchObject({ order: ['d', 'm', 'y'], sep: '.' });
    expect(detectDateFormat(['mm / dd / yyyy'])).toMatchObject({ order: ['m', 'd', 'y'], sep: '/' });
    expect(detectDateFormat(['', 'Date de naissance', 'jj-mm-aaaa'])).toMatchObject({ order: ['d', 'm', 'y'], sep: '-' });
    expect(detectDateFormat(['DD MM YYYY'])).toMatchObject({ sep: ' ' });
  });
  it('ignores texts without a format', () => {
    expect(detectDateFormat(['Date of birth', 'Your birthday', 'a/b/c', 'dd/dd/yyyy'])).toBeNull();
  });
  it('formats padded and unpadded parts and short years', () => {
    const d = { y: 2001, m: 2, d: 3 };
    expect(formatDate(d, detectDateFormat(['D.M.YYYY'])!)).toBe('3.2.2001');
    expect(formatDate(d, detectDateFormat(['DD/MM/YY'])!)).toBe('03/02/01');
  });
});

describe('countries and states', () => {
  it('recognises codes and names in many languages', () => {
    for (const [s, iso] of [
      ['DE', 'DE'],
      ['deu', 'DE'],
      ['276', 'DE'],
      ['Allemagne', 'DE'],
      ['Alemania', 'DE'],
      ['Germania', 'DE'],
      ['Duitsland', 'DE'],
      ['Alemanha', 'DE'],
      ['ドイツ', 'DE'],
      ['UK', 'GB'],
      ['Royaume-Uni', 'GB'],
      ['Etats-Unis', 'US'],
      ['Stati Uniti', 'US'],
      ['🇨🇭', 'CH'],
      ['Schweiz', 'CH'],
    ] as const) {
      expect(countryOf(s), s).toBe(iso);
    }
    expect(countryOf('Atlantis')).toBeNull();
    expect(countryOf('Congo')).toBeNull(); // two countries: no guess
    expect(countryNames('FR')).toEqual(expect.arrayContaining(['france', 'frankreich', 'francia', 'frankrijk', 'franca', 'フランス']));
  });
  it('scores country options by text over value', () => {
    const s = countryScorer('DE');
    expect(s({ value: 'DE', text: 'Germany' })).toBe(4);
    expect(s({ value: '7', text: 'Deutschland' })).toBe(3);
    expect(s({ value: 'DEU', text: 'x' })).toBe(2);
    expect(s({ value: 'AT', text: 'Österreich' })).toBe(0);
  });
  it('resolves subdivisions by code and name, within the address country', () => {
    expect(subdivisionOf('CA', 'US')).toMatchObject({ code: 'CA', name: 'California' });
    expect(subdivisionOf('US-TX')).toMatchObject({ country: 'US', code: 'TX' });
    expect(subdivisionOf('Nordrhein-Westfalen')).toMatchObject({ country: 'DE', code: 'NW' });
    expect(subdivisionOf('Thuringia', 'DE')).toMatchObject({ code: 'TH' });
    expect(subdivisionOf('WA', 'AU')).toMatchObject({ name: 'Western Australia' });
    expect(subdivisionOf('WA', 'US')).toMatchObject({ name: 'Washington' });
    expect(subdivisionOf('Île-du-Prince-Édouard')).toMatchObject({ country: 'CA', code: 'PE' });
    expect(subdivisionOf('Narnia')).toBeNull();
  });
});

describe('option matching', () => {
  it('normalises case, accents and punctuation', () => {
    expect(norm('  Île-du-Prince-Édouard ')).toBe('ile du prince edouard');
    expect(norm('Straße')).toBe('strasse');
    expect(norm('+49 (DE)')).toBe('+49 de');
    // Kana keep their voicing marks (ガ is not カ), full-width letters fold.
    expect(norm('ガス・電気')).toBe('ガス 電気');
    expect(norm('ＵＳＡ')).toBe('usa');
  });
  it('never picks the placeholder option', () => {
    expect(
      pickOption(
        [
          { value: '', text: 'April' },
          { value: '4', text: 'Apr' },
        ],
        monthScorer(4),
      ),
    ).toEqual({ value: '4', text: 'Apr' });
    expect(pickOption([{ value: '', text: '7' }], numberScorer(7))).toBeNull();
  });
  it('knows month names and abbreviations, refusing ambiguous prefixes', () => {
    for (const [s, m] of [
      ['März', 3],
      ['Mrz', 3],
      ['juil.', 7],
      ['juin', 6],
      ['Sept', 9],
      ['okt', 10],
      ['out', 10],
      ['dic', 12],
      ['déc.', 12],
      ['mag', 5],
      ['mei', 5],
      ['12月', 12],
      ['03 - March', 3],
      ['01', 1],
    ] as const) {
      expect(monthOf(s), s).toBe(m);
    }
    expect(monthOf('jui')).toBeNull();
    expect(monthOf('Month')).toBeNull();
    expect(monthOf('13')).toBeNull();
  });
  it('reads sexes and honorifics across languages', () => {
    expect(['Female', 'W', 'weiblich', 'Femme', 'mujer', 'vrouw', '女性'].map(sexOf)).toEqual(Array(7).fill('f'));
    expect(['Male', 'männlich', 'Homme', 'H', 'uomo'].map(sexOf)).toEqual(Array(5).fill('m'));
    expect(['divers', 'Other', 'non-binary', 'D'].map(sexOf)).toEqual(Array(4).fill('x'));
    expect(sexOf('Prefer not to say')).toBeNull();
    expect([...honorificClasses('Frau')].sort()).toEqual(['mrs', 'ms']);
    expect([...honorificClasses('Sig.ra')]).toEqual(['mrs']);
    expect([...honorificClasses('Dr. med.')]).toEqual(['dr']);
  });
});
