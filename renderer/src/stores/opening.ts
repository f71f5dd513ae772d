/**
 * Which opening of a workspace file the page's writes are for (WorkspaceInfo.id): the main
 * process refuses a write that names another opening — another window opened another file,
 * or a switch failed after the page last heard — with `workspace_changed`, and the page
 * then reloads what is open instead of writing into it.
 */
import { ApiError } from '../api/client';
import type { Store } from './store';

/** The id of the workspace opening the page shows; a write without one cannot be made. */
export function openingOf(s: Pick<Store, 'workspace'>): string {
  const id = s.workspace?.id;
  if (!id) throw new Error('No workspace is open.');
  return id;
}

/** The main process refused a write because the page's workspace is no longer the open one. */
export function isWorkspaceChanged(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'workspace_changed';
}
