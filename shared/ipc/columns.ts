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
import type { ColumnarDataset, IdentityColumns, PartnerIdentity } from '../model/dataset';
import { identityAt } from '../model/dataset';
import { MetricDefSchema, type MetricDef } from '../model/workspace';

const Texts = z.array(z.string());
const OptionalTexts = z.array(z.string().nullable());
const IdentitySchema = z
  .object({ id: Texts, name: Texts, motion: Texts, currentTier: OptionalTexts, region: OptionalTexts, segment: OptionalTexts, owner: OptionalTexts })
  .strict();
/** The identity fields in the order the binary frame sends them. */
const IDENTITY_FIELDS = ['id', 'name', 'motion', 'currentTier', 'region', 'segment', 'owner'] as const satisfies readonly (keyof IdentityColumns)[];
/** Fields whose entries may be null (the others are strings). */
const NULLABLE_FIELDS: ReadonlySet<string> = new Set(['currentTier', 'region', 'segment', 'owner']);

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
    const problem = misfit(columns);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export type DatasetColumns = z.infer<typeof DatasetColumnsSchema>;

/**
 * A dataset as the renderer holds it: identity fields one list per field, metrics as
 * Float64 columns. The partners grid reads it, and the engine worker takes it as it is.
 * It is the wire form itself.
 */
export type DecodedColumns = DatasetColumns;

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

/** The same from identity fields already held one list per field (the workspace reads them so). */
export function encodeColumns(datasetId: number, label: string, metrics: MetricDef[], identity: IdentityColumns, values: readonly Float64Array[]): DatasetColumns {
  return { datasetId, label, metrics, identity, values: [...values] };
}

/** Checks the lengths (the columns arrive decoded); throws a RangeError naming what does not fit. */
export function decodeColumns(columns: DatasetColumns): DecodedColumns {
  checkColumns(columns);
  return columns;
}

/** The first list or column whose length does not fit the others, as a sentence; null when all fit. */
function misfit(columns: Pick<DatasetColumns, 'identity' | 'metrics' | 'values'>): string | null {
  const { identity, metrics, values } = columns;
  const n = identity.id.length;
  for (const [field, list] of Object.entries(identity)) {
    if (list.length !== n) return `The dataset's ${field} list has ${list.length} entries for ${n} partners.`;
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
  const problem = misfit(columns);
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

/** The wire form checked and made into the engine's dataset; throws as checkColumns. */
export function decodeDataset(columns: DatasetColumns): ColumnarDataset {
  return datasetOf(decodeColumns(columns));
}

// ---------------------------------------------------------------------------------------
// Browser mode's binary frame (an `application/octet-stream` answer to `dataset:columns`):
//
//   "TSC1"                          4 bytes
//   header length                   uint32, little-endian
//   header                          UTF-8 JSON: datasetId, label, metrics, partners (n), and
//                                   for each identity field the byte lengths of its parts
//   identity parts                  UTF-8 JSON arrays, field by field, part by part: each
//                                   field's parts joined are its list
//   metric columns                  n × 8 bytes each, in the order of `metrics`: the
//                                   Float64 values, little-endian
//
// Identity lists are cut into parts of about `partChars` characters, so no string made on
// either side is near V8's limit whatever the list holds.

// web standards that every runtime Tierscape runs in has (Node, Chromium, the worker);
// shared/ is compiled without DOM or Node types, so the members used are declared here
declare const TextDecoder: new (label: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

const MAGIC = [0x54, 0x53, 0x43, 0x31]; // "TSC1"
const PREFIX_BYTES = 8;
/** A header holds metric definitions and part lengths: megabytes at most (20,000 metrics). */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;
/** About this many characters of identity text per part (4 M: a few MB of UTF-8). */
export const DEFAULT_PART_CHARS = 4 * 1024 * 1024;

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

function bytesOf(column: Float64Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new RangeError('Tierscape needs a little-endian machine.');
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

const PartLengths = z.array(z.number().int().nonnegative());
const FrameHeaderSchema = z
  .object({
    datasetId: z.number().int().positive(),
    label: z.string(),
    metrics: z.array(MetricDefSchema),
    partners: z.number().int().nonnegative(),
    /** per identity field: the byte length of each of its parts */
    parts: z.object({ id: PartLengths, name: PartLengths, motion: PartLengths, currentTier: PartLengths, region: PartLengths, segment: PartLengths, owner: PartLengths }).strict(),
  })
  .strict();
type FrameHeader = z.infer<typeof FrameHeaderSchema>;

/**
 * The frame of a dataset, as the byte strings to send one after the other (the metric
 * columns are views of the columns' own memory, not copies). `partChars` is for tests.
 */
export function encodeColumnsFrame(columns: DatasetColumns, options: { partChars?: number } = {}): Uint8Array[] {
  checkColumns(columns);
  const partChars = Math.max(1, options.partChars ?? DEFAULT_PART_CHARS);
  const encoder = new TextEncoder();
  const identityParts: Uint8Array[] = [];
  const parts = {} as FrameHeader['parts'];
  for (const field of IDENTITY_FIELDS) {
    const list: readonly (string | null)[] = columns.identity[field];
    const lengths: number[] = [];
    let start = 0;
    let chars = 0;
    const flush = (end: number) => {
      const bytes = encoder.encode(JSON.stringify(list.slice(start, end)));
      identityParts.push(bytes);
      lengths.push(bytes.byteLength);
      start = end;
      chars = 0;
    };
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      chars += (typeof entry === 'string' ? entry.length : 4) + 3;
      if (chars >= partChars) flush(i + 1);
    }
    if (start < list.length || lengths.length === 0) flush(list.length);
    parts[field] = lengths;
  }
  const header: FrameHeader = { datasetId: columns.datasetId, label: columns.label, metrics: columns.metrics, partners: columns.identity.id.length, parts };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const head = new Uint8Array(PREFIX_BYTES + headerBytes.byteLength);
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(4, headerBytes.byteLength, true);
  head.set(headerBytes, PREFIX_BYTES);
  return [head, ...identityParts, ...columns.values.map((column) => bytesOf(column))];
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
  private readonly identity = Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, [] as (string | null)[]])) as unknown as IdentityColumns;
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
    checkColumns(columns);
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
      for (const length of header.data.parts[field]) {
        const part = new Uint8Array(length);
        this.slots.push({ bytes: part, filled: 0, done: () => this.readIdentityPart(field, part) });
      }
    }
    for (let m = 0; m < header.data.metrics.length; m++) {
      const column = new Float64Array(n);
      this.values.push(column);
      this.slots.push({ bytes: bytesOf(column), filled: 0, done: () => undefined });
    }
  }

  private readIdentityPart(field: (typeof IDENTITY_FIELDS)[number], bytes: Uint8Array): void {
    let part: unknown;
    try {
      part = JSON.parse(this.decoder.decode(bytes));
    } catch {
      throw new RangeError(`A part of the dataset's ${field} list is not readable JSON.`);
    }
    if (!Array.isArray(part)) throw new RangeError(`A part of the dataset's ${field} list is not a list.`);
    const nullable = NULLABLE_FIELDS.has(field);
    const list = this.identity[field] as (string | null)[];
    for (const entry of part as unknown[]) {
      if (typeof entry !== 'string' && !(nullable && entry === null)) throw new RangeError(`The dataset's ${field} list holds something other than text.`);
      list.push(entry);
    }
  }
}

/** A whole frame held in memory (tests, and a body read at once); throws as ColumnsFrameReader. */
export function decodeColumnsFrame(bytes: Uint8Array): DatasetColumns {
  const reader = new ColumnsFrameReader();
  reader.push(bytes);
  return reader.finish();
}
