import { identityAt, type ColumnarDataset, type IdentityColumns, type PackedDataset, type PackedIdentity, type PartnerIdentity } from '../../../shared/model/dataset';
import { toNullable } from '../../../shared/model/dataset';
import { MetricKindSchema, type DatasetSummary, type MetricDef, type PartnerPage, type PartnerRow } from '../../../shared/model/workspace';
import { todayTiersOf, type TodayTier } from '../../../shared/model/tier-mapping';
import { listPrefixes, packedLists, packIdentity, storedMotions, unpackedLists, writePartnerTexts } from './partner-texts';
import { decodeMetricValues, encodeMetricValues } from './metric-values';
import { UserFacingError } from './errors';
import type { WorkspaceStore } from './store';

/** A dataset to write: its partners as objects (the sample), or packed as an import packs them. */
export type NewDataset = (ColumnarDataset | PackedDataset) & {
  label: string;
  asOf: string | null;
  sourceFile: string | null;
  /** the column mapping used by the import, kept so the next import of that shape reuses it */
  mapping: unknown;
  importedAt: string;
};

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
 * Partners per motion, in the order the summary's query over partner rows gave before
 * schema 6: most partners first, then by the motion's UTF-8 bytes (SQLite's BINARY collation).
 */
function countMotions(motions: Iterable<string>): MotionCount[] {
  const counts = new Map<string, number>();
  for (const motion of motions) counts.set(motion, (counts.get(motion) ?? 0) + 1);
  return sortedCounts(counts);
}

/** Partners per motion, most first, then in SQLite's BINARY order of the motion (its UTF-8 bytes). */
function sortedCounts(counts: ReadonlyMap<string, number>): MotionCount[] {
  const sorted: { motion: string; count: number; bytes: Buffer }[] = [];
  for (const [motion, count] of counts) sorted.push({ motion, count, bytes: Buffer.from(motion, 'utf8') });
  sorted.sort((a, b) => b.count - a.count || Buffer.compare(a.bytes, b.bytes));
  return sorted.map(({ motion, count }) => ({ motion, count }));
}

/** Datasets, their metric definitions and partners (repository: rows ↔ domain types). */
export class DatasetRepo {
  /**
   * Metric columns by dataset id. Ids are never given twice (migration 0003), and the cache
   * is dropped whenever another connection has committed since it was filled (PRAGMA
   * data_version), so it never serves values the file no longer holds.
   */
  private readonly columnCache = new Map<number, Float64Array[]>();
  /** Partners per motion by dataset id, as counted from their lists; dropped as the columns are. */
  private readonly motionCache = new Map<number, MotionCount[]>();
  /** Today's tiers by dataset id (the CLI asks for them for every scenario it evaluates); dropped as the columns are. */
  private readonly todayCache = new Map<number, TodayTier[]>();
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
      this.todayCache.clear();
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
   * A dataset's partners per motion, counted from its packed motion list (at 1M partners about
   * 0.1 s), and kept for the summaries that follow. A file not yet upgraded to schema 6 is
   * read once before its upgrade (what the open shows first): when it has no lists yet, its
   * partner rows answer. A list that is missing or miscounted counts no motions here; the
   * dataset is refused by name when its partners are read.
   */
  private countedMotions(d: DatasetRow): MotionCount[] {
    const stored = storedMotions(this.db, d.id, d.partner_count);
    const motions = stored ? countMotions(stored) : this.rowMotions(d.id);
    this.motionCache.set(d.id, motions);
    return motions;
  }

  /** Partners per motion from the rows of a schema older than 6; none when the file has no rows (schema 6 on). */
  private rowMotions(datasetId: number): MotionCount[] {
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'partner'").get()) return [];
    return this.db
      .prepare('SELECT motion, count(*) AS count FROM partner WHERE dataset_id = ? GROUP BY motion ORDER BY count DESC, motion')
      .all(datasetId) as MotionCount[];
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

  /**
   * Writes a whole dataset in one transaction and returns its id. Its partner ids must be
   * unique as a packed list keeps them (an unpaired surrogate as U+FFFD): the import's check
   * (shared/io/analyse.ts) refuses or skips a row whose id is taken, and the sample's ids are
   * numbered. Until schema 6 a UNIQUE index on the partner rows said so again, at the cost of
   * a second pass over every id (test/security/fuzz-import.test.ts checks the ids stored).
   */
  insert(dataset: NewDataset): number {
    // an import's partners come packed; the sample's are packed here
    const [n, lists] = 'packed' in dataset ? [dataset.count, dataset.packed] : [dataset.partners.length, packIdentity(dataset.partners)];
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
        'INSERT INTO metric (dataset_id, key, position, label, kind, unit, value_bytes, value_width) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      dataset.metrics.forEach((m, i) => {
        const { bytes, width } = encodeMetricValues(dataset.values[i]!);
        insertMetric.run(id, m.key, i, m.label, m.kind, m.unit, bytes, width);
      });
      writePartnerTexts(this.db, id, n, lists);
      // partners per motion as the import counted them while it packed the list (the same
      // count as from the list: test/services/import/motion-counts.test.ts), so the summary
      // does not read the list back. An id whose transaction rolled back is given again, so
      // whatever an earlier insert of it kept goes either way.
      this.freshCaches(); // the caches as of now (this transaction's own writes do not move data_version)
      if ('packed' in dataset && dataset.motionCounts) this.motionCache.set(id, sortedCounts(dataset.motionCounts));
      else this.motionCache.delete(id);
      return id;
    });
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
    this.freshCaches();
    const cached = this.todayCache.get(datasetId);
    if (cached) return structuredClone(cached);
    const head = this.head(datasetId);
    // the two lists it reads (the CLI asks for every scenario it evaluates)
    const identity = listPrefixes(this.db, datasetId, head.partnerCount, head.partnerCount, (what) => damaged(head, what), ['currentTier', 'motion']);
    // partners per (label, motion), given in the order a GROUP BY over them would give (SQLite's BINARY: UTF-8 bytes)
    const pairs = new Map<string, { label: string; motion: string; count: number; key: Buffer }>();
    const { currentTier, motion } = identity;
    for (let i = 0; i < currentTier.length; i++) {
      const label = currentTier[i];
      if (label === null || label === undefined) continue;
      const key = `${label}\u0000${motion[i]}`;
      const pair = pairs.get(key);
      if (pair) pair.count += 1;
      else pairs.set(key, { label, motion: motion[i]!, count: 1, key: Buffer.from(key, 'utf8') });
    }
    const tiers = todayTiersOf([...pairs.values()].sort((a, b) => Buffer.compare(a.key, b.key)));
    this.todayCache.set(datasetId, tiers);
    return structuredClone(tiers);
  }

  /** Deletes a dataset with its partners and metrics; scenarios that used it keep their design. */
  delete(datasetId: number): void {
    this.store.write(() => {
      this.head(datasetId);
      this.db.prepare('DELETE FROM dataset WHERE id = ?').run(datasetId);
    });
    this.columnCache.delete(datasetId);
    this.motionCache.delete(datasetId);
    this.todayCache.delete(datasetId);
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
        .prepare('SELECT label, value_bytes AS bytes, value_width AS width FROM metric WHERE dataset_id = ? ORDER BY position')
        .all(datasetId) as { label: string; bytes: Buffer; width: number }[];
      cached = rows.map((r) => {
        const values = decodeMetricValues(r.bytes, r.width, summary.partnerCount);
        if (values) return values;
        const size = r.bytes.byteLength;
        throw damaged(summary, `its metric "${r.label}" holds ${size % r.width === 0 ? `${size / r.width} values` : `${size} bytes, not whole values,`} for ${summary.partnerCount} partners`);
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
    const identity = unpackedLists(this.db, datasetId, head.partnerCount, (what) => damaged(head, what));
    return { label: head.label, metrics: this.metricDefs(datasetId), identity, values: this.columns(datasetId) };
  }

  /**
   * The dataset for the renderer (`dataset:columns`): its identity fields as their packed
   * lists, as kept — the page decodes them (partner-texts.ts) — and its metric columns.
   */
  wireColumns(datasetId: number): { label: string; metrics: MetricDef[]; identity: PackedIdentity; values: Float64Array[] } {
    const head = this.head(datasetId);
    const identity = packedLists(this.db, datasetId, head.partnerCount, (what) => damaged(head, what));
    return { label: head.label, metrics: this.metricDefs(datasetId), identity, values: this.columns(datasetId) };
  }

  /** Up to `limit` partners from the `offset`-th on, with their values: a sample of the list (the lists decoded only as far as the page reaches). */
  page(datasetId: number, offset: number, limit: number): PartnerPage {
    const head = this.head(datasetId);
    const columns = this.columns(datasetId);
    const end = Math.min(head.partnerCount, offset + limit);
    const identity = end > offset ? listPrefixes(this.db, datasetId, head.partnerCount, end, (what) => damaged(head, what)) : null;
    const rows: PartnerRow[] = [];
    for (let i = offset; i < end; i++) rows.push({ ...identityAt(identity!, i), values: columns.map((c) => toNullable(c[i] ?? Number.NaN)) });
    return { datasetId, total: head.partnerCount, offset, metrics: this.metricDefs(datasetId), rows };
  }
}

function damaged(dataset: { label: string }, what: string): UserFacingError {
  return new UserFacingError(
    'workspace_refused',
    `The dataset "${dataset.label}" in this workspace is damaged: ${what}. It was changed outside Tierscape; import its file again, or open a backup of the workspace.`,
  );
}
