import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportMapping } from '../../../shared/io/types';
import { ImportService } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { useTempDir } from '../../helpers/tmp';

const CSV = [
  'Partner ID,Partner Name,Motion,Current Tier,Sourced ARR,Active Sellers,CSAT',
  'P1,Acme,Reseller,Gold,"$250,000",4,85%',
  'P2,Beta,Services,,"$1,200",,N/A',
  'P3,,Technology,Silver,$90,1,70%',
  'P4,Delta,ISV,Bronze,12abc,2,90%',
  'P1,Echo,Reseller,Bronze,$10,1,50%',
  'P6,Foxtrot,Distributor,,$5,0,60%',
].join('\n');

describe('ImportService', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.close()));

  async function setup() {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    await session.create(path.join(dir, 'w.tierscape'));
    const imports = new ImportService(session, { now: () => new Date('2026-11-22T12:00:00Z') });
    const file = path.join(dir, 'crm-export.csv');
    writeFileSync(file, CSV);
    return { dir, session, imports, file, ws: session.workspace! };
  }

  const counts = (ws: NonNullable<AppSession['workspace']>) => ({
    datasets: (ws.db.prepare('SELECT count(*) AS n FROM dataset').get() as { n: number }).n,
    partners: (ws.db.prepare('SELECT count(*) AS n FROM partner').get() as { n: number }).n,
    metrics: (ws.db.prepare('SELECT count(*) AS n FROM metric').get() as { n: number }).n,
    mappings: (ws.db.prepare('SELECT count(*) AS n FROM import_mapping').get() as { n: number }).n,
  });

  it('previews with a suggested mapping and a report, and writes nothing', async () => {
    const { imports, file, ws } = await setup();
    const before = counts(ws);
    const preview = await imports.preview({ jobId: 'job-00001', path: file });
    expect(preview).toMatchObject({ format: 'csv', delimiter: ',', rowCount: 6, mappingSource: 'suggested', suggestedLabel: 'crm-export' });
    const targets = preview.mapping.columns.map((c) => (c.target.type === 'field' ? c.target.field : c.target.type === 'metric' ? c.target.key : '-'));
    expect(targets.slice(0, 4)).toEqual(['id', 'name', 'motion', 'currentTier']);
    expect(preview.report).toMatchObject({ rowCount: 6, validRows: 3, badRows: 3 });
    const kinds = Object.fromEntries(preview.report.groups.map((g) => [g.kind, g.count]));
    expect(kinds).toMatchObject({ missing_name: 1, duplicate_id: 1, unparseable: 1, unknown_motion: 1 });
    expect(preview.report.groups.find((g) => g.kind === 'unparseable')!.examples[0]!.message).toMatch(/Row 5, column E "Sourced ARR": .*12abc/);
    expect(counts(ws)).toEqual(before);
  });

  it('refuses to write rows with errors unless asked to skip them; then writes exactly the good rows', async () => {
    const { imports, file, ws } = await setup();
    const preview = await imports.preview({ jobId: 'job-00002', path: file });
    const before = counts(ws);
    await expect(
      imports.commit({ jobId: 'job-00002', mapping: preview.mapping, label: 'FY2026', asOf: '2026-06-30', skipBadRows: false }),
    ).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/3 rows have errors/) });
    expect(counts(ws)).toEqual(before);
    const result = await imports.commit({ jobId: 'job-00002', mapping: preview.mapping, label: 'FY2026', asOf: '2026-06-30', skipBadRows: true });
    expect(result).toMatchObject({ imported: 3, skipped: 3, dataset: { label: 'FY2026', asOf: '2026-06-30', sourceFile: 'crm-export.csv', partnerCount: 3 } });
    const loaded = ws.datasets.load(result.dataset.id);
    expect(loaded.partners.map((p) => [p.id, p.name, p.motion, p.currentTier])).toEqual([
      ['P1', 'Acme', 'reseller', 'Gold'],
      ['P2', 'Beta', 'services', null],
      ['P6', 'Foxtrot', 'distributor', null],
    ]);
    const arr = loaded.values[loaded.metrics.findIndex((m) => m.kind === 'currency')]!;
    expect(Array.from(arr)).toEqual([250_000, 1_200, 5]);
    const csat = loaded.values[loaded.metrics.findIndex((m) => m.kind === 'percent')]!;
    expect(csat[0]).toBeCloseTo(0.85);
    expect(Number.isNaN(csat[1]!)).toBe(true); // "N/A" is no data, never 0
  });

  it('remembers the mapping for the next file of the same shape', async () => {
    const { imports, file, dir } = await setup();
    const preview = await imports.preview({ jobId: 'job-00003', path: file });
    const mapping: ImportMapping = {
      ...preview.mapping,
      columns: preview.mapping.columns.map((c) =>
        c.header === 'Active Sellers' ? { ...c, target: { type: 'metric', key: 'sellers', label: 'Sellers', kind: 'count', unit: null } } : c,
      ),
    };
    await imports.commit({ jobId: 'job-00003', mapping, label: 'FY2025', asOf: null, skipBadRows: true });
    const next = path.join(dir, 'crm-export-2027.csv');
    writeFileSync(next, CSV.replace('P1,Acme', 'P9,Acme'));
    const again = await imports.preview({ jobId: 'job-00004', path: next });
    expect(again.mappingSource).toBe('remembered');
    expect(again.mapping).toEqual(mapping);
  });

  it('a failure in the middle of the write leaves the workspace exactly as it was', async () => {
    const { imports, file, ws } = await setup();
    const preview = await imports.preview({ jobId: 'job-00005', path: file });
    const before = counts(ws);
    // the mapping is remembered inside the same transaction, after the partners were inserted
    const spy = vi.spyOn(ws.mappings, 'remember').mockImplementation(() => {
      throw new Error('disk I/O error (injected)');
    });
    await expect(
      imports.commit({ jobId: 'job-00005', mapping: preview.mapping, label: 'Crash', asOf: null, skipBadRows: true }),
    ).rejects.toThrow('injected');
    spy.mockRestore();
    expect(counts(ws)).toEqual(before);
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a constraint failure half-way through the partners rolls back every row', async () => {
    const { ws } = await setup();
    const before = counts(ws);
    const partners = Array.from({ length: 1000 }, (_, i) => ({
      id: i === 700 ? 'P0' : `P${i}`, // a duplicate at row 700
      name: `Partner ${i}`,
      motion: 'reseller',
      currentTier: null,
      region: null,
      segment: null,
      owner: null,
    }));
    expect(() =>
      ws.datasets.insert({
        label: 'Half',
        asOf: null,
        sourceFile: 'x.csv',
        mapping: {},
        importedAt: '2026-11-22',
        metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
        values: [new Float64Array(1000)],
        partners,
      }),
    ).toThrow(/UNIQUE/);
    expect(counts(ws)).toEqual(before);
  });

  it('a label already used is a conflict, and nothing is written', async () => {
    const { imports, file, ws } = await setup();
    const preview = await imports.preview({ jobId: 'job-00006', path: file });
    await imports.commit({ jobId: 'job-00006', mapping: preview.mapping, label: 'Same', asOf: null, skipBadRows: true });
    const before = counts(ws);
    const again = await imports.preview({ jobId: 'job-00007', path: file });
    await expect(imports.commit({ jobId: 'job-00007', mapping: again.mapping, label: 'Same', asOf: null, skipBadRows: true })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(counts(ws)).toEqual(before);
  });

  it('can be cancelled while it reads a large file, and then writes nothing', async () => {
    const { imports, dir, ws } = await setup();
    const big = path.join(dir, 'big.csv');
    const lines = ['Partner Name,ARR'];
    for (let i = 0; i < 200_000; i += 1) lines.push(`Partner ${i},${i}`);
    writeFileSync(big, lines.join('\n'));
    const before = counts(ws);
    const pending = imports.preview({ jobId: 'job-00008', path: big });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(['reading', 'checking']).toContain(imports.progress('job-00008').stage);
    imports.cancel('job-00008');
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(imports.progress('job-00008').stage).toBe('idle');
    expect(counts(ws)).toEqual(before);
  });

  it('a header-only file previews as zero rows and cannot be committed', async () => {
    const { imports, dir } = await setup();
    const file = path.join(dir, 'header-only.csv');
    writeFileSync(file, 'Partner Name,ARR\n');
    const preview = await imports.preview({ jobId: 'job-00009', path: file });
    expect(preview.report.rowCount).toBe(0);
    await expect(imports.commit({ jobId: 'job-00009', mapping: preview.mapping, label: 'Empty', asOf: null, skipBadRows: true })).rejects.toMatchObject({
      message: expect.stringMatching(/holds no partner that can be imported/),
    });
  });
});

describe('ImportService with browser-mode uploads', () => {
  const tempDir = useTempDir();

  it('keeps an uploaded file while its job reads another sheet, and removes it with the job', async () => {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    await session.create(path.join(dir, 'w.tierscape'));
    const uploads = path.join(dir, 'uploads');
    const imports = new ImportService(session, { uploadsDir: uploads });
    const XLSX = await import('xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Partner Name', 'ARR'], ['Acme', 1]]), 'Partners');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Partner Name', 'ARR'], ['Beta', 2], ['Gamma', 3]]), 'More');
    const { mkdirSync, writeFileSync: write, existsSync } = await import('node:fs');
    mkdirSync(path.join(uploads, 'u1'), { recursive: true });
    const file = path.join(uploads, 'u1', 'book.xlsx');
    write(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const first = await imports.preview({ jobId: 'job-upload1', path: file, displayName: 'book.xlsx' });
    expect(first).toMatchObject({ sheet: 'Partners', rowCount: 1, fileName: 'book.xlsx' });
    const second = await imports.preview({ jobId: 'job-upload1', path: file, sheet: 'More', displayName: 'book.xlsx' });
    expect(second).toMatchObject({ sheet: 'More', rowCount: 2 });
    expect(existsSync(file)).toBe(true);
    imports.discard('job-upload1');
    expect(existsSync(path.dirname(file))).toBe(false);
    session.close();
  });
});
