/**
 * Writes a WorkbookSpec (shared/report) as an .xlsx file.
 *
 * - SheetJS builds the package: workbook, sheet names, relationships, content types,
 *   document properties (title, subject, author, created, custom: dataset …) and the
 *   autofilter's defined names.
 * - The sheets' XML and the styles are written here, because SheetJS's community
 *   edition writes no cell styles (bold header rows, the quote prefix that keeps text
 *   inert) and no frozen panes, and because it takes about 12 s for the 5M cells of five
 *   100K-partner assignment sheets (measured: 2.4 µs per cell). Rows are produced as the
 *   zip consumes them, so a 1M-partner sheet is never held whole.
 * - yazl zips the parts with Node's zlib, off the main thread.
 *
 * Every text cell is a string cell; text a spreadsheet could read as a formula
 * (shared/io/inert) also gets `quotePrefix`, so editing it in Excel keeps it text. No
 * cell carries a formula.
 */
import { createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import * as XLSX from 'xlsx';
import path from 'node:path';
import { partialOf, sweepPartialWorkbooks } from '../leftovers';
import yazl from 'yazl';
import { looksLikeFormula, xmlSafeText } from '../../../shared/io/inert';
import { columnLetter } from '../../../shared/io/types';
import { currencyPrefix, DEFAULT_CURRENCY } from '../../../shared/model/currency';
import { cellText, CELL_FORMATS, isFormatted, type Cell, type CellFormat, type SheetSpec, type WorkbookSpec } from '../../../shared/report/sheet';

/**
 * Excel number formats: built-in ids where Excel has one, else custom ids from 164. Money
 * ('currency', 'deltaCurrency') is written in the workbook's currencies (see `moneyFormats`);
 * the codes here are US dollars'.
 */
const NUMBER_FORMATS: Record<CellFormat, { id: number; code?: string }> = {
  text: { id: 0 },
  count: { id: 3 },
  number: { id: 164, code: '#,##0.00' },
  currency: { id: 165, code: '"$"#,##0' },
  percent: { id: 166, code: '0.0%' },
  rating: { id: 167, code: '0.0#' },
  date: { id: 168, code: 'yyyy-mm-dd' },
  hours: { id: 169, code: '#,##0" h"' },
  progress: { id: 9 },
  deltaCount: { id: 170, code: '+#,##0;-#,##0;0' },
  deltaCurrency: { id: 171, code: '+"$"#,##0;-"$"#,##0;"$"0' },
  deltaPoints: { id: 172, code: '+0.0" pts";-0.0" pts";0.0" pts"' },
  deltaHours: { id: 173, code: '+#,##0" h";-#,##0" h";0" h"' },
};

/** cellXfs indices */
const STYLE_DEFAULT = 0;
const STYLE_HEADER = 1;
const STYLE_TITLE = 2;
const STYLE_NOTE = 3;
const STYLE_INERT_TEXT = 4;
const STYLE_WRAP = 5;
const STYLE_WRAP_INERT = 6;
const STYLE_HEADER_INERT = 7;
const STYLE_TITLE_INERT = 8;
const STYLE_NOTE_INERT = 9;
const FIRST_FORMAT_STYLE = 10;
/** each text style's quote-prefixed twin, for text that looks like a formula */
const INERT_TWIN = new Map([
  [STYLE_DEFAULT, STYLE_INERT_TEXT],
  [STYLE_WRAP, STYLE_WRAP_INERT],
  [STYLE_HEADER, STYLE_HEADER_INERT],
  [STYLE_TITLE, STYLE_TITLE_INERT],
  [STYLE_NOTE, STYLE_NOTE_INERT],
]);
const FORMAT_STYLE = new Map(CELL_FORMATS.map((f, i) => [f, FIRST_FORMAT_STYLE + i]));
/** the first custom format id after NUMBER_FORMATS' */
const FIRST_EXTRA_FORMAT = 174;

/**
 * The money formats of a currency. Dollars keep the workbook's first formats ("$"#,##0 and
 * +"$"#,##0;-"$"#,##0;"$"0); another currency's symbol is written as a currency symbol
 * ([$€]#,##0), which Excel shows and LibreOffice also reads as that currency (a quoted "€"
 * would read as text before a plain number there). A symbol of letters gets a space:
 * [$CHF]\ #,##0.
 */
export function moneyFormats(currency: string): { currency: string; deltaCurrency: string } {
  if (currency === DEFAULT_CURRENCY) return { currency: NUMBER_FORMATS.currency.code!, deltaCurrency: NUMBER_FORMATS.deltaCurrency.code! };
  const prefix = currencyPrefix(currency);
  const p = `[$${prefix.trim().replace(/[[\]"]/g, '')}]${prefix.endsWith(' ') ? '\\ ' : ''}`;
  return { currency: `${p}#,##0`, deltaCurrency: `+${p}#,##0;-${p}#,##0;${p}0` };
}

/**
 * The cell styles of money by currency: the workbook's currency uses the 'currency' and
 * 'deltaCurrency' styles of every workbook; each other currency gets two more styles
 * (and number formats) after them, in the order of `currencies`.
 */
class MoneyStyles {
  private readonly extra: string[];
  constructor(readonly currencies: readonly string[]) {
    this.extra = currencies.slice(1);
  }

  /** The style of a money cell in `currency` (the first of `currencies` when none or unknown). */
  style(format: 'currency' | 'deltaCurrency', currency: string | undefined): number {
    const j = currency === undefined ? -1 : this.extra.indexOf(currency);
    if (j < 0) return FORMAT_STYLE.get(format)!;
    return FIRST_FORMAT_STYLE + CELL_FORMATS.length + 2 * j + (format === 'deltaCurrency' ? 1 : 0);
  }

  /** number formats: the workbook currency's replace the dollar codes; the others' follow FIRST_EXTRA_FORMAT */
  formats(): { id: number; code: string }[] {
    const first = moneyFormats(this.currencies[0] ?? DEFAULT_CURRENCY);
    const base = CELL_FORMATS.map((f) => ({ id: NUMBER_FORMATS[f].id, code: f === 'currency' || f === 'deltaCurrency' ? first[f] : NUMBER_FORMATS[f].code })).filter(
      (f): f is { id: number; code: string } => f.code !== undefined,
    );
    const extra = this.extra.flatMap((c, j) => {
      const m = moneyFormats(c);
      return [
        { id: FIRST_EXTRA_FORMAT + 2 * j, code: m.currency },
        { id: FIRST_EXTRA_FORMAT + 2 * j + 1, code: m.deltaCurrency },
      ];
    });
    return [...base, ...extra];
  }

  /** the cellXfs of the other currencies, after the formats' styles */
  xfs(): string[] {
    return this.extra.flatMap((_, j) => [FIRST_EXTRA_FORMAT + 2 * j, FIRST_EXTRA_FORMAT + 2 * j + 1].map((id) => formatXf(id)));
  }
}

function formatXf(numFmtId: number): string {
  return `<xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>`;
}

/** Excel stores dates as days since 1899-12-30; the app's as days since 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

/** Characters that need more than copying: markup, CR, "_x" escapes, and what XML cannot carry. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>\r_\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return (
    xmlSafeText(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r/g, '&#13;')
      // a literal "_x0041_" would otherwise be read back as an escaped character
      .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
  );
}

/** The styles part: fonts, fills, the text styles, then one style per cell format (and money's in each other currency). */
export function stylesXml(currencies: readonly string[] = [DEFAULT_CURRENCY]): string {
  const money = new MoneyStyles(currencies);
  const custom = money.formats();
  const numFmts = custom.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code).replace(/"/g, '&quot;')}"/>`).join('');
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"><alignment vertical="top"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" quotePrefix="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyFont="1"/>',
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyFont="1"/>',
    ...CELL_FORMATS.map((f) => formatXf(NUMBER_FORMATS[f].id)),
    ...money.xfs(),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    `<numFmts count="${custom.length}">${numFmts}</numFmts>`,
    '<fonts count="4">',
    '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><b/><sz val="14"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '</fonts>',
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>',
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>',
    '<border><left/><right/><top/><bottom style="thin"><color rgb="FF8EA3B8"/></bottom><diagonal/></border></borders>',
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>`,
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleMedium4"/>',
    '</styleSheet>',
  ].join('');
}

interface Layout {
  /** 1-based row of the header (title lines, a blank line, then the header) */
  headerRow: number;
  lastRow: number;
  lastColumn: string;
}

function layoutOf(sheet: SheetSpec): Layout {
  const headerRow = sheet.title.length > 0 ? sheet.title.length + 2 : 1;
  return { headerRow, lastRow: headerRow + sheet.rowCount, lastColumn: columnLetter(Math.max(0, sheet.columns.length - 1)) };
}

const SPACE_TO_KEEP = /^\s|\s$|[\t\n]/;

/** A text cell written in place; `ref` is ' r="B7"', or '' where the cell is the row's next column. */
function inlineCell(ref: string, text: string, style: number): string {
  const inert = looksLikeFormula(text) ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
  const space = SPACE_TO_KEEP.test(text) ? ' xml:space="preserve"' : '';
  return `<c${ref}${inert ? ` s="${inert}"` : ''} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

/**
 * The shared-string table: short texts (tier names, motions, changes, partner names) are
 * written once and referred to by number on every row, which halves what is built,
 * checksummed and compressed. Long texts (reasons) stay in place.
 */
class SharedStrings {
  static readonly MAX_LENGTH = 48;
  static readonly MAX_COUNT = 2_000_000;
  private readonly index = new Map<string, number>();
  readonly texts: string[] = [];
  /** cell XML by text, for the texts seen so far */
  private readonly cells = new Map<string, string>();
  uses = 0;

  /** A text cell; `wrap` for the columns of long texts in the small sheets. */
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
    if (text.length > SharedStrings.MAX_LENGTH || this.texts.length >= SharedStrings.MAX_COUNT) return inlineCell(ref, text, style);
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

  *xml(): Generator<Buffer> {
    yield Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.uses}" uniqueCount="${this.texts.length}">`,
      'utf8',
    );
    for (let start = 0; start < this.texts.length; start += 5000) {
      const parts: string[] = [];
      for (const text of this.texts.slice(start, start + 5000)) parts.push(`<si><t${SPACE_TO_KEEP.test(text) ? ' xml:space="preserve"' : ''}>${escapeXml(text)}</t></si>`);
      yield Buffer.from(parts.join(''), 'utf8');
    }
    yield Buffer.from('</sst>', 'utf8');
  }
}

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

/** Column widths in characters that fit the header and the widest of the first rows (8 to 42). */
function columnWidths(sheet: SheetSpec, currency: string, sample = 500): number[] {
  // headers wrap, so a long one (a scenario's name) does not make its column wide
  const widths = sheet.columns.map((c) => Math.min(24, c.header.length + 3));
  const rows = Math.min(sheet.rowCount, sample);
  for (let i = 0; i < rows; i += 1) {
    const row = sheet.row(i);
    sheet.columns.forEach((c, k) => {
      // a long text (a description, reasons) spills over or is cut; it does not widen its column past 42
      const len = Math.min(42, cellText(row[k] ?? null, c.format, currency).length + 2);
      if (len > widths[k]!) widths[k] = len;
    });
  }
  return widths.map((w) => Math.max(8, w));
}

/**
 * A row whose wrapped texts need more than one line gets the height they need: spreadsheet
 * apps do not all measure rows on opening a file.
 */
function rowHeight(row: readonly Cell[], sheet: SheetSpec, widths: readonly number[]): string {
  let lines = 1;
  sheet.columns.forEach((c, k) => {
    const cell = row[k];
    if (c.wrap && typeof cell === 'string' && cell.length > widths[k]! - 2) lines = Math.max(lines, Math.ceil(cell.length / (widths[k]! - 2)));
  });
  return lines > 1 ? ` ht="${Math.min(409, lines * 15)}" customHeight="1"` : '';
}

/** The printable width of a page, in points: the narrower of US Letter and A4 in each orientation, less the margins written below. */
const PAGE_WIDTH_PT = { landscape: 11 * 72 - 72, portrait: 8.27 * 72 - 72 };
/** The smallest print scale 'readable' allows: 11-point type prints at 8 points or more. */
export const MIN_READABLE_SCALE = 0.72;

/** A column's printed width in points: `width` characters of Calibri 11's digit (7 px at 96 dpi) and the cell's padding. */
function columnPoints(width: number): number {
  return (width * 7 + 5) * 0.75;
}

/**
 * How many pages across the sheet prints on: its `pagesAcross`, or for 'readable' the
 * fewest that keep the print scale at MIN_READABLE_SCALE or more, each page repeating the
 * print-title columns.
 */
export function pagesAcrossOf(sheet: Pick<SheetSpec, 'pagesAcross' | 'printTitleColumns' | 'landscape'>, widths: readonly number[]): number {
  const wanted = sheet.pagesAcross ?? 1;
  if (wanted !== 'readable') return Math.max(1, Math.floor(wanted));
  const page = (sheet.landscape ? PAGE_WIDTH_PT.landscape : PAGE_WIDTH_PT.portrait) / MIN_READABLE_SCALE;
  const points = widths.map(columnPoints);
  const total = points.reduce((sum, w) => sum + w, 0);
  if (total <= page) return 1;
  const titles = points.slice(0, Math.min(sheet.printTitleColumns ?? 0, points.length - 1)).reduce((sum, w) => sum + w, 0);
  // print titles take their room on every page; never less than one column's worth per page
  const room = Math.max(page - titles, Math.max(...points));
  return Math.ceil((total - titles) / room);
}

/** The print titles of a sheet (its defined name _xlnm.Print_Titles): the first `printTitleColumns` columns and the header row. */
function printTitles(sheet: SheetSpec): string {
  const { headerRow } = layoutOf(sheet);
  const quoted = `'${sheet.name.replace(/'/g, "''")}'`;
  const columns = Math.min(sheet.printTitleColumns ?? 0, sheet.columns.length - 1);
  const rows = `${quoted}!$${headerRow}:$${headerRow}`;
  return columns > 0 ? `${quoted}!$A:$${columnLetter(columns - 1)},${rows}` : rows;
}

/** The sheet's XML, in chunks of rows, as the zip asks for it. */
async function* sheetXml(sheet: SheetSpec, selected: boolean, strings: SharedStrings, money: MoneyStyles, onRows: (n: number) => void, signal?: AbortSignal): AsyncGenerator<Buffer> {
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

/** The package SheetJS writes for the workbook: part name → bytes, sheets as placeholders. */
function packageParts(spec: WorkbookSpec): { name: string; content: Buffer }[] {
  const wb = XLSX.utils.book_new();
  // every sheet prints its header row on each page (and its print-title columns)
  wb.Workbook = { Names: spec.sheets.map((sheet, i) => ({ Name: '_xlnm.Print_Titles', Sheet: i, Ref: printTitles(sheet) })) };
  for (const sheet of spec.sheets) {
    const { headerRow, lastRow, lastColumn } = layoutOf(sheet);
    // an empty placeholder (SheetJS would walk every cell of a full range); the autofilter makes its defined name
    const ws: XLSX.WorkSheet = { '!ref': 'A1', '!autofilter': { ref: `A${headerRow}:${lastColumn}${lastRow}` } };
    // one text cell, so SheetJS declares a shared-string table (replaced by the real one)
    if (wb.SheetNames.length === 0) ws['A1'] = { t: 's', v: sheet.name };
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  }
  wb.Props = { Title: spec.title, Subject: spec.subject, Author: 'Tierscape', CreatedDate: new Date(spec.created) };
  wb.Custprops = spec.properties;
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: false, bookSST: true }) as Buffer;
  // SheetJS's own zip reader (its types leave the container untyped)
  const cfb = XLSX.CFB.read(bytes, { type: 'buffer' }) as unknown as { FileIndex: { type: number; name: string; content: Uint8Array }[]; FullPaths: string[] };
  const parts: { name: string; content: Buffer }[] = [];
  cfb.FileIndex.forEach((entry, i) => {
    if (entry.type !== 2 || entry.name.startsWith('\u0001')) return;
    const name = cfb.FullPaths[i]!.replace(/^Root Entry\//, '');
    parts.push({ name, content: Buffer.from(entry.content) });
  });
  // [Content_Types].xml first, as Office writes it
  parts.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
  return parts;
}

export interface WriteProgress {
  /** 0..1 of the rows written */
  fraction: number;
  /** the sheet being written */
  sheet: string;
}

export interface WriteOptions {
  onProgress?: (progress: WriteProgress) => void;
  signal?: AbortSignal;
}

/**
 * Writes the workbook to `file`: first to `file.partial-<pid>`, renamed when complete, so an
 * existing file is never left half-written; partial workbooks a killed export left in the
 * folder are swept first (../leftovers). Resolves with the file's size in bytes.
 */
export async function writeWorkbook(spec: WorkbookSpec, file: string, options: WriteOptions = {}): Promise<number> {
  const parts = packageParts(spec);
  const totalRows = Math.max(1, spec.sheets.reduce((sum, s) => sum + s.rowCount, 0));
  let written = 0;
  const zip = new yazl.ZipFile();
  const mtime = new Date(spec.created);
  const strings = new SharedStrings();
  const base = spec.currency ?? DEFAULT_CURRENCY;
  const currencies = [base, ...new Set((spec.currencies ?? []).filter((c) => c !== base))];
  const money = new MoneyStyles(currencies);
  let sharedStringsPart: string | null = null;
  for (const part of parts) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(part.name);
    if (m) {
      const index = Number(m[1]) - 1;
      const sheet = spec.sheets[index];
      if (!sheet) throw new Error(`SheetJS wrote ${part.name}, which the workbook has no sheet for`);
      const rows = (n: number) => {
        written += n;
        options.onProgress?.({ fraction: Math.min(1, written / totalRows), sheet: sheet.name });
      };
      // lazily: a sheet's rows are built only when the zip reaches it
      zip.addReadStreamLazy(part.name, { mtime, compressionLevel: 3 }, (callback) => {
        const stream = Readable.from(sheetXml(sheet, index === 0, strings, money, rows, options.signal));
        stream.on('error', (error) => zip.emit('error', error));
        callback(null, stream);
      });
    } else if (part.name === 'xl/sharedStrings.xml') {
      sharedStringsPart = part.name;
    } else if (part.name === 'xl/styles.xml') {
      zip.addBuffer(Buffer.from(stylesXml(currencies), 'utf8'), part.name, { mtime, compress: true });
    } else {
      zip.addBuffer(part.content, part.name, { mtime, compress: true });
    }
  }
  if (sharedStringsPart === null) throw new Error('SheetJS wrote no shared-string table');
  // last: it holds the texts of every sheet before it
  zip.addReadStreamLazy(sharedStringsPart, { mtime, compressionLevel: 3 }, (callback) => callback(null, Readable.from(strings.xml())));
  zip.end();
  sweepPartialWorkbooks(path.dirname(file));
  const partial = partialOf(file);
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  const done = pipeline(zip.outputStream, createWriteStream(partial));
  try {
    await Promise.race([done, failed]);
    renameSync(partial, file);
  } catch (error) {
    (zip.outputStream as Readable).destroy();
    await done.catch(() => undefined);
    rmSync(partial, { force: true });
    throw error;
  }
  options.onProgress?.({ fraction: 1, sheet: spec.sheets.at(-1)?.name ?? '' });
  return statSync(file).size;
}
