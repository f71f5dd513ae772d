/**
 * The sample workspace (DESIGN D11.4): what the app opens on first start, built from
 * scenarios/ — three yearly snapshots of a seeded synthetic partner list (for cycle
 * replay) and the example scenarios of DESIGN D12.1 on the newest one, so every screen
 * shows real data at once.
 */
import { exampleScenarios } from '../../scenarios/examples';
import { generateSnapshots, SAMPLE_SEED, SAMPLE_SIZE } from '../../scenarios/generator';
import type { Workspace } from './workspace/workspace';

export const SAMPLE_FILE_NAME = 'Sample.tierscape';
export const SAMPLE_YEARS = 3;

export function fillSampleWorkspace(ws: Workspace, importedAt: Date = new Date()): void {
  ws.db.transaction(() => {
    let newest = 0;
    for (const snapshot of generateSnapshots({ seed: SAMPLE_SEED, count: SAMPLE_SIZE, years: SAMPLE_YEARS })) {
      newest = ws.datasets.insert({
        ...snapshot,
        sourceFile: null,
        mapping: { generator: { seed: SAMPLE_SEED, count: SAMPLE_SIZE, asOf: snapshot.asOf } },
        importedAt: importedAt.toISOString(),
      });
    }
    for (const scenario of exampleScenarios()) ws.scenarios.create(scenario, newest);
  })();
}
