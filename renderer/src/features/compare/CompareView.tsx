import { useStore } from '../../stores/store';

/** Side-by-side comparison needs at least two scenarios on one dataset (SPEC S7). */
export function CompareView() {
  const count = useStore((s) => s.workspace?.scenarios.length ?? 0);
  return (
    <section className="view" aria-labelledby="compare-title">
      <header className="view-header">
        <h1 id="compare-title">Compare</h1>
      </header>
      <div className="empty">
        <h2>{count < 2 ? 'Comparing needs at least two scenarios' : `${count} scenarios can be compared`}</h2>
        <p className="muted">
          Compare puts two to six scenarios on the same dataset side by side: partners per tier, cost against capacity and budget,
          conflict-rule coverage, and who moves up or down. This workspace has {count === 0 ? 'no scenarios' : count === 1 ? 'one scenario' : `${count} scenarios`}.
        </p>
      </div>
    </section>
  );
}
