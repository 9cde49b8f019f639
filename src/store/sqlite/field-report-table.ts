/**
 * Field reports and their photo attachments (field-report-types.ts).
 *
 * Inserts are idempotent by the client's UUID: the existence check and the
 * insert with its audit entry run in one IMMEDIATE transaction, so two
 * copies of one report arriving at once store it once and audit it once.
 * Attachment bytes live in files (field-report-attachments.ts); a row here
 * is written only after its file is durable, so a row never names a file
 * that a crash lost.
 *
 * Pages are newest observed first by keyset on (observed_ms, id), the same
 * opaque cursor as detections (detection-table.ts).
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { NewAuditEntry } from '../../incidents/audit-chain.js';
import type { AttachmentMeta, FieldReport } from '../../incidents/field-report-types.js';
import type {
  AttachmentInsert,
  FieldReportInsert,
  FieldReportQuery,
  FieldReportStore,
} from '../field-report-store.js';
import type { Page } from '../store.js';
import type { AuditTable } from './audit-table.js';
import { KeysetPages } from './keyset-pages.js';
import type { Migration } from './schema.js';

export const DEFAULT_FIELD_REPORT_PAGE = 100;
export const MAX_FIELD_REPORT_PAGE = 1000;

export const FIELD_REPORT_MIGRATION: Migration = {
  description: 'field_reports and field_report_attachments',
  sql: `
    CREATE TABLE field_reports (
      id            TEXT PRIMARY KEY,
      observed_ms   INTEGER NOT NULL,
      received_ms   INTEGER NOT NULL,
      lon           REAL NOT NULL,
      lat           REAL NOT NULL,
      category      TEXT NOT NULL,
      count         INTEGER NOT NULL,
      bearing_deg   REAL,
      distance_m    REAL,
      text          TEXT NOT NULL,
      reporter_id   TEXT NOT NULL,
      reporter_name TEXT NOT NULL COLLATE NOCASE
    );
    CREATE INDEX field_reports_by_time ON field_reports (observed_ms, id);
    CREATE INDEX field_reports_by_reporter ON field_reports (reporter_id, observed_ms, id);
    CREATE TABLE field_report_attachments (
      id         TEXT PRIMARY KEY,
      report_id  TEXT NOT NULL REFERENCES field_reports (id),
      media_type TEXT NOT NULL,
      bytes      INTEGER NOT NULL,
      sha256     TEXT NOT NULL,
      file_name  TEXT NOT NULL,
      added_ms   INTEGER NOT NULL
    );
    CREATE INDEX field_report_attachments_by_report ON field_report_attachments (report_id);
  `,
};

interface ReportRow {
  id: string;
  observed_ms: number;
  received_ms: number;
  lon: number;
  lat: number;
  category: FieldReport['category'];
  count: number;
  bearing_deg: number | null;
  distance_m: number | null;
  text: string;
  reporter_id: string;
  reporter_name: string;
}

interface AttachmentRow {
  id: string;
  report_id: string;
  media_type: string;
  bytes: number;
  sha256: string;
  file_name: string;
}

export class FieldReportTable implements FieldReportStore {
  private readonly selectReport: Statement<[string]>;
  private readonly insertReportRow: Statement<ReportRow>;
  private readonly selectAttachment: Statement<[string]>;
  private readonly selectAttachments: Statement<[string]>;
  private readonly countAttachments: Statement<[string]>;
  private readonly insertAttachmentRow: Statement<AttachmentRow & { added_ms: number }>;
  private readonly insertReportTx: Transaction<
    (report: FieldReport, audit: NewAuditEntry) => FieldReportInsert
  >;
  private readonly insertAttachmentTx: Transaction<
    (reportId: string, a: AttachmentMeta, max: number, audit: NewAuditEntry) => AttachmentInsert
  >;
  private readonly pages: KeysetPages;

  constructor(
    readonly db: Database,
    readonly audit: AuditTable,
  ) {
    this.selectReport = db.prepare('SELECT * FROM field_reports WHERE id = ?');
    this.pages = new KeysetPages(db, {
      select: 'SELECT * FROM field_reports',
      timeColumn: 'observed_ms',
      idColumn: 'id',
      filters: {
        fromMs: 'observed_ms >= @fromMs',
        toMs: 'observed_ms <= @toMs',
        category: 'category = @category',
        reporterId: 'reporter_id = @reporterId',
        reporterName: 'reporter_name = @reporterName',
      },
      defaultLimit: DEFAULT_FIELD_REPORT_PAGE,
      maxLimit: MAX_FIELD_REPORT_PAGE,
    });
    this.insertReportRow = db.prepare(
      `INSERT INTO field_reports (id, observed_ms, received_ms, lon, lat, category, count,
         bearing_deg, distance_m, text, reporter_id, reporter_name)
       VALUES (@id, @observed_ms, @received_ms, @lon, @lat, @category, @count,
         @bearing_deg, @distance_m, @text, @reporter_id, @reporter_name)`,
    );
    this.selectAttachment = db.prepare('SELECT * FROM field_report_attachments WHERE id = ?');
    this.selectAttachments = db.prepare(
      'SELECT * FROM field_report_attachments WHERE report_id = ? ORDER BY rowid',
    );
    this.countAttachments = db
      .prepare('SELECT count(*) FROM field_report_attachments WHERE report_id = ?')
      .pluck();
    this.insertAttachmentRow = db.prepare(
      `INSERT INTO field_report_attachments
         (id, report_id, media_type, bytes, sha256, file_name, added_ms)
       VALUES (@id, @report_id, @media_type, @bytes, @sha256, @file_name, @added_ms)`,
    );
    this.insertReportTx = db.transaction((report: FieldReport, audit: NewAuditEntry) => {
      const existing = this.readReport(report.id);
      if (existing !== undefined) return { created: false, report: existing };
      this.insertReportRow.run(encodeReport(report));
      this.audit.append(audit);
      return { created: true, report: { ...report, attachments: [] } };
    });
    this.insertAttachmentTx = db.transaction(
      (reportId: string, a: AttachmentMeta, max: number, audit: NewAuditEntry) => {
        const existing = this.selectAttachment.get(a.id) as AttachmentRow | undefined;
        if (existing !== undefined) {
          return {
            outcome: 'exists' as const,
            attachment: decodeAttachment(existing),
            reportId: existing.report_id,
          };
        }
        if (this.selectReport.get(reportId) === undefined) return { outcome: 'no_report' as const };
        if ((this.countAttachments.get(reportId) as number) >= max) {
          return { outcome: 'limit' as const };
        }
        this.insertAttachmentRow.run({
          id: a.id,
          report_id: reportId,
          media_type: a.mediaType,
          bytes: a.bytes,
          sha256: a.sha256,
          file_name: a.fileName,
          added_ms: audit.tMs,
        });
        this.audit.append(audit);
        return { outcome: 'created' as const, attachment: { ...a } };
      },
    );
  }

  async insertReport(report: FieldReport, audit: NewAuditEntry): Promise<FieldReportInsert> {
    return this.insertReportTx.immediate(report, audit);
  }

  async getReport(id: string): Promise<FieldReport | undefined> {
    return this.readReport(id);
  }

  async listReports(q: FieldReportQuery): Promise<Page<FieldReport>> {
    return this.pages.page(
      q,
      (r: ReportRow) => this.withAttachments(r),
      (r) => [r.observedMs, r.id],
    );
  }

  async insertAttachment(
    reportId: string,
    attachment: AttachmentMeta,
    opts: { maxPerReport: number; audit: NewAuditEntry },
  ): Promise<AttachmentInsert> {
    return this.insertAttachmentTx.immediate(reportId, attachment, opts.maxPerReport, opts.audit);
  }

  async getAttachment(reportId: string, attachmentId: string): Promise<AttachmentMeta | undefined> {
    const row = this.selectAttachment.get(attachmentId) as AttachmentRow | undefined;
    return row !== undefined && row.report_id === reportId ? decodeAttachment(row) : undefined;
  }

  private readReport(id: string): FieldReport | undefined {
    const row = this.selectReport.get(id) as ReportRow | undefined;
    return row === undefined ? undefined : this.withAttachments(row);
  }

  private withAttachments(row: ReportRow): FieldReport {
    const attachments = (this.selectAttachments.all(row.id) as AttachmentRow[]).map(
      decodeAttachment,
    );
    return decodeReport(row, attachments);
  }
}

function encodeReport(r: FieldReport): ReportRow {
  return {
    id: r.id,
    observed_ms: r.observedMs,
    received_ms: r.receivedMs,
    lon: r.lon,
    lat: r.lat,
    category: r.category,
    count: r.count,
    bearing_deg: r.bearingDeg,
    distance_m: r.distanceM,
    text: r.text,
    reporter_id: r.reporterId,
    reporter_name: r.reporterName,
  };
}

function decodeReport(r: ReportRow, attachments: AttachmentMeta[]): FieldReport {
  return {
    id: r.id,
    observedMs: r.observed_ms,
    receivedMs: r.received_ms,
    lon: r.lon,
    lat: r.lat,
    category: r.category,
    count: r.count,
    bearingDeg: r.bearing_deg,
    distanceM: r.distance_m,
    text: r.text,
    reporterId: r.reporter_id,
    reporterName: r.reporter_name,
    attachments,
  };
}

function decodeAttachment(r: AttachmentRow): AttachmentMeta {
  return {
    id: r.id,
    mediaType: r.media_type,
    bytes: r.bytes,
    sha256: r.sha256,
    fileName: r.file_name,
  };
}
