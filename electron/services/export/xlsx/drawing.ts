/**
 * The package parts that put a sheet's charts on it (ECMA-376 Part 1, §20.5 and §12.3): per
 * sheet with charts a drawing (xl/drawings/drawingN.xml, one anchored frame per chart) and its
 * relationships to the charts (xl/charts/chartN.xml, charts.ts), the sheet's relationship to
 * the drawing (xl/worksheets/_rels/sheetN.xml.rels, the `<drawing r:id>` sheet.ts writes) and
 * the content types of the new parts. A workbook without charts gets none of these, and its
 * package stays as SheetJS wrote it.
 */
import type { ChartSpec } from '../../../../shared/report/charts';
import type { SheetSpec, WorkbookSpec } from '../../../../shared/report/sheet';
import { chartXml } from './charts';
import { escapeXml } from './escape';
import { columnWidths, layoutOf, rowHeight } from './layout';

/** The relationship id of a sheet's drawing in its .rels (the sheet's only relationship). */
const DRAWING_RID = 'rId1';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const RELS_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';
export const DRAWING_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const CHART_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

/**
 * A chart's size and the gap between charts, in pixels at 96 dpi (5.8 × 3.2 inches). A grid
 * row is a whole number of rows (17), its chart ending within its 16th: a page break above
 * the last, blank row (chartPageBreaks) then touches no chart's edge, which a spreadsheet app
 * would otherwise print on both pages.
 */
const CHART_WIDTH = 560;
const CHART_HEIGHT = 310;
const GAP = 30;
/** charts side by side */
const ACROSS = 2;
/** An empty row's height (15 points) and a column past the sheet's own widths (8.43 characters), in pixels. */
const ROW_PX = 20;
const DEFAULT_COLUMN_PX = 64;
const EMU_PER_PX = 9525;
const ROWS_PER_GRID_ROW = (CHART_HEIGHT + GAP) / ROW_PX;

/**
 * A sheet with charts prints at this scale rather than fitted to the page's width, so that
 * its page breaks (chartPageBreaks) hold: Excel ignores manual breaks on a fitted sheet. At
 * 65% two charts side by side fit a landscape page's width, and three grid rows its height,
 * on US Letter and on A4, with room for columns a wider font than Calibri widens.
 */
const CHART_PRINT_SCALE = 65;
/** The sheet's pixels a landscape page holds down (A4's 8.27 in less the 1.2 in of margins, at the scale), less some room for rounding. */
const PAGE_PX = Math.floor(((8.27 - 1.2) * 96) / (CHART_PRINT_SCALE / 100)) - 20;

/** A column's width in pixels as Excel draws a `<col width>` of Calibri 11 (a 7-pixel digit). */
function columnPixels(width: number): number {
  return Math.trunc(((256 * width + Math.trunc(128 / 7)) / 256) * 7);
}

interface Marker {
  col: number;
  colOff: number;
  row: number;
  rowOff: number;
}

interface Slot {
  /** the grid row, from 0 */
  gridRow: number;
  /** pixels from the left of the sheet */
  x: number;
}

/** Chart `i`'s place in the grid: two across, left to right, then down. */
function chartSlot(i: number): Slot {
  return { gridRow: Math.floor(i / ACROSS), x: (i % ACROSS) * (CHART_WIDTH + GAP) };
}

/**
 * Where a slot's chart starts (its top left corner in a cell) and its size. A fixed size
 * rather than a cell to end in: a spreadsheet app whose font is wider than Calibri widens the
 * columns, which would widen the charts past the page; it only moves the right-hand ones.
 */
function slotAnchor(columnsPx: readonly number[], firstRow: number, slot: Slot): { from: Marker; cx: number; cy: number } {
  let col = 0;
  let left = slot.x;
  while (left >= (columnsPx[col] ?? DEFAULT_COLUMN_PX)) {
    left -= columnsPx[col] ?? DEFAULT_COLUMN_PX;
    col += 1;
  }
  // every row below the table is empty, so each is ROW_PX high and a grid row starts on a row
  const row = firstRow + slot.gridRow * ROWS_PER_GRID_ROW;
  return { from: { col, colOff: left * EMU_PER_PX, row, rowOff: 0 }, cx: CHART_WIDTH * EMU_PER_PX, cy: CHART_HEIGHT * EMU_PER_PX };
}

/** The sheet row (from 0) the charts start on: the table's last row, a blank row, then the charts. */
function firstChartRow(sheet: SheetSpec): number {
  return layoutOf(sheet).lastRow + 1;
}

/** The table's height in pixels, its blank row after it included: the title (14 points), notes, the header, then each row at its height. */
function tableHeight(sheet: SheetSpec, widths: readonly number[]): number {
  const { headerRow } = layoutOf(sheet);
  let px = (sheet.title.length > 0 ? 25 - ROW_PX : 0) + headerRow * ROW_PX + ROW_PX;
  for (let i = 0; i < sheet.rowCount; i += 1) {
    const points = /ht="(\d+)"/.exec(rowHeight(sheet.row(i), sheet, widths))?.[1];
    px += points === undefined ? ROW_PX : Math.ceil((Number(points) * 4) / 3);
  }
  return px;
}

/** The rows (from 0) a new printed page starts above: the blank row before each grid row of charts that would not fit on the page, so no chart is cut in two. */
function chartPageBreaks(sheet: SheetSpec, widths: readonly number[]): number[] {
  const gridRows = Math.ceil((sheet.charts?.length ?? 0) / ACROSS);
  const breaks: number[] = [];
  let used = tableHeight(sheet, widths);
  for (let j = 0; j < gridRows; j += 1) {
    if (used > 0 && used + CHART_HEIGHT > PAGE_PX) {
      // above the blank row before the grid row: the page starts a row above its charts
      breaks.push(firstChartRow(sheet) + j * ROWS_PER_GRID_ROW - 1);
      used = ROW_PX;
    }
    used += CHART_HEIGHT + GAP;
  }
  return breaks;
}

/** What follows the page margins of a sheet with charts: its page setup at the fixed scale, its page breaks and its drawing. */
export function chartSheetTail(sheet: SheetSpec, widths: readonly number[]): string {
  const breaks = chartPageBreaks(sheet, widths);
  return (
    `<pageSetup${sheet.landscape ? ' orientation="landscape"' : ''} scale="${CHART_PRINT_SCALE}"/>` +
    (breaks.length > 0 ? `<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`).join('')}</rowBreaks>` : '') +
    `<drawing r:id="${DRAWING_RID}"/>`
  );
}

const marker = (tag: string, m: Marker) => `<xdr:${tag}><xdr:col>${m.col}</xdr:col><xdr:colOff>${m.colOff}</xdr:colOff><xdr:row>${m.row}</xdr:row><xdr:rowOff>${m.rowOff}</xdr:rowOff></xdr:${tag}>`;

/** The drawing of a sheet's charts, chart k related as rId(k+1); each moves with its cell but keeps its size. */
function drawingXml(sheet: SheetSpec, charts: readonly ChartSpec[], columnsPx: readonly number[]): string {
  const anchors = charts.map((chart, k) => {
    const { from, cx, cy } = slotAnchor(columnsPx, firstChartRow(sheet), chartSlot(k));
    return (
      `<xdr:oneCellAnchor>${marker('from', from)}<xdr:ext cx="${cx}" cy="${cy}"/>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="Chart ${k + 1}" descr="${escapeXml(chart.title).replace(/"/g, '&quot;')}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId${k + 1}"/></a:graphicData></a:graphic>` +
      '</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}">` +
    `${anchors.join('')}</xdr:wsDr>`
  );
}

function relsXml(rels: readonly { id: string; type: string; target: string }[]): string {
  return `${RELS_HEAD}${rels.map((r) => `<Relationship Id="${r.id}" Type="${REL}/${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`;
}

/**
 * The parts of every sheet's charts, and [Content_Types].xml with their types added (as
 * SheetJS wrote it, when no sheet has charts). `currency`: the workbook's.
 */
export function chartPackageParts(spec: WorkbookSpec, contentTypes: Buffer, currency: string): { parts: { name: string; content: Buffer }[]; contentTypes: Buffer } {
  const parts: { name: string; content: Buffer }[] = [];
  const overrides: string[] = [];
  let drawings = 0;
  let charts = 0;
  spec.sheets.forEach((sheet, index) => {
    if (!sheet.charts?.length) return;
    drawings += 1;
    const drawing = `xl/drawings/drawing${drawings}.xml`;
    const chartRels: { id: string; type: string; target: string }[] = [];
    for (const chart of sheet.charts) {
      charts += 1;
      const name = `xl/charts/chart${charts}.xml`;
      parts.push({ name, content: Buffer.from(chartXml(chart, currency), 'utf8') });
      overrides.push(`<Override PartName="/${name}" ContentType="${CHART_TYPE}"/>`);
      chartRels.push({ id: `rId${chartRels.length + 1}`, type: 'chart', target: `../charts/chart${charts}.xml` });
    }
    const columnsPx = columnWidths(sheet, currency).map(columnPixels);
    parts.push({ name: drawing, content: Buffer.from(drawingXml(sheet, sheet.charts, columnsPx), 'utf8') });
    parts.push({ name: `xl/drawings/_rels/drawing${drawings}.xml.rels`, content: Buffer.from(relsXml(chartRels), 'utf8') });
    parts.push({ name: `xl/worksheets/_rels/sheet${index + 1}.xml.rels`, content: Buffer.from(relsXml([{ id: DRAWING_RID, type: 'drawing', target: `../drawings/drawing${drawings}.xml` }]), 'utf8') });
    overrides.push(`<Override PartName="/${drawing}" ContentType="${DRAWING_TYPE}"/>`);
  });
  if (overrides.length === 0) return { parts, contentTypes };
  const text = contentTypes.toString('utf8');
  const end = text.lastIndexOf('</Types>');
  if (end < 0) throw new Error('SheetJS wrote a [Content_Types].xml without its </Types>');
  return { parts, contentTypes: Buffer.from(`${text.slice(0, end)}${overrides.join('')}${text.slice(end)}`, 'utf8') };
}
