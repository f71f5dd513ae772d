/**
 * Compare and explore (DESIGN D8): scenarios side by side, a threshold's sensitivity and
 * goal seek, design to a target, cycle replay — and presentation mode for workshops.
 */
import type { CompareTab } from '../../stores/compare.slice';
import { useStore } from '../../stores/store';
import { DesignPanel } from './DesignPanel';
import { ExplorePanel } from './ExplorePanel';
import { Presentation } from './Presentation';
import { ReplayPanel } from './ReplayPanel';
import { SideBySide } from './SideBySide';
import './compare.css';

const TABS: { id: CompareTab; label: string }[] = [
  { id: 'side', label: 'Side by side' },
  { id: 'explore', label: 'Sensitivity & goal seek' },
  { id: 'target', label: 'Design to target' },
  { id: 'replay', label: 'Cycle replay' },
];

export function CompareView() {
  const tab = useStore((s) => s.compareTab);
  const setTab = useStore((s) => s.setCompareTab);
  const presenting = useStore((s) => s.presenting);
  const enterPresentation = useStore((s) => s.enterPresentation);
  const canPresent = useStore((s) => s.comparison !== null);
  const openExport = useStore((s) => s.openExport);
  return (
    <section className="view compare" aria-labelledby="compare-title">
      <header className="view-header">
        <div className="view-title">
          <h1 id="compare-title">Compare</h1>
          <p className="muted small">Which design can the program afford and defend?</p>
        </div>
        <div className="view-actions">
          <button type="button" onClick={openExport} title="The compared scenarios as an Excel workbook for leadership (Ctrl+E)" data-testid="compare-export">
            Export workbook…
          </button>
          <button type="button" className="primary" onClick={enterPresentation} disabled={!canPresent} title="Present the comparison full screen (F5); Esc leaves">
            Present
          </button>
        </div>
      </header>
      <div role="tablist" aria-label="Ways to compare" className="wb-tabs">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`cmp-tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`cmp-panel-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`cmp-panel-${tab}`} aria-labelledby={`cmp-tab-${tab}`} className="cmp-panel">
        {tab === 'side' && <SideBySide />}
        {tab === 'explore' && <ExplorePanel />}
        {tab === 'target' && <DesignPanel />}
        {tab === 'replay' && <ReplayPanel />}
      </div>
      {presenting && <Presentation />}
    </section>
  );
}
