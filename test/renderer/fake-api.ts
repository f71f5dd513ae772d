/** A fake main process for renderer tests: answers channels from a table and records every call. */
import type { Channel } from '../../shared/ipc/channels';
import type { AppInfo, ImportPreview } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';
import type { ValidationReport } from '../../shared/io/types';
import type { DatasetSummary, WorkspaceInfo } from '../../shared/model/workspace';
import { createApi, setApi, type Transport, type UploadedFile } from '../../renderer/src/api/client';

export type Answer = (payload: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>;
export type Answers = Partial<Record<Channel, Answer>>;

export const ok = <T,>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: string, message: string): IpcResult<never> => ({ ok: false, error: { code: code as never, message } });

export interface Call {
  channel: Channel;
  payload: unknown;
}

export function dataset(id: number, label: string, partnerCount = 10, extra: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    id,
    label,
    asOf: null,
    sourceFile: null,
    importedAt: '2026-11-22T00:00:00Z',
    partnerCount,
    motions: [],
    metrics: [],
    ...extra,
  };
}

export function workspace(name: string, datasets: DatasetSummary[]): WorkspaceInfo {
  return {
    id: `opening-${name}`.replace(/[^A-Za-z0-9_-]/g, '-').padEnd(8, '-'),
    path: `/w/${name}.tierscape`,
    fileName: `${name}.tierscape`,
    name,
    schemaVersion: 2,
    createdAt: '2026-11-22T00:00:00Z',
    datasets,
    scenarios: [],
  };
}

export function appInfo(runtime: 'web' | 'electron'): AppInfo {
  return {
    name: 'Tierscape',
    version: '1',
    runtime,
    platform: 'linux',
    nativeDialogs: runtime === 'electron',
    documentsDir: '/docs',
    startupNotice: null,
  };
}

export function report(overrides: Partial<ValidationReport> = {}): ValidationReport {
  return {
    fileName: 'partners.csv',
    rowCount: 5,
    validRows: 4,
    badRows: 1,
    emptyRows: 0,
    errorCount: 1,
    warningCount: 0,
    groups: [
      {
        kind: 'unparseable',
        severity: 'error',
        count: 1,
        examples: [{ row: 4, column: 'C', header: 'ARR', value: '12abc', message: 'Row 4, column C "ARR": "12abc" is not a number' }],
      },
    ],
    mappingErrors: [],
    ...overrides,
  };
}

/** A preview of a small CSV: ID, Name, ARR (a currency metric), Col4 (a count, badly named). */
export function preview(jobId: string, overrides: Partial<ImportPreview> = {}): ImportPreview {
  return {
    jobId,
    fileName: 'partners.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    sheets: [],
    sheet: null,
    firstDataRow: 2,
    rowCount: 5,
    headers: ['ID', 'Name', 'ARR', 'Col4'],
    sampleRows: [
      ['P1', 'Acme', '$1,000', '3'],
      ['P2', 'Bolt', '$2,000', '4'],
      ['P3', '', '12abc', '5'],
    ],
    mapping: {
      columns: [
        { index: 0, header: 'ID', target: { type: 'field', field: 'id' } },
        { index: 1, header: 'Name', target: { type: 'field', field: 'name' } },
        { index: 2, header: 'ARR', target: { type: 'metric', key: 'sourced_arr', label: 'ARR', kind: 'currency', unit: 'USD' } },
        { index: 3, header: 'Col4', target: { type: 'metric', key: 'col4', label: 'Col4', kind: 'count', unit: null } },
      ],
      dateOrder: 'auto',
      decimal: 'auto',
    },
    mappingSource: 'suggested',
    report: report(),
    suggestedLabel: 'partners',
    suggestedAsOf: '2026-06-30',
    ...overrides,
  };
}

export interface FakeApi {
  calls: Call[];
  transport: Transport;
  uploads: File[];
  /** the channels called, in order */
  channels(): Channel[];
  /** the payload of the last call to `channel` */
  last(channel: Channel): unknown;
}

/** Installs a fake API (`setApi`) answering from `answers`; unknown channels fail with 'internal'. */
export function installFakeApi(
  answers: Answers,
  options: { upload?: (file: File) => IpcResult<UploadedFile>; pathForFile?: (file: File) => string; download?: (id: string) => IpcResult<Blob> } = {},
): FakeApi {
  const calls: Call[] = [];
  const uploads: File[] = [];
  const transport: Transport = {
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      const answer = answers[channel];
      return answer ? answer(payload) : fail('internal', `no fake for ${channel}`);
    },
    onMenuCommand: () => () => undefined,
    upload: async (file) => {
      uploads.push(file);
      return options.upload ? options.upload(file) : ok({ path: `/tmp/uploads/x/${file.name}`, fileName: file.name, size: file.size });
    },
    ...(options.pathForFile ? { pathForFile: options.pathForFile } : {}),
    ...(options.download ? { download: async (id: string) => options.download!(id) } : {}),
  };
  setApi(createApi(transport));
  return {
    calls,
    transport,
    uploads,
    channels: () => calls.map((c) => c.channel),
    last: (channel) => [...calls].reverse().find((c) => c.channel === channel)?.payload,
  };
}

/** A promise with its resolve, for answers the test releases when it wants. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
