/**
 * Presentation mode for workshops (SPEC S10): the comparison full screen in large type,
 * no editing chrome. ←/→ step through the sections, ↑/↓ bring each scenario forward in turn
 * (the movement section then shows its flows alone), Esc leaves.
 */
import { useEffect, useRef } from 'react';
import { PRESENT_SECTIONS, planComparison, type PresentSection } from '../../stores/compare.slice';
import { useStore } from '../../stores/store';
import { CompareDistributionChart } from './charts/CompareDistributionChart';
import { CoverageChart } from './charts/CoverageChart';
import { FlowChart } from './charts/FlowChart';
import { ResourcesChart } from './charts/ResourcesChart';
import { KpiTable } from './KpiTable';
import { FitWarnings } from './FitWarnings';

const TITLES: Record<PresentSection, string> = {
  kpis: 'Key figures',
  distribution: 'Partners per tier',
  resources: 'Cost against capacity and budget',
  coverage: 'Conflict-rule coverage',
  movement: 'Movement from today’s tiers',
};

/** What a key does in presentation mode: [sections, scenarios] to step, 'leave', or null (not ours). */
export function presentationKey(key: string): [number, number] | 'leave' | null {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return [1, 0];
    case 'ArrowLeft':
    case 'PageUp':
      return [-1, 0];
    case 'ArrowDown':
      return [0, 1];
    case 'ArrowUp':
      return [0, -1];
    case 'Home':
      return [-PRESENT_SECTIONS.length, 0];
    case 'End':
      return [PRESENT_SECTIONS.length, 0];
    case 'Escape':
      return 'leave';
    default:
      return null;
  }
}

export function Presentation() {
  const comparison = useStore((s) => s.comparison);
  const section = PRESENT_SECTIONS[useStore((s) => s.presentSection)] ?? 'kpis';
  const scenario = useStore((s) => s.presentScenario);
  const leave = useStore((s) => s.leavePresentation);
  const step = useStore((s) => s.stepPresentation);
  const why = useStore((s) => {
    const plan = planComparison(s.workspace?.datasets ?? [], s.workspace?.scenarios ?? [], s.comparedIds ?? [], s.compareDatasetId);
    return plan.ok ? null : plan.message;
  });
  const list = useStore((s) => (s.comparison ? (s.workspace?.datasets.find((d) => d.id === s.comparison!.datasetId) ?? null) : null));
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    root.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const action = presentationKey(event.key);
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      if (action === 'leave') leave();
      else step(action[0], action[1]);
    };
    window.addEventListener('keydown', onKey, true);
    // full screen where the runtime allows it (Electron, a browser after the F5 or button press)
    let wentFull = false;
    const onFullChange = () => {
      if (document.fullscreenElement) wentFull = true;
      else if (wentFull) leave(); // the person left full screen (Esc, F11): leave with it
    };
    document.addEventListener('fullscreenchange', onFullChange);
    document.documentElement.requestFullscreen?.().catch(() => {
      // refused (no user gesture, headless): presentation still fills the window
    });
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFullChange);
      if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
    };
  }, [leave, step]);

  const names = comparison?.names ?? [];
  const focus = scenario >= 0 ? scenario : undefined;
  const index = PRESENT_SECTIONS.indexOf(section);
  return (
    <div className="present" role="dialog" aria-modal="true" aria-label="Presentation" tabIndex={-1} ref={root} data-testid="presentation">
      <header className="present-head">
        <div className="present-title">
          <h1>{TITLES[section]}</h1>
          {list && <p className="present-list">on {list.label}</p>}
        </div>
        {names.length > 0 && (
          <ol className="present-scenarios" aria-label="Scenarios">
            {names.map((name, i) => (
              <li key={name} aria-current={i === scenario ? 'true' : undefined}>
                {name}
              </li>
            ))}
          </ol>
        )}
      </header>
      <div className="present-body">
        {why ? (
          <p className="present-why">{why}</p>
        ) : !comparison ? (
          <p className="present-why">Comparing…</p>
        ) : (
          <>
            {section === 'kpis' && list && <FitWarnings ids={comparison.ids} scenarios={comparison.comparison.scenarios} list={list} plain />}
            {section === 'kpis' && <KpiTable comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />}
            {section === 'distribution' && <CompareDistributionChart comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />}
            {section === 'resources' && <ResourcesChart comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />}
            {section === 'coverage' && <CoverageChart comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />}
            {section === 'movement' &&
              (focus !== undefined && comparison.scenarios[focus] ? (
                <FlowChart flows={comparison.scenarios[focus].flows} ladders={comparison.scenarios[focus].ladders} title={names[focus] ?? ''} large />
              ) : (
                <div className="present-flows">
                  {comparison.scenarios.map((s, i) => (
                    <FlowChart key={comparison.ids[i]} flows={s.flows} ladders={s.ladders} title={names[i] ?? ''} />
                  ))}
                </div>
              ))}
          </>
        )}
      </div>
      <footer className="present-foot">
        <span className="present-steps" aria-label={`Section ${index + 1} of ${PRESENT_SECTIONS.length}`}>
          {PRESENT_SECTIONS.map((s) => (
            <span key={s} className={s === section ? 'present-dot on' : 'present-dot'} />
          ))}
        </span>
        <span>← → sections · ↑ ↓ scenarios · Esc leaves</span>
        <button type="button" onClick={leave}>
          Leave presentation
        </button>
      </footer>
    </div>
  );
}
