/**
 * A whole dataset for the renderer (`dataset:columns`), so the engine can run there on
 * every edit (ARCHITECTURE: data flow 2). It crosses both transports — Electron's
 * structured clone and browser mode's JSON — in one form: identity fields as arrays of
 * strings, each metric column as the base64 of its little-endian Float64 bytes (NaN,
 * the "no data" marker, survives bit for bit; JSON would turn it into null).
 */
import { z } from 'zod';
import type { ColumnarDataset, PartnerIdentity } from '../model/dataset';
import { MetricDefSchema } from '../model/workspace';

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
  return {
    datasetId,
    label,
    metrics: data.metrics,
    identity: {
      id: p.map((x) => x.id),
      name: p.map((x) => x.name),
      motion: p.map((x) => x.motion),
      currentTier: p.map((x) => x.currentTier),
      region: p.map((x) => x.region),
      segment: p.map((x) => x.segment),
      owner: p.map((x) => x.owner),
    },
    values: data.values.map((column) => base64FromFloat64(column)),
  };
}

/** Throws a RangeError naming what does not fit (lengths that disagree, a column of the wrong size). */
export function decodeDataset(columns: DatasetColumns): ColumnarDataset {
  const { identity: ids, metrics } = columns;
  const n = ids.id.length;
  for (const [field, list] of Object.entries(ids)) {
    if (list.length !== n) throw new RangeError(`The dataset's ${field} list has ${list.length} entries for ${n} partners.`);
  }
  if (columns.values.length !== metrics.length) throw new RangeError(`The dataset has ${columns.values.length} columns for ${metrics.length} metrics.`);
  const partners: PartnerIdentity[] = new Array<PartnerIdentity>(n);
  for (let i = 0; i < n; i++) {
    partners[i] = {
      id: ids.id[i]!,
      name: ids.name[i]!,
      motion: ids.motion[i]!,
      currentTier: ids.currentTier[i]!,
      region: ids.region[i]!,
      segment: ids.segment[i]!,
      owner: ids.owner[i]!,
    };
  }
  const values = columns.values.map((text, m) => {
    const column = float64FromBase64(text);
    if (column.length !== n) throw new RangeError(`The column "${metrics[m]!.label}" has ${column.length} values for ${n} partners.`);
    return column;
  });
  return { metrics, partners, values };
}

// ---------------------------------------------------------------------------------------
// base64 of Float64 bytes (little-endian on every platform Tierscape runs on; checked)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

function bytesOf(column: Float64Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new RangeError('Tierscape needs a little-endian machine.');
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

export function base64FromFloat64(column: Float64Array): string {
  const bytes = bytesOf(column);
  const parts: string[] = [];
  const CHUNK = 3 * 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes: number[] = [];
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      codes.push(ALPHABET.charCodeAt(v >> 18), ALPHABET.charCodeAt((v >> 12) & 63), ALPHABET.charCodeAt((v >> 6) & 63), ALPHABET.charCodeAt(v & 63));
    }
    if (i < end) {
      const rest = end - i;
      const v = (bytes[i]! << 16) | ((rest > 1 ? bytes[i + 1]! : 0) << 8);
      codes.push(ALPHABET.charCodeAt(v >> 18), ALPHABET.charCodeAt((v >> 12) & 63), rest > 1 ? ALPHABET.charCodeAt((v >> 6) & 63) : 61, 61);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export function float64FromBase64(text: string): Float64Array {
  if (text.length % 4 !== 0) throw new RangeError('A column is not valid base64 (its length is not a multiple of 4).');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const byteLength = (text.length / 4) * 3 - padding;
  if (byteLength % 8 !== 0) throw new RangeError(`A column holds ${byteLength} bytes, not a whole number of 8-byte values.`);
  const out = new Float64Array(byteLength / 8);
  const bytes = bytesOf(out);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const last = i + 4 === text.length;
    const c = last && padding === 2 ? 0 : sextet(text, i + 2);
    const d = last && padding >= 1 ? 0 : sextet(text, i + 3);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = v >> 16;
    if (o < byteLength) bytes[o++] = (v >> 8) & 255;
    if (o < byteLength) bytes[o++] = v & 255;
  }
  return out;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const v = code < 128 ? DECODE[code]! : -1;
  if (v < 0) throw new RangeError(`A column is not valid base64 (character ${i + 1}).`);
  return v;
}
