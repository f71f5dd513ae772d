/**
 * One mapping from an error to what a person is told (issue 18, item 14): the IPC
 * dispatcher (the app and browser mode) and the command line both use describeFailure,
 * so a damaged file, a full disk or a lock reads the same everywhere, never as a stack.
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/services/ipc/dispatch';
import { describeFailure, UserFacingError, WorkspaceRefusedError } from '../../../electron/services/workspace/errors';

const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: 'SqliteError', code });
const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('describeFailure', () => {
  it('maps expected failures, SQLite storage failures and operating-system errors, and leaves bugs alone', () => {
    expect(describeFailure(new UserFacingError('conflict', 'Taken.'))).toEqual({ code: 'conflict', message: 'Taken.' });
    expect(describeFailure(new WorkspaceRefusedError('/x/w.tierscape', 'replaced', 'Replaced.'))).toEqual({ code: 'workspace_refused', message: 'Replaced.' });
    expect(describeFailure(sqlite('SQLITE_CORRUPT', 'database disk image is malformed'))).toMatchObject({ code: 'workspace_refused', message: expect.stringMatching(/damaged/) });
    expect(describeFailure(sqlite('SQLITE_FULL', 'database or disk is full'))).toMatchObject({ code: 'io', message: expect.stringMatching(/disk is full/) });
    expect(describeFailure(sqlite('SQLITE_BUSY', 'database is locked'))).toMatchObject({ code: 'busy', message: expect.stringMatching(/Another program is using the workspace file/) });
    expect(describeFailure(sqlite('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database'))).toMatchObject({ code: 'io' });
    expect(describeFailure(errno('ENOSPC', 'ENOSPC: no space left on device, write'))).toEqual({ code: 'io', message: 'The file operation failed: ENOSPC: no space left on device, write' });
    expect(describeFailure(sqlite('SQLITE_ERROR', 'no such column: x'))).toBeNull();
    expect(describeFailure(new TypeError('x is undefined'))).toBeNull();
    expect(describeFailure(undefined)).toBeNull();
  });

  it('the dispatcher answers with it (the command line prints the same message: test/cli/workspace-file.test.ts)', async () => {
    const full = sqlite('SQLITE_FULL', 'database or disk is full');
    const dispatch = createDispatcher({ 'app:info': () => { throw full; } } as unknown as Handlers, { error: () => undefined });
    expect(await dispatch('app:info', undefined)).toEqual({ ok: false, error: describeFailure(full) });
  });
});
