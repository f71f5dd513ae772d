/** DESIGN D7.2: value per tier and the share held by the top 5 % / 20 % of partners. */
import type { ValueConcentration } from '../../../../../shared/engine';
import type { MetricLookup } from '../../../../../shared/model/describe';
import { countOf, formatCount, formatMetricValue, formatShare, plural } from '../../../../../shared/model/format';
import { rowKey, rowLabel, TableHead, type TierIndex } from '../../../components/outcome/common';

export function ValueSection({ value, lookup, index }: { value: ValueConcentration; lookup: MetricLookup; index: TierIndex }) {
  if (value.metric === null) {
    return (
      <section className="op-section" aria-label="Value concentration">
        <h3 className="op-h">Value concentration</h3>
        <p className="op-muted">No value metric set: choose one in the assumptions to see value per tier and its concentration.</p>
      </section>
    );
  }
  const metric = lookup(value.metric);
  const v = (n: number) => formatMetricValue(metric.kind, n, metric.unit);
  return (
    <section className="op-section" aria-label="Value concentration">
      <h3 className="op-h">
        Value concentration <span className="op-muted">· {metric.label}</span>
      </h3>
      <dl className="op-facts">
        <dt>
          Top 5 % ({countOf(value.top5Count, 'partner')}) {plural(value.top5Count, 'holds', 'hold')}
        </dt>
        <dd className="op-num" data-testid="value-top5">
          {formatShare(value.top5Share)}
        </dd>
        <dt>
          Top 20 % ({countOf(value.top20Count, 'partner')}) {plural(value.top20Count, 'holds', 'hold')}
        </dt>
        <dd className="op-num" data-testid="value-top20">
          {formatShare(value.top20Share)}
        </dd>
        <dt>Total</dt>
        <dd className="op-num">{v(value.total)}</dd>
      </dl>
      {value.noData > 0 && <p className="op-muted">{countOf(value.noData, 'partner')} {plural(value.noData, 'has', 'have')} no data for {metric.label} (counted as 0).</p>}
      <div className="op-scroll">
        <table className="op-table" aria-label="Value per tier">
          <TableHead first="Tier" numbers={['Partners', 'Value', 'Share']} />
          <tbody>
            {value.tiers.map((row) => (
              <tr key={rowKey(row)}>
                <th scope="row">{rowLabel(row, index)}</th>
                <td className="op-num">{formatCount(row.partners)}</td>
                <td className="op-num">{v(row.value)}</td>
                <td className="op-num">{formatShare(row.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
