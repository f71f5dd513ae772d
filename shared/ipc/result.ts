/**
 * Expected failures are values (DESIGN D14.3, house style): every IPC call answers a
 * `Result` (shared/model/result.ts), `{ ok: true, value }` or `{ ok: false, error }`, and
 * never throws across the boundary.
 */
import { z } from 'zod';
import { err, ok as okResult, type Result } from '../model/result';

export const IPC_ERROR_CODES = [
  /** the channel name is not part of the contract */
  'unknown_channel',
  /** the payload failed the channel's request schema */
  'invalid_request',
  /** the call came from a frame or client that is not the app */
  'forbidden',
  /** the operation needs an open workspace and none is open */
  'no_workspace',
  /** the write names a workspace opening that is no longer the open one (another window opened another file): nothing was written */
  'workspace_changed',
  /** the file was refused: not SQLite, not a workspace, newer schema, read-only … */
  'workspace_refused',
  /** something named in the request does not exist */
  'not_found',
  /** the request is valid but conflicts with the current state (the file is already open …) */
  'conflict',
  /** a file already exists at that path; repeat with `overwrite: true` to replace it */
  'file_exists',
  /** the same work is still running (an import job asked to do two things at once) */
  'busy',
  /** a file to import cannot be read as a partner list (empty, binary, damaged, too large …) */
  'bad_file',
  /** the work was cancelled by the person who started it */
  'cancelled',
  /** this runtime cannot do it (a native dialog in browser mode …) */
  'unsupported',
  /** disk or operating-system failure */
  'io',
  /** a bug: logged with its stack, reported without it */
  'internal',
] as const;
export const IpcErrorCodeSchema = z.enum(IPC_ERROR_CODES);
export type IpcErrorCode = z.infer<typeof IpcErrorCodeSchema>;

export const IpcIssueSchema = z.object({ path: z.string(), message: z.string() });
export type IpcIssue = z.infer<typeof IpcIssueSchema>;

export const IpcErrorSchema = z.object({
  code: IpcErrorCodeSchema,
  message: z.string(),
  issues: z.array(IpcIssueSchema).optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

/** An IPC answer: the shared `Result` with an error that carries a code. */
export type IpcResult<T> = Result<T, IpcError>;

export function ok<T>(value: T): IpcResult<T> {
  return okResult(value);
}

export function fail(code: IpcErrorCode, message: string, issues?: IpcIssue[]): IpcResult<never> {
  return err(issues ? { code, message, issues } : { code, message });
}

/** Turns zod issues into `path: message` pairs a person can read. */
export function describeZodIssues(error: z.ZodError): IpcIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(payload)',
    message: issue.message,
  }));
}
