/** Field reports and their photo attachments (field-report-types.ts). */
import type { NewAuditEntry } from '../incidents/audit-chain.js';
import type {
  AttachmentMeta,
  FieldReport,
  FieldReportCategory,
} from '../incidents/field-report-types.js';
import type { Page } from './store.js';

export interface FieldReportQuery {
  /** Inclusive bounds on `observedMs`. */
  fromMs?: number;
  toMs?: number;
  category?: FieldReportCategory;
  /** Only this user's reports (a monitor reading their own). */
  reporterId?: string;
  /** Only reports filed under this user name, in any case (an analyst's filter). */
  reporterName?: string;
  /** Page size, default 100, at most 1000. */
  limit?: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
}

/** What storing a report did: stored it now, or found one already stored under its id. */
export interface FieldReportInsert {
  created: boolean;
  /** The report stored under the id: the new one, or the earlier one. */
  report: FieldReport;
}

export type AttachmentInsert =
  | { outcome: 'created'; attachment: AttachmentMeta }
  /** The attachment id is taken, by this report or by `reportId`. */
  | { outcome: 'exists'; attachment: AttachmentMeta; reportId: string }
  | { outcome: 'no_report' }
  /** The report already holds `maxPerReport` attachments. */
  | { outcome: 'limit' };

export interface FieldReportStore {
  /**
   * Store the report and append `audit` in one transaction, unless a report
   * with its id exists: then nothing is written and the stored one returned,
   * so a resend stores once and the caller compares the content.
   */
  insertReport(report: FieldReport, audit: NewAuditEntry): Promise<FieldReportInsert>;
  /** The report with its attachments in the order they were added. */
  getReport(id: string): Promise<FieldReport | undefined>;
  /** Newest observed first, by keyset on (observedMs, id). */
  listReports(q: FieldReportQuery): Promise<Page<FieldReport>>;
  /**
   * Record an attachment whose bytes are already durable, with its audit
   * entry, in one transaction: the count limit is checked inside it, so
   * concurrent uploads cannot exceed it.
   */
  insertAttachment(
    reportId: string,
    attachment: AttachmentMeta,
    opts: { maxPerReport: number; audit: NewAuditEntry },
  ): Promise<AttachmentInsert>;
  getAttachment(reportId: string, attachmentId: string): Promise<AttachmentMeta | undefined>;
}
