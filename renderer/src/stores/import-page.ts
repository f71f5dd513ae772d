/**
 * The import flow's ties to the window and the page (DESIGN D9; SECURITY.md, "Import
 * previews"): the window's ids for the service, kept in the page's session storage, and the
 * preview the page holds, let go when the page goes away. The service keeps a preview's
 * whole table until it is committed or discarded; a page that goes away without discarding
 * its preview would leave it there. Used by import.slice.ts.
 */
import { newJobId } from './job-poller';

/** The window's ids for the service, in the page's session storage: kept across a reload of the window, not shared with other windows. */
const OWNER_KEY = 'tierscape:import:owner';
const OPEN_JOB_KEY = 'tierscape:import:job';

function windowStorage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.sessionStorage : null;
  } catch {
    return null; // storage switched off: the service's other rules (expiry) still apply
  }
}

let pageOwner: string | null = null;
/** whether the page's store watches for the page going away (and has let go of a preview left open before a reload) */
let pageWatched = false;

/** Names this window to the service: a new preview from it discards the window's earlier ones, also those of the page before a reload. */
export function windowOwner(): string {
  const storage = windowStorage();
  try {
    const kept = storage?.getItem(OWNER_KEY);
    if (kept && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
    if (storage) {
      const made = newJobId();
      storage.setItem(OWNER_KEY, made);
      return made;
    }
  } catch {
    // a refused storage: the page's own id
  }
  pageOwner ??= newJobId();
  return pageOwner;
}

/** Remembers the preview the window has open (null: none), for the page that follows a reload. */
export function rememberOpenJob(jobId: string | null): void {
  try {
    const storage = windowStorage();
    if (jobId) storage?.setItem(OPEN_JOB_KEY, jobId);
    else storage?.removeItem(OPEN_JOB_KEY);
  } catch {
    // a full or refused storage only costs the early discard
  }
}

/** The preview the page before this one left open, forgotten as it is read. */
function takeOpenJob(): string | null {
  try {
    const storage = windowStorage();
    const jobId = storage?.getItem(OPEN_JOB_KEY) ?? null;
    storage?.removeItem(OPEN_JOB_KEY);
    return jobId;
  } catch {
    return null;
  }
}

/**
 * Once per page (its one store): the preview the page before a reload left open is let go
 * now, not when it expires; and when this page goes away (reload, close), the preview it
 * holds (`openJob`) goes with it: in Electron at once; a browser may drop the request, and
 * then the next page discards it as above.
 */
export function watchPage(openJob: () => string | null, discard: (jobId: string) => void): void {
  if (pageWatched) return;
  pageWatched = true;
  const leftover = takeOpenJob();
  if (leftover) discard(leftover);
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', (event: PageTransitionEvent) => {
      const jobId = openJob();
      if (jobId && !event.persisted) discard(jobId);
    });
  }
}
