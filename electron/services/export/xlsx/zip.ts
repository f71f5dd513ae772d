/**
 * The ZIP container of the workbook: its parts in order, each deflated by Node's zlib (in
 * its thread pool) as it is written, checksummed with zlib's own CRC-32.
 *
 * The layout is yazl's, record for record (it zipped the workbook before, and still zips
 * elsewhere): a part given whole has its CRC and sizes in its local header; a part given as
 * chunks has them in a data descriptor after it; the central directory carries the
 * Info-ZIP timestamp; ZIP64 records only where a size or offset needs them. Why not yazl:
 * its CRC-32 is computed in JavaScript a byte at a time, about 4 s of the main thread for
 * the 1.4 GB of XML of a 1M-partner workbook (docs/PERFORMANCE.md, "The workbook writer").
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type ZipPart = { name: string; level: number; data: Buffer } | { name: string; level: number; chunks: () => AsyncIterable<Buffer> };

const deflateRaw = promisify(zlib.deflateRaw);
const VERSION_MADE_BY = (3 << 8) | 63;
const VERSION_UTF8 = 20;
const VERSION_ZIP64 = 45;
const FLAG_UTF8 = 1 << 11;
const FLAG_DATA_DESCRIPTOR = 1 << 3;
const DEFLATE = 8;
/** -rw-rw-r--, a regular file */
const EXTERNAL_ATTRIBUTES = (0o100664 << 16) >>> 0;
const MAX_32 = 0xfffffffe;
/** the deflater's input queue: room for a few chunks of rows while the next is built */
const DEFLATE_QUEUE = 16 << 20;

interface Written {
  name: Buffer;
  streamed: boolean;
  crc: number;
  size: number;
  compressed: number;
  offset: number;
}

function u64(buf: Buffer, n: number, at: number): void {
  buf.writeUInt32LE(n % 0x100000000, at);
  buf.writeUInt32LE(Math.floor(n / 0x100000000), at + 4);
}

/** MS-DOS date and time, in local time, as yazl writes them. */
function dosDateTime(date: Date): { date: number; time: number } {
  const min = new Date(1980, 0, 1);
  const max = new Date(2107, 11, 31, 23, 59, 58);
  const d = date < min ? min : date > max ? max : date;
  return {
    date: (d.getDate() & 0x1f) | (((d.getMonth() + 1) & 0xf) << 5) | (((d.getFullYear() - 1980) & 0x7f) << 9),
    time: Math.floor(d.getSeconds() / 2) | ((d.getMinutes() & 0x3f) << 5) | ((d.getHours() & 0x1f) << 11),
  };
}

const zip64 = (w: Written) => w.size > MAX_32 || w.compressed > MAX_32 || w.offset > MAX_32;

/** The output file, counting what it was given and waiting when it asks to. */
class Sink {
  offset = 0;
  constructor(readonly stream: WriteStream) {}
  async write(chunk: Buffer): Promise<void> {
    // a file that failed (not opened, disk full) says so to the next write, not only to its listeners
    if (this.stream.errored) throw this.stream.errored;
    this.offset += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

/** Deflates `chunks` into the sink as they come; their CRC-32 and sizes. */
async function deflateInto(sink: Sink, chunks: AsyncIterable<Buffer>, level: number): Promise<{ crc: number; size: number; compressed: number }> {
  const deflate = zlib.createDeflateRaw({ level, writableHighWaterMark: DEFLATE_QUEUE } as zlib.ZlibOptions);
  let compressed = 0;
  const drained = (async () => {
    for await (const out of deflate as AsyncIterable<Buffer>) {
      compressed += out.length;
      await sink.write(out);
    }
  })();
  // a failed write (disk full) ends the wait for room below, and the deflater
  const stopped = new Promise<never>((_, reject) => drained.catch(reject));
  stopped.catch(() => deflate.destroy());
  let crc = 0;
  let size = 0;
  try {
    for await (const chunk of chunks) {
      // the output failed: `drained` says why
      if (deflate.destroyed) break;
      // (zlib's crc32 of an empty buffer with no memory behind it is 0, its starting value)
      if (chunk.length === 0) continue;
      crc = zlib.crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await Promise.race([once(deflate, 'drain'), stopped]);
    }
    if (!deflate.destroyed) deflate.end();
  } catch (error) {
    deflate.destroy();
    await drained.catch(() => undefined);
    throw error;
  }
  await drained;
  return { crc, size, compressed };
}

/** Writes `parts` as a ZIP file at `file`; resolves once it is flushed and closed. */
export async function writeZip(file: string, parts: readonly ZipPart[], mtime: Date): Promise<void> {
  const { date, time } = dosDateTime(mtime);
  const unixTime = Math.max(-0x80000000, Math.min(0x7fffffff, Math.floor(mtime.getTime() / 1000)));
  const stream = createWriteStream(file);
  const closed = once(stream, 'close');
  // (awaited below; an error before then is the one the writes report)
  closed.catch(() => undefined);
  const sink = new Sink(stream);
  const written: Written[] = [];
  // the parts given whole deflate at once, in the thread pool, as yazl does
  const whole = parts.map((p) => ('data' in p ? deflateRaw(p.data, { level: p.level }) : null));
  whole.forEach((w) => w?.catch(() => undefined));
  try {
    for (const [i, part] of parts.entries()) {
      const name = Buffer.from(part.name, 'utf8');
      const w: Written = { name, streamed: !('data' in part), crc: 0, size: 0, compressed: 0, offset: sink.offset };
      let data: Buffer | null = null;
      if ('data' in part) {
        data = await whole[i]!;
        w.crc = zlib.crc32(part.data);
        w.size = part.data.length;
        w.compressed = data.length;
      }
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(VERSION_UTF8, 4);
      header.writeUInt16LE(FLAG_UTF8 | (w.streamed ? FLAG_DATA_DESCRIPTOR : 0), 6);
      header.writeUInt16LE(DEFLATE, 8);
      header.writeUInt16LE(time, 10);
      header.writeUInt16LE(date, 12);
      header.writeUInt32LE(w.crc, 14);
      header.writeUInt32LE(w.compressed, 18);
      header.writeUInt32LE(w.size, 22);
      header.writeUInt16LE(name.length, 26);
      await sink.write(Buffer.concat([header, name]));
      if (data) await sink.write(data);
      else if ('chunks' in part) {
        Object.assign(w, await deflateInto(sink, part.chunks(), part.level));
        const descriptor = Buffer.alloc(zip64(w) ? 24 : 16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(w.crc, 4);
        if (zip64(w)) {
          u64(descriptor, w.compressed, 8);
          u64(descriptor, w.size, 16);
        } else {
          descriptor.writeUInt32LE(w.compressed, 8);
          descriptor.writeUInt32LE(w.size, 12);
        }
        await sink.write(descriptor);
      }
      written.push(w);
    }
    const directoryAt = sink.offset;
    for (const w of written) await sink.write(directoryRecord(w, time, date, unixTime));
    await sink.write(endRecords(written.length, directoryAt, sink.offset - directoryAt, sink.offset));
    stream.end();
    await closed;
  } catch (error) {
    stream.destroy();
    await closed.catch(() => undefined);
    throw error;
  }
}

function directoryRecord(w: Written, time: number, date: number, unixTime: number): Buffer {
  const big = zip64(w);
  const record = Buffer.alloc(46);
  const timestamp = Buffer.alloc(9);
  timestamp.writeUInt16LE(0x5455, 0);
  timestamp.writeUInt16LE(5, 2);
  timestamp.writeUInt8(3, 4);
  timestamp.writeInt32LE(unixTime, 5);
  const extra = [timestamp];
  if (big) {
    const z = Buffer.alloc(28);
    z.writeUInt16LE(0x0001, 0);
    z.writeUInt16LE(24, 2);
    u64(z, w.size, 4);
    u64(z, w.compressed, 12);
    u64(z, w.offset, 20);
    extra.push(z);
  }
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(VERSION_MADE_BY, 4);
  record.writeUInt16LE(big ? VERSION_ZIP64 : VERSION_UTF8, 6);
  record.writeUInt16LE(FLAG_UTF8 | (w.streamed ? FLAG_DATA_DESCRIPTOR : 0), 8);
  record.writeUInt16LE(DEFLATE, 10);
  record.writeUInt16LE(time, 12);
  record.writeUInt16LE(date, 14);
  record.writeUInt32LE(w.crc, 16);
  record.writeUInt32LE(big ? 0xffffffff : w.compressed, 20);
  record.writeUInt32LE(big ? 0xffffffff : w.size, 24);
  record.writeUInt16LE(w.name.length, 28);
  record.writeUInt16LE(extra.reduce((n, b) => n + b.length, 0), 30);
  record.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  record.writeUInt32LE(big ? 0xffffffff : w.offset, 42);
  return Buffer.concat([record, w.name, ...extra]);
}

/** The end of central directory record, after ZIP64's record and locator when a count, size or offset needs them. */
function endRecords(entries: number, directoryAt: number, directorySize: number, end: number): Buffer {
  const big = entries >= 0xffff || directorySize >= 0xffffffff || directoryAt >= 0xffffffff;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(entries, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(entries, 0xffff), 10);
  eocd.writeUInt32LE(Math.min(directorySize, 0xffffffff), 12);
  eocd.writeUInt32LE(Math.min(directoryAt, 0xffffffff), 16);
  if (!big) return eocd;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  u64(record, 44, 4);
  record.writeUInt16LE(VERSION_MADE_BY, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  u64(record, entries, 24);
  u64(record, entries, 32);
  u64(record, directorySize, 40);
  u64(record, directoryAt, 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  u64(locator, end, 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, eocd]);
}
