/**
 * The size guards of a workbook's ZIP against "ZIP bombs" (docs/SECURITY.md, Imported
 * partner files): how large a part may unpack, each and all together, and how many times
 * its packed size; and their refusals in words.
 */
import type yauzl from 'yauzl';

/** Why a workbook, or one of its large sheets, is not read: a size guard's refusal, or a sheet that cannot be cut into pieces. */
export class LargeSheetError extends Error {}

/**
 * The parts SheetJS reads in one go — every part but a worksheet read in pieces — may
 * not inflate past this, each or all of them together: SheetJS holds them all at once.
 */
export const MAX_PART_BYTES = 512 * 1024 * 1024;
/** A worksheet read in pieces may hold up to this much XML (a full 1,048,576-row sheet of ~40 columns); no workbook unpacks to more in all. */
export const MAX_LARGE_PART_BYTES = 4 * 1024 * 1024 * 1024;
/**
 * Sheet XML compresses about 10:1; the most compressible parts Excel writes (rows of
 * empty formatted cells, the drawings of cell comments) about 30:1. A part — any part:
 * sheet, shared strings, styles, one nothing refers to — that inflates more than this
 * many times its packed size is a ZIP bomb, not a workbook part; so is a workbook whose
 * parts together inflate more than this many times the file's size.
 */
export const MAX_INFLATE_RATIO = 100;
/** Up to this many bytes a part (or a whole workbook) may inflate whatever its ratio: tiny parts compress erratically. */
export const INFLATE_GRACE_BYTES = 1024 * 1024;

/** The most `packed` bytes may inflate to under the ratio guard. */
export function inflateLimit(packed: number): number {
  return Math.max(INFLATE_GRACE_BYTES, MAX_INFLATE_RATIO * packed);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;

/** A part's name as a message shows it: printable, and short. */
function shownPart(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 100 ? `${printable.slice(0, 100)}…` : printable;
}

/** Why a part is refused for its ratio; `ratio` is a number, or words such as "more than 100". */
export function tooPackedProblem(part: string | null, ratio: number | string): string {
  return `a part of it${part === null ? '' : ` (${shownPart(part)})`} unpacks to ${ratio} times its packed size; no workbook part is packed more than ${MAX_INFLATE_RATIO} to 1: this is a "ZIP bomb", not a workbook`;
}

/** Why a part is refused for its size. */
export function tooLargeProblem(part: string | null, cap: number): string {
  return `a part of it${part === null ? '' : ` (${shownPart(part)})`} unpacks to more than ${megabytes(cap)}, more than Tierscape reads from a workbook (a sheet of about a million rows is that large); save the sheet as CSV and import the CSV, which has no such limit`;
}

/** Why a workbook is refused for the size of all its parts together, `limit` bytes. */
export function tooLargeInAllProblem(limit: number, fileBytes: number): string {
  return limit < MAX_PART_BYTES && limit >= inflateLimit(fileBytes)
    ? `its parts unpack to more than ${megabytes(limit)} together, more than ${MAX_INFLATE_RATIO} times the file's size: this is a "ZIP bomb", not a workbook`
    : `its parts unpack to more than ${megabytes(limit)} together, more than Tierscape reads from a workbook at once; save the sheet as CSV and import the CSV, which has no such limit`;
}

/**
 * The size guards, from the sizes the ZIP declares, before anything is inflated: each
 * part within its cap and the inflate ratio; the parts read in one go within
 * MAX_PART_BYTES together, and all of them within MAX_INFLATE_RATIO times the file.
 * (A ZIP that declares less than it holds is caught as it inflates: yauzl checks the
 * declared sizes of what it streams, read/inflate.ts limits what SheetJS inflates.)
 */
export function refuseBombs(entries: readonly yauzl.Entry[], large: ReadonlySet<yauzl.Entry>, fileBytes: number): void {
  let oneGo = 0;
  let all = 0;
  for (const e of entries) {
    const cap = large.has(e) ? MAX_LARGE_PART_BYTES : MAX_PART_BYTES;
    if (e.uncompressedSize > cap) throw new LargeSheetError(tooLargeProblem(e.fileName, cap));
    if (e.uncompressedSize > inflateLimit(e.compressedSize)) {
      throw new LargeSheetError(tooPackedProblem(e.fileName, Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))));
    }
    all += e.uncompressedSize;
    if (!large.has(e)) oneGo += e.uncompressedSize;
  }
  if (oneGo > MAX_PART_BYTES) throw new LargeSheetError(tooLargeInAllProblem(MAX_PART_BYTES, fileBytes));
  const allLimit = Math.min(MAX_LARGE_PART_BYTES, inflateLimit(fileBytes));
  if (all > allLimit) throw new LargeSheetError(tooLargeInAllProblem(allLimit, fileBytes));
}
