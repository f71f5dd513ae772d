/**
 * A dataset in memory, columnar: one identity record per partner and one Float64Array
 * per metric (NaN = no data). This is what import produces, what the workspace stores,
 * and what the engine reads — no object per partner per metric.
 */
import type { MetricDef } from './workspace';

export interface PartnerIdentity {
  /** unique within the dataset */
  id: string;
  name: string;
  /** reseller, services, technology, or any label found in the data */
  motion: string;
  currentTier: string | null;
  region: string | null;
  segment: string | null;
  /** the partner manager */
  owner: string | null;
}

/** The identity fields of a dataset's partners, one list per field, aligned with its metric columns. */
export interface IdentityColumns {
  id: string[];
  name: string[];
  motion: string[];
  currentTier: (string | null)[];
  region: (string | null)[];
  segment: (string | null)[];
  owner: (string | null)[];
}

/** The identity fields, in the order they are kept and travel. */
export const IDENTITY_FIELDS = ['id', 'name', 'motion', 'currentTier', 'region', 'segment', 'owner'] as const satisfies readonly (keyof IdentityColumns)[];
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
/** The identity fields, each a packed list of texts (shared/model/packed-text.ts), as a workspace keeps them. */
export type PackedIdentity = Record<IdentityField, Uint8Array>;

/**
 * A dataset as an import hands it to the workspace: `count` partners, their identity fields
 * already packed (the import packs them as it checks the file), and their metric columns.
 */
export interface PackedDataset {
  metrics: MetricDef[];
  count: number;
  packed: PackedIdentity;
  /** partners per motion, each motion as `packed.motion` holds it, when counted as the lists were packed */
  motionCounts?: ReadonlyMap<string, number>;
  /** `values[m][p]` is metric `metrics[m]` of partner p; NaN means no data. */
  values: Float64Array[];
}

/** Partner `i`'s identity, from the lists. */
export function identityAt(lists: IdentityColumns, i: number): PartnerIdentity {
  return {
    id: lists.id[i]!,
    name: lists.name[i]!,
    motion: lists.motion[i]!,
    currentTier: lists.currentTier[i]!,
    region: lists.region[i]!,
    segment: lists.segment[i]!,
    owner: lists.owner[i]!,
  };
}

export interface ColumnarDataset {
  metrics: MetricDef[];
  partners: PartnerIdentity[];
  /** `values[m][p]` is metric `metrics[m]` of partner `partners[p]`; NaN means no data. */
  values: Float64Array[];
}

/** How booleans and dates travel in a Float64 column. */
export const BOOLEAN_TRUE = 1;
export const BOOLEAN_FALSE = 0;
/** Dates are stored as whole days since 1970-01-01 (UTC). */
export const MS_PER_DAY = 86_400_000;

export function dateToDays(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(ms) ? Number.NaN : Math.round(ms / MS_PER_DAY);
}

export function daysToIsoDate(days: number): string {
  const ms = days * MS_PER_DAY;
  // past what a date can be (±100 million days; a threshold typed or written as 1e295): said as a number, never thrown
  if (!(Math.abs(ms) <= MAX_DATE_MS)) return `day ${days}`;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The furthest a JavaScript date reaches from 1970, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

/** A Float64 value as the IPC/JSON world sees it: NaN becomes null ("no data"). */
export function toNullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
