/** The incident table's prepared statements, made once per connection. */
import type { Database } from 'better-sqlite3';

/** Incidents the grouper may still add evidence to. */
const WORKABLE = "state IN ('open', 'under_review') AND merged_into IS NULL";

export type IncidentStatements = ReturnType<typeof prepareIncidentStatements>;

export function prepareIncidentStatements(db: Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    row: p('SELECT * FROM incidents WHERE id = ?'),
    nextSeq: p('SELECT coalesce(max(seq), 0) + 1 FROM incidents').pluck(),
    insert: p(`INSERT INTO incidents (seq, id, kind, state, title, group_key, start_ms, end_ms,
      lon, lat, zone_id, track_ids, track_kinds, evidence_count, created_ms, updated_ms)
      VALUES (@seq, @id, @kind, 'open', @title, @groupKey, @tMs, @tMs, @lon, @lat, '', '[]', '[]',
      0, @createdMs, @createdMs)`),
    summary: p(`UPDATE incidents SET start_ms = @startMs, end_ms = @endMs, lon = @lon, lat = @lat,
      zone_id = @zoneId, track_ids = @trackIds, track_kinds = @trackKinds,
      evidence_count = @count WHERE id = @id`),
    emptied: p('UPDATE incidents SET evidence_count = 0 WHERE id = ?'),
    touch: p('UPDATE incidents SET updated_ms = max(updated_ms, ?) WHERE id = ?'),
    patch: p(`UPDATE incidents SET state = @state, assignee = @assignee, confidence = @confidence,
      report_id = @reportId, merged_into = @mergedInto, updated_ms = @tMs WHERE id = @id`),
    candidates: p(`SELECT id, start_ms AS startMs, end_ms AS endMs, lon, lat FROM incidents
      WHERE group_key = ? AND ${WORKABLE} AND end_ms >= ? AND start_ms <= ?`),
    evidence: p('SELECT * FROM incident_evidence WHERE incident_id = ? ORDER BY t_ms, type, id'),
    evidenceOf: p('SELECT incident_id FROM incident_evidence WHERE type = ? AND id = ?').pluck(),
    insertEvidence: p(`INSERT INTO incident_evidence
      (type, id, incident_id, kind, t_ms, lon, lat, zone_id, track_ids, track_kind)
      VALUES (@type, @id, @incidentId, @kind, @tMs, @lon, @lat, @zoneId, @trackIds, @trackKind)`),
    moveEvidence: p('UPDATE incident_evidence SET incident_id = ? WHERE type = ? AND id = ?'),
    events: p('SELECT json FROM incident_events WHERE incident_id = ? ORDER BY n').pluck(),
    insertEvent: p(`INSERT INTO incident_events (incident_id, n, json) VALUES (?,
      (SELECT coalesce(max(n), 0) + 1 FROM incident_events WHERE incident_id = ?), ?)`),
    cursor: p('SELECT after_rowid FROM incident_cursors WHERE source = ?').pluck(),
    setCursor: p(`INSERT INTO incident_cursors (source, after_rowid) VALUES (?, ?)
      ON CONFLICT (source) DO UPDATE SET after_rowid = max(after_rowid, excluded.after_rowid)`),
    pendingDetections: p(
      'SELECT rowid AS position, json FROM detections WHERE rowid > ? ORDER BY rowid LIMIT ?',
    ),
    pendingReports: p(
      'SELECT rowid AS position, id FROM field_reports WHERE rowid > ? ORDER BY rowid LIMIT ?',
    ),
    verified: p(`SELECT * FROM incidents WHERE state IN ('verified', 'published')
      AND start_ms >= ? AND start_ms < ? ORDER BY start_ms, seq`),
    detectionSummary: p(
      "SELECT json_extract(json, '$.summary') FROM detections WHERE id = ?",
    ).pluck(),
    detections: p(`SELECT d.json FROM incident_evidence e JOIN detections d ON d.id = e.id
      WHERE e.type = 'detection' AND e.incident_id = ? ORDER BY e.t_ms, e.id`).pluck(),
  };
}
