/**
 * The value checks the reader runs on every element (dates, times, decimals, element types) are char-code loops for
 * speed. Here they are held to the regular expressions that define them, on random values over the characters that
 * matter (digits, signs, points, letters, control characters), so a faster check can never mean a different one.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkElements,
  compileSetTables,
  isX12Date,
  isX12Time,
  normalizeDecimal,
  sameNumber,
  x12DateToIso,
  type ElementCheckContext,
  type SegmentRule,
} from '../../../apis/partner/edi/x12';

const RUNS = 3000;
/** Short values over the characters the checks branch on. */
const value = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '5', '9', '-', '.', 'A', ' ', '\u0000', '\u001f', '\u007f', '\u00e9'), maxLength: 10 });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: min, maxLength: max });

/** The definitions, as they were written with regular expressions. */
const spec = {
  date(text: string): string | undefined {
    const match = /^(\d{2})?(\d{2})(\d{2})(\d{2})$/.exec(text);
    if (!match || (text.length !== 6 && text.length !== 8)) return undefined;
    const [, cc, yy = '', mm = '', dd = ''] = match;
    const year = cc === undefined ? (Number(yy) < 50 ? 2000 : 1900) + Number(yy) : Number(cc + yy);
    const month = Number(mm);
    const day = Number(dd);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
    if (month < 1 || month > 12 || day < 1 || day > days) return undefined;
    return `${String(year).padStart(4, '0')}-${mm}-${dd}`;
  },
  time(text: string): boolean {
    const match = /^(\d{2})(\d{2})(?:(\d{2})(\d{1,2})?)?$/.exec(text);
    if (!match) return false;
    const [, hh = '', mm = '', ss] = match;
    return Number(hh) <= 23 && Number(mm) <= 59 && (ss === undefined || Number(ss) <= 59);
  },
  decimal(text: string): string | undefined {
    const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
    if (!match) return undefined;
    const [, sign, whole = '', fraction] = match;
    if (whole === '' && (fraction === undefined || fraction === '')) return undefined;
    const strip = (d: string) => d.replace(/^0+/, '') || '0';
    const body = fraction === undefined || fraction === '' ? strip(whole) : `${strip(whole)}.${fraction}`;
    return sign && !/^[0.]*$/.test(body) ? `-${body}` : body;
  },
  /** The AK403 code of one simple value, or undefined. */
  element(text: string, type: string, min: number, max: number, version: number, codes?: string[]): string | undefined {
    if (/[\u0000-\u001f\u007f]/.test(text)) return '6';
    if (type === 'N' && !/^-?\d+$/.test(text)) return '6';
    if (type === 'R' && !/^-?(\d+\.?\d*|\.\d+)$/.test(text)) return '6';
    if (type === 'DT') {
      if (!/^\d+$/.test(text)) return '8';
      if (max === 8 && version < 4000) min = max = 6;
    }
    if (type === 'TM' && !/^\d+$/.test(text)) return '9';
    const length = type === 'R' || type === 'N' ? text.replace(/[-.]/g, '').length : text.length;
    if (length < min) return '4';
    if (length > max) return '5';
    if (type === 'ID' && codes && !codes.includes(text)) return '7';
    if (type === 'DT' && spec.date(text) === undefined) return '8';
    if (type === 'TM' && !spec.time(text)) return '9';
    return undefined;
  },
};

describe('x12 value checks', () => {
  it('dates: CCYYMMDD and YYMMDD calendar dates, as the definition says', () => {
    fc.assert(
      fc.property(fc.oneof(value, digits(5, 9)), (text) => {
        assert.equal(x12DateToIso(text), spec.date(text));
        assert.equal(isX12Date(text), spec.date(text) !== undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it('dates: leap days of every Gregorian year, 0000 included (Date.UTC read years 0-99 as 1900-1999)', () => {
    assert.equal(x12DateToIso('00000229'), '0000-02-29');
    assert.equal(x12DateToIso('00040229'), '0004-02-29');
    assert.equal(x12DateToIso('19000229'), undefined);
    assert.equal(x12DateToIso('20000229'), '2000-02-29');
    assert.equal(x12DateToIso('000229'), '2000-02-29');
  });

  it('times: HHMM[SS[D[D]]] with real hours, minutes and seconds', () => {
    fc.assert(fc.property(fc.oneof(value, digits(3, 9)), (text) => assert.equal(isX12Time(text), spec.time(text))), { numRuns: RUNS });
  });

  it('decimals: R and N values as canonical decimal strings', () => {
    fc.assert(fc.property(value, (text) => assert.equal(normalizeDecimal(text), spec.decimal(text))), { numRuns: RUNS });
    assert.equal(normalizeDecimal('-000.00'), '0.00');
    assert.equal(normalizeDecimal('-.5'), '-0.5');
    assert.equal(normalizeDecimal('0008'), '8');
  });

  it('control numbers: equal as numbers when both are digits', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const expected = /^\d+$/.test(a) && /^\d+$/.test(b) ? (a.replace(/^0+/, '') || '0') === (b.replace(/^0+/, '') || '0') : a === b;
        assert.equal(sameNumber(a, b), expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('element types, lengths and codes: the AK403 code the definition gives', () => {
    const types: [string, number, number, string[]?][] = [
      ['AN', 1, 4],
      ['ID', 2, 3, ['AB', '123', '-1']],
      ['N', 1, 4],
      ['R', 1, 4],
      ['DT', 8, 8],
      ['DT', 6, 6],
      ['TM', 4, 8],
    ];
    const tables = types.map(([type, min, max, codes], index) => {
      const spec850 = `O 1 ${type === 'N' ? 'N0' : type} ${min}/${max}${codes ? ` ${codes.join(',')}` : ''}`;
      const rule = compileSetTables([{ id: '999', name: 'T', functionalId: 'FA', segments: { ZZZ: { elements: [spec850] } }, body: ['ZZZ O 1'] }]).get('999')!.segments.get('ZZZ') as SegmentRule;
      return { type, min, max, codes, rule, index };
    });
    fc.assert(
      fc.property(fc.constantFrom(...tables), fc.oneof(value, digits(1, 9)), fc.constantFrom(3040, 4010, 5010, Number.NaN), ({ type, min, max, codes, rule }, text, version) => {
        fc.pre(text !== '');
        const context: ElementCheckContext = { separators: { element: '*', component: '>', segment: '~' }, version };
        const found = checkElements({ id: 'ZZZ', elements: [text] }, rule, context);
        assert.deepEqual(
          found.map((error) => error.code),
          [spec.element(text, type, min, max, version, codes)].filter((code) => code !== undefined),
          `${type} ${min}/${max} '${JSON.stringify(text)}'`,
        );
      }),
      { numRuns: RUNS },
    );
  });
});
