/**
 * A whole dataset for the renderer (`dataset:columns`), so the engine can run there on
 * every edit (DESIGN D14.2, data flow step 2): identity fields as lists of strings, each metric
 * as a Float64Array (NaN, the "no data" marker, and every other double bit for bit).
 *
 * Electron's IPC carries it as it is (structured clone copies typed arrays). Browser mode
 * cannot send it as one JSON text — a wide list passes V8's longest string (about 512 M
 * characters; 500,000 partners × 100 metrics did) — so its server sends a binary frame
 * (encodeColumnsFrame) that the page reads piece by piece (ColumnsFrameReader): no string
 * in it is longer than a part of one identity list.
 */
import { z } from 'zod';
import type { ColumnarDataset, IdentityColumns, IdentityField, PackedIdentity, PartnerIdentity } from '../model/dataset';
import { IDENTITY_FIELDS, identityAt } from '../model/dataset';
import { packedCount, packTexts, unpackTexts } from '../model/packed-text';
import { MetricDefSchema, type MetricDef } from '../model/workspace';

/** Fields whose entries may be null (the others are strings). */
const NULLABLE_FIELDS: ReadonlySet<string> = new Set(['currentTier', 'region', 'segment', 'owner']);

/** An identity field as it travels: one packed list (shared/model/packed-text.ts), as the workspace keeps it. */
const PackedSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'An identity field must be a packed list of texts (a Uint8Array).' });
const IdentitySchema = z
  .object({ id: PackedSchema, name: PackedSchema, motion: PackedSchema, currentTier: PackedSchema, region: PackedSchema, segment: PackedSchema, owner: PackedSchema })
  .strict();
export type { PackedIdentity };

/** A metric column: one double per partner, NaN where the partner has no value. */
export const MetricColumnSchema = z.custom<Float64Array>((value) => value instanceof Float64Array, { message: 'A metric column must be a Float64Array.' });

export const DatasetColumnsSchema = z
  .object({
    datasetId: z.number().int().positive(),
    label: z.string(),
    metrics: z.array(MetricDefSchema),
    identity: IdentitySchema,
    /** per metric, in the order of `metrics`: its values, one per partner */
    values: z.array(MetricColumnSchema),
  })
  .strict()
  .superRefine((columns, ctx) => {
    const problem = misfit(columns.metrics, columns.values, Object.entries(columns.identity).map(([field, packed]) => [field, packedCount(packed)]));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** A dataset as it travels: identity fields packed, metrics as Float64 columns. */
export type DatasetColumns = z.infer<typeof DatasetColumnsSchema>;

/**
 * A dataset as the renderer holds it: identity fields one list per field, metrics as
 * Float64 columns. The partners grid reads it; the engine worker is sent its wire form
 * (`wireColumns`: the packed lists it came in) and decodes that itself.
 */
export interface DecodedColumns {
  datasetId: number;
  label: string;
  metrics: MetricDef[];
  identity: IdentityColumns;
  values: Float64Array[];
}

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

/** The same from identity fields held one list per field, or already packed (as the workspace keeps them). */
export function encodeColumns(datasetId: number, label: string, metrics: MetricDef[], identity: IdentityColumns | PackedIdentity, values: readonly Float64Array[]): DatasetColumns {
  const packed = {} as PackedIdentity;
  for (const field of IDENTITY_FIELDS) {
    const list = identity[field];
    packed[field] = list instanceof Uint8Array ? list : packTexts(list);
  }
  return { datasetId, label, metrics, identity: packed, values: [...values] };
}

/**
 * The packed lists each decoded dataset came from (the same bytes, not a copy): the engine
 * worker and the grid's ranking worker are sent those, which copy as bytes, instead of the
 * decoded lists, which copy string by string (at 1M partners, 7 million strings).
 */
const packedSources = new WeakMap<DecodedColumns, PackedIdentity>();

/** The packed lists a decoded dataset came from; undefined for one not made by decodeColumns. */
export function packedIdentityOf(columns: DecodedColumns): PackedIdentity | undefined {
  return packedSources.get(columns);
}

/** A decoded dataset in its wire form again: its packed lists as they came, else packed anew. */
export function wireColumns(columns: DecodedColumns): DatasetColumns {
  return encodeColumns(columns.datasetId, columns.label, columns.metrics, packedIdentityOf(columns) ?? columns.identity, columns.values);
}

/** The identity fields unpacked, and every length checked; throws a RangeError naming what does not read or fit. */
export function decodeColumns(columns: DatasetColumns): DecodedColumns {
  const identity = {} as Record<IdentityField, (string | null)[]>;
  for (const field of IDENTITY_FIELDS) {
    let list: (string | null)[];
    try {
      list = unpackTexts(columns.identity[field]);
    } catch (error) {
      throw new RangeError(`The dataset's ${field} list does not read: ${(error as Error).message}.`, { cause: error });
    }
    if (!NULLABLE_FIELDS.has(field) && list.includes(null)) throw new RangeError(`The dataset's ${field} list has an empty entry.`);
    identity[field] = list;
  }
  const decoded: DecodedColumns = { datasetId: columns.datasetId, label: columns.label, metrics: columns.metrics, identity: identity as IdentityColumns, values: columns.values };
  checkColumns(decoded);
  packedSources.set(decoded, columns.identity);
  return decoded;
}

/** The first list or column whose length does not fit the others, as a sentence; null when all fit. */
function misfit(metrics: readonly MetricDef[], values: readonly Float64Array[], lengths: readonly (readonly [string, number])[]): string | null {
  const n = lengths[0]?.[1] ?? 0;
  for (const [field, length] of lengths) {
    if (length !== n) return `The dataset's ${field} list has ${length < 0 ? 'no readable' : length} entries for ${n} partners.`;
  }
  if (values.length !== metrics.length) return `The dataset has ${values.length} columns for ${metrics.length} metrics.`;
  for (let m = 0; m < values.length; m++) {
    const length = values[m]!.length;
    if (length !== n) return `The column "${metrics[m]!.label}" has ${length} values for ${n} partners.`;
  }
  return null;
}

/** Throws a RangeError naming the first list or column whose length does not fit the others. */
export function checkColumns(columns: DecodedColumns): void {
  const problem = misfit(columns.metrics, columns.values, IDENTITY_FIELDS.map((field) => [field, columns.identity[field].length] as const));
  if (problem) throw new RangeError(problem);
}

/** The dataset as the engine takes it (a partner object per row); throws as checkColumns. */
export function datasetOf(columns: DecodedColumns): ColumnarDataset {
  checkColumns(columns);
  const n = columns.identity.id.length;
  const partners: PartnerIdentity[] = new Array<PartnerIdentity>(n);
  for (let i = 0; i < n; i++) partners[i] = identityAt(columns.identity, i);
  return { metrics: columns.metrics, partners, values: columns.values };
}

/** The wire form checked and made into the engine's dataset; throws as decodeColumns. */
export function decodeDataset(columns: DatasetColumns): ColumnarDataset {
  return datasetOf(decodeColumns(columns));
}

// ---------------------------------------------------------------------------------------
// Browser mode's binary frame (an `application/octet-stream` answer to `dataset:columns`):
//
//   "TSC2"                          4 bytes
//   header length                   uint32, little-endian
//   header                          UTF-8 JSON: datasetId, label, metrics, partners (n), and
//                                   the byte length of each identity field's packed list
//   identity fields                 each a packed list (shared/model/packed-text.ts), in
//                                   the order of IDENTITY_FIELDS
//   metric columns                  n × 8 bytes each, in the order of `metrics`: the
//                                   Float64 values, little-endian
//
// Nothing in it is JSON but the small header: the lists travel as the workspace keeps them.

// web standards that every runtime Tierscape runs in has (Node, Chromium, the worker);
// shared/ is compiled without DOM or Node types, so the members used are declared here
declare const TextDecoder: new (label: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

const MAGIC = [0x54, 0x53, 0x43, 0x32]; // "TSC2"
const PREFIX_BYTES = 8;
/** A header holds metric definitions and list lengths: megabytes at most (20,000 metrics). */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

function bytesOf(column: Float64Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new RangeError('Tierscape needs a little-endian machine.');
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

const ByteLength = z.number().int().nonnegative();
const FrameHeaderSchema = z
  .object({
    datasetId: z.number().int().positive(),
    label: z.string(),
    metrics: z.array(MetricDefSchema),
    partners: z.number().int().nonnegative(),
    /** per identity field: the byte length of its packed list */
    identity: z.object({ id: ByteLength, name: ByteLength, motion: ByteLength, currentTier: ByteLength, region: ByteLength, segment: ByteLength, owner: ByteLength }).strict(),
  })
  .strict();
type FrameHeader = z.infer<typeof FrameHeaderSchema>;

/** The frame of a dataset, as the byte strings to send one after the other (the lists and columns are views of their own memory, not copies). */
export function encodeColumnsFrame(columns: DatasetColumns): Uint8Array[] {
  const problem = DatasetColumnsSchema.safeParse(columns);
  if (!problem.success) throw new RangeError(problem.error.issues[0]?.message ?? 'The dataset does not fit together.');
  const encoder = new TextEncoder();
  const identity = {} as FrameHeader['identity'];
  for (const field of IDENTITY_FIELDS) identity[field] = columns.identity[field].byteLength;
  const header: FrameHeader = { datasetId: columns.datasetId, label: columns.label, metrics: columns.metrics, partners: packedCount(columns.identity.id), identity };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const head = new Uint8Array(PREFIX_BYTES + headerBytes.byteLength);
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(4, headerBytes.byteLength, true);
  head.set(headerBytes, PREFIX_BYTES);
  return [head, ...IDENTITY_FIELDS.map((field) => columns.identity[field]), ...columns.values.map((column) => bytesOf(column))];
}

/** A run of bytes the reader fills next, and what it does once it is full. */
interface Slot {
  bytes: Uint8Array;
  filled: number;
  done(): void;
}

/**
 * Reads a frame from the pieces its bytes arrive in (a fetch body's chunks, of any size)
 * straight into the dataset's lists and columns: nothing is held twice. Throws a RangeError
 * naming what is wrong with a frame that is not one, is cut short or runs on.
 */
export class ColumnsFrameReader {
  private readonly slots: Slot[] = [];
  private next = 0;
  private received = 0;
  private header: FrameHeader | null = null;
  private readonly identity = {} as PackedIdentity;
  private readonly values: Float64Array[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor() {
    const prefix = new Uint8Array(PREFIX_BYTES);
    this.slots.push({ bytes: prefix, filled: 0, done: () => this.readPrefix(prefix) });
  }

  push(piece: Uint8Array): void {
    let at = 0;
    while (at < piece.byteLength) {
      const slot = this.slots[this.next];
      if (!slot) throw new RangeError(`The dataset sent more bytes than it holds (${this.received + piece.byteLength - at} after its end).`);
      const take = Math.min(slot.bytes.byteLength - slot.filled, piece.byteLength - at);
      slot.bytes.set(piece.subarray(at, at + take), slot.filled);
      slot.filled += take;
      at += take;
      this.received += take;
      this.settle();
    }
  }

  /** The dataset, once every byte has arrived. */
  finish(): DatasetColumns {
    this.settle();
    if (this.next < this.slots.length || !this.header) throw new RangeError(`The dataset ended after ${this.received} bytes, before all of it arrived.`);
    const columns: DatasetColumns = {
      datasetId: this.header.datasetId,
      label: this.header.label,
      metrics: this.header.metrics,
      identity: this.identity,
      values: this.values,
    };
    const lengths = IDENTITY_FIELDS.map((field) => [field, packedCount(columns.identity[field])] as const);
    const problem = misfit(columns.metrics, columns.values, lengths);
    if (problem) throw new RangeError(problem);
    return columns;
  }

  /** Completes every slot that is full (empty ones included: a list of no partners). */
  private settle(): void {
    for (let slot = this.slots[this.next]; slot && slot.filled === slot.bytes.byteLength; slot = this.slots[this.next]) {
      this.next += 1;
      slot.done();
    }
  }

  private readPrefix(prefix: Uint8Array): void {
    if (MAGIC.some((byte, i) => prefix[i] !== byte)) throw new RangeError('The answer is not a Tierscape dataset (its first bytes are not "TSC1").');
    const length = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(4, true);
    if (length > MAX_HEADER_BYTES) throw new RangeError(`The dataset's header says it is ${length} bytes long, more than a header can be.`);
    const bytes = new Uint8Array(length);
    this.slots.push({ bytes, filled: 0, done: () => this.readHeader(bytes) });
  }

  private readHeader(bytes: Uint8Array): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.decoder.decode(bytes));
    } catch {
      throw new RangeError('The dataset\'s header is not readable JSON.');
    }
    const header = FrameHeaderSchema.safeParse(parsed);
    if (!header.success) throw new RangeError(`The dataset's header is not one Tierscape writes (${header.error.issues[0]?.path.join('.') || 'its shape'}).`);
    this.header = header.data;
    const n = header.data.partners;
    for (const field of IDENTITY_FIELDS) {
      const packed = new Uint8Array(header.data.identity[field]);
      this.identity[field] = packed;
      this.slots.push({ bytes: packed, filled: 0, done: () => undefined });
    }
    for (let m = 0; m < header.data.metrics.length; m++) {
      const column = new Float64Array(n);
      this.values.push(column);
      this.slots.push({ bytes: bytesOf(column), filled: 0, done: () => undefined });
    }
  }
}

/** A whole frame held in memory (tests, and a body read at once); throws as ColumnsFrameReader. */
export function decodeColumnsFrame(bytes: Uint8Array): DatasetColumns {
  const reader = new ColumnsFrameReader();
  reader.push(bytes);
  return reader.finish();
}
