/** The engine's datasets as the stores name them. */
import type { DatasetSummary } from '../../../shared/model/workspace';
import { getApi } from '../api/client';
import type { DatasetRef } from '../engine/client';

/**
 * A dataset for the engine: named beyond its id (ids repeat across workspaces, and after a
 * delete and an import), fetched over `dataset:columns` when the engine does not hold it.
 */
export function datasetRef(workspace: { path: string; datasets: readonly DatasetSummary[] } | null, datasetId: number): DatasetRef {
  const summary = workspace?.datasets.find((d) => d.id === datasetId);
  return {
    key: `${workspace?.path ?? ''}|${datasetId}|${summary?.importedAt ?? ''}|${summary?.partnerCount ?? ''}`,
    fetch: () => getApi().call('dataset:columns', { datasetId }),
  };
}
