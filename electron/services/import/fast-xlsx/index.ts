/**
 * The fast XLSX reader (issue 23): a worksheet's cells read straight from the ZIP — the
 * package (package.ts), the shared strings parsed once (strings.ts), the date formats
 * (styles.ts), and one pass over the sheet's bytes as they inflate (stream.ts over
 * sheet.ts), whatever the sheet's size — giving the very grid and
 * merged ranges that SheetJS and read/cells.ts give, in a fraction of SheetJS's time.
 *
 * It reads only what it reads exactly as SheetJS does; anything else it declines (null),
 * and the import reads the file through SheetJS as before (read/workbook.ts). The ZIP's
 * size guards hold here too: a part past them is declined before or while it inflates.
 */
import type { RawCell } from '../../../../shared/io/types';
import type { LargeSheetSizes } from '../large-sheet';
import type { MergeRange } from '../table';
import { binary, openPackage, type FastPackage } from './package';
import type { SheetContext } from './sheet';
import { scanSheet } from './stream';
import { parseSharedStrings } from './strings';
import { dateFormats } from './styles';
import { Decline } from './xml';

export interface FastSheet {
  /** the sheet's rows (0-based); a row without cells may be a hole */
  grid: (RawCell[] | undefined)[];
  merges: MergeRange[];
}

export interface FastWorkbook {
  /** every sheet's name, in the workbook's order (SheetJS's SheetNames) */
  names: string[];
  /**
   * one sheet's cells, only its rows numbered up to `sheetRows` when given (0: all); null when
   * declined. `onFraction` hears how much of the sheet's part has been read, as it is read; it
   * may throw (a cancel), which stops the read.
   */
  sheet(name: string, sheetRows?: number, onFraction?: (fraction: number) => void | Promise<void>): Promise<FastSheet | null>;
  /** whether every part not read yet inflates within the guards, as SheetJS inflates them all */
  checkRest(): Promise<boolean>;
}

async function declined<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Decline) return null;
    throw error;
  }
}

/** A sheet's bytes are read a window of at least this many at a time (tests make it a few bytes: LargeSheetSizes.chunkBytes). */
const WINDOW_BYTES = 1024 * 1024;

/** The workbook as the fast reader reads it; null when it declines the file. */
export async function openFastXlsx(bytes: Buffer, sizes: LargeSheetSizes = {}): Promise<FastWorkbook | null> {
  const pkg = await declined(() => openPackage(bytes, sizes.partBytes));
  if (!pkg) return null;
  let context: Promise<Omit<SheetContext, 'sheetRows'>> | null = null;
  const shared = () => (context ??= readContext(pkg));
  return {
    names: pkg.sheets.map((s) => s.name),
    sheet: (name, sheetRows = 0, onFraction) =>
      declined(async () => {
        const part = pkg.sheets.find((s) => s.name === name)?.part;
        if (part === undefined) return null;
        const cells = await shared();
        // SheetJS gives a cell a comment is on a cell of no value, even past the sheet's edge: a sheet with comments is left to it
        const rels = part.replace(/^(.*)\/([^/]*)$/, '$1/_rels/$2.rels');
        if (pkg.has(rels) && /relationships\/comments|threadedComment/.test(binary(await pkg.read(rels)))) return null;
        const size = pkg.size(part);
        return scanSheet(
          pkg.stream(part, sizes.chunkBytes),
          { ...cells, sheetRows },
          { windowBytes: sizes.chunkBytes ?? WINDOW_BYTES, onWindow: onFraction && ((inflated) => onFraction(size > 0 ? Math.min(1, inflated / size) : 1)) },
        );
      }),
    checkRest: async () => (await declined(async () => (await pkg.checkRest(), true))) ?? false,
  };
}

async function readContext(pkg: FastPackage): Promise<Omit<SheetContext, 'sheetRows'>> {
  // SheetJS reads no shared strings from a part the content types name but the file lacks
  const strings = pkg.sharedStrings !== null && pkg.has(pkg.sharedStrings) ? parseSharedStrings(await pkg.read(pkg.sharedStrings)) : [];
  const dates = dateFormats(pkg.styles === null ? null : await pkg.read(pkg.styles));
  return { strings, dates, date1904: pkg.date1904 };
}
