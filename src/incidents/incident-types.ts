/**
 * Incidents: detections and field reports that a person groups, reviews and
 * stands behind (DESIGN.md). The shapes here are shared by the store, the
 * grouper, the API, the daily report and the analyst workspace; the rules
 * for moving between states are in incident-moves.ts.
 */
import type { DetectionType, TrackKind } from '../core/types.js';
import type { FieldReportCategory } from './field-report-types.js';

/**
 * `open → under_review → verified | dismissed → published`. Only a verified
 * incident is published, and only by publishing a report that lists it.
 */
export const INCIDENT_STATES = [
  'open',
  'under_review',
  'verified',
  'dismissed',
  'published',
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** The moves an analyst may make, from → allowed next states. */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentState, readonly IncidentState[]>> = {
  open: ['under_review', 'dismissed'],
  under_review: ['verified', 'dismissed'],
  verified: ['published', 'under_review'],
  dismissed: ['under_review'],
  published: [],
};

/** How sure the verifying analyst is, in the words reports use. */
export const CONFIDENCES = ['low', 'medium', 'high', 'confirmed'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** An incident's kind: the detection type, or the field report category, it groups. */
export type IncidentKind = DetectionType | FieldReportCategory;

/** What a piece of evidence is: a detection of the engine or a monitor's field report. */
export type EvidenceType = 'detection' | 'field_report';

/** Evidence named by type and id; each piece belongs to exactly one incident. */
export interface EvidenceRef {
  type: EvidenceType;
  id: string;
}

/**
 * Where and when one piece of evidence puts its incident, kept beside the
 * link so that an incident's span, centre and tracks can be recomputed when
 * evidence moves (merge, split) without reading the detections again.
 */
export interface EvidencePoint extends EvidenceRef {
  /** The detection type or field report category. */
  kind: IncidentKind;
  tMs: number;
  lon: number;
  lat: number;
  /** '' when the evidence names no zone. */
  zoneId: string;
  /** The tracks involved (two for an encounter, none for a field report). */
  trackIds: string[];
  trackKind: TrackKind | null;
}

/** What a history event records (the audit action is `incident.<action>`). */
export const INCIDENT_EVENT_ACTIONS = [
  'created',
  'state_changed',
  'assigned',
  'merged',
  'split',
  'noted',
  'published',
] as const;
export type IncidentEventAction = (typeof INCIDENT_EVENT_ACTIONS)[number];

/** One move, kept with the incident (and appended to the audit log). */
export interface IncidentEvent {
  tMs: number;
  /** User name, or `system` for the grouper. */
  actor: string;
  action: IncidentEventAction;
  from?: IncidentState;
  to?: IncidentState;
  /** Why, in the actor's words (required for state changes by people; the text of a note). */
  reason?: string;
  /** Set by a verification. */
  confidence?: Confidence;
  /** Set by an assignment: the new assignee, or null when unassigned. */
  assignee?: string | null;
  /** Merge and split: the incidents on the other side of the move. */
  incidentIds?: string[];
  /** Merge and split: whether the evidence came into this incident or went out of it. */
  direction?: 'in' | 'out';
  /** Merge and split: the evidence that moved. */
  evidence?: EvidenceRef[];
  /** Publication: the report that listed it. */
  reportId?: string;
}

export interface Incident {
  /** `INC-` + a short sortable id. */
  id: string;
  kind: IncidentKind;
  state: IncidentState;
  /** Short title, generated and editable. */
  title: string;
  /** First and last evidence time (UTC ms). */
  startMs: number;
  endMs: number;
  /** Where: the evidence's centre. */
  lon: number;
  lat: number;
  /** The zone it happened in, when a detection names one ('' otherwise). */
  zoneId: string;
  /** Kinds of the tracks involved (empty for reports-only incidents). */
  trackKinds: TrackKind[];
  trackIds: string[];
  detectionIds: string[];
  fieldReportIds: string[];
  /** User name of the analyst it is assigned to, or null. */
  assignee: string | null;
  /** Set when verified. */
  confidence: Confidence | null;
  /** The published report that listed it, once published. */
  reportId: string | null;
  /**
   * Set when merged into another incident: this one is then dismissed, holds
   * no evidence (it all moved to the target) and cannot be reopened.
   */
  mergedInto: string | null;
  createdMs: number;
  updatedMs: number;
  history: IncidentEvent[];
}
