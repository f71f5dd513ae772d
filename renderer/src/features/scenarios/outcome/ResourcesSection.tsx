/** DESIGN D7.3: hours, MDF and margin against capacity and budget; cost and shares per tier. */
import type { Resources } from '../../../../../shared/engine';
import { formatCount, formatMoney, formatShare } from '../../../../../shared/model/format';
import type { Assumptions } from '../../../../../shared/model/scenario';
import { rowKey, rowLabel, TableHead, type TierIndex } from '../../../components/outcome/common';

const hours = (n: number) => `${formatCount(n)} h`;

interface MeterProps {
  id: string;
  label: string;
  used: number;
  /** from the outcome: null = not set, Infinity = 0 and used */
  utilisation: number | null;
  /** from the scenario (the outcome may lag behind it while it updates) */
  available: number | null;
  format: (n: number) => string;
  /** 'capacity' for hours, 'budget' for money */
  noun: 'capacity' | 'budget';
}

/** "used of available (x %)", with the over-budget, unset and zero states. */
export function UsageMeter({ id, label, used, utilisation, available, format, noun }: MeterProps) {
  let text: string;
  let note: string | null = null;
  let over = false;
  let fill = 0;
  if (utilisation === null) {
    text = `${format(used)} used`;
    note = `no ${noun} set`;
  } else if (!Number.isFinite(utilisation)) {
    over = true;
    fill = 1;
    text = `${format(used)} used`;
    note = `${noun} is 0 · over by ${format(used)}`;
  } else {
    // what the outcome was measured against; the scenario's figure when nothing is used
    const of = utilisation > 0 ? used / utilisation : (available ?? 0);
    text = `${format(used)} of ${format(of)} (${formatShare(utilisation)})`;
    fill = Math.min(1, utilisation);
    if (utilisation > 1) {
      over = true;
      note = `over by ${format(used - of)}`;
    }
  }
  const labelId = `${id}-label`;
  return (
    <div className={`op-meter${over ? ' op-over' : ''}`} data-testid={id}>
      <div className="op-meter-head">
        <span id={labelId} className="op-meter-label">
          {label}
        </span>
        <span className="op-num">{text}</span>
      </div>
      <div
        className="op-meter-track"
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fill * 100)}
        aria-valuetext={note ? `${text}, ${note}` : text}
      >
        {utilisation !== null && <div className="op-meter-fill" style={{ width: `${fill * 100}%` }} />}
      </div>
      {note && <div className={over ? 'op-over-text' : 'op-muted'}>{note}</div>}
    </div>
  );
}

export function ResourcesSection({ resources, assumptions, partnerCount, index }: { resources: Resources; assumptions: Assumptions; partnerCount: number; index: TierIndex }) {
  const { totals, utilisation } = resources;
  // money is in the list's currency, as the engine says
  const money = (n: number) => formatMoney(n, resources.currency);
  return (
    <section className="op-section" aria-label="Resources">
      <h3 className="op-h">Resources vs capacity and budget</h3>
      <div className="op-meters">
        <UsageMeter id="op-meter-hours" label="Partner-manager hours" used={totals.hours} utilisation={utilisation.hours} available={assumptions.capacityHours} format={hours} noun="capacity" />
        <UsageMeter id="op-meter-mdf" label="MDF" used={totals.mdf} utilisation={utilisation.mdf} available={assumptions.mdfBudget} format={money} noun="budget" />
        <UsageMeter id="op-meter-margin" label="Margin" used={totals.margin} utilisation={utilisation.margin} available={assumptions.marginBudget} format={money} noun="budget" />
      </div>
      <div className="op-scroll">
        <table className="op-table" aria-label="Cost per tier, per year" data-testid="resources-table">
          <TableHead first="Tier" numbers={['Partners', 'Hours', 'MDF', 'Fixed', 'Margin', 'Cost']} />
          <tbody>
            {resources.tiers.map((row) => (
              <tr key={rowKey(row)}>
                <th scope="row">{rowLabel(row, index)}</th>
                <td className="op-num">{formatCount(row.partners)}</td>
                <td className="op-num">{formatCount(row.hours)}</td>
                <td className="op-num">{money(row.mdf)}</td>
                <td className="op-num">{money(row.fixed)}</td>
                <td className="op-num">{money(row.margin)}</td>
                <td className="op-num">{money(row.cost)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="op-num">{formatCount(partnerCount)}</td>
              <td className="op-num">{formatCount(totals.hours)}</td>
              <td className="op-num">{money(totals.mdf)}</td>
              <td className="op-num">{money(totals.fixed)}</td>
              <td className="op-num">{money(totals.margin)}</td>
              <td className="op-num" data-testid="resources-total-cost">
                {money(totals.mdf + totals.fixed + totals.margin)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <table className="op-table" aria-label="Each tier's share of partners, cost, value and hours">
        <TableHead first="Share of" numbers={['Partners', 'Cost', 'Value', 'Hours']} />
        <tbody>
          {resources.tiers.map((row) => (
            <tr key={rowKey(row)}>
              <th scope="row">{rowLabel(row, index)}</th>
              <td className="op-num">{formatShare(row.partnerShare)}</td>
              <td className="op-num">{formatShare(row.costShare)}</td>
              <td className="op-num">{formatShare(row.valueShare)}</td>
              <td className="op-num">{formatShare(row.hoursShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
