import type { ImportProgress } from '../../../../shared/ipc/contract';
import { ProgressBar } from '../../components/ProgressBar';
import { STAGE_LABELS } from '../../lib/mapping';

interface Props {
  progress: ImportProgress | null;
  onCancel(): void;
  /** what runs, for the bar's accessible name: "Reading messy.csv" */
  label: string;
}

/** The stage of a running read or write, how far it is, and a way to stop it. */
export function ImportProgressBar({ progress, onCancel, label }: Props) {
  const stage = progress?.stage ?? 'reading';
  return (
    <ProgressBar
      stage={STAGE_LABELS[stage] ?? stage}
      fraction={progress?.fraction ?? 0}
      label={label}
      onCancel={onCancel}
      testId="import-progress"
      stageTestId="import-stage"
    />
  );
}
