/**
 * A worksheet part: its view (frozen header, selected tab), columns, title and header rows,
 * then the data rows in chunks as the zip asks for them, each cell a number with its format
 * or a text cell; the autofilter and page setup last (and on the Charts sheet its page breaks
 * and the charts' drawing). No cell carries a formula.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { columnLetter } from '../../../../shared/io/types';
import { DEFAULT_CURRENCY } from '../../../../shared/model/currency';
import type { Cell, CellFormat, SheetSpec } from '../../../../shared/report/sheet';
import { XmlBytes } from './bytes';
import { chartSheetTail } from './drawing';
import { columnWidths, layoutOf, pagesAcrossOf, rowHeight } from './layout';
import { inlineCell, type SharedStrings } from './strings';
import { STYLE_HEADER, STYLE_NOTE, STYLE_TITLE, type MoneyStyles } from './styles';
import type { Tone } from '../../../../shared/report/kpis';

/** Excel stores dates as days since 1899-12-30; the app's as days since 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;
/** Sheets from this many rows recall their per-partner texts by row (`perPartner`); below, a lookup is cheap. */
export const MEMO_ROWS = 2000;

/**
 * A cell at `ref` (' r="B7"', or '' in a data row where it is the next column), written into
 * `out`; false, and nothing written, when it is empty.
 */
function writeCell(out: XmlBytes, ref: string, cell: Cell | undefined, format: CellFormat, strings: SharedStrings, money: MoneyStyles, wrap: boolean): boolean {
  if (cell === null || cell === undefined || cell === '') return false;
  if (typeof cell === 'string') {
    strings.write(out, ref, cell, wrap);
    return true;
  }
  if (typeof cell === 'boolean') {
    strings.write(out, ref, cell ? 'yes' : 'no');
    return true;
  }
  let value: number | null;
  let f: CellFormat;
  let currency: string | undefined;
  let tone: Tone | undefined;
  if (typeof cell === 'number') {
    value = cell;
    f = format;
  } else {
    value = cell.value;
    f = cell.format;
    currency = cell.currency;
    tone = cell.tone;
  }
  if (value === null || Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) {
    strings.write(out, ref, value > 0 ? '∞' : '−∞');
    return true;
  }
  const style = money.cellStyle(f, currency, tone);
  out.ascii('<c');
  if (ref !== '') out.ascii(ref);
  if (style) {
    out.ascii(' s="');
    out.uint(style);
    out.ascii('"><v>');
  } else out.ascii('><v>');
  out.number(f === 'date' ? value + EXCEL_EPOCH_OFFSET : value);
  out.ascii('</v></c>');
  return true;
}

/** The sheet's XML, in chunks of rows, as the zip asks for it. */
export async function* sheetXml(sheet: SheetSpec, selected: boolean, strings: SharedStrings, money: MoneyStyles, onRows: (n: number) => void, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const { headerRow, lastRow, lastColumn } = layoutOf(sheet);
  const letters = sheet.columns.map((_, k) => columnLetter(k));
  const freezeCols = Math.min(sheet.freezeColumns, sheet.columns.length - 1);
  const topLeft = `${columnLetter(Math.max(0, freezeCols))}${headerRow + 1}`;
  const pane = freezeCols > 0 ? 'bottomRight' : 'bottomLeft';
  const widths = columnWidths(sheet, money.currencies[0] ?? DEFAULT_CURRENCY);
  const across = pagesAcrossOf(sheet, widths);
  // only the small sheets wrap: the per-partner rows skip the measuring
  const wraps = sheet.columns.some((c) => c.wrap);
  const charts = (sheet.charts?.length ?? 0) > 0;
  const head = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    charts ? '' : '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
    `<dimension ref="A1:${lastColumn}${lastRow}"/>`,
    `<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}>`,
    `<pane${freezeCols > 0 ? ` xSplit="${freezeCols}"` : ''} ySplit="${headerRow}" topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>`,
    `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>`,
    '</sheetView></sheetViews>',
    '<sheetFormatPr defaultRowHeight="15"/>',
    `<cols>${widths.map((w, k) => `<col min="${k + 1}" max="${k + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`,
    '<sheetData>',
  ];
  sheet.title.forEach((line, i) => {
    head.push(`<row r="${i + 1}">${inlineCell(` r="A${i + 1}"`, line, i === 0 ? STYLE_TITLE : STYLE_NOTE)}</row>`);
  });
  head.push(`<row r="${headerRow}">${sheet.columns.map((c, k) => inlineCell(` r="${letters[k]}${headerRow}"`, c.header, STYLE_HEADER)).join('')}</row>`);
  yield Buffer.from(head.join(''), 'utf8');

  const CHUNK = 2000;
  const out = new XmlBytes();
  const columns = sheet.columns;
  const formats = columns.map((c) => c.format);
  const wrapAt = columns.map((c) => c.wrap === true);
  // per-partner texts recalled by row (in the large sheets only, and never in a wrapped column)
  const memos = columns.map((c) => (c.perPartner !== undefined && !c.wrap && sheet.rowCount >= MEMO_ROWS ? strings.memo(c.perPartner, sheet.rowCount) : undefined));
  // each column's last text a data cell wrote to the table, and its code
  const above: (string | undefined)[] = columns.map(() => undefined);
  const aboveCode = new Int32Array(columns.length);
  for (let start = 0; start < sheet.rowCount; start += CHUNK) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The export was cancelled.');
    const end = Math.min(sheet.rowCount, start + CHUNK);
    for (let i = start; i < end; i += 1) {
      const r = headerRow + 1 + i;
      const row = sheet.row(i);
      out.ascii('<row r="');
      out.uint(r);
      out.ascii(wraps ? `"${rowHeight(row, sheet, widths)}>` : '">');
      // a cell names its place only after an empty one; otherwise it is the next column
      let gap = false;
      for (let k = 0; k < columns.length; k += 1) {
        const cell = row[k];
        if (!gap && typeof cell === 'string' && cell !== '' && !wrapAt[k]) {
          const memo = memos[k];
          if (memo !== undefined) {
            // a partner's ID or name: the same text at this row in the sheet before
            if (memo.texts[i] === cell) strings.writeKnown(out, memo.codes[i]!);
            else {
              const code = strings.write(out, '', cell);
              if (code >= 0) {
                memo.texts[i] = cell;
                memo.codes[i] = code;
              }
            }
          } else if (cell === above[k]) {
            // the same text as the row above (a tier, a motion, a change)
            strings.writeKnown(out, aboveCode[k]!);
          } else {
            const code = strings.write(out, '', cell);
            if (code >= 0) {
              above[k] = cell;
              aboveCode[k] = code;
            }
          }
          continue;
        }
        gap = !writeCell(out, gap ? ` r="${letters[k]}${r}"` : '', cell, formats[k]!, strings, money, wrapAt[k]!);
      }
      out.ascii('</row>');
    }
    onRows(end - start);
    yield out.take();
    // let IPC, progress and cancel be answered between chunks
    await tick();
  }
  yield Buffer.from(
    [
      '</sheetData>',
      `<autoFilter ref="A${headerRow}:${lastColumn}${lastRow}"/>`,
      '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
      // a row printed on several pages across reads on consecutive pages
      // a sheet with charts: printed at a fixed scale with a break before charts a page cannot hold, then its drawing (drawing.ts)
      charts
        ? chartSheetTail(sheet, widths)
        : `<pageSetup${sheet.landscape ? ' orientation="landscape"' : ''} fitToWidth="${across}" fitToHeight="0"${across > 1 ? ' pageOrder="overThenDown"' : ''}/>`,
      '</worksheet>',
    ].join(''),
    'utf8',
  );
}
