/**
 * The workbook's ZIP writer (electron/services/export/xlsx/zip.ts) writes yazl's layout:
 * the same parts give the same file, byte for byte, as yazl (which zipped the workbook
 * before) — headers, data descriptors, central directory, timestamps and deflated data.
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { writeZip, type ZipPart } from '../../../electron/services/export/xlsx/zip';
import { prng } from '../../helpers/prng';
import { useTempDir } from '../../helpers/tmp';

async function yazlZip(file: string, parts: readonly ZipPart[], mtime: Date): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const part of parts) {
    if ('data' in part) zip.addBuffer(part.data, part.name, { mtime, compressionLevel: part.level });
    else zip.addReadStreamLazy(part.name, { mtime, compressionLevel: part.level }, (callback) => callback(null, Readable.from(part.chunks())));
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

describe('writeZip', () => {
  const tempDir = useTempDir('tierscape-zip-');

  it('writes what yazl writes, byte for byte: parts whole and in chunks, empty ones, non-ASCII names', async () => {
    const rng = prng(99);
    const text = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `<row r="${i}"><c t="s"><v>${Math.floor(rng() * 500)}</v></c>é</row>`).join(''), 'utf8');
    // an empty chunk among them: zlib's crc32 of an empty buffer with no memory behind it is 0, not the CRC so far
    const chunks = [text(3000), Buffer.alloc(0), text(1), text(20_000), Buffer.from(Array.from({ length: 300_000 }, () => Math.floor(rng() * 256)))];
    const strings = text(50);
    const parts: ZipPart[] = [
      { name: '[Content_Types].xml', level: 6, data: text(20) },
      { name: 'xl/worksheets/sheet1.xml', level: 3, chunks: async function* () { yield* chunks; } },
      { name: 'xl/empty.xml', level: 6, data: Buffer.alloc(0) },
      { name: 'xl/none.xml', level: 3, chunks: async function* () {} },
      { name: 'docProps/übersicht.xml', level: 6, data: text(7) },
      { name: 'xl/sharedStrings.xml', level: 3, chunks: async function* () { yield strings; } },
    ];
    for (const mtime of [new Date('2026-07-01T09:30:07.000Z'), new Date('1975-01-01T00:00:00Z')]) {
      const dir = tempDir();
      await writeZip(path.join(dir, 'ours.zip'), parts, mtime);
      await yazlZip(path.join(dir, 'yazl.zip'), parts, mtime);
      const ours = readFileSync(path.join(dir, 'ours.zip'));
      const theirs = readFileSync(path.join(dir, 'yazl.zip'));
      expect(ours.length).toBe(theirs.length);
      expect(ours.equals(theirs)).toBe(true);
    }
  });

  it('fails, leaving the file to the caller, when a part fails mid-way', async () => {
    const file = path.join(tempDir(), 'broken.zip');
    const parts: ZipPart[] = [
      {
        name: 'a.xml',
        level: 3,
        chunks: async function* () {
          yield Buffer.from('<a>');
          throw new Error('cancelled');
        },
      },
    ];
    await expect(writeZip(file, parts, new Date())).rejects.toThrow('cancelled');
  });

  it('fails, without hanging, when the file cannot be written', async () => {
    const file = path.join(tempDir(), 'no such folder', 'out.zip');
    const parts: ZipPart[] = [
      { name: 'a.xml', level: 6, data: Buffer.from('<a/>') },
      { name: 'b.xml', level: 3, chunks: async function* () { for (let i = 0; i < 50; i += 1) yield Buffer.alloc(1 << 20, i); } },
    ];
    await expect(writeZip(file, parts, new Date())).rejects.toThrow(/ENOENT/);
  });

  it.runIf(existsSync('/dev/full'))('fails, without hanging, when the disk fills up mid-way through a part', async () => {
    const rng = prng(5);
    const parts: ZipPart[] = [
      { name: 'b.xml', level: 3, chunks: async function* () { for (let i = 0; i < 40; i += 1) yield Buffer.from(Array.from({ length: 1 << 18 }, () => Math.floor(rng() * 256))); } },
    ];
    await expect(writeZip('/dev/full', parts, new Date())).rejects.toThrow(/ENOSPC/);
  });
});
