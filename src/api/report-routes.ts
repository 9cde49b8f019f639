/**
 * The report endpoints: preview and publish (analysts, `report:write`), and
 * for everyone the published list, each report's signed JSON and files with
 * their detached signatures, and the feed (JSON Feed and Atom).
 * Published files never change, so they are cached for good.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { renderAtomFeed, renderJsonFeed } from '../incidents/report-feed.js';
import {
  downloadName,
  ENVELOPE_FILE,
  FILE_MEDIA_TYPES,
  SIG_SUFFIX,
  summariseReport,
} from '../incidents/report-files.js';
import { ReportPeriodError, utcDayOf } from '../incidents/report-period.js';
import { ReportConflictError, type ReportService } from '../incidents/report-service.js';
import { actorName } from './access.js';
import { ApiError } from './api-error.js';
import { parseParams, TimeParam } from './query-params.js';
import type { ApiDeps } from './server.js';
import type {
  PublishedReportList,
  PublishedReportSummary,
  PublishReportResponse,
  ReportPreview,
} from './wire-reports.js';

export const MAX_TITLE_CHARS = 200;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const FEED_MAX_AGE = 'public, max-age=300';

const Title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TITLE_CHARS, `at most ${MAX_TITLE_CHARS} characters`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line of text');

const PublishBody = z.strictObject({
  fromMs: z.number().int().nonnegative(),
  toMs: z.number().int().nonnegative(),
  title: Title.optional(),
});

const PreviewQuery = z
  .object({ from: TimeParam.optional(), to: TimeParam.optional(), title: Title.optional() })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'give both from and to, or neither (today, UTC)',
    path: ['to'],
  });

const ListQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'expected a whole number')
    .transform(Number)
    .optional(),
});

const IdParams = z.object({ id: z.string().max(40) });
const FileParams = z.object({ id: z.string().max(40), file: z.string().max(40) });

export function registerReportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const reports = deps.reports;
  if (reports === undefined) return;

  app.get('/api/reports/preview', { config: { access: 'report:write' } }, async (req) => {
    const q = parseParams(PreviewQuery, req.query);
    const period =
      q.from === undefined || q.to === undefined
        ? utcDayOf(deps.now())
        : { fromMs: q.from, toMs: q.to };
    return mapReportErrors(
      (): Promise<ReportPreview> => reports.preview(period.fromMs, period.toMs, q.title),
      { fromMs: 'from', toMs: 'to' },
    );
  });

  app.post('/api/reports', { config: { access: 'report:write' } }, async (req, reply) => {
    const body = parseBody(req.body);
    const published = await mapReportErrors(
      (): Promise<PublishReportResponse> =>
        reports.publish(
          { fromMs: body.fromMs, toMs: body.toMs, ...(body.title ? { title: body.title } : {}) },
          actorName(req.principal),
        ),
    );
    req.log.info(
      { reportId: published.report.id, incidents: published.report.incidentCount },
      'report published',
    );
    return reply.status(201).header('location', published.report.links.signedJson).send(published);
  });

  app.get('/api/reports', { config: { access: 'public' } }, async (req) => {
    const q = parseParams(ListQuery, req.query);
    const body: PublishedReportList = { items: await reports.list(q.limit) };
    return body;
  });

  app.get('/api/reports/:id/summary', { config: { access: 'public' } }, async (req) => {
    const { id } = parseParams(IdParams, req.params, 'path');
    const record = await reports.get(id);
    if (record === undefined) throw noSuchReport(id);
    const body: PublishedReportSummary = summariseReport(record);
    return body;
  });

  app.get('/api/reports/:id', { config: { access: 'public' } }, async (req, reply) => {
    const { id } = parseParams(IdParams, req.params, 'path');
    return sendFile(reports, reply, id, ENVELOPE_FILE);
  });

  app.get('/api/reports/:id/:file', { config: { access: 'public' } }, async (req, reply) => {
    const { id, file } = parseParams(FileParams, req.params, 'path');
    // `.sig` is accepted for `.sig.json`: both name the detached signature.
    const name = file.endsWith('.sig') ? `${file}.json` : file;
    return sendFile(reports, reply, id, name);
  });

  app.get('/feed.json', { config: { access: 'public' } }, async (req, reply) => {
    const text = renderJsonFeed(await reports.feedEntries(), originOf(req));
    return reply
      .type('application/feed+json; charset=utf-8')
      .header('cache-control', FEED_MAX_AGE)
      .send(text);
  });

  app.get('/feed.atom', { config: { access: 'public' } }, async (req, reply) => {
    const text = renderAtomFeed(await reports.feedEntries(), originOf(req), deps.now());
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', FEED_MAX_AGE)
      .send(text);
  });
}

async function sendFile(
  reports: ReportService,
  reply: FastifyReply,
  id: string,
  file: string,
): Promise<FastifyReply> {
  const bytes = await reports.readFile(id, file);
  if (bytes === undefined) {
    if ((await reports.get(id)) === undefined) throw noSuchReport(id);
    throw new ApiError(404, 'not_found', `Report ${id} has no file ${file}`, { field: 'file' });
  }
  const type = file.endsWith(SIG_SUFFIX)
    ? 'application/json'
    : (FILE_MEDIA_TYPES[file as keyof typeof FILE_MEDIA_TYPES] ?? 'application/octet-stream');
  // The page and the map open in the browser; everything else is a download
  // under a name that keeps FILE beside FILE.sig.json.
  const inline = file === 'report.html' || file === 'map.svg';
  return reply
    .type(type)
    .header('cache-control', IMMUTABLE)
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename="${downloadName(id, file)}"`,
    )
    .send(bytes);
}

/** A period refused is a 400 naming the field as the client sent it; a moved incident a 409. */
async function mapReportErrors<T>(
  run: () => Promise<T>,
  fieldNames: Record<'fromMs' | 'toMs', string> = { fromMs: 'fromMs', toMs: 'toMs' },
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ReportPeriodError) {
      const field = fieldNames[err.field];
      throw new ApiError(400, 'invalid_period', `${field}: ${err.message.replace(/^\w+: /, '')}`, {
        field,
      });
    }
    if (err instanceof ReportConflictError) {
      throw new ApiError(409, 'incident_changed', err.message);
    }
    throw err;
  }
}

/** The publish request, or a 400 whose `field` names the first thing wrong with it. */
function parseBody(input: unknown): z.infer<typeof PublishBody> {
  const r = PublishBody.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field =
    issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.join('.') || 'body';
  throw new ApiError(400, 'invalid_body', `${field}: ${issue.message}`, { field });
}

function noSuchReport(id: string): ApiError {
  return new ApiError(404, 'not_found', `No published report ${id}`, { field: 'id' });
}

/** Where the request came in, for the feed's absolute links. */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
