/**
 * The sample workspace (SPEC S10): what the app opens on first start, built from
 * scenarios/ — a seeded synthetic partner list, so every screen shows real data at once.
 */
import { generatePartners, SAMPLE_SEED, SAMPLE_SIZE } from '../../scenarios/generator';
import type { Workspace } from './workspace/workspace';

export const SAMPLE_FILE_NAME = 'Sample.tierscape';

export function fillSampleWorkspace(ws: Workspace, importedAt: Date = new Date()): void {
  const generated = generatePartners({ seed: SAMPLE_SEED, count: SAMPLE_SIZE });
  ws.datasets.insert({
    ...generated,
    sourceFile: null,
    mapping: { generator: { seed: SAMPLE_SEED, count: SAMPLE_SIZE } },
    importedAt: importedAt.toISOString(),
  });
}
