/** Incidents, their evidence links and history (incident-types.ts). */
import type { Detection } from '../core/types.js';
import type { GroupingItem } from '../incidents/incident-grouping.js';
import type { IncidentMove } from '../incidents/incident-moves.js';
import type {
  EvidenceRef,
  EvidenceType,
  Incident,
  IncidentKind,
  IncidentState,
} from '../incidents/incident-types.js';

export const INCIDENT_SORTS = [
  'updated',
  '-updated',
  'start',
  '-start',
  'created',
  '-created',
] as const;
/** A field, oldest first; with `-`, newest first. Ties are broken by id. */
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export interface IncidentQuery {
  state?: IncidentState;
  kind?: IncidentKind;
  zoneId?: string;
  /** A user name; '' for unassigned incidents. */
  assignee?: string;
  /** Only incidents whose evidence span overlaps [fromMs, toMs]. */
  fromMs?: number;
  toMs?: number;
  /** Default `-updated`. */
  sort?: IncidentSort;
  /** Page size, default 50, at most 200. */
  limit?: number;
  offset?: number;
}

export interface IncidentPage {
  /** Without their history (ask for one incident to read it). */
  items: Incident[];
  /** How many match the filters. */
  total: number;
}

/** Stored evidence after the grouping cursor, in the order it was stored. */
export interface PendingEvidence<T> {
  /** The storage position of each item: pass the last one back to `group`. */
  positions: number[];
  items: T[];
}

/** What one call to `group` did. */
export interface GroupingOutcome {
  /** Incidents created or extended, as they now are (without history). */
  changed: Incident[];
  created: number;
  joined: number;
}

export interface IncidentStore {
  /** Detections stored after the grouping cursor, oldest stored first. */
  pendingDetections(limit: number): Promise<PendingEvidence<Detection>>;
  /** Ids of field reports stored after the grouping cursor, oldest stored first. */
  pendingFieldReportIds(limit: number): Promise<PendingEvidence<string>>;
  /**
   * Attach each item to the incident `chooseIncident` picks, or create one
   * (audited `incident.created`), and move the cursor of `source` to
   * `throughPosition`, all in one transaction: a crash leaves both or neither.
   * Evidence already in an incident is left where it is.
   */
  group(
    source: EvidenceType,
    throughPosition: number,
    items: readonly GroupingItem[],
    tMs: number,
  ): Promise<GroupingOutcome>;

  /** With its history. */
  get(id: string): Promise<Incident | undefined>;
  list(q: IncidentQuery): Promise<IncidentPage>;
  /** Verified or published incidents whose first evidence is in [fromMs, toMs), oldest first. */
  listVerified(fromMs: number, toMs: number): Promise<Incident[]>;
  /** The detections behind an incident, oldest first. */
  evidenceDetections(id: string): Promise<Detection[]>;

  /**
   * One move (incident-moves.ts) with its history event and audit entry in
   * one transaction. Throws IncidentError: not_found, or conflict naming the state.
   */
  applyMove(id: string, move: IncidentMove, actor: string, tMs: number): Promise<Incident>;
  /** Publish all or none: every id must be verified. */
  publish(
    ids: readonly string[],
    reportId: string,
    actor: string,
    tMs: number,
  ): Promise<Incident[]>;
  /**
   * Move all evidence of `sourceIds` to `targetId`; each source ends
   * dismissed with `mergedInto` set. Returns the target, then the sources.
   */
  merge(
    targetId: string,
    sourceIds: readonly string[],
    reason: string,
    actor: string,
    tMs: number,
  ): Promise<Incident[]>;
  /**
   * Move the chosen evidence of `id` to a new open incident; at least one
   * piece must stay. Returns the incident split, then the new one.
   */
  split(
    id: string,
    evidence: readonly EvidenceRef[],
    reason: string,
    actor: string,
    tMs: number,
  ): Promise<Incident[]>;
}
