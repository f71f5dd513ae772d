/**
 * The workspace's own vocabulary: datasets, metrics, partners and the summaries the
 * app shows about an open `.tierscape` file. Pure types + zod schemas (DESIGN D3).
 */
import { z } from 'zod';

/** Kinds a metric column can have (DESIGN D3). The kind decides parsing and formatting. */
export const METRIC_KINDS = ['currency', 'count', 'percent', 'rating', 'boolean', 'date', 'number'] as const;
export const MetricKindSchema = z.enum(METRIC_KINDS);
export type MetricKind = z.infer<typeof MetricKindSchema>;

/** A metric key is a stable identifier used in formulas and requirements. */
export const MetricKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a metric key is lower-case letters, digits and _ (starting with a letter)');

export const MetricDefSchema = z.object({
  key: MetricKeySchema,
  label: z.string().min(1).max(200),
  kind: MetricKindSchema,
  unit: z.string().max(32).nullable(),
});
export type MetricDef = z.infer<typeof MetricDefSchema>;

export const MotionCountSchema = z.object({ motion: z.string(), count: z.number().int().nonnegative() });

export const DatasetSummarySchema = z.object({
  id: z.number().int().positive(),
  label: z.string(),
  asOf: z.string().nullable(),
  sourceFile: z.string().nullable(),
  importedAt: z.string(),
  partnerCount: z.number().int().nonnegative(),
  motions: z.array(MotionCountSchema),
  metrics: z.array(MetricDefSchema),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const ScenarioSummarySchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  /** the dataset it is evaluated on (null: the newest) */
  datasetId: z.number().int().positive().nullable(),
  isBaseline: z.boolean(),
  updatedAt: z.string(),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummarySchema>;

/** One opening of a workspace file: every write from a page names the opening it was made for. */
export const WorkspaceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a workspace id is 8 to 64 letters, digits, _ or -');

export const WorkspaceInfoSchema = z.object({
  /** this opening of the file (a new id each time it is opened); writes must name it */
  id: WorkspaceIdSchema,
  path: z.string(),
  fileName: z.string(),
  name: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.string(),
  datasets: z.array(DatasetSummarySchema),
  scenarios: z.array(ScenarioSummarySchema),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

/** One partner as the grid shows it: identity fields plus metric values aligned with the dataset's metrics. */
export const PartnerRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  motion: z.string(),
  currentTier: z.string().nullable(),
  region: z.string().nullable(),
  segment: z.string().nullable(),
  owner: z.string().nullable(),
  /** Same order as the dataset's `metrics`; null means "no data", never 0. */
  values: z.array(z.number().nullable()),
});
export type PartnerRow = z.infer<typeof PartnerRowSchema>;

/** The most partner rows one `partners:page` call returns (a sample of a dataset; the grid reads the whole dataset through `dataset:columns`). */
export const MAX_PARTNER_PAGE = 10_000;

export const PartnerPageSchema = z.object({
  datasetId: z.number().int().positive(),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  metrics: z.array(MetricDefSchema),
  rows: z.array(PartnerRowSchema),
});
export type PartnerPage = z.infer<typeof PartnerPageSchema>;

export const RecentFileSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentFile = z.infer<typeof RecentFileSchema>;

/** File extension of a workspace (DESIGN D2). */
export const WORKSPACE_EXTENSION = '.tierscape';

/** The file name without directories and without the `.tierscape` extension. */
export function workspaceDisplayName(filePath: string): string {
  const base = filePath.split(/[\\/]/).pop() ?? filePath;
  return base.toLowerCase().endsWith(WORKSPACE_EXTENSION) ? base.slice(0, -WORKSPACE_EXTENSION.length) : base;
}
