/**
 * The fast XLSX reader (issue 23): a worksheet's cells read straight from the ZIP — the
 * package (package.ts), the shared strings parsed once (strings.ts), the date formats
 * (styles.ts), and one pass over the sheet's bytes (sheet.ts) — giving the very grid and
 * merged ranges that SheetJS and read/cells.ts give, in a fraction of SheetJS's time.
 *
 * It reads only what it reads exactly as SheetJS does; anything else it declines (null),
 * and the import reads the file through SheetJS as before (read/workbook.ts). The ZIP's
 * size guards hold here too: a part past them is declined before or while it inflates.
 */
import type { RawCell } from '../../../../shared/io/types';
import type { MergeRange } from '../table';
import { binary, openPackage, type FastPackage } from './package';
import { scanSheet, type SheetContext } from './sheet';
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
  /** one sheet's cells, only its rows numbered up to `sheetRows` when given; null when declined */
  sheet(name: string, sheetRows?: number): Promise<FastSheet | null>;
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

/** The workbook as the fast reader reads it; null when it declines the file. */
export async function openFastXlsx(bytes: Buffer, largePart?: number): Promise<FastWorkbook | null> {
  const pkg = await declined(() => openPackage(bytes, largePart));
  if (!pkg) return null;
  let context: Promise<Omit<SheetContext, 'sheetRows'>> | null = null;
  const shared = () => (context ??= readContext(pkg));
  return {
    names: pkg.sheets.map((s) => s.name),
    sheet: (name, sheetRows = 0) =>
      declined(async () => {
        const part = pkg.sheets.find((s) => s.name === name)?.part;
        if (part === undefined) return null;
        const cells = await shared();
        // SheetJS gives a cell a comment is on a cell of no value, even past the sheet's edge: a sheet with comments is left to it
        const rels = part.replace(/^(.*)\/([^/]*)$/, '$1/_rels/$2.rels');
        if (pkg.has(rels) && /relationships\/comments|threadedComment/.test(binary(await pkg.read(rels)))) return null;
        return scanSheet(await pkg.read(part), { ...cells, sheetRows });
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
