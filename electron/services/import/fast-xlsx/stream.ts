/**
 * The fast XLSX reader's worksheet, read as it inflates (issue 23): the part's bytes come in
 * chunks (package.ts, `stream`) and are never one string or Buffer, so a sheet of a million
 * rows (an 850 MB part) is read like one of a hundred. The chunks are gathered into windows
 * cut just before the last `<row` they hold: the row scan (sheet.ts) reads each window's
 * whole rows, and the row cut short there — a tag, a cell, an entity or a UTF-8 sequence
 * split between two chunks — is read whole with the next window. A row the cut would split
 * inside (a `<row` in a cell's text, which no writer writes) is declined, never misread:
 * the row scan declines any row its window ends inside.
 *
 * What lies outside the rows — the part before `<sheetData>` and after `</sheetData>`
 * (merged ranges, hyperlinks) — is kept whole and read as sheet.ts always read it, as is
 * everything SheetJS looks for all over the part (a prefixed `</x:row>`). Past 256 MB
 * (the size the reader once read whole) either is declined.
 */
import type { RawCell } from '../../../../shared/io/types';
import type { MergeRange } from '../table';
import { MAX_COLUMNS, MAX_ROWS, rowScanner, type SheetContext } from './sheet';
import { latin1 } from './values';
import { decline, parseTag, safeDecodeRange, utf8read } from './xml';

export interface ScannedSheet {
  /** the sheet's rows (0-based); a row without cells may be a hole */
  grid: (RawCell[] | undefined)[];
  merges: MergeRange[];
}

export interface ScanOptions {
  /** the least a window grows by; tests make it a few bytes, so that every split falls between two chunks somewhere */
  windowBytes: number;
  /** after each window is gathered, with the part's bytes inflated so far: progress, and a cancel (by throwing) */
  onWindow?: ((inflated: number) => void | Promise<void>) | undefined;
}

/** The rows and what lies outside them, kept whole up to this (the size of a part the reader once read whole): past it, declined. */
const OUTSIDE_BYTES = 256 * 1024 * 1024;

const GT = 62;
const SLASH = 47;
const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;

const MERGE = /<(?:\w+:)?mergeCell ref=["'][A-Z0-9:]+['"]\s*[/]?>/g;
const HYPERLINK = /<(?:\w+:)?hyperlink [^<>]*>/gm;
/** SheetJS ends a row it skips (sheetRows) at a prefixed `</x:row>` too: a sheet with one is not ranked here */
const PREFIXED_ROW = ':row>';

/** A worksheet part's cells and merged ranges, from its inflating chunks. */
export async function scanSheet(chunks: AsyncIterable<Buffer>, context: SheetContext, options: ScanOptions): Promise<ScannedSheet> {
  const scanner = rowScanner(context);
  const iterator = chunks[Symbol.asyncIterator]();
  let window: Buffer = Buffer.alloc(0);
  let ended = false;
  let inflated = 0;
  let previous: Buffer = Buffer.alloc(0);
  /** Whether the part holds a prefixed `</x:row>`, also across two chunks. */
  const watch = (chunk: Buffer) => {
    const seam = Buffer.concat([previous, chunk.subarray(0, PREFIXED_ROW.length - 1)]);
    if (chunk.includes(PREFIXED_ROW) || seam.includes(PREFIXED_ROW)) decline('a prefixed row');
    // the part's last bytes so far, however short the chunks
    const last = chunk.length >= PREFIXED_ROW.length - 1 ? chunk : Buffer.concat([previous, chunk]);
    previous = Buffer.from(last.subarray(Math.max(0, last.length - (PREFIXED_ROW.length - 1))));
  };
  /** The window grown by at least its own size (so a long run without a cut costs linear time); false once the part has ended. */
  const grow = async (): Promise<boolean> => {
    if (ended) return false;
    const parts = [window];
    let added = 0;
    const want = Math.max(options.windowBytes, window.length);
    while (added < want) {
      const next = await iterator.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      const chunk = next.value;
      if (context.sheetRows > 0) watch(chunk);
      parts.push(chunk);
      added += chunk.length;
    }
    inflated += added;
    window = Buffer.concat(parts);
    await options.onWindow?.(inflated);
    return added > 0;
  };
  try {
    // up to `<sheetData …>`, the tag whole
    let open = -1;
    let end = -1;
    for (;;) {
      open = window.indexOf('<sheetData');
      if (open >= 0 && (end = window.indexOf(GT, open)) >= 0) break;
      if (window.length > OUTSIDE_BYTES) decline('too much before the rows');
      if (!(await grow())) break;
    }
    // a prefixed <x:sheetData> is read by SheetJS, not here
    if (open < 0) {
      if (window.includes(':sheetData')) decline('a prefixed sheet');
      return { grid: scanner.grid, merges: outsideRows(window, Buffer.alloc(0)) };
    }
    const head = Buffer.from(window.subarray(0, open));
    if (head.includes(':sheetData')) decline('a prefixed sheet');
    const c = window[open + 10];
    if (c !== GT && c !== SLASH && !isSpace(c)) decline('an odd sheetData tag');
    if (end < 0) decline('an unclosed sheetData tag');
    const selfClosing = window[end - 1] === SLASH;
    window = window.subarray(end + 1);
    // the rows, window by window; the last window, once the part has ended, to `</sheetData>`
    while (!selfClosing) {
      if (ended) {
        window = window.subarray(scanner.rows(window, 0, false));
        break;
      }
      const cut = window.lastIndexOf('<row');
      if (cut > 0) {
        const close = scanner.rows(window.subarray(0, cut), 0, true);
        if (close >= 0) {
          window = window.subarray(close);
          break;
        }
        window = window.subarray(cut);
      }
      await grow();
    }
    // after the rows, to the part's end
    while (await grow()) if (window.length > OUTSIDE_BYTES) decline('too much after the rows');
    return { grid: scanner.grid, merges: outsideRows(head, window) };
  } finally {
    await iterator.return?.();
  }
}

/** The merged ranges outside the rows, as SheetJS reads them; hyperlinks checked. */
function outsideRows(before: Buffer, after: Buffer): MergeRange[] {
  const outside = [latin1(before, 0, before.length), latin1(after, 0, after.length)];
  const merges: MergeRange[] = [];
  for (const part of outside) for (const m of part.match(MERGE) ?? []) merges.push(safeDecodeRange(m.slice(m.indexOf('=') + 2)));
  hyperlinks(outside.flatMap((part) => part.match(HYPERLINK) ?? []));
  return merges;
}

/**
 * SheetJS gives every cell a hyperlink covers a cell of no value (no value here either), up
 * to the first hyperlink without a range; one reaching past the sheet's last row or column
 * makes the sheet too large to read: declined.
 */
function hyperlinks(tags: string[]): void {
  for (const tag of tags) {
    const ref = parseTag(utf8read(tag)).ref;
    if (!ref) return;
    const range = safeDecodeRange(ref);
    if (range.s.r <= range.e.r && range.s.c <= range.e.c && (range.e.r >= MAX_ROWS || range.e.c >= MAX_COLUMNS)) decline('a hyperlink past the sheet');
  }
}
