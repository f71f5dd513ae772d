/** The engine's datasets as the stores name them, and the one copy of a dataset the page holds. */
import { decodeColumns, type DecodedColumns } from '../../../shared/ipc/columns';
import type { DatasetSummary } from '../../../shared/model/workspace';
import { getApi, type Api } from '../api/client';
import type { DatasetRef } from '../engine/client';

/**
 * The dataset fetched last, by its key: the partners grid and the engine ask for the same
 * dataset one after the other (open a workspace, then a scenario), and at 1M partners one
 * `dataset:columns` takes seconds. Only one is kept: it is the one the grid shows, so
 * keeping it costs nothing more; a failed fetch is not kept.
 */
let latest: { key: string; api: Api; columns: Promise<DecodedColumns> } | null = null;

/** The dataset's columns, fetched over `dataset:columns` and decoded, or the copy fetched last under this key. */
export function datasetColumns(key: string, datasetId: number): Promise<DecodedColumns> {
  const api = getApi();
  if (latest?.key === key && latest.api === api) return latest.columns;
  const columns = api.call('dataset:columns', { datasetId }).then((wire) => decodeColumns(wire));
  const entry = { key, api, columns };
  latest = entry;
  columns.catch(() => {
    if (latest === entry) latest = null;
  });
  return columns;
}

/** Forgets the kept dataset (tests; a workspace closed). */
export function forgetDatasetColumns(): void {
  latest = null;
}

/**
 * A dataset for the engine: named beyond its id (ids repeat across workspaces, and after a
 * delete and an import), fetched (or taken from the grid's copy) when the engine does not hold it.
 */
export function datasetRef(workspace: { id?: string; path: string; datasets: readonly DatasetSummary[] } | null, datasetId: number): DatasetRef {
  const summary = workspace?.datasets.find((d) => d.id === datasetId);
  // the opening of the file (a file restored at the same path is another opening), then the dataset
  const key = `${workspace?.id ?? ''}|${workspace?.path ?? ''}|${datasetId}|${summary?.importedAt ?? ''}|${summary?.partnerCount ?? ''}`;
  return { key, fetch: () => datasetColumns(key, datasetId) };
}
