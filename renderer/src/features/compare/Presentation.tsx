/**
 * Presentation mode for workshops (DESIGN D8.5): the comparison full screen in large type,
 * no editing chrome. ←/→ step through the sections, ↑/↓ bring each scenario forward in turn
 * (the movement section then shows its flows alone), Esc leaves.
 *
 * Every slide fits the room's screen without scrolling: the type follows the window's size
 * (compare.css), the key figures show as many scenario columns as fit — those around the one
 * in focus, "Scenarios 2–4 of 6" — and the movement shows as many flows side by side as fit
 * (one to three). Only what still does not fit has its type scaled down, to 70 % at most.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import type { DatasetSummary } from '../../../../shared/model/workspace';
import { PRESENT_SECTIONS, planComparison, type PresentSection } from '../../stores/compare.slice';
import { useStore, type Store } from '../../stores/store';
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

/** The smallest scale of a slide's type when its content still does not fit (1: as the window sets it). */
const MIN_FIT = 0.7;
/** The largest scale of the key figures' type when they leave much of the slide empty (few scenarios). */
const MAX_FIT = 1.25;
/** The key figures grow while they fill less than this share of the slide's height. */
const GROW_BELOW = 0.9;
const FIT_STEP = 0.05;
/** The narrowest a flow chart beside another may be, in the slide's type (its labels stand left and right of the flows). */
const FLOW_MIN_EM = 24;
/** At most this many flow charts side by side. */
const MAX_FLOWS = 3;

function subscribeResize(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** The window's size, as "1920x1080": a slide is laid out again (its charts drawn in the new type) when it changes. */
function useWindowSize(): string {
  return useSyncExternalStore(
    subscribeResize,
    () => `${window.innerWidth}x${window.innerHeight}`,
    () => '',
  );
}

/** "Scenarios 2–4 of 6", "Scenario 3 of 6". */
function pageText(start: number, count: number, total: number): string {
  return count === 1 ? `Scenario ${start + 1} of ${total}` : `Scenarios ${start + 1}–${start + count} of ${total}`;
}

/** The first of `count` scenarios shown out of `total`: those around the one in focus (the first ones without one). */
function pageStart(focus: number | undefined, count: number, total: number): number {
  if (focus === undefined) return 0;
  return Math.min(Math.max(0, focus - Math.floor((count - 1) / 2)), Math.max(0, total - count));
}

type Comparison = NonNullable<Store['comparison']>;

interface SlideProps {
  section: PresentSection;
  comparison: Comparison | null;
  /** why the scenarios cannot be compared, if they cannot */
  why: string | null;
  list: DatasetSummary | null;
  /** the scenario in focus (↑/↓), if any */
  focus: number | undefined;
  leave: () => void;
}

/** One slide: its head, its body fitted to the screen, its foot. */
function Slide({ section, comparison, why, list, focus, leave }: SlideProps) {
  const names = comparison?.names ?? [];
  const total = names.length;
  const flowsPaged = section === 'movement' && focus === undefined;
  // measured after each layout until the slide fits (layout effects run before the screen is painted):
  // perPage, the scenarios shown at once (0: the flows' room is not measured yet); fit, the type's scale
  const [{ perPage, fit, widest, phase }, setLayout] = useState({
    perPage: flowsPaged ? 0 : total,
    fit: 1,
    /** the most key-figure columns that fit the width (0: not known yet) */
    widest: 0,
    /** paging: looking for the number of key-figure columns that fits; growing: their type, while they leave room; fitting: smaller type while the slide does not fit */
    phase: (section === 'kpis' ? 'paging' : 'fitting') as 'paging' | 'growing' | 'fitting',
  });
  const body = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !comparison || why) return;
    if (flowsPaged && perPage === 0) {
      const em = parseFloat(getComputedStyle(el).fontSize) || 16;
      const fits = Math.floor((el.clientWidth + em) / ((FLOW_MIN_EM + 1) * em));
      setLayout((l) => ({ ...l, perPage: Math.max(1, Math.min(MAX_FLOWS, total, fits)) }));
      return;
    }
    const wide = el.scrollWidth > el.clientWidth + 1;
    const tall = el.scrollHeight > el.clientHeight + 1;
    const scaled = (by: number) => Math.round((fit + by) * 100) / 100;
    if (phase === 'paging') {
      // the key figures: one column fewer while they do not fit in the room's type (the notes
      // of narrow columns wrap, so fewer columns can also be shorter) …
      const known = widest > 0 || wide ? widest : perPage;
      if ((wide || tall) && perPage > 1) setLayout((l) => ({ ...l, perPage: perPage - 1, widest: known }));
      else if (wide || tall) setLayout((l) => ({ ...l, perPage: Math.max(1, known), widest: known, phase: 'fitting' }));
      else setLayout((l) => ({ ...l, widest: known, phase: 'growing' }));
    } else if (phase === 'growing') {
      // … larger type while they leave much of the slide empty (a step back when it no longer fits) …
      const bottom = Math.max(...[...el.children].map((c) => c.getBoundingClientRect().bottom));
      const filled = (bottom - el.getBoundingClientRect().top) / el.clientHeight;
      if (wide || tall) setLayout((l) => ({ ...l, fit: scaled(-FIT_STEP), phase: 'fitting' }));
      else if (filled < GROW_BELOW && fit < MAX_FIT) setLayout((l) => ({ ...l, fit: scaled(FIT_STEP) }));
      else setLayout((l) => ({ ...l, phase: 'fitting' }));
    } else if ((wide || tall) && fit > MIN_FIT) {
      // … and only what does not fit even so has its type scaled down
      setLayout((l) => ({ ...l, fit: Math.max(MIN_FIT, scaled(-FIT_STEP)) }));
    }
  });

  const count = Math.min(perPage > 0 ? perPage : total, total);
  const start = pageStart(focus, count, total);
  const shown = (i: number) => i >= start && i < start + count;
  const paged = (section === 'kpis' || flowsPaged) && count < total;
  const hidden = paged ? names.map((_, i) => i + 1).filter((c) => !shown(c - 1)) : [];
  const index = PRESENT_SECTIONS.indexOf(section);

  let content = null;
  if (why) content = <p className="present-why">{why}</p>;
  else if (!comparison) content = <p className="present-why">Comparing…</p>;
  else if (section === 'kpis')
    content = (
      <>
        {list && <FitWarnings ids={comparison.ids} scenarios={comparison.comparison.scenarios} list={list} plain />}
        <div className="present-kpis" data-hide={hidden.join(' ')}>
          <KpiTable comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />
        </div>
      </>
    );
  else if (section === 'distribution')
    content = (
      <div className="present-chart">
        <CompareDistributionChart comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />
      </div>
    );
  else if (section === 'resources')
    content = (
      <div className="present-chart present-pair">
        <ResourcesChart comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />
      </div>
    );
  else if (section === 'coverage')
    content = (
      <div className="present-chart">
        <CoverageChart comparison={comparison.comparison} scenarios={comparison.scenarios} highlight={focus} large />
      </div>
    );
  else if (focus !== undefined && comparison.scenarios[focus])
    content = (
      <div className="present-chart present-flow">
        <FlowChart flows={comparison.scenarios[focus].flows} ladders={comparison.scenarios[focus].ladders} title={names[focus] ?? ''} large />
      </div>
    );
  else if (perPage > 0)
    content = (
      <div className="present-chart present-flows" style={{ gridTemplateColumns: `repeat(${count}, minmax(0, 1fr))` }}>
        {comparison.scenarios.map((s, i) => (shown(i) ? <FlowChart key={comparison.ids[i]} flows={s.flows} ladders={s.ladders} title={names[i] ?? ''} large /> : null))}
      </div>
    );

  return (
    <>
      <header className="present-head">
        <div className="present-title">
          <h1>{TITLES[section]}</h1>
          {list && <p className="present-list">on {list.label}</p>}
        </div>
        {total > 0 && (
          <div className="present-who">
            <ol className="present-scenarios" aria-label="Scenarios">
              {names.map((name, i) => (
                <li key={name} aria-current={i === focus ? 'true' : undefined} className={paged && !shown(i) ? 'present-off' : undefined}>
                  {name}
                </li>
              ))}
            </ol>
            {paged && (
              <p className="present-page" data-testid="present-page">
                {pageText(start, count, total)}
              </p>
            )}
          </div>
        )}
      </header>
      <div className="present-body" ref={body} style={{ '--present-fit': fit } as CSSProperties} data-testid="present-body">
        {content}
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
    </>
  );
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
  const size = useWindowSize();
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

  const focus = scenario >= 0 ? scenario : undefined;
  // a new layout (and new measurements) for each section, window size, comparison, and the movement's one flow or all
  const layout = [section, size, comparison?.key ?? '', why ?? '', section === 'movement' && focus !== undefined ? 'one' : ''].join('|');
  return (
    <div className="present" role="dialog" aria-modal="true" aria-label="Presentation" tabIndex={-1} ref={root} data-testid="presentation">
      <Slide key={layout} section={section} comparison={comparison} why={why} list={list} focus={focus} leave={leave} />
    </div>
  );
}
