/**
 * The route of the live WebSocket, `/api/live`: `live:read` at the upgrade
 * (the access hook), then the hub. `?only=incidents` asks for incident
 * messages alone (the incident queue needs no tracks); a principal without
 * `incident:read` is never sent them, and each access check asks again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalCan } from './access.js';
import { type AccessHookDeps, createAccessRecheck } from './auth-hook.js';
import type { LiveAccessCheck, LiveHub } from './live-hub.js';
import { parseParams } from './query-params.js';

const LiveQuery = z.strictObject({
  only: z.enum(['incidents']).optional(),
});

export function registerLiveRoute(app: FastifyInstance, hub: LiveHub, deps: AccessHookDeps): void {
  app.get(
    '/api/live',
    {
      websocket: true,
      config: { access: 'live:read' },
      // Before the upgrade, so a bad query is an HTTP 400 naming the field.
      preValidation: async (req) => {
        parseParams(LiveQuery, req.query);
      },
    },
    (socket, req) => {
      const query = parseParams(LiveQuery, req.query);
      hub.attach(socket, {
        checkAccess: createLiveAccessCheck(deps, req),
        readsIncidents: principalCan(req.principal, 'incident:read'),
        incidentsOnly: query.only === 'incidents',
      });
    },
  );
}

/**
 * The socket outlives the request that opened it, so the session or token
 * is asked again: closed without `live:read`, and incident messages only
 * while it still holds `incident:read` (a role changed meanwhile).
 */
function createLiveAccessCheck(deps: AccessHookDeps, req: FastifyRequest): LiveAccessCheck {
  const mayWatch = createAccessRecheck(deps, req, 'live:read');
  const mayReadIncidents = createAccessRecheck(deps, req, 'incident:read');
  return async () => {
    const watch = await mayWatch();
    if (!watch.ok) return watch;
    return { ok: true, readsIncidents: (await mayReadIncidents()).ok };
  };
}
