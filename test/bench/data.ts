/** Benchmark inputs: generated partner lists written as CSV and XLSX, as a CRM export would be. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { writeWorkbook } from '../../electron/services/export/xlsx';
import { generatePartners } from '../../scenarios/generator';
import { daysToIsoDate } from '../../shared/model/dataset';

const IDENTITY_HEADERS = ['Partner ID', 'Partner Name', 'Motion', 'Current Tier', 'Region', 'Segment', 'Partner Manager'];

/** Rows of cells as an export would hold them: text identity, numbers, booleans as yes/no, dates as ISO. */
export function partnerRows(count: number, seed = 7): { headers: string[]; rows: (string | number | null)[][] } {
  const data = generatePartners({ seed, count });
  const headers = [...IDENTITY_HEADERS, ...data.metrics.map((m) => m.label)];
  const rows = data.partners.map((p, i) => [
    p.id,
    p.name,
    p.motion,
    p.currentTier,
    p.region,
    p.segment,
    p.owner,
    ...data.metrics.map((m, k) => {
      const v = data.values[k]![i]!;
      if (Number.isNaN(v)) return null;
      if (m.kind === 'boolean') return v ? 'yes' : 'no';
      if (m.kind === 'date') return daysToIsoDate(v);
      return Math.round(v * 100) / 100;
    }),
  ]);
  return { headers, rows };
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv(dir: string, count: number): string {
  const { headers, rows } = partnerRows(count);
  const file = path.join(dir, `partners-${count}.csv`);
  const lines = [headers.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))];
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

export function writeXlsx(dir: string, count: number): string {
  const { headers, rows } = partnerRows(count);
  const ws = XLSX.utils.aoa_to_sheet([headers, ...rows], { dense: true });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Partners');
  const file = path.join(dir, `partners-${count}.xlsx`);
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
  return file;
}

/**
 * The same partner list written by Tierscape's own streaming workbook writer (the export's),
 * for sizes SheetJS cannot write: its sheet XML is one string, past V8's limit at 1M rows.
 * A title line and a blank line sit above the table, as in an export.
 */
export async function writeLargeXlsx(dir: string, count: number): Promise<string> {
  const { headers, rows } = partnerRows(count);
  const file = path.join(dir, `partners-${count}-streamed.xlsx`);
  await writeWorkbook(
    {
      title: 'Partners',
      subject: 'Bench input',
      created: '2026-11-23T00:00:00Z',
      properties: {},
      sheets: [
        {
          name: 'Partners',
          title: [`Partner list (${count.toLocaleString('en-US')} partners)`],
          columns: headers.map((header, c) => ({ header, format: c < IDENTITY_HEADERS.length ? 'text' : 'number' })),
          rowCount: rows.length,
          row: (i) => rows[i]!,
          freezeColumns: 2,
          landscape: true,
        },
      ],
    },
    file,
  );
  return file;
}
