// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportResult } from '../../shared/ipc/contract';
import type { ScenarioSummary } from '../../shared/model/workspace';
import { OPTIONAL_SHEETS } from '../../shared/report/options';
import { setApi } from '../../renderer/src/api/client';
import { defaultExportForm, exportProblem } from '../../renderer/src/stores/export.slice';
import { createAppStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, fail, installFakeApi, ok, workspace } from './fake-api';

const summary = (id: number, name: string, isBaseline = false): ScenarioSummary => ({ id, name, datasetId: 2, isBaseline, updatedAt: '2026-11-22T00:00:00Z' });
const SCENARIOS = [summary(1, 'As is', true), summary(2, 'Motion-fit'), summary(3, 'Two-tier'), summary(4, 'Points')];

function storeWith(runtime: 'web' | 'electron') {
  const store = createAppStore();
  store.setState({ appInfo: appInfo(runtime), workspace: { ...workspace('W', [dataset(1, 'FY2025'), dataset(2, 'FY2026', 300)]), scenarios: SCENARIOS }, selectedDatasetId: 2 });
  return store;
}

const result = (extra: Partial<ExportResult> = {}): ExportResult => ({
  fileName: 'Tierscape – As is vs Motion-fit – FY2026.xlsx',
  path: null,
  downloadId: 'd-1',
  bytes: 2048,
  sheets: ['Summary'],
  partners: 300,
  dataset: 'FY2026',
  ms: 120,
  ...extra,
});

afterEach(() => setApi(null));

describe('defaultExportForm and exportProblem', () => {
  it('starts with the compared scenarios in the Compare view, else the baseline and the open one, else the first three', () => {
    const store = storeWith('web');
    store.setState({ view: 'compare', comparedIds: [3, 2, 99], compareDatasetId: 1 });
    expect(defaultExportForm(store.getState())).toMatchObject({ scenarioIds: [3, 2], datasetId: 1, sheets: [...OPTIONAL_SHEETS], reportCardsFor: null });
    store.setState({ view: 'scenarios', activeScenario: { id: 4, datasetId: 2 } });
    expect(defaultExportForm(store.getState())).toMatchObject({ scenarioIds: [1, 4], datasetId: 2 });
    store.setState({ activeScenario: null, workspace: { ...store.getState().workspace!, scenarios: SCENARIOS.map((s) => ({ ...s, isBaseline: false })) } });
    expect(defaultExportForm(store.getState()).scenarioIds).toEqual([1, 2, 3]);
  });

  it('starts on the list being compared, not the one in the header; else on the open scenario’s list', () => {
    const store = storeWith('web');
    // three scenarios compared on their own list FY2026, while the header shows FY2025 (issue 17: it defaulted to the header's)
    store.setState({ view: 'compare', comparedIds: [1, 2, 3], compareDatasetId: null, selectedDatasetId: 1 });
    expect(defaultExportForm(store.getState()).datasetId).toBe(2);
    // Export from the workbench with the open scenario exported: its list
    store.setState({ view: 'scenarios', comparedIds: null, activeScenario: { id: 4, datasetId: 2 } });
    expect(defaultExportForm(store.getState()).datasetId).toBe(2);
    // nothing compared or open, scenarios of one list: that list; else the header's
    store.setState({ activeScenario: null, workspace: { ...store.getState().workspace!, scenarios: SCENARIOS.map((x) => ({ ...x, datasetId: x.id === 4 ? 1 : 2 })) } });
    expect(defaultExportForm(store.getState())).toMatchObject({ scenarioIds: [1], datasetId: 2 });
  });

  it('says what is missing', () => {
    const form = { scenarioIds: [1], datasetId: 2, sheets: [], reportCardsFor: null, openAfter: false };
    expect(exportProblem(form)).toBeNull();
    expect(exportProblem({ ...form, scenarioIds: [] })).toMatch(/at least one scenario/);
    expect(exportProblem({ ...form, scenarioIds: [1, 2, 3, 4, 5, 6, 7] })).toMatch(/at most 6/);
    expect(exportProblem({ ...form, datasetId: null })).toMatch(/partner list/);
    expect(exportProblem({ ...form, reportCardsFor: 3 })).toMatch(/one of the chosen scenarios/);
  });

  it('unticking the report cards’ scenario drops the report cards; sheets keep the workbook’s order', () => {
    const store = storeWith('web');
    store.getState().openExport();
    store.getState().setExportForm({ scenarioIds: [1, 2], reportCardsFor: 2 });
    store.getState().toggleExportScenario(2);
    expect(store.getState().exportForm).toMatchObject({ scenarioIds: [1], reportCardsFor: null });
    store.getState().toggleExportSheet('distribution');
    store.getState().toggleExportSheet('distribution');
    expect(store.getState().exportForm.sheets).toEqual([...OPTIONAL_SHEETS]);
  });
});

describe('runExport', () => {
  it('browser mode: saves pending edits, exports without a path, and downloads the file', async () => {
    const downloads: string[] = [];
    const fake = installFakeApi(
      { 'export:workbook': () => ok(result()), 'export:progress': () => ok({ stage: 'writing', fraction: 0.5, sheet: 'Summary' }) },
      { download: (id) => (downloads.push(id), ok(new Blob(['xlsx bytes']))) },
    );
    const store = storeWith('web');
    const flush = vi.fn(async () => undefined);
    store.setState({ flushSave: flush });
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    store.getState().openExport();
    await store.getState().runExport();
    click.mockRestore();
    expect(flush).toHaveBeenCalled();
    expect(fake.channels()).not.toContain('export:pickPath');
    expect(fake.last('export:workbook')).toMatchObject({ scenarioIds: [1], datasetId: 2, path: null, sheets: [...OPTIONAL_SHEETS] });
    expect(downloads).toEqual(['d-1']);
    expect(clicked).toEqual(['Tierscape – As is vs Motion-fit – FY2026.xlsx']);
    expect(store.getState()).toMatchObject({ exporting: null, exportError: null, exportResult: result() });
  });

  it('desktop: asks where to save, writes there and opens it on request; a cancelled dialog exports nothing', async () => {
    let chosen: string | null = null;
    const fake = installFakeApi({
      'export:pickPath': () => ok(chosen),
      'export:workbook': (p) => ok(result({ path: (p as { path: string }).path, downloadId: null })),
      'export:progress': () => ok({ stage: 'idle', fraction: 0, sheet: null }),
      'export:openFile': () => ok(null),
    });
    const store = storeWith('electron');
    store.setState({ flushSave: async () => undefined });
    store.getState().openExport();
    store.getState().setExportForm({ scenarioIds: [1, 2] });
    await store.getState().runExport();
    expect(fake.channels()).toEqual(['export:pickPath']);
    expect(fake.last('export:pickPath')).toEqual({ suggestedName: 'Tierscape – As is vs Motion-fit – FY2026.xlsx' });

    chosen = '/docs/report.xlsx';
    await store.getState().runExport();
    expect(fake.last('export:workbook')).toMatchObject({ path: '/docs/report.xlsx', scenarioIds: [1, 2] });
    expect(fake.last('export:openFile')).toEqual({ path: '/docs/report.xlsx' });
    expect(store.getState().exportResult?.path).toBe('/docs/report.xlsx');
  });

  it('shows a failure, and a cancel is not one', async () => {
    let answer = fail('bad_file', 'The workspace could not be read.');
    installFakeApi({ 'export:workbook': () => answer, 'export:progress': () => ok({ stage: 'idle', fraction: 0, sheet: null }) });
    const store = storeWith('web');
    store.setState({ flushSave: async () => undefined });
    store.getState().openExport();
    await store.getState().runExport();
    expect(store.getState()).toMatchObject({ exporting: null, exportError: 'The workspace could not be read.' });
    answer = fail('cancelled', 'The export was cancelled; no file was written.');
    await store.getState().runExport();
    expect(store.getState()).toMatchObject({ exporting: null, exportError: null, exportResult: null });
  });
});
