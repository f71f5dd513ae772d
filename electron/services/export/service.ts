/**
 * Exporting the leadership workbook (DESIGN D10.1) from stored scenarios: evaluates them with
 * the engine on one dataset, builds the sheets (shared/report) and writes the file
 * (./xlsx). The desktop app writes where the save dialog said; browser mode writes to a
 * temporary file that the page downloads once. Each export is a job with progress and
 * cancel, like an import.
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { evaluate } from '../../../shared/engine';
import type { DatasetSummary } from '../../../shared/model/workspace';
import { buildWorkbook } from '../../../shared/report/workbook';
import { MAX_REPORT_SCENARIOS, type OptionalSheet, workbookFileName } from '../../../shared/report/options';
import type { ExportProgress, ExportResult } from '../../../shared/ipc/contract';
import { sharedDataset } from '../evaluation';
import type { AppSession } from '../session';
import { UserFacingError } from '../workspace/errors';
import type { ScenarioRecord } from '../workspace/scenario.repo';
import type { Workspace } from '../workspace/workspace';
import { writeWorkbook } from './xlsx';

export interface WorkbookRequest {
  /** 1 to 6 stored scenarios, in the order they are shown */
  records: ScenarioRecord[];
  /** the dataset to evaluate them on; null: the scenarios' own (refused when they differ) */
  dataset: DatasetSummary | null;
  sheets: readonly OptionalSheet[];
  /** index into records of the scenario whose report cards to add */
  reportCards: number | null;
}

/** The dataset the scenarios are evaluated on: the one given, else their own when they share it. */
export function exportDataset(ws: Workspace, records: readonly ScenarioRecord[], dataset: DatasetSummary | null): DatasetSummary {
  return dataset ?? sharedDataset(ws, records, 'choose the dataset to export them on');
}

export interface WriteReport {
  file: string;
  bytes: number;
  sheets: string[];
  dataset: DatasetSummary;
  partners: number;
  ms: number;
}

/** Evaluates, builds and writes one workbook. `now` is the export's time (the workbook's date). */
export async function exportWorkbookFile(
  ws: Workspace,
  request: WorkbookRequest,
  file: string,
  options: { now?: Date; onProgress?: (p: ExportProgress) => void; signal?: AbortSignal } = {},
): Promise<WriteReport> {
  const started = performance.now();
  const { records } = request;
  if (records.length < 1 || records.length > MAX_REPORT_SCENARIOS) {
    throw new UserFacingError('invalid_request', `An export takes 1 to ${MAX_REPORT_SCENARIOS} scenarios; ${records.length} were chosen.`);
  }
  if (new Set(records.map((r) => r.id)).size !== records.length) throw new UserFacingError('invalid_request', 'A scenario is chosen twice.');
  const dataset = exportDataset(ws, records, request.dataset);
  options.onProgress?.({ stage: 'evaluating', fraction: 0, sheet: null });
  const data = ws.datasets.load(dataset.id);
  const scenarios = records.map((r) => ({ scenario: r.scenario, outcome: evaluate(r.scenario, data) }));
  const spec = buildWorkbook({
    dataset: { label: dataset.label, asOf: dataset.asOf, partners: dataset.partnerCount },
    data,
    scenarios,
    sheets: request.sheets,
    reportCards: request.reportCards,
    exportedAt: (options.now ?? new Date()).toISOString(),
  });
  const bytes = await writeWorkbook(spec, file, {
    onProgress: (p) => options.onProgress?.({ stage: 'writing', fraction: p.fraction, sheet: p.sheet }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  options.onProgress?.({ stage: 'done', fraction: 1, sheet: null });
  return { file, bytes, sheets: spec.sheets.map((s) => s.name), dataset, partners: data.partners.length, ms: performance.now() - started };
}

export interface ExportJobRequest {
  jobId: string;
  scenarioIds: number[];
  datasetId: number | null;
  sheets: OptionalSheet[];
  /** the scenario (by id, one of scenarioIds) whose report cards to add */
  reportCardsFor: number | null;
  /** where to write (the desktop app's save dialog); null: a download (browser mode) */
  path: string | null;
}

interface Download {
  file: string;
  fileName: string;
}

/** Export jobs of one app session: progress, cancel, browser-mode downloads and the files it may open. */
export class ExportService {
  private readonly progressByJob = new Map<string, ExportProgress>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly downloads = new Map<string, Download>();
  /** files this session wrote: the only ones `export:openFile` opens */
  private readonly written = new Set<string>();
  private readonly downloadsDir: string;
  private readonly now: () => Date;

  constructor(
    private readonly session: AppSession,
    options: { downloadsDir?: string; now?: () => Date } = {},
  ) {
    this.downloadsDir = options.downloadsDir ?? path.join(os.tmpdir(), 'tierscape-downloads', `${process.pid}`);
    this.now = options.now ?? (() => new Date());
  }

  async run(req: ExportJobRequest): Promise<ExportResult> {
    const ws = this.session.require();
    if (this.controllers.has(req.jobId)) throw new UserFacingError('invalid_request', 'That export is already running.');
    const records = req.scenarioIds.map((id) => ws.scenarios.get(id));
    const dataset = req.datasetId === null ? null : ws.datasets.get(req.datasetId);
    const reportCards = req.reportCardsFor === null ? null : req.scenarioIds.indexOf(req.reportCardsFor);
    if (reportCards === -1) throw new UserFacingError('invalid_request', 'Report cards must be for one of the exported scenarios.');
    const chosen = exportDataset(ws, records, dataset);
    let target: string;
    let downloadId: string | null = null;
    if (req.path === null) {
      downloadId = randomUUID();
      const dir = path.join(this.downloadsDir, downloadId);
      mkdirSync(dir, { recursive: true });
      target = path.join(dir, workbookFileName(records.map((r) => r.scenario.name), chosen.label));
    } else {
      target = path.extname(req.path).toLowerCase() === '.xlsx' ? req.path : `${req.path}.xlsx`;
    }
    const fileName = path.basename(target);
    const controller = new AbortController();
    this.controllers.set(req.jobId, controller);
    this.progressByJob.set(req.jobId, { stage: 'evaluating', fraction: 0, sheet: null });
    try {
      const report = await exportWorkbookFile(ws, { records, dataset: chosen, sheets: req.sheets, reportCards }, target, {
        now: this.now(),
        onProgress: (p) => this.progressByJob.set(req.jobId, p),
        signal: controller.signal,
      });
      if (downloadId) this.downloads.set(downloadId, { file: target, fileName });
      else this.written.add(path.resolve(target));
      return {
        fileName,
        path: downloadId ? null : target,
        downloadId,
        bytes: report.bytes,
        sheets: report.sheets,
        partners: report.partners,
        dataset: report.dataset.label,
        ms: Math.round(report.ms),
      };
    } catch (error) {
      if (downloadId) rmSync(path.dirname(target), { recursive: true, force: true });
      if (controller.signal.aborted) throw new UserFacingError('cancelled', 'The export was cancelled; no file was written.');
      throw error;
    } finally {
      this.controllers.delete(req.jobId);
      this.progressByJob.delete(req.jobId);
    }
  }

  progress(jobId: string): ExportProgress {
    return this.progressByJob.get(jobId) ?? { stage: 'idle', fraction: 0, sheet: null };
  }

  cancel(jobId: string): void {
    this.controllers.get(jobId)?.abort(new Error('The export was cancelled.'));
  }

  /** A browser-mode download, handed over once: the server streams it, then calls `finishDownload`. */
  takeDownload(id: string): Download | null {
    const download = this.downloads.get(id) ?? null;
    this.downloads.delete(id);
    return download;
  }

  finishDownload(download: Download): void {
    rmSync(path.dirname(download.file), { recursive: true, force: true });
  }

  /** Whether this session wrote the file (only those are opened in the spreadsheet app). */
  wrote(file: string): boolean {
    return this.written.has(path.resolve(file));
  }

  discardAll(): void {
    for (const c of this.controllers.values()) c.abort(new Error('The app is closing.'));
    rmSync(this.downloadsDir, { recursive: true, force: true });
    this.downloads.clear();
  }
}
