/**
 * Import jobs (DESIGN D9): read a file into a preview, let the person confirm the mapping
 * against a live validation report, then write the dataset in one transaction. A job is
 * named by the caller's id so progress can be asked for and the job cancelled while a
 * long read or check runs; the work yields between chunks to keep answering.
 *
 * A preview holds its whole table (hundreds of MB for a large file) until it is committed
 * or discarded. One a window abandons — the page reloaded, the window moved on — is let go
 * all the same (issue 18): a new preview from the same window (its `owner`) discards the
 * window's earlier ones, and a preview unused for PREVIEW_IDLE_MS expires. A job let go
 * drops its table, so its memory is returned.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { analyseTable, headerShape, ImportRefused, toDataset, type Analysis } from '../../../shared/io/analyse';
import { suggestMapping } from '../../../shared/io/headers';
import type { ImportMapping, RawCell, RawTable, ValidationReport } from '../../../shared/io/types';
import type { DatasetSummary, WorkspaceInfo } from '../../../shared/model/workspace';
import type { AppSession } from '../session';
import { UserFacingError } from '../workspace/errors';
import { CancelledError } from './errors';
import { readSource } from './read';
import { nextTurn, type SourceTable } from './read/source';

export type ImportStage = 'idle' | 'reading' | 'checking' | 'writing' | 'done';

export interface ImportPreview {
  jobId: string;
  fileName: string;
  format: SourceTable['format'];
  encoding: string | null;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  firstDataRow: number;
  rowCount: number;
  headers: string[];
  sampleRows: RawCell[][];
  mapping: ImportMapping;
  mappingSource: 'remembered' | 'suggested';
  report: ValidationReport;
  suggestedLabel: string;
  suggestedAsOf: string | null;
}

export interface ImportResult {
  dataset: DatasetSummary;
  imported: number;
  skipped: number;
  workspace: WorkspaceInfo;
}

interface Job {
  id: string;
  /** the window (page) that asked for the preview, when it says; null for the CLI */
  owner: string | null;
  /** when the preview was last used (the service's clock), for expiry */
  usedAt: number;
  file: string;
  /** a temporary upload that is removed with the job */
  ownsFile: boolean;
  source: SourceTable | null;
  stage: ImportStage;
  fraction: number;
  abort: AbortController;
  busy: boolean;
  /** the last check and the mapping it was made with: a commit with the same mapping reuses it */
  last: { mappingKey: string; analysis: Analysis } | null;
}

const SAMPLE_ROWS = 12;
const KIND_SAMPLE_ROWS = 2000;
const MAX_JOBS = 4;
/** A preview not used (previewed, checked, committed) for this long is discarded. */
export const PREVIEW_IDLE_MS = 15 * 60 * 1000;
/** How often idle previews are looked for while any is open. */
export const EXPIRY_SWEEP_MS = 60 * 1000;

/**
 * A copy of what the service hands out, its strings its own: a CSV table's cells, and the
 * texts of a report made from them, are slices of the file's text (read/csv-table.ts), and
 * one kept by the caller would keep the whole text alive.
 */
function detached<T>(value: T): T {
  return structuredClone(value);
}

/** Columns of the first rows, for guessing kinds. */
export function sampleColumns(table: RawTable, rows = KIND_SAMPLE_ROWS): RawCell[][] {
  const n = Math.min(rows, table.rowCount);
  return table.headers.map((_, c) => {
    const column: RawCell[] = new Array<RawCell>(n);
    for (let r = 0; r < n; r += 1) column[r] = table.cell(r, c);
    return column;
  });
}

/** A label for the new dataset from the file name: "partners_FY2026.csv" → "partners_FY2026". */
export function labelFromFileName(fileName: string): string {
  return path.basename(fileName, path.extname(fileName)).replace(/[_\s]+/g, ' ').trim().slice(0, 120) || 'Imported partners';
}

export class ImportService {
  private readonly jobs = new Map<string, Job>();
  /** looks for idle previews while any is open; unref'd, so it never keeps the process alive */
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly session: AppSession,
    private readonly options: {
      /** the time written with an import */
      now?: () => Date;
      uploadsDir?: string;
      /** milliseconds, for preview expiry (tests move it) */
      clock?: () => number;
      idleMs?: number;
    } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private touch(job: Job): void {
    job.usedAt = this.options.clock?.() ?? Date.now();
  }

  /** Discards every preview not in use for PREVIEW_IDLE_MS (a read or check under way is in use). */
  expireIdle(): void {
    const now = this.options.clock?.() ?? Date.now();
    const idle = this.options.idleMs ?? PREVIEW_IDLE_MS;
    for (const job of [...this.jobs.values()]) if (!job.busy && now - job.usedAt >= idle) this.drop(job);
  }

  /** The expiry timer runs while a job is open, and only then. */
  private watch(): void {
    if (this.jobs.size > 0 && !this.sweeper) {
      this.sweeper = setInterval(() => this.expireIdle(), EXPIRY_SWEEP_MS);
      this.sweeper.unref?.();
    } else if (this.jobs.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  /** Files under the uploads folder are temporary copies made by browser mode: removed with their job. */
  private isUpload(file: string): boolean {
    const dir = this.options.uploadsDir;
    if (!dir) return false;
    const relative = path.relative(path.resolve(dir), file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && relative.split(path.sep).length === 2;
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new UserFacingError('not_found', 'This import is no longer open; choose the file again.');
    return job;
  }

  /**
   * A new job, or the same job reading its file again (another sheet): then the earlier
   * read stops, but an uploaded file stays for the new read. The owner's other jobs are
   * abandoned previews: discarded.
   */
  private start(jobId: string, file: string, ownsFile: boolean, owner: string | null): Job {
    const earlier = this.jobs.get(jobId);
    if (earlier && earlier.file === file) {
      earlier.abort.abort();
      this.jobs.delete(jobId);
      earlier.source = null;
      earlier.last = null;
    } else {
      this.discard(jobId);
    }
    if (owner !== null) for (const other of [...this.jobs.values()]) if (other.owner === owner) this.drop(other);
    while (this.jobs.size >= MAX_JOBS) this.discard(this.jobs.keys().next().value!);
    const job: Job = {
      id: jobId,
      owner,
      usedAt: 0,
      file,
      ownsFile,
      source: null,
      stage: 'reading',
      fraction: 0,
      abort: new AbortController(),
      busy: true,
      last: null,
    };
    this.touch(job);
    this.jobs.set(jobId, job);
    this.watch();
    return job;
  }

  private async analyse(job: Job, mapping: ImportMapping): Promise<Analysis> {
    const source = job.source!;
    const mappingKey = JSON.stringify(mapping);
    if (job.last?.mappingKey === mappingKey) return job.last.analysis;
    job.stage = 'checking';
    job.fraction = 0;
    const steps = analyseTable(source.table, mapping, source.fileName, source.elsewhere, { listSeparator: source.delimiter });
    for (;;) {
      const next = steps.next();
      if (next.done) {
        job.last = { mappingKey, analysis: next.value };
        return next.value;
      }
      // the metric cells read on the other thread: waited for
      if (typeof next.value === 'number') job.fraction = next.value;
      else await next.value;
      if (job.abort.signal.aborted) throw new CancelledError('The check');
      await nextTurn();
    }
  }

  async preview(req: {
    jobId: string;
    path: string;
    sheet?: string | undefined;
    displayName?: string | undefined;
    /** the window asking: its earlier previews are discarded */
    owner?: string | undefined;
  }): Promise<ImportPreview> {
    const ws = this.session.require();
    const file = path.resolve(req.path);
    const job = this.start(req.jobId, file, this.isUpload(file), req.owner ?? null);
    try {
      job.source = await readSource(job.file, {
        parallel: true,
        sheet: req.sheet,
        displayName: req.displayName,
        signal: job.abort.signal,
        onProgress: (p) => {
          job.fraction = p.fraction;
        },
      });
      // a job let go while its file was read keeps nothing on the other thread
      if (this.jobs.get(job.id) !== job) job.source.elsewhere?.dispose();
      const { table } = job.source;
      const remembered = ws.mappings.find(headerShape(table.headers));
      const mapping: ImportMapping = remembered ?? { columns: suggestMapping(table.headers, sampleColumns(table)), dateOrder: 'auto', decimal: 'auto' };
      const analysis = await this.analyse(job, mapping);
      job.stage = 'idle';
      // a copy (`detached`): the preview holds none of the file's text
      return detached({
        jobId: job.id,
        fileName: job.source.fileName,
        format: job.source.format,
        encoding: job.source.encoding,
        delimiter: job.source.delimiter,
        sheets: job.source.sheets,
        sheet: job.source.sheet,
        firstDataRow: table.firstDataRow,
        rowCount: table.rowCount,
        headers: table.headers,
        sampleRows: Array.from({ length: Math.min(SAMPLE_ROWS, table.rowCount) }, (_, r) => table.row(r)),
        mapping,
        mappingSource: remembered ? 'remembered' : 'suggested',
        report: analysis.report,
        suggestedLabel: ws.datasets.uniqueLabel(labelFromFileName(job.source.fileName)),
        suggestedAsOf: job.source.modified,
      });
    } catch (error) {
      // unless the job was let go meanwhile (then a job of the same id may be another's)
      if (this.jobs.get(job.id) === job) this.drop(job);
      throw error;
    } finally {
      job.busy = false;
      this.touch(job);
    }
  }

  async validate(jobId: string, mapping: ImportMapping): Promise<ValidationReport> {
    const job = this.job(jobId);
    if (job.busy) throw new UserFacingError('busy', 'This import is still busy; wait for it to finish.');
    job.busy = true;
    job.abort = new AbortController();
    try {
      const analysis = await this.analyse(job, mapping);
      job.stage = 'idle';
      return detached(analysis.report);
    } finally {
      job.busy = false;
      this.touch(job);
    }
  }

  async commit(req: { jobId: string; mapping: ImportMapping; label: string; asOf: string | null; skipBadRows: boolean }): Promise<ImportResult> {
    const ws = this.session.require();
    const job = this.job(req.jobId);
    if (job.busy) throw new UserFacingError('busy', 'This import is still busy; wait for it to finish.');
    job.busy = true;
    job.abort = new AbortController();
    try {
      const analysis = await this.analyse(job, req.mapping);
      let dataset;
      try {
        dataset = toDataset(analysis, { skipBadRows: req.skipBadRows });
      } catch (error) {
        if (error instanceof ImportRefused) throw new UserFacingError('invalid_request', error.message);
        throw error;
      }
      if (job.abort.signal.aborted) throw new CancelledError();
      job.stage = 'writing';
      job.fraction = 0;
      const source = job.source!;
      const shape = headerShape(source.table.headers);
      const now = this.now();
      const label = req.label.trim();
      // one write transaction (IMMEDIATE: another writer is waited for): the dataset, its
      // partners and metrics, and the remembered mapping
      const datasetId = ws.write(() => {
        const id = ws.datasets.insert({
          ...dataset,
          label,
          asOf: req.asOf,
          sourceFile: source.fileName,
          importedAt: now.toISOString(),
          mapping: {
            shape,
            headers: source.table.headers,
            mapping: req.mapping,
            source: {
              format: source.format,
              encoding: source.encoding,
              delimiter: source.delimiter,
              sheet: source.sheet,
              firstDataRow: source.table.firstDataRow,
            },
            skippedRows: analysis.report.badRows,
          },
        });
        ws.mappings.remember(shape, source.table.headers, req.mapping, now);
        return id;
      });
      job.stage = 'done';
      job.fraction = 1;
      const result: ImportResult = {
        // its motions counted from the packed list just written
        dataset: ws.datasets.get(datasetId),
        imported: dataset.count,
        skipped: analysis.report.badRows,
        workspace: ws.info(),
      };
      this.discard(job.id);
      return result;
    } finally {
      job.busy = false;
      this.touch(job);
    }
  }

  progress(jobId: string): { stage: ImportStage; fraction: number } {
    const job = this.jobs.get(jobId);
    return job ? { stage: job.stage, fraction: job.fraction } : { stage: 'idle', fraction: 0 };
  }

  cancel(jobId: string): void {
    this.jobs.get(jobId)?.abort.abort();
  }

  discard(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (job) this.drop(job);
  }

  /**
   * Lets a job go: its work stops, its table and last check are dropped (a read still
   * winding down keeps the job object a moment, not the table), an uploaded copy of its
   * file is removed.
   */
  private drop(job: Job): void {
    if (this.jobs.get(job.id) === job) this.jobs.delete(job.id);
    job.abort.abort();
    job.source?.elsewhere?.dispose();
    job.source = null;
    job.last = null;
    if (job.ownsFile) rmSync(path.dirname(job.file), { recursive: true, force: true });
    this.watch();
  }

  discardAll(): void {
    for (const id of [...this.jobs.keys()]) this.discard(id);
  }
}
