/**
 * The one shape of an outcome that may fail as expected (DESIGN D14.3): `{ ok: true, value }`
 * or `{ ok: false, error }`. Cell parsing, formulas, scenario files, threshold text and every
 * IPC answer use it, so a caller reads success and failure the same way everywhere; what
 * `error` holds (a sentence, a list of problems, an IPC error with a code) is the `E` of
 * each use. Bugs still throw.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = string> = Ok<T> | Err<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
