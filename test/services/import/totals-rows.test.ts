/**
 * Totals rows in a lead's export (shared/io/totals-row.ts): a "Total" or "Grand total:" row
 * without a partner name, or a name "Total" without an ID or a motion, is left out of the
 * import and said so, in a CSV and in an XLSX; a partner really called "Total", with an ID,
 * and a row that only lacks its name are not totals rows.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { useTempDir } from '../../helpers/tmp';

describe('totals rows in a lead’s list', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.close()));

  async function imports() {
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    await session.create(path.join(tempDir(), 'w.tierscape'));
    return { session, service: new ImportService(session, { now: () => new Date('2026-12-08T12:00:00Z') }) };
  }

  it('leaves out a CSV’s totals rows, says which, and keeps its partners (one called "Total" too)', async () => {
    const file = path.join(tempDir(), 'with-totals.csv');
    writeFileSync(
      file,
      [
        'Partner ID;Partner Name;Partner Type;Revenue',
        'P-1;Alpha GmbH;Reseller;1.000 €',
        'P-2;Beta SARL;Services;2.000 €',
        'Subtotal;;;3.000 €',
        'P-3;Total;Reseller;500 €', // a partner called Total
        ';Total;;3.500 €', // a name "Total" without an ID or a motion
        'Grand total:;;;n/a?', // its cell cannot be read: no error, the row is left out
      ].join('\r\n'),
      'utf8',
    );
    const { session, service } = await imports();
    const preview = await service.preview({ jobId: 'job-csv', path: file });
    expect(preview.report).toMatchObject({ rowCount: 6, validRows: 3, badRows: 0, emptyRows: 3, errorCount: 0 });
    const totals = preview.report.groups.find((g) => g.kind === 'summary_row')!;
    expect(totals).toMatchObject({ severity: 'info', count: 3 });
    expect(totals.examples.map((e) => [e.row, e.column, e.value])).toEqual([
      [4, 'A', 'Subtotal'],
      [6, 'B', 'Total'],
      [7, 'A', 'Grand total:'],
    ]);
    expect(totals.examples[0]!.message).toBe('Row 4 reads "Subtotal" in column A "Partner ID": a totals row, not a partner; left out.');
    const result = await service.commit({ jobId: 'job-csv', mapping: preview.mapping, label: 'with totals', asOf: '2026-06-30', skipBadRows: false });
    expect(result.imported).toBe(3);
    const dataset = session.workspace!.datasets.load(result.dataset.id);
    expect(dataset.partners.map((p) => [p.id, p.name])).toEqual([
      ['P-1', 'Alpha GmbH'],
      ['P-2', 'Beta SARL'],
      ['P-3', 'Total'],
    ]);
    expect(Array.from(dataset.values[0]!)).toEqual([1000, 2000, 500]);
  });

  it('still reports a row that only lacks its name', async () => {
    const file = path.join(tempDir(), 'no-name.csv');
    writeFileSync(file, ['id,name,motion,arr', 'P-1,Alpha,reseller,10', 'P-2,,reseller,20'].join('\n'), 'utf8');
    const { service } = await imports();
    const preview = await service.preview({ jobId: 'job-nn', path: file });
    expect(preview.report).toMatchObject({ validRows: 1, badRows: 1, emptyRows: 0 });
    expect(preview.report.groups.map((g) => g.kind)).toContain('missing_name');
  });

  it('leaves out an XLSX’s "Summe" row', async () => {
    const file = path.join(tempDir(), 'with-summe.xlsx');
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Partnernummer', 'Partnername', 'Vertriebsweg', 'Umsatz'],
      ['DE-1', 'Müller GmbH', 'Reseller', 1000],
      ['DE-2', 'Schäfer KG', 'Services', 2500],
      ['Summe', null, null, 3500],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Partner');
    writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const { service } = await imports();
    const preview = await service.preview({ jobId: 'job-xlsx', path: file });
    expect(preview.report).toMatchObject({ rowCount: 3, validRows: 2, badRows: 0, emptyRows: 1, errorCount: 0 });
    expect(preview.report.groups.find((g) => g.kind === 'summary_row')!.examples[0]).toMatchObject({ row: 4, column: 'A', value: 'Summe' });
  });
});
