import { afterEach, describe, expect, it } from 'vitest';
import { generatePartners } from '../../scenarios/generator';
import { decodeColumns, encodeDataset } from '../../shared/ipc/columns';
import { setApi } from '../../renderer/src/api/client';
import { datasetRef, forgetDatasetColumns } from '../../renderer/src/stores/engine-data';
import { dataset, fail, installFakeApi, ok, workspace } from './fake-api';

const fy25 = generatePartners({ seed: 1, count: 30 });
const fy26 = generatePartners({ seed: 2, count: 40 });
const ws = { ...workspace('Sample', [dataset(1, 'FY2025', 30), dataset(2, 'FY2026', 40)]), path: '/w/Sample.tierscape' };

function serve(options: { failFirst?: boolean } = {}) {
  let failing = options.failFirst ?? false;
  return installFakeApi({
    'dataset:columns': (p) => {
      if (failing) {
        failing = false;
        return fail('io', 'the workspace file is locked');
      }
      const id = (p as { datasetId: number }).datasetId;
      return ok(encodeDataset(id, id === 1 ? 'FY2025' : 'FY2026', id === 1 ? fy25 : fy26));
    },
  });
}

afterEach(() => {
  forgetDatasetColumns();
  setApi(null);
});

describe('the dataset the page holds', () => {
  it('is fetched once for the grid and the engine, and decoded', async () => {
    const fake = serve();
    const [grid, engine] = await Promise.all([datasetRef(ws, 2).fetch(), datasetRef(ws, 2).fetch()]);
    expect(grid).toBe(engine);
    expect(grid).toEqual(decodeColumns(encodeDataset(2, 'FY2026', fy26)));
    await datasetRef(ws, 2).fetch();
    expect(fake.channels()).toEqual(['dataset:columns']);
  });

  it('keeps only the dataset fetched last; another workspace, import or API fetches afresh', async () => {
    const fake = serve();
    await datasetRef(ws, 2).fetch();
    await datasetRef(ws, 1).fetch();
    await datasetRef(ws, 2).fetch();
    expect(fake.channels()).toHaveLength(3);
    await datasetRef({ ...ws, path: '/w/Copy.tierscape' }, 2).fetch();
    expect(fake.channels()).toHaveLength(4);
    const reimported = { ...ws, datasets: ws.datasets.map((d) => (d.id === 2 ? { ...d, importedAt: '2026-11-23T00:00:00Z' } : d)) };
    await datasetRef(reimported, 2).fetch();
    expect(fake.channels()).toHaveLength(5);
    const other = serve();
    await datasetRef(reimported, 2).fetch();
    expect(other.channels()).toHaveLength(1);
    forgetDatasetColumns();
    await datasetRef(reimported, 2).fetch();
    expect(other.channels()).toHaveLength(2);
  });

  it('is not kept when the fetch fails: the next asks again', async () => {
    const fake = serve({ failFirst: true });
    await expect(datasetRef(ws, 2).fetch()).rejects.toThrow('the workspace file is locked');
    const columns = await datasetRef(ws, 2).fetch();
    expect(columns.identity.id).toHaveLength(40);
    expect(fake.channels()).toHaveLength(2);
  });
});
