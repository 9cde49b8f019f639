/**
 * Filing field reports: validation, idempotence by client UUID, attachments,
 * and who may read what. The API maps its FieldReportError to HTTP; the
 * store keeps each change and its audit entry in one transaction.
 */
import type { ReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Bus } from '../bus/index.js';
import type { FieldReportQuery } from '../store/field-report-store.js';
import type { Store } from '../store/index.js';
import type { Page } from '../store/store.js';
import { sha256Hex } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';
import { AttachmentFiles, sniffImageType } from './field-report-attachments.js';
import { FieldReportError } from './field-report-error.js';
import { isSameFieldReportContent, parseFieldReportInput } from './field-report-input.js';
import {
  ATTACHMENT_MEDIA_TYPES,
  type AttachmentMeta,
  FIELD_REPORT_LIMITS,
  type FieldReport,
  type FieldReportInput,
} from './field-report-types.js';

export interface FieldReportServiceOptions {
  store: Store;
  bus: Bus;
  /** Photos are kept under `<dataDir>/attachments/`. */
  dataDir: string;
  now(): number;
}

/** Who files a report or a photo. */
export interface FieldReporter {
  userId: string;
  username: string;
}

/** Who reads: everyone's reports (analysts) or only their own (monitors). */
export interface FieldReportReader {
  userId: string;
  readsAll: boolean;
}

/** A photo as it arrives: the bytes and what the client says about them. */
export interface AttachmentUpload {
  attachmentId: string;
  /** The declared content type; the bytes must agree with it. */
  declaredType: string | undefined;
  fileName: string | undefined;
  bytes: Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export class FieldReportService {
  readonly files: AttachmentFiles;

  constructor(readonly opts: FieldReportServiceOptions) {
    this.files = new AttachmentFiles(join(opts.dataDir, 'attachments'));
  }

  /**
   * Stores a new report (created: true) and tells the bus; a resend of a
   * stored report returns it (created: false); the same id with other
   * content, or from someone else, is a conflict naming `id`.
   */
  async fileReport(
    input: unknown,
    reporter: FieldReporter,
  ): Promise<{ report: FieldReport; created: boolean }> {
    const nowMs = this.opts.now();
    const content = parseFieldReportInput(input, nowMs);
    const report: FieldReport = {
      ...content,
      receivedMs: nowMs,
      reporterId: reporter.userId,
      reporterName: reporter.username,
      attachments: [],
    };
    const result = await this.opts.store.fieldReports.insertReport(report, {
      tMs: nowMs,
      actor: reporter.username,
      action: 'field_report.filed',
      subjectType: 'field_report',
      subjectId: report.id,
      details: {
        category: report.category,
        observedMs: report.observedMs,
        count: report.count,
        // Fractions go into the audit log as text (audit-chain.ts); the digest pins the rest.
        lonLat: `${report.lon},${report.lat}`,
        contentSha256: hashReportContent(content),
      },
    });
    if (!result.created) {
      const stored = result.report;
      if (stored.reporterId !== reporter.userId || !isSameFieldReportContent(stored, content)) {
        throw new FieldReportError(
          'conflict',
          'id',
          'a different report was already filed with this id; make a new id for a new report',
        );
      }
      return { report: stored, created: false };
    }
    this.opts.bus.publish('fieldReports', [result.report]);
    return result;
  }

  /**
   * Keeps a photo of the reporter's own report: sniffed, hashed, written
   * durably, then recorded. A resend of the same photo under the same id
   * returns it (created: false).
   */
  async addAttachment(
    reportId: string,
    upload: AttachmentUpload,
    reporter: FieldReporter,
  ): Promise<{ attachment: AttachmentMeta; created: boolean }> {
    const L = FIELD_REPORT_LIMITS;
    if (!UUID.test(upload.attachmentId)) {
      throw new FieldReportError('invalid', 'attachmentId', 'expected a UUID made by the client');
    }
    const report = await this.opts.store.fieldReports.getReport(reportId);
    if (report === undefined || report.reporterId !== reporter.userId) {
      throw new FieldReportError('not_found', 'id', `no field report ${reportId} of yours`);
    }
    // Checked again inside the insert's transaction; this spares writing a file bound to be refused.
    const known = report.attachments.some((a) => a.id === upload.attachmentId);
    if (!known && report.attachments.length >= L.maxAttachmentsPerReport) {
      throw tooManyPhotos();
    }
    if (upload.bytes.length > L.maxAttachmentBytes) {
      throw new FieldReportError(
        'too_large',
        'body',
        `a photo may hold at most ${L.maxAttachmentBytes} bytes, this one holds ${upload.bytes.length}`,
      );
    }
    const mediaType = sniffImageType(upload.bytes);
    if (mediaType === undefined) {
      throw new FieldReportError(
        'unsupported_media_type',
        'body',
        `not a photo of an accepted type (${ATTACHMENT_MEDIA_TYPES.join(', ')})`,
      );
    }
    if (upload.declaredType !== undefined && upload.declaredType !== mediaType) {
      throw new FieldReportError(
        'unsupported_media_type',
        'content-type',
        `declared ${upload.declaredType} but the bytes are ${mediaType}`,
      );
    }
    // Durable before the row: an acknowledged photo must survive a crash.
    const sha256 = await this.files.write(upload.bytes);
    const attachment: AttachmentMeta = {
      id: upload.attachmentId,
      mediaType,
      bytes: upload.bytes.length,
      sha256,
      fileName: cleanFileName(upload.fileName, mediaType),
    };
    const nowMs = this.opts.now();
    const result = await this.opts.store.fieldReports.insertAttachment(reportId, attachment, {
      maxPerReport: L.maxAttachmentsPerReport,
      audit: {
        tMs: nowMs,
        actor: reporter.username,
        action: 'field_report.photo_added',
        subjectType: 'field_report',
        subjectId: reportId,
        details: { attachmentId: attachment.id, mediaType, bytes: attachment.bytes, sha256 },
      },
    });
    switch (result.outcome) {
      case 'created':
        return { attachment: result.attachment, created: true };
      case 'exists':
        if (result.reportId !== reportId || result.attachment.sha256 !== sha256) {
          throw new FieldReportError(
            'conflict',
            'attachmentId',
            'a different photo was already sent with this id',
          );
        }
        return { attachment: result.attachment, created: false };
      case 'limit':
        throw tooManyPhotos();
      case 'no_report':
        throw new FieldReportError('not_found', 'id', `no field report ${reportId}`);
    }
  }

  /** The report, if this reader may see it; otherwise not found, as if it did not exist. */
  async getReport(id: string, reader: FieldReportReader): Promise<FieldReport> {
    const report = await this.opts.store.fieldReports.getReport(id);
    if (report === undefined || !mayRead(reader, report)) {
      throw new FieldReportError('not_found', 'id', `no field report ${id}`);
    }
    return report;
  }

  /** A page of reports; a reader of their own sees only theirs, whatever the filters say. */
  async listReports(q: FieldReportQuery, reader: FieldReportReader): Promise<Page<FieldReport>> {
    const query = reader.readsAll ? q : { ...q, reporterId: reader.userId };
    return this.opts.store.fieldReports.listReports(query);
  }

  /** A photo's metadata and its bytes, if this reader may see the report. */
  async openAttachment(
    reportId: string,
    attachmentId: string,
    reader: FieldReportReader,
  ): Promise<{ attachment: AttachmentMeta; stream: ReadStream }> {
    await this.getReport(reportId, reader);
    const attachment = await this.opts.store.fieldReports.getAttachment(reportId, attachmentId);
    if (attachment === undefined) {
      throw new FieldReportError('not_found', 'attachmentId', `no photo ${attachmentId}`);
    }
    return { attachment, stream: this.files.openRead(attachment.sha256) };
  }
}

function tooManyPhotos(): FieldReportError {
  const max = FIELD_REPORT_LIMITS.maxAttachmentsPerReport;
  return new FieldReportError(
    'attachment_limit',
    'attachments',
    `a report may hold at most ${max} photos`,
  );
}

function mayRead(reader: FieldReportReader, report: FieldReport): boolean {
  return reader.readsAll || report.reporterId === reader.userId;
}

/** SHA-256 of the report's content as filed, recorded in the audit log. */
export function hashReportContent(content: FieldReportInput): string {
  const { id, observedMs, lon, lat, category, count, bearingDeg, distanceM, text } = content;
  return sha256Hex(
    canonicalJson({ id, observedMs, lon, lat, category, count, bearingDeg, distanceM, text }),
  );
}

/** A name fit to show and to put in content-disposition: no paths, no control characters. */
function cleanFileName(name: string | undefined, mediaType: string): string {
  const base = (name ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .trim()
    .slice(0, FIELD_REPORT_LIMITS.maxFileNameChars);
  return base === '' ? `photo.${mediaType.slice('image/'.length)}` : base;
}
