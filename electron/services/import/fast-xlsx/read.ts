/**
 * A workbook's table through the fast XLSX reader (issue 23), chosen and shaped as
 * read/workbook.ts chooses and shapes it through SheetJS: the chosen sheet, or the one that
 * looks most like a partner list (ranked by `score` from the first 40 rows of each), the
 * first that holds a table; refused as read/workbook.ts refuses it when that table is too
 * sparse or no sheet holds one. Null whenever the reader declines a part of it: the import
 * then reads the file through SheetJS.
 */
import type { RawTable } from '../../../../shared/io/types';
import { BadFileError } from '../errors';
import { sparseRefusal } from '../read/limits';
import { nextTurn, throwIfCancelled, type ReadOptions, type SourceTable } from '../read/source';
import { shapeTable, SparseTableError } from '../table';
import { openFastXlsx } from './index';

/** The rows read of each sheet to rank them (as read/workbook.ts's rankSheets). */
const RANK_ROWS = 40;

export async function readFastWorkbook(
  bytes: Buffer,
  fileName: string,
  options: ReadOptions,
  score: (sheet: string, table: RawTable) => number,
): Promise<Omit<SourceTable, 'modified'> | null> {
  const book = await openFastXlsx(bytes, options.largeSheet);
  if (!book) return null;
  const { names } = book;
  if (options.sheet !== undefined && !names.includes(options.sheet)) return null;
  throwIfCancelled(options.signal);
  let candidates = names;
  if (options.sheet !== undefined) candidates = [options.sheet];
  else if (names.length > 1) {
    const scores = new Map<string, number>();
    for (const name of names) {
      const first = await book.sheet(name, RANK_ROWS);
      if (!first) return null;
      let table: RawTable | null = null;
      try {
        table = shapeTable(first.grid, first.merges);
      } catch {
        // too sparse to be a partner list (forty rows never are: kept for safety)
      }
      scores.set(name, table ? score(name, table) : -1);
    }
    candidates = [...names].sort((a, b) => scores.get(b)! - scores.get(a)!);
  }
  let lastProblem = '';
  for (const name of candidates) {
    // progress through the sheet's bytes as they are read, and a cancel heard between windows of them
    const sheet = await book.sheet(name, 0, (fraction) => {
      throwIfCancelled(options.signal);
      options.onProgress?.({ fraction: 0.1 + 0.7 * fraction });
    });
    if (!sheet) return null;
    throwIfCancelled(options.signal);
    options.onProgress?.({ fraction: 0.8 });
    let table: RawTable | null;
    try {
      table = shapeTable(sheet.grid, sheet.merges);
    } catch (error) {
      if (error instanceof SparseTableError) {
        if (!(await book.checkRest())) return null;
        throw sparseRefusal(`"${fileName}"`, name, error);
      }
      throw error;
    }
    if (table && table.headers.some((h) => h !== '')) {
      if (!(await book.checkRest())) return null;
      options.onProgress?.({ fraction: 1 });
      return { fileName, format: 'xlsx', encoding: null, delimiter: null, sheets: names, sheet: name, table };
    }
    lastProblem = `sheet "${name}" is empty`;
    await nextTurn();
  }
  if (!(await book.checkRest())) return null;
  throw new BadFileError(`"${fileName}" holds no table to import (${lastProblem}).`);
}
