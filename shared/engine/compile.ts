/**
 * Requirements, compiled and evaluated a column at a time.
 *
 * Why one long file (over the house limit of ~450 lines, allowed by the lint rule in
 * eslint.config.js): these are the engine's hot loops. Every operator appears once in each
 * of the per-column loops (`compareOver`, `metCompact`, `compareBand`, `writeProgress`), and
 * those loops must stay monomorphic switch statements over typed arrays in one module, with
 * the shared pools and constants as module locals: split across modules, V8 no longer
 * inlines the per-operator bodies, and evaluate at 100K partners slows measurably
 * (docs/PERFORMANCE.md). Keeping them side by side is also what lets a reader check that an
 * operator means the same thing in every loop.
 *
 * `metOver(node, list, count, out)` decides a requirement for a LIST of partners at once,
 * writing out[p] = 1 (met) or 0 for every listed partner p: a comparison is one tight
 * loop over its Float64Array column; an `all` group runs its children one after the
 * other over a shrinking list (only the partners that met every child so far — so a
 * selective first condition makes the rest cheap), an `any` group over the partners no
 * child has satisfied yet. Lists and scratch come from reused pools (scratch.ts); nothing
 * here allocates per partner.
 *
 * Progress (0..1, exactly 1 when met) is computed separately and only for the partners
 * that need it (those whose NEXT tier it is): `writeProgress` fills a compact column for a
 * list of partners. `all` = mean of its children's progress, `any` = max. An unmet
 * requirement's progress is below 1: a ratio that reaches 1 while unmet — `>` exactly at
 * its threshold, `<` exactly at its — reads `BELOW_ONE` (0.999999999), and a mean is 1 only
 * when every part is (docs/ENGINE.md, "Points and progress").
 *
 * The warning band (docs/ENGINE.md, "Rollout policies") is decided per requirement by
 * `bandOver`: each listed partner's state, BAND_MET (2), BAND_WITHIN (1: unmet, but within
 * the band) or BAND_OUT (0); an `all` group is the least of its parts, an `any` group the
 * greatest.
 *
 * Comparison semantics (DESIGN D3, D4):
 * - a missing value (NaN) never meets a comparison, whatever the operator — `!=` and
 *   `isFalse` included — and has progress 0;
 * - `between` is inclusive at both ends; `in` and `=` compare exactly;
 *   `isTrue` = non-zero, `isFalse` = exactly 0.
 * Progress of a comparison that is not met:
 * - `>=` / `>`: value / target (0 when value or target is ≤ 0; BELOW_ONE when it reaches 1);
 * - `<=` / `<`: target / value (0 when the target is ≤ 0; BELOW_ONE when it reaches 1);
 * - every other operator: 0 (met or not, nothing in between).
 *
 * Points leaves (DESIGN D4, the Xero / HubSpot style): a `perUnit` rule earns
 * units × points, units = floor(value / per) with the quotient taken to 12 significant
 * digits first (`unitsOf`: 30 % per 0.1 is 3 units, not the 2 of 0.3 / 0.1 =
 * 2.9999999999999996); per defaults to 1. A `fixed` rule earns its points when its
 * condition holds (op / value; default: the value is non-zero; `in` on a rule means its
 * one value). Each rule is capped at `cap`; a missing value earns 0 and so does a negative
 * one (points are never taken away). The leaf is met when the total ≥ min AND each
 * sub-minimum (the sum over its rules ≥ its min) holds. Progress = the smallest of
 * total / min and each sub-minimum's sum / its min (a leaf whose total is reached but
 * whose sub-minimum is not is not "done").
 *
 * Empty groups are left out when compiled: `any(x, all())` is `x`, and a requirement that
 * is nothing but empty groups requires nothing (met, progress 1), like a tier without
 * requirements. problems.ts reports each one; the editor does not save them.
 */
import { OPERATORS, opNeedsValue, ruleOpIsValid, ruleOpNeedsValue } from '../model/operators';
import type { Comparison, PointsLeaf, PointsRule, Requirement } from '../model/scenario';
import type { ComparisonOp } from '../model/operators';
import type { MetricInfo, MetricTable } from './metrics';
import { floatStack, intStack } from './scratch';

export interface CompareNode {
  type: 'compare';
  id: string;
  req: Comparison;
  metric: MetricInfo;
  /** false: the comparison lacks a value it needs; it is never met */
  valid: boolean;
}

export interface PointsRuleInfo {
  rule: PointsRule;
  metric: MetricInfo;
  valid: boolean;
}

export interface PointsNode {
  type: 'points';
  id: string;
  req: PointsLeaf;
  rules: PointsRuleInfo[];
}

export interface GroupNode {
  type: 'all' | 'any';
  id: string;
  children: CompiledNode[];
}

export type CompiledNode = CompareNode | PointsNode | GroupNode;

export function isGroup(node: CompiledNode): node is GroupNode {
  return node.type === 'all' || node.type === 'any';
}

/** Whether a comparison is well formed (zod checks this; the engine stays defensive). Arity: shared/model/operators.ts. */
export function comparisonIsValid(c: Comparison): boolean {
  const { arity } = OPERATORS[c.op];
  if (opNeedsValue(c.op) && c.value === undefined) return false;
  if (arity === 2 && c.value2 === undefined) return false;
  if (arity === 'list' && !(c.values && c.values.length > 0)) return false;
  return true;
}

/**
 * A fixed rule whose operator needs a value it does not have earns nothing, nor does one
 * whose operator needs two (a rule has no upper bound to compare with). `in` on a rule
 * reads its one `value` as the accepted value (see rulePoints).
 */
export function ruleIsValid(rule: PointsRule): boolean {
  if (rule.mode === 'perUnit') return true;
  const op = rule.op ?? 'isTrue';
  if (!ruleOpIsValid(op)) return false;
  return !ruleOpNeedsValue(op) || rule.value !== undefined;
}

export function compileRequirement(req: Requirement, metrics: MetricTable): CompiledNode {
  switch (req.type) {
    case 'compare':
      return { type: 'compare', id: req.id, req, metric: metrics.get(req.metric), valid: comparisonIsValid(req) };
    case 'points':
      return { type: 'points', id: req.id, req, rules: req.rules.map((rule) => ({ rule, metric: metrics.get(rule.metric), valid: ruleIsValid(rule) })) };
    case 'all':
    case 'any': {
      // an empty group (after its own empty groups are left out) is left out of its parent
      const children = req.items.map((item) => compileRequirement(item, metrics)).filter((c) => !(isGroup(c) && c.children.length === 0));
      return { type: req.type, id: req.id, children };
    }
  }
}

/**
 * The progress of an unmet requirement whose ratio reaches 1 (`>` exactly at its threshold):
 * just below 1, so "not met" never reads as done. (Hot loops write the literal: a module
 * binding read in a loop costs a lookup per partner.)
 */
export const BELOW_ONE = 0.999999999;

/** An unmet requirement's ratio, below 1 (BELOW_ONE when it reaches 1). */
export function belowOne(ratio: number): number {
  return ratio >= 1 ? BELOW_ONE : ratio;
}

/**
 * Whole units of `per` in a positive value: the quotient taken to 12 significant digits,
 * then floored — a quotient within one part in 10¹² of a whole number is that number, so
 * 0.3 / 0.1 (2.9999999999999996 in floating point) is 3 units.
 */
export function unitsOf(v: number, per: number): number {
  const q = v / per;
  const r = Math.round(q);
  return Math.abs(q - r) <= r * 1e-12 ? r : Math.floor(q);
}

// ---------------------------------------------------------------------------------------
// One partner (explanations)

/** One comparison on one value. */
export function holds(op: ComparisonOp, v: number, value: number | undefined, value2?: number, values?: readonly number[]): boolean {
  if (Number.isNaN(v)) return false;
  switch (op) {
    case '>=':
      return value !== undefined && v >= value;
    case '>':
      return value !== undefined && v > value;
    case '<=':
      return value !== undefined && v <= value;
    case '<':
      return value !== undefined && v < value;
    case '=':
      return value !== undefined && v === value;
    case '!=':
      return value !== undefined && v !== value;
    case 'between':
      return value !== undefined && value2 !== undefined && v >= value && v <= value2;
    case 'in':
      return values !== undefined && values.includes(v);
    case 'isTrue':
      return v !== 0;
    case 'isFalse':
      return v === 0;
  }
}

/** Progress of one comparison on one value (see the file comment). */
export function leafProgress(op: ComparisonOp, v: number, value: number | undefined, value2?: number, values?: readonly number[]): number {
  if (holds(op, v, value, value2, values)) return 1;
  if (Number.isNaN(v) || value === undefined) return 0;
  if (op === '>=' || op === '>') return v > 0 && value > 0 ? belowOne(v / value) : 0;
  if (op === '<=' || op === '<') return value > 0 && v > 0 ? belowOne(value / v) : 0;
  return 0;
}

/** Points one rule earns for one value (see the file comment). */
export function rulePoints(rule: PointsRule, v: number): number {
  if (Number.isNaN(v) || !ruleIsValid(rule)) return 0;
  let points: number;
  if (rule.mode === 'perUnit') {
    points = v > 0 ? unitsOf(v, rule.per ?? 1) * rule.points : 0;
  } else {
    points = holds(rule.op ?? 'isTrue', v, rule.value, undefined, rule.value === undefined ? undefined : [rule.value]) ? rule.points : 0;
  }
  if (!(points > 0)) return 0;
  return rule.cap !== undefined && points > rule.cap ? rule.cap : points;
}

/** A points leaf's total and sub-minimum sums for one partner. */
export function pointsAt(node: PointsNode, p: number): { total: number; subs: number[] } {
  let total = 0;
  const subs = node.req.subMinimums.map(() => 0);
  for (const { rule, metric } of node.rules) {
    const e = rulePoints(rule, metric.column ? metric.column[p]! : Number.NaN);
    total += e;
    node.req.subMinimums.forEach((s, k) => {
      if (s.rules.includes(rule.id)) subs[k]! += e;
    });
  }
  return { total, subs };
}

/** Whether one partner meets a node. */
export function metAt(node: CompiledNode, p: number): boolean {
  switch (node.type) {
    case 'compare': {
      const col = node.metric.column;
      if (!node.valid || !col) return false;
      const c = node.req;
      return holds(c.op, col[p]!, c.value, c.value2, c.values);
    }
    case 'points': {
      const { total, subs } = pointsAt(node, p);
      return total >= node.req.min && node.req.subMinimums.every((s, k) => subs[k]! >= s.min);
    }
    case 'all':
      return node.children.every((c) => metAt(c, p));
    case 'any':
      return node.children.length === 0 || node.children.some((c) => metAt(c, p));
  }
}

/** Progress of one node for one partner. */
export function progressAt(node: CompiledNode, p: number): number {
  const out = new Float64Array(1);
  writeProgress(node, Int32Array.of(p), 1, out, false);
  return out[0]!;
}

// ---------------------------------------------------------------------------------------
// Lists of partners

/**
 * Decides `node` for the first `count` partners of `list`: out[p] = 1 (met) or 0 for
 * each listed p; other entries of `out` are left alone.
 */
export function metOver(node: CompiledNode, list: Int32Array, count: number, out: Uint8Array): void {
  decideOver(node, list, count, out, null);
}

/**
 * metOver, and the listed partners that meet the requirement into `met` (in list order);
 * returns how many. For a comparison, or an `all` group whose last child is one, the list
 * comes from the loop that decides it; otherwise from a pass over `out`.
 */
export function metListOver(node: CompiledNode, list: Int32Array, count: number, out: Uint8Array, met: Int32Array): number {
  return decideOver(node, list, count, out, met);
}

function decideOver(node: CompiledNode, list: Int32Array, count: number, out: Uint8Array, met: Int32Array | null): number {
  switch (node.type) {
    case 'compare': {
      if (!(node.valid && node.metric.column)) {
        setOver(list, count, out, 0);
        return 0;
      }
      const mark = intStack.mark();
      const c = compareOver(node.req, node.metric.column, list, count, out, met ?? intStack.take(count), 0);
      intStack.release(mark);
      return c;
    }
    case 'points': {
      const mark = floatStack.mark();
      const progress = floatStack.take(count);
      pointsOver(node, list, count, progress);
      for (let i = 0; i < count; i++) out[list[i]!] = progress[i] === 1 ? 1 : 0;
      floatStack.release(mark);
      return met ? compact(list, count, out, 1, met) : 0;
    }
    case 'all':
    case 'any': {
      const kids = node.children;
      if (kids.length === 0) {
        setOver(list, count, out, 1);
        if (met) met.set(list.subarray(0, count));
        return count;
      }
      // all: keep the partners that met every child so far; any: those no child has met yet
      const keep = node.type === 'all' ? 1 : 0;
      const mark = intStack.mark();
      let current = list;
      let size = count;
      let metCount = -1; // not known yet
      for (let c = 0; c < kids.length && size > 0; c++) {
        const kid = kids[c]!;
        if (c + 1 === kids.length) {
          // the last child of an `all` decides the group for the partners left: its met list is the group's
          metCount = decideOver(kid, current, size, out, keep === 1 ? met : null);
          if (keep === 0) metCount = -1;
          break;
        }
        const next = intStack.take(size);
        if (kid.type === 'compare' && kid.valid && kid.metric.column) {
          // decide and keep in one loop
          size = compareOver(kid.req, kid.metric.column, current, size, out, next, keep ^ 1);
        } else {
          decideOver(kid, current, size, out, null);
          size = compact(current, size, out, keep, next);
        }
        current = next;
      }
      intStack.release(mark);
      if (!met) return 0;
      if (keep === 1 && metCount < 0) return 0; // an `all` whose list ran out: no partner met every child
      return metCount >= 0 ? metCount : compact(list, count, out, 1, met);
    }
  }
}

/** out[list[i]] = value for the first `count` listed partners. */
export function setOver(list: Int32Array, count: number, out: Uint8Array, value: number): void {
  for (let i = 0; i < count; i++) out[list[i]!] = value;
}

/** The listed partners p with out[p] === keep, into `next`; returns how many. */
function compact(list: Int32Array, count: number, out: Uint8Array, keep: number, next: Int32Array): number {
  let c = 0;
  for (let i = 0; i < count; i++) {
    const p = list[i]!;
    next[c] = p;
    c += +(out[p] === keep);
  }
  return c;
}

/** Partners of `list` with a[p] = 1 (and b[p] = 1 when given), into `next`; returns how many. */
export function keepWhere(list: Int32Array, count: number, a: Uint8Array, b: Uint8Array | null, next: Int32Array): number {
  let c = 0;
  if (b) {
    for (let i = 0; i < count; i++) {
      const p = list[i]!;
      next[c] = p;
      c += a[p]! & b[p]!;
    }
  } else {
    for (let i = 0; i < count; i++) {
      const p = list[i]!;
      next[c] = p;
      c += a[p]!;
    }
  }
  return c;
}

/**
 * Decides a comparison for the listed partners: out[p] = 1 (met) or 0. In the same loop,
 * lists in `next` the partners whose result XOR `flip` is 1 (flip 0: those that met it,
 * flip 1: those that did not) and returns how many.
 */
function compareOver(req: Comparison, column: Float64Array, list: Int32Array, m: number, out: Uint8Array, next: Int32Array, flip: number): number {
  const t = req.value ?? 0;
  if (req.op === 'isTrue') return truthOver(truthOf(column), list, m, out, next, flip);
  const col = readFor(req.op, t, t, column);
  // an ascending list from 0 to m − 1 is every partner below m: read the column in order
  if (m > 0 && list[0] === 0 && list[m - 1] === m - 1 && DENSE_OPS.has(req.op)) return compareDense(req.op, col, t, m, out, next, flip);
  let c = 0;
  switch (req.op) {
    case '>=':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +(col[p]! >= t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '>':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +(col[p]! > t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '<=':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +(col[p]! <= t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '<':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +(col[p]! < t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '=':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +(col[p]! === t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '!=':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const v = col[p]!;
        const met = +(v === v) & +(v !== t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case 'between': {
      const hi = req.value2 ?? t;
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const v = col[p]!;
        const met = +(v >= t) & +(v <= hi);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    }
    case 'in': {
      const accepted = new Set(req.values ?? []);
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +accepted.has(col[p]!);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    }
    case 'isFalse':
      for (let i = 0; i < m; i++) {
        const p = list[i]!;
        const met = +(col[p]! === 0);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
  }
}

const DENSE_OPS: ReadonlySet<ComparisonOp> = new Set<ComparisonOp>(['>=', '>', '<=', '<']);

/* compareOver for `isTrue`, reading the column's truth copy (truthOf); the list 0 … m − 1 read in order. */
function truthOver(truth: Uint8Array, list: Int32Array, m: number, out: Uint8Array, next: Int32Array, flip: number): number {
  let c = 0;
  if (m > 0 && list[0] === 0 && list[m - 1] === m - 1) {
    for (let p = 0; p < m; p++) {
      const met = truth[p]!;
      out[p] = met;
      next[c] = p;
      c += met ^ flip;
    }
    return c;
  }
  for (let i = 0; i < m; i++) {
    const p = list[i]!;
    const met = truth[p]!;
    out[p] = met;
    next[c] = p;
    c += met ^ flip;
  }
  return c;
}

/* compareOver for the list 0, 1, …, m − 1 (the same results, without reading the list). */
function compareDense(op: ComparisonOp, col: Values, t: number, m: number, out: Uint8Array, next: Int32Array, flip: number): number {
  let c = 0;
  switch (op) {
    case '>=':
      for (let p = 0; p < m; p++) {
        const met = +(col[p]! >= t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '>':
      for (let p = 0; p < m; p++) {
        const met = +(col[p]! > t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    case '<=':
      for (let p = 0; p < m; p++) {
        const met = +(col[p]! <= t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
    default:
      // < (isTrue reads its truth copy: truthOver)
      for (let p = 0; p < m; p++) {
        const met = +(col[p]! < t);
        out[p] = met;
        next[c] = p;
        c += met ^ flip;
      }
      return c;
  }
}

/**
 * The points total and each sub-minimum's sum of the listed partners, in slices of the
 * float stack (the caller releases them).
 */
function pointsSums(node: PointsNode, list: Int32Array, count: number): { total: Float64Array; subs: Float64Array[] } {
  const { req } = node;
  const total = floatStack.take(count).fill(0);
  const subs = req.subMinimums.map(() => floatStack.take(count).fill(0));
  const earned = floatStack.take(count);
  for (const { rule, metric, valid } of node.rules) {
    const col = metric.column;
    if (!valid || !col) continue;
    fillRule(rule, col, earned, list, count);
    addInto(total, earned, count);
    req.subMinimums.forEach((sub, k) => {
      if (sub.rules.includes(rule.id)) addInto(subs[k]!, earned, count);
    });
  }
  return { total, subs };
}

/** Points progress for `count` listed partners into out[0..count) (1 exactly when met). */
function pointsOver(node: PointsNode, list: Int32Array, count: number, out: Float64Array): void {
  const { req } = node;
  const mark = floatStack.mark();
  const { total, subs } = pointsSums(node, list, count);
  const min = req.min;
  for (let i = 0; i < count; i++) {
    const ti = total[i]!;
    let ok = ti >= min;
    let pr = min > 0 ? ti / min : 1;
    for (let k = 0; k < subs.length; k++) {
      const subMin = req.subMinimums[k]!.min;
      const s = subs[k]![i]!;
      if (s < subMin) ok = false;
      const r = subMin > 0 ? s / subMin : 1;
      if (r < pr) pr = r;
    }
    out[i] = ok ? 1 : pr >= 1 ? 0.999999999 : pr; // unmet: some ratio is below 1 (BELOW_ONE guards rounding)
  }
  floatStack.release(mark);
}

function fillRule(rule: PointsRule, col: Float64Array, earned: Float64Array, list: Int32Array, count: number): void {
  const cap = rule.cap ?? Number.POSITIVE_INFINITY;
  const pts = rule.points;
  if (rule.mode === 'perUnit') {
    const per = rule.per ?? 1;
    for (let i = 0; i < count; i++) {
      const v = col[list[i]!]!;
      const e = v > 0 ? unitsOf(v, per) * pts : 0;
      earned[i] = e > cap ? cap : e > 0 ? e : 0;
    }
    return;
  }
  const e = pts > cap ? cap : pts;
  const op = rule.op ?? 'isTrue';
  const values = rule.value === undefined ? undefined : [rule.value];
  for (let i = 0; i < count; i++) earned[i] = holds(op, col[list[i]!]!, rule.value, undefined, values) ? e : 0;
}

// ---------------------------------------------------------------------------------------
// Progress over a list of partners

/** Writes (add = false) or adds (add = true) the progress of `node` for the listed partners to out[0..count). */
export function writeProgress(node: CompiledNode, list: Int32Array, count: number, out: Float64Array, add: boolean): void {
  if (node.type === 'compare') {
    const col = node.metric.column;
    const t = node.req.value ?? 0;
    const op = node.req.op;
    if (!node.valid || !col) {
      if (!add) out.fill(0, 0, count);
    } else if ((op === '>=' || op === '>') && t > 0) {
      ratioAbove(col, t, op === '>', list, count, out, add);
    } else if ((op === '<=' || op === '<') && t > 0) {
      ratioBelow(col, t, op === '<=', list, count, out, add);
    } else {
      metCompact(node.req, col, list, count, out, add);
    }
    return;
  }
  if (!add) {
    groupProgress(node, list, count, out);
    return;
  }
  const mark = floatStack.mark();
  const scratch = floatStack.take(count);
  groupProgress(node, list, count, scratch);
  addInto(out, scratch, count);
  floatStack.release(mark);
}

function groupProgress(node: PointsNode | GroupNode, list: Int32Array, count: number, out: Float64Array): void {
  if (node.type === 'points') {
    pointsOver(node, list, count, out);
    return;
  }
  const kids = node.children;
  if (kids.length === 0) {
    out.fill(1, 0, count);
    return;
  }
  writeProgress(kids[0]!, list, count, out, false);
  if (kids.length === 1) return;
  if (node.type === 'all') {
    for (let c = 1; c < kids.length; c++) writeProgress(kids[c]!, list, count, out, true);
    // the mean: exactly 1 when every child is met, below 1 otherwise
    divideBy(out, kids.length, count);
    return;
  }
  // any: the greatest part; a partner at 1 (met) is done, so each further part is computed
  // only for the partners below 1 so far (as `metOver` shrinks an `any` group's list)
  const mark = floatStack.mark();
  const imark = intStack.mark();
  const at = intStack.take(count); // positions in `list` still below 1
  const sub = intStack.take(count); // their partners
  const part = floatStack.take(count);
  let m = belowOneAt(out, list, count, at, sub);
  for (let c = 1; c < kids.length && m > 0; c++) {
    writeProgress(kids[c]!, sub, m, part, false);
    m = mergeGreatest(out, at, sub, part, m);
  }
  intStack.release(imark);
  floatStack.release(mark);
}

/* The positions i with out[i] < 1 into `at`, their partners list[i] into `sub`; returns how many. */
function belowOneAt(out: Float64Array, list: Int32Array, count: number, at: Int32Array, sub: Int32Array): number {
  let m = 0;
  for (let i = 0; i < count; i++) {
    at[m] = i;
    sub[m] = list[i]!;
    m += +(out[i]! < 1);
  }
  return m;
}

/*
 * out[at[j]] = max(out[at[j]], part[j]), branch-free and exact (progress values are never NaN,
 * nor above 1); keeps (in place) the positions still below 1; returns how many.
 */
function mergeGreatest(out: Float64Array, at: Int32Array, sub: Int32Array, part: Float64Array, m: number): number {
  let k = 0;
  for (let j = 0; j < m; j++) {
    const i = at[j]!;
    const a = out[i]!;
    const b = part[j]!;
    const d = +(b > a);
    const v = d * b + (1 - d) * a;
    out[i] = v;
    at[k] = i;
    sub[k] = sub[j]!;
    k += +(v < 1);
  }
  return k;
}

/** 1 / 0 progress of the other operators: out[i] (=, or += when add) met for partner list[i]. */
function metCompact(req: Comparison, col: Float64Array, list: Int32Array, count: number, out: Float64Array, add: boolean): void {
  if (req.op === 'isTrue') {
    if (add) isTrueAdd(truthOf(col), list, count, out);
    else isTrueWrite(truthOf(col), list, count, out);
    return;
  }
  const t = req.value ?? 0;
  const hi = req.value2 ?? t;
  const op = req.op;
  const accepted = op === 'in' ? new Set(req.values ?? []) : null;
  for (let i = 0; i < count; i++) {
    const v = col[list[i]!]!;
    let met: boolean;
    switch (op) {
      case '>=':
        met = v >= t;
        break;
      case '>':
        met = v > t;
        break;
      case '<=':
        met = v <= t;
        break;
      case '<':
        met = v < t;
        break;
      case '=':
        met = v === t;
        break;
      case '!=':
        met = v === v && v !== t;
        break;
      case 'between':
        met = v >= t && v <= hi;
        break;
      case 'in':
        met = accepted!.has(v);
        break;
      case 'isFalse':
        met = v === 0;
        break;
    }
    const m = met ? 1 : 0;
    out[i] = add ? out[i]! + m : m;
  }
}

function isTrueWrite(truth: Uint8Array, list: Int32Array, count: number, out: Float64Array): void {
  for (let i = 0; i < count; i++) out[i] = truth[list[i]!]!;
}

function isTrueAdd(truth: Uint8Array, list: Int32Array, count: number, out: Float64Array): void {
  for (let i = 0; i < count; i++) out[i]! += truth[list[i]!]!;
}

/* `>=` / `>` with a positive target: value / target clipped to [0, 1]; NaN and ≤ 0 give 0. */
/*
 * Branch-free, reading one column: `finiteOf` clamps the column to [0, 1e300] with no
 * data as 0, which meets a positive target up to 1e290 exactly when the column does. met = (value ≥ target) as 0/1; the ratio is clipped below at 0 by (r + |r|) / 2
 * (exact for r ≥ 0) and stays finite for those targets; the result met + (1 − met) × ratio
 * is exactly 1 when met and exactly the ratio when not — below 1: an unmet `≥` has value <
 * target, whose quotient rounds below 1 (a double below the target is at least one part in
 * 2⁵³ of it below), and `>` exactly at its threshold reads BELOW_ONE (ratioAboveStrict).
 * Values straddle thresholds at random, so a clamp written with comparisons mispredicts
 * about every other partner and runs three times slower; a second column read costs a third
 * more.
 */
function ratioAbove(col: Float64Array, t: number, strict: boolean, list: Int32Array, count: number, out: Float64Array, add: boolean): void {
  if (t < RATIO_MIN_TARGET || t > RATIO_MAX_TARGET) {
    ratioAboveWide(col, t, strict, list, count, out, add);
    return;
  }
  const f = finiteOf(col);
  if (strict) {
    ratioAboveStrict(f, t, list, count, out, add);
    return;
  }
  if (add) {
    for (let i = 0; i < count; i++) {
      const v = f[list[i]!]!;
      const met = +(v >= t);
      const r = v / t;
      out[i]! += met + (1 - met) * (r + Math.abs(r)) * 0.5;
    }
  } else {
    for (let i = 0; i < count; i++) {
      const v = f[list[i]!]!;
      const met = +(v >= t);
      const r = v / t;
      out[i] = met + (1 - met) * (r + Math.abs(r)) * 0.5;
    }
  }
}

/* `>` with a positive target: as ratioAbove, with exactly-at-the-target (`at`) unmet at 0.999999999 (BELOW_ONE). */
function ratioAboveStrict(f: Values, t: number, list: Int32Array, count: number, out: Float64Array, add: boolean): void {
  for (let i = 0; i < count; i++) {
    const v = f[list[i]!]!;
    const at = +(v === t);
    const met = +(v > t);
    const r = (v / t) * (1 - at) + at * 0.999999999;
    const pr = met + (1 - met) * (r + Math.abs(r)) * 0.5;
    out[i] = add ? out[i]! + pr : pr;
  }
}

/** Targets for which the one-column kernel is exact: 1e300 divided by any of them is finite, and none reaches 1e300. */
const RATIO_MIN_TARGET = 1e-6;
const RATIO_MAX_TARGET = 1e290;

/* The same for any positive target, reading the column for `met` and its finite copy for the ratio. */
function ratioAboveWide(col: Float64Array, t: number, strict: boolean, list: Int32Array, count: number, out: Float64Array, add: boolean): void {
  const f = finiteOf(col);
  for (let i = 0; i < count; i++) {
    const p = list[i]!;
    const v = col[p]!;
    const met = strict ? +(v > t) : +(v >= t);
    const x = f[p]! / t;
    const r = x === Number.POSITIVE_INFINITY ? 0 : strict && v === t ? 0.999999999 : x; // 1e300 / a tiny target: met anyway
    const pr = met + (1 - met) * (r + Math.abs(r)) * 0.5;
    out[i] = add ? out[i]! + pr : pr;
  }
}

/**
 * The column a `>=` / `>` comparison against `t` (and `lo` ≤ t, a band's moved threshold)
 * reads: its finite copy (finiteOf) where that decides as the column does, else the column.
 * A missing value, a negative one and 0 fail `>= x` for x > 0 and `> x` for x ≥ 0 as the
 * copy's 0 does, and a value past 1e300 passes `>= x` for x ≤ 1e300 and `> x` for x < 1e300
 * as the copy's 1e300 does. The progress of such a comparison reads the copy, so its
 * decision, progress and band share one column in the cache instead of two.
 */
function readFor(op: ComparisonOp, t: number, lo: number, col: Float64Array): Values {
  if (op === '>=') return lo > 0 && t <= 1e300 ? finiteOf(col) : col;
  if (op === '>') return lo >= 0 && t < 1e300 ? finiteOf(col) : col;
  return col;
}

const truthCopies = new WeakMap<Float64Array, Uint8Array>();

/**
 * The column as `isTrue` reads it: 1 where the value is there and not 0, else 0 — a byte per
 * partner where the column takes eight, so a yes/no metric's decision, progress and band read
 * an eighth of the memory; cached per column (columns are never written).
 */
function truthOf(col: Float64Array): Uint8Array {
  let truth = truthCopies.get(col);
  if (!truth) {
    truth = new Uint8Array(col.length);
    for (let p = 0; p < col.length; p++) {
      const v = col[p]!;
      truth[p] = +(v === v) & +(v !== 0);
    }
    truthCopies.set(col, truth);
  }
  return truth;
}

/** A column as the kernels read it: its own Float64Array, or a copy (finiteOf). */
type Values = Float64Array | Float32Array;
const finiteCopies = new WeakMap<Float64Array, Values>();

/**
 * The column clamped to [0, 1e300], no data as 0 (so nothing divided by a ratio target
 * overflows); cached per column (columns are never written). A Float32Array when every
 * clamped value is one exactly (counts, scores, whole amounts below 2²⁴), which reads back
 * as the same double: half the memory to read, the same arithmetic.
 */
function finiteOf(col: Float64Array): Values {
  let copy = finiteCopies.get(col);
  if (!copy) {
    let narrow = true;
    for (let p = 0; p < col.length && narrow; p++) {
      const x = clampFinite(col[p]!);
      narrow = Math.fround(x) === x;
    }
    copy = narrow ? new Float32Array(col.length) : new Float64Array(col.length);
    for (let p = 0; p < col.length; p++) copy[p] = clampFinite(col[p]!);
    finiteCopies.set(col, copy);
  }
  return copy;
}

function clampFinite(v: number): number {
  return v > 1e300 ? 1e300 : v > 0 ? v : 0; // NaN fails both comparisons
}

/* `<=` / `<` with a positive target: 1 when met, else target / value (BELOW_ONE when it reaches 1: `<` at its threshold). */
function ratioBelow(col: Float64Array, t: number, inclusive: boolean, list: Int32Array, count: number, out: Float64Array, add: boolean): void {
  for (let i = 0; i < count; i++) {
    const v = col[list[i]!]!;
    const met = inclusive ? v <= t : v < t;
    const r = t / v;
    const pr = met ? 1 : r >= 1 ? 0.999999999 : r > 0 ? r : 0;
    out[i] = add ? out[i]! + pr : pr;
  }
}

function addInto(out: Float64Array, add: Float64Array, count: number): void {
  for (let i = 0; i < count; i++) out[i]! += add[i]!;
}

/**
 * out = the mean of k progress values summed in it: exactly 1 when every one was 1, below 1
 * otherwise (a part short of 1 is short by far more than the rounding of a sum of up to 50).
 */
export function divideBy(out: Float64Array, k: number, count: number): void {
  for (let i = 0; i < count; i++) out[i] = out[i]! / k;
}

// ---------------------------------------------------------------------------------------
// The warning band, per requirement (docs/ENGINE.md, "Rollout policies")

/** A requirement's warning-band state for a partner: met, within the band (not met), or neither. */
export const BAND_OUT = 0;
export const BAND_WITHIN = 1;
export const BAND_MET = 2;

/**
 * The band state of `node` for the first `count` partners of `list`, into out[0..count),
 * with a band of `band` percent:
 * - a comparison is within when it is unmet but holds against the threshold moved by
 *   band % of its size toward the partner — `≥` / `>` against t − band·|t|/100, `≤` / `<`
 *   against t + band·|t|/100, strictness kept (a band of 0 or a threshold of 0 moves
 *   nothing); `between` moves each bound outward the same way; yes/no, `=`, `!=`, `in`
 *   and no data are never within;
 * - a points leaf is within when it is unmet, its total is at least min − band % of it and
 *   every sub-minimum's sum at least its min − band % of it;
 * - an `all` group takes the least state of its parts, an `any` group the greatest (met
 *   when all / one part is met; within when all / one part is met or within).
 */
export function bandOver(node: CompiledNode, list: Int32Array, count: number, band: number, out: Int32Array): void {
  switch (node.type) {
    case 'compare':
      if (node.valid && node.metric.column) compareBand(node.req, node.metric.column, band, list, count, out);
      else out.fill(BAND_OUT, 0, count);
      return;
    case 'points':
      pointsBand(node, list, count, band, out);
      return;
    case 'all':
      if (node.children.length === 0) out.fill(BAND_MET, 0, count);
      else bandOfAll(node.children, list, count, band, out);
      return;
    case 'any':
      if (node.children.length === 0) out.fill(BAND_MET, 0, count);
      else bandOfAny(node.children, list, count, band, out);
      return;
  }
}

/**
 * The least band state of `nodes` (at least one) for the listed partners, into out[0..count):
 * each node after the first is decided only for the partners still met or within (as
 * `metOver` shrinks an `all` group's list), so a part failed outright spares the rest.
 */
export function bandOfAll(nodes: readonly CompiledNode[], list: Int32Array, count: number, band: number, out: Int32Array): void {
  bandOver(nodes[0]!, list, count, band, out);
  if (nodes.length === 1) return;
  const mark = intStack.mark();
  const at = intStack.take(count); // positions in `list` still met or within
  const sub = intStack.take(count); // their partners
  const state = intStack.take(count);
  let m = 0;
  for (let i = 0; i < count; i++) {
    at[m] = i;
    sub[m] = list[i]!;
    m += +(out[i]! >= 1);
  }
  for (let c = 1; c < nodes.length && m > 0; c++) {
    bandOver(nodes[c]!, sub, m, band, state);
    m = mergeLeast(out, at, sub, state, m);
  }
  intStack.release(mark);
}

/* out[at[j]] = min(out[at[j]], state[j]); keeps (in place) the positions still ≥ 1; returns how many. */
function mergeLeast(out: Int32Array, at: Int32Array, sub: Int32Array, state: Int32Array, m: number): number {
  let k = 0;
  for (let j = 0; j < m; j++) {
    const i = at[j]!;
    const a = out[i]!;
    const b = state[j]!;
    const v = b < a ? b : a;
    out[i] = v;
    at[k] = i;
    sub[k] = sub[j]!;
    k += +(v >= 1);
  }
  return k;
}

/* The greatest band state of `nodes` (at least one): each node after the first only for the partners not met yet. */
function bandOfAny(nodes: readonly CompiledNode[], list: Int32Array, count: number, band: number, out: Int32Array): void {
  bandOver(nodes[0]!, list, count, band, out);
  if (nodes.length === 1) return;
  const mark = intStack.mark();
  const at = intStack.take(count);
  const sub = intStack.take(count);
  const state = intStack.take(count);
  let m = 0;
  for (let i = 0; i < count; i++) {
    at[m] = i;
    sub[m] = list[i]!;
    m += +(out[i]! < 2);
  }
  for (let c = 1; c < nodes.length && m > 0; c++) {
    bandOver(nodes[c]!, sub, m, band, state);
    let k = 0;
    for (let j = 0; j < m; j++) {
      const i = at[j]!;
      const a = out[i]!;
      const b = state[j]!;
      const v = b > a ? b : a;
      out[i] = v;
      at[k] = i;
      sub[k] = sub[j]!;
      k += +(v < 2);
    }
    m = k;
  }
  intStack.release(mark);
}

/** The band state of one node for one partner. */
export function bandAt(node: CompiledNode, p: number, band: number): number {
  const mark = intStack.mark();
  const out = intStack.take(1);
  bandOver(node, Int32Array.of(p), 1, band, out);
  const state = out[0]!;
  intStack.release(mark);
  return state;
}

/** How far a threshold moves for a band: band % of its size (exact for whole percents and whole thresholds). */
function slack(t: number, band: number): number {
  return (band * Math.abs(t)) / 100;
}

/*
 * State = (met) + (holds against the moved threshold): 2 met, 1 within, 0 neither —
 * branch-free (met implies the moved comparison holds; NaN holds neither).
 */
function compareBand(req: Comparison, column: Float64Array, band: number, list: Int32Array, count: number, out: Int32Array): void {
  const t = req.value ?? 0;
  const col = readFor(req.op, t, t - slack(t, band), column);
  switch (req.op) {
    case '>=': {
      const lo = t - slack(t, band);
      for (let i = 0; i < count; i++) {
        const v = col[list[i]!]!;
        out[i] = +(v >= t) + +(v >= lo);
      }
      return;
    }
    case '>': {
      const lo = t - slack(t, band);
      for (let i = 0; i < count; i++) {
        const v = col[list[i]!]!;
        out[i] = +(v > t) + +(v > lo);
      }
      return;
    }
    case '<=': {
      const hi = t + slack(t, band);
      for (let i = 0; i < count; i++) {
        const v = col[list[i]!]!;
        out[i] = +(v <= t) + +(v <= hi);
      }
      return;
    }
    case '<': {
      const hi = t + slack(t, band);
      for (let i = 0; i < count; i++) {
        const v = col[list[i]!]!;
        out[i] = +(v < t) + +(v < hi);
      }
      return;
    }
    case 'between': {
      const t2 = req.value2 ?? t;
      const lo = t - slack(t, band);
      const hi = t2 + slack(t2, band);
      for (let i = 0; i < count; i++) {
        const v = col[list[i]!]!;
        out[i] = (+(v >= t) & +(v <= t2)) + (+(v >= lo) & +(v <= hi));
      }
      return;
    }
    case 'isTrue': {
      const truth = truthOf(column);
      for (let i = 0; i < count; i++) out[i] = truth[list[i]!]! << 1;
      return;
    }
    case 'isFalse':
      for (let i = 0; i < count; i++) out[i] = +(col[list[i]!]! === 0) << 1;
      return;
    default:
      // =, !=, in: met or not, never within
      for (let i = 0; i < count; i++) out[i] = holds(req.op, col[list[i]!]!, req.value, req.value2, req.values) ? BAND_MET : BAND_OUT;
  }
}

function pointsBand(node: PointsNode, list: Int32Array, count: number, band: number, out: Int32Array): void {
  const { req } = node;
  const mark = floatStack.mark();
  const { total, subs } = pointsSums(node, list, count);
  const min = req.min;
  const minLo = min - slack(min, band);
  for (let i = 0; i < count; i++) {
    const ti = total[i]!;
    let met = ti >= min;
    let near = ti >= minLo;
    for (let k = 0; k < subs.length; k++) {
      const subMin = req.subMinimums[k]!.min;
      const s = subs[k]![i]!;
      if (s < subMin) met = false;
      if (s < subMin - slack(subMin, band)) near = false;
    }
    out[i] = met ? BAND_MET : near ? BAND_WITHIN : BAND_OUT;
  }
  floatStack.release(mark);
}
