/**
 * The one poller of a background job in the service, for the import's read and write
 * (DESIGN D9, import.slice.ts) and the workbook export (DESIGN D10.1, export.slice.ts):
 * the page names the job (`newJobId`) and starts it with a call that answers when the job
 * is done; meanwhile its progress is asked for on a timer, and the call's failure says
 * whether it was cancelled (`isCancelled`) or failed.
 */
import { ApiError } from '../api/client';

/** A new job's id, chosen by the page so that progress and cancel can name the job while it runs. */
export function newJobId(): string {
  return crypto.randomUUID();
}

/** Whether a job's call failed because the job was cancelled. */
export function isCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'cancelled';
}

/** How a job's progress is asked for while it runs. */
export interface JobPolling<P extends { stage: string }> {
  /** how often progress is asked for, in ms */
  every: number;
  /** asks the service for the job's progress (`import:progress`, `export:progress`) */
  ask(): Promise<P>;
  /** shows an answer; an 'idle' one (the service does not hold the job: not yet, or no longer) is not shown */
  show(progress: P): void;
  /** whether a tick asks again while the previous question is still unanswered (default: it skips) */
  overlap?: boolean;
}

/** Runs the call that does the job (`run`), asking for its progress meanwhile; answers what the call answers. */
export async function pollJob<T, P extends { stage: string }>(polling: JobPolling<P>, run: () => Promise<T>): Promise<T> {
  let asking = false;
  const timer = setInterval(() => {
    if (asking) return;
    if (!polling.overlap) asking = true;
    polling
      .ask()
      .then((progress) => {
        if (progress.stage !== 'idle') polling.show(progress);
      })
      .catch(() => undefined)
      .finally(() => {
        asking = false;
      });
  }, polling.every);
  try {
    return await run();
  } finally {
    clearInterval(timer);
  }
}
