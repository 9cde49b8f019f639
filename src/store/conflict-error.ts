/**
 * A write the store refuses because it would break a uniqueness rule (a user
 * name taken, whatever its case; an id used twice). The API maps it to a 409
 * naming `field`.
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';

  constructor(
    /** The field whose value is taken, e.g. `username`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
