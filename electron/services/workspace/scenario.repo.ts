import { motionKey, parseScenarioFile, type Scenario, tierLabelKey } from '../../../shared/model/scenario';
import type { ScenarioSummary } from '../../../shared/model/workspace';
import { UserFacingError } from './errors';
import type { WorkspaceStore } from './store';

export interface ScenarioRecord {
  id: number;
  datasetId: number | null;
  updatedAt: string;
  scenario: Scenario;
  /** what reading the stored scenario repaired, one sentence each (see `asTheEngineReadIt`); absent when nothing */
  repaired?: string[];
}

interface Row {
  id: number;
  name: string;
  dataset_id: number | null;
  is_baseline: number;
  body_json: string;
  updated_at: string;
}

/** The longest motion a ladder may have (the scenario schema's limit). */
const MAX_MOTION = 80;

/** A motion no other ladder of the scenario has, for the later ladder of a motion: "reseller (duplicate of Resale partners)". */
function unusedMotion(motion: string, firstName: string, taken: ReadonlySet<string>): string {
  const long = `${motion} (duplicate of ${firstName})`;
  const base = long.length <= MAX_MOTION ? long : `${motion.slice(0, MAX_MOTION - ' (duplicate)'.length)} (duplicate)`;
  for (let n = 1; ; n += 1) {
    const tail = n === 1 ? '' : ` ${n}`;
    const candidate = `${base.slice(0, MAX_MOTION - tail.length).trimEnd()}${tail}`;
    if (!taken.has(motionKey(candidate))) return candidate;
  }
}

const textOf = (value: unknown, key: string): string | null => {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' && field.trim() !== '' ? field.trim() : null;
};

/**
 * A stored scenario body as the engine read it. Older versions stored two ladders of one
 * motion in different case ("Reseller" and "reseller") and two entries of one current-tier
 * label ("Gold" and "GOLD "); the first won and the other was never used. The schema refuses
 * both now (shared/model/scenario.ts), so that such a scenario still opens, reading keeps the
 * first, as the engine did: a later entry of a label is dropped; a later ladder of a motion
 * keeps its tiers under a motion no partner has ("reseller (duplicate of Resale partners)"),
 * so it still tiers no one and nothing of it is lost. Each repair is one sentence; it is
 * stored with the next save.
 */
function asTheEngineReadIt(json: unknown): { json: unknown; repaired: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { json, repaired: [] };
  let body = json as Record<string, unknown>;
  const repaired: string[] = [];
  const mapping = body['tierMapping'];
  if (Array.isArray(mapping)) {
    const firstOf = new Map<string, string>();
    const kept = mapping.filter((entry) => {
      const label = textOf(entry, 'label');
      if (label === null) return true;
      const first = firstOf.get(tierLabelKey(label));
      if (first === undefined) firstOf.set(tierLabelKey(label), label);
      else repaired.push(`Today's tier "${label}" was placed twice; the placement of "${first}", the one the engine read, is kept.`);
      return first === undefined;
    });
    if (kept.length !== mapping.length) body = { ...body, tierMapping: kept };
  }
  const ladders = body['ladders'];
  if (Array.isArray(ladders)) {
    const taken = new Set(ladders.map((l) => textOf(l, 'motion')).flatMap((m) => (m === null ? [] : [motionKey(m)])));
    const firstOf = new Map<string, string>();
    let changed = false;
    const read = ladders.map((ladder: unknown) => {
      const motion = textOf(ladder, 'motion');
      if (motion === null) return ladder;
      const name = textOf(ladder, 'name') ?? 'another ladder';
      const first = firstOf.get(motionKey(motion));
      if (first === undefined) {
        firstOf.set(motionKey(motion), name);
        return ladder;
      }
      const renamed = unusedMotion(motion, first, taken);
      taken.add(motionKey(renamed));
      changed = true;
      repaired.push(
        `The ladder "${name}" tiered "${motion}", which the ladder "${first}" already tiers, so it tiered no one; its motion now reads "${renamed}": give it a motion of its own, or delete it.`,
      );
      return { ...(ladder as Record<string, unknown>), motion: renamed };
    });
    if (changed) body = { ...body, ladders: read };
  }
  return { json: body, repaired };
}

/**
 * Scenarios stored in the workspace: the scenario JSON in `body_json`, its name, dataset
 * and baseline flag in columns (the columns win over the body). What is written passed the
 * scenario schema once, at its boundary (the IPC contract's `ScenarioInputSchema`, a scenario
 * file, the shipped examples), and is trusted here; what is read is parsed again, since the
 * file may have been changed by another program. A row that no longer validates is reported, not guessed at —
 * except the duplicates older versions accepted, read as the engine read them
 * (`asTheEngineReadIt`).
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
    let parsed = parseScenarioFile(json);
    let repaired: string[] = [];
    if (!parsed.ok) {
      // the duplicates older versions accepted are read as the engine read them; any other
      // problem is reported as stored (paths as in the stored body)
      const legacy = asTheEngineReadIt(json);
      const reread = legacy.repaired.length > 0 ? parseScenarioFile(legacy.json) : parsed;
      if (!reread.ok) throw new UserFacingError('workspace_refused', `The stored scenario "${row.name}" is not valid: ${parsed.error.slice(0, 3).join('; ')}`);
      parsed = reread;
      repaired = legacy.repaired;
    }
    return {
      id: row.id,
      datasetId: row.dataset_id,
      updatedAt: row.updated_at,
      scenario: { ...parsed.value, name: row.name, baseline: row.is_baseline === 1 },
      ...(repaired.length > 0 ? { repaired } : {}),
    };
  }

  findByName(name: string): ScenarioSummary | undefined {
    const wanted = name.trim().toLowerCase();
    return this.list().find((s) => s.name.toLowerCase() === wanted);
  }

  private assertNameFree(name: string, exceptId?: number): void {
    const clash = this.db.prepare('SELECT id FROM scenario WHERE name = ? AND id IS NOT ?').get(name, exceptId ?? null);
    if (clash) throw new UserFacingError('conflict', `Another scenario is already named "${name}".`);
  }

  /** A name not used yet: `wanted`, else `wanted (2)` … */
  uniqueName(wanted: string): string {
    const base = wanted.trim().slice(0, 110) || 'Scenario';
    const taken = new Set(this.list().map((s) => s.name.toLowerCase()));
    if (!taken.has(base.toLowerCase())) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base} (${n})`.toLowerCase())) return `${base} (${n})`;
  }

  /**
   * The record of a scenario just written: its columns as stored now (name, list, baseline,
   * time), and the design as given — not read back and parsed again.
   */
  private written(id: number, scenario: Scenario): ScenarioRecord {
    const row = this.db.prepare('SELECT name, dataset_id, is_baseline, updated_at FROM scenario WHERE id = ?').get(id) as Omit<Row, 'id' | 'body_json'>;
    return { id, datasetId: row.dataset_id, updatedAt: row.updated_at, scenario: { ...scenario, name: row.name, baseline: row.is_baseline === 1 } };
  }

  /** Stores a new scenario. `valid` passed the scenario schema at the boundary (the IPC contract, a scenario file, the examples). */
  create(valid: Scenario, datasetId: number | null): ScenarioRecord {
    const stamp = this.now().toISOString();
    const id = this.store.write(() => {
      this.assertNameFree(valid.name);
      if (valid.baseline) this.clearBaseline(datasetId);
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO scenario (name, dataset_id, is_baseline, body_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(valid.name, datasetId, valid.baseline ? 1 : 0, JSON.stringify(valid), stamp, stamp);
      return Number(lastInsertRowid);
    });
    return this.written(id, valid);
  }

  /** Replaces a stored scenario's design; `valid` passed the scenario schema at the boundary. */
  save(id: number, valid: Scenario): ScenarioRecord {
    this.row(id);
    this.store.write(() => {
      // read again inside the write: another program may have changed it meanwhile
      const current = this.row(id);
      this.assertNameFree(valid.name, id);
      if (valid.baseline && current.is_baseline !== 1) this.clearBaseline(current.dataset_id);
      this.db
        .prepare('UPDATE scenario SET name = ?, is_baseline = ?, body_json = ?, updated_at = ? WHERE id = ?')
        .run(valid.name, valid.baseline ? 1 : 0, JSON.stringify(valid), this.now().toISOString(), id);
    });
    return this.written(id, valid);
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
  moveTo(id: number, datasetId: number, valid: Scenario): ScenarioRecord {
    this.row(id);
    this.store.write(() => {
      const current = this.row(id);
      const taken = this.db.prepare('SELECT 1 FROM scenario WHERE is_baseline = 1 AND dataset_id IS ? AND id != ?').get(datasetId, id);
      const baseline = valid.baseline && !taken;
      this.db
        .prepare('UPDATE scenario SET dataset_id = ?, is_baseline = ?, body_json = ?, updated_at = ? WHERE id = ?')
        .run(datasetId, baseline ? 1 : 0, JSON.stringify({ ...valid, baseline }), this.now().toISOString(), current.id);
    });
    return this.written(id, valid);
  }

  delete(id: number): void {
    this.store.write(() => {
      this.row(id);
      this.db.prepare('DELETE FROM scenario WHERE id = ?').run(id);
    });
  }

  /** One baseline per dataset (DESIGN D6.3). */
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
