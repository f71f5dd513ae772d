import { ImportMappingSchema, type ImportMapping } from '../../../shared/io/types';
import type { WorkspaceStore } from './store';

/** Column mappings remembered per header shape (see migration 0002). */
export class MappingRepo {
  constructor(private readonly store: WorkspaceStore) {}

  private get db() {
    return this.store.db;
  }

  /** The mapping last used for files of this shape, if it is still valid. */
  find(shape: string): ImportMapping | null {
    const row = this.db.prepare('SELECT mapping_json FROM import_mapping WHERE shape = ?').get(shape) as { mapping_json: string } | undefined;
    if (!row) return null;
    try {
      const parsed = ImportMappingSchema.safeParse(JSON.parse(row.mapping_json));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  remember(shape: string, headers: readonly string[], mapping: ImportMapping, now: Date): void {
    this.store.write(() =>
      this.db
        .prepare(
          `INSERT INTO import_mapping (shape, headers_json, mapping_json, used_count, updated_at) VALUES (?, ?, ?, 1, ?)
           ON CONFLICT(shape) DO UPDATE SET headers_json = excluded.headers_json, mapping_json = excluded.mapping_json,
             used_count = used_count + 1, updated_at = excluded.updated_at`,
        )
        .run(shape, JSON.stringify(headers), JSON.stringify(mapping), now.toISOString()),
    );
  }
}
