/**
 * What changed in one requirement of a design (a tier's, the eligibility gate, the exit rule),
 * for the design diff (design-diff.ts), in the sentences the rest of the product writes
 * (shared/model/describe.ts).
 *
 * The two trees are compared a leaf (a comparison or a points leaf) at a time when that says
 * exactly what changed: leaves are paired by id, then the rest by the same sentence, then a
 * comparison left on each side on the same metric (its only one there); the pairs whose
 * sentence differs read "Sourced ARR ≥ $500,000 → ≥ $750,000". A leaf left over reads as a new
 * or dropped requirement only when every group above it is an "all" group (it is then one
 * more or one fewer condition of the whole); otherwise, when the groups around the pairs
 * differ (an "all" made an "any", a leaf moved into another group) and when no leaf is in
 * both, the whole requirement's sentence is given before and after. Reordering a group's
 * items changes nothing.
 */
import { describeRequirement, type MetricLookup } from '../model/describe';
import type { Comparison, PointsLeaf, Requirement } from '../model/scenario';
import type { DesignChange } from './design-diff';

type Leaf = Comparison | PointsLeaf;
type Group = Exclude<Requirement, Leaf>;

const isGroup = (r: Requirement): r is Group => r.type === 'all' || r.type === 'any';

/** Whose requirement it is, and how its wholesale changes read. */
export interface RequirementOwner {
  /** the identity its changes' keys start with ("tier:gold", "eligibility") */
  key: string;
  /** "Gold", "Eligibility gate", "Exit rule" */
  subject: string;
  /** when it had none: "now requires X (had no requirements)" */
  added(text: string): string;
  /** when it has none any more */
  removed(text: string): string;
  /** the whole of it, before and after */
  changed(from: string, to: string): string;
}

interface Placed {
  leaf: Leaf;
  text: string;
  /** every group above it is an "all" group (or it is the whole requirement) */
  conjunct: boolean;
  /** the pair it belongs to (-1: none) */
  pair: number;
}

function leavesOf(r: Requirement | null, lookup: MetricLookup): Placed[] {
  const out: Placed[] = [];
  const visit = (node: Requirement, conjunct: boolean) => {
    if (isGroup(node)) node.items.forEach((i) => visit(i, conjunct && node.type === 'all'));
    else out.push({ leaf: node, text: describeRequirement(node, lookup), conjunct, pair: -1 });
  };
  if (r) visit(r, true);
  return out;
}

/** Pairs the leaves: by id, then by sentence, then a comparison on a metric each side has only one left of. */
function pairLeaves(a: Placed[], b: Placed[]): [Placed, Placed][] {
  const pairs: [Placed, Placed][] = [];
  const pair = (x: Placed, y: Placed) => {
    x.pair = y.pair = pairs.length;
    pairs.push([x, y]);
  };
  const free = (list: Placed[]) => list.filter((p) => p.pair < 0);
  for (const x of a) {
    const y = b.find((q) => q.pair < 0 && q.leaf.id === x.leaf.id);
    if (y) pair(x, y);
  }
  for (const x of free(a)) {
    const y = b.find((q) => q.pair < 0 && q.text === x.text);
    if (y) pair(x, y);
  }
  const onMetric = (list: Placed[], metric: string) => free(list).filter((p) => p.leaf.type === 'compare' && p.leaf.metric === metric);
  for (const x of free(a)) {
    if (x.leaf.type !== 'compare') continue;
    const ours = onMetric(a, x.leaf.metric);
    const theirs = onMetric(b, x.leaf.metric);
    if (ours.length === 1 && theirs.length === 1) pair(x, theirs[0]!);
  }
  return pairs;
}

/** The groups around the paired leaves: leaves as their pair's number, the rest left out, items in order of their text. */
function skeleton(r: Requirement | null, placed: readonly Placed[]): string {
  const pairOf = new Map<Requirement, number>(placed.map((p) => [p.leaf, p.pair]));
  const visit = (node: Requirement): string => {
    if (!isGroup(node)) {
      const p = pairOf.get(node) ?? -1;
      return p < 0 ? '' : String(p);
    }
    const items = node.items.map(visit).filter((s) => s !== '').sort();
    if (items.length <= 1) return items[0] ?? '';
    return `${node.type}(${items.join(',')})`;
  };
  return r ? visit(r) : '';
}

/** "Sourced ARR ≥ $750,000" after "Sourced ARR ≥ $500,000" reads "≥ $750,000": the metric is said once. */
function after(from: Placed, to: Placed, lookup: MetricLookup): string {
  if (from.leaf.type !== 'compare' || to.leaf.type !== 'compare' || from.leaf.metric !== to.leaf.metric) return to.text;
  const label = `${lookup(to.leaf.metric).label} `;
  return from.text.startsWith(label) && to.text.startsWith(label) ? to.text.slice(label.length) : to.text;
}

/** Two ids as one key, the same whichever side each is on. */
function pairKey(x: string, y: string): string {
  return x === y ? x : [x, y].sort().join('|');
}

/** The changes from requirement `a` (read with `la`) to `b` (read with `lb`); none when they read the same. */
export function requirementChanges(owner: RequirementOwner, a: Requirement | null, b: Requirement | null, la: MetricLookup, lb: MetricLookup): DesignChange[] {
  const from = describeRequirement(a, la);
  const to = describeRequirement(b, lb);
  if (from === to) return [];
  const whole = (text: string): DesignChange => ({ key: `${owner.key}:requirement`, subject: owner.subject, text: `${owner.subject}: ${text}`, from, to });
  if (a === null) return [whole(owner.added(to))];
  if (b === null) return [whole(owner.removed(from))];

  const leavesA = leavesOf(a, la);
  const leavesB = leavesOf(b, lb);
  const pairs = pairLeaves(leavesA, leavesB);
  const leftA = leavesA.filter((p) => p.pair < 0);
  const leftB = leavesB.filter((p) => p.pair < 0);
  // nothing in common, other groups around what is, or a leaf left over inside an "any": said whole
  if (pairs.length === 0 || skeleton(a, leavesA) !== skeleton(b, leavesB) || [...leftA, ...leftB].some((p) => !p.conjunct)) return [whole(owner.changed(from, to))];

  const changes: DesignChange[] = [];
  for (const [x, y] of pairs) {
    if (x.text === y.text) continue;
    changes.push({ key: `${owner.key}:${pairKey(x.leaf.id, y.leaf.id)}`, subject: owner.subject, text: `${owner.subject}: ${x.text} → ${after(x, y, lb)}`, from: x.text, to: y.text });
  }
  for (const y of leftB) changes.push({ key: `${owner.key}:${y.leaf.id}`, subject: owner.subject, text: `${owner.subject}: new requirement ${y.text}`, to: y.text });
  for (const x of leftA) changes.push({ key: `${owner.key}:${x.leaf.id}`, subject: owner.subject, text: `${owner.subject}: requirement ${x.text} dropped`, from: x.text });
  // the sentences differ, yet no leaf did: the groups' items were only reordered
  return changes;
}
