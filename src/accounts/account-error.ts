/**
 * What the account service refuses, as data the CLI prints and the API will
 * map to a status (invalid 400, not_found 404, conflict 409, refused 409).
 */
export type AccountErrorCode = 'invalid' | 'not_found' | 'conflict' | 'refused';

export class AccountError extends Error {
  override readonly name = 'AccountError';

  constructor(
    readonly code: AccountErrorCode,
    /** The input at fault: `username`, `role`, `password`, `scopes`, `id`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
