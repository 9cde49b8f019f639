/**
 * Why the field report service refused something, as data: the API turns
 * `kind` into a status (field-report-routes.ts) and sends `field` with the
 * message, so the web form can point at the input at fault.
 */
export type FieldReportErrorKind =
  /** The input breaks a rule: 400. */
  | 'invalid'
  /** No such report or photo, or not one this person may see: 404. */
  | 'not_found'
  /** The id is taken by different content: 409. */
  | 'conflict'
  /** The report already holds as many photos as allowed: 409. */
  | 'attachment_limit'
  /** The photo is larger than allowed: 413. */
  | 'too_large'
  /** The bytes are not a photo of an accepted type, or not of the declared one: 415. */
  | 'unsupported_media_type';

export class FieldReportError extends Error {
  override readonly name = 'FieldReportError';

  constructor(
    readonly kind: FieldReportErrorKind,
    /** The field at fault, e.g. `observedMs`, `id`, `content-type`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
