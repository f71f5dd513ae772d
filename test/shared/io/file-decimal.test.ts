/**
 * The decimal separator of a column whose values leave it open ("1.000 €", "2.500 €": each
 * one thousands or three decimals): the file's leaning, from its other columns, else its
 * delimiter (';' is what spreadsheets write where ',' is the decimal separator).
 */
import { describe, expect, it } from 'vitest';
import { fileDecimal } from '../../../shared/io/analyse';
import { decimalVotes, detectColumnFormat, detectDecimal } from '../../../shared/io/values/column-format';
import { cellValue } from '../../../shared/io/values/parse';

describe('the decimal separator of a column its own values leave open', () => {
  it('follows the evidence of the file’s other columns', () => {
    expect(fileDecimal([decimalVotes(['1.000', '2.500']), decimalVotes(['0,85', '0,9'])], ',')).toBe(',');
    expect(fileDecimal([decimalVotes(['1.000', '2.500']), decimalVotes(['4.5'])], ';')).toBe('.');
  });

  it('else takes ‘,’ for a file delimited by semicolons, ‘.’ for any other', () => {
    expect(fileDecimal([decimalVotes(['1.000 €', '2.500 €', '500 €'])], ';')).toBe(',');
    expect(fileDecimal([decimalVotes(['1.000', '2.500'])], ',')).toBe('.');
    expect(fileDecimal([decimalVotes(['1.000', '2.500'])], null)).toBe('.');
  });

  it('reads "1.000 €" as a thousand in such a column, and as one where the column says "."', () => {
    const open = ['1.000 €', '2.500 €', '500 €'];
    const comma = detectColumnFormat(open, 'currency', { decimal: 'auto', dateOrder: 'auto', fallbackDecimal: ',' });
    expect(comma.decimal).toBe(',');
    expect(cellValue('1.000 €', 'currency', comma)).toBe(1000);
    const dot = detectColumnFormat(['1.000 €', '4.25 €'], 'currency', { decimal: 'auto', dateOrder: 'auto', fallbackDecimal: ',' });
    expect(dot.decimal).toBe('.');
    expect(cellValue('1.000 €', 'currency', dot)).toBe(1);
  });

  it('reads a lone 0 before three digits as decimals, never as a group ("0.125", "0,125")', () => {
    expect(detectDecimal(['0.125'], ',')).toBe('.');
    expect(detectDecimal(['0,125'], '.')).toBe(',');
    expect(detectDecimal(['10.125'], ',')).toBe(',');
  });
});
