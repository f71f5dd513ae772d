import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { base64OfColumn } from '../../../electron/services/handlers';
import { generatePartners } from '../../../scenarios/generator';
import { base64FromFloat64, DatasetColumnsSchema, decodeColumns, decodeDataset, encodeColumns, encodeDataset, float64FromBase64 } from '../../../shared/ipc/columns';

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
    // a bad character anywhere is named by its position, whatever it is
    expect(() => float64FromBase64('AAAAA-AA8D8=')).toThrow(/character 6\b/);
    expect(() => float64FromBase64('AAAAAAA=8D8=')).toThrow(/character 8\b/);
    expect(() => float64FromBase64('AAAAAAAA8Dé=')).toThrow(/character 11\b/);
    expect(() => float64FromBase64('\u0000AAAAAAA8D8=')).toThrow(/character 1\b/);
  });

  it("matches Node's base64 on long columns of every byte value (the fast paths)", () => {
    const column = new Float64Array(100_003);
    const bytes = new Uint8Array(column.buffer);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 255;
    const text = base64FromFloat64(column);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    // the main process encodes with Node's Buffer: the same text, a column inside a bigger buffer too
    expect(base64OfColumn(column)).toBe(text);
    const inside = new Float64Array(new ArrayBuffer(8 * 10), 8 * 3, 4);
    inside.set([1, Number.NaN, -0, 7.5]);
    expect(base64OfColumn(inside)).toBe(base64FromFloat64(inside));
    expect(bits(float64FromBase64(text))).toEqual(Array.from(bytes));
  });

  it('encodes identity fields held one list per field as encodeDataset does, and decodes them back as lists', () => {
    const data = generatePartners({ seed: 5, count: 40 });
    const identity = {
      id: data.partners.map((p) => p.id),
      name: data.partners.map((p) => p.name),
      motion: data.partners.map((p) => p.motion),
      currentTier: data.partners.map((p) => p.currentTier),
      region: data.partners.map((p) => p.region),
      segment: data.partners.map((p) => p.segment),
      owner: data.partners.map((p) => p.owner),
    };
    const wire = encodeColumns(7, 'FY2026', data.metrics, identity, data.values);
    expect(wire).toEqual(encodeDataset(7, 'FY2026', data));
    const back = decodeColumns(DatasetColumnsSchema.parse(JSON.parse(JSON.stringify(wire))));
    expect(back.identity).toEqual(identity);
    back.values.forEach((column, m) => expect(bits(column)).toEqual(bits(data.values[m]!)));
    expect(() => decodeColumns({ ...wire, identity: { ...wire.identity, owner: [] } })).toThrow(/owner list has 0 entries for 40 partners/);
  });

  describe('with the platform decoder (Uint8Array.fromBase64, as in Chromium)', () => {
    const U8 = Uint8Array as unknown as { fromBase64?: unknown };
    let calls = 0;
    afterEach(() => {
      delete U8.fromBase64;
    });
    function install() {
      calls = 0;
      // as the standard's: whitespace skipped, other bad characters refused
      U8.fromBase64 = (text: string) => {
        calls += 1;
        const clean = text.replace(/[\t\n\f\r ]/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new SyntaxError('bad base64');
        return new Uint8Array(Buffer.from(clean, 'base64'));
      };
    }

    it('decodes through it, to the same values', () => {
      install();
      const column = Float64Array.of(1, Number.NaN, -0, 1e300, 5e-324);
      expect(bits(float64FromBase64(base64FromFloat64(column)))).toEqual(bits(column));
      expect(calls).toBe(1);
    });

    it('leaves what it refuses or reads differently to the loop, which names the bad character', () => {
      install();
      expect(() => float64FromBase64('AAAAA-AA8D8=')).toThrow(/character 6\b/);
      // whitespace: the platform would skip it and return fewer bytes
      expect(() => float64FromBase64('AAAA AAA8D8=')).toThrow(/character 5\b/);
      expect(calls).toBe(2);
    });
  });
});
