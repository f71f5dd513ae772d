import { identityAt, type ColumnarDataset, type IdentityColumns, type PartnerIdentity } from '../../../shared/model/dataset';
import { toNullable } from '../../../shared/model/dataset';
import { MetricKindSchema, type DatasetSummary, type MetricDef, type PartnerPage, type PartnerRow } from '../../../shared/model/workspace';
import { todayTiersOf, type TodayTier } from '../../../shared/model/tier-mapping';
import { packedLists, packLists, storedMotions, unpackedLists, writePartnerTexts, type PackedLists } from './partner-texts';
import { UserFacingError } from './errors';
import type { WorkspaceStore } from './store';
import { countOf } from '../../../shared/model/format';

export interface NewDataset extends ColumnarDataset {
  label: string;
  asOf: string | null;
  sourceFile: string | null;
  /** the column mapping used by the import, kept so the next import of that shape reuses it */
  mapping: unknown;
  importedAt: string;
}

interface DatasetRow {
  id: number;
  label: string;
  as_of: string | null;
  source_file: string | null;
  imported_at: string;
  partner_count: number;
}

interface MetricRow {
  key: string;
  label: string;
  /** checked on read (`metricDefs`): SQLite does not check kinds since schema version 4 */
  kind: string;
  unit: string | null;
}

interface MotionCount {
  motion: string;
  count: number;
}

/**
 * Partners per motion, in the order of the summary's query: most partners first, then by the
 * motion's UTF-8 bytes (SQLite's BINARY collation). Null for a motion with an unpaired
 * surrogate, which does not read back from SQLite as it was written: then the query answers.
 */
function countMotions(motions: Iterable<string>): MotionCount[] | null {
  const counts = new Map<string, number>();
  for (const motion of motions) counts.set(motion, (counts.get(motion) ?? 0) + 1);
  const sorted: { motion: string; count: number; bytes: Buffer }[] = [];
  for (const [motion, count] of counts) {
    if (UNPAIRED_SURROGATE.test(motion)) return null;
    sorted.push({ motion, count, bytes: Buffer.from(motion, 'utf8') });
  }
  sorted.sort((a, b) => b.count - a.count || Buffer.compare(a.bytes, b.bytes));
  return sorted.map(({ motion, count }) => ({ motion, count }));
}

interface PartnerDbRow {
  partner_id: string;
  name: string;
  motion: string;
  current_tier: string | null;
  region: string | null;
  segment: string | null;
  owner: string | null;
}

/** Float64 values as a BLOB (little-endian, as on every platform Electron ships for). */
export function encodeColumn(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function decodeColumn(blob: Buffer): Float64Array {
  if (blob.byteLength % 8 !== 0) throw new Error(`a metric column of ${blob.byteLength} bytes is not a whole number of values`);
  // copy into a fresh, aligned buffer
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float64Array(copy.buffer);
}

/** Datasets, their metric definitions and partners (repository: rows ↔ domain types). */
/** Partner rows per INSERT statement, and the values of one row (9 × 256 stays far below SQLite's limit of 32,766 parameters). */
const PARTNER_BATCH = 256;
const PARTNER_FIELDS = 9;
/** A UTF-16 surrogate that is not half of a pair (in a /u expression a pair is one character, not a surrogate). */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export class DatasetRepo {
  /**
   * Metric columns by dataset id. Ids are never given twice (migration 0003), and the cache
   * is dropped whenever another connection has committed since it was filled (PRAGMA
   * data_version), so it never serves values the file no longer holds.
   */
  private readonly columnCache = new Map<number, Float64Array[]>();
  /** Partners per motion by dataset id, as `getInserted` counted them; dropped as the columns are. */
  private readonly motionCache = new Map<number, MotionCount[]>();
  private cacheDataVersion: unknown = null;

  constructor(private readonly store: WorkspaceStore) {}

  private get db() {
    return this.store.db;
  }

  /** Drops the caches when another connection has committed since they were filled. */
  private freshCaches(): void {
    const version = this.db.pragma('data_version', { simple: true });
    if (version !== this.cacheDataVersion) {
      this.columnCache.clear();
      this.motionCache.clear();
      this.cacheDataVersion = version;
    }
  }

  private summary(d: DatasetRow): DatasetSummary {
    this.freshCaches();
    const motions = (this.motionCache.get(d.id) ?? this.countedMotions(d)).map((m) => ({ ...m }));
    return {
      id: d.id,
      label: d.label,
      asOf: d.as_of,
      sourceFile: d.source_file,
      importedAt: d.imported_at,
      partnerCount: d.partner_count,
      motions,
      metrics: this.metricDefs(d.id),
    };
  }

  /**
   * A dataset's partners per motion, counted from its packed motion list — at 1M partners
   * about 0.1 s, where the query's scan of the rows took 0.7 s of every open — or by the
   * query when the list is missing or damaged; kept for the summaries that follow.
   */
  private countedMotions(d: DatasetRow): MotionCount[] {
    const stored = storedMotions(this.db, d.id, d.partner_count);
    const counted = stored && countMotions(stored);
    // the list holds an unpaired surrogate as U+FFFD, which the row does not: where one may have been, the query answers
    const motions =
      (counted?.some((m) => m.motion.includes('\ufffd')) ? null : counted) ??
      (this.db
        .prepare('SELECT motion, count(*) AS count FROM partner WHERE dataset_id = ? GROUP BY motion ORDER BY count DESC, motion')
        .all(d.id) as MotionCount[]);
    this.motionCache.set(d.id, motions);
    return motions;
  }

  list(): DatasetSummary[] {
    const datasets = this.db
      .prepare('SELECT id, label, as_of, source_file, imported_at, partner_count FROM dataset ORDER BY coalesce(as_of, imported_at), id')
      .all() as DatasetRow[];
    return datasets.map((d) => this.summary(d));
  }

  get(datasetId: number): DatasetSummary {
    const row = this.db
      .prepare('SELECT id, label, as_of, source_file, imported_at, partner_count FROM dataset WHERE id = ?')
      .get(datasetId) as DatasetRow | undefined;
    if (!row) throw new UserFacingError('not_found', `There is no dataset with id ${datasetId} in this workspace.`);
    return this.summary(row);
  }

  /**
   * What `get` answers for a dataset just inserted from `partners` — to be called once its
   * write has committed. Its partners' motions are counted here rather than by a scan of the
   * rows just written, and kept for the summaries that follow (`list` as well as `get`: 100K
   * partners, 25–70 ms a scan; docs/PERFORMANCE.md "The import"). The order is the query's:
   * most partners first, then by the motion's UTF-8 bytes (SQLite's BINARY collation). A
   * motion with an unpaired surrogate does not read back from SQLite as it was written:
   * then the query answers.
   */
  getInserted(datasetId: number, partners: readonly PartnerIdentity[]): DatasetSummary {
    const motions = countMotions(partners.map((p) => p.motion));
    if (!motions) return this.get(datasetId);
    this.freshCaches();
    this.motionCache.set(datasetId, motions);
    return this.get(datasetId);
  }

  /** The list's metrics; a kind this version does not know (a newer Tierscape's, or a tampered file) is refused by name. */
  metricDefs(datasetId: number): MetricDef[] {
    const rows = this.db
      .prepare('SELECT key, label, kind, unit FROM metric WHERE dataset_id = ? ORDER BY position')
      .all(datasetId) as MetricRow[];
    return rows.map((row) => {
      const kind = MetricKindSchema.safeParse(row.kind);
      if (!kind.success) {
        throw new UserFacingError(
          'workspace_refused',
          `The metric "${row.label}" of partner list ${datasetId} is of a kind this version of Tierscape does not know ("${row.kind.slice(0, 40)}"). Update Tierscape to open it.`,
        );
      }
      return { ...row, kind: kind.data };
    });
  }

  /** Writes a whole dataset in one transaction and returns its id. */
  insert(dataset: NewDataset): number {
    const n = dataset.partners.length;
    if (dataset.values.length !== dataset.metrics.length) {
      throw new Error(`${dataset.metrics.length} metrics but ${dataset.values.length} value columns`);
    }
    dataset.values.forEach((column, i) => {
      if (column.length !== n) throw new Error(`metric ${dataset.metrics[i]?.key} has ${column.length} values for ${n} partners`);
    });
    return this.store.write(() => {
      const exists = this.db.prepare('SELECT 1 FROM dataset WHERE label = ?').get(dataset.label);
      if (exists) throw new UserFacingError('conflict', `A dataset labelled "${dataset.label}" already exists in this workspace.`);
      const id = this.nextId();
      this.db
        .prepare(
          'INSERT INTO dataset (id, label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, dataset.label, dataset.asOf, dataset.sourceFile, JSON.stringify(dataset.mapping ?? {}), dataset.importedAt, n);
      const insertMetric = this.db.prepare(
        'INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      dataset.metrics.forEach((m, i) => insertMetric.run(id, m.key, i, m.label, m.kind, m.unit, encodeColumn(dataset.values[i]!)));
      this.insertPartners(id, dataset.partners);
      writePartnerTexts(this.db, id, dataset.partners);
      return id;
    });
  }

  /**
   * The partner rows of dataset `id`, `PARTNER_BATCH` rows per INSERT statement: one
   * statement per row spent most of an import's write in the per-call overhead (100K rows:
   * about 460 ms one by one, 310 ms in batches; docs/PERFORMANCE.md). Runs inside the
   * dataset's write transaction.
   */
  private insertPartners(id: number, partners: readonly PartnerIdentity[]): void {
    const columns = 'INSERT INTO partner (dataset_id, row_index, partner_id, name, motion, current_tier, region, segment, owner) VALUES ';
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
    const fill = (params: unknown[], at: number, i: number): void => {
      const p = partners[i]!;
      params[at] = id;
      params[at + 1] = i;
      params[at + 2] = p.id;
      params[at + 3] = p.name;
      params[at + 4] = p.motion;
      params[at + 5] = p.currentTier;
      params[at + 6] = p.region;
      params[at + 7] = p.segment;
      params[at + 8] = p.owner;
    };
    const n = partners.length;
    let i = 0;
    if (n >= PARTNER_BATCH) {
      const batch = this.db.prepare(columns + Array<string>(PARTNER_BATCH).fill(row).join(', '));
      const params = new Array<unknown>(PARTNER_BATCH * PARTNER_FIELDS);
      for (; i + PARTNER_BATCH <= n; i += PARTNER_BATCH) {
        for (let k = 0; k < PARTNER_BATCH; k += 1) fill(params, k * PARTNER_FIELDS, i + k);
        batch.run(params);
      }
    }
    if (i < n) {
      const single = this.db.prepare(columns + row);
      const params = new Array<unknown>(PARTNER_FIELDS);
      for (; i < n; i += 1) {
        fill(params, 0, i);
        single.run(params);
      }
    }
  }

  /**
   * The id for a new dataset: one more than any id this workspace ever gave, so a deleted
   * dataset's id is never given to another list (another process may still hold its values).
   * Never below max(id) + 1 either, should the sequence row be missing or behind.
   */
  private nextId(): number {
    return this.db
      .prepare(
        `INSERT INTO id_sequence (name, last_id) VALUES ('dataset', (SELECT coalesce(max(id), 0) + 1 FROM dataset))
         ON CONFLICT (name) DO UPDATE SET last_id = max(last_id + 1, excluded.last_id)
         RETURNING last_id`,
      )
      .pluck()
      .get() as number;
  }

  /** Renames a dataset; labels are unique within the workspace. */
  rename(datasetId: number, label: string): DatasetSummary {
    const trimmed = label.trim();
    this.store.write(() => {
      this.head(datasetId);
      const clash = this.db.prepare('SELECT id FROM dataset WHERE label = ? AND id != ?').get(trimmed, datasetId);
      if (clash) throw new UserFacingError('conflict', `Another dataset is already labelled "${trimmed}".`);
      this.db.prepare('UPDATE dataset SET label = ? WHERE id = ?').run(trimmed, datasetId);
    });
    return this.get(datasetId);
  }

  /** The dataset's current-tier labels (spellings merged) with partners per motion: what the scenario's Today's tiers place. */
  todayTiers(datasetId: number): TodayTier[] {
    this.head(datasetId);
    const rows = this.db
      .prepare('SELECT current_tier AS label, motion, count(*) AS count FROM partner WHERE dataset_id = ? AND current_tier IS NOT NULL GROUP BY current_tier, motion')
      .all(datasetId) as { label: string; motion: string; count: number }[];
    return todayTiersOf(rows);
  }

  /** Deletes a dataset with its partners and metrics; scenarios that used it keep their design. */
  delete(datasetId: number): void {
    this.store.write(() => {
      this.head(datasetId);
      this.db.prepare('DELETE FROM dataset WHERE id = ?').run(datasetId);
    });
    this.columnCache.delete(datasetId);
    this.motionCache.delete(datasetId);
  }

  /** A label not used yet: `wanted`, else `wanted (2)`, `wanted (3)` … */
  uniqueLabel(wanted: string): string {
    const base = wanted.trim().slice(0, 190) || 'Dataset';
    const taken = new Set((this.db.prepare('SELECT label FROM dataset').all() as { label: string }[]).map((r) => r.label));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
  }

  /** Label and partner count only (no per-motion counts), for the checks below. */
  private head(datasetId: number): { label: string; partnerCount: number } {
    const row = this.db.prepare('SELECT label, partner_count AS partnerCount FROM dataset WHERE id = ?').get(datasetId) as
      | { label: string; partnerCount: number }
      | undefined;
    if (!row) throw new UserFacingError('not_found', `There is no dataset with id ${datasetId} in this workspace.`);
    return row;
  }

  /**
   * The metric columns of a dataset, each checked to hold one value per partner: a column
   * of another length (a file edited outside Tierscape) is refused by name rather than
   * read past its end.
   */
  private columns(datasetId: number): Float64Array[] {
    this.freshCaches();
    let cached = this.columnCache.get(datasetId);
    if (!cached) {
      const summary = this.head(datasetId);
      const rows = this.db
        .prepare('SELECT label, values_f64 FROM metric WHERE dataset_id = ? ORDER BY position')
        .all(datasetId) as { label: string; values_f64: Buffer }[];
      cached = rows.map((r) => {
        const bytes = r.values_f64.byteLength;
        if (bytes !== summary.partnerCount * 8) {
          throw damaged(summary, `its metric "${r.label}" holds ${bytes % 8 === 0 ? `${bytes / 8} values` : `${bytes} bytes, not whole values,`} for ${summary.partnerCount} partners`);
        }
        return decodeColumn(r.values_f64);
      });
      this.columnCache.set(datasetId, cached);
    }
    return cached;
  }

  /** The whole dataset as columns, for the engine and exports (a partner object per row, from columnar()). */
  load(datasetId: number): ColumnarDataset {
    const { metrics, identity, values } = this.columnar(datasetId);
    const partners = new Array<PartnerIdentity>(identity.id.length);
    for (let i = 0; i < partners.length; i++) partners[i] = identityAt(identity, i);
    return { metrics, partners, values };
  }

  /**
   * The whole dataset with its identity fields as one list per field (what the renderer's
   * engine and grid take): a query per field, so no object is made per partner.
   */
  columnar(datasetId: number): { label: string; metrics: MetricDef[]; identity: IdentityColumns; values: Float64Array[] } {
    const head = this.head(datasetId);
    const identity = unpackedLists(this.db, datasetId, head.partnerCount, (what) => damaged(head, what)) ?? this.rowIdentity(datasetId);
    this.checkRows(datasetId, head, identity.id.length);
    return { label: head.label, metrics: this.metricDefs(datasetId), identity, values: this.columns(datasetId) };
  }

  /**
   * The dataset for the renderer (`dataset:columns`): its identity fields as their packed
   * lists, as kept — the page decodes them (partner-texts.ts) — and its metric columns.
   */
  wireColumns(datasetId: number): { label: string; metrics: MetricDef[]; identity: PackedLists; values: Float64Array[] } {
    const head = this.head(datasetId);
    const identity = packedLists(this.db, datasetId, head.partnerCount, (what) => damaged(head, what)) ?? packLists(this.rowIdentity(datasetId));
    this.checkRows(datasetId, head, head.partnerCount);
    return { label: head.label, metrics: this.metricDefs(datasetId), identity, values: this.columns(datasetId) };
  }

  /** The identity fields from the partner rows, a query per field (a dataset without packed lists). */
  private rowIdentity(datasetId: number): IdentityColumns {
    const field = <T>(column: string): T[] =>
      this.db.prepare(`SELECT ${column} FROM partner WHERE dataset_id = ? ORDER BY row_index`).pluck().all(datasetId) as T[];
    return {
      id: field<string>('partner_id'),
      name: field<string>('name'),
      motion: field<string>('motion'),
      currentTier: field<string | null>('current_tier'),
      region: field<string | null>('region'),
      segment: field<string | null>('segment'),
      owner: field<string | null>('owner'),
    };
  }

  /** A dataset whose partner rows are not the count it lists, in order 0…n−1, is refused by name. */
  private checkRows(datasetId: number, head: { label: string; partnerCount: number }, found: number): void {
    if (found !== head.partnerCount) throw damaged(head, `it lists ${countOf(head.partnerCount, 'partner')} but holds ${found}`);
    const rows = this.db.prepare('SELECT count(*) FROM partner WHERE dataset_id = ?').pluck().get(datasetId) as number;
    if (rows !== head.partnerCount) throw damaged(head, `it lists ${countOf(head.partnerCount, 'partner')} but holds ${rows}`);
    const { last } = this.db.prepare('SELECT max(row_index) AS last FROM partner WHERE dataset_id = ?').get(datasetId) as { last: number | null };
    if ((last ?? -1) !== found - 1) throw damaged(head, 'the order of its partners has gaps');
  }

  page(datasetId: number, offset: number, limit: number): PartnerPage {
    // the count and metric list only: get()'s per-motion counts scan every partner, once per page
    const { partnerCount } = this.head(datasetId);
    const columns = this.columns(datasetId);
    const rows = this.db
      .prepare(
        'SELECT row_index, partner_id, name, motion, current_tier, region, segment, owner FROM partner WHERE dataset_id = ? AND row_index >= ? ORDER BY row_index LIMIT ?',
      )
      .all(datasetId, offset, limit) as (PartnerDbRow & { row_index: number })[];
    return {
      datasetId,
      total: partnerCount,
      offset,
      metrics: this.metricDefs(datasetId),
      rows: rows.map(
        (r): PartnerRow => ({
          ...toIdentity(r),
          values: columns.map((c) => toNullable(c[r.row_index] ?? Number.NaN)),
        }),
      ),
    };
  }
}

function damaged(dataset: { label: string }, what: string): UserFacingError {
  return new UserFacingError(
    'workspace_refused',
    `The dataset "${dataset.label}" in this workspace is damaged: ${what}. It was changed outside Tierscape; import its file again, or open a backup of the workspace.`,
  );
}

function toIdentity(r: PartnerDbRow): PartnerIdentity {
  return {
    id: r.partner_id,
    name: r.name,
    motion: r.motion,
    currentTier: r.current_tier,
    region: r.region,
    segment: r.segment,
    owner: r.owner,
  };
}
