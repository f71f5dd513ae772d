import type { ImportProgress } from '../../../../shared/ipc/contract';
import { STAGE_LABELS } from './mapping';

interface Props {
  progress: ImportProgress | null;
  onCancel(): void;
  /** what runs, for the bar's accessible name: "Reading messy.csv" */
  label: string;
}

/** The stage of a running read or write, how far it is, and a way to stop it. */
export function ImportProgressBar({ progress, onCancel, label }: Props) {
  const stage = progress?.stage ?? 'reading';
  const fraction = Math.max(0, Math.min(1, progress?.fraction ?? 0));
  const percent = Math.round(fraction * 100);
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress-text">
        <strong data-testid="import-stage">{STAGE_LABELS[stage] ?? stage}</strong>
        <span className="muted">{percent}%</span>
      </div>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
