import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generatePartners } from '../../../scenarios/generator';
import {
  ColumnsFrameReader,
  DatasetColumnsSchema,
  decodeColumns,
  decodeColumnsFrame,
  decodeDataset,
  encodeColumns,
  encodeColumnsFrame,
  encodeDataset,
  type DatasetColumns,
} from '../../../shared/ipc/columns';
import { contract } from '../../../shared/ipc/contract';
import type { IdentityColumns } from '../../../shared/model/dataset';
import type { MetricDef } from '../../../shared/model/workspace';
import { wideDataset } from '../../helpers/wide-dataset';

const bits = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const sameBits = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The frame's parts as one byte string, cut into pieces of the given sizes (the last piece takes the rest). */
function cut(parts: Uint8Array[], sizes: number[]): Uint8Array[] {
  const whole = Buffer.concat(parts);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= whole.length) break;
    pieces.push(whole.subarray(at, at + size));
    at += size;
  }
  if (at < whole.length) pieces.push(whole.subarray(at));
  return pieces;
}

function readFrame(pieces: Iterable<Uint8Array>): DatasetColumns {
  const reader = new ColumnsFrameReader();
  for (const piece of pieces) reader.push(piece);
  return reader.finish();
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function expectSame(back: DatasetColumns, original: DatasetColumns): void {
  expect(back.datasetId).toBe(original.datasetId);
  expect(back.label).toBe(original.label);
  expect(back.metrics).toEqual(original.metrics);
  // the packed lists byte for byte (toEqual compares a typed array element by element: minutes for megabytes)
  expect(Object.keys(back.identity)).toEqual(Object.keys(original.identity));
  for (const [field, packed] of Object.entries(back.identity)) expect(sameBytes(packed, original.identity[field as keyof typeof original.identity]), field).toBe(true);
  expect(back.values).toHaveLength(original.values.length);
  back.values.forEach((column, m) => {
    expect(column).toBeInstanceOf(Float64Array);
    expect(sameBits(column, original.values[m]!), `column ${m}`).toBe(true);
  });
}

describe('dataset columns for the renderer', () => {
  it('carries each metric column as a Float64Array, bit for bit (NaN = no data, -0 included), and the contract checks that shape', () => {
    const data = generatePartners({ seed: 3, count: 257 });
    data.values[0]![0] = Number.NaN;
    data.values[0]![1] = -0;
    const wire = encodeDataset(4, 'FY2026', data);
    // the contract's response schema is the one the dispatcher's answer is checked against
    const parsed = contract['dataset:columns'].res.parse(wire);
    parsed.values.forEach((column, m) => {
      expect(column).toBeInstanceOf(Float64Array);
      expect(bits(column)).toEqual(bits(data.values[m]!));
    });
    const back = decodeDataset(parsed);
    expect(back.partners).toEqual(data.partners);
    expect(back.metrics).toEqual(data.metrics);
    // base64 text, plain number arrays or columns of the wrong length are not the contract's shape
    expect(DatasetColumnsSchema.safeParse({ ...wire, values: wire.values.map(() => 'AAAAAAAA8D8=') }).success).toBe(false);
    expect(DatasetColumnsSchema.safeParse({ ...wire, values: wire.values.map((c) => Array.from(c)) }).success).toBe(false);
    const short = DatasetColumnsSchema.safeParse({ ...wire, values: [new Float64Array(9), ...wire.values.slice(1)] });
    expect(short.success).toBe(false);
    expect(JSON.stringify(short.error?.issues)).toMatch(/has 9 values for 257 partners/);
  });

  it('refuses columns that do not fit, naming what is wrong', () => {
    const data = generatePartners({ seed: 3, count: 10 });
    const wire = encodeDataset(1, 'x', data);
    expect(() => decodeDataset({ ...wire, values: [new Float64Array(9), ...wire.values.slice(1)] })).toThrow(/has 9 values for 10 partners/);
    const shorter = encodeDataset(1, 'x', { ...data, partners: data.partners.slice(1), values: data.values.map((c) => c.subarray(1)) });
    expect(() => decodeDataset({ ...wire, identity: { ...wire.identity, name: shorter.identity.name } })).toThrow(/name list has 9 entries for 10 partners/);
    // a list that does not read, or an empty name, is named too
    expect(() => decodeDataset({ ...wire, identity: { ...wire.identity, motion: new Uint8Array(3) } })).toThrow(/motion list does not read/);
    const noNames = encodeColumns(1, 'x', data.metrics, { ...decodeColumns(wire).identity, name: data.partners.map(() => null) as unknown as string[] }, data.values);
    expect(() => decodeDataset(noNames)).toThrow(/name list has an empty entry/);
    // and the contract refuses a field that is not a packed list
    expect(DatasetColumnsSchema.safeParse({ ...wire, identity: { ...wire.identity, id: data.partners.map((p) => p.id) } }).success).toBe(false);
    expect(() => decodeDataset({ ...wire, values: wire.values.slice(1) })).toThrow(/columns for/);
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
    const back = decodeColumns(DatasetColumnsSchema.parse(wire));
    expect(back.identity).toEqual(identity);
    back.values.forEach((column, m) => expect(bits(column)).toEqual(bits(data.values[m]!)));
    expect(() => decodeColumns({ ...wire, identity: { ...wire.identity, owner: encodeColumns(7, 'x', [], { ...identity, owner: [] }, []).identity.owner } })).toThrow(
      /owner list has 0 entries for 40 partners/,
    );
    // packed lists already in hand (as the workspace keeps them) travel as they are
    expect(encodeColumns(7, 'FY2026', data.metrics, wire.identity, data.values).identity.name).toBe(wire.identity.name);
  });
});

describe("browser mode's binary frame of a dataset", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('round-trips a generated dataset bit for bit, in whatever pieces its bytes arrive', () => {
    const data = generatePartners({ seed: 3, count: 257 });
    const wire = encodeDataset(4, 'FY2026', data);
    const parts = encodeColumnsFrame(wire);
    expectSame(readFrame(parts), wire);
    expectSame(decodeColumnsFrame(Buffer.concat(parts)), wire);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 60 }), (sizes) => {
        expectSame(readFrame(cut(parts, sizes)), wire);
      }),
      { numRuns: 40 },
    );
    // one byte at a time
    expectSame(readFrame(cut(parts, new Array<number>(Buffer.concat(parts).length).fill(1))), wire);
  });

  it('round-trips any doubles and any identity text: quotes, newlines, astral characters, nulls (a lone surrogate as U+FFFD, as the workspace keeps it)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 30 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }).chain((n) =>
          fc.record({
            id: fc.array(text, { minLength: n, maxLength: n }),
            name: fc.array(text, { minLength: n, maxLength: n }),
            region: fc.array(fc.option(text), { minLength: n, maxLength: n }),
            values: fc.array(fc.array(fc.double(), { minLength: n, maxLength: n }), { maxLength: 4 }),
          }),
        ),
        ({ id, name, region, values }) => {
          const n = id.length;
          const nulls = () => new Array<string | null>(n).fill(null);
          const identity: IdentityColumns = { id, name, motion: id.map(() => 'reseller'), currentTier: nulls(), region, segment: nulls(), owner: nulls() };
          const metrics: MetricDef[] = values.map((_, i) => ({ key: `m${i}`, label: `M ${i}`, kind: 'currency', unit: 'USD' }));
          const wire = encodeColumns(3, 'Any', metrics, identity, values.map((v) => Float64Array.from(v)));
          expectSame(readFrame(encodeColumnsFrame(wire)), wire);
          const wellFormed = (t: string | null) => (t === null ? null : new TextDecoder().decode(new TextEncoder().encode(t)));
          const back = decodeColumns(readFrame(encodeColumnsFrame(wire))).identity;
          expect(back.name).toEqual(name.map(wellFormed));
          expect(back.region).toEqual(region.map(wellFormed));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never builds one long string: with V8\'s string limit lowered to 64 KB, a dataset whose JSON is 100 times that goes through', () => {
    const wire = wideDataset(20_000, 30);
    // what the old wire form (one JSON text) would have needed
    const jsonChars = wire.values.reduce((sum, c) => sum + Math.ceil(c.byteLength / 3) * 4, 0) + JSON.stringify(decodeColumns(wire).identity).length;
    const LIMIT = 64 * 1024;
    expect(jsonChars).toBeGreaterThan(100 * LIMIT);
    const stringify = JSON.stringify.bind(JSON);
    vi.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
      const text = stringify(...args);
      if (text !== undefined && text.length > LIMIT) throw new RangeError('Invalid string length');
      return text;
    });
    const parts = encodeColumnsFrame(wire);
    expectSame(readFrame(cut(parts, new Array<number>(400).fill(64 * 1024 - 3))), wire);
  });

  it('refuses a damaged or cut frame, naming what is wrong', () => {
    const wire = encodeDataset(1, 'x', generatePartners({ seed: 3, count: 10 }));
    const whole = Buffer.concat(encodeColumnsFrame(wire));
    expect(() => decodeColumnsFrame(new Uint8Array(0))).toThrow(/ended after 0 bytes/);
    expect(() => decodeColumnsFrame(whole.subarray(0, whole.length - 1))).toThrow(/ended after \d+ bytes/);
    expect(() => decodeColumnsFrame(Buffer.concat([whole, Buffer.from([0])]))).toThrow(/more bytes than/);
    const notOurs = Buffer.from(whole);
    notOurs.write('GIF8', 0, 'latin1');
    expect(() => decodeColumnsFrame(notOurs)).toThrow(/not a Tierscape dataset/);
    const hugeHeader = Buffer.from(whole);
    hugeHeader.writeUInt32LE(0xffffffff, 4);
    expect(() => decodeColumnsFrame(hugeHeader)).toThrow(/header/);
    // a header that is not the dataset's (a column list that disagrees with the metrics)
    const header = { ...JSON.parse(whole.subarray(8, 8 + whole.readUInt32LE(4)).toString('utf8')), partners: -1 } as unknown;
    const badHeader = Buffer.from(JSON.stringify(header));
    const withBadHeader = Buffer.concat([whole.subarray(0, 4), Buffer.from(new Uint32Array([badHeader.length]).buffer), badHeader, whole.subarray(8 + whole.readUInt32LE(4))]);
    expect(() => decodeColumnsFrame(withBadHeader)).toThrow(/header/);
  });

  it('a wide list: 200,000 partners × 60 metrics encode, travel in 64 KB pieces and decode bit for bit (measured)', () => {
    const started = performance.now();
    const wire = wideDataset(200_000, 60, 7);
    const made = performance.now();
    const parts = encodeColumnsFrame(wire);
    const encoded = performance.now();
    const bytes = parts.reduce((sum, p) => sum + p.byteLength, 0);
    expect(bytes).toBeGreaterThan(200_000 * 60 * 8);
    const reader = new ColumnsFrameReader();
    for (const part of parts) for (let at = 0; at < part.byteLength; at += 65_536) reader.push(part.subarray(at, at + 65_536));
    const back = reader.finish();
    const decoded = performance.now();
    expectSame(back, wire);
    console.info(
      `200,000 × 60: ${(bytes / 1e6).toFixed(0)} MB frame; made in ${(made - started).toFixed(0)} ms, encoded in ${(encoded - made).toFixed(0)} ms, decoded in ${(decoded - encoded).toFixed(0)} ms`,
    );
  }, 30_000);
});
