/**
 * Metric values as the workspace stores them (electron/services/workspace/metric-values.ts):
 * each column in the narrowest width that holds it exactly, read back to the bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMetricValues, encodeMetricValues } from '../../../electron/services/workspace/metric-values';

const column = (...values: number[]) => new Float64Array(values);
const valueWidth = (values: Float64Array) => encodeMetricValues(values).width;

/** Read back as stored; every value the same (Object.is: −0 stays −0, NaN is NaN). */
function roundTrip(values: Float64Array): Float64Array {
  const { bytes, width } = encodeMetricValues(values);
  expect(bytes.byteLength).toBe(values.length * width);
  const back = decodeMetricValues(bytes, width, values.length);
  expect(back).not.toBeNull();
  return back!;
}

describe('metric values in the workspace', () => {
  it('take the narrowest width that holds every value, the least value of each width meaning no data', () => {
    expect(valueWidth(column())).toBe(1);
    expect(valueWidth(column(Number.NaN, Number.NaN))).toBe(1);
    expect(valueWidth(column(0, 1, Number.NaN, -127, 127))).toBe(1);
    expect(valueWidth(column(128))).toBe(2);
    expect(valueWidth(column(-128))).toBe(2); // −128 is int8's no data
    expect(valueWidth(column(20_627, -32_767, 32_767))).toBe(2); // a date in days
    expect(valueWidth(column(-32_768))).toBe(4);
    expect(valueWidth(column(32_768))).toBe(4);
    expect(valueWidth(column(2_147_483_647, -2_147_483_647, 235_831_135))).toBe(4);
    expect(valueWidth(column(-2_147_483_648))).toBe(8);
    expect(valueWidth(column(2_147_483_648))).toBe(8);
    expect(valueWidth(column(3_349_071_630))).toBe(8);
    expect(valueWidth(column(1, 0.5))).toBe(8);
    expect(valueWidth(column(1, -0))).toBe(8);
    expect(valueWidth(column(Number.POSITIVE_INFINITY))).toBe(8);
    expect(valueWidth(column(1e300))).toBe(8);
  });

  it('read back to the bit, no data as NaN, whatever the width', () => {
    for (const values of [column(), column(Number.NaN), column(0, 1, Number.NaN, -127, 127), column(-128, 300), column(-32_768, 7), column(-2_147_483_648, 1), column(-0, 4.5, Number.NEGATIVE_INFINITY)]) {
      expect(Array.from(roundTrip(values))).toEqual(Array.from(values));
    }
    expect(Object.is(roundTrip(column(-0, 1))[0], -0)).toBe(true);
  });

  it('read any column back as it was (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -130, max: 130 }),
      fc.integer({ min: -33_000, max: 33_000 }),
      fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
      fc.constantFrom(Number.NaN, -0, 2_147_483_648, -2_147_483_649, Number.POSITIVE_INFINITY),
      fc.double(),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (values) => {
        const stored = column(...values);
        const back = roundTrip(stored);
        expect(back.length).toBe(stored.length);
        for (let i = 0; i < stored.length; i++) expect(Object.is(back[i], stored[i]), `value ${i}: ${stored[i]}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('read a BLOB that does not start on a boundary of its width', () => {
    const { bytes, width } = encodeMetricValues(column(1_000, Number.NaN, -5));
    expect(width).toBe(2);
    const shifted = Buffer.alloc(bytes.byteLength + 1);
    bytes.copy(shifted, 1);
    expect(Array.from(decodeMetricValues(shifted.subarray(1), width, 3)!)).toEqual([1_000, Number.NaN, -5]);
  });

  it('refuse bytes that are not the count of values of their width, and widths the format does not have', () => {
    const { bytes } = encodeMetricValues(column(1, 2, 3));
    expect(decodeMetricValues(bytes, 1, 4)).toBeNull();
    expect(decodeMetricValues(bytes, 2, 3)).toBeNull();
    expect(decodeMetricValues(bytes.subarray(0, 2), 1, 3)).toBeNull();
    expect(decodeMetricValues(bytes, 3, 1)).toBeNull();
    expect(decodeMetricValues(bytes, 0, 0)).toBeNull();
  });
});
