/**
 * The benchmark's side-by-side baseline (issue 9): the same tier assignment as the
 * engine's, written as one SQL query over the same partners in SQLite, so the engine's
 * speed is read as a ratio rather than an absolute.
 *
 * The partners sit in a plain table (one REAL column per metric, NULL = no data), and the
 * scenario becomes one query: per ladder a CASE over its tiers, top first, each tier's
 * condition being its requirement (none: always met), the eligibility gate above the
 * entry tier, and on a strict ladder the tier below's condition too (engine/plan.ts); then,
 * per capped tier top-down, a window-ranked stage that keeps the best `count` by `rankBy`
 * (ties: partner id, then row) and drops the rest to the highest lower tier they qualify
 * for (engine/assign.ts). SQL's NULL never meets a comparison, as the engine's NaN.
 *
 * What it does not cover is refused, not approximated: points leaves, derived metrics,
 * overrides and the "as is" baseline. `sqlLevels` is checked against the engine's
 * `outcome.level` before anything is timed.
 */
import { openSqlite, type SqliteDatabase } from '../../electron/services/workspace/native';
import type { ColumnarDataset } from '../../shared/model/dataset';
import type { Requirement, Scenario } from '../../shared/model/scenario';

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(17));

/** The partners of `data` as a table `p(row, pid, motion, <metric>…)` in a new in-memory database. */
export function loadPartnerTable(data: ColumnarDataset): SqliteDatabase {
  const db = openSqlite(':memory:');
  const columns = data.metrics.map((m) => `${quoteId(m.key)} REAL`).join(', ');
  db.exec(`CREATE TABLE p (row INTEGER PRIMARY KEY, pid TEXT NOT NULL, motion TEXT NOT NULL${columns ? `, ${columns}` : ''})`);
  const insert = db.prepare(`INSERT INTO p VALUES (${['?', '?', '?', ...data.metrics.map(() => '?')].join(', ')})`);
  db.transaction(() => {
    const row: (number | string | null)[] = new Array(3 + data.metrics.length);
    data.partners.forEach((partner, i) => {
      row[0] = i;
      row[1] = partner.id;
      row[2] = partner.motion;
      for (let m = 0; m < data.metrics.length; m++) {
        const v = data.values[m]![i]!;
        row[3 + m] = Number.isNaN(v) ? null : v;
      }
      insert.run(row);
    });
  })();
  return db;
}

function condition(req: Requirement, known: ReadonlySet<string>): string {
  switch (req.type) {
    case 'all':
    case 'any': {
      if (req.items.length === 0) return req.type === 'all' ? '1' : '0';
      return `(${req.items.map((item) => condition(item, known)).join(req.type === 'all' ? ' AND ' : ' OR ')})`;
    }
    case 'points':
      throw new Error(`the SQL baseline does not translate points leaves (${req.id})`);
    case 'compare': {
      if (!known.has(req.metric)) throw new Error(`the SQL baseline reads dataset metrics only, not "${req.metric}"`);
      const col = quoteId(req.metric);
      switch (req.op) {
        case '>=':
        case '>':
        case '<=':
        case '<':
        case '=':
          return `${col} ${req.op} ${num(req.value!)}`;
        case '!=':
          return `${col} <> ${num(req.value!)}`;
        case 'between':
          return `${col} BETWEEN ${num(req.value!)} AND ${num(req.value2!)}`;
        case 'in':
          return `${col} IN (${req.values!.map(num).join(', ')})`;
        case 'isTrue':
          return `${col} <> 0`;
        case 'isFalse':
          return `${col} = 0`;
      }
    }
  }
}

/** The single query: (row, level) of every partner, in row order. */
export function assignmentSql(scenario: Scenario, data: ColumnarDataset): string {
  if (scenario.baseline) throw new Error('the SQL baseline covers designed ladders, not the "as is" baseline');
  if (scenario.overrides.length) throw new Error('the SQL baseline does not apply overrides');
  const known = new Set(data.metrics.map((m) => m.key));
  const gate = scenario.eligibility ? condition(scenario.eligibility, known) : '1';

  // which ladder a partner is on: its motion's (trimmed, case-insensitive), else '*'
  const motionLadders = scenario.ladders.map((l, i) => ({ motion: l.motion.trim().toLowerCase(), i }));
  const star = motionLadders.find((l) => l.motion === '*');
  const byMotion = motionLadders.filter((l) => l.motion !== '*');
  const fallback = star ? star.i : -1;
  const ladderOf = byMotion.length
    ? `CASE lower(trim(motion)) ${byMotion.map((l) => `WHEN ${quoteText(l.motion)} THEN ${l.i}`).join(' ')} ELSE ${fallback} END`
    : String(fallback);

  // each tier's condition (plan.ts's `eff`)
  const eff: string[][] = scenario.ladders.map((ladder) => {
    const out: string[] = [];
    ladder.tiers.forEach((tier, k) => {
      const own = tier.requirement ? condition(tier.requirement, known) : '1';
      if (k === 0) out.push(`(${own})`);
      else if (ladder.strict) out.push(`(${out[k - 1]} AND ${gate} AND ${own})`);
      else out.push(`(${gate} AND ${own})`);
    });
    return out;
  });
  const highest = (li: number, below: number) =>
    below === 0
      ? '-1'
      : `CASE ${eff[li]!
      .slice(0, below)
      .map((c, k) => [c, k] as const)
      .reverse()
      .map(([c, k]) => `WHEN ${c} THEN ${k}`)
      .join(' ')} ELSE -1 END`;
  const level = `CASE ladder ${scenario.ladders.map((l, li) => `WHEN ${li} THEN ${highest(li, l.tiers.length)}`).join(' ')} ELSE -1 END`;

  const stages: string[] = [`s0 AS (SELECT p.*, ${level} AS lvl FROM (SELECT *, ${ladderOf} AS ladder FROM p) AS p)`];
  scenario.ladders.forEach((ladder, li) => {
    for (let k = ladder.tiers.length - 1; k >= 0; k--) {
      const cap = ladder.tiers[k]!.cap;
      if (!cap) continue;
      if (!known.has(cap.rankBy)) throw new Error(`the SQL baseline ranks caps by dataset metrics only, not "${cap.rankBy}"`);
      const prev = `s${stages.length - 1}`;
      const rank = quoteId(cap.rankBy);
      const contender = `(ladder = ${li} AND lvl = ${k} AND ${rank} IS NOT NULL)`;
      stages.push(
        `s${stages.length} AS (SELECT * REPLACE_LVL FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${contender} ORDER BY ${rank} ${cap.direction === 'asc' ? 'ASC' : 'DESC'}, pid, row) AS rn FROM ${prev}))`.replace(
          'SELECT * REPLACE_LVL',
          `SELECT row, pid, motion, ladder, ${data.metrics.map((m) => quoteId(m.key)).join(', ')}${data.metrics.length ? ', ' : ''}CASE WHEN ladder = ${li} AND lvl = ${k} AND NOT (${contender} AND rn <= ${cap.count}) THEN ${highest(li, k)} ELSE lvl END AS lvl`,
        ),
      );
    }
  });
  return `WITH ${stages.join(',\n')}\nSELECT row, lvl FROM s${stages.length - 1} ORDER BY row`;
}

/** Runs the query: the level of every partner, aligned with `data.partners`. */
export function sqlLevels(db: SqliteDatabase, sql: string, n: number): Int8Array {
  const levels = new Int8Array(n);
  for (const [row, lvl] of db.prepare(sql).raw().iterate() as IterableIterator<[number, number]>) levels[row] = lvl;
  return levels;
}
