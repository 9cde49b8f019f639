/** The JSON endpoints of the API (see README, "API"). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findVersionInForce } from '../core/agreement.js';
import { TRACK_KINDS, type TrackKind } from '../core/types.js';
import { readObservationPage } from '../store/index.js';
import { principalCan } from './access.js';
import { ApiError } from './api-error.js';
import { IngestBatchGate } from './ingest-batch-gate.js';
import { ObservationBatchInput, parseObservationItems } from './observation-input.js';
import { parseParams, TimeParam } from './query-params.js';
import type { ApiDeps } from './server.js';
import type {
  AgreementBody,
  DetectionsBody,
  HealthBody,
  IngestBody,
  ObservationScanBody,
  ObservationsBody,
  PublicHealthBody,
  SourceHealth,
  SourcesBody,
  SourcesSummary,
  TracksBody,
} from './wire.js';

const TracksQuery = z
  .object({
    kind: z.enum(TRACK_KINDS as [string, ...string[]]).optional(),
    since: TimeParam.optional(),
  })
  .strict();

const TrackParams = z.object({ id: z.string().min(3).max(128) });

const ObservationsQuery = z
  .object({
    from: TimeParam.optional(),
    to: TimeParam.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/** `<ms>.<skip>`: where the next page of GET /api/observations starts. */
const ScanCursor = z
  .string()
  .regex(/^-?\d{1,15}\.\d{1,9}$/, 'expected the `next` of the previous page')
  .transform((c) => {
    const [ms, skip] = c.split('.');
    return { ms: Number(ms), skip: Number(skip) };
  });

const ObservationScanQuery = z
  .object({
    from: TimeParam.optional(),
    to: TimeParam.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
    cursor: ScanCursor.optional(),
  })
  .strict();

const AgreementQuery = z.object({ at: TimeParam.optional() }).strict();

const DetectionsQuery = z
  .object({
    from: TimeParam.optional(),
    to: TimeParam.optional(),
    zone: z.string().min(1).max(128).optional(),
    rule: z.string().min(1).max(128).optional(),
    track: z.string().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(256).optional(),
  })
  .strict();

export function registerRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const startedMs = deps.now();
  const sourceHealth = (): SourceHealth[] => deps.sourceHealth?.() ?? [];

  // Public, so that uptime monitors need no account; what the server holds
  // and which feeds fail is for those who may see the live picture.
  app.get(
    '/api/health',
    { config: { access: 'public' } },
    async (req): Promise<HealthBody | PublicHealthBody> => {
      const sources = summariseSources(sourceHealth());
      // Degraded, not down: the server answers, but a feed is failing or quiet.
      const status = sources.failing.length + sources.silent.length > 0 ? 'degraded' : 'ok';
      if (!principalCan(req.principal, 'live:read')) return { status, version: deps.version };
      return {
        status,
        version: deps.version,
        uptimeS: Math.round((deps.now() - startedMs) / 1000),
        serverTimeMs: deps.now(),
        store: await deps.store.stats(),
        simulator: deps.simulatorInfo(),
        sources,
        ...(deps.engineSummary === undefined ? {} : { engine: deps.engineSummary() }),
      };
    },
  );

  app.get('/api/sources', { config: { access: 'live:read' } }, async (): Promise<SourcesBody> => {
    return { serverTimeMs: deps.now(), items: sourceHealth() };
  });

  app.get('/api/tracks', { config: { access: 'live:read' } }, async (req): Promise<TracksBody> => {
    const q = parseParams(TracksQuery, req.query);
    const items = await deps.store.listTracks({
      kind: q.kind as TrackKind | undefined,
      sinceMs: q.since,
    });
    return { items };
  });

  app.get('/api/tracks/:id', { config: { access: 'live:read' } }, async (req) => {
    const { id } = parseParams(TrackParams, req.params, 'path');
    const track = await deps.store.getTrack(id);
    if (track === undefined) throw new ApiError(404, 'not_found', `No track ${id}`);
    return track;
  });

  app.get(
    '/api/tracks/:id/observations',
    { config: { access: 'live:read' } },
    async (req): Promise<ObservationsBody> => {
      const { id } = parseParams(TrackParams, req.params, 'path');
      const q = parseParams(ObservationsQuery, req.query);
      // An unknown id is a wrong id, not a track without history.
      if ((await deps.store.getTrack(id)) === undefined) {
        throw new ApiError(404, 'not_found', `No track ${id}`);
      }
      const items = await deps.store.queryObservations({
        trackId: id,
        fromMs: q.from,
        toMs: q.to,
        limit: q.limit ?? 1000,
      });
      return { items };
    },
  );

  // Every stored observation of a period, oldest first, page by page: for
  // exports and `truceline replay --server`. The cursor keeps its place among
  // observations of the same millisecond.
  app.get(
    '/api/observations',
    { config: { access: 'live:read' } },
    async (req): Promise<ObservationScanBody> => {
      const q = parseParams(ObservationScanQuery, req.query);
      const page = await readObservationPage(
        deps.store,
        q.cursor ?? { ms: q.from, skip: 0 },
        q.to,
        q.limit ?? 1000,
      );
      return {
        items: page.items,
        next: page.next === null ? null : `${page.next.ms}.${page.next.skip}`,
      };
    },
  );

  app.get(
    '/api/agreement',
    { config: { access: 'agreement:read' } },
    async (req): Promise<AgreementBody> => {
      const q = parseParams(AgreementQuery, req.query);
      const agreement = deps.getAgreement();
      const atMs = q.at ?? deps.now();
      return { agreement, atMs, inForce: findVersionInForce(agreement, atMs) };
    },
  );

  app.get(
    '/api/detections',
    { config: { access: 'live:read' } },
    async (req): Promise<DetectionsBody> => {
      const q = parseParams(DetectionsQuery, req.query);
      if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
        throw new ApiError(400, 'invalid_query', 'from: must not be after to');
      }
      return deps.store.queryDetections({
        fromMs: q.from,
        toMs: q.to,
        zoneId: q.zone,
        ruleId: q.rule,
        trackId: q.track,
        limit: q.limit,
        cursor: q.cursor,
      });
    },
  );

  // Sensors send with a token of scope ingest (docs/accounts.md). A batch
  // with a batchId is stored once however often it is resent (ingest-batch-gate.ts).
  const batchGate = new IngestBatchGate(deps.store.ingestBatches, deps.now);
  app.post(
    '/api/observations',
    { config: { access: 'observation:ingest' } },
    async (req): Promise<IngestBody> => {
      if (req.body === undefined || req.body === null) {
        throw new ApiError(
          400,
          'invalid_body',
          'observations: required (a JSON body { "observations": [...] })',
        );
      }
      const body = parseParams(ObservationBatchInput, req.body, 'body');
      const source = body.source === undefined ? 'api' : `api:${body.source}`;
      const judge = () => parseObservationItems(body.observations, source, deps.now());
      if (body.batchId === undefined) {
        const { accepted, rejected } = judge();
        // Acknowledged only once stored: the reply means the data survives a crash.
        if (accepted.length > 0) await deps.ingest(accepted);
        return { accepted: accepted.length, rejected };
      }
      return batchGate.send(req.principal, body.batchId, body, async (recordOf) => {
        const { accepted, rejected } = judge();
        // Even with nothing accepted the record is stored: a resend gets the same answer.
        const batchRecord = recordOf({ accepted: accepted.length, rejected });
        await deps.ingest(accepted, { batchRecord });
        return { accepted: accepted.length, rejected };
      });
    },
  );
}

function summariseSources(sources: readonly SourceHealth[]): SourcesSummary {
  let rate = 0;
  for (const s of sources) rate += s.messagesPerS;
  return {
    total: sources.length,
    messagesPerS: Math.round(rate * 10) / 10,
    silent: sources.filter((s) => s.silent).map((s) => s.id),
    failing: sources.filter((s) => s.failing).map((s) => s.id),
  };
}
