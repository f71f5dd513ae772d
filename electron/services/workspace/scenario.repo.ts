import type { ScenarioSummary } from '../../../shared/model/workspace';
import type { SqliteDatabase } from './native';

/** Scenarios stored in the workspace. The scenario body format arrives with the engine. */
export class ScenarioRepo {
  constructor(private readonly db: SqliteDatabase) {}

  list(): ScenarioSummary[] {
    const rows = this.db
      .prepare('SELECT id, name, is_baseline, updated_at FROM scenario ORDER BY name COLLATE NOCASE')
      .all() as { id: number; name: string; is_baseline: number; updated_at: string }[];
    return rows.map((r) => ({ id: r.id, name: r.name, isBaseline: r.is_baseline === 1, updatedAt: r.updated_at }));
  }
}
