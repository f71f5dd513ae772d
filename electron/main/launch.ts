/**
 * Small pure helpers of the app's lifecycle: which workspace a command line asks for,
 * and the window title for the open workspace.
 */
import path from 'node:path';
import { WORKSPACE_EXTENSION, type WorkspaceInfo } from '../../shared/model/workspace';

/** The app's name in window titles and menus. */
export const APP_TITLE = 'Tierscape';

/**
 * The `.tierscape` file named on a command line (double-click, "Open with", a second
 * launch), resolved against the working directory of the process that received it.
 * argv[0] is the executable; switches (`--foo`, Chromium's own) are skipped.
 */
export function findWorkspaceArg(argv: readonly string[], cwd: string): string | undefined {
  const arg = argv
    .slice(1)
    .find((a) => !a.startsWith('-') && !a.includes('\0') && a.toLowerCase().endsWith(WORKSPACE_EXTENSION));
  return arg === undefined ? undefined : path.resolve(cwd, arg);
}

export function windowTitle(info: Pick<WorkspaceInfo, 'name'> | null): string {
  return info ? `${info.name} — ${APP_TITLE}` : APP_TITLE;
}
