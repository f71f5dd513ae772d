/**
 * Who moves where in one scenario: a Sankey from each partner's tier today — the list's own
 * label, "Gold (today)" / "No current tier" — (left) to its new tier (right, "Specialist" /
 * "Untiered"). Nodes take the colour of the tier they are placed on (its ladder's, unless
 * another tier of the chart looks the same: chartKit `chartTierColors`), flows blend from→to;
 * both columns list the top tier first (ladder by ladder), no tier last.
 */
import { Chart, LinearScale, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import { Flow, SankeyController, type SankeyDataPoint } from 'chartjs-chart-sankey';
import { useMemo } from 'react';
import type { FlowEnd, MovementFlow, LadderInfo } from '../../../../../shared/engine';
import { formatCount, formatShare } from '../../../../../shared/model/format';
import { ambiguousTierNames, chartBox, fontSizes, INK_COLOR, useChart } from '../../../lib/chartKit';
import { chartTierColors, tierColor, UNTIERED_COLOR } from '../../../components/colors';

Chart.register(SankeyController, Flow, LinearScale, Tooltip);

export interface FlowChartData {
  /** the plugin's data, one point per (from node, to node), its flows summed */
  flows: SankeyDataPoint[];
  /** node key → label */
  labels: Record<string, string>;
  /** node key → tier colour */
  colors: Record<string, string>;
  /** node key → column: 0 current tiers, 1 new tiers */
  column: Record<string, number>;
  /** node key → order in its column, 0 at the top */
  priority: Record<string, number>;
}

type Side = 'from' | 'to';

const nodeKey = (side: Side, end: FlowEnd) =>
  `${side}:${end.ladderId !== null && end.tierId !== null ? `${end.ladderId}/${end.tierId}` : 'none'}${side === 'from' && end.today !== null ? `:${end.today}` : ''}`;

export function flowChartData(flows: readonly MovementFlow[], ladders: readonly LadderInfo[]): FlowChartData {
  const ambiguous = ambiguousTierNames(ladders);
  const tierColors = chartTierColors(ladders);
  const labels: Record<string, string> = {};
  const colors: Record<string, string> = {};
  const column: Record<string, number> = {};
  const rank = new Map<string, [number, number, number]>(); // key → (ladder index, -level, order of arrival): sorts top tier first, no tier last
  const sums = new Map<string, SankeyDataPoint>();
  // today's labels found under more than one ladder are named with their ladder
  const todayLadders = new Map<string, Set<string | null>>();
  for (const f of flows) if (f.from.today !== null) todayLadders.set(f.from.today, (todayLadders.get(f.from.today) ?? new Set()).add(f.from.ladderId ?? f.to.ladderId));

  const node = (side: Side, end: FlowEnd): string => {
    const key = nodeKey(side, end);
    if (key in labels) return key;
    const tiered = end.ladderId !== null && end.tierId !== null;
    const ladderIndex = ladders.findIndex((l) => l.id === end.ladderId);
    const ladder = ladders[ladderIndex];
    const name = end.tier ?? ladder?.tiers.find((t) => t.id === end.tierId)?.name ?? end.tierId ?? '';
    const named = ladder && ambiguous.has(name) ? `${name} · ${ladder.name}` : name;
    if (side === 'from' && end.today !== null) {
      const several = (todayLadders.get(end.today)?.size ?? 0) > 1 && ladder;
      labels[key] = `${end.today} (today)${several ? ` · ${ladder.name}` : ''}`;
    } else labels[key] = tiered ? (side === 'from' ? `${named} (today)` : named) : side === 'from' ? 'No current tier' : 'Untiered';
    colors[key] = tiered ? tierColor(tierColors, end.ladderId, end.tierId) : UNTIERED_COLOR;
    column[key] = side === 'from' ? 0 : 1;
    rank.set(key, tiered ? [ladderIndex < 0 ? ladders.length : ladderIndex, -end.level, rank.size] : [ladders.length + 1, 0, end.today === null ? 1e9 : rank.size]);
    return key;
  };

  for (const f of flows) {
    if (f.count <= 0) continue;
    const from = node('from', f.from);
    const to = node('to', f.to);
    const pair = `${from}\u0000${to}`;
    const existing = sums.get(pair);
    if (existing) existing.flow += f.count;
    else sums.set(pair, { from, to, flow: f.count });
  }

  const priority: Record<string, number> = {};
  for (const side of [0, 1]) {
    const keys = Object.keys(column).filter((k) => column[k] === side);
    keys.sort((a, b) => {
      const [la, va, oa] = rank.get(a)!;
      const [lb, vb, ob] = rank.get(b)!;
      return la - lb || va - vb || oa - ob;
    });
    keys.forEach((k, i) => (priority[k] = i));
  }
  return { flows: [...sums.values()], labels, colors, column, priority };
}

export interface FlowChartProps {
  flows: MovementFlow[];
  ladders: LadderInfo[];
  /** shown above the chart (the scenario's name) */
  title: string;
  large?: boolean;
}

export function FlowChart({ flows, ladders, title, large = false }: FlowChartProps) {
  const data = useMemo(() => flowChartData(flows, ladders), [flows, ladders]);
  const config = useMemo((): ChartConfiguration<'sankey', SankeyDataPoint[]> => {
    const f = fontSizes(large);
    const { labels, colors } = data;
    const outOf = new Map<string, number>();
    for (const p of data.flows) outOf.set(p.from, (outOf.get(p.from) ?? 0) + p.flow);
    const label = (item: TooltipItem<'sankey'>) => {
      const p = item.raw as SankeyDataPoint;
      const total = outOf.get(p.from) ?? 0;
      return `${labels[p.from] ?? p.from} → ${labels[p.to] ?? p.to}: ${formatCount(p.flow)}${total > 0 ? ` (${formatShare(p.flow / total)} of ${labels[p.from] ?? p.from})` : ''}`;
    };
    return {
      type: 'sankey',
      data: {
        datasets: [
          {
            label: title,
            data: data.flows,
            labels,
            column: data.column,
            priority: data.priority,
            // no data point when the options are resolved for an empty chart
            colorFrom: (ctx) => colors[(ctx.raw as SankeyDataPoint | undefined)?.from ?? ''] ?? UNTIERED_COLOR,
            colorTo: (ctx) => colors[(ctx.raw as SankeyDataPoint | undefined)?.to ?? ''] ?? UNTIERED_COLOR,
            colorMode: 'gradient',
            borderWidth: 0,
            nodeWidth: large ? 18 : 10,
            nodePadding: large ? 28 : 14,
            nodeMinSize: large ? 4 : 2,
            color: INK_COLOR,
            font: { size: f.ticks },
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { title: () => '', label } },
        },
      },
    };
  }, [data, title, large]);
  const canvasRef = useChart(config);

  const f = fontSizes(large);
  const rows = Math.max(1, ...[0, 1].map((side) => Object.values(data.column).filter((c) => c === side).length));
  const height = (large ? 2 : 1) * (40 + Math.max(140, rows * 40));
  return (
    <figure style={{ margin: 0, minWidth: 0 }}>
      <figcaption style={{ fontSize: f.title, fontWeight: 600, marginBottom: large ? 12 : 4 }}>{title}</figcaption>
      <div style={chartBox(height)}>
        <canvas ref={canvasRef} role="img" aria-label={`${title}: partners from their current tier to their new tier`} />
      </div>
      {/* the flows as a table, for screen readers (a canvas says nothing) */}
      <table className="cmp-sr" data-testid="flow-table">
        <caption>{title}: partners from their tier today to their new tier</caption>
        <thead>
          <tr>
            <th scope="col">Tier today</th>
            <th scope="col">Ladder</th>
            <th scope="col">New tier</th>
            <th scope="col">Partners</th>
          </tr>
        </thead>
        <tbody>
          {flows
            .filter((f) => f.count > 0)
            .map((f, i) => (
              <tr key={i}>
                <td>{f.from.today ?? f.from.tier ?? 'No current tier'}</td>
                <td>{ladders.find((l) => l.id === (f.to.ladderId ?? f.from.ladderId))?.name ?? ''}</td>
                <td>{f.to.tier ?? 'Untiered'}</td>
                <td>{f.count}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
