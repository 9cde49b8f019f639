/**
 * The field report endpoints (docs/field-reports.md). Monitors file reports
 * and their photos; everyone with `field-report:read-own` reads their own,
 * and holders of `field-report:read` (analysts) read all, with filters.
 *
 * Photos arrive as the raw image bytes (`content-type: image/jpeg`, `png` or
 * `webp`) with the client's attachment id in the query: no multipart
 * framing, so a resend after a dropped connection is the same request
 * byte for byte.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FieldReportError, type FieldReportErrorKind } from '../incidents/field-report-error.js';
import type { FieldReporter, FieldReportReader } from '../incidents/field-report-service.js';
import {
  ATTACHMENT_MEDIA_TYPES,
  FIELD_REPORT_CATEGORIES,
  FIELD_REPORT_LIMITS,
} from '../incidents/field-report-types.js';
import { principalCan, requireUser } from './access.js';
import { ApiError } from './api-error.js';
import { parseParams, TimeParam } from './query-params.js';
import type { ApiDeps } from './server.js';
import type { AttachmentBody, FieldReportBody, FieldReportPageBody } from './wire-field-reports.js';

/** A report is a few hundred bytes; 4000 characters of text escaped as JSON fit well within. */
const REPORT_BODY_LIMIT_BYTES = 64 * 1024;

const STATUS_BY_KIND: Record<FieldReportErrorKind, [number, string]> = {
  invalid: [400, 'invalid_field_report'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  attachment_limit: [409, 'attachment_limit'],
  too_large: [413, 'too_large'],
  unsupported_media_type: [415, 'unsupported_media_type'],
};

const ReportParams = z.object({ id: z.uuid() });
const AttachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });
const AttachmentQuery = z.strictObject({
  attachmentId: z.uuid(),
  fileName: z.string().max(1000).optional(),
});
const ListQuery = z.strictObject({
  from: TimeParam.optional(),
  to: TimeParam.optional(),
  category: z.enum(FIELD_REPORT_CATEGORIES).optional(),
  reporter: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().max(512).optional(),
});

export function registerFieldReportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const service = deps.fieldReports;
  if (service === undefined) return;

  app.post(
    '/api/field-reports',
    { config: { access: 'field-report:create' }, bodyLimit: REPORT_BODY_LIMIT_BYTES },
    async (req, reply): Promise<FieldReportBody> => {
      const { report, created } = await refuseAsApiError(() =>
        service.fileReport(req.body, reporterOf(req)),
      );
      reply.status(created ? 201 : 200);
      return report;
    },
  );

  app.get(
    '/api/field-reports',
    { config: { access: 'field-report:read-own' } },
    async (req): Promise<FieldReportPageBody> => {
      const q = parseParams(ListQuery, req.query);
      return refuseAsApiError(() =>
        service.listReports(
          {
            ...(q.from === undefined ? {} : { fromMs: q.from }),
            ...(q.to === undefined ? {} : { toMs: q.to }),
            ...(q.category === undefined ? {} : { category: q.category }),
            ...(q.reporter === undefined ? {} : { reporterName: q.reporter }),
            ...(q.limit === undefined ? {} : { limit: q.limit }),
            ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
          },
          readerOf(req),
        ),
      );
    },
  );

  app.get(
    '/api/field-reports/:id',
    { config: { access: 'field-report:read-own' } },
    async (req): Promise<FieldReportBody> => {
      const { id } = parseParams(ReportParams, req.params, 'path');
      return refuseAsApiError(() => service.getReport(id, readerOf(req)));
    },
  );

  app.get(
    '/api/field-reports/:id/attachments/:attachmentId',
    { config: { access: 'field-report:read-own' } },
    async (req, reply) => {
      const { id, attachmentId } = parseParams(AttachmentParams, req.params, 'path');
      const { attachment, stream } = await refuseAsApiError(() =>
        service.openAttachment(id, attachmentId, readerOf(req)),
      );
      return reply
        .type(attachment.mediaType)
        .header('content-length', attachment.bytes)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(stream);
    },
  );

  // Photos in their own scope, so that the raw-image body parser stays theirs.
  app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
      done(null, body);
    });
    scope.post(
      '/api/field-reports/:id/attachments',
      {
        config: { access: 'field-report:create' },
        bodyLimit: FIELD_REPORT_LIMITS.maxAttachmentBytes,
        // A declared length over the limit is refused before a byte is read, naming the field.
        onRequest: async (req) => refuseDeclaredOversize(req),
      },
      async (req, reply): Promise<AttachmentBody> => {
        const { id } = parseParams(ReportParams, req.params, 'path');
        const q = parseParams(AttachmentQuery, req.query);
        const declaredType = readDeclaredImageType(req);
        if (!Buffer.isBuffer(req.body)) {
          throw new ApiError(400, 'invalid_body', 'body: expected the image bytes', {
            field: 'body',
          });
        }
        const { attachment, created } = await refuseAsApiError(() =>
          service.addAttachment(
            id,
            {
              attachmentId: q.attachmentId,
              declaredType,
              fileName: q.fileName,
              bytes: req.body as Buffer,
            },
            reporterOf(req),
          ),
        );
        reply.status(created ? 201 : 200);
        return attachment;
      },
    );
  });
}

function reporterOf(req: FastifyRequest): FieldReporter {
  const user = requireUser(req);
  return { userId: user.userId, username: user.username };
}

function readerOf(req: FastifyRequest): FieldReportReader {
  const user = requireUser(req);
  return { userId: user.userId, readsAll: principalCan(req.principal, 'field-report:read') };
}

/** Runs a service call, turning its refusals into the API's one error type. */
async function refuseAsApiError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof FieldReportError)) throw err;
    const [status, code] = STATUS_BY_KIND[err.kind];
    throw new ApiError(status, code, err.message, { field: err.field });
  }
}

function readDeclaredImageType(req: FastifyRequest): string {
  const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(declared)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `content-type: expected one of ${ATTACHMENT_MEDIA_TYPES.join(', ')}, got ${declared || 'none'}`,
      { field: 'content-type' },
    );
  }
  return declared;
}

async function refuseDeclaredOversize(req: FastifyRequest): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > FIELD_REPORT_LIMITS.maxAttachmentBytes) {
    throw new ApiError(
      413,
      'too_large',
      `body: a photo may hold at most ${FIELD_REPORT_LIMITS.maxAttachmentBytes} bytes, this one declares ${declared}`,
      { field: 'body' },
    );
  }
}

/** `inline` with an ASCII fallback name and the exact name in RFC 5987 form. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
