/**
 * What the incident service and store refuse, as data the API maps to one
 * status each: `not_found` 404, `conflict` 409 (a move the current state does
 * not allow; `state` names it), `invalid` 400 (`field` names the input).
 */
import type { IncidentState } from './incident-types.js';

export type IncidentErrorKind = 'not_found' | 'conflict' | 'invalid';

export class IncidentError extends Error {
  override readonly name = 'IncidentError';

  constructor(
    readonly kind: IncidentErrorKind,
    message: string,
    readonly extra: { field?: string; state?: IncidentState; incidentId?: string } = {},
  ) {
    super(message);
  }
}

export function refuseMissingIncident(id: string): never {
  throw new IncidentError('not_found', `No incident ${id}`, { incidentId: id });
}
