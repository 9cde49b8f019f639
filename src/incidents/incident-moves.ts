/**
 * The analyst's moves on one incident, as pure functions: given the incident
 * as it is, a move yields the columns that change, the history event and the
 * audit entry, or refuses with the current state. The store applies all
 * three in one transaction (src/store/sqlite/incident-table.ts).
 *
 *   review   open → under_review (and assigns it to the reviewer if nobody has it)
 *   verify   under_review → verified, with a confidence and a reason
 *   dismiss  open | under_review → dismissed, with a reason
 *   reopen   verified | dismissed → under_review, with a reason (not a merged one)
 *   assign   anyone's, or nobody's, in any state but published
 *   note     any state
 *   publish  verified → published, only through a report (markPublished)
 */
import type { AuditDetails } from './audit-chain.js';
import { IncidentError } from './incident-error.js';
import {
  type Confidence,
  INCIDENT_TRANSITIONS,
  type Incident,
  type IncidentEvent,
  type IncidentState,
} from './incident-types.js';

/** Longest reason or note kept, in characters. */
export const MAX_REASON_CHARS = 2000;

export type IncidentMove =
  | { action: 'review'; reason?: string }
  | { action: 'verify'; confidence: Confidence; reason: string }
  | { action: 'dismiss'; reason: string }
  | { action: 'reopen'; reason: string }
  | { action: 'assign'; assignee: string | null; reason?: string }
  | { action: 'note'; text: string }
  | { action: 'publish'; reportId: string };

/** The columns a move changes. */
export type IncidentPatch = Partial<
  Pick<Incident, 'state' | 'assignee' | 'confidence' | 'reportId'>
>;

export interface PlannedMove {
  patch: IncidentPatch;
  event: IncidentEvent;
  /** The audit action, `incident.<event action>`, and its details. */
  auditAction: string;
  auditDetails: AuditDetails;
}

const TARGET: Record<'review' | 'verify' | 'dismiss' | 'reopen' | 'publish', IncidentState> = {
  review: 'under_review',
  verify: 'verified',
  dismiss: 'dismissed',
  reopen: 'under_review',
  publish: 'published',
};

/** The states each state-changing move starts from (for the 409's message). */
const FROM: Record<keyof typeof TARGET, readonly IncidentState[]> = {
  review: ['open'],
  verify: ['under_review'],
  dismiss: ['open', 'under_review'],
  reopen: ['verified', 'dismissed'],
  publish: ['verified'],
};

export function planMove(
  incident: Incident,
  move: IncidentMove,
  actor: string,
  tMs: number,
): PlannedMove {
  const base = { tMs, actor };
  switch (move.action) {
    case 'note':
      return {
        patch: {},
        event: { ...base, action: 'noted', reason: move.text },
        auditAction: 'incident.noted',
        auditDetails: { text: move.text },
      };
    case 'assign': {
      refuseIn(incident, 'assign', ['published']);
      refuseMerged(incident, 'assign');
      const event: IncidentEvent = { ...base, action: 'assigned', assignee: move.assignee };
      const details: AuditDetails = { from: incident.assignee, to: move.assignee };
      if (move.reason !== undefined) {
        event.reason = move.reason;
        details.reason = move.reason;
      }
      return {
        patch: { assignee: move.assignee },
        event,
        auditAction: 'incident.assigned',
        auditDetails: details,
      };
    }
    default:
      return planStateChange(incident, move, base);
  }
}

function planStateChange(
  incident: Incident,
  move: Extract<IncidentMove, { action: keyof typeof TARGET }>,
  base: { tMs: number; actor: string },
): PlannedMove {
  const from = incident.state;
  const to = TARGET[move.action];
  if (!FROM[move.action].includes(from) || !INCIDENT_TRANSITIONS[from].includes(to)) {
    throw new IncidentError(
      'conflict',
      `${incident.id} is ${from}: ${move.action} applies to ${FROM[move.action].join(' or ')} incidents`,
      { state: from, incidentId: incident.id },
    );
  }
  if (move.action === 'reopen') refuseMerged(incident, 'reopen');
  const patch: IncidentPatch = { state: to };
  const event: IncidentEvent = { ...base, action: 'state_changed', from, to };
  const details: AuditDetails = { from, to };
  if ('reason' in move && move.reason !== undefined) {
    event.reason = move.reason;
    details.reason = move.reason;
  }
  if (move.action === 'review' && incident.assignee === null) {
    // Whoever takes it under review has it, unless someone was given it.
    patch.assignee = base.actor;
    event.assignee = base.actor;
    details.assignee = base.actor;
  }
  if (move.action === 'verify') {
    patch.confidence = move.confidence;
    event.confidence = move.confidence;
    details.confidence = move.confidence;
  }
  if (move.action === 'reopen' && from === 'verified') {
    // A reopened verification is no longer anyone's word.
    patch.confidence = null;
  }
  if (move.action === 'publish') {
    patch.reportId = move.reportId;
    event.action = 'published';
    event.reportId = move.reportId;
    details.reportId = move.reportId;
  }
  return {
    patch,
    event,
    auditAction: `incident.${event.action}`,
    auditDetails: details,
  };
}

function refuseIn(incident: Incident, what: string, states: readonly IncidentState[]): void {
  if (states.includes(incident.state)) {
    throw new IncidentError('conflict', `${incident.id} is ${incident.state}: cannot ${what}`, {
      state: incident.state,
      incidentId: incident.id,
    });
  }
}

function refuseMerged(incident: Incident, what: string): void {
  if (incident.mergedInto !== null) {
    throw new IncidentError(
      'conflict',
      `${incident.id} was merged into ${incident.mergedInto}: cannot ${what}; work on ${incident.mergedInto}`,
      { state: incident.state, incidentId: incident.id },
    );
  }
}

/** Merge and split apply to incidents still being worked on: not yet verified or dismissed. */
export function refuseUnlessWorkable(incident: Incident, what: 'merge' | 'split'): void {
  if (incident.state !== 'open' && incident.state !== 'under_review') {
    throw new IncidentError(
      'conflict',
      `${incident.id} is ${incident.state}: only open or under_review incidents can be ${what === 'merge' ? 'merged' : 'split'}`,
      { state: incident.state, incidentId: incident.id },
    );
  }
}
