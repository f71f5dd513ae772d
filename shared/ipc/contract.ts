/**
 * The one IPC contract (DESIGN D14.3): channel → zod request schema → response schema.
 * Electron's main process and browser mode register the same handler table against it;
 * the renderer's client is typed by it. Requests are validated in the main process.
 */
import { z } from 'zod';
import { DatasetColumnsSchema } from './columns';
import {
  DatasetSummarySchema,
  PartnerPageSchema,
  RecentFileSchema,
  WorkspaceIdSchema,
  WorkspaceInfoSchema,
} from '../model/workspace';
import { ImportMappingSchema, ValidationReportSchema } from '../io/types';
import { MAX_SCENARIO_FILE_CHARS, ScenarioInputSchema, ScenarioSchema, TierMappingEntrySchema } from '../model/scenario';
import { MAX_PARTNER_PAGE, ScenarioSummarySchema } from '../model/workspace';
import type { Channel } from './channels';
import { MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS } from '../report/options';

/** An absolute or relative path as typed or picked; the service resolves and checks it. */
export const FilePathSchema = z
  .string()
  .min(1, 'a file path is required')
  .max(4096, 'the path is too long')
  .refine((p) => !p.includes('\0'), 'the path contains a NUL character');

const NoPayload = z.undefined().or(z.null()).transform(() => undefined);

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  runtime: z.enum(['electron', 'web']),
  platform: z.string(),
  /** true when the runtime can show native file dialogs (Electron) */
  nativeDialogs: z.boolean(),
  /** folder suggested for new workspaces */
  documentsDir: z.string(),
  /** why the workspace asked for at start-up could not be opened, if it could not */
  startupNotice: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const PickPurposeSchema = z.enum(['open', 'new', 'saveAs']);
export type PickPurpose = z.infer<typeof PickPurposeSchema>;

/** Chosen by the renderer for one import, so progress and cancel can name it while it runs. */
export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a job id is 8 to 64 letters, digits, _ or -');

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');

export const DatasetLabelSchema = z.string().trim().min(1, 'a dataset needs a label').max(200, 'at most 200 characters');

const RawCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ImportPreviewSchema = z.object({
  jobId: JobIdSchema,
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx', 'xls', 'ods']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  firstDataRow: z.number().int().positive(),
  rowCount: z.number().int().nonnegative(),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(RawCellSchema)),
  mapping: ImportMappingSchema,
  mappingSource: z.enum(['remembered', 'suggested']),
  report: ValidationReportSchema,
  suggestedLabel: z.string(),
  suggestedAsOf: z.string().nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportProgressSchema = z.object({
  stage: z.enum(['idle', 'reading', 'checking', 'writing', 'done']),
  fraction: z.number().min(0).max(1),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ScenarioIdSchema = z.number().int().positive();

export const ScenarioRecordSchema = z.object({
  id: ScenarioIdSchema,
  datasetId: z.number().int().positive().nullable(),
  updatedAt: z.string(),
  scenario: ScenarioSchema,
  /** what reading a scenario stored by an older version repaired (duplicate ladders or labels), one sentence each */
  repaired: z.array(z.string()).optional(),
});
export type ScenarioRecordDto = z.infer<typeof ScenarioRecordSchema>;

/** What putting a scenario on a list did: today's tiers placed automatically, labels left unplaced, metrics the list lacks. */
export const ScenarioPlacementSchema = z.object({
  /** the list's label; null: the workspace has no list yet */
  dataset: z.string().nullable(),
  mapped: z.array(TierMappingEntrySchema),
  unplaced: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative(), why: z.string() })),
  missingMetrics: z.array(z.string()),
});
export type ScenarioPlacement = z.infer<typeof ScenarioPlacementSchema>;

/** A scenario stored on a list, and what doing so placed. */
export const PlacedScenarioSchema = ScenarioRecordSchema.extend({ placement: ScenarioPlacementSchema });
export type PlacedScenarioDto = z.infer<typeof PlacedScenarioSchema>;

/** A scenario file's text, as read by the page (File API) or the CLI; at most 5 MB. */
const ScenarioFileTextSchema = z.string().min(1, 'the file is empty').max(MAX_SCENARIO_FILE_CHARS, 'a scenario file is at most 5 MB');

export const ExportProgressSchema = z.object({
  stage: z.enum(['idle', 'evaluating', 'writing', 'done']),
  fraction: z.number().min(0).max(1),
  /** the sheet being written */
  sheet: z.string().nullable(),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

export const ExportResultSchema = z.object({
  fileName: z.string(),
  /** where the desktop app wrote it; null in browser mode */
  path: z.string().nullable(),
  /** browser mode: fetch it once from DOWNLOAD_PATH (shared/ipc/http) */
  downloadId: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  sheets: z.array(z.string()),
  partners: z.number().int().nonnegative(),
  dataset: z.string(),
  ms: z.number().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const contract = {
  'app:info': { req: NoPayload, res: AppInfoSchema },
  'workspace:current': { req: NoPayload, res: WorkspaceInfoSchema.nullable() },
  'workspace:new': {
    req: z.object({ path: FilePathSchema, sample: z.boolean().default(false), overwrite: z.boolean().default(false) }).strict(),
    res: WorkspaceInfoSchema,
  },
  'workspace:open': { req: z.object({ path: FilePathSchema }).strict(), res: WorkspaceInfoSchema },
  'workspace:saveAs': {
    req: z.object({ workspace: WorkspaceIdSchema, path: FilePathSchema, overwrite: z.boolean().default(false) }).strict(),
    res: WorkspaceInfoSchema,
  },
  'workspace:close': { req: z.object({ workspace: WorkspaceIdSchema }).strict(), res: z.null() },
  'workspace:recent': { req: NoPayload, res: z.array(RecentFileSchema) },
  'workspace:forgetRecent': { req: z.object({ path: FilePathSchema }).strict(), res: z.array(RecentFileSchema) },
  /** Native file dialog (Electron only); `null` when the user cancels. */
  'workspace:pickPath': { req: z.object({ purpose: PickPurposeSchema }).strict(), res: FilePathSchema.nullable() },
  'dataset:list': { req: NoPayload, res: z.array(DatasetSummarySchema) },
  'dataset:rename': {
    req: z.object({ workspace: WorkspaceIdSchema, id: z.number().int().positive(), label: DatasetLabelSchema }).strict(),
    res: WorkspaceInfoSchema,
  },
  'dataset:delete': { req: z.object({ workspace: WorkspaceIdSchema, id: z.number().int().positive() }).strict(), res: WorkspaceInfoSchema },
  'partners:page': {
    req: z
      .object({
        datasetId: z.number().int().positive(),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(MAX_PARTNER_PAGE).default(1000),
      })
      .strict(),
    res: PartnerPageSchema,
  },
  /** The whole dataset, columnar (each metric a Float64Array), for the engine in the renderer (shared/ipc/columns.ts). */
  'dataset:columns': { req: z.object({ datasetId: z.number().int().positive() }).strict(), res: DatasetColumnsSchema },
  /** Native file dialog for a partner file (Electron only); `null` when cancelled. */
  'import:pickFile': { req: NoPayload, res: FilePathSchema.nullable() },
  /**
   * Reads a file and proposes a mapping with its validation report; nothing is written.
   * `owner` names the window asking: a new preview from it discards its earlier ones.
   */
  'import:preview': {
    req: z
      .object({
        jobId: JobIdSchema,
        path: FilePathSchema,
        sheet: z.string().max(200).optional(),
        displayName: z.string().max(500).optional(),
        owner: JobIdSchema.optional(),
      })
      .strict(),
    res: ImportPreviewSchema,
  },
  'import:validate': { req: z.object({ jobId: JobIdSchema, mapping: ImportMappingSchema }).strict(), res: ValidationReportSchema },
  /** Writes the dataset in one transaction; refuses rows with errors unless skipBadRows. */
  'import:commit': {
    req: z
      .object({
        workspace: WorkspaceIdSchema,
        jobId: JobIdSchema,
        mapping: ImportMappingSchema,
        label: DatasetLabelSchema,
        asOf: IsoDateSchema.nullable(),
        skipBadRows: z.boolean(),
      })
      .strict(),
    res: z.object({
      dataset: DatasetSummarySchema,
      imported: z.number().int().nonnegative(),
      skipped: z.number().int().nonnegative(),
      workspace: WorkspaceInfoSchema,
    }),
  },
  'import:progress': { req: z.object({ jobId: JobIdSchema }).strict(), res: ImportProgressSchema },
  'import:cancel': { req: z.object({ jobId: JobIdSchema }).strict(), res: z.null() },
  'import:discard': { req: z.object({ jobId: JobIdSchema }).strict(), res: z.null() },
  'scenario:list': { req: NoPayload, res: z.array(ScenarioSummarySchema) },
  'scenario:get': { req: z.object({ id: ScenarioIdSchema }).strict(), res: ScenarioRecordSchema },
  /** The scenario is validated here, once (the repository trusts it); `datasetId` null: evaluated on the newest dataset. */
  'scenario:create': {
    req: z.object({ workspace: WorkspaceIdSchema, scenario: ScenarioInputSchema, datasetId: z.number().int().positive().nullable().default(null) }).strict(),
    res: PlacedScenarioSchema,
  },
  /** The shipped example scenarios (DESIGN D12.1), to start a design from. */
  'scenario:examples': { req: NoPayload, res: z.array(z.object({ name: z.string(), description: z.string() })) },
  /** Stores a copy of an example under a free name ("Motion-fit ladders (2)"). */
  'scenario:createFromExample': {
    req: z.object({ workspace: WorkspaceIdSchema, name: z.string().min(1).max(120), datasetId: z.number().int().positive().nullable().default(null) }).strict(),
    res: PlacedScenarioSchema,
  },
  'scenario:save': { req: z.object({ workspace: WorkspaceIdSchema, id: ScenarioIdSchema, scenario: ScenarioInputSchema }).strict(), res: ScenarioRecordSchema },
  /** A copy on the same list, or on `datasetId`; today's tiers of that list it does not place are placed automatically. */
  'scenario:duplicate': {
    req: z.object({ workspace: WorkspaceIdSchema, id: ScenarioIdSchema, name: z.string().max(120).optional(), datasetId: z.number().int().positive().optional() }).strict(),
    res: PlacedScenarioSchema,
  },
  /** Moves a scenario onto another list (today's tiers of that list it does not place are placed automatically). */
  'scenario:setDataset': { req: z.object({ workspace: WorkspaceIdSchema, id: ScenarioIdSchema, datasetId: z.number().int().positive() }).strict(), res: PlacedScenarioSchema },
  'scenario:delete': { req: z.object({ workspace: WorkspaceIdSchema, id: ScenarioIdSchema }).strict(), res: z.array(ScenarioSummarySchema) },
  'scenario:setBaseline': { req: z.object({ workspace: WorkspaceIdSchema, id: ScenarioIdSchema, baseline: z.boolean() }).strict(), res: ScenarioRecordSchema },
  /** Imports a scenario file's text (format and version checked first); a taken name gets " (2)". */
  'scenario:importJson': {
    req: z
      .object({ workspace: WorkspaceIdSchema, text: ScenarioFileTextSchema, fileName: z.string().max(500).optional(), datasetId: z.number().int().positive().nullable().default(null) })
      .strict(),
    res: PlacedScenarioSchema,
  },
  /** The scenario as a file to share: its suggested name and JSON text. */
  'scenario:exportJson': { req: z.object({ id: ScenarioIdSchema }).strict(), res: z.object({ fileName: z.string(), text: z.string() }) },
  /** The save dialog for a workbook (Electron only); `null` when cancelled. */
  'export:pickPath': { req: z.object({ suggestedName: z.string().min(1).max(255) }).strict(), res: FilePathSchema.nullable() },
  /** Evaluates the scenarios on the dataset and writes the workbook (DESIGN D10.1); `path` null: a download (browser mode). */
  'export:workbook': {
    req: z
      .object({
        workspace: WorkspaceIdSchema,
        jobId: JobIdSchema,
        scenarioIds: z.array(ScenarioIdSchema).min(1, 'choose at least one scenario').max(MAX_REPORT_SCENARIOS, `at most ${MAX_REPORT_SCENARIOS} scenarios`),
        datasetId: z.number().int().positive().nullable(),
        sheets: z.array(z.enum(OPTIONAL_SHEETS)).max(OPTIONAL_SHEETS.length),
        reportCardsFor: ScenarioIdSchema.nullable(),
        path: FilePathSchema.nullable(),
      })
      .strict(),
    res: ExportResultSchema,
  },
  'export:progress': { req: z.object({ jobId: JobIdSchema }).strict(), res: ExportProgressSchema },
  'export:cancel': { req: z.object({ jobId: JobIdSchema }).strict(), res: z.null() },
  /** Opens a workbook this session wrote in the system's spreadsheet app (Electron only). */
  'export:openFile': { req: z.object({ path: FilePathSchema }).strict(), res: z.null() },
  'shell:openExternal': { req: z.object({ url: z.string().url().max(2048) }).strict(), res: z.null() },
} as const satisfies Record<Channel, { req: z.ZodType; res: z.ZodType }>;

export type Contract = typeof contract;
/** What the caller sends (before defaults are applied). */
export type Req<C extends Channel> = z.input<Contract[C]['req']>;
/** What the handler receives (after validation and defaults). */
export type ParsedReq<C extends Channel> = z.output<Contract[C]['req']>;
export type Res<C extends Channel> = z.output<Contract[C]['res']>;

/** Channels whose request carries nothing. */
export type NoPayloadChannel = {
  [C in Channel]: undefined extends Req<C> ? C : never;
}[Channel];
