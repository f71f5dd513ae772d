/**
 * SheetJS's inflating, handed to Node's zlib and held to the size guards as it inflates,
 * and `readBook`: every XLSX.read of an import goes through it (docs/SECURITY.md,
 * Imported partner files).
 */
import { constants as zlibConstants, createInflateRaw } from 'node:zlib';
import * as XLSX from 'xlsx';
import { inflateLimit, LargeSheetError, MAX_PART_BYTES, tooLargeInAllProblem, tooLargeProblem, tooPackedProblem } from '../large-sheet/guards';

/**
 * What SheetJS may still inflate in the read under way (`readBook`): all the parts of
 * one workbook together stay within MAX_PART_BYTES and within the inflate ratio of the
 * file's size. Null outside such a read. SheetJS reads synchronously, so one at a time.
 */
let inflateBudget: { left: number; limit: number; fileBytes: number } | null = null;

interface ZlibEngine {
  _processChunk(input: Uint8Array, flush: number): Buffer;
  bytesWritten: number;
}

/**
 * SheetJS inflates ZIP entries with Node's zlib, not its own JavaScript inflater: that one
 * loops forever on a damaged deflate stream (a worksheet cut short, a byte flipped), where
 * zlib stops with an error ("unexpected end of file"). SheetJS checks the engine's
 * `bytesRead`, deprecated (DEP0108) as a name for `bytesWritten`, so that count is given
 * under the old name. Writing keeps SheetJS's own deflate: written files stay byte for byte.
 *
 * The size guards of large-sheet/guards.ts are checked from the sizes the ZIP declares; a
 * ZIP can declare less than it holds, so every entry SheetJS inflates is limited as it
 * inflates too (a "ZIP bomb", issue 18): to MAX_PART_BYTES, to what is left of the read's
 * budget, and to MAX_INFLATE_RATIO times all the input SheetJS hands over (the rest of the
 * file from the entry on: an upper bound of the entry's packed size); after inflating, to
 * the ratio of the bytes the entry really took.
 */
function guardedInflater() {
  let taken = 0;
  return {
    _finishFlushFlag: zlibConstants.Z_FINISH,
    get bytesRead() {
      return taken;
    },
    _processChunk(input: Uint8Array, flush: number): Buffer {
      const budget = inflateBudget;
      const byRatio = inflateLimit(input.length);
      const limit = Math.min(MAX_PART_BYTES, budget?.left ?? MAX_PART_BYTES, byRatio);
      const engine = createInflateRaw({ maxOutputLength: Math.max(1, limit) }) as unknown as ZlibEngine;
      let out: Buffer;
      try {
        out = engine._processChunk(input, flush);
      } catch (error) {
        if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_BUFFER_TOO_LARGE') throw error;
        if (limit === byRatio) throw new LargeSheetError(tooPackedProblem(null, `more than ${Math.floor(limit / Math.max(input.length, 1))}`));
        if (budget && limit === budget.left) throw new LargeSheetError(tooLargeInAllProblem(budget.limit, budget.fileBytes));
        throw new LargeSheetError(tooLargeProblem(null, MAX_PART_BYTES));
      }
      taken = engine.bytesWritten;
      if (out.length > inflateLimit(taken)) throw new LargeSheetError(tooPackedProblem(null, Math.round(out.length / Math.max(taken, 1))));
      if (budget) budget.left -= out.length;
      return out;
    },
  };
}

const cfbUtils = XLSX.CFB.utils as { use_zlib(zlib: unknown): void; _deflateRaw(payload: Uint8Array): Uint8Array };
cfbUtils.use_zlib({
  InflateRaw: function InflateRaw() {
    return guardedInflater();
  },
  deflateRawSync: (payload: Uint8Array) => cfbUtils._deflateRaw(payload),
});

/** XLSX.read of a whole workbook, its parts together held to the size guards as they inflate. */
export function readBook(bytes: Buffer, options: XLSX.ParsingOptions): XLSX.WorkBook {
  const limit = Math.min(MAX_PART_BYTES, inflateLimit(bytes.length));
  inflateBudget = { left: limit, limit, fileBytes: bytes.length };
  try {
    return XLSX.read(bytes, options);
  } finally {
    inflateBudget = null;
  }
}
