/** The window's areas, each with its shortcut and, for partners and scenarios, how many there are. */
import { formatCount } from '../../../shared/model/format';
import { selectDataset, useStore } from '../stores/store';
import { VIEWS, type View } from '../stores/ui.slice';

export const VIEW_LABELS: Record<View, string> = { partners: 'Partners', scenarios: 'Scenarios', compare: 'Compare' };

const SHORT_COUNT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function Sidebar() {
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  const dataset = useStore(selectDataset);
  const scenarioCount = useStore((s) => s.workspace?.scenarios.length ?? 0);
  const badge: Record<View, string> = {
    // from 100,000 partners on in short ("1M", the whole count in its tooltip): the badge fits beside the area's name
    partners: dataset ? (dataset.partnerCount >= 100_000 ? SHORT_COUNT.format(dataset.partnerCount) : formatCount(dataset.partnerCount)) : '',
    scenarios: scenarioCount ? String(scenarioCount) : '',
    compare: '',
  };
  return (
    <nav className="sidebar" aria-label="Areas">
      {VIEWS.map((v, i) => (
        <button
          key={v}
          type="button"
          className={v === view ? 'nav-item active' : 'nav-item'}
          aria-current={v === view ? 'page' : undefined}
          onClick={() => setView(v)}
          title={`${VIEW_LABELS[v]} (Ctrl+${i + 1})`}
        >
          <span>{VIEW_LABELS[v]}</span>
          {badge[v] && (
            <span className="badge" data-testid={`nav-badge-${v}`} title={v === 'partners' && dataset ? `${formatCount(dataset.partnerCount)} partners` : undefined}>
              {badge[v]}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
