/**
 * The HTTP and WebSocket server: JSON API under /api, the live stream at
 * /api/live, and the built web app at /. It knows the store, the bus and an
 * ingest function; it does not know the engine.
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { AccountService } from '../accounts/index.js';
import type { Bus } from '../bus/index.js';
import type { Agreement, Observation, Track } from '../core/types.js';
import type { FieldReportService } from '../incidents/field-report-service.js';
import type { IncidentService } from '../incidents/incident-service.js';
import type { ReportService } from '../incidents/report-service.js';
import type { Store } from '../store/index.js';
import type { AppendObservationsOptions } from '../store/ingest-batch-store.js';
import { registerAccountRoutes } from './account-routes.js';
import { installErrorHandler } from './api-error.js';
import { type AuthOptions, registerAuth } from './auth-routes.js';
import { registerFieldReportRoutes } from './field-report-routes.js';
import { registerIncidentRoutes } from './incident-routes.js';
import { LiveHub } from './live-hub.js';
import { registerLiveRoute } from './live-route.js';
import { registerReportRoutes } from './report-routes.js';
import { registerRoutes } from './routes.js';
import { registerWellKnownRoutes } from './well-known-route.js';
import { registerWhatIfRoute } from './what-if-route.js';
import type { EngineSummary, HealthBody, MissionKeyBody, SourceHealth } from './wire.js';

export interface ApiDeps {
  store: Store;
  bus: Bus;
  /** Judge, store and publish; resolves once the batch (and `opts.batchRecord`) is durable. */
  ingest(batch: Observation[], opts?: AppendObservationsOptions): Promise<void>;
  getAgreement(): Agreement;
  /** Tracks on the live picture (engine state), for WebSocket snapshots. */
  liveTracks(): Track[];
  simulatorInfo(): HealthBody['simulator'];
  /** The engine's counters for health; omitted in API-only setups. */
  engineSummary?(): EngineSummary;
  /** Health of every live source (the simulator included); none when omitted. */
  sourceHealth?(): SourceHealth[];
  /**
   * The mission's public signing key, served at
   * /.well-known/truceline/mission-key; omitted, or undefined, when the
   * server signs nothing (the route answers 404).
   */
  missionPublicKey?: () => MissionKeyBody | undefined;
  /** Users, passwords and API tokens: login, sessions and the access hook. */
  accounts: AccountService;
  /** Session lifetimes and the login rate limit; defaults in auth-routes.ts. */
  auth?: AuthOptions;
  /** Field reports; their routes are absent when omitted (as in API-only tests). */
  fieldReports?: FieldReportService;
  /** Incidents and review; their routes are absent when omitted. */
  incidents?: IncidentService;
  /** Reports and the public feed; their routes are absent when omitted. */
  reports?: ReportService;
  version: string;
  now(): number;
  /** Directory of the built web app (dist/web); omitted in API-only tests. */
  webDir?: string;
  logger?: FastifyServerOptions['logger'];
}

/** Largest request body: a batch of 10 000 observations fits comfortably. */
export const BODY_LIMIT_BYTES = 8 << 20;

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  // Leaflet positions elements with inline styles; everything else is self.
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export async function buildApiServer(
  deps: ApiDeps,
): Promise<{ app: FastifyInstance; hub: LiveHub }> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    // One line per failed request instead of two per request: the live map
    // and integrators poll, and ops need the failures.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 400) {
      req.log.warn(
        { method: req.method, url: req.url, status: reply.statusCode },
        'request failed',
      );
    }
  });
  installErrorHandler(app);
  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  });

  const hub = new LiveHub({
    bus: deps.bus,
    now: deps.now,
    sources: deps.sourceHealth,
    ...(deps.auth?.liveRecheckMs === undefined ? {} : { recheckEveryMs: deps.auth.liveRecheckMs }),
    snapshot: async () => ({
      tracks: deps.liveTracks(),
      detections: (await deps.store.queryDetections({ limit: 100 })).items.reverse(),
    }),
  });
  // The WebSocket plugin's hooks first: it must see an upgrade refused by the
  // access hook, to close its socket.
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  // Before any route: every route's `access` is enforced by its hook, and
  // a route without one stops the server from starting.
  const sessions = await registerAuth(app, deps);
  // The upgrade is checked like any request; the session is checked again
  // while the socket lives, since it outlives the request that opened it.
  registerLiveRoute(app, hub, { accounts: deps.accounts, sessions });
  app.addHook('onClose', async () => hub.close());

  registerRoutes(app, deps);
  registerFieldReportRoutes(app, deps);
  registerIncidentRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerWhatIfRoute(app, deps);
  registerWellKnownRoutes(app, deps);
  registerAccountRoutes(app, deps);

  if (deps.webDir !== undefined && existsSync(deps.webDir)) {
    // Served through a route of our own, declared public: the pages are
    // the same for everyone, and each page asks the API what its visitor may see.
    await app.register(fastifyStatic, { root: deps.webDir, serve: false, index: ['index.html'] });
    app.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      config: { access: 'public' },
      handler: (req, reply) => reply.sendFile(`/${(req.params as { '*': string })['*']}`),
    });
  } else {
    app.get('/', { config: { access: 'public' } }, async (_req, reply) =>
      reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build` (npm install does it), then restart.'),
    );
  }
  return { app, hub };
}
