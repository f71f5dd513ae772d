/**
 * A whole dataset for the renderer (`dataset:columns`), so the engine can run there on
 * every edit (ARCHITECTURE: data flow 2). It crosses both transports — Electron's
 * structured clone and browser mode's JSON — in one form: identity fields as arrays of
 * strings, each metric column as the base64 of its little-endian Float64 bytes (NaN,
 * the "no data" marker, survives bit for bit; JSON would turn it into null).
 */
import { z } from 'zod';
import { identityAt, type ColumnarDataset, type IdentityColumns, type PartnerIdentity } from '../model/dataset';
import { MetricDefSchema, type MetricDef } from '../model/workspace';

const Texts = z.array(z.string());
const OptionalTexts = z.array(z.string().nullable());

export const DatasetColumnsSchema = z
  .object({
    datasetId: z.number().int().positive(),
    label: z.string(),
    metrics: z.array(MetricDefSchema),
    identity: z.object({ id: Texts, name: Texts, motion: Texts, currentTier: OptionalTexts, region: OptionalTexts, segment: OptionalTexts, owner: OptionalTexts }).strict(),
    /** per metric: base64 of the column's Float64 bytes, little-endian */
    values: z.array(z.string()),
  })
  .strict();
export type DatasetColumns = z.infer<typeof DatasetColumnsSchema>;

export function encodeDataset(datasetId: number, label: string, data: ColumnarDataset): DatasetColumns {
  const p = data.partners;
  const identity: IdentityColumns = {
    id: p.map((x) => x.id),
    name: p.map((x) => x.name),
    motion: p.map((x) => x.motion),
    currentTier: p.map((x) => x.currentTier),
    region: p.map((x) => x.region),
    segment: p.map((x) => x.segment),
    owner: p.map((x) => x.owner),
  };
  return encodeColumns(datasetId, label, data.metrics, identity, data.values);
}

/**
 * The same from identity fields already held one list per field (the workspace reads them
 * so); `toBase64` may be the platform's own encoder (Node's Buffer in the main process),
 * which must give base64FromFloat64's text.
 */
export function encodeColumns(
  datasetId: number,
  label: string,
  metrics: MetricDef[],
  identity: IdentityColumns,
  values: readonly Float64Array[],
  toBase64: (column: Float64Array) => string = base64FromFloat64,
): DatasetColumns {
  return { datasetId, label, metrics, identity, values: values.map((column) => toBase64(column)) };
}

/**
 * A dataset as the renderer holds it: identity fields one list per field, metrics as
 * Float64 columns. The partners grid reads it, and the engine worker takes it as it is.
 */
export interface DecodedColumns {
  datasetId: number;
  label: string;
  metrics: MetricDef[];
  identity: IdentityColumns;
  values: Float64Array[];
}

/** Throws a RangeError naming what does not fit (lengths that disagree, a column of the wrong size). */
export function decodeColumns(columns: DatasetColumns): DecodedColumns {
  const decoded = { ...columns, values: columns.values.map((text) => float64FromBase64(text)) };
  checkColumns(decoded);
  return decoded;
}

/** Throws a RangeError naming the first list or column whose length does not fit the others. */
export function checkColumns(columns: DecodedColumns): void {
  const { identity, metrics, values } = columns;
  const n = identity.id.length;
  for (const [field, list] of Object.entries(identity)) {
    if (list.length !== n) throw new RangeError(`The dataset's ${field} list has ${list.length} entries for ${n} partners.`);
  }
  if (values.length !== metrics.length) throw new RangeError(`The dataset has ${values.length} columns for ${metrics.length} metrics.`);
  values.forEach((column, m) => {
    if (column.length !== n) throw new RangeError(`The column "${metrics[m]!.label}" has ${column.length} values for ${n} partners.`);
  });
}

/** The dataset as the engine takes it (a partner object per row); throws as checkColumns. */
export function datasetOf(columns: DecodedColumns): ColumnarDataset {
  checkColumns(columns);
  const n = columns.identity.id.length;
  const partners: PartnerIdentity[] = new Array<PartnerIdentity>(n);
  for (let i = 0; i < n; i++) partners[i] = identityAt(columns.identity, i);
  return { metrics: columns.metrics, partners, values: columns.values };
}

/** The wire form decoded for the engine; throws as decodeColumns. */
export function decodeDataset(columns: DatasetColumns): ColumnarDataset {
  return datasetOf(decodeColumns(columns));
}

// ---------------------------------------------------------------------------------------
// base64 of Float64 bytes (little-endian on every platform Tierscape runs on; checked)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);
/** sextet by character code; -1 for any byte that is not a base64 digit */
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// web standards that every runtime Tierscape runs in has (Node, Chromium, the worker); shared/
// is compiled without DOM or Node types, so the two members used are declared here
declare const TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
const ASCII_DECODER = new TextDecoder('utf-8');
const ASCII_ENCODER = new TextEncoder();

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

function bytesOf(column: Float64Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new RangeError('Tierscape needs a little-endian machine.');
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

/**
 * The column's bytes as base64. The characters are written as bytes into one buffer and
 * turned into a string by the platform's TextDecoder (ASCII only): a string built a few
 * characters at a time made a 1M-partner dataset take seconds and much garbage.
 */
export function base64FromFloat64(column: Float64Array): string {
  const bytes = bytesOf(column);
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = ENCODE[(v >> 6) & 63]!;
    out[o + 3] = ENCODE[v & 63]!;
    o += 4;
  }
  if (i < n) {
    const rest = n - i;
    const v = (bytes[i]! << 16) | ((rest > 1 ? bytes[i + 1]! : 0) << 8);
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = rest > 1 ? ENCODE[(v >> 6) & 63]! : PAD;
    out[o + 3] = PAD;
  }
  return ASCII_DECODER.decode(out);
}

export function float64FromBase64(text: string): Float64Array {
  if (text.length % 4 !== 0) throw new RangeError('A column is not valid base64 (its length is not a multiple of 4).');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const byteLength = (text.length / 4) * 3 - padding;
  if (byteLength % 8 !== 0) throw new RangeError(`A column holds ${byteLength} bytes, not a whole number of 8-byte values.`);
  const fast = nativeDecode(text, byteLength);
  if (fast) return fast;
  // UTF-8 of base64 text is its ASCII: one byte per character (any other character becomes
  // several bytes, or bytes the table refuses, and is reported by its position below)
  const chars = ASCII_ENCODER.encode(text);
  if (chars.length !== text.length) throw new RangeError(`A column is not valid base64 (character ${firstNonAscii(text) + 1}).`);
  const out = new Float64Array(byteLength / 8);
  const bytes = bytesOf(out);
  const whole = text.length - (padding > 0 ? 4 : 0);
  let o = 0;
  let i = 0;
  for (; i < whole; i += 4) {
    const a = DECODE[chars[i]!]!;
    const b = DECODE[chars[i + 1]!]!;
    const c = DECODE[chars[i + 2]!]!;
    const d = DECODE[chars[i + 3]!]!;
    if ((a | b | c | d) < 0) throw new RangeError(`A column is not valid base64 (character ${i + 1 + [a, b, c, d].findIndex((x) => x < 0)}).`);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o] = v >> 16;
    bytes[o + 1] = (v >> 8) & 255;
    bytes[o + 2] = v & 255;
    o += 3;
  }
  if (i < text.length) {
    const a = sextet(chars, i);
    const b = sextet(chars, i + 1);
    const c = padding === 2 ? 0 : sextet(chars, i + 2);
    const v = (a << 18) | (b << 12) | (c << 6);
    bytes[o] = v >> 16;
    if (padding === 1) bytes[o + 1] = (v >> 8) & 255;
  }
  return out;
}

/**
 * The platform's own decoder (Uint8Array.fromBase64: Chromium 140+, so the renderer and its
 * worker), a few times faster than the loop below. It skips whitespace, which Tierscape's
 * base64 never holds: any text it does not turn into exactly the bytes expected is left to
 * the loop, which names the bad character.
 */
function nativeDecode(text: string, byteLength: number): Float64Array | null {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string, options?: { lastChunkHandling?: 'strict' }) => Uint8Array }).fromBase64;
  if (typeof fromBase64 !== 'function') return null;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text, { lastChunkHandling: 'strict' });
  } catch {
    return null;
  }
  if (bytes.byteLength !== byteLength || bytes.byteOffset % 8 !== 0) return null;
  return new Float64Array(bytes.buffer, bytes.byteOffset, byteLength / 8);
}

function sextet(chars: Uint8Array, i: number): number {
  const v = DECODE[chars[i]!]!;
  if (v < 0) throw new RangeError(`A column is not valid base64 (character ${i + 1}).`);
  return v;
}

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return i;
  return 0;
}
