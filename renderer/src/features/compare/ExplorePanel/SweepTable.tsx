/**
 * The numbers behind the sensitivity chart (DESIGN D8.3): partners per tier and cost at each
 * swept value, each row with an Apply that sets the threshold there (Undo takes it back).
 */
import { formatCount, formatMetricValue, formatMoney } from '../../../../../shared/model/format';
import type { MetricKind } from '../../../../../shared/model/workspace';
import { useStore } from '../../../stores/store';

export function SweepTable({
  tierId,
  sweep,
  kind,
  unit,
  currency,
  current,
  onApply,
  onUndo,
}: {
  /** the tier whose threshold is swept */
  tierId: string;
  sweep: NonNullable<ReturnType<typeof useStore.getState>['sweep']>;
  kind: MetricKind;
  unit: string | null;
  /** the cost's (the list's) */
  currency: string;
  current: number;
  onApply: (value: number) => void;
  onUndo: () => void;
}) {
  const tiers = sweep.points[0]?.tiers ?? [];
  return (
    <details className="cmp-sweep-table">
      <summary>The numbers behind the chart</summary>
      <div className="row">
        <button type="button" onClick={onUndo}>
          Undo
        </button>
      </div>
      <table className="cmp-table" data-testid="sweep-table" data-threshold-tier={tierId}>
        <thead>
          <tr>
            <th scope="col">Threshold</th>
            {tiers.map((t) => (
              <th key={t.tierId ?? 'untiered'} scope="col" className="cmp-num">
                {t.tier ?? 'Untiered'}
              </th>
            ))}
            <th scope="col" className="cmp-num">
              Cost
            </th>
            <th scope="col">
              <span className="cmp-sr">Apply</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sweep.points.map((p, i) => (
            <tr key={i} className={p.value === current ? 'cmp-current' : undefined} data-testid={`sweep-row-${i}`} data-value={p.value}>
              <th scope="row">{formatMetricValue(kind, p.value, unit)}</th>
              {p.tiers.map((t) => (
                <td key={t.tierId ?? 'untiered'} className="cmp-num" data-tier={t.tierId ?? 'untiered'}>
                  {formatCount(t.count)}
                </td>
              ))}
              <td className="cmp-num">{formatMoney(p.cost, currency)}</td>
              <td>
                <button type="button" className="link" onClick={() => onApply(p.value)} disabled={p.value === current}>
                  Apply<span className="cmp-sr"> {formatMetricValue(kind, p.value, unit)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
