/**
 * A worksheet part: its view (frozen header, selected tab), columns, title and header rows,
 * then the data rows in chunks as the zip asks for them, each cell a number with its format
 * or a text cell; the autofilter and page setup last. No cell carries a formula.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { columnLetter } from '../../../../shared/io/types';
import { DEFAULT_CURRENCY } from '../../../../shared/model/currency';
import { isFormatted, type Cell, type CellFormat, type SheetSpec } from '../../../../shared/report/sheet';
import { columnWidths, layoutOf, pagesAcrossOf, rowHeight } from './layout';
import { inlineCell, type SharedStrings } from './strings';
import { FORMAT_STYLE, STYLE_DEFAULT, STYLE_HEADER, STYLE_NOTE, STYLE_TITLE, type MoneyStyles } from './styles';

/** Excel stores dates as days since 1899-12-30; the app's as days since 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

/** A cell at `ref` (' r="B7"', or '' in a data row where it is the next column); '' when empty. */
function cellXml(ref: string, cell: Cell, format: CellFormat, strings: SharedStrings, money: MoneyStyles, wrap = false): string {
  if (cell === null || cell === undefined || cell === '') return '';
  if (typeof cell === 'string') return strings.cell(ref, cell, wrap);
  if (typeof cell === 'boolean') return strings.cell(ref, cell ? 'yes' : 'no');
  const { value, format: f } = isFormatted(cell) ? cell : { value: cell, format };
  if (value === null || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return strings.cell(ref, value > 0 ? '∞' : '−∞');
  const v = f === 'date' ? value + EXCEL_EPOCH_OFFSET : value;
  const style = f === 'currency' || f === 'deltaCurrency' ? money.style(f, isFormatted(cell) ? cell.currency : undefined) : (FORMAT_STYLE.get(f) ?? STYLE_DEFAULT);
  return `<c${ref}${style ? ` s="${style}"` : ''}><v>${v}</v></c>`;
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
  const head = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
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
  for (let start = 0; start < sheet.rowCount; start += CHUNK) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The export was cancelled.');
    const end = Math.min(sheet.rowCount, start + CHUNK);
    const parts: string[] = [];
    for (let i = start; i < end; i += 1) {
      const r = headerRow + 1 + i;
      const row = sheet.row(i);
      let xml = `<row r="${r}"${wraps ? rowHeight(row, sheet, widths) : ''}>`;
      // a cell names its place only after an empty one; otherwise it is the next column
      let gap = false;
      for (let k = 0; k < sheet.columns.length; k += 1) {
        const column = sheet.columns[k]!;
        const c = cellXml(gap ? ` r="${letters[k]}${r}"` : '', row[k] ?? null, column.format, strings, money, column.wrap === true);
        gap = c === '';
        xml += c;
      }
      parts.push(`${xml}</row>`);
    }
    onRows(end - start);
    yield Buffer.from(parts.join(''), 'utf8');
    // let IPC, progress and cancel be answered between chunks
    await tick();
  }
  yield Buffer.from(
    [
      '</sheetData>',
      `<autoFilter ref="A${headerRow}:${lastColumn}${lastRow}"/>`,
      '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
      // a row printed on several pages across reads on consecutive pages
      `<pageSetup${sheet.landscape ? ' orientation="landscape"' : ''} fitToWidth="${across}" fitToHeight="0"${across > 1 ? ' pageOrder="overThenDown"' : ''}/>`,
      '</worksheet>',
    ].join(''),
    'utf8',
  );
}
