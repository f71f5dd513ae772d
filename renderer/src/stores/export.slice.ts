/**
 * The export dialog's state (DESIGN D10.1): which scenarios, dataset, sheets and report cards;
 * the running export's progress; and the result. The workbook is written by the main
 * process (the same engine as the screens); Electron asks where to save it first, browser
 * mode downloads it.
 */
import type { StateCreator } from 'zustand';
import type { ExportProgress, ExportResult } from '../../../shared/ipc/contract';
import { MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, workbookFileName, type OptionalSheet } from '../../../shared/report/options';
import { getApi } from '../api/client';
import { saveFile } from '../components/save-file';
import type { Mutators, Store } from './store';
import { isCancelled, newJobId, pollJob } from './job-poller';
import { isWorkspaceChanged, openingOf } from './opening';
import { planComparison } from './compare.slice';
import { datasetOfScenario } from './scenario.slice';
import { messageOf } from '../lib/errors';

export interface ExportForm {
  /** in the order they are shown in the workbook */
  scenarioIds: number[];
  datasetId: number | null;
  sheets: OptionalSheet[];
  /** the scenario whose partner report cards to add; null: none */
  reportCardsFor: number | null;
  /** Electron: open the saved workbook in the spreadsheet app */
  openAfter: boolean;
}

export interface ExportSlice {
  exportOpen: boolean;
  exportForm: ExportForm;
  /** the running export */
  exporting: { jobId: string; progress: ExportProgress } | null;
  exportResult: ExportResult | null;
  exportError: string | null;
  openExport(): void;
  closeExport(): void;
  setExportForm(patch: Partial<ExportForm>): void;
  toggleExportScenario(id: number): void;
  toggleExportSheet(sheet: OptionalSheet): void;
  /** Saves pending edits, asks where (Electron), writes, then downloads (browser) or opens (Electron, on request). */
  runExport(): Promise<void>;
  cancelExport(): Promise<void>;
  /** Electron: opens the last exported workbook in the system's spreadsheet app. */
  openExportedFile(): Promise<void>;
}

const api = () => getApi();

/** How often the running export's progress is asked for. */
const PROGRESS_INTERVAL_MS = 250;

const emptyForm: ExportForm = { scenarioIds: [], datasetId: null, sheets: [...OPTIONAL_SHEETS], reportCardsFor: null, openAfter: true };

/** Why the form cannot be exported as it is, or null. */
export function exportProblem(form: ExportForm): string | null {
  if (form.scenarioIds.length === 0) return 'Choose at least one scenario.';
  if (form.scenarioIds.length > MAX_REPORT_SCENARIOS) return `Choose at most ${MAX_REPORT_SCENARIOS} scenarios.`;
  if (form.datasetId === null) return 'Choose the partner list to export on.';
  if (form.reportCardsFor !== null && !form.scenarioIds.includes(form.reportCardsFor)) return 'Report cards must be for one of the chosen scenarios.';
  return null;
}

/**
 * The list the dialog starts on: the one being compared (Compare view, or the scenarios the
 * comparison holds), else the open scenario's list when it is exported, else the list the
 * exported scenarios share, else the one in the header.
 */
export function defaultExportList(s: Store, ids: readonly number[]): number | null {
  const ws = s.workspace;
  if (!ws) return null;
  const datasets = ws.datasets;
  if (s.view === 'compare' || (s.comparedIds !== null && ids.every((id) => s.comparedIds!.includes(id)))) {
    const plan = planComparison(datasets, ws.scenarios, s.comparedIds ?? [], s.compareDatasetId);
    if (plan.ok) return plan.datasetId;
  }
  const active = s.activeScenario;
  if (active && ids.includes(active.id)) return datasetOfScenario(datasets, active.datasetId)?.id ?? null;
  const lists = new Set(ids.map((id) => datasetOfScenario(datasets, ws.scenarios.find((x) => x.id === id)?.datasetId ?? null)?.id));
  if (lists.size === 1) {
    const only = [...lists][0];
    if (only !== undefined) return only;
  }
  return s.selectedDatasetId ?? datasets.at(-1)?.id ?? null;
}

/**
 * What the dialog starts with: the scenarios being compared (Compare view), else the
 * baseline and the one being edited, else the first few; the list (defaultExportList).
 */
export function defaultExportForm(s: Store): ExportForm {
  const scenarios = s.workspace?.scenarios ?? [];
  const exists = (id: number) => scenarios.some((x) => x.id === id);
  let ids = (s.view === 'compare' ? (s.comparedIds ?? []) : []).filter(exists);
  if (ids.length === 0) {
    const baseline = scenarios.find((x) => x.isBaseline)?.id;
    const active = s.activeScenario?.id;
    ids = [baseline, active].filter((id): id is number => id !== undefined && exists(id));
    ids = [...new Set(ids)];
  }
  if (ids.length === 0) ids = scenarios.slice(0, 3).map((x) => x.id);
  const datasetId = defaultExportList(s, ids);
  return { ...emptyForm, scenarioIds: ids.slice(0, MAX_REPORT_SCENARIOS), datasetId, openAfter: s.exportForm.openAfter };
}

export const createExportSlice: StateCreator<Store, Mutators, [], ExportSlice> = (set, get) => ({
  exportOpen: false,
  exportForm: emptyForm,
  exporting: null,
  exportResult: null,
  exportError: null,

  openExport: () => {
    if (!get().workspace) return;
    set({ exportOpen: true, exportForm: defaultExportForm(get()), exportResult: null, exportError: null });
  },

  closeExport: () => {
    if (get().exporting) return;
    set({ exportOpen: false, exportResult: null, exportError: null });
  },

  setExportForm: (patch) => set((s) => ({ exportForm: { ...s.exportForm, ...patch }, exportResult: null, exportError: null })),

  toggleExportScenario: (id) =>
    set((s) => {
      const f = s.exportForm;
      const on = f.scenarioIds.includes(id);
      const scenarioIds = on ? f.scenarioIds.filter((x) => x !== id) : [...f.scenarioIds, id];
      return { exportForm: { ...f, scenarioIds, reportCardsFor: on && f.reportCardsFor === id ? null : f.reportCardsFor }, exportResult: null, exportError: null };
    }),

  toggleExportSheet: (sheet) =>
    set((s) => {
      const f = s.exportForm;
      const sheets = f.sheets.includes(sheet) ? f.sheets.filter((x) => x !== sheet) : OPTIONAL_SHEETS.filter((x) => x === sheet || f.sheets.includes(x));
      return { exportForm: { ...f, sheets }, exportResult: null, exportError: null };
    }),

  async runExport() {
    const s = get();
    const form = s.exportForm;
    if (s.exporting || exportProblem(form)) return;
    set({ exportResult: null, exportError: null });
    try {
      // the workbook is made from the stored scenarios: an edit still waiting is saved first
      await s.flushSave();
      let path: string | null = null;
      const native = s.appInfo?.nativeDialogs === true;
      if (native) {
        const names = form.scenarioIds.map((id) => s.workspace?.scenarios.find((x) => x.id === id)?.name ?? '');
        const dataset = s.workspace?.datasets.find((d) => d.id === form.datasetId)?.label ?? '';
        path = await api().call('export:pickPath', { suggestedName: workbookFileName(names, dataset) });
        if (path === null) return; // cancelled in the save dialog
      }
      const jobId = newJobId();
      set({ exporting: { jobId, progress: { stage: 'evaluating', fraction: 0, sheet: null } } });
      const polling = {
        every: PROGRESS_INTERVAL_MS,
        // every tick asks, whether or not the previous question was answered
        overlap: true,
        ask: () => api().call('export:progress', { jobId }),
        show: (progress: ExportProgress) => {
          if (get().exporting?.jobId === jobId) set({ exporting: { jobId, progress } });
        },
      };
      const result = await pollJob(polling, () =>
        api().call('export:workbook', {
          workspace: openingOf(get()),
          jobId,
          scenarioIds: form.scenarioIds,
          datasetId: form.datasetId,
          sheets: form.sheets,
          reportCardsFor: form.reportCardsFor,
          path,
        }),
      );
      if (result.downloadId) saveFile(result.fileName, await api().download(result.downloadId));
      set({ exporting: null, exportResult: result });
      if (native && form.openAfter && result.path) await api().call('export:openFile', { path: result.path });
    } catch (error) {
      set({ exporting: null, exportError: isCancelled(error) ? null : messageOf(error) });
      if (isWorkspaceChanged(error)) await get().workspaceReplaced(error.message);
    }
  },

  async cancelExport() {
    const running = get().exporting;
    if (running) await api().call('export:cancel', { jobId: running.jobId }).catch(() => undefined);
  },

  async openExportedFile() {
    const path = get().exportResult?.path;
    if (!path) return;
    try {
      await api().call('export:openFile', { path });
    } catch (error) {
      set({ exportError: messageOf(error) });
    }
  },
});
