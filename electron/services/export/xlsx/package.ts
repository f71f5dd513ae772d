/**
 * The package SheetJS writes around the sheets: workbook, sheet names, relationships,
 * content types, document properties, and the defined names of the autofilters and print
 * titles; and the parts of the Charts sheet's charts (drawing.ts).
 */
import * as XLSX from 'xlsx';
import type { WorkbookSpec } from '../../../../shared/report/sheet';
import { DEFAULT_CURRENCY } from '../../../../shared/model/currency';
import { chartPackageParts } from './drawing';
import { layoutOf, printTitles } from './layout';

/** The package SheetJS writes for the workbook: part name → bytes, sheets as placeholders. */
export function packageParts(spec: WorkbookSpec): { name: string; content: Buffer }[] {
  const wb = XLSX.utils.book_new();
  // every sheet prints its header row on each page (and its print-title columns); not above a page of charts
  wb.Workbook = { Names: spec.sheets.flatMap((sheet, i) => (sheet.charts?.length ? [] : [{ Name: '_xlnm.Print_Titles', Sheet: i, Ref: printTitles(sheet) }])) };
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
  // the charts' parts, and their content types
  const types = parts.find((p) => p.name === '[Content_Types].xml');
  if (!types) throw new Error('SheetJS wrote no [Content_Types].xml');
  const charts = chartPackageParts(spec, types.content, spec.currency ?? DEFAULT_CURRENCY);
  types.content = charts.contentTypes;
  parts.push(...charts.parts);
  // [Content_Types].xml first, as Office writes it
  parts.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
  return parts;
}
