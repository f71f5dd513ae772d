/**
 * A worksheet's XML as it streams out of the ZIP, never held whole: its opening up to the
 * <sheetData> tag and its first rows, and its rows cut after a closing row tag into pieces.
 */
import type yauzl from 'yauzl';
import { LargeSheetError } from './guards';
import { streamText } from './zip';

/** The rows kept of a large sheet in the reduced workbook. */
const FIRST_ROWS_CHARS = 1024 * 1024;

/** The opening <sheetData> tag, with the namespace prefix the part uses ("" or "x:"), and whether it closes itself. */
const SHEET_DATA_OPEN = /<(\w+:)?sheetData\b[^>]*?(\/?)>/;
/** No sheet keeps this much XML before its rows. */
const MAX_HEAD_CHARS = 16 * 1024 * 1024;

export interface SheetHead {
  /** everything up to and including the <sheetData> tag */
  prefix: string;
  /** the part's namespace prefix for its tags ("" or e.g. "x:") */
  ns: string;
  firstRows: string;
}

export function closing(head: Pick<SheetHead, 'ns'>): string {
  return `</${head.ns}sheetData></${head.ns}worksheet>`;
}

/** Finds the <sheetData> tag in `text`; null while it has not come yet. */
function findOpen(text: string, part: string): { prefix: string; ns: string } | null {
  const open = SHEET_DATA_OPEN.exec(text);
  if (!open) {
    if (text.length > MAX_HEAD_CHARS) throw new LargeSheetError(`the sheet ${part} has no rows where a sheet keeps them`);
    return null;
  }
  if (open[2] === '/') throw new LargeSheetError(`the sheet ${part} is large but holds no rows`);
  return { prefix: text.slice(0, open.index + open[0].length), ns: open[1] ?? '' };
}

/** Everything up to and including the sheet's <sheetData> tag, and about a megabyte of its first whole rows. */
export async function readHead(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<SheetHead> {
  let text = '';
  let head: { prefix: string; ns: string } | null = null;
  let firstRows = '';
  await streamText(zip, entry, (more, _inflated, ended) => {
    text += more;
    if (!head) {
      head = findOpen(text, entry.fileName);
      if (!head) return false;
      text = text.slice(head.prefix.length);
    }
    if (text.length < FIRST_ROWS_CHARS && !ended) return false;
    const end = text.lastIndexOf(`</${head.ns}row>`);
    firstRows = end < 0 ? '' : text.slice(0, end + `</${head.ns}row>`.length);
    return true;
  });
  if (!head) throw new LargeSheetError(`the sheet ${entry.fileName} has no rows where a sheet keeps them`);
  const found: { prefix: string; ns: string } = head;
  return { prefix: found.prefix, ns: found.ns, firstRows };
}

/**
 * A sheet's rows, a piece at a time, each cut after a closing row tag:
 * `piece(rows, suffix, last)`, where the last piece's suffix is everything from
 * </sheetData> to the end of the part.
 */
export async function splitRows(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  ns: string,
  pieceChars: number,
  piece: (rows: string, suffix: string, last: boolean) => Promise<void>,
  onFraction?: (fraction: number) => void,
): Promise<void> {
  const rowEnd = `</${ns}row>`;
  const dataEnd = `</${ns}sheetData>`;
  // an object, not a variable: the callback below moves it on, which a narrowed `let` would hide
  const at: { phase: 'head' | 'rows' | 'tail' } = { phase: 'head' };
  let head = '';
  // rows not yet given out, as the inflater's chunks: joined once per piece, never grown
  // one chunk at a time (a string grown and searched per chunk is quadratic at 1M rows)
  let pending: string[] = [];
  let pendingChars = 0;
  /** the end of what came before, for a </sheetData> split across two chunks */
  let carry = '';
  const suffix: string[] = [];
  const takeRows = (text: string) => {
    pending.push(text);
    pendingChars += text.length;
  };
  await streamText(zip, entry, async (more, inflated) => {
    onFraction?.(inflated / Math.max(entry.uncompressedSize, 1));
    if (at.phase === 'tail') {
      suffix.push(more);
      return false;
    }
    if (at.phase === 'head') {
      head += more;
      const open = findOpen(head, entry.fileName);
      if (!open) return false;
      more = head.slice(open.prefix.length);
      head = '';
      at.phase = 'rows';
    }
    const probe = carry + more;
    const close = probe.indexOf(dataEnd);
    if (close < 0) {
      takeRows(more);
      carry = probe.slice(-(dataEnd.length - 1));
    } else {
      at.phase = 'tail';
      const inMore = close - carry.length;
      if (inMore >= 0) {
        takeRows(more.slice(0, inMore));
        suffix.push(more.slice(inMore));
      } else {
        // the tag began in the chunk before: give those characters back to the suffix
        const rows = pending.join('');
        pending = [];
        pendingChars = 0;
        takeRows(rows.slice(0, rows.length + inMore));
        suffix.push(rows.slice(rows.length + inMore), more);
      }
    }
    while (pendingChars >= pieceChars) {
      const buffer = pending.join('');
      const end = buffer.lastIndexOf(rowEnd, pieceChars);
      if (end < 0) throw new LargeSheetError(`the sheet ${entry.fileName} has a row of more than ${pieceChars.toLocaleString('en-US')} characters of XML`);
      const cut = end + rowEnd.length;
      pending = [buffer.slice(cut)];
      pendingChars = buffer.length - cut;
      await piece(buffer.slice(0, cut), '', false);
    }
    return false;
  });
  if (at.phase !== 'tail') throw new LargeSheetError(`the sheet ${entry.fileName} is cut short (its rows never end)`);
  await piece(pending.join(''), suffix.join(''), true);
}

/** Rows in a run of row elements: <row …>…</row> and <row …/> alike. */
export function countRows(rows: string, ns: string): number {
  const open = `<${ns}row`;
  let n = 0;
  for (let i = rows.indexOf(open); i >= 0; i = rows.indexOf(open, i + open.length)) {
    const next = rows.charCodeAt(i + open.length);
    // "<row " / "<row>" / "<row/>" / a line break; not "<rowBreaks"
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n += 1;
  }
  return n;
}
