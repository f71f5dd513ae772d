/**
 * The threshold drag of the sensitivity sweep (DESIGN D8.3): a slider over the sweep's range
 * whose values the engine worker previews, set where it is let go.
 */
import { useEffect, useId, useRef } from 'react';
import type { ThresholdRef } from '../../../../../shared/engine';
import { formatCount, formatDelta, formatMetricValue, formatMoney } from '../../../../../shared/model/format';
import type { MetricKind } from '../../../../../shared/model/workspace';
import { dragStep, snapToStep, type SweepRange } from '../../../stores/sweep-range';
import { useStore } from '../../../stores/store';

/**
 * A slider over the sweep's range: dragging it previews each value in the engine worker
 * (partners per tier of the ladder and total cost, against the value it started from), and
 * letting go sets the threshold there, one edit Ctrl+Z takes back. Escape drops the drag.
 */
export function ThresholdDrag({
  thresholdRef,
  range,
  kind,
  unit,
  currency,
  current,
}: {
  thresholdRef: ThresholdRef;
  range: SweepRange;
  kind: MetricKind;
  unit: string | null;
  /** the total cost's (the list's) */
  currency: string;
  current: number;
}) {
  const drag = useStore((s) => s.drag);
  const dragThreshold = useStore((s) => s.dragThreshold);
  const endDrag = useStore((s) => s.endDrag);
  const input = useRef<HTMLInputElement>(null);
  const outputId = useId();
  const low = Math.min(range.from, range.to);
  const high = Math.max(range.from, range.to);
  const step = dragStep(range);
  const mine = drag && drag.ref === thresholdRef ? drag : null;
  // the slider sits at the range's end for a threshold outside it (goal seek may put it there); the label says the truth
  const shown = mine ? mine.value : current;
  const value = Math.min(high, Math.max(low, shown));
  const outside = !mine && (current < low || current > high);

  // the browser's change event fires where a pointer lets go (and on each key step): keep the value there
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const keep = () => endDrag(true);
    element.addEventListener('change', keep);
    return () => element.removeEventListener('change', keep);
  }, [endDrag]);
  // a drag left behind (another threshold, another tab) is dropped
  useEffect(() => () => endDrag(false), [thresholdRef, endDrag]);

  const text = (v: number) => formatMetricValue(kind, v, unit);
  return (
    <div className="cmp-drag">
      <label className="inline-field cmp-drag-field">
        <span>Drag the threshold</span>
        <input
          ref={input}
          type="range"
          aria-label="Drag the threshold"
          aria-describedby={outputId}
          aria-valuetext={outside ? `${text(shown)}, outside the range` : text(value)}
          min={low}
          max={high}
          step={step}
          value={value}
          onChange={(e) => dragThreshold(thresholdRef, snapToStep(Number(e.target.value), step))}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && mine) {
              e.preventDefault();
              endDrag(false);
            }
          }}
        />
        <strong className="cmp-drag-value" data-testid="drag-value">
          {text(shown)}
        </strong>
        {outside && <span className="muted small">outside the range</span>}
      </label>
      <output id={outputId} className="cmp-drag-out" data-testid="drag-outcome" aria-live="polite">
        {mine?.error ? (
          <span className="field-error">{mine.error}</span>
        ) : mine?.point && mine.base ? (
          <>
            At <strong>{text(mine.point.value)}</strong> (now {text(mine.from)}):{' '}
            {mine.point.tiers.map((t, i) => {
              const delta = t.count - (mine.base!.tiers[i]?.count ?? 0);
              return (
                <span key={t.tierId ?? 'untiered'} className="cmp-drag-tier" data-tier={t.tierId ?? 'untiered'}>
                  {t.tier ?? 'Untiered'} <strong>{formatCount(t.count)}</strong>
                  {delta !== 0 && <span className={delta > 0 ? 'cmp-up' : 'cmp-down'}> ({formatDelta('count', delta)})</span>}
                </span>
              );
            })}
            <span className="cmp-drag-tier">
              total cost <strong>{formatMoney(mine.point.cost, currency)}</strong>
              {mine.point.cost !== mine.base.cost && <span> ({formatDelta('currency', mine.point.cost - mine.base.cost, currency)})</span>}
            </span>
            {mine.ms !== null && (
              <span className="muted small cmp-drag-tier" data-testid="drag-ms" data-ms={mine.ms}>
                {Math.round(mine.ms)} ms in the engine
              </span>
            )}
          </>
        ) : mine ? (
          <span className="muted">Computing {text(mine.value)}…</span>
        ) : (
          <span className="muted">Drag to see partners per tier and cost at any value; it is set where you let go (Esc cancels).</span>
        )}
      </output>
    </div>
  );
}
