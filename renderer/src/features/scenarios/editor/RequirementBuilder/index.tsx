/**
 * The requirement builder (DESIGN D4): a program lead edits a tier's requirement — a tree of
 * "all of" / "any of" groups, comparisons on metrics and points leaves — with native
 * controls only. Every valid edit calls `onChange` at once with a new immutable tree; a
 * threshold that cannot be read keeps the user's text in its input with an inline message
 * (aria-invalid + role="alert") and nothing is reported until the text is valid again.
 *
 * This file is the builder's frame; tree.ts is its controller (edits and focus), and
 * GroupEditor.tsx, ComparisonEditor.tsx and PointsEditor.tsx edit the nodes.
 */
import { describeRequirement } from '../../../../../../shared/model/describe';
import type { Requirement } from '../../../../../../shared/model/scenario';
import type { MetricDef } from '../../../../../../shared/model/workspace';
import { NodeEditor } from './GroupEditor';
import { EMPTY_FOCUS, useRequirementTree } from './tree';
import '../requirement-builder.css';

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

export function RequirementBuilder({ value, onChange, metrics, usedIds, label, emptyText = 'No requirements' }: RequirementBuilderProps) {
  const { ctx, startWith } = useRequirementTree({ value, onChange, metrics, usedIds, label });

  const noMetrics = ctx.metrics.length === 0;
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
            {describeRequirement(value, ctx.lookup)}
          </p>
        </>
      )}
    </fieldset>
  );
}
