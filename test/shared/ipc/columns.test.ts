import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePartners } from '../../../scenarios/generator';
import { base64FromFloat64, DatasetColumnsSchema, decodeDataset, encodeDataset, float64FromBase64 } from '../../../shared/ipc/columns';

const bits = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('dataset columns for the renderer', () => {
  it('encodes a column as the base64 of its little-endian bytes', () => {
    expect(base64FromFloat64(Float64Array.of(1))).toBe('AAAAAAAA8D8=');
    expect(base64FromFloat64(new Float64Array(0))).toBe('');
    expect(Array.from(float64FromBase64('AAAAAAAA8D8='))).toEqual([1]);
  });

  it('round-trips any doubles bit for bit, NaN and -0 included', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 50 }), (values) => {
        const column = Float64Array.from(values);
        expect(bits(float64FromBase64(base64FromFloat64(column)))).toEqual(bits(column));
      }),
    );
  });

  it('round-trips a generated dataset through JSON', () => {
    const data = generatePartners({ seed: 3, count: 257 });
    const wire = JSON.parse(JSON.stringify(encodeDataset(4, 'FY2026', data))) as unknown;
    const back = decodeDataset(DatasetColumnsSchema.parse(wire));
    expect(back.partners).toEqual(data.partners);
    expect(back.metrics).toEqual(data.metrics);
    back.values.forEach((column, m) => expect(bits(column)).toEqual(bits(data.values[m]!)));
  });

  it('refuses columns that do not fit, naming what is wrong', () => {
    const data = generatePartners({ seed: 3, count: 10 });
    const wire = encodeDataset(1, 'x', data);
    expect(() => decodeDataset({ ...wire, values: [base64FromFloat64(new Float64Array(9)), ...wire.values.slice(1)] })).toThrow(/has 9 values for 10 partners/);
    expect(() => decodeDataset({ ...wire, identity: { ...wire.identity, name: wire.identity.name.slice(1) } })).toThrow(/name list has 9 entries for 10 partners/);
    expect(() => decodeDataset({ ...wire, values: wire.values.slice(1) })).toThrow(/columns for/);
    expect(() => float64FromBase64('abc')).toThrow(/multiple of 4/);
    expect(() => float64FromBase64('AAAAAAAA8D*=')).toThrow(/character 11/);
    expect(() => float64FromBase64('AAAA')).toThrow(/whole number of 8-byte values/);
  });
});
