/**
 * Reading a partner file into a table (DESIGN D9.1): CSV through Papa Parse, XLSX / XLS / ODS
 * through SheetJS — the format decided by the file's bytes, not its name. Formulas are
 * never evaluated (cached values only), and only the chosen sheet is parsed.
 *
 * This module checks the file and decides its format; the readers are in read/.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadFileError } from './errors';
import { readCsv } from './read/csv';
import { throwIfCancelled, type ReadOptions, type SourceTable } from './read/source';
import { readWorkbook } from './read/workbook';

/** Imports larger than this are refused with a clear message (issue 8: a size limit). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.ods', '.xlsb']);

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const KNOWN_BINARIES: [readonly number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'a SQLite database'],
];

export async function readSource(file: string, options: ReadOptions = {}): Promise<SourceTable> {
  const fileName = options.displayName ?? path.basename(file);
  const quoted = `"${fileName}"`;
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new BadFileError(`${quoted} cannot be found or read.`);
  }
  if (info.isDirectory()) throw new BadFileError(`${quoted} is a folder, not a file.`);
  // a device (/dev/null, /dev/zero), a pipe or a socket: never opened (reading a pipe or /dev/zero would never end)
  if (!info.isFile()) throw new BadFileError(`${quoted} is not a regular file (a device, a pipe or a socket): there is no partner list to read.`);
  if (info.size === 0) throw new BadFileError(`${quoted} is empty (0 bytes): there is nothing to import.`);
  if (info.size > MAX_IMPORT_BYTES) {
    throw new BadFileError(
      `${quoted} is ${(info.size / 1024 / 1024).toFixed(0)} MB; Tierscape imports files of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Remove unused columns or split the file.`,
    );
  }
  const bytes = await readFile(file);
  throwIfCancelled(options.signal);
  options.onProgress?.({ fraction: 0.1 });
  const modified = info.mtime.toISOString().slice(0, 10);
  const ext = path.extname(fileName).toLowerCase();

  for (const [signature, what] of KNOWN_BINARIES) {
    if (startsWith(bytes, signature)) {
      throw new BadFileError(`${quoted} is ${what}, not a spreadsheet or CSV file.`);
    }
  }
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) {
    return { ...(await readWorkbook(bytes, fileName, startsWith(bytes, OLE) ? 'xls' : 'zip', options)), modified };
  }
  if (SPREADSHEET_EXTENSIONS.has(ext)) {
    const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
    // some systems export HTML or XML tables with an .xls name; SheetJS reads those
    if (ext === '.xls' && (head.startsWith('<') || head.startsWith('\ufeff<'))) {
      return { ...(await readWorkbook(bytes, fileName, 'xls', options)), modified };
    }
    throw new BadFileError(
      `${quoted} has a ${ext} name but is not an Excel or OpenDocument workbook (it is neither a ZIP nor an OLE file). If it is a CSV file, rename it to .csv.`,
    );
  }
  return { ...(await readCsv(bytes, fileName, options)), modified };
}
