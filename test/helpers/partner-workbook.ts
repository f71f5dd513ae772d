/**
 * A partner list as a SheetJS sheet with every kind of cell a lead's export has: shared
 * strings (unicode and XML specials), numbers, booleans, dates and percents by cell format,
 * error cells, blanks, an empty row inside the table and a merged title row. The large-sheet
 * and fast-XLSX import tests read it.
 */
import * as XLSX from 'xlsx';

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
