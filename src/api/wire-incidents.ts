/**
 * Wire types of incidents: the queue, one incident with its evidence, and
 * the bodies of the analyst's moves. What the web workspace and integrators
 * read; docs/incidents.md describes the fields.
 */
import type { Detection } from '../core/types.js';
import type { FieldReport } from '../incidents/field-report-types.js';
import type { Incident } from '../incidents/incident-types.js';

export type {
  AttachmentMeta,
  FieldReport,
  FieldReportCategory,
} from '../incidents/field-report-types.js';
export type {
  Confidence,
  EvidenceRef,
  EvidenceType,
  Incident,
  IncidentEvent,
  IncidentKind,
  IncidentState,
} from '../incidents/incident-types.js';
export type { IncidentSort } from '../store/incident-store.js';
export type { Detection, ObservationsBody } from './wire.js';

/** GET /api/incidents: one page of the queue (incidents without their history). */
export interface IncidentListBody {
  items: Incident[];
  /** How many match the filters, across all pages. */
  total: number;
  limit: number;
  offset: number;
}

/** GET /api/incidents/:id: the incident, its history, and the evidence behind it. */
export interface IncidentDetailBody {
  incident: Incident;
  /** Oldest first, each with the observations that prove it. */
  detections: Detection[];
  /** Oldest first, with their attachments' metadata (bytes at /api/field-reports/:id/attachments/:attachmentId). */
  fieldReports: FieldReport[];
}

/** A move's answer: the incident as it now is. */
export interface IncidentBody {
  incident: Incident;
}

/** POST /api/incidents/merge and /api/incidents/:id/split: every incident changed. */
export interface IncidentsChangedBody {
  incidents: Incident[];
}

export interface ReasonRequest {
  reason: string;
}
export interface VerifyRequest {
  confidence: 'low' | 'medium' | 'high' | 'confirmed';
  reason: string;
}
export interface AssignRequest {
  /** A user name, or null to unassign. */
  assignee: string | null;
  reason?: string;
}
export interface NoteRequest {
  text: string;
}
export interface MergeRequest {
  targetId: string;
  sourceIds: string[];
  reason: string;
}
export interface SplitRequest {
  evidence: { type: 'detection' | 'field_report'; id: string }[];
  reason: string;
}
