/**
 * Published (signed) reports: one row per report, written with its
 * `report.published` audit entry in one transaction. The files (the signed
 * envelope, PDF, CSV, GeoJSON and their signatures) are on disk under
 * `<dataDir>/reports/<id>/`, written and fsynced before the row commits.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { ConflictError } from '../conflict-error.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type {
  PublishedReportQuery,
  PublishedReportRecord,
  PublishedReportStore,
} from '../published-report-store.js';
import type { AuditTable } from './audit-table.js';
import type { Migration } from './schema.js';

export const DEFAULT_REPORT_PAGE = 50;
export const MAX_REPORT_PAGE = 500;

export const PUBLISHED_REPORT_MIGRATION: Migration = {
  description: 'published_reports',
  sql: `
    CREATE TABLE published_reports (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      from_ms INTEGER NOT NULL,
      to_ms INTEGER NOT NULL,
      published_ms INTEGER NOT NULL,
      published_by TEXT NOT NULL,
      key_id TEXT NOT NULL,
      incident_ids TEXT NOT NULL,
      payload_sha256 TEXT NOT NULL,
      file_sha256 TEXT NOT NULL,
      has_pdf INTEGER NOT NULL,
      summary TEXT NOT NULL
    ) STRICT;
    CREATE INDEX published_reports_by_time ON published_reports (published_ms DESC, id);
  `,
};

interface ReportRow {
  id: string;
  title: string;
  from_ms: number;
  to_ms: number;
  published_ms: number;
  published_by: string;
  key_id: string;
  incident_ids: string;
  payload_sha256: string;
  file_sha256: string;
  has_pdf: number;
  summary: string;
}

export class PublishedReportTable implements PublishedReportStore {
  private readonly insertRow: Statement<ReportRow>;
  private readonly selectById: Statement<[string]>;
  private readonly selectPage: Statement<[number]>;
  private readonly insertTx: Transaction<(r: PublishedReportRecord, actor: string) => void>;

  constructor(
    readonly db: Database,
    readonly audit: AuditTable,
  ) {
    this.insertRow = db.prepare(
      `INSERT INTO published_reports (id, title, from_ms, to_ms, published_ms, published_by,
         key_id, incident_ids, payload_sha256, file_sha256, has_pdf, summary)
       VALUES (@id, @title, @from_ms, @to_ms, @published_ms, @published_by,
         @key_id, @incident_ids, @payload_sha256, @file_sha256, @has_pdf, @summary)`,
    );
    this.selectById = db.prepare('SELECT * FROM published_reports WHERE id = ?');
    this.selectPage = db.prepare(
      'SELECT * FROM published_reports ORDER BY published_ms DESC, id DESC LIMIT ?',
    );
    this.insertTx = db.transaction((r: PublishedReportRecord, actor: string) => {
      if (this.selectById.get(r.id) !== undefined) {
        throw new ConflictError('id', `a report ${r.id} is already published`);
      }
      this.insertRow.run(encodeRow(r));
      this.audit.append({
        tMs: r.publishedMs,
        actor,
        action: 'report.published',
        subjectType: 'report',
        subjectId: r.id,
        details: {
          title: r.title,
          fromMs: r.fromMs,
          toMs: r.toMs,
          keyId: r.keyId,
          incidentIds: r.incidentIds,
          payloadSha256: r.payloadSha256,
          files: r.fileSha256,
        },
      });
    });
  }

  async insert(record: PublishedReportRecord, actor: string): Promise<void> {
    this.insertTx.immediate(record, actor);
  }

  async get(id: string): Promise<PublishedReportRecord | undefined> {
    const row = this.selectById.get(id) as ReportRow | undefined;
    return row === undefined ? undefined : decodeRow(row);
  }

  async list(q: PublishedReportQuery = {}): Promise<PublishedReportRecord[]> {
    const limit = q.limit ?? DEFAULT_REPORT_PAGE;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InvalidQueryError('limit', `expected a positive integer, got ${q.limit}`);
    }
    const rows = this.selectPage.all(Math.min(limit, MAX_REPORT_PAGE)) as ReportRow[];
    return rows.map(decodeRow);
  }
}

function encodeRow(r: PublishedReportRecord): ReportRow {
  return {
    id: r.id,
    title: r.title,
    from_ms: r.fromMs,
    to_ms: r.toMs,
    published_ms: r.publishedMs,
    published_by: r.publishedBy,
    key_id: r.keyId,
    incident_ids: JSON.stringify(r.incidentIds),
    payload_sha256: r.payloadSha256,
    file_sha256: JSON.stringify(r.fileSha256),
    has_pdf: r.hasPdf ? 1 : 0,
    summary: r.summary,
  };
}

function decodeRow(row: ReportRow): PublishedReportRecord {
  return {
    id: row.id,
    title: row.title,
    fromMs: row.from_ms,
    toMs: row.to_ms,
    publishedMs: row.published_ms,
    publishedBy: row.published_by,
    keyId: row.key_id,
    incidentIds: JSON.parse(row.incident_ids) as string[],
    payloadSha256: row.payload_sha256,
    fileSha256: JSON.parse(row.file_sha256) as Record<string, string>,
    hasPdf: row.has_pdf === 1,
    summary: row.summary,
  };
}
