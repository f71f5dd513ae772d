/**
 * A text cell read where it lies (values/parse.ts `textValue`, what the CSV reader uses) reads
 * as the same cell made a string first (`cellValue`): the same value, the same reason, and
 * nothing outside the cell looked at.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankIn, cellText, textIn } from '../../../shared/io/cell-text';
import type { ColumnFormat } from '../../../shared/io/values/column-format';
import { cellError, cellValue, textValue } from '../../../shared/io/values/parse';
import { plainNumber, scanCurrency, scanMagnitude, scanNumber, scanPercent } from '../../../shared/io/values/scan-number';
import { isMissingText, MISSING_TEXTS } from '../../../shared/io/values/text';
import type { MetricKind } from '../../../shared/model/workspace';

const kind = fc.constantFrom<MetricKind>('number', 'currency', 'count', 'percent', 'rating', 'boolean', 'date');
const format = fc.record<ColumnFormat>({
  decimal: fc.constantFrom('.', ','),
  dateOrder: fc.constantFrom('MDY', 'DMY', 'YMD'),
  percentScale: fc.constantFrom('fraction', 'points'),
});
const piece = fc.constantFrom('1', '2', '0', '9', '.', ',', ' ', '\u00a0', '$', '€', 'USD', 'K', 'M', 'bn', '%', '(', ')', '-', '−', 'e', 'E+', '/', 'n/a', 'yes', 'No', '#DIV/0!', 'Jun', '2026-06-30', '\t', '\n', "'", 'x');
const text = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), fc.string({ maxLength: 10 }));
// what lies around the cell: digits, signs and letters a scanner reading past its ends would take in
const around = fc.array(fc.constantFrom('1', '.', ',', '%', '-', 'M', ' ', '"', 'x', ')'), { maxLength: 4 }).map((p) => p.join(''));

describe('a text cell read where it lies', () => {
  it('reads as the cell made a string: the same value and the same reason (fast-check)', () => {
    fc.assert(
      fc.property(around, text, around, kind, format, (before, cell, after, k, f) => {
        const whole = before + cell + after;
        const expected = cellValue(cell, k, f);
        const expectedError = cellError;
        const value = textValue(whole, before.length, before.length + cell.length, k, f);
        expect([Number.isNaN(value) ? 'NaN' : value, cellError]).toEqual([Number.isNaN(expected) ? 'NaN' : expected, expectedError]);
      }),
      { numRuns: 20_000, seed: 1207 },
    );
  });

  it('gives the same tidy text, and the same blankness (fast-check)', () => {
    fc.assert(
      fc.property(around, text, around, (before, cell, after) => {
        const whole = before + cell + after;
        expect(textIn(whole, before.length, before.length + cell.length)).toBe(cellText(cell));
        expect(blankIn(whole, before.length, before.length + cell.length)).toBe(cell.trim() === '');
      }),
      { numRuns: 5_000, seed: 612 },
    );
  });

  it('tells a spelling of "no value" in any case as a lower-cased copy would (fast-check)', () => {
    // every spelling, its letters in random case, a Kelvin sign for a 'k', digits and others around
    const spelling = fc.constantFrom(...MISSING_TEXTS, 'NULL', 'N/A', 'Unknown', 'unKnown'.replace('K', '\u212a'), 'North America', 'Enterprise', 'nA1', '\u0130nil');
    const recased = fc.tuple(spelling, fc.array(fc.boolean(), { maxLength: 16 })).map(([t, up]) => Array.from(t, (ch, i) => (up[i] ? ch.toUpperCase() : ch)).join(''));
    fc.assert(
      fc.property(around, fc.oneof(recased, fc.string({ maxLength: 6 })), around, (before, cell, after) => {
        const reference = cell.length === 0 || (cell.length <= 16 && !/[0-9]/.test(cell) && MISSING_TEXTS.has(cell.toLowerCase()));
        expect(isMissingText(before + cell + after, before.length, before.length + cell.length)).toBe(reference);
      }),
      { numRuns: 20_000, seed: 77 },
    );
  });

  it('reads a plain number as the number scanner reads it, and leaves any other text to it (fast-check)', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '3', '7', '9'), { minLength: 1, maxLength: 19 }).map((p) => p.join(''));
    const plainish = fc.oneof(
      fc.array(fc.constantFrom('0', '1', '5', '9', '.', ',', '-', 'e', ' ', '%'), { minLength: 1, maxLength: 19 }).map((p) => p.join('')),
      fc.tuple(digits, fc.constantFrom('', '.'), fc.constantFrom('', '5', '123456789')).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(around, plainish, around, fc.constantFrom(44, 46), fc.constantFrom(0, -2), (before, cell, after, dec, shift) => {
        const whole = before + cell + after;
        const [from, to] = [before.length, before.length + cell.length];
        const plain = plainNumber(whole, from, to, dec, shift);
        if (Number.isNaN(plain)) return;
        expect(plain).toBe(scanNumber(whole, from, to, dec, shift));
        expect([scanPercent, scanCurrency, scanMagnitude]).toEqual([false, null, false]);
      }),
      { numRuns: 30_000, seed: 4 },
    );
  });
});
