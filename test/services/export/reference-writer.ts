/**
 * The workbook writer's sheet and shared-string parts as they were written before the writer
 * wrote bytes (docs/PERFORMANCE.md, "The workbook writer"): a string per cell, joined per row.
 * Kept as the reference xlsx-sameness.test.ts holds the writer to, part for part. Test-only.
 */
import { looksLikeFormula } from '../../../shared/io/inert';
import { columnLetter } from '../../../shared/io/types';
import { DEFAULT_CURRENCY } from '../../../shared/model/currency';
import { isFormatted, type Cell, type CellFormat, type SheetSpec } from '../../../shared/report/sheet';
import { chartSheetTail } from '../../../electron/services/export/xlsx/drawing';
import { escapeXml } from '../../../electron/services/export/xlsx/escape';
import { columnWidths, layoutOf, pagesAcrossOf, rowHeight } from '../../../electron/services/export/xlsx/layout';
import { inlineCell } from '../../../electron/services/export/xlsx/strings';
import { INERT_TWIN, STYLE_DEFAULT, STYLE_HEADER, STYLE_INERT_TEXT, STYLE_NOTE, STYLE_TITLE, STYLE_WRAP, type MoneyStyles } from '../../../electron/services/export/xlsx/styles';

const SPACE_TO_KEEP = /^\s|\s$|[\t\n]/;

export class ReferenceStrings {
  static readonly MAX_LENGTH = 48;
  private readonly index = new Map<string, number>();
  readonly texts: string[] = [];
  private readonly cells = new Map<string, string>();
  uses = 0;

  constructor(private readonly maxCount = 2_000_000) {}

  cell(ref: string, text: string, wrap = false): string {
    const cacheable = ref === '' && !wrap;
    if (cacheable) {
      const known = this.cells.get(text);
      if (known !== undefined) {
        this.uses += 1;
        return known;
      }
    }
    const style = wrap ? STYLE_WRAP : STYLE_DEFAULT;
    if (text.length > ReferenceStrings.MAX_LENGTH || this.texts.length >= this.maxCount) return inlineCell(ref, text, style);
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    this.uses += 1;
    const s = looksLikeFormula(text) ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
    const xml = `<c${ref}${s ? ` s="${s}"` : ''} t="s"><v>${i}</v></c>`;
    if (cacheable) this.cells.set(text, xml);
    return xml;
  }

  xml(): string {
    const parts = [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.uses}" uniqueCount="${this.texts.length}">`,
    ];
    for (const text of this.texts) parts.push(`<si><t${SPACE_TO_KEEP.test(text) ? ' xml:space="preserve"' : ''}>${escapeXml(text)}</t></si>`);
    parts.push('</sst>');
    return parts.join('');
  }
}

const EXCEL_EPOCH_OFFSET = 25569;

function cellXml(ref: string, cell: Cell, format: CellFormat, strings: ReferenceStrings, money: MoneyStyles, wrap = false): string {
  if (cell === null || cell === undefined || cell === '') return '';
  if (typeof cell === 'string') return strings.cell(ref, cell, wrap);
  if (typeof cell === 'boolean') return strings.cell(ref, cell ? 'yes' : 'no');
  const { value, format: f } = isFormatted(cell) ? cell : { value: cell, format };
  if (value === null || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return strings.cell(ref, value > 0 ? '∞' : '−∞');
  const v = f === 'date' ? value + EXCEL_EPOCH_OFFSET : value;
  const style = isFormatted(cell) ? money.cellStyle(f, cell.currency, cell.tone) : money.cellStyle(f, undefined, undefined);
  return `<c${ref}${style ? ` s="${style}"` : ''}><v>${v}</v></c>`;
}

/** A sheet part's text, as the string writer wrote it. */
export function referenceSheetXml(sheet: SheetSpec, selected: boolean, strings: ReferenceStrings, money: MoneyStyles): string {
  const { headerRow, lastRow, lastColumn } = layoutOf(sheet);
  const letters = sheet.columns.map((_, k) => columnLetter(k));
  const freezeCols = Math.min(sheet.freezeColumns, sheet.columns.length - 1);
  const topLeft = `${columnLetter(Math.max(0, freezeCols))}${headerRow + 1}`;
  const pane = freezeCols > 0 ? 'bottomRight' : 'bottomLeft';
  const widths = columnWidths(sheet, money.currencies[0] ?? DEFAULT_CURRENCY);
  const across = pagesAcrossOf(sheet, widths);
  const wraps = sheet.columns.some((c) => c.wrap);
  // (the Charts sheet, added since: printed at a fixed scale, its page breaks and drawing as drawing.ts writes them)
  const charts = (sheet.charts?.length ?? 0) > 0;
  const out = [
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
    out.push(`<row r="${i + 1}">${inlineCell(` r="A${i + 1}"`, line, i === 0 ? STYLE_TITLE : STYLE_NOTE)}</row>`);
  });
  out.push(`<row r="${headerRow}">${sheet.columns.map((c, k) => inlineCell(` r="${letters[k]}${headerRow}"`, c.header, STYLE_HEADER)).join('')}</row>`);
  for (let i = 0; i < sheet.rowCount; i += 1) {
    const r = headerRow + 1 + i;
    const row = sheet.row(i);
    let xml = `<row r="${r}"${wraps ? rowHeight(row, sheet, widths) : ''}>`;
    let gap = false;
    for (let k = 0; k < sheet.columns.length; k += 1) {
      const column = sheet.columns[k]!;
      const c = cellXml(gap ? ` r="${letters[k]}${r}"` : '', row[k] ?? null, column.format, strings, money, column.wrap === true);
      gap = c === '';
      xml += c;
    }
    out.push(`${xml}</row>`);
  }
  out.push(
    '</sheetData>',
    `<autoFilter ref="A${headerRow}:${lastColumn}${lastRow}"/>`,
    '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
    charts ? chartSheetTail(sheet, widths) : `<pageSetup${sheet.landscape ? ' orientation="landscape"' : ''} fitToWidth="${across}" fitToHeight="0"${across > 1 ? ' pageOrder="overThenDown"' : ''}/>`,
    '</worksheet>',
  );
  return out.join('');
}
