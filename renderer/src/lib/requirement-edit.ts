/**
 * Pure, immutable edits of a requirement tree (DESIGN D4: all / any groups, comparisons and
 * points leaves) for the requirement builder: new nodes with sensible defaults per metric
 * kind, edits of the node at a path of indices (replace, remove, move, switch all ↔ any,
 * wrap in a group) and ids unique within a whole scenario. The text a program lead types
 * into a threshold ("$50K", "€1.5M", "80%", "2024-06-30") read as the model's stored number
 * (an amount in the currency of its metric, shared/model/currency) is threshold-text.ts's.
 *
 * Nothing here mutates its input: every edit copies the nodes along the path and shares
 * the rest of the tree.
 */
import { MS_PER_DAY } from '../../../shared/model/dataset';
import { METRIC_KIND_INFO } from '../../../shared/model/metric-kinds';
import { OPERATORS, ruleOpNeedsValue } from '../../../shared/model/operators';
import type { Comparison, PointsLeaf, PointsRule, Requirement } from '../../../shared/model/scenario';
import type { ComparisonOp } from '../../../shared/model/operators';
import type { MetricDef, MetricKind } from '../../../shared/model/workspace';

export type RequirementGroup = Extract<Requirement, { type: 'all' | 'any' }>;
export type GroupType = RequirementGroup['type'];
/** The address of a node: indices into `items` from the root (the root is `[]`). */
export type RequirementPath = readonly number[];
/** What a new node needs to know about its metric. */
export type MetricRefInfo = Pick<MetricDef, 'key' | 'kind'> & Partial<Pick<MetricDef, 'label'>>;

/** The deepest a requirement may nest (the scenario schema refuses deeper trees). */
export const MAX_DEPTH = 8;
/** At most this many items per group, rules per points leaf, sub-minimums per leaf, values of "in". */
export const MAX_ITEMS = 50;
export const MAX_RULES = 50;
export const MAX_SUB_MINIMUMS = 10;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function isGroup(r: Requirement): r is RequirementGroup {
  return r.type === 'all' || r.type === 'any';
}

// ---------------------------------------------------------------------------------------
// Ids

/** Every id in a tree: groups, comparisons, points leaves and their rules. */
export function collectIds(root: Requirement | null, into: Set<string> = new Set()): Set<string> {
  if (!root) return into;
  into.add(root.id);
  if (root.type === 'points') root.rules.forEach((r) => into.add(r.id));
  if (isGroup(root)) root.items.forEach((i) => collectIds(i, into));
  return into;
}

/**
 * A generator of fresh ids (`cond-1`, `group-3` …) that are in none of `used` (pass every id
 * of the scenario) nor among those it already gave out.
 */
export function createIdGenerator(used: Iterable<string>): (prefix: string) => string {
  const taken = new Set(used);
  return (prefix) => {
    const base = ID_PATTERN.test(prefix) && prefix.length <= 50 ? prefix : 'req';
    for (let n = 1; ; n++) {
      const id = `${base}-${n}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------
// New nodes

/** A sensible first threshold for a metric of this kind (dates: today): METRIC_KIND_INFO. */
export function defaultThreshold(kind: MetricKind, now: number = Date.now()): number {
  const first = METRIC_KIND_INFO[kind].defaultThreshold;
  return first === 'today' ? Math.floor(now / MS_PER_DAY) : first;
}

/** A comparison on a metric: "is yes" for a flag, "at least" a default threshold otherwise. */
export function newComparison(metric: MetricRefInfo, id: string, now?: number): Comparison {
  if (metric.kind === 'boolean') return { type: 'compare', id, metric: metric.key, op: 'isTrue' };
  return { type: 'compare', id, metric: metric.key, op: '>=', value: defaultThreshold(metric.kind, now) };
}

export function newGroup(type: GroupType, id: string, items: Requirement[] = []): RequirementGroup {
  return { type, id, items };
}

/** The unit a new per-unit rule counts in ($1,000 of a currency, 1% of a percentage, 1 otherwise). */
export function defaultPer(kind: MetricKind): number {
  return METRIC_KIND_INFO[kind].defaultPer;
}

function ruleLabel(metric: MetricRefInfo): string {
  const label = (metric.label ?? metric.key).trim().slice(0, 120).trim();
  return label || metric.key;
}

/** A points rule: 100 points for a flag that is yes, or 1 point per unit of anything else. */
export function newPointsRule(metric: MetricRefInfo, id: string): PointsRule {
  if (metric.kind === 'boolean') return { id, label: ruleLabel(metric), metric: metric.key, mode: 'fixed', points: 100, op: 'isTrue' };
  return { id, label: ruleLabel(metric), metric: metric.key, mode: 'perUnit', points: 1, per: defaultPer(metric.kind) };
}

/** A points leaf with one rule on `metric`, needing 100 points. */
export function newPointsLeaf(metric: MetricRefInfo, id: string, ruleId: string): PointsLeaf {
  return { type: 'points', id, rules: [newPointsRule(metric, ruleId)], min: 100, subMinimums: [] };
}

// ---------------------------------------------------------------------------------------
// Comparisons and rules

/** The comparison on another metric: same kind keeps the operator and values; another kind starts over. */
export function changeComparisonMetric(c: Comparison, from: MetricKind, to: MetricRefInfo, now?: number): Comparison {
  if (from === to.kind) return { ...c, metric: to.key };
  return newComparison(to, c.id, now);
}

/** The comparison with another operator, keeping what values still make sense. */
export function changeComparisonOp(c: Comparison, op: ComparisonOp, kind: MetricKind, now?: number): Comparison {
  const base = { type: 'compare' as const, id: c.id, metric: c.metric, op };
  const first = c.value ?? c.values?.[0] ?? defaultThreshold(kind, now);
  switch (OPERATORS[op].arity) {
    case 0:
      return base;
    case 'list':
      return { ...base, values: c.values && c.values.length ? [...c.values] : [first] };
    case 2: {
      const high = c.value2 !== undefined && c.value2 >= first ? c.value2 : first;
      return { ...base, value: first, value2: high };
    }
    case 1:
      return { ...base, value: first };
  }
}

/** A rule on another metric: same kind keeps everything; another kind resets the mode's settings. */
export function changeRuleMetric(rule: PointsRule, from: { label: string; kind: MetricKind }, to: MetricRefInfo): PointsRule {
  const label = rule.label === from.label ? ruleLabel(to) : rule.label;
  if (from.kind === to.kind) return { ...rule, metric: to.key, label };
  const fresh: PointsRule = { ...newPointsRule(to, rule.id), label, points: rule.points };
  return rule.cap !== undefined ? { ...fresh, cap: rule.cap } : fresh;
}

/** A rule switched to another mode: per-unit gets a unit, fixed gets a condition. */
export function changeRuleMode(rule: PointsRule, mode: PointsRule['mode'], kind: MetricKind, now?: number): PointsRule {
  if (rule.mode === mode) return rule;
  const { id, label, metric, points, cap } = rule;
  const base: PointsRule =
    mode === 'perUnit'
      ? { id, label, metric, mode, points, per: defaultPer(kind) }
      : kind === 'boolean'
        ? { id, label, metric, mode, points, op: 'isTrue' }
        : { id, label, metric, mode, points, op: '>=', value: defaultThreshold(kind, now) };
  return cap !== undefined ? { ...base, cap } : base;
}

/** A fixed rule's condition with another operator. */
export function changeRuleOp(rule: PointsRule, op: ComparisonOp, kind: MetricKind, now?: number): PointsRule {
  const { value: _value, ...rest } = rule;
  return ruleOpNeedsValue(op) ? { ...rest, op, value: rule.value ?? defaultThreshold(kind, now) } : { ...rest, op };
}

export function addPointsRule(leaf: PointsLeaf, rule: PointsRule): PointsLeaf {
  return { ...leaf, rules: [...leaf.rules, rule] };
}

export function replacePointsRule(leaf: PointsLeaf, rule: PointsRule): PointsLeaf {
  return { ...leaf, rules: leaf.rules.map((r) => (r.id === rule.id ? rule : r)) };
}

/**
 * The leaf without a rule; sub-minimums stop counting it and a sub-minimum left with no
 * rule goes. The last rule cannot go (a points leaf needs one): the leaf comes back as is.
 */
export function removePointsRule(leaf: PointsLeaf, ruleId: string): PointsLeaf {
  if (leaf.rules.length <= 1) return leaf;
  return {
    ...leaf,
    rules: leaf.rules.filter((r) => r.id !== ruleId),
    subMinimums: leaf.subMinimums.map((s) => ({ ...s, rules: s.rules.filter((id) => id !== ruleId) })).filter((s) => s.rules.length > 0),
  };
}

export type SubMinimum = PointsLeaf['subMinimums'][number];

/** A new sub-minimum over the leaf's first rule, needing 0 points (the user sets it). */
export function addSubMinimum(leaf: PointsLeaf): PointsLeaf {
  const first = leaf.rules[0];
  if (!first) return leaf;
  return { ...leaf, subMinimums: [...leaf.subMinimums, { rules: [first.id], min: 0 }] };
}

export function replaceSubMinimum(leaf: PointsLeaf, index: number, sub: SubMinimum): PointsLeaf {
  return { ...leaf, subMinimums: leaf.subMinimums.map((s, i) => (i === index ? sub : s)) };
}

export function removeSubMinimum(leaf: PointsLeaf, index: number): PointsLeaf {
  return { ...leaf, subMinimums: leaf.subMinimums.filter((_, i) => i !== index) };
}

// ---------------------------------------------------------------------------------------
// Paths

/** The node at `path`, or undefined when the path leads nowhere. */
export function nodeAt(root: Requirement | null, path: RequirementPath): Requirement | undefined {
  let node: Requirement | undefined = root ?? undefined;
  for (const i of path) {
    if (!node || !isGroup(node)) return undefined;
    node = node.items[i];
  }
  return node;
}

/** How deep the tree under `r` goes (a leaf is 1). */
export function depthOf(r: Requirement): number {
  return isGroup(r) ? 1 + Math.max(0, ...r.items.map(depthOf)) : 1;
}

function validPath(root: Requirement, path: RequirementPath): boolean {
  return nodeAt(root, path) !== undefined;
}

/** `root` with the node at `path` replaced by `update(node)`; a path that leads nowhere changes nothing. */
export function updateAt(root: Requirement, path: RequirementPath, update: (node: Requirement) => Requirement): Requirement {
  if (!validPath(root, path)) return root;
  const rec = (node: Requirement, depth: number): Requirement => {
    if (depth === path.length) return update(node);
    if (!isGroup(node)) return node;
    const index = path[depth] ?? -1;
    return { ...node, items: node.items.map((child, i) => (i === index ? rec(child, depth + 1) : child)) };
  };
  return rec(root, 0);
}

export function replaceAt(root: Requirement, path: RequirementPath, node: Requirement): Requirement {
  return updateAt(root, path, () => node);
}

/**
 * `root` without the node at `path`. A group left with nothing in it goes too (an empty
 * group means nothing — docs/ENGINE.md), up to the root: removing the root, or the last
 * thing under it, leaves no requirement (null).
 */
export function removeAt(root: Requirement, path: RequirementPath): Requirement | null {
  if (path.length === 0) return null;
  if (!validPath(root, path)) return root;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1] ?? -1;
  const next = updateAt(root, parentPath, (parent) => (isGroup(parent) ? { ...parent, items: parent.items.filter((_, i) => i !== index) } : parent));
  const parent = nodeAt(next, parentPath);
  if (parent && isGroup(parent) && parent.items.length === 0) return removeAt(next, parentPath);
  return next;
}

/** `root` with `node` added to the group at `groupPath` (at the end, or before `index`). */
export function insertAt(root: Requirement, groupPath: RequirementPath, node: Requirement, index?: number): Requirement {
  return updateAt(root, groupPath, (group) => {
    if (!isGroup(group)) return group;
    const items = [...group.items];
    items.splice(index === undefined ? items.length : Math.max(0, Math.min(index, items.length)), 0, node);
    return { ...group, items };
  });
}

/** `root` with the node at `path` moved `delta` places among its siblings (clamped; the root stays). */
export function moveAt(root: Requirement, path: RequirementPath, delta: number): Requirement {
  if (path.length === 0 || !validPath(root, path)) return root;
  const index = path[path.length - 1] ?? 0;
  return updateAt(root, path.slice(0, -1), (parent) => {
    if (!isGroup(parent)) return parent;
    const target = Math.max(0, Math.min(parent.items.length - 1, index + delta));
    if (target === index) return parent;
    const items = [...parent.items];
    const [moved] = items.splice(index, 1);
    if (moved) items.splice(target, 0, moved);
    return { ...parent, items };
  });
}

/** The path of a node after `moveAt(root, path, delta)`. */
export function movedPath(root: Requirement, path: RequirementPath, delta: number): RequirementPath {
  const parent = nodeAt(root, path.slice(0, -1));
  if (path.length === 0 || !parent || !isGroup(parent)) return path;
  const index = path[path.length - 1] ?? 0;
  return [...path.slice(0, -1), Math.max(0, Math.min(parent.items.length - 1, index + delta))];
}

export function setGroupType(root: Requirement, path: RequirementPath, type: GroupType): Requirement {
  return updateAt(root, path, (node) => (isGroup(node) && node.type !== type ? { ...node, type } : node));
}

/** all ↔ any for the group at `path`. */
export function toggleGroupType(root: Requirement, path: RequirementPath): Requirement {
  return updateAt(root, path, (node) => (isGroup(node) ? { ...node, type: node.type === 'all' ? 'any' : 'all' } : node));
}

/** `root` with the node at `path` put alone into a new group of `type`. */
export function wrapInGroup(root: Requirement, path: RequirementPath, type: GroupType, id: string): Requirement {
  return updateAt(root, path, (node) => newGroup(type, id, [node]));
}
