/**
 * The scenario the explore panel works on (DESIGN D8.3): picking one opens it for editing,
 * so its thresholds are the ones explored and applying a value edits it.
 */
import { useStore } from '../../../stores/store';

export function ScenarioChooser() {
  const scenarios = useStore((s) => s.workspace?.scenarios ?? []);
  const active = useStore((s) => s.activeScenario);
  const open = useStore((s) => s.openScenario);
  return (
    <label className="inline-field">
      <span>Scenario</span>
      <select aria-label="Scenario to explore" value={active?.id ?? ''} onChange={(e) => void open(Number(e.target.value))}>
        {active === null && <option value="">Choose a scenario…</option>}
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.isBaseline ? ' (baseline)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
