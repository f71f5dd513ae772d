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

/** A file that cannot be used as a workspace. It was not modified. */
export class WorkspaceRefusedError extends UserFacingError {
  constructor(
    readonly file: string,
    readonly reason: 'missing' | 'not_a_file' | 'empty' | 'not_sqlite' | 'not_workspace' | 'newer_schema' | 'needs_upgrade' | 'read_only' | 'damaged',
    message: string,
  ) {
    super('workspace_refused', message);
    this.name = 'WorkspaceRefusedError';
  }
}
