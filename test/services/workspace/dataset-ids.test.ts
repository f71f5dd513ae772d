/**
 * Dataset ids are never reused, and the metric-column cache notices changes committed by
 * another connection (issue 18, item 2): two processes on one workspace, one deleting a
 * dataset and importing a new list, must never make the other serve the deleted list's
 * values for the new list's partners.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDataset } from '../../../electron/services/workspace/dataset.repo';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { useTempDir } from '../../helpers/tmp';

function list(label: string, values: number[]): NewDataset {
  return {
    label,
    asOf: null,
    sourceFile: `${label}.csv`,
    mapping: {},
    importedAt: new Date().toISOString(),
    metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
    partners: values.map((_, i) => ({ id: `${label}-${i}`, name: `${label} ${i}`, motion: 'reseller', currentTier: null, region: null, segment: null, owner: null })),
    values: [new Float64Array(values)],
  };
}

describe('dataset ids and the column cache', () => {
  const tempDir = useTempDir();
  const open: Workspace[] = [];
  afterEach(() => open.splice(0).forEach((ws) => ws.close()));

  async function twoConnections(): Promise<[Workspace, Workspace, string]> {
    const file = path.join(tempDir(), 'shared.tierscape');
    (await Workspace.create(file)).close();
    const a = await Workspace.open(file);
    const b = await Workspace.open(file);
    open.push(a, b);
    return [a, b, file];
  }

  it('two processes on one workspace with a deleted-and-reimported dataset: the other never serves the deleted list’s values', async () => {
    const [a, b] = await twoConnections();
    const kept = a.datasets.insert(list('Kept', [5]));
    const old = a.datasets.insert(list('Old', [1, 2, 3]));
    // the first connection shows the list (grid page and engine columns), filling its cache
    expect(a.datasets.page(old, 0, 10).rows.map((r) => r.values[0])).toEqual([1, 2, 3]);
    expect([...a.datasets.columnar(old).values[0]!]).toEqual([1, 2, 3]);

    // the other deletes it and imports a new list of the same size
    b.datasets.delete(old);
    const fresh = b.datasets.insert(list('New', [7, 8, 9]));

    // the first serves the new list's own values (grid page, engine columns, export load)
    expect(a.datasets.page(fresh, 0, 10).rows.map((r) => [r.id, r.values[0]])).toEqual([['New-0', 7], ['New-1', 8], ['New-2', 9]]);
    expect([...a.datasets.columnar(fresh).values[0]!]).toEqual([7, 8, 9]);
    expect([...a.datasets.load(fresh).values[0]!]).toEqual([7, 8, 9]);
    // the new list has an id of its own, and the deleted one is gone
    expect(fresh).toBeGreaterThan(old);
    expect(() => a.datasets.page(old, 0, 10)).toThrow(/no dataset with id/);
    expect(() => a.datasets.columnar(old)).toThrow(/no dataset with id/);
    expect(a.datasets.page(kept, 0, 10).rows[0]!.values).toEqual([5]);
  });

  it('an id is not given again after the dataset holding the highest one is deleted, even after reopening', async () => {
    const file = path.join(tempDir(), 'ids.tierscape');
    const ws = await Workspace.create(file);
    const first = ws.datasets.insert(list('First', [1]));
    const second = ws.datasets.insert(list('Second', [2]));
    ws.datasets.delete(second);
    ws.datasets.delete(first);
    ws.close();
    const again = await Workspace.open(file);
    open.push(again);
    const third = again.datasets.insert(list('Third', [3]));
    expect(third).toBeGreaterThan(second);
  });

  it('the column cache notices values changed by another connection', async () => {
    const [a, b] = await twoConnections();
    const id = a.datasets.insert(list('List', [1, 2]));
    expect(a.datasets.page(id, 0, 10).rows.map((r) => r.values[0])).toEqual([1, 2]);
    // another program rewrites the column (a file edited outside this connection)
    b.db.prepare('UPDATE metric SET value_bytes = ?, value_width = 8 WHERE dataset_id = ?').run(Buffer.from(new Float64Array([4, 6]).buffer), id);
    expect(a.datasets.page(id, 0, 10).rows.map((r) => r.values[0])).toEqual([4, 6]);
    expect([...a.datasets.columnar(id).values[0]!]).toEqual([4, 6]);
  });
});
