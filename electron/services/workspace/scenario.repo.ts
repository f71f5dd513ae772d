import { nestingProblem, parseScenarioFile, ScenarioSchema, type Scenario } from '../../../shared/model/scenario';
import type { ScenarioSummary } from '../../../shared/model/workspace';
import { UserFacingError } from './errors';
import type { WorkspaceStore } from './store';

export interface ScenarioRecord {
  id: number;
  datasetId: number | null;
  updatedAt: string;
  scenario: Scenario;
}

interface Row {
  id: number;
  name: string;
  dataset_id: number | null;
  is_baseline: number;
  body_json: string;
  updated_at: string;
}

/**
 * Scenarios stored in the workspace: the scenario JSON in `body_json`, its name, dataset
 * and baseline flag in columns (the columns win over the body). Every write is validated
 * with the scenario schema; a row that no longer validates is reported, not guessed at.
 */
export class ScenarioRepo {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get db() {
    return this.store.db;
  }

  list(): ScenarioSummary[] {
    const rows = this.db
      .prepare('SELECT id, name, dataset_id, is_baseline, updated_at FROM scenario ORDER BY is_baseline DESC, id')
      .all() as Omit<Row, 'body_json'>[];
    return rows.map((r) => ({ id: r.id, name: r.name, datasetId: r.dataset_id, isBaseline: r.is_baseline === 1, updatedAt: r.updated_at }));
  }

  private row(id: number): Row {
    const row = this.db.prepare('SELECT * FROM scenario WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserFacingError('not_found', `There is no scenario with id ${id} in this workspace.`);
    return row;
  }

  get(id: number): ScenarioRecord {
    const row = this.row(id);
    let json: unknown;
    try {
      json = JSON.parse(row.body_json);
    } catch {
      throw new UserFacingError('workspace_refused', `The stored scenario "${row.name}" is damaged (its JSON cannot be read).`);
    }
    const parsed = parseScenarioFile(json);
    if (!parsed.ok) throw new UserFacingError('workspace_refused', `The stored scenario "${row.name}" is not valid: ${parsed.errors.slice(0, 3).join('; ')}`);
    return { id: row.id, datasetId: row.dataset_id, updatedAt: row.updated_at, scenario: { ...parsed.scenario, name: row.name, baseline: row.is_baseline === 1 } };
  }

  findByName(name: string): ScenarioSummary | undefined {
    const wanted = name.trim().toLowerCase();
    return this.list().find((s) => s.name.toLowerCase() === wanted);
  }

  private assertNameFree(name: string, exceptId?: number): void {
    const clash = this.db.prepare('SELECT id FROM scenario WHERE name = ? AND id IS NOT ?').get(name, exceptId ?? null);
    if (clash) throw new UserFacingError('conflict', `Another scenario is already named "${name}".`);
  }

  /** The scenario checked against the schema; a refusal names the first problems. */
  validated(scenario: unknown): Scenario {
    const tooDeep = nestingProblem(scenario);
    if (tooDeep) throw new UserFacingError('invalid_request', `The scenario is not valid: ${tooDeep}`);
    const parsed = ScenarioSchema.safeParse(scenario);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(scenario)'}: ${i.message}`);
      throw new UserFacingError('invalid_request', `The scenario is not valid: ${problems.join('; ')}`);
    }
    return parsed.data;
  }

  /** A name not used yet: `wanted`, else `wanted (2)` … */
  uniqueName(wanted: string): string {
    const base = wanted.trim().slice(0, 110) || 'Scenario';
    const taken = new Set(this.list().map((s) => s.name.toLowerCase()));
    if (!taken.has(base.toLowerCase())) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base} (${n})`.toLowerCase())) return `${base} (${n})`;
  }

  create(scenario: unknown, datasetId: number | null): ScenarioRecord {
    const valid = this.validated(scenario);
    const stamp = this.now().toISOString();
    const id = this.store.write(() => {
      this.assertNameFree(valid.name);
      if (valid.baseline) this.clearBaseline(datasetId);
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO scenario (name, dataset_id, is_baseline, body_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(valid.name, datasetId, valid.baseline ? 1 : 0, JSON.stringify(valid), stamp, stamp);
      return Number(lastInsertRowid);
    });
    return this.get(id);
  }

  save(id: number, scenario: unknown): ScenarioRecord {
    this.row(id);
    const valid = this.validated(scenario);
    this.store.write(() => {
      // read again inside the write: another program may have changed it meanwhile
      const current = this.row(id);
      this.assertNameFree(valid.name, id);
      if (valid.baseline && current.is_baseline !== 1) this.clearBaseline(current.dataset_id);
      this.db
        .prepare('UPDATE scenario SET name = ?, is_baseline = ?, body_json = ?, updated_at = ? WHERE id = ?')
        .run(valid.name, valid.baseline ? 1 : 0, JSON.stringify(valid), this.now().toISOString(), id);
    });
    return this.get(id);
  }

  /** A copy of a stored scenario to store (not stored yet): a free name, not the baseline. */
  copyOf(id: number, name?: string): { scenario: Scenario; datasetId: number | null } {
    const source = this.get(id);
    const copyName = name?.trim() ? name.trim() : this.uniqueName(`${source.scenario.name} copy`);
    return { scenario: { ...source.scenario, name: copyName, baseline: false }, datasetId: source.datasetId };
  }

  duplicate(id: number, name?: string): ScenarioRecord {
    const copy = this.copyOf(id, name);
    return this.create(copy.scenario, copy.datasetId);
  }

  /**
   * Moves a scenario onto another dataset (with its design as given, e.g. with that list's
   * tiers placed). A baseline stays the baseline only if the list has none yet.
   */
  moveTo(id: number, datasetId: number, scenario: Scenario): ScenarioRecord {
    this.row(id);
    const valid = this.validated(scenario);
    this.store.write(() => {
      const current = this.row(id);
      const taken = this.db.prepare('SELECT 1 FROM scenario WHERE is_baseline = 1 AND dataset_id IS ? AND id != ?').get(datasetId, id);
      const baseline = valid.baseline && !taken;
      this.db
        .prepare('UPDATE scenario SET dataset_id = ?, is_baseline = ?, body_json = ?, updated_at = ? WHERE id = ?')
        .run(datasetId, baseline ? 1 : 0, JSON.stringify({ ...valid, baseline }), this.now().toISOString(), current.id);
    });
    return this.get(id);
  }

  delete(id: number): void {
    this.store.write(() => {
      this.row(id);
      this.db.prepare('DELETE FROM scenario WHERE id = ?').run(id);
    });
  }

  /** One baseline per dataset (SPEC S5). */
  setBaseline(id: number, baseline: boolean): ScenarioRecord {
    const record = this.get(id);
    return this.save(id, { ...record.scenario, baseline });
  }

  private clearBaseline(datasetId: number | null): void {
    const rows = this.db.prepare('SELECT id, body_json FROM scenario WHERE is_baseline = 1 AND dataset_id IS ?').all(datasetId) as Pick<Row, 'id' | 'body_json'>[];
    for (const row of rows) {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(row.body_json) as Record<string, unknown>;
      } catch {
        // a damaged body keeps its column flag only
      }
      this.db.prepare('UPDATE scenario SET is_baseline = 0, body_json = ? WHERE id = ?').run(JSON.stringify({ ...body, baseline: false }), row.id);
    }
  }
}
