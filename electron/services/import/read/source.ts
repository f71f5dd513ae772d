/**
 * What reading a partner file takes and gives (DESIGN D9.1): the options, the progress it
 * reports, the table it reads, and the turns a long read gives the event loop so progress
 * and cancel requests are answered.
 */
import type { RawTable, ValuesElsewhere } from '../../../../shared/io/types';
import type { TextEncoding } from '../decode';
import type { Delimiter } from '../delimiter';
import { CancelledError } from '../errors';
import type { LargeSheetSizes } from '../large-sheet';

export type SourceFormat = 'csv' | 'xlsx' | 'xls' | 'ods';

export interface ReadProgress {
  /** 0..1 of the reading step */
  fraction: number;
}

export interface ReadOptions {
  /** the sheet to read (spreadsheets); default: the first sheet that holds a table */
  sheet?: string | undefined;
  /** the name to use in messages when the path is a temporary upload */
  displayName?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: ReadProgress) => void) | undefined;
  /** where a sheet is read in pieces (large-sheet.ts); tests make it small */
  largeSheet?: LargeSheetSizes | undefined;
  /**
   * a CSV file's metric cells read on the second thread (`SourceTable.elsewhere`): asked by
   * the import, which disposes of it with its job; off for a read nobody disposes of
   */
  parallel?: boolean | undefined;
}

export interface SourceTable {
  fileName: string;
  format: SourceFormat;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  /** every sheet of a workbook (empty for CSV) */
  sheets: string[];
  sheet: string | null;
  table: RawTable;
  /** the file's modification date, a sensible default "as of" */
  modified: string;
  /** its metric cells read on another thread (a CSV file's: parallel-values.ts); disposed with the import */
  elsewhere?: (ValuesElsewhere & { dispose(): void }) | undefined;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Reading the file');
}

/** Yields to the event loop (progress and cancel requests get a turn). */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
