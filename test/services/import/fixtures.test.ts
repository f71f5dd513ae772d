/**
 * Every fixture of test/fixtures/import through the real import: preview (read, map,
 * check) and commit into a real workspace file, then the partners read back — against
 * the expectations written down in the fixtures' manifest.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseMotion } from '../../../shared/io/motion';
import { daysToIsoDate } from '../../../shared/model/dataset';
import { ImportService, type ImportPreview } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { FIXTURE_DIR, loadManifest, type FixtureEntry } from '../../fixtures/import';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

const manifest = loadManifest();

describe('importing the fixtures', () => {
  let dir: string;
  let session: AppSession;
  let imports: ImportService;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-fixtures-'));
    session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    await session.create(path.join(dir, 'fixtures.tierscape'));
    imports = new ImportService(session);
  });
  afterAll(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refused = manifest.files.filter((f) => f.expect.error);
  const readable = manifest.files.filter((f) => !f.expect.error);

  it('covers every format and the garbage cases', () => {
    expect(new Set(readable.map((f) => f.format))).toEqual(new Set(['csv', 'xlsx', 'xls', 'ods']));
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });

  for (const entry of refused) {
    it(`${entry.file}: refused with a clear message (${entry.expect.error})`, async () => {
      const datasetsBefore = session.workspace!.datasets.list().length;
      await expect(imports.preview({ jobId: randomUUID(), path: path.join(FIXTURE_DIR, entry.file) })).rejects.toMatchObject({
        code: 'bad_file',
        message: expect.stringContaining(`"${entry.file}"`),
      });
      expect(session.workspace!.datasets.list()).toHaveLength(datasetsBefore);
    });
  }

  for (const entry of readable) {
    it(`${entry.file}: ${entry.description.slice(0, 80)}`, async () => {
      const e = entry.expect;
      const jobId = randomUUID();
      // no sheet is named: the reader must find the partner sheet itself
      const preview: ImportPreview = await imports.preview({ jobId, path: path.join(FIXTURE_DIR, entry.file) });
      expect(preview.format).toBe(entry.format);
      if (entry.sheet) expect(preview.sheet).toBe(entry.sheet);
      if (e.sheets) expect(preview.sheets).toEqual(e.sheets);
      if (e.encoding) expect(preview.encoding).toBe(e.encoding);
      if (e.delimiter) expect(preview.delimiter).toBe(e.delimiter);
      expect(preview.headers).toEqual(e.columns);
      expect(preview.firstDataRow).toBe(e.firstDataRow ?? e.headerRow + 1);
      if (e.rowCount !== undefined) expect(preview.report.rowCount).toBe(e.rowCount);
      if (e.firstRow) expect(preview.sampleRows[0]).toEqual(e.firstRow);
      for (const cell of e.cells ?? []) {
        const index = cell.row - preview.firstDataRow;
        if (index >= preview.sampleRows.length) continue;
        expect(preview.sampleRows[index]![preview.headers.indexOf(cell.column)], `${cell.column} on row ${cell.row}: ${cell.why}`).toEqual(cell.value);
      }
      const report = preview.report;
      expect(report.mappingErrors).toEqual([]);
      expect(report.badRows).toBe(e.badRows);
      if (e.emptyRows !== undefined) expect(report.emptyRows).toBe(e.emptyRows);
      if (e.issues) {
        const counts = Object.fromEntries(report.groups.map((g) => [g.kind, g.count]));
        for (const [kind, count] of Object.entries(e.issues)) expect(counts[kind] ?? 0, kind).toBe(count);
      }
      if (e.badRowNumbers) {
        const rows = new Set(report.groups.filter((g) => g.severity === 'error').flatMap((g) => g.examples.map((x) => x.row)));
        expect([...rows].sort((a, b) => a! - b!)).toEqual(e.badRowNumbers);
      }
      if (e.partners === 0) return;

      const result = await imports.commit({ jobId, mapping: preview.mapping, label: `${entry.file} ${jobId.slice(0, 6)}`, asOf: null, skipBadRows: true });
      expect(result.imported).toBe(e.partners);
      expect(result.skipped).toBe(e.badRows);
      const loaded = session.workspace!.datasets.load(result.dataset.id);
      expect(loaded.partners).toHaveLength(e.partners);
      expect(new Set(loaded.partners.map((p) => p.id)).size).toBe(e.partners);
      checkFirstPartner(entry, loaded);
    });
  }
});

function checkFirstPartner(entry: FixtureEntry, loaded: ReturnType<NonNullable<AppSession['workspace']>['datasets']['load']>): void {
  const expected = entry.expect.firstPartner;
  if (!expected) return;
  const first = loaded.partners[0]!;
  expect(first.name).toBe(expected.name);
  if (expected.id) expect(first.id).toBe(expected.id);
  if (expected.motion) expect(first.motion).toBe(normaliseMotion(expected.motion).motion);
  for (const [label, value] of Object.entries(expected.metrics ?? {})) {
    const m = loaded.metrics.findIndex((x) => x.label === label);
    if (m < 0) continue; // a column the suggested mapping leaves out (text)
    const metric = loaded.metrics[m]!;
    const got = loaded.values[m]![0]!;
    const shown = Number.isNaN(got) ? null : metric.kind === 'date' ? daysToIsoDate(got) : metric.kind === 'boolean' ? got === 1 : got;
    if (typeof value === 'number' && typeof shown === 'number') expect(shown, `${entry.file} ${label}`).toBeCloseTo(value, 6);
    else expect(shown, `${entry.file} ${label} (${metric.kind})`).toEqual(value);
  }
}
