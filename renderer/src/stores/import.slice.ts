/**
 * The import flow (DESIGN D9): a file is read into a preview, the person corrects the
 * mapping against a report the service re-computes after every change, and nothing is
 * written until "Import" — one transaction in the service. Reading and writing report
 * progress (job-poller.ts) and can be cancelled. What the flow holds is import-flow.ts; the
 * check of a changed mapping, import-mapping-check.ts; the ties to the window and the page,
 * import-page.ts.
 */
import type { StateCreator } from 'zustand';
import type { ImportProgress } from '../../../shared/ipc/contract';
import type { ColumnTarget, DateOrder, DecimalSeparator } from '../../../shared/io/types';
import { formatCount } from '../../../shared/model/format';
import { ApiError, getApi } from '../api/client';
import { columnProblems, completeMapping, importReadiness, labelProblem } from '../lib/mapping';
import type { Mutators, Store } from './store';
import { freshFlow, type ImportFlow, type ImportMessage } from './import-flow';
import { createMappingCheck } from './import-mapping-check';
import { rememberOpenJob, watchPage, windowOwner } from './import-page';
import { isCancelled, newJobId, pollJob } from './job-poller';
import { openingOf } from './opening';
import { messageOf } from '../lib/errors';

export interface ImportSlice {
  importFlow: ImportFlow | null;
  /** browser mode: incremented when the page's file picker should open */
  importPickerRequest: number;

  /** File > Import: the native dialog in Electron, the page's file picker in the browser */
  startImport(): Promise<void>;
  /** a dropped or picked File: its path in Electron, an upload in the browser */
  importFile(file: File): Promise<void>;
  /** a file on disk the service can read */
  importPath(path: string, displayName?: string): Promise<void>;
  chooseImportSheet(sheet: string): Promise<void>;
  setImportTarget(index: number, target: ColumnTarget): void;
  setImportOptions(options: { dateOrder?: DateOrder; decimal?: DecimalSeparator }): void;
  setImportDetails(details: { label?: string; asOf?: string; skipBadRows?: boolean }): void;
  commitImport(): Promise<boolean>;
  /** stops a running read or write; nothing is written */
  cancelImportWork(): Promise<void>;
  /** leaves the flow; the service forgets the job (and an uploaded copy of the file) */
  closeImport(): Promise<void>;
}

/** How often progress is asked for while a file is read or written. */
export const PROGRESS_INTERVAL_MS = 200;

export const NOTHING_WRITTEN = 'Import cancelled; nothing was written to the workspace.';

function codeOf(error: unknown): string {
  return error instanceof ApiError ? error.code : 'internal';
}

let openPicker: (() => void) | null = null;

/**
 * Browser mode: the page's hidden file input registers how to open it, so File > Import
 * (a key press, a click) opens the chooser within that gesture rather than after a render.
 */
export function registerImportPicker(open: (() => void) | null): void {
  openPicker = open;
}

export const createImportSlice: StateCreator<Store, Mutators, [], ImportSlice> = (set, get) => {
  const api = () => getApi();

  /** bumped whenever a new file starts or the flow closes: late answers of older work are dropped */
  let generation = 0;
  /** the generation whose running work the person cancelled */
  let cancelledGeneration = -1;
  /** browser mode: the File, to upload again when another sheet is chosen */
  let currentFile: File | null = null;
  /** the path the service read (Electron), for choosing another sheet */
  let currentPath: { path: string; displayName: string | undefined } | null = null;

  const flowOf = (gen: number): ImportFlow | null => (gen === generation ? get().importFlow : null);

  function discardJob(jobId: string): void {
    try {
      void api()
        .call('import:discard', { jobId })
        .catch(() => undefined);
    } catch {
      // no connection to the service: its expiry lets the preview go
    }
  }

  watchPage(() => get().importFlow?.jobId ?? null, discardJob);

  function patch(gen: number, update: Partial<ImportFlow>): void {
    const flow = flowOf(gen);
    if (flow) set({ importFlow: { ...flow, ...update } });
  }

  /** runs `work`, asking the service for progress every PROGRESS_INTERVAL_MS meanwhile */
  function withProgress<T>(gen: number, jobId: string, work: () => Promise<T>): Promise<T> {
    const polling = {
      every: PROGRESS_INTERVAL_MS,
      ask: () => api().call('import:progress', { jobId }),
      show: (progress: ImportProgress) => {
        const flow = flowOf(gen);
        if (flow && (flow.phase === 'reading' || flow.phase === 'committing')) patch(gen, { progress });
      },
    };
    return pollJob(polling, work);
  }

  function stopped(gen: number, message: ImportMessage): void {
    patch(gen, { phase: 'stopped', progress: null, message, validating: false });
  }

  const mappingCheck = createMappingCheck({ get, set, generation: () => generation, flowOf, patch, stopped });

  function noWorkspace(): boolean {
    if (get().workspace) return false;
    set({ notice: { tone: 'info', text: 'Open or create a workspace first: a partner list is imported into the open workspace.' } });
    return true;
  }

  function busy(): boolean {
    const phase = get().importFlow?.phase;
    return phase === 'reading' || phase === 'committing';
  }

  /** leaves whatever flow was open and starts a new one for `fileName` */
  function begin(fileName: string, jobId = newJobId()): number {
    const previous = get().importFlow;
    mappingCheck.stop();
    generation += 1;
    if (previous && previous.jobId !== jobId) discardJob(previous.jobId);
    set({ importFlow: freshFlow(jobId, fileName) });
    rememberOpenJob(jobId);
    return generation;
  }

  async function preview(gen: number, path: string, displayName: string | undefined, sheet?: string): Promise<void> {
    const flow = flowOf(gen);
    if (!flow) return;
    const { jobId } = flow;
    try {
      const result = await withProgress(gen, jobId, () =>
        api().call('import:preview', {
          jobId,
          path,
          owner: windowOwner(),
          ...(sheet !== undefined ? { sheet } : {}),
          ...(displayName ? { displayName } : {}),
        }),
      );
      if (!flowOf(gen)) return;
      if (cancelledGeneration === gen) {
        // the read finished before the cancel arrived: drop it all the same
        void api().call('import:discard', { jobId }).catch(() => undefined);
        stopped(gen, { tone: 'info', text: NOTHING_WRITTEN });
        return;
      }
      const mapping = completeMapping(result.mapping, result.headers);
      const label = result.suggestedLabel;
      patch(gen, {
        phase: 'mapping',
        progress: null,
        fileName: result.fileName,
        preview: result,
        mapping,
        report: result.report,
        columnErrors: columnProblems(mapping),
        validating: false,
        label,
        asOf: result.suggestedAsOf ?? '',
        skipBadRows: false,
        labelError: labelProblem(label, get().workspace?.datasets ?? []),
        message: null,
      });
    } catch (error) {
      if (!flowOf(gen)) return;
      const cancelled = isCancelled(error) || cancelledGeneration === gen;
      stopped(gen, cancelled ? { tone: 'info', text: NOTHING_WRITTEN } : { tone: 'error', text: messageOf(error) });
    }
  }

  async function uploadAndPreview(gen: number, file: File, sheet?: string): Promise<void> {
    let path: string;
    try {
      path = (await api().upload(file)).path;
    } catch (error) {
      if (flowOf(gen)) stopped(gen, { tone: 'error', text: messageOf(error) });
      return;
    }
    if (!flowOf(gen) || cancelledGeneration === gen) return;
    // the upload stays on the server with its job: another sheet re-reads it there
    currentFile = null;
    currentPath = { path, displayName: file.name };
    await preview(gen, path, file.name, sheet);
  }

  return {
    importFlow: null,
    importPickerRequest: 0,

    async startImport() {
      if (noWorkspace() || busy()) return;
      if (!get().appInfo?.nativeDialogs) {
        // the browser opens a file chooser only inside the user's gesture: open it now,
        // synchronously, when the page's file input is mounted
        if (openPicker) openPicker();
        else set((s) => ({ importPickerRequest: s.importPickerRequest + 1 }));
        return;
      }
      let picked: string | null;
      try {
        picked = await api().call('import:pickFile');
      } catch (error) {
        set({ notice: { tone: 'error', text: messageOf(error) } });
        return;
      }
      if (picked) await get().importPath(picked);
    },

    async importFile(file) {
      if (noWorkspace() || busy()) return;
      if (get().appInfo?.runtime === 'web') {
        currentFile = file;
        currentPath = null;
        const gen = begin(file.name);
        await uploadAndPreview(gen, file);
        return;
      }
      const path = api().pathForFile(file);
      if (!path) {
        const gen = begin(file.name);
        stopped(gen, {
          tone: 'error',
          text: `Tierscape cannot tell where "${file.name}" is on this computer. Use File > Import… to choose it instead.`,
        });
        return;
      }
      await get().importPath(path);
    },

    async importPath(path, displayName) {
      if (noWorkspace() || busy()) return;
      currentFile = null;
      currentPath = { path, displayName };
      const gen = begin(displayName ?? path.split(/[\\/]/).pop() ?? path);
      await preview(gen, path, displayName);
    },

    async chooseImportSheet(sheet) {
      const flow = get().importFlow;
      if (!flow?.preview || flow.phase !== 'mapping' || flow.preview.sheet === sheet) return;
      // same job id: the service replaces the job with one on the chosen sheet
      const gen = begin(flow.fileName, flow.jobId);
      if (currentFile) await uploadAndPreview(gen, currentFile, sheet);
      else if (currentPath) await preview(gen, currentPath.path, currentPath.displayName, sheet);
    },

    setImportTarget(index, target) {
      mappingCheck.change((mapping) => ({
        ...mapping,
        columns: mapping.columns.map((c) => (c.index === index ? { ...c, target } : c)),
      }));
    },

    setImportOptions(options) {
      mappingCheck.change((mapping) => ({ ...mapping, ...options }));
    },

    setImportDetails(details) {
      const flow = get().importFlow;
      if (!flow) return;
      const next = { ...flow, ...details };
      if (details.label !== undefined) next.labelError = labelProblem(details.label, get().workspace?.datasets ?? []);
      set({ importFlow: next });
    },

    async commitImport() {
      const flow = get().importFlow;
      if (!flow?.mapping || !flow.report || !importReadiness(flow).ready) return false;
      const gen = generation;
      const { jobId, mapping, report } = flow;
      const label = flow.label.trim();
      patch(gen, { phase: 'committing', progress: { stage: 'checking', fraction: 0 }, message: null, labelError: null });
      try {
        const result = await withProgress(gen, jobId, () =>
          api().call('import:commit', {
            workspace: openingOf(get()),
            jobId,
            mapping,
            label,
            asOf: flow.asOf || null,
            skipBadRows: flow.skipBadRows && report.badRows > 0,
          }),
        );
        if (!flowOf(gen)) return false;
        mappingCheck.stop();
        generation += 1;
        currentFile = null;
        currentPath = null;
        rememberOpenJob(null);
        const skipped = result.skipped > 0 ? ` (${formatCount(result.skipped)} row${result.skipped === 1 ? '' : 's'} with errors skipped)` : '';
        set({
          workspace: result.workspace,
          selectedDatasetId: result.dataset.id,
          importFlow: null,
          view: 'partners',
          notice: {
            tone: 'info',
            text: `Imported ${formatCount(result.imported)} partner${result.imported === 1 ? '' : 's'} into "${result.dataset.label}"${skipped}.`,
          },
        });
        return true;
      } catch (error) {
        if (!flowOf(gen)) return false;
        const code = codeOf(error);
        const text = messageOf(error);
        if (isCancelled(error) || cancelledGeneration === gen) {
          patch(gen, { phase: 'mapping', progress: null, message: { tone: 'info', text: NOTHING_WRITTEN } });
        } else if (code === 'conflict') {
          // the only conflict a commit can meet: the label is taken (a busy job answers 'busy')
          patch(gen, { phase: 'mapping', progress: null, labelError: text });
        } else if (code === 'not_found') {
          stopped(gen, { tone: 'error', text });
        } else {
          patch(gen, { phase: 'mapping', progress: null, message: { tone: 'error', text: `Nothing was written: ${text}` } });
        }
        if (cancelledGeneration === gen) cancelledGeneration = -1;
        return false;
      }
    },

    async cancelImportWork() {
      const flow = get().importFlow;
      if (!flow || (flow.phase !== 'reading' && flow.phase !== 'committing')) return;
      const gen = generation;
      cancelledGeneration = gen;
      if (flow.phase === 'reading' && !flow.preview) {
        // the upload or the read stops here: late answers are dropped
        stopped(gen, { tone: 'info', text: NOTHING_WRITTEN });
      }
      try {
        await api().call('import:cancel', { jobId: flow.jobId });
      } catch {
        // the job may be gone already; the outcome is reported by the running call
      }
    },

    async closeImport() {
      const flow = get().importFlow;
      mappingCheck.stop();
      generation += 1;
      currentFile = null;
      currentPath = null;
      set({ importFlow: null });
      rememberOpenJob(null);
      if (!flow) return;
      try {
        await api().call('import:discard', { jobId: flow.jobId });
      } catch {
        // nothing was written; a job the service no longer knows is already gone
      }
    },
  };
};
