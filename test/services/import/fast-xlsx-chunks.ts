/**
 * The chunk sizes the fast XLSX reader's tests read every workbook in (LargeSheetSizes.chunkBytes,
 * fast-xlsx/stream.ts): its default windows, then chunks of a few bytes to a few KB, so that
 * every tag, cell, entity and UTF-8 sequence of a sheet falls across two chunks somewhere.
 */
export const CHUNKS: readonly (number | undefined)[] = [undefined, 3, 61, 4096];
