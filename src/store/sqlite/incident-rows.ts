/**
 * How an incident is kept in SQLite (migration 6, incident-table.ts) and read
 * back: the row of `incidents`, its evidence links in `incident_evidence`
 * and its history in `incident_events`.
 */
import type { TrackKind } from '../../core/types.js';
import { IncidentError } from '../../incidents/incident-error.js';
import type {
  Confidence,
  EvidencePoint,
  EvidenceRef,
  EvidenceType,
  Incident,
  IncidentEvent,
  IncidentKind,
  IncidentState,
} from '../../incidents/incident-types.js';

export interface IncidentRow {
  seq: number;
  id: string;
  kind: string;
  state: string;
  title: string;
  group_key: string;
  start_ms: number;
  end_ms: number;
  lon: number;
  lat: number;
  zone_id: string;
  track_ids: string;
  track_kinds: string;
  evidence_count: number;
  assignee: string | null;
  confidence: string | null;
  report_id: string | null;
  merged_into: string | null;
  created_ms: number;
  updated_ms: number;
}

export interface EvidenceRow {
  type: string;
  id: string;
  incident_id: string;
  kind: string;
  t_ms: number;
  lon: number;
  lat: number;
  zone_id: string;
  track_ids: string;
  track_kind: string | null;
}

/** `INC-000042`: the creation number, padded so that ids sort in creation order up to a million. */
export function formatIncidentId(seq: number): string {
  return `INC-${String(seq).padStart(6, '0')}`;
}

export function decodeIncident(
  row: IncidentRow,
  evidence: readonly Pick<EvidenceRow, 'type' | 'id'>[],
  history: IncidentEvent[],
): Incident {
  return {
    id: row.id,
    kind: row.kind as IncidentKind,
    state: row.state as IncidentState,
    title: row.title,
    startMs: row.start_ms,
    endMs: row.end_ms,
    lon: row.lon,
    lat: row.lat,
    zoneId: row.zone_id,
    trackKinds: JSON.parse(row.track_kinds) as TrackKind[],
    trackIds: JSON.parse(row.track_ids) as string[],
    detectionIds: evidence.filter((e) => e.type === 'detection').map((e) => e.id),
    fieldReportIds: evidence.filter((e) => e.type === 'field_report').map((e) => e.id),
    assignee: row.assignee,
    confidence: row.confidence as Confidence | null,
    reportId: row.report_id,
    mergedInto: row.merged_into,
    createdMs: row.created_ms,
    updatedMs: row.updated_ms,
    history,
  };
}

export function decodeEvidence(row: EvidenceRow): EvidencePoint {
  return {
    type: row.type as EvidenceType,
    id: row.id,
    kind: row.kind as IncidentKind,
    tMs: row.t_ms,
    lon: row.lon,
    lat: row.lat,
    zoneId: row.zone_id,
    trackIds: JSON.parse(row.track_ids) as string[],
    trackKind: row.track_kind as TrackKind | null,
  };
}

/** What an incident's evidence says of it: span, centre, first zone, tracks in order of appearance. */
export interface EvidenceSummary {
  startMs: number;
  endMs: number;
  lon: number;
  lat: number;
  zoneId: string;
  trackIds: string[];
  trackKinds: TrackKind[];
  count: number;
}

/** `points` oldest first; undefined when there are none (a merged incident keeps its last summary). */
export function summariseEvidence(points: readonly EvidencePoint[]): EvidenceSummary | undefined {
  const [first, ...rest] = points;
  if (first === undefined) return undefined;
  return rest.reduce(extendSummary, summariseOne(first));
}

export function summariseOne(p: EvidencePoint): EvidenceSummary {
  return {
    startMs: p.tMs,
    endMs: p.tMs,
    lon: p.lon,
    lat: p.lat,
    zoneId: p.zoneId,
    trackIds: [...p.trackIds],
    trackKinds: p.trackKind === null ? [] : [p.trackKind],
    count: 1,
  };
}

/**
 * The summary with one more piece of evidence, without reading the others:
 * grouping calls this for every join, so an incident that keeps growing
 * (a track crossing a line all day) costs the same per detection at its
 * ten-thousandth as at its second. The centre is the running mean (evidence
 * of one incident lies within kilometres, far from the antimeridian); the
 * zone is the earliest evidence's that names one; tracks keep the order they
 * appeared in, an earlier piece's first.
 */
export function extendSummary(s: EvidenceSummary, p: EvidencePoint): EvidenceSummary {
  const count = s.count + 1;
  const earlier = p.tMs < s.startMs;
  const add = <T>(list: T[], items: readonly T[]): T[] => {
    const fresh = items.filter((x) => !list.includes(x));
    return earlier ? [...fresh, ...list] : [...list, ...fresh];
  };
  return {
    startMs: Math.min(s.startMs, p.tMs),
    endMs: Math.max(s.endMs, p.tMs),
    lon: s.lon + (p.lon - s.lon) / count,
    lat: s.lat + (p.lat - s.lat) / count,
    zoneId: p.zoneId !== '' && (s.zoneId === '' || earlier) ? p.zoneId : s.zoneId,
    trackIds: add(s.trackIds, p.trackIds),
    trackKinds: add(s.trackKinds, p.trackKind === null ? [] : [p.trackKind]),
    count,
  };
}

/** The summary a row holds. */
export function readSummary(row: IncidentRow): EvidenceSummary {
  return {
    startMs: row.start_ms,
    endMs: row.end_ms,
    lon: row.lon,
    lat: row.lat,
    zoneId: row.zone_id,
    trackIds: JSON.parse(row.track_ids) as string[],
    trackKinds: JSON.parse(row.track_kinds) as TrackKind[],
    count: row.evidence_count,
  };
}

/** `detection:abc` / `field_report:uuid`, as the audit log names evidence. */
export function formatRef(e: EvidenceRef): string {
  return `${e.type}:${e.id}`;
}

/** The evidence chosen for a split, oldest first: each in `id`, none twice, not all of it. */
export function checkSplitChoice(
  id: string,
  points: readonly EvidencePoint[],
  chosen: readonly EvidenceRef[],
): EvidencePoint[] {
  if (chosen.length === 0) {
    throw new IncidentError('invalid', 'choose at least one piece of evidence to split off', {
      field: 'evidence',
    });
  }
  const held = new Map(points.map((p) => [formatRef(p), p]));
  const picked = new Set<string>();
  chosen.forEach((ref, i) => {
    const key = formatRef(ref);
    if (!held.has(key)) {
      throw new IncidentError('invalid', `${key} is not evidence of ${id}`, {
        field: `evidence.${i}`,
      });
    }
    if (picked.has(key)) {
      throw new IncidentError('invalid', `${key} is chosen twice`, { field: `evidence.${i}` });
    }
    picked.add(key);
  });
  if (picked.size === points.length) {
    throw new IncidentError(
      'invalid',
      `a split must leave at least one piece of evidence in ${id}`,
      {
        field: 'evidence',
      },
    );
  }
  return points.filter((p) => picked.has(formatRef(p)));
}
