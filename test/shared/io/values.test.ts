import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateToDays } from '../../../shared/model/dataset';
import type { MetricKind } from '../../../shared/model/workspace';
import type { RawCell } from '../../../shared/io/types';
import { detectColumnFormat, type ColumnFormat } from '../../../shared/io/values/column-format';
import { guessKind, profileValues } from '../../../shared/io/values/kind-guess';
import { isMissingValue, parseCell } from '../../../shared/io/values/parse';

const US: ColumnFormat = { decimal: '.', dateOrder: 'MDY', percentScale: 'fraction' };
const EU: ColumnFormat = { decimal: ',', dateOrder: 'DMY', percentScale: 'fraction' };
const POINTS: ColumnFormat = { ...US, percentScale: 'points' };
const YMD: ColumnFormat = { ...US, dateOrder: 'YMD' };
const AUTO = { decimal: 'auto', dateOrder: 'auto' } as const;

const NBSP = '\u00a0';
const NNBSP = '\u202f';

function value(raw: RawCell, kind: MetricKind, format: ColumnFormat): number | null {
  const r = parseCell(raw, kind, format);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse: ${r.error}`);
  return r.value;
}

function reason(raw: RawCell, kind: MetricKind, format: ColumnFormat): string {
  const r = parseCell(raw, kind, format);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} not to parse, got ${String(r.value)}`);
  return r.error;
}

describe('isMissingValue', () => {
  it.each([null, '', '   ', '\t', NBSP, 'N/A', 'NA', 'n/a', '#N/A', '-', '–', '—', '--', 'null', 'NULL', 'none', 'None', 'nil', '?', '..', '...', ' n/a ', 'NaN', 'TBD', 'unknown'])(
    '%j is missing',
    (raw) => {
      expect(isMissingValue(raw)).toBe(true);
    },
  );

  it.each(['0', 0, '0.0', false, true, 'abc', 'no', 'n', 'x', '#DIV/0!', 1, '-1', 'n/a 2'])('%j is not missing', (raw) => {
    expect(isMissingValue(raw)).toBe(false);
  });
});

describe('parseCell: numbers', () => {
  it.each<[RawCell, MetricKind, ColumnFormat, number]>([
    ['$1,200', 'currency', US, 1200],
    ['1.200,50 €', 'currency', EU, 1200.5],
    ['(3,000)', 'currency', US, -3000],
    ['($3,000.50)', 'currency', US, -3000.5],
    ['-3,000', 'currency', US, -3000],
    ['-$3,000', 'currency', US, -3000],
    ['$-3,000', 'currency', US, -3000],
    ['\u22123,000', 'currency', US, -3000],
    ['+42', 'count', US, 42],
    ['4.5', 'rating', US, 4.5],
    ['4,5', 'rating', EU, 4.5],
    [`1${NBSP}200`, 'count', US, 1200],
    [`1${NNBSP}200`, 'count', US, 1200],
    ['1 200', 'count', US, 1200],
    [`1${NNBSP}200,75`, 'currency', EU, 1200.75],
    ["1'200", 'count', US, 1200],
    ['1’200’000', 'count', US, 1200000],
    ['$250K', 'currency', US, 250000],
    ['$1.2M', 'currency', US, 1200000],
    ['3bn', 'currency', US, 3000000000],
    ['1.5 million', 'currency', US, 1500000],
    ['€2,5 Mio.', 'currency', EU, 2500000],
    ['12K', 'count', US, 12000],
    ['USD 1,200', 'currency', US, 1200],
    ['1,200 USD', 'currency', US, 1200],
    ['1,200usd', 'currency', US, 1200],
    ['€1.200', 'currency', EU, 1200],
    ['US$ 99.95', 'currency', US, 99.95],
    ['£1,000,000', 'currency', US, 1000000],
    ['1,200', 'currency', US, 1200],
    ['1,200,000.25', 'currency', US, 1200000.25],
    ['1.200.000,25', 'currency', EU, 1200000.25],
    ['.5', 'number', US, 0.5],
    ['5.', 'number', US, 5],
    ['007', 'count', US, 7],
    ['1.2E+06', 'number', US, 1200000],
    ['2.5e-3', 'number', US, 0.0025],
    ['12.5', 'count', US, 12.5],
    ['-0', 'number', US, 0],
    ['  42  ', 'count', US, 42],
    ['12%', 'number', US, 0.12],
    ['12345678901234567890', 'number', US, Number('12345678901234567890')],
  ])('%j as %s → %d', (raw, kind, format, expected) => {
    expect(value(raw, kind, format)).toBe(expected);
  });

  it('reads a lone other separator that cannot be thousands as a decimal separator', () => {
    expect(value('0,85', 'number', US)).toBe(0.85);
    expect(value('12,5', 'number', US)).toBe(12.5);
    expect(value('4.5', 'rating', EU)).toBe(4.5);
    // … but three digits after it are thousands in the column's reading
    expect(value('1,200', 'number', US)).toBe(1200);
    expect(value('1.200', 'number', EU)).toBe(1200);
    expect(value('1.200', 'number', US)).toBe(1.2);
  });

  it.each<[number, MetricKind]>([
    [1200, 'currency'],
    [-3000.5, 'currency'],
    [7, 'count'],
    [7.5, 'count'],
    [4.5, 'rating'],
    [0.001, 'number'],
  ])('numeric cell %d passes through as %s', (raw, kind) => {
    expect(value(raw, kind, US)).toBe(raw);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('numeric cell %d is not ok', (raw) => {
    expect(parseCell(raw, 'number', US).ok).toBe(false);
  });

  it.each<[RawCell, MetricKind]>([
    ['N/A', 'currency'],
    ['-', 'count'],
    ['', 'number'],
    ['   ', 'rating'],
    [null, 'percent'],
    ['#N/A', 'currency'],
    ['—', 'number'],
    ['n/a', 'date'],
    ['-', 'boolean'],
  ])('%j as %s is null, never 0', (raw, kind) => {
    expect(parseCell(raw, kind, US)).toEqual({ ok: true, value: null });
  });

  it.each<[RawCell, MetricKind, ColumnFormat, string]>([
    ['abc', 'count', US, '"abc" is not a number'],
    ['12abc', 'number', US, '"12abc" is not a number'],
    ['1.2.3', 'number', US, '"1.2.3" is not a number'],
    ['1.2.3', 'number', EU, '"1.2.3" is not a number'],
    ['1,20,0', 'number', US, '"1,20,0" is not a number'],
    ['1,2000,000', 'number', US, '"1,2000,000" is not a number'],
    ['$$5', 'currency', US, '"$$5" is not a number'],
    ['5-', 'number', US, '"5-" is not a number'],
    ['1e999', 'number', US, '"1e999" is not a number'],
    ['#DIV/0!', 'currency', US, '"#DIV/0!" is a spreadsheet error, not a value'],
    ['85%', 'currency', US, '"85%" is a percentage, not an amount'],
    ['$1,200', 'count', US, '"$1,200" is an amount of money, not a count'],
    ['5K', 'rating', US, '"5K" is not a rating (K / M / bn suffixes are for amounts and counts)'],
  ])('%j as %s is not ok: %s', (raw, kind, format, expected) => {
    expect(reason(raw, kind, format)).toBe(expected);
  });

  it('explains a decimal separator that does not fit the column', () => {
    expect(reason('1.200,50', 'currency', US)).toMatch(/decimal separator/);
    expect(reason('1,200.50', 'currency', EU)).toMatch(/decimal separator/);
  });

  it('boolean cells are not numbers', () => {
    expect(reason(true, 'count', US)).toBe('TRUE is yes/no, not a count');
  });

  it('does not round counts', () => {
    expect(value('2.75', 'count', US)).toBe(2.75);
    expect(value(2.75, 'count', US)).toBe(2.75);
  });
});

describe('parseCell: negative amounts with a currency', () => {
  it.each<[string, ColumnFormat, number]>([
    ['$(3,000)', US, -3000],
    ['($3,000)', US, -3000],
    ['(3,000) $', US, -3000],
    ['(3,000.50) $', US, -3000.5],
    ['USD (3,000)', US, -3000],
    ['(USD 3,000)', US, -3000],
    ['(3,000) USD', US, -3000],
    ['($1.2M)', US, -1200000],
    ['(3.000) €', EU, -3000],
    ['(3.000,00) €', EU, -3000],
    ['(3.000,50) €', EU, -3000.5],
    ['(3.000,50)€', EU, -3000.5],
    ['€ (3.000)', EU, -3000],
    ['€(3.000,50)', EU, -3000.5],
    ['-€3,000', US, -3000],
    ['€-3.000', EU, -3000],
    ['\u22123 000 €', EU, -3000],
    [`\u22123${NBSP}000 €`, EU, -3000],
    [`\u22123${NNBSP}000,50 €`, EU, -3000.5],
    // SAP exports: a minus right after the digits
    ['3.000-', EU, -3000],
    ['3.000- €', EU, -3000],
    ['3.000,50-', EU, -3000.5],
    ['1.234,56- EUR', EU, -1234.56],
    ['€3.000-', EU, -3000],
    ['3,000.50-', US, -3000.5],
    ['5- €', EU, -5],
    ['3.000\u2212', EU, -3000],
  ])('%j (%o) → %d', (raw, format, expected) => {
    expect(value(raw, 'currency', format)).toBe(expected);
  });

  it.each<[string, ColumnFormat]>([
    // a bare "2-" may be a grade ("2 minus") or a cut-off range
    ['5-', US],
    ['12-', EU],
    // "5.-" / "5.–" is the Swiss way of writing 5.00
    ['CHF 5.-', US],
    ['5.\u2013', US],
    ['5 -', US],
    ['3,000-5,000', US],
    ['(3,000', US],
    ['3,000)', US],
    ['(3,000 €', EU],
    ['€ 3.000)', EU],
    ['(-3,000)', US],
    ['-(3,000)', US],
    ['(3,000)-', US],
    ['3,000-)', US],
    ['-3,000-', US],
    ['((3,000))', US],
    ['$(3,000))', US],
    ['()', US],
    ['( € )', EU],
    ['1.5e3-', US],
    ['5%-', US],
    ['2026-06-30', US],
  ])('%j (%o) is not an amount', (raw, format) => {
    expect(parseCell(raw, 'currency', format).ok).toBe(false);
  });

  it('a negative in brackets keeps the reading of the column: "(3.000,00) €" in a "." column explains the separator', () => {
    expect(reason('(3.000,00) €', 'currency', US)).toMatch(/decimal separator/);
  });

  it('a column of "16.033,97 €" and "(3.000,00) €" is a euro amount, not mixed, read with ","', () => {
    const column: RawCell[] = ['16.033,97 €', '(3.000,00) €', '1.200,00 €', '800,00 €', null, '(12,50) €'];
    expect(guessKind('Bookings FY25 (EUR)', column)).toEqual({ kind: 'currency', unit: 'EUR', mixed: false });
    expect(guessKind('Anything', column)).toEqual({ kind: 'currency', unit: 'EUR', mixed: false });
    const format = detectColumnFormat(column, 'currency', AUTO);
    expect(format.decimal).toBe(',');
    expect(column.map((c) => value(c, 'currency', format))).toEqual([16033.97, -3000, 1200, 800, null, -12.5]);
    const p = profileValues(column);
    expect({ numeric: p.numeric, currency: p.currency, negative: p.negative, words: p.words }).toEqual({
      numeric: 5,
      currency: 5,
      negative: 2,
      words: 0,
    });
  });

  it.each<[RawCell[], string]>([
    [['$1,200.50', '$(3,000)', '$4,000'], 'USD'],
    [['(3,000) $', '1,200.50 $'], 'USD'],
    [['3.000,00-', '1.234,56', '16.033,97 EUR'], 'EUR'],
    [['\u22123 000 €', '12 000,50 €'], 'EUR'],
  ])('%j is a currency column in %s, not mixed', (column, unit) => {
    expect(guessKind('Amount', column)).toEqual({ kind: 'currency', unit, mixed: false });
  });

  it('SAP-style negatives decide the decimal separator like other values', () => {
    expect(detectColumnFormat(['1.234,56-', '3.000-', '12,50'], 'currency', AUTO).decimal).toBe(',');
    expect(detectColumnFormat(['1,234.56-', '3,000-', '12.50'], 'currency', AUTO).decimal).toBe('.');
  });
});

describe('parseCell: percentages are stored as fractions', () => {
  it.each<[RawCell, ColumnFormat, number]>([
    ['85%', US, 0.85],
    ['85 %', US, 0.85],
    ['85%', POINTS, 0.85],
    ['12.5%', US, 0.125],
    ['12,5 %', EU, 0.125],
    ['-4%', US, -0.04],
    ['0.85', US, 0.85],
    ['85', POINTS, 0.85],
    ['0.5', POINTS, 0.005],
    [0.85, US, 0.85],
    [85, POINTS, 0.85],
    ['150%', US, 1.5],
  ])('%j (%o) → %d', (raw, format, expected) => {
    expect(value(raw, 'percent', format)).toBeCloseTo(expected, 12);
  });
});

describe('parseCell: booleans', () => {
  it.each<[RawCell, number | null]>([
    ['yes', 1],
    ['Yes', 1],
    ['YES', 1],
    ['no', 0],
    ['true', 1],
    ['FALSE', 0],
    ['y', 1],
    ['N', 0],
    ['x', 1],
    ['X', 1],
    ['✓', 1],
    ['✔', 1],
    ['1', 1],
    ['0', 0],
    ['1.0', 1],
    [1, 1],
    [0, 0],
    [true, 1],
    [false, 0],
    ['', null],
    [null, null],
    ['  ', null],
    ['N/A', null],
    // a lead's list in another language
    ['Ja', 1],
    ['NEIN', 0],
    ['J', 1],
    ['wahr', 1],
    ['falsch', 0],
    ['nee', 0],
    ['Oui', 1],
    ['non', 0],
    ['vrai', 1],
    ['faux', 0],
    ['Sí', 1],
    ['si', 1],
    ['sì', 1],
    ['SIM', 1],
    ['Não', 0],
    ['nao', 0],
    ['verdadero', 1],
    ['Falso', 0],
  ])('%j → %o', (raw, expected) => {
    expect(value(raw, 'boolean', US)).toBe(expected);
  });

  it.each<[RawCell, string]>([
    [2, '2 is not yes/no (only 1 and 0 are read as yes and no)'],
    ['3', '"3" is not yes/no (only 1 and 0 are read as yes and no)'],
    ['maybe', '"maybe" is not yes/no'],
  ])('%j is not ok', (raw, expected) => {
    expect(reason(raw, 'boolean', US)).toBe(expected);
  });
});

describe('parseCell: dates → days since 1970-01-01', () => {
  const june30 = dateToDays('2026-06-30');

  it.each<[RawCell, ColumnFormat]>([
    [46203, US],
    ['46203', US],
    [46203.75, US],
    ['46203.5', US],
    [20260630, US],
    ['20260630', US],
    ['2026-06-30', US],
    ['2026-06-30', EU],
    ['2026/06/30', US],
    ['2026-06-30T10:15:00Z', US],
    ['2026-06-30 10:15', US],
    ['06/30/2026', US],
    ['6/30/2026', US],
    ['6/30/26', US],
    ['06-30-2026', US],
    ['6/30/2026 4:30 PM', US],
    ['30/06/2026', EU],
    ['30.06.2026', EU],
    ['30.06.26', EU],
    ['30-06-2026', EU],
    ['26/06/30', YMD],
    ['30 Jun 2026', US],
    ['30 Jun 2026', EU],
    ['30-Jun-26', US],
    ['30 June 2026', US],
    ['30th June, 2026', US],
    ['June 30, 2026', US],
    ['Jun 30 2026', US],
    ['Jun. 30, 2026', US],
    ['Tue, 30 Jun 2026', US],
    ['Tuesday, June 30, 2026', US],
    ['2026-Jun-30', US],
    ['  2026-06-30  ', US],
  ])('%j (%o) is 2026-06-30', (raw, format) => {
    expect(value(raw, 'date', format)).toBe(june30);
  });

  it.each<[RawCell, string]>([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [25569, '1970-01-01'],
    [44927, '2023-01-01'],
  ])('Excel serial %d is %s', (raw, iso) => {
    expect(value(raw, 'date', US)).toBe(dateToDays(iso));
  });

  it.each<[string, string]>([
    ['01/02/00', '2000-01-02'],
    ['01/02/69', '2069-01-02'],
    ['01/02/70', '1970-01-02'],
    ['01/02/99', '1999-01-02'],
  ])('2-digit year %s is %s', (raw, iso) => {
    expect(value(raw, 'date', US)).toBe(dateToDays(iso));
  });

  it('reads all-numeric dates in the column order', () => {
    expect(value('03/04/2026', 'date', US)).toBe(dateToDays('2026-03-04'));
    expect(value('03/04/2026', 'date', EU)).toBe(dateToDays('2026-04-03'));
  });

  it.each<[RawCell, ColumnFormat, string]>([
    ['31/02/2026', EU, '"31/02/2026" is not a valid date'],
    ['02/31/2026', US, '"02/31/2026" is not a valid date'],
    ['2026-02-29', US, '"2026-02-29" is not a valid date'],
    ['2026-13-01', US, '"2026-13-01" is not a valid date'],
    ['30/06/2026', US, '"30/06/2026" is not a valid date'],
    ['1899-12-31', US, '"1899-12-31" is not a valid date'],
    ['2201-01-01', US, '"2201-01-01" is not a valid date'],
    ['99999999', US, '"99999999" is not a valid date'],
    ['soon', US, '"soon" is not a date'],
    ['30 Foo 2026', US, '"30 Foo 2026" is not a date'],
    [0, US, '0 is not a date'],
    [60, US, '60 is not a date'],
    [-5, US, '-5 is not a date'],
    [999999, US, '999999 is not a date'],
    [true, US, 'TRUE is yes/no, not a date'],
  ])('%j is not ok', (raw, format, expected) => {
    expect(reason(raw, 'date', format)).toBe(expected);
  });

  it('leap days exist in leap years', () => {
    expect(value('2024-02-29', 'date', US)).toBe(dateToDays('2024-02-29'));
    expect(value('29.02.2000', 'date', EU)).toBe(dateToDays('2000-02-29'));
    expect(parseCell('29.02.2100', 'date', EU).ok).toBe(false);
  });
});

describe('detectColumnFormat', () => {
  it.each<[RawCell[], '.' | ',']>([
    [['1.200,50', '3'], ','],
    [['0,85', '0,9'], ','],
    [['12,5 %'], ','],
    [['1.200.000'], ','],
    [['1,200', '3,000'], '.'],
    [['1,200', '4.5'], '.'],
    [['1,200.50'], '.'],
    [['1,200,000'], '.'],
    [['1.200'], '.'],
    [[1200.5, 3], '.'],
    [['0,85', '0,9', '4.5'], ','],
    [['abc', null, ''], '.'],
  ])('decimal of %j is %s', (values, expected) => {
    expect(detectColumnFormat(values, 'number', AUTO).decimal).toBe(expected);
  });

  it('keeps a set decimal hint', () => {
    expect(detectColumnFormat(['0,85'], 'number', { decimal: '.', dateOrder: 'auto' }).decimal).toBe('.');
    expect(detectColumnFormat(['1,200'], 'number', { decimal: ',', dateOrder: 'auto' }).decimal).toBe(',');
  });

  it.each<[RawCell[], 'MDY' | 'DMY' | 'YMD']>([
    [['01/02/2026', '30/01/2026'], 'DMY'],
    [['01/02/2026', '01/30/2026'], 'MDY'],
    [['01/02/2026', '03/04/2026'], 'MDY'],
    [['13-01-26'], 'DMY'],
    [['2026-01-30', '2026-02-01'], 'YMD'],
    [['01.02.2026', '03.04.2026'], 'DMY'],
    [['30 Jun 2026'], 'MDY'],
  ])('date order of %j is %s', (values, expected) => {
    expect(detectColumnFormat(values, 'date', AUTO).dateOrder).toBe(expected);
  });

  it('keeps a set date order hint', () => {
    expect(detectColumnFormat(['01/02/2026'], 'date', { decimal: 'auto', dateOrder: 'DMY' }).dateOrder).toBe('DMY');
  });

  it.each<[RawCell[], 'fraction' | 'points']>([
    [['0.85', '0.9', '1'], 'fraction'],
    [['85', '92', '0.5'], 'points'],
    [[85, 92, 100], 'points'],
    [[0.85, 0.92], 'fraction'],
    [['85%', '0.9'], 'fraction'],
    [['0', '0', '85'], 'points'],
  ])('percent scale of %j is %s', (values, expected) => {
    expect(detectColumnFormat(values, 'percent', AUTO).percentScale).toBe(expected);
  });

  it('"85" in a percent column whose values are mostly over 1 is 0.85', () => {
    const column = ['85', '92', '77', '0.5'];
    const format = detectColumnFormat(column, 'percent', AUTO);
    expect(value('85', 'percent', format)).toBeCloseTo(0.85, 12);
  });
});

describe('guessKind', () => {
  it.each<[string, RawCell[], MetricKind, string | null]>([
    ['Revenue', ['$1,200', '$300', null], 'currency', 'USD'],
    ['Revenue', ['1.200,50 €', '3,5 €'], 'currency', 'EUR'],
    ['Amount', ['USD 1,200', '1,300 USD'], 'currency', 'USD'],
    ['ARR (USD)', ['1200', '3000', 45000], 'currency', 'USD'],
    ['ARR (EUR)', [1200, 3000], 'currency', 'EUR'],
    ['Sourced ARR', [1200, 3000], 'currency', null],
    ['Value', ['85%', '12%'], 'percent', null],
    ['CSAT %', ['85', '92'], 'percent', null],
    ['CSAT', [0.85, 0.92], 'percent', null],
    ['Rating', ['4.5', '3', '5'], 'rating', null],
    ['App rating', [4.5, 3.9], 'rating', null],
    ['Score', ['4.5', '3.25'], 'number', null],
    ['Things', ['4.5', '3'], 'number', null],
    ['Things', ['4', '3', '12'], 'count', null],
    ['Active sellers', ['1', '0', '1'], 'count', null],
    ['Dedicated practice', ['1', '0', '1'], 'boolean', null],
    ['Flagged', ['1', '0', '1'], 'boolean', null],
    ['Anything', ['yes', 'no', '', 'Yes'], 'boolean', null],
    ['Anything', ['x', '', 'x'], 'boolean', null],
    ['Anything', ['✓', '', null], 'boolean', null],
    ['Anything', ['Y', 'N', '1', '0'], 'boolean', null],
    ['Zertifiziert', ['Ja', 'Nein', 'nein', 'JA'], 'boolean', null],
    ['Certifié', ['oui', 'non', 'Oui'], 'boolean', null],
    // one checkbox mark among counts: as many other numbers as marks, 0s and 1s — counts
    ['Seats', ['3', 'x', '12', '1', '2', '0', '1', '2'], 'count', null],
    ['Active', ['x', '', 'x', '0', '1', '2'], 'boolean', null],
    ['Anything', [true, false], 'boolean', null],
    ['Joined on', ['2026-06-30', '2025-01-15'], 'date', null],
    ['Whatever', ['06/30/2026', '1/2/2025'], 'date', null],
    ['Whatever', ['30 Jun 2026', 'June 1, 2025'], 'date', null],
    ['Joined on', [46203, 45000], 'date', null],
    ['Joined on', ['46203', '45000'], 'date', null],
    ['Whatever', [46203, 45000], 'count', null],
    ['API active days (last 365)', ['120', '365'], 'count', null],
    ['Delta', ['-0.5', '1.5'], 'number', null],
    ['ARR growth', ['-0.5', '1.5'], 'percent', null],
    ['Effort (pts)', ['3', '5'], 'count', 'pts'],
    ['Fit score (pts)', ['3.5', '5'], 'number', 'pts'],
    ['Empty', [null, '', 'N/A'], 'number', null],
    ['Partner since', [], 'date', null],
  ])('%s %j → %s %s', (header, values, kind, unit) => {
    const g = guessKind(header, values);
    expect({ kind: g.kind, unit: g.unit }).toEqual({ kind, unit });
  });

  it.each<[RawCell[], boolean]>([
    [['1', '2', '3'], false],
    [['1', '2026-01-01', '3', '4'], true],
    [['1', 'pending', '3', '4'], true],
    [['yes', 'no', '5', '7'], true],
    [['yes', 'no', '1', '0'], false],
    [['2026-01-01', '2026-02-01', 'soon'], true],
    [['$1,200', '5', '7'], false],
  ])('%j mixed: %s', (values, mixed) => {
    expect(guessKind('Column', values).mixed).toBe(mixed);
  });

  it('one typo in a long numeric column is not a mixed column', () => {
    const values: RawCell[] = Array.from({ length: 100 }, (_, i) => String(i * 10));
    values[40] = 'oops';
    expect(guessKind('Deals', values)).toEqual({ kind: 'count', unit: null, mixed: false });
  });

  it('samples long columns', () => {
    const values: RawCell[] = Array.from({ length: 200_000 }, (_, i) => `$${i},000`);
    expect(guessKind('x', values)).toEqual({ kind: 'currency', unit: 'USD', mixed: false });
    expect(profileValues(values).total).toBe(5000);
  });
});

// ---------------------------------------------------------------------------------------
// Properties

function groupThousands(digits: string, sep: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

/** |m| / 10^d written with `sep` between thousands and `dec` before the decimals. */
function formatNumber(m: bigint, d: number, sep: string, dec: string): { text: string; negative: boolean } {
  const negative = m < 0n;
  const abs = (negative ? -m : m).toString().padStart(d + 1, '0');
  const whole = abs.slice(0, abs.length - d);
  const frac = abs.slice(abs.length - d);
  return { text: groupThousands(whole, sep) + (d > 0 ? dec + frac : ''), negative };
}

const amounts = fc.record({
  m: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
  d: fc.integer({ min: 0, max: 2 }),
});

describe('properties', () => {
  it('US-formatted currency ($ and ,) parses back to the number', () => {
    fc.assert(
      fc.property(amounts, ({ m, d }) => {
        const n = Number(m) / 10 ** d;
        const { text, negative } = formatNumber(m, d, ',', '.');
        const raw = `${negative ? '-' : ''}$${text}`;
        expect(parseCell(raw, 'currency', US)).toEqual({ ok: true, value: n === 0 ? 0 : n });
      }),
      { numRuns: 2000 },
    );
  });

  it('EU-formatted currency (. and , decimal, € after) parses back to the number', () => {
    fc.assert(
      fc.property(amounts, fc.constantFrom('.', ' ', NBSP, NNBSP), ({ m, d }, sep) => {
        const n = Number(m) / 10 ** d;
        const { text, negative } = formatNumber(m, d, sep, ',');
        const raw = `${negative ? '-' : ''}${text} €`;
        expect(parseCell(raw, 'currency', EU)).toEqual({ ok: true, value: n === 0 ? 0 : n });
      }),
      { numRuns: 2000 },
    );
  });

  it('accounting brackets and a trailing minus read as the same negative as a sign', () => {
    fc.assert(
      fc.property(
        amounts,
        fc.constantFrom('.', ' ', NBSP, NNBSP),
        fc.constantFrom('(%) €', '€ (%)', '€(%)', '(€ %)', '(%)', '%- €', '%-', '-% €', '€-%', '\u2212% €'),
        ({ m, d }, sep, shape) => {
          const abs = m < 0n ? -m : m;
          const { text } = formatNumber(abs, d, sep, ',');
          const raw = shape.replace('%', text);
          const n = Number(abs) / 10 ** d;
          const bare = shape.includes('-') && !shape.startsWith('-') && !shape.includes('€') && d === 0 && abs < 1000n;
          const r = parseCell(raw, 'currency', EU);
          if (bare) expect(r.ok).toBe(false);
          else expect(r).toEqual({ ok: true, value: n === 0 ? 0 : -n });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a text containing a digit is never missing', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 9 }), fc.string(), (before, digit, after) => {
        expect(isMissingValue(`${before}${digit}${after}`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('parseCell never throws and gives a finite number, null, or a reason', () => {
    const kinds: MetricKind[] = ['currency', 'count', 'percent', 'rating', 'boolean', 'date', 'number'];
    const cells = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[-+($€£ ]{0,3}[0-9.,' \u00a0]{0,14}[%kKmMbn)€ USD]{0,4}$/),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(cells, fc.constantFrom(...kinds), fc.constantFrom(US, EU, POINTS, YMD), (raw, kind, format) => {
        const r = parseCell(raw, kind, format);
        if (r.ok) {
          if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
        } else {
          expect(r.error.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
