/**
 * The requirement builder's tree controller (DESIGN D4): the edits every node editor asks
 * for (update, remove, move, add, wrap, all ↔ any), each committed at once as a new
 * immutable tree (renderer/src/lib/requirement-edit.ts), and where the focus goes after
 * one — a request the control that should take it answers when it mounts (`focusRef`).
 * Also the small helpers the editors share: paths as text, sibling keys, a tree's identity.
 */
import { useMemo, useRef } from 'react';
import { metricLookup, type MetricLookup } from '../../../../../../shared/model/describe';
import type { Requirement } from '../../../../../../shared/model/scenario';
import type { MetricDef } from '../../../../../../shared/model/workspace';
import {
  collectIds,
  createIdGenerator,
  insertAt,
  isGroup,
  moveAt,
  movedPath,
  newComparison,
  newGroup,
  newPointsLeaf,
  nodeAt,
  removeAt,
  replaceAt,
  setGroupType,
  wrapInGroup,
  type GroupType,
  type RequirementPath,
} from '../../../../lib/requirement-edit';

export type FocusTarget = 'first' | 'up' | 'down';
interface FocusRequest {
  id: string;
  target: FocusTarget;
}
/** The focus request of the "no requirements" state (its first button). */
export const EMPTY_FOCUS = '';

export type AddKind = 'condition' | 'group' | 'points';

/** What every node editor needs from the builder. */
export interface Ctx {
  label: string;
  lookup: MetricLookup;
  /** sorted by label */
  metrics: readonly MetricDef[];
  update: (path: RequirementPath, node: Requirement) => void;
  remove: (path: RequirementPath) => void;
  move: (path: RequirementPath, delta: -1 | 1) => void;
  add: (groupPath: RequirementPath, what: AddKind) => void;
  /** a root leaf: put it in an "all of" group with a new node */
  addBesideRoot: (what: AddKind) => void;
  wrap: (path: RequirementPath, type: GroupType) => void;
  setType: (path: RequirementPath, type: GroupType) => void;
  newIds: () => (prefix: string) => string;
  pickMetric: (taken: ReadonlySet<string>) => MetricDef | undefined;
  focusRef: (id: string, target: FocusTarget) => (el: HTMLElement | null) => void;
}

/** Where a child sits among its siblings (null: the root). */
export interface Place {
  index: number;
  count: number;
  parentType: GroupType;
}

export function pathText(path: RequirementPath): string {
  return path.map((i) => i + 1).join('.');
}

function byLabel(a: MetricDef, b: MetricDef): number {
  return a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }) || a.key.localeCompare(b.key);
}

/** JSON with sorted keys: the same tree gives the same text whoever built it. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/** Whether two nodes are the same tree (by `stableKey`): a node editor's texts belong to its node (components/field-text). */
export function sameTree(a: Requirement, b: Requirement): boolean {
  return a === b || stableKey(a) === stableKey(b);
}

/** React keys for siblings: the id, or the id and the index when ids repeat in loaded data. */
export function keysOf(items: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    const key = seen.has(item.id) ? `${item.id}#${i}` : item.id;
    seen.add(item.id);
    return key;
  });
}

export interface TreeProps {
  value: Requirement | null;
  onChange: (next: Requirement | null) => void;
  metrics: readonly MetricDef[];
  usedIds: ReadonlySet<string>;
  label: string;
}

/** The builder's controller: the node editors' `Ctx`, and `startWith`, which makes the first node of an empty requirement. */
export function useRequirementTree({ value, onChange, metrics, usedIds, label }: TreeProps) {
  const sorted = useMemo(() => [...metrics].sort(byLabel), [metrics]);
  const lookup = useMemo(() => metricLookup(metrics), [metrics]);
  const focusRequest = useRef<FocusRequest | null>(null);

  const commit = (next: Requirement | null, focus: FocusRequest | null) => {
    focusRequest.current = focus;
    onChange(next);
  };
  const newIds = () => createIdGenerator([...usedIds, ...collectIds(value)]);
  const pickMetric = (taken: ReadonlySet<string>) => sorted.find((m) => !taken.has(m.key)) ?? sorted[0];

  const makeNode = (what: AddKind, gen: (prefix: string) => string, taken: ReadonlySet<string>, parentType: GroupType): Requirement | null => {
    const metric = pickMetric(taken);
    // nothing to compare yet: no condition, and no group (an empty group means nothing)
    if (!metric) return null;
    if (what === 'group') return newGroup(parentType === 'all' ? 'any' : 'all', gen('group'), [newComparison(metric, gen('cond'))]);
    if (what === 'condition') return newComparison(metric, gen('cond'));
    return newPointsLeaf(metric, gen('points'), gen('rule'));
  };

  const startWith = (what: 'condition' | 'points') => {
    const gen = newIds();
    const root = newGroup('all', gen('group'));
    const node = makeNode(what, gen, new Set(), 'all');
    if (node) commit({ ...root, items: [node] }, { id: node.id, target: 'first' });
  };

  const ctx: Ctx = {
    label,
    lookup,
    metrics: sorted,
    update: (path, node) => {
      if (value) commit(replaceAt(value, path, node), null);
    },
    remove: (path) => {
      if (!value) return;
      const next = removeAt(value, path);
      const parent = nodeAt(next, path.slice(0, -1));
      commit(next, next === null ? { id: EMPTY_FOCUS, target: 'first' } : parent ? { id: parent.id, target: 'first' } : null);
    },
    move: (path, delta) => {
      const node = value && nodeAt(value, path);
      const parent = value && nodeAt(value, path.slice(0, -1));
      if (!value || !node || !parent || !isGroup(parent)) return;
      const to = movedPath(value, path, delta).at(-1) ?? 0;
      const target: FocusTarget = to === 0 ? 'down' : to === parent.items.length - 1 ? 'up' : delta < 0 ? 'up' : 'down';
      commit(moveAt(value, path, delta), { id: node.id, target });
    },
    add: (groupPath, what) => {
      const group = value && nodeAt(value, groupPath);
      if (!value || !group || !isGroup(group)) return;
      const taken = new Set(group.items.flatMap((i) => (i.type === 'compare' ? [i.metric] : [])));
      const node = makeNode(what, newIds(), taken, group.type);
      if (node) commit(insertAt(value, groupPath, node), { id: node.id, target: 'first' });
    },
    addBesideRoot: (what) => {
      if (!value || isGroup(value)) return;
      const gen = newIds();
      const node = makeNode(what, gen, new Set(value.type === 'compare' ? [value.metric] : []), 'all');
      if (node) commit(newGroup('all', gen('group'), [value, node]), { id: node.id, target: 'first' });
    },
    wrap: (path, type) => {
      const node = value && nodeAt(value, path);
      if (!value || !node) return;
      commit(wrapInGroup(value, path, type, newIds()('group')), { id: node.id, target: 'first' });
    },
    setType: (path, type) => {
      if (value) commit(setGroupType(value, path, type), null);
    },
    newIds,
    pickMetric,
    focusRef: (id, target) => (el) => {
      const want = focusRequest.current;
      if (el && want && want.id === id && want.target === target) {
        focusRequest.current = null;
        el.focus();
      }
    },
  };

  return { ctx, startWith };
}
