import type { ReactNode } from 'react';

interface Props {
  /** what it is doing now: "Reading", "Writing Summary" … */
  stage: ReactNode;
  /** 0…1; clamped */
  fraction: number;
  /** the bar's accessible name: "Reading messy.csv" */
  label: string;
  onCancel(): void;
  testId: string;
  stageTestId?: string;
}

/** The stage of a long-running job, how far it is, and a way to stop it (import and export). */
export function ProgressBar({ stage, fraction, label, onCancel, testId, stageTestId }: Props) {
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div className="import-progress" data-testid={testId}>
      <div className="import-progress-text">
        <strong data-testid={stageTestId}>{stage}</strong>
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
