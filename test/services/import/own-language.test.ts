/**
 * A lead's own list in German (test/fixtures/own-list/de-partner.csv, written by hand: its
 * headers, motions and yes/no words in German, semicolons, decimal commas, day-first dates,
 * Windows line breaks): the suggested mapping finds every partner field, the metrics take
 * their kinds (amounts in euros, yes/no, dates), and every row imports with the values the
 * file holds.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { useTempDir } from '../../helpers/tmp';

const GERMAN = path.resolve(__dirname, '../../fixtures/own-list/de-partner.csv');

describe('a lead’s own list in German', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.close()));

  it('is mapped from its own headers and imports every row with its values', async () => {
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    await session.create(path.join(tempDir(), 'w.tierscape'));
    const imports = new ImportService(session, { now: () => new Date('2026-12-07T12:00:00Z') });
    const preview = await imports.preview({ jobId: 'job-de', path: GERMAN });
    expect(preview).toMatchObject({ format: 'csv', delimiter: ';', rowCount: 5 });
    const targets = preview.mapping.columns.map((c) => (c.target.type === 'field' ? c.target.field : c.target.type === 'metric' ? `${c.target.kind}${c.target.unit ? ` ${c.target.unit}` : ''}` : 'ignored'));
    expect(targets).toEqual(['id', 'name', 'motion', 'currentTier', 'region', 'segment', 'owner', 'currency EUR', 'count', 'boolean', 'date']);
    expect(preview.report).toMatchObject({ rowCount: 5, validRows: 5, badRows: 0 });
    // the motions are the three the program knows: nothing reported as unknown
    expect(preview.report.groups.map((g) => g.kind)).not.toContain('unknown_motion');

    const result = await imports.commit({ jobId: 'job-de', mapping: preview.mapping, label: 'DACH FY26', asOf: '2026-06-30', skipBadRows: false });
    expect(result.imported).toBe(5);
    const dataset = session.workspace!.datasets.load(result.dataset.id);
    const column = (kind: string) => Array.from(dataset.values[dataset.metrics.findIndex((m) => m.kind === kind)]!);
    expect(column('currency')).toEqual([1_250_000.5, 320_000, 87_500, 410_000, 2_075_300]);
    expect(column('boolean')).toEqual([1, 0, 0, 1, 1]);
    expect(column('count')).toEqual([4, 2, 0, 1, 12]);
    // 01.04.2018 is the first of April (day first), as days since 1970-01-01
    expect(column('date')[0]).toBe(Date.UTC(2018, 3, 1) / 86_400_000);
    expect(dataset.partners.map((p) => [p.id, p.name, p.motion, p.currentTier, p.region, p.owner])).toEqual([
      ['DE-001', 'Müller GmbH', 'reseller', 'Gold', 'DACH', 'Anna Schmidt'],
      ['DE-002', 'Schäfer & Söhne KG', 'services', 'Silber', 'DACH', 'Jonas Weber'],
      ['DE-003', 'Nordlicht IT AG', 'technology', 'Bronze', 'Nord', 'Anna Schmidt'],
      ['DE-004', 'Bayern Cloud', 'reseller', 'Silber', 'Süd', 'Jonas Weber'],
      ['DE-005', 'Rhein Systemhaus', 'services', 'Gold', 'West', 'Lena Vogel'],
    ]);
  });
});
