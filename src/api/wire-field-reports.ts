/**
 * Field reports on the wire (docs/field-reports.md): what the web form and
 * integrators send and get back. The shapes are the service's own
 * (field-report-types.ts); that file imports nothing, so its constants run in
 * the browser too and the form checks the same limits the server does.
 */
import type { AttachmentMeta, FieldReport } from '../incidents/field-report-types.js';

export type {
  AttachmentMediaType,
  FieldReportCategory,
  FieldReportInput as FieldReportInputBody,
} from '../incidents/field-report-types.js';
export {
  ATTACHMENT_MEDIA_TYPES,
  FIELD_REPORT_CATEGORIES,
  FIELD_REPORT_LIMITS,
} from '../incidents/field-report-types.js';

/** POST /api/field-reports answers (201 new, 200 a resend) and GET /api/field-reports/:id. */
export type FieldReportBody = FieldReport;

/** POST /api/field-reports/:id/attachments answers (201 new, 200 a resend). */
export type AttachmentBody = AttachmentMeta;

/** GET /api/field-reports: newest observed first; `next` is the cursor of the following page. */
export interface FieldReportPageBody {
  items: FieldReportBody[];
  next: string | null;
}

/** A refusal names the field at fault, so a form can point at it. */
export interface FieldReportErrorBody {
  error: { code: string; message: string; field: string };
}
