/**
 * A dataset's identity fields as packed lists (`partner_text`, migration 0005; the format is
 * shared/model/packed-text.ts): its partners, since schema 6 dropped the partner rows
 * (migration 0006) — 7 BLOBs instead of 7 million rows at 1M partners (docs/PERFORMANCE.md,
 * "Opening 1M partners"). DatasetRepo reads and writes them
 * through these; a list that is missing, does not read or holds another count of partners is
 * refused through the caller's `refuse` (damage, by the dataset's name).
 */
import { IDENTITY_FIELDS, type IdentityColumns, type PackedIdentity, type PartnerIdentity } from '../../../shared/model/dataset';
import { packedCount, packTexts, unpackFirst, unpackTexts } from '../../../shared/model/packed-text';
import { PACKED_FIELDS } from './migrations/0005_partner_text';
import type { SqliteDatabase } from './native';
import { countOf } from '../../../shared/model/format';

type Field = (typeof PACKED_FIELDS)[number][1];

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The packed lists of dataset `id`, inside its write transaction, each checked to hold `count` entries. */
export function writePartnerTexts(db: SqliteDatabase, id: number, count: number, packed: PackedIdentity): void {
  const insert = db.prepare('INSERT INTO partner_text (dataset_id, field, texts) VALUES (?, ?, ?)');
  for (const [, field] of PACKED_FIELDS) {
    const list = packed[field];
    if (packedCount(list) !== count) throw new Error(`the packed ${field} list holds ${packedCount(list)} entries for ${count} partners`);
    insert.run(id, field, asBuffer(list));
  }
}

/** Partners' identity fields packed one list per field, as the workspace keeps them. */
export function packIdentity(partners: readonly PartnerIdentity[]): PackedIdentity {
  const packed = {} as PackedIdentity;
  for (const field of IDENTITY_FIELDS) packed[field] = packTexts(partners.map((p) => p[field]));
  return packed;
}

/**
 * The stored lists of a dataset, each checked to hold `partners` entries, not decoded. A
 * dataset without them (since schema 6 the lists are its partners) is refused through `refuse`.
 */
export function packedLists(db: SqliteDatabase, datasetId: number, partners: number, refuse: (what: string) => Error): PackedIdentity {
  const rows = db.prepare('SELECT field, texts FROM partner_text WHERE dataset_id = ?').all(datasetId) as { field: string; texts: Buffer }[];
  if (rows.length === 0) throw refuse('its lists of partners are missing');
  const byField = new Map(rows.map((r) => [r.field, r.texts]));
  const packed = {} as PackedIdentity;
  for (const [, field] of PACKED_FIELDS) {
    const bytes = byField.get(field);
    if (!bytes) throw refuse(`its list of partner ${field} fields is missing`);
    const count = packedCount(bytes);
    if (count !== partners) throw refuse(`it lists ${countOf(partners, 'partner')} but its ${field} list holds ${count < 0 ? 'none' : count}`);
    packed[field] = bytes;
  }
  return packed;
}

/** The stored lists decoded. */
export function unpackedLists(db: SqliteDatabase, datasetId: number, partners: number, refuse: (what: string) => Error): IdentityColumns {
  return listPrefixes(db, datasetId, partners, partners, refuse);
}

/**
 * The first `entries` partners of each stored list, decoded (a page needs no more) — of the
 * lists of `fields` only, when given (the others are left empty).
 */
export function listPrefixes(
  db: SqliteDatabase,
  datasetId: number,
  partners: number,
  entries: number,
  refuse: (what: string) => Error,
  fields: readonly Field[] = PACKED_FIELDS.map(([, field]) => field),
): IdentityColumns {
  const packed = packedLists(db, datasetId, partners, refuse);
  const lists = { id: [], name: [], motion: [], currentTier: [], region: [], segment: [], owner: [] } as Record<Field, (string | null)[]>;
  for (const field of fields) {
    let list: (string | null)[];
    try {
      list = unpackFirst(packed[field], entries);
    } catch (error) {
      throw refuse(`its list of partner ${field} fields does not read (${(error as Error).message})`);
    }
    if ((field === 'id' || field === 'name' || field === 'motion') && list.includes(null)) throw refuse(`its ${field} list has an empty entry`);
    lists[field] = list;
  }
  return lists as IdentityColumns;
}

/**
 * The stored motions of a dataset, one per partner, decoded; null when the list is missing,
 * does not read or holds another count of partners (a damaged list is refused by name when
 * the dataset's partners are read; a file older than schema 5 has rows to count instead).
 */
export function storedMotions(db: SqliteDatabase, datasetId: number, partners: number): string[] | null {
  // a workspace older than schema 5 (read before its upgrade, or read-only) has no lists
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'partner_text'").get()) return null;
  const row = db.prepare("SELECT texts FROM partner_text WHERE dataset_id = ? AND field = 'motion'").get(datasetId) as { texts: Buffer } | undefined;
  if (!row || packedCount(row.texts) !== partners) return null;
  try {
    const list = unpackTexts(row.texts);
    return list.includes(null) ? null : (list as string[]);
  } catch {
    return null;
  }
}
