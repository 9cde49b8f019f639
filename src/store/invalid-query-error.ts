/**
 * A query or batch the store refuses because of what the caller passed (a bad
 * limit, a cursor that is not ours, an observation with no position). The API
 * maps it to a 400 naming `field`; anything else a store throws is a fault.
 */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';

  constructor(
    /** Dotted path of the offending field, e.g. `limit` or `batch[3].lat`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
