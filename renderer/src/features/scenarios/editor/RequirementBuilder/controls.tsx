/**
 * The controls the requirement builder's node editors share (DESIGN D4): a node's tools
 * (move, group, remove), the actions of a root leaf, a threshold's text input with its
 * affixes and inline problem (its text is components/field-text's), and the metric and
 * operator selects.
 */
import { useId } from 'react';
import { currencyCode, currencySymbol, DEFAULT_CURRENCY } from '../../../../../../shared/model/currency';
import { METRIC_KIND_INFO } from '../../../../../../shared/model/metric-kinds';
import type { ComparisonOp } from '../../../../../../shared/model/operators';
import type { MetricDef, MetricKind } from '../../../../../../shared/model/workspace';
import { typedInput, type BoundText } from '../../../../components/field-text';
import { MAX_DEPTH, type GroupType, type RequirementPath } from '../../../../lib/requirement-edit';
import { opWords } from '../../../../../../shared/model/operators';
import type { Ctx, Place } from './tree';

/** The "+" of the add buttons, not read out (the button's name is "Add condition"). */
export function Plus() {
  return <span aria-hidden="true">+ </span>;
}

/** Move up / down, put in a group, remove: the buttons every non-root node has (a root leaf: remove only). */
export function NodeTools({ id, name, path, ctx, place, leaf }: { id: string; name: string; path: RequirementPath; ctx: Ctx; place: Place | null; leaf: boolean }) {
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

/** A requirement that is a single leaf can grow into an "all of" group. */
export function RootLeafActions({ ctx }: { ctx: Ctx }) {
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

/** The currency of a metric's amounts (an ISO code): the one its unit names, else US dollars. */
export function currencyOf(unit: string | null): string {
  return currencyCode(unit) ?? DEFAULT_CURRENCY;
}

/** A threshold input's affixes: its kind's (shared/model/metric-kinds.ts), with the metric's currency symbol or unit. */
export function affixes(kind: MetricKind, unit: string | null): { prefix?: string; suffix?: string; placeholder?: string } {
  const { prefix, suffix, placeholder } = METRIC_KIND_INFO[kind].input;
  const out: { prefix?: string; suffix?: string; placeholder?: string } = {};
  if (prefix === 'currency') out.prefix = currencySymbol(currencyOf(unit));
  if (suffix === '%') out.suffix = '%';
  else if (suffix === 'unit' && unit) out.suffix = unit;
  if (placeholder !== undefined) out.placeholder = placeholder;
  return out;
}

/** A text input with its affixes and its inline problem. */
export function Field({
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
  field: Pick<BoundText<unknown>, 'text' | 'error' | 'onText' | 'onBlur'>;
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
        {...typedInput(fieldId, field)}
        type="text"
        className={className}
        aria-label={label}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={ids || undefined}
        ref={inputRef}
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

export function MetricSelect({ label, value, ctx, onPick, selectRef }: { label: string; value: string; ctx: Ctx; onPick: (m: MetricDef) => void; selectRef?: (el: HTMLElement | null) => void }) {
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

export function OpSelect({ label, op, ops, kind, onPick }: { label: string; op: ComparisonOp; ops: readonly ComparisonOp[]; kind: MetricKind; onPick: (op: ComparisonOp) => void }) {
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
