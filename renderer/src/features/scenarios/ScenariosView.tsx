import { useStore } from '../../stores/store';

/** The scenarios stored in the workspace. */
export function ScenariosView() {
  const scenarios = useStore((s) => s.workspace?.scenarios ?? []);
  return (
    <section className="view" aria-labelledby="scenarios-title">
      <header className="view-header">
        <h1 id="scenarios-title">Scenarios</h1>
      </header>
      {scenarios.length === 0 ? (
        <div className="empty">
          <h2>This workspace has no scenarios yet</h2>
          <p className="muted">
            A scenario is one tier design: a ladder of tiers per motion, the requirements to reach each tier, the benefits each tier
            earns, and the rules that keep those benefits in check. Each scenario is evaluated on one dataset.
          </p>
        </div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Scenario</th>
              <th>Baseline</th>
              <th>Last changed</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.isBaseline ? 'baseline' : ''}</td>
                <td>{s.updatedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
