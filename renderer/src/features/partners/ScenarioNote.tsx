import type { ScenarioNote } from './scenario-columns';

/**
 * The grid toolbar's line about the open scenario: "Tiers from Motion-fit ladders" next to
 * its filters, or why its columns are not in the grid ("… is evaluated on FY2026; its tiers
 * show there", with a button that shows that dataset).
 */
export function ScenarioNoteLine({ note, onShowDataset }: { note: ScenarioNote; onShowDataset: (datasetId: number) => void }) {
  switch (note.kind) {
    case 'none':
      return (
        <span className="muted small" data-testid="partners-scenario">
          Open a scenario to see its tiers here.
        </span>
      );
    case 'shown':
      return (
        <span className="small" data-testid="partners-scenario">
          Tiers from <strong>{note.scenario}</strong>
        </span>
      );
    case 'evaluating':
      return (
        <span className="muted small" data-testid="partners-scenario">
          Evaluating <strong>{note.scenario}</strong>…
        </span>
      );
    case 'failed':
      return (
        <span className="muted small" data-testid="partners-scenario">
          <strong>{note.scenario}</strong> could not be evaluated: see Scenarios.
        </span>
      );
    case 'elsewhere':
      return (
        <span className="muted small" data-testid="partners-scenario">
          <strong>{note.scenario}</strong> is evaluated on <strong>{note.datasetLabel}</strong>; its tiers show there.{' '}
          <button type="button" className="link" onClick={() => onShowDataset(note.datasetId)}>
            Show {note.datasetLabel}
          </button>
        </span>
      );
  }
}
