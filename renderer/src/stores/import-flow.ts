/**
 * What the import flow (DESIGN D9) holds while it is open: the phase it is in, the preview
 * and mapping with their report, the dataset's label and options, and what it says to the
 * person. The flow's actions are import.slice.ts.
 */
import type { ImportPreview, ImportProgress } from '../../../shared/ipc/contract';
import type { ImportMapping, ValidationReport } from '../../../shared/io/types';

/**
 * reading: the file is uploaded / read (progress shown);
 * mapping: the mapping screen with its report;
 * committing: the dataset is being written (progress shown);
 * stopped: the file could not be read, or the reading was cancelled: a message and "choose another file".
 */
export type ImportPhase = 'reading' | 'mapping' | 'committing' | 'stopped';

export interface ImportMessage {
  tone: 'error' | 'info';
  text: string;
}

export interface ImportFlow {
  /** names the job in the service while it runs (progress, cancel) */
  jobId: string;
  /** the file's name as the person knows it */
  fileName: string;
  phase: ImportPhase;
  progress: ImportProgress | null;
  preview: ImportPreview | null;
  mapping: ImportMapping | null;
  report: ValidationReport | null;
  /** problems found before asking the service (an empty metric name …), by column index */
  columnErrors: Record<number, string>;
  /** a mapping change is waiting for, or being checked by, `import:validate` */
  validating: boolean;
  label: string;
  /** YYYY-MM-DD, or '' for none */
  asOf: string;
  skipBadRows: boolean;
  /** why the label cannot be used (empty, or already taken) */
  labelError: string | null;
  /** shown in the flow: a bad file, a cancelled step, a refused import */
  message: ImportMessage | null;
}

/** A flow that starts reading `fileName` as the job `jobId`. */
export function freshFlow(jobId: string, fileName: string): ImportFlow {
  return {
    jobId,
    fileName,
    phase: 'reading',
    progress: { stage: 'reading', fraction: 0 },
    preview: null,
    mapping: null,
    report: null,
    columnErrors: {},
    validating: false,
    label: '',
    asOf: '',
    skipBadRows: false,
    labelError: null,
    message: null,
  };
}
