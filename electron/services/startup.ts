/**
 * Which workspace a new window (or browser-mode server) opens: the file it was asked to
 * open, else the most recent one, else the sample workspace — built from scenarios/ the
 * first time (DESIGN D11.4). A refused file is reported, never fatal.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceInfo } from '../../shared/model/workspace';
import type { AppSession } from './session';
import { UserFacingError } from './workspace/errors';

export interface StartupResult {
  info: WorkspaceInfo | null;
  /** why the requested or most recent file could not be opened */
  notice: string | null;
}

/** What a person reads when a workspace could not be opened. */
export function openFailureMessage(error: unknown): string {
  return error instanceof UserFacingError ? error.message : `Could not open the workspace: ${(error as Error)?.message ?? String(error)}`;
}

export async function openStartupWorkspace(
  session: AppSession,
  options: { requested?: string | undefined; sampleFile: string },
): Promise<StartupResult> {
  if (options.requested) {
    try {
      return { info: await session.open(options.requested), notice: null };
    } catch (error) {
      return { info: null, notice: openFailureMessage(error) };
    }
  }
  let notice: string | null = null;
  const last = session.recent.list().find((f) => f.exists);
  if (last) {
    try {
      return { info: await session.open(last.path), notice: null };
    } catch (error) {
      notice = openFailureMessage(error);
    }
  }
  const sample = path.resolve(options.sampleFile);
  try {
    // first start: the settings folder the sample lives in may not exist yet
    mkdirSync(path.dirname(sample), { recursive: true });
    const info = existsSync(sample) ? await session.open(sample) : await session.create(sample, { sample: true });
    return { info, notice };
  } catch (error) {
    return { info: null, notice: notice ?? openFailureMessage(error) };
  }
}
