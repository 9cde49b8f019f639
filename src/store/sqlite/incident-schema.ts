/** Migration 6: incidents, their evidence, history and grouping cursors (incident-table.ts). */
import type { Migration } from './schema.js';

export const INCIDENT_MIGRATION: Migration = {
  description: 'incidents, their evidence, history and grouping cursors',
  sql: `
    CREATE TABLE incidents (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      state TEXT NOT NULL,
      title TEXT NOT NULL,
      group_key TEXT NOT NULL,
      start_ms INTEGER NOT NULL,
      end_ms INTEGER NOT NULL,
      lon REAL NOT NULL,
      lat REAL NOT NULL,
      zone_id TEXT NOT NULL,
      track_ids TEXT NOT NULL,
      track_kinds TEXT NOT NULL,
      evidence_count INTEGER NOT NULL,
      assignee TEXT,
      confidence TEXT,
      report_id TEXT,
      merged_into TEXT,
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL
    );
    -- The grouper's lookup: same key, still being worked on, span near the item.
    CREATE INDEX incidents_group ON incidents (group_key, state, end_ms);
    CREATE INDEX incidents_start ON incidents (start_ms);
    CREATE INDEX incidents_updated ON incidents (updated_ms);

    CREATE TABLE incident_evidence (
      type TEXT NOT NULL,
      id TEXT NOT NULL,
      incident_id TEXT NOT NULL REFERENCES incidents (id),
      kind TEXT NOT NULL,
      t_ms INTEGER NOT NULL,
      lon REAL NOT NULL,
      lat REAL NOT NULL,
      zone_id TEXT NOT NULL,
      track_ids TEXT NOT NULL,
      track_kind TEXT,
      PRIMARY KEY (type, id)
    ) WITHOUT ROWID;
    CREATE INDEX incident_evidence_incident ON incident_evidence (incident_id, t_ms);

    CREATE TABLE incident_events (
      incident_id TEXT NOT NULL,
      n INTEGER NOT NULL,
      json TEXT NOT NULL,
      PRIMARY KEY (incident_id, n)
    ) WITHOUT ROWID;

    CREATE TABLE incident_cursors (
      source TEXT PRIMARY KEY,
      after_rowid INTEGER NOT NULL
    );
  `,
};
