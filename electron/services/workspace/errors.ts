import type { IpcErrorCode } from '../../../shared/ipc/result';

/**
 * An expected failure with a message written for the person using the app. The
 * dispatcher turns it into `{ ok: false, error: { code, message } }`.
 */
export class UserFacingError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/**
 * A file that cannot be used as a workspace. It was not modified.
 *
 * `replaced`: the open workspace's file was replaced or removed on disk (a backup restored
 * over it, a new workspace created over it); the open workspace stops writing, and the
 * file now at the path is never written by it. Open the path again to go on with that file.
 */
export class WorkspaceRefusedError extends UserFacingError {
  constructor(
    readonly file: string,
    readonly reason:
      | 'missing'
      | 'not_a_file'
      | 'empty'
      | 'not_sqlite'
      | 'not_workspace'
      | 'newer_schema'
      | 'needs_upgrade'
      | 'read_only'
      | 'damaged'
      | 'replaced',
    message: string,
  ) {
    super('workspace_refused', message);
    this.name = 'WorkspaceRefusedError';
  }
}

/**
 * SQLite's own failures that are about the file or the disk, not a bug: a damaged page
 * (a file edited or cut short outside Tierscape), a full disk, another program holding
 * the lock. better-sqlite3 reports them as SqliteError with an `SQLITE_…` code.
 */
export function storageFailure(error: unknown): { code: 'workspace_refused' | 'io' | 'busy'; message: string } | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const detail = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return {
      code: 'workspace_refused',
      message: `The workspace file is damaged (${detail}). Nothing was changed by this step. Open a backup or an earlier copy of the workspace.`,
    };
  }
  if (code === 'SQLITE_FULL') return { code: 'io', message: `The disk is full, so the workspace could not be written (${detail}). Nothing was changed by this step.` };
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return { code: 'io', message: `The workspace file could not be read or written (${detail}). Nothing was changed by this step.` };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { code: 'busy', message: `Another program is using the workspace file (${detail}). Try again in a moment.` };
  }
  return null;
}

/** What a person is told about a failure: its code and message; null for a bug. */
export interface Failure {
  code: IpcErrorCode;
  message: string;
}

/**
 * The one mapping from an error to what a person is told, shared by the IPC dispatcher
 * (Electron and browser mode) and the command line: an expected failure's own code and
 * message, SQLite's storage failures (damaged file, full disk, lock), and the operating
 * system's (ENOSPC, EACCES …). Anything else is a bug, and null.
 */
export function describeFailure(error: unknown): Failure | null {
  if (error instanceof UserFacingError) return { code: error.code, message: error.message };
  const storage = storageFailure(error);
  if (storage) return storage;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return { code: 'io', message: `The file operation failed: ${(error as Error).message}` };
  }
  return null;
}
