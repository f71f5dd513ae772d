/**
 * The requirement builder (DESIGN D4): a program lead edits a tier's requirement — a tree of
 * "all of" / "any of" groups, comparisons on metrics and points leaves — with native
 * controls only. Every valid edit calls `onChange` at once with a new immutable tree; a
 * threshold that cannot be read keeps the user's text in its input with an inline message
 * (aria-invalid + role="alert") and nothing is reported until the text is valid again.
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { currencyCode, currencySymbol, DEFAULT_CURRENCY } from '../../../../../shared/model/currency';
import { endTyping, typingInto, typingKindOf } from '../../../stores/scenario.slice';
import { describeRequirement, metricLookup, type MetricLookup } from '../../../../../shared/model/describe';
import { METRIC_KIND_INFO } from '../../../../../shared/model/metric-kinds';
import { OPERATORS } from '../../../../../shared/model/operators';
import type { Result } from '../../../../../shared/model/result';
import type { Comparison, ComparisonOp, PointsLeaf, PointsRule, Requirement } from '../../../../../shared/model/scenario';
import type { MetricDef, MetricKind } from '../../../../../shared/model/workspace';
import {
  addPointsRule,
  addSubMinimum,
  changeComparisonMetric,
  changeComparisonOp,
  changeRuleMetric,
  changeRuleMode,
  changeRuleOp,
  collectIds,
  createIdGenerator,
  formatThreshold,
  formatValueList,
  insertAt,
  isGroup,
  MAX_DEPTH,
  MAX_ITEMS,
  MAX_RULES,
  MAX_SUB_MINIMUMS,
  moveAt,
  movedPath,
  newComparison,
  newGroup,
  newPointsLeaf,
  newPointsRule,
  nodeAt,
  opsForKind,
  opWords,
  parseBounded,
  parseThreshold,
  parseValueList,
  removeAt,
  removePointsRule,
  removeSubMinimum,
  replaceAt,
  replacePointsRule,
  replaceSubMinimum,
  ruleOpNeedsValue,
  ruleOpsForKind,
  setGroupType,
  wrapInGroup,
  type GroupType,
  type RequirementGroup,
  type RequirementPath,
} from '../../../lib/requirement-edit';
import './requirement-builder.css';

export interface RequirementBuilderProps {
  value: Requirement | null;
  onChange: (next: Requirement | null) => void;
  /** the metrics a condition can read (dataset and derived metrics) */
  metrics: readonly MetricDef[];
  /** every id already used in the scenario: new nodes get ids outside it */
  usedIds: ReadonlySet<string>;
  /** what is edited ("Gold requirements", "Eligibility"): the legend and the context of the controls */
  label: string;
  /** shown when there is no requirement */
  emptyText?: string;
}

type FocusTarget = 'first' | 'up' | 'down';
interface FocusRequest {
  id: string;
  target: FocusTarget;
}
/** The focus request of the "no requirements" state (its first button). */
const EMPTY_FOCUS = '';

type AddKind = 'condition' | 'group' | 'points';

/** What every node editor needs from the builder. */
interface Ctx {
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
interface Place {
  index: number;
  count: number;
  parentType: GroupType;
}

/** The "+" of the add buttons, not read out (the button's name is "Add condition"). */
function Plus() {
  return <span aria-hidden="true">+ </span>;
}

function pathText(path: RequirementPath): string {
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

/** React keys for siblings: the id, or the id and the index when ids repeat in loaded data. */
function keysOf(items: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    const key = seen.has(item.id) ? `${item.id}#${i}` : item.id;
    seen.add(item.id);
    return key;
  });
}

export function RequirementBuilder({ value, onChange, metrics, usedIds, label, emptyText = 'No requirements' }: RequirementBuilderProps) {
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

  const noMetrics = sorted.length === 0;
  const noMetricsTitle = noMetrics ? 'There are no metrics to build a condition on' : undefined;
  return (
    <fieldset className="rb">
      <legend>{label}</legend>
      {value === null ? (
        <div className="rb-empty">
          <p>{emptyText}</p>
          <button type="button" ref={ctx.focusRef(EMPTY_FOCUS, 'first')} onClick={() => startWith('condition')} disabled={noMetrics} title={noMetricsTitle}>
            Add condition
          </button>
          <button type="button" onClick={() => startWith('points')} disabled={noMetrics} title={noMetricsTitle}>
            Add points rule
          </button>
        </div>
      ) : (
        <>
          <NodeEditor node={value} path={[]} ctx={ctx} place={null} />
          <p className="rb-summary">
            <span className="rb-muted">Reads: </span>
            {describeRequirement(value, lookup)}
          </p>
        </>
      )}
    </fieldset>
  );
}

function NodeEditor({ node, path, ctx, place }: { node: Requirement; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  if (node.type === 'compare') return <ComparisonEditor node={node} path={path} ctx={ctx} place={place} />;
  if (node.type === 'points') return <PointsEditor node={node} path={path} ctx={ctx} place={place} />;
  return <GroupEditor node={node} path={path} ctx={ctx} place={place} />;
}

/** Move up / down, put in a group, remove: the buttons every non-root node has (a root leaf: remove only). */
function NodeTools({ id, name, path, ctx, place, leaf }: { id: string; name: string; path: RequirementPath; ctx: Ctx; place: Place | null; leaf: boolean }) {
  if (place === null) {
    if (!leaf) return null;
    return (
      <span className="rb-tools">
        <button type="button" className="rb-icon rb-remove" aria-label={`Remove ${name}`} title="Remove" onClick={() => ctx.remove(path)}>
          ✕
        </button>
      </span>
    );
  }
  const canWrap = leaf && path.length + 2 <= MAX_DEPTH;
  const wrapType: GroupType = place.parentType === 'all' ? 'any' : 'all';
  return (
    <span className="rb-tools">
      {canWrap && (
        <button
          type="button"
          className="rb-small"
          aria-label={`Put ${name} in an "${wrapType} of" group`}
          title={`Put it in an "${wrapType} of" group`}
          onClick={() => ctx.wrap(path, wrapType)}
        >
          Group
        </button>
      )}
      <button
        type="button"
        className="rb-icon"
        aria-label={`Move ${name} up`}
        title="Move up"
        disabled={place.index === 0}
        ref={ctx.focusRef(id, 'up')}
        onClick={() => ctx.move(path, -1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="rb-icon"
        aria-label={`Move ${name} down`}
        title="Move down"
        disabled={place.index >= place.count - 1}
        ref={ctx.focusRef(id, 'down')}
        onClick={() => ctx.move(path, 1)}
      >
        ↓
      </button>
      <button type="button" className="rb-icon rb-remove" aria-label={`Remove ${name}`} title="Remove" onClick={() => ctx.remove(path)}>
        ✕
      </button>
    </span>
  );
}

// ---------------------------------------------------------------------------------------
// Groups

function GroupEditor({ node, path, ctx, place }: { node: RequirementGroup; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  const root = place === null;
  const name = root ? ctx.label : `group ${pathText(path)}`;
  const keys = keysOf(node.items);
  const full = node.items.length >= MAX_ITEMS;
  const noMetrics = ctx.metrics.length === 0;
  const canNest = path.length + 3 <= MAX_DEPTH;
  const addLabel = (what: string) => (root ? undefined : `${what} to ${name}`);
  return (
    <div className={`rb-group rb-${node.type}`} role={root ? undefined : 'group'} aria-label={root ? undefined : name}>
      <div className="rb-head">
        <select
          aria-label={`Match all or any for ${name}`}
          value={node.type}
          ref={ctx.focusRef(node.id, 'first')}
          onChange={(e) => ctx.setType(path, e.target.value === 'any' ? 'any' : 'all')}
        >
          <option value="all">all of</option>
          <option value="any">any of</option>
        </select>
        <span className="rb-muted">{node.items.length === 0 ? 'nothing yet (an empty group requires nothing)' : node.type === 'all' ? 'these must hold' : 'at least one must hold'}</span>
        <NodeTools id={node.id} name={name} path={path} ctx={ctx} place={place} leaf={false} />
      </div>
      {node.items.length > 0 && (
        <ol className="rb-items">
          {node.items.map((item, i) => (
            <li key={keys[i]} className="rb-item">
              <NodeEditor node={item} path={[...path, i]} ctx={ctx} place={{ index: i, count: node.items.length, parentType: node.type }} />
            </li>
          ))}
        </ol>
      )}
      <div className="rb-actions">
        <button type="button" className="rb-small" aria-label={addLabel('Add condition')} disabled={full || noMetrics} onClick={() => ctx.add(path, 'condition')}>
          <Plus />
          Add condition
        </button>
        {canNest && (
          <button type="button" className="rb-small" aria-label={addLabel('Add group')} disabled={full} onClick={() => ctx.add(path, 'group')}>
            <Plus />
            Add group
          </button>
        )}
        <button type="button" className="rb-small" aria-label={addLabel('Add points')} disabled={full || noMetrics} onClick={() => ctx.add(path, 'points')}>
          <Plus />
          Add points
        </button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Local text of the inputs

const NO_TEXTS: Readonly<Record<string, string>> = {};

/**
 * The texts the user typed into a node's inputs, kept while the node is the one they were
 * typed against (`snapshot`); when the node changes from outside (undo, another editor)
 * they are dropped and the inputs show the stored values again.
 */
function useDrafts(snapshot: string) {
  const [state, setState] = useState<{ snapshot: string; texts: Readonly<Record<string, string>> }>({ snapshot, texts: NO_TEXTS });
  const texts = state.snapshot === snapshot ? state.texts : NO_TEXTS;
  const current = (prev: typeof state) => (prev.snapshot === snapshot ? prev.texts : NO_TEXTS);
  return {
    texts,
    /** keep `text` for `key`; `next` is the node's snapshot after the edit (a commit) */
    set: (key: string, text: string, next: string = snapshot) => setState((prev) => ({ snapshot: next, texts: { ...current(prev), [key]: text } })),
    clear: (key: string) =>
      setState((prev) => {
        const { [key]: _dropped, ...rest } = current(prev);
        return { snapshot, texts: rest };
      }),
    /** a commit that is not typing (a select, a button): keep the texts `keep` says */
    commit: (next: string, keep: (key: string) => boolean = () => false) =>
      setState((prev) => ({ snapshot: next, texts: Object.fromEntries(Object.entries(current(prev)).filter(([k]) => keep(k))) })),
  };
}
type Drafts = ReturnType<typeof useDrafts>;

interface BoundField {
  text: string;
  error: string | null;
  onText: (text: string) => void;
  onBlur: () => void;
}

/** An input's text, its problem and its handlers: a valid text commits `apply(value)` at once. */
function bindField<T>(drafts: Drafts, key: string, formatted: string, parse: (text: string) => Result<T>, apply: (value: T) => Requirement, commit: (next: Requirement) => void): BoundField {
  const typed = drafts.texts[key];
  const text = typed ?? formatted;
  const parsed = parse(text);
  return {
    text,
    error: parsed.ok ? null : parsed.error,
    onText: (t) => {
      const r = parse(t);
      if (!r.ok) {
        drafts.set(key, t);
        return;
      }
      const next = apply(r.value);
      drafts.set(key, t, stableKey(next));
      commit(next);
    },
    onBlur: () => {
      if (typed !== undefined && parse(typed).ok) drafts.clear(key);
    },
  };
}

/** The currency of a metric's amounts (an ISO code): the one its unit names, else US dollars. */
function currencyOf(unit: string | null): string {
  return currencyCode(unit) ?? DEFAULT_CURRENCY;
}

/** A threshold input's affixes: its kind's (shared/model/metric-kinds.ts), with the metric's currency symbol or unit. */
function affixes(kind: MetricKind, unit: string | null): { prefix?: string; suffix?: string; placeholder?: string } {
  const { prefix, suffix, placeholder } = METRIC_KIND_INFO[kind].input;
  const out: { prefix?: string; suffix?: string; placeholder?: string } = {};
  if (prefix === 'currency') out.prefix = currencySymbol(currencyOf(unit));
  if (suffix === '%') out.suffix = '%';
  else if (suffix === 'unit' && unit) out.suffix = unit;
  if (placeholder !== undefined) out.placeholder = placeholder;
  return out;
}

/** A text input with its affixes and its inline problem. */
function Field({
  label,
  field,
  className = 'rb-num',
  prefix,
  suffix,
  placeholder,
  invalid,
  describedBy,
  inputMode = 'decimal',
  inputRef,
}: {
  label: string;
  field: Pick<BoundField, 'text' | 'error' | 'onText' | 'onBlur'>;
  className?: string;
  prefix?: string;
  suffix?: string;
  placeholder?: string;
  /** invalid because of another field (a range) */
  invalid?: boolean;
  describedBy?: string;
  inputMode?: 'decimal' | 'text';
  inputRef?: (el: HTMLElement | null) => void;
}) {
  const errorId = useId();
  // what is typed here is one typing session per visit (one undo step, not one per keystroke), known by the input's id
  const fieldId = useId();
  const bad = field.error !== null || Boolean(invalid);
  const ids = [field.error !== null ? errorId : undefined, describedBy].filter(Boolean).join(' ');
  return (
    <span className="rb-field">
      {prefix && (
        <span className="rb-affix" aria-hidden="true">
          {prefix}
        </span>
      )}
      <input
        id={fieldId}
        type="text"
        className={className}
        aria-label={label}
        value={field.text}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={ids || undefined}
        ref={inputRef}
        onChange={(e) => typingInto(fieldId, typingKindOf(e), () => field.onText(e.target.value))}
        onBlur={() => {
          endTyping();
          field.onBlur();
        }}
      />
      {suffix && (
        <span className="rb-affix" aria-hidden="true">
          {suffix}
        </span>
      )}
      {field.error !== null && (
        <span id={errorId} role="alert" className="rb-error">
          {field.error}
        </span>
      )}
    </span>
  );
}

function MetricSelect({ label, value, ctx, onPick, selectRef }: { label: string; value: string; ctx: Ctx; onPick: (m: MetricDef) => void; selectRef?: (el: HTMLElement | null) => void }) {
  const known = ctx.metrics.some((m) => m.key === value);
  return (
    <select
      className="rb-metric"
      aria-label={label}
      value={value}
      ref={selectRef}
      onChange={(e) => {
        const m = ctx.metrics.find((x) => x.key === e.target.value);
        if (m) onPick(m);
      }}
    >
      {!known && <option value={value}>{`${value} (not in the data)`}</option>}
      {ctx.metrics.map((m) => (
        <option key={m.key} value={m.key}>
          {m.label}
        </option>
      ))}
    </select>
  );
}

function OpSelect({ label, op, ops, kind, onPick }: { label: string; op: ComparisonOp; ops: readonly ComparisonOp[]; kind: MetricKind; onPick: (op: ComparisonOp) => void }) {
  const shown = ops.includes(op) ? ops : [op, ...ops];
  return (
    <select
      className="rb-op"
      aria-label={label}
      value={op}
      onChange={(e) => {
        const next = shown.find((o) => o === e.target.value);
        if (next) onPick(next);
      }}
    >
      {shown.map((o) => (
        <option key={o} value={o}>
          {opWords(o, kind)}
        </option>
      ))}
    </select>
  );
}

// ---------------------------------------------------------------------------------------
// Comparisons

function ComparisonEditor({ node, path, ctx, place }: { node: Comparison; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  const info = ctx.lookup(node.metric);
  const kind = info.kind;
  const drafts = useDrafts(stableKey(node));
  const rangeId = useId();
  const name = `condition on ${info.label}`;
  const commit = (next: Requirement) => ctx.update(path, next);
  const replace = (next: Comparison) => {
    drafts.commit(stableKey(next));
    commit(next);
  };
  const { prefix, suffix, placeholder } = affixes(kind, info.unit);
  const money = currencyOf(info.unit);
  const parse = (t: string) => parseThreshold(kind, t, money);

  let values: ReactNode = null;
  const arity = OPERATORS[node.op].arity;
  if (arity === 2) {
    const lowText = drafts.texts.value ?? formatThreshold(kind, node.value);
    const highText = drafts.texts.value2 ?? formatThreshold(kind, node.value2);
    const low = parse(lowText);
    const high = parse(highText);
    const rangeError = low.ok && high.ok && low.value > high.value ? 'The lower bound is above the upper bound' : null;
    const edit = (key: 'value' | 'value2', text: string) => {
      const l = key === 'value' ? parse(text) : low;
      const h = key === 'value2' ? parse(text) : high;
      if (l.ok && h.ok && l.value <= h.value) {
        const next: Comparison = { ...node, value: l.value, value2: h.value };
        drafts.set(key, text, stableKey(next));
        commit(next);
      } else drafts.set(key, text);
    };
    const blur = () => {
      if (low.ok && high.ok && !rangeError) drafts.commit(stableKey(node));
    };
    values = (
      <>
        <Field
          label={`Lower bound for ${info.label}`}
          field={{ text: lowText, error: low.ok ? null : low.error, onText: (t) => edit('value', t), onBlur: blur }}
          prefix={prefix}
          suffix={suffix}
          placeholder={placeholder}
          invalid={rangeError !== null}
          describedBy={rangeError ? rangeId : undefined}
        />
        <span className="rb-muted">and</span>
        <Field
          label={`Upper bound for ${info.label}`}
          field={{ text: highText, error: high.ok ? null : high.error, onText: (t) => edit('value2', t), onBlur: blur }}
          prefix={prefix}
          suffix={suffix}
          placeholder={placeholder}
          invalid={rangeError !== null}
          describedBy={rangeError ? rangeId : undefined}
        />
        {rangeError && (
          <span id={rangeId} role="alert" className="rb-error">
            {rangeError}
          </span>
        )}
      </>
    );
  } else if (arity === 'list') {
    const field = bindField(drafts, 'values', formatValueList(kind, node.values), (t) => parseValueList(kind, t, money), (v) => ({ ...node, values: v }), commit);
    values = <Field label={`Values for ${info.label}`} field={field} className="rb-list" inputMode="text" placeholder={kind === 'date' ? '2025-01-01, 2025-07-01' : 'e.g. 1, 2, 5'} />;
  } else if (arity === 1) {
    const field = bindField(drafts, 'value', formatThreshold(kind, node.value), parse, (v) => ({ ...node, value: v }), commit);
    values = <Field label={`Threshold for ${info.label}`} field={field} prefix={prefix} suffix={suffix} placeholder={placeholder} inputMode={kind === 'date' ? 'text' : 'decimal'} />;
  }

  return (
    <div className="rb-node rb-compare">
      <div className="rb-row">
        <MetricSelect
          label={`Metric for condition${path.length ? ` ${pathText(path)}` : ''}`}
          value={node.metric}
          ctx={ctx}
          selectRef={ctx.focusRef(node.id, 'first')}
          onPick={(m) => replace(changeComparisonMetric(node, kind, m))}
        />
        <OpSelect label={`Operator for ${info.label}`} op={node.op} ops={opsForKind(kind)} kind={kind} onPick={(op) => replace(changeComparisonOp(node, op, kind))} />
        {values}
        <NodeTools id={node.id} name={name} path={path} ctx={ctx} place={place} leaf />
      </div>
      <div className="rb-describe">{describeRequirement(node, ctx.lookup)}</div>
      {place === null && <RootLeafActions ctx={ctx} />}
    </div>
  );
}

/** A requirement that is a single leaf can grow into an "all of" group. */
function RootLeafActions({ ctx }: { ctx: Ctx }) {
  const noMetrics = ctx.metrics.length === 0;
  return (
    <div className="rb-actions">
      <button type="button" className="rb-small" disabled={noMetrics} onClick={() => ctx.addBesideRoot('condition')}>
        <Plus />
        Add condition
      </button>
      <button type="button" className="rb-small" onClick={() => ctx.addBesideRoot('group')}>
        <Plus />
        Add group
      </button>
      <button type="button" className="rb-small" disabled={noMetrics} onClick={() => ctx.addBesideRoot('points')}>
        <Plus />
        Add points
      </button>
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Points leaves

function parseLabel(text: string, required: boolean): Result<string | undefined> {
  const t = text.trim();
  if (!t) return required ? { ok: false, error: 'A label is required' } : { ok: true, value: undefined };
  if (t.length > 120) return { ok: false, error: 'At most 120 characters' };
  return { ok: true, value: t };
}

/** A per-unit rule counts units of its metric; dates and flags count plain units. */
function perKind(kind: MetricKind): MetricKind {
  return kind === 'date' || kind === 'boolean' ? 'number' : kind;
}

function PointsEditor({ node: leaf, path, ctx, place }: { node: PointsLeaf; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  const drafts = useDrafts(stableKey(leaf));
  const name = `points requirement${path.length ? ` ${pathText(path)}` : ''}`;
  const commit = (next: Requirement) => ctx.update(path, next);
  const replace = (next: PointsLeaf, keep: (key: string) => boolean = () => true) => {
    drafts.commit(stableKey(next), keep);
    commit(next);
  };
  const ruleKeys = keysOf(leaf.rules);
  const labelOf = new Map(leaf.rules.map((r) => [r.id, r.label]));

  const min = bindField(drafts, 'min', formatThreshold('number', leaf.min), (t) => parseBounded('number', t, { min: 0 }), (v) => ({ ...leaf, min: v ?? 0 }), commit);

  const addRule = () => {
    const metric = ctx.pickMetric(new Set(leaf.rules.map((r) => r.metric)));
    if (metric) replace(addPointsRule(leaf, newPointsRule(metric, ctx.newIds()('rule'))));
  };

  return (
    <div className="rb-node rb-points" role="group" aria-label={name}>
      <div className="rb-row">
        <span>At least</span>
        <Field label={`Minimum points for ${name}`} field={min} inputRef={ctx.focusRef(leaf.id, 'first')} />
        <span>points from these rules</span>
        <NodeTools id={leaf.id} name={name} path={path} ctx={ctx} place={place} leaf />
      </div>
      <table className="rb-table">
        <caption className="rb-sr-only">Points rules of {name}</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Metric</th>
            <th scope="col">Mode</th>
            <th scope="col">Points</th>
            <th scope="col">Per / when</th>
            <th scope="col">Cap</th>
            <th scope="col">
              <span className="rb-sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {leaf.rules.map((rule, i) => (
            <RuleRow key={ruleKeys[i]} rule={rule} index={i} leaf={leaf} drafts={drafts} ctx={ctx} commit={commit} replace={replace} />
          ))}
        </tbody>
      </table>
      <div className="rb-actions">
        <button type="button" className="rb-small" aria-label={`Add rule to ${name}`} disabled={leaf.rules.length >= MAX_RULES || ctx.metrics.length === 0} onClick={addRule}>
          <Plus />
          Add rule
        </button>
        <button
          type="button"
          className="rb-small"
          aria-label={`Add sub-minimum to ${name}`}
          disabled={leaf.subMinimums.length >= MAX_SUB_MINIMUMS}
          onClick={() => replace(addSubMinimum(leaf))}
        >
          <Plus />
          Add sub-minimum
        </button>
      </div>
      {leaf.subMinimums.length > 0 && (
        <ul className="rb-subs">
          {leaf.subMinimums.map((sub, i) => {
            const n = i + 1;
            const subMin = bindField(
              drafts,
              `sub:${i}:min`,
              formatThreshold('number', sub.min),
              (t) => parseBounded('number', t, { min: 0 }),
              (v) => replaceSubMinimum(leaf, i, { ...sub, min: v ?? 0 }),
              commit,
            );
            const subLabel = bindField(
              drafts,
              `sub:${i}:label`,
              sub.label ?? '',
              (t) => parseLabel(t, false),
              (v) => {
                const { label: _old, ...rest } = sub;
                return replaceSubMinimum(leaf, i, v === undefined ? rest : { ...rest, label: v });
              },
              commit,
            );
            return (
              <li key={i} className="rb-row rb-sub">
                <span>Of which at least</span>
                <Field label={`Minimum points of sub-minimum ${n}`} field={subMin} />
                <span>points from</span>
                <span className="rb-checks">
                  {leaf.rules.map((rule, r) => {
                    const checked = sub.rules.includes(rule.id);
                    const last = checked && sub.rules.length === 1;
                    return (
                      <label key={ruleKeys[r]} className="rb-check" title={last ? 'A sub-minimum counts at least one rule' : undefined}>
                        <input
                          type="checkbox"
                          checked={checked}
                          disabled={last}
                          aria-label={`${rule.label} counts toward sub-minimum ${n}`}
                          onChange={(e) => {
                            const chosen = new Set(sub.rules);
                            if (e.target.checked) chosen.add(rule.id);
                            else chosen.delete(rule.id);
                            const rules = leaf.rules.map((x) => x.id).filter((id, k, all) => chosen.has(id) && all.indexOf(id) === k);
                            if (rules.length) replace(replaceSubMinimum(leaf, i, { ...sub, rules }));
                          }}
                        />
                        {labelOf.get(rule.id) ?? rule.id}
                      </label>
                    );
                  })}
                </span>
                <span className="rb-muted">called</span>
                <Field label={`Label of sub-minimum ${n}`} field={subLabel} className="rb-text" inputMode="text" placeholder="label (optional)" />
                <button
                  type="button"
                  className="rb-icon rb-remove"
                  aria-label={`Remove sub-minimum ${n}`}
                  title="Remove"
                  onClick={() => replace(removeSubMinimum(leaf, i), (k) => !k.startsWith('sub:'))}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="rb-describe">{describeRequirement(leaf, ctx.lookup)}</div>
      {place === null && <RootLeafActions ctx={ctx} />}
    </div>
  );
}

function RuleRow({
  rule,
  index,
  leaf,
  drafts,
  ctx,
  commit,
  replace,
}: {
  rule: PointsRule;
  index: number;
  leaf: PointsLeaf;
  drafts: Drafts;
  ctx: Ctx;
  commit: (next: Requirement) => void;
  replace: (next: PointsLeaf, keep?: (key: string) => boolean) => void;
}) {
  const info = ctx.lookup(rule.metric);
  const kind = info.kind;
  const k = (field: string) => `rule:${rule.id}:${field}`;
  const mine = (key: string) => key.startsWith(`rule:${rule.id}:`);
  const set = (next: PointsRule) => replacePointsRule(leaf, next);
  const withField = (key: 'per' | 'value' | 'cap', v: number | undefined): PointsRule => {
    const copy: PointsRule = { ...rule };
    if (v === undefined) delete copy[key];
    else copy[key] = v;
    return copy;
  };
  const labelField = bindField(drafts, k('label'), rule.label, (t) => parseLabel(t, true), (v) => set({ ...rule, label: v ?? rule.label }), commit);
  const points = bindField(drafts, k('points'), formatThreshold('number', rule.points), (t) => parseBounded('number', t, { min: 0, max: 1e9 }), (v) => set({ ...rule, points: v ?? 0 }), commit);
  const cap = bindField(drafts, k('cap'), formatThreshold('number', rule.cap), (t) => parseBounded('number', t, { min: 0, optional: true }), (v) => set(withField('cap', v)), commit);
  const who = rule.label;
  const { prefix, suffix, placeholder } = affixes(kind, info.unit);
  const money = currencyOf(info.unit);

  let when: ReactNode;
  if (rule.mode === 'perUnit') {
    const pk = perKind(kind);
    const per = bindField(drafts, k('per'), formatThreshold(pk, rule.per), (t) => parseBounded(pk, t, { positive: true, optional: true }, money), (v) => set(withField('per', v)), commit);
    const a = affixes(pk, info.unit);
    when = (
      <span className="rb-row">
        <span className="rb-muted">per</span>
        <Field label={`Unit of ${info.label} for ${who}`} field={per} prefix={a.prefix} suffix={a.suffix} placeholder={formatThreshold(pk, 1)} />
      </span>
    );
  } else {
    const op = rule.op ?? 'isTrue';
    const value = ruleOpNeedsValue(op)
      ? bindField(drafts, k('value'), formatThreshold(kind, rule.value), (t) => parseThreshold(kind, t, money), (v) => set({ ...rule, value: v }), commit)
      : null;
    when = (
      <span className="rb-row">
        <OpSelect label={`Condition of ${who}`} op={op} ops={ruleOpsForKind(kind)} kind={kind} onPick={(o) => replace(set(changeRuleOp(rule, o, kind)), (key) => !key.startsWith(k('value')))} />
        {value && <Field label={`Threshold of ${who}`} field={value} prefix={prefix} suffix={suffix} placeholder={placeholder} />}
      </span>
    );
  }

  return (
    <tr>
      <td>
        <Field label={`Label of rule ${index + 1}`} field={labelField} className="rb-text" inputMode="text" />
      </td>
      <td>
        <MetricSelect label={`Metric of ${who}`} value={rule.metric} ctx={ctx} onPick={(m) => replace(set(changeRuleMetric(rule, info, m)), (key) => !mine(key) || key === k('label'))} />
      </td>
      <td>
        <select
          aria-label={`Mode of ${who}`}
          value={rule.mode}
          onChange={(e) => replace(set(changeRuleMode(rule, e.target.value === 'fixed' ? 'fixed' : 'perUnit', kind)), (key) => !mine(key) || key === k('label'))}
        >
          <option value="perUnit">per unit</option>
          <option value="fixed">fixed</option>
        </select>
      </td>
      <td>
        <Field label={`Points of ${who}`} field={points} className="rb-num rb-narrow" />
      </td>
      <td>{when}</td>
      <td>
        <Field label={`Cap of ${who}`} field={cap} className="rb-num rb-narrow" placeholder="none" />
      </td>
      <td>
        <button
          type="button"
          className="rb-icon rb-remove"
          aria-label={`Remove rule ${who}`}
          title={leaf.rules.length <= 1 ? 'A points requirement needs one rule' : 'Remove'}
          disabled={leaf.rules.length <= 1}
          onClick={() => replace(removePointsRule(leaf, rule.id), (key) => !mine(key) && !key.startsWith('sub:'))}
        >
          ✕
        </button>
      </td>
    </tr>
  );
}
