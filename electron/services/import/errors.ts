import { UserFacingError } from '../workspace/errors';

/** A file that cannot be imported as a partner list. The message names the file. */
export class BadFileError extends UserFacingError {
  constructor(message: string) {
    super('bad_file', message);
    this.name = 'BadFileError';
  }
}

export class CancelledError extends UserFacingError {
  constructor(what = 'The import') {
    super('cancelled', `${what} was cancelled; nothing was written.`);
    this.name = 'CancelledError';
  }
}
