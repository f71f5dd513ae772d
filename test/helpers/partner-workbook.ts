/**
 * A partner list as a SheetJS sheet with every kind of cell a lead's export has: shared
 * strings (unicode and XML specials), numbers, booleans, dates and percents by cell format,
 * error cells, blanks, an empty row inside the table and a merged title row. The large-sheet
 * and fast-XLSX import tests read it; `workbook` writes sheets into an XLSX and `rewrite`
 * changes one part of one.
 */
import * as XLSX from 'xlsx';
import yauzl from 'yauzl';
import yazl from 'yazl';

export const PARTNER_HEADERS = ['Partner ID', 'Partner Name', 'Motion', 'Sourced ARR', 'Certified', 'Renewal date', 'Win rate', 'Notes'];

export function partnerSheet(rows: number): XLSX.WorkSheet {
  const aoa: unknown[][] = [['Partner programme FY2026', null, null, 'Revenue', null, null, null, null], PARTNER_HEADERS];
  for (let i = 0; i < rows; i++) {
    aoa.push([
      `P${String(i).padStart(5, '0')}`,
      i % 17 === 0 ? `Ünïcode & <Co> "${i}"` : `Partner ${i}`,
      ['Reseller', 'Services', 'Technology'][i % 3],
      i % 11 === 0 ? null : i * 1234.5,
      i % 2 === 0,
      45_000 + i,
      (i % 100) / 100,
      i % 23 === 0 ? { t: 'e', v: 0x2a } : i % 7 === 0 ? '' : `note ${i}`,
    ]);
  }
  if (rows > 5) aoa.splice(7, 0, []); // an empty row inside the table
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  for (let r = 2; r < aoa.length; r++) {
    const date = ws[XLSX.utils.encode_cell({ r, c: 5 })] as XLSX.CellObject | undefined;
    if (date) date.z = 'yyyy-mm-dd';
    const rate = ws[XLSX.utils.encode_cell({ r, c: 6 })] as XLSX.CellObject | undefined;
    if (rate) rate.z = '0%';
    const error = ws[XLSX.utils.encode_cell({ r, c: 7 })] as XLSX.CellObject | undefined;
    if (error && typeof error.v === 'object' && error.v !== null) Object.assign(error, (error as unknown as { v: XLSX.CellObject }).v);
  }
  // the title row is a merged group over the identity columns, as exports often have
  ws['!merges'] = [XLSX.utils.decode_range('A1:C1'), XLSX.utils.decode_range('D1:H1')];
  return ws;
}

/** The sheets as an XLSX file, written by SheetJS with shared strings. */
export function workbook(sheets: [string, XLSX.WorkSheet][]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }) as Buffer;
}

/** The same workbook with one part's XML changed (`store`: every part stored, not deflated). */
export async function rewrite(bytes: Buffer, part: string, change: (xml: string) => string, store = false): Promise<Buffer> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const out = new yazl.ZipFile();
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    let content = Buffer.concat(chunks);
    if (entry.fileName === part) content = Buffer.from(change(content.toString('utf8')), 'utf8');
    out.addBuffer(content, entry.fileName, { compress: !store });
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const c of out.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
