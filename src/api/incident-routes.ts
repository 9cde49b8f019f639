/**
 * The incident endpoints (docs/incidents.md): the queue, one incident with
 * its evidence, the analyst's moves, merge and split. Reading takes
 * `incident:read`; every move takes `incident:review`. Publishing is the
 * report's (report-routes.ts, through IncidentService.markPublished).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DETECTION_TYPES } from '../core/types.js';
import { FIELD_REPORT_CATEGORIES } from '../incidents/field-report-types.js';
import { IncidentError } from '../incidents/incident-error.js';
import { type IncidentMove, MAX_REASON_CHARS } from '../incidents/incident-moves.js';
import { CONFIDENCES, INCIDENT_STATES } from '../incidents/incident-types.js';
import { INCIDENT_SORTS } from '../store/incident-store.js';
import { actorName, requireUser } from './access.js';
import { ApiError } from './api-error.js';
import { parseParams, TimeParam } from './query-params.js';
import type { ApiDeps } from './server.js';
import type {
  IncidentBody,
  IncidentDetailBody,
  IncidentListBody,
  IncidentsChangedBody,
} from './wire-incidents.js';

/** Moves carry a reason of at most 2000 characters; a merge lists at most 100 incidents. */
const MOVE_BODY_LIMIT_BYTES = 64 * 1024;
const MAX_MERGE = 100;
const MAX_SPLIT = 1000;

const IncidentId = z.string().regex(/^INC-\d{6,}$/, 'expected an incident id like INC-000001');
const IdParams = z.object({ id: IncidentId });
const Reason = z
  .string()
  .trim()
  .min(1, 'required: say why')
  .max(MAX_REASON_CHARS)
  // The audit log keeps well-formed text only: a lone surrogate is refused here, not at the log.
  .refine((s) => !/[\uD800-\uDFFF]/u.test(s), 'must be well-formed Unicode text');

const ListQuery = z.strictObject({
  state: z.enum(INCIDENT_STATES).optional(),
  kind: z.enum([...DETECTION_TYPES, ...FIELD_REPORT_CATEGORIES]).optional(),
  zone: z.string().min(1).max(200).optional(),
  /** A user name, or `none` for unassigned incidents. */
  assignee: z.string().min(1).max(64).optional(),
  from: TimeParam.optional(),
  to: TimeParam.optional(),
  sort: z.enum(INCIDENT_SORTS).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

const MOVES = {
  review: z.strictObject({ reason: Reason.optional() }),
  verify: z.strictObject({ confidence: z.enum(CONFIDENCES), reason: Reason }),
  dismiss: z.strictObject({ reason: Reason }),
  reopen: z.strictObject({ reason: Reason }),
  assign: z.strictObject({
    assignee: z.string().trim().min(1).max(64).nullable(),
    reason: Reason.optional(),
  }),
  note: z.strictObject({ text: Reason }),
} as const;

const MergeBody = z.strictObject({
  targetId: IncidentId,
  sourceIds: z.array(IncidentId).min(1).max(MAX_MERGE),
  reason: Reason,
});
const SplitBody = z.strictObject({
  evidence: z
    .array(
      z.strictObject({
        type: z.enum(['detection', 'field_report']),
        id: z.string().min(1).max(200),
      }),
    )
    .min(1)
    .max(MAX_SPLIT),
  reason: Reason,
});

export function registerIncidentRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const service = deps.incidents;
  if (service === undefined) return;
  const read = { config: { access: 'incident:read' as const } };
  const review = {
    config: { access: 'incident:review' as const },
    bodyLimit: MOVE_BODY_LIMIT_BYTES,
  };

  app.get('/api/incidents', read, async (req): Promise<IncidentListBody> => {
    const q = parseParams(ListQuery, req.query, 'query');
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      throw new ApiError(400, 'invalid_query', 'from: must not be after to', { field: 'from' });
    }
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const page = await service.list({
      ...(q.state === undefined ? {} : { state: q.state }),
      ...(q.kind === undefined ? {} : { kind: q.kind }),
      ...(q.zone === undefined ? {} : { zoneId: q.zone }),
      ...(q.assignee === undefined ? {} : { assignee: q.assignee === 'none' ? '' : q.assignee }),
      ...(q.from === undefined ? {} : { fromMs: q.from }),
      ...(q.to === undefined ? {} : { toMs: q.to }),
      ...(q.sort === undefined ? {} : { sort: q.sort }),
      limit,
      offset,
    });
    return { ...page, limit, offset };
  });

  app.get('/api/incidents/:id', read, async (req): Promise<IncidentDetailBody> => {
    const { id } = parseParams(IdParams, req.params, 'path');
    return refuseAsApiError(() => service.detail(id));
  });

  for (const action of Object.keys(MOVES) as (keyof typeof MOVES)[]) {
    app.post(`/api/incidents/:id/${action}`, review, async (req): Promise<IncidentBody> => {
      const { id } = parseParams(IdParams, req.params, 'path');
      const body = parseParams(MOVES[action], req.body, 'body');
      const actor = actorName(requireUser(req));
      const move = { action, ...body } as IncidentMove;
      return { incident: await refuseAsApiError(() => service.move(id, move, actor)) };
    });
  }

  app.post('/api/incidents/merge', review, async (req): Promise<IncidentsChangedBody> => {
    const body = parseParams(MergeBody, req.body, 'body');
    const actor = actorName(requireUser(req));
    const incidents = await refuseAsApiError(() =>
      service.merge(body.targetId, body.sourceIds, body.reason, actor),
    );
    return { incidents };
  });

  app.post('/api/incidents/:id/split', review, async (req): Promise<IncidentsChangedBody> => {
    const { id } = parseParams(IdParams, req.params, 'path');
    const body = parseParams(SplitBody, req.body, 'body');
    const actor = actorName(requireUser(req));
    return {
      incidents: await refuseAsApiError(() => service.split(id, body.evidence, body.reason, actor)),
    };
  });
}

const STATUS: Record<IncidentError['kind'], [number, string]> = {
  not_found: [404, 'not_found'],
  conflict: [409, 'illegal_move'],
  invalid: [400, 'invalid_body'],
};

async function refuseAsApiError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof IncidentError)) throw err;
    const [status, code] = STATUS[err.kind];
    throw new ApiError(status, code, err.message, { ...err.extra });
  }
}
