/**
 * POST /api/what-if: judge recorded traffic under the agreement in force
 * (variant A) and under a draft agreement file (variant B) in one pass, and
 * answer the comparison for the web app's map (docs/what-if.md: the CLI's
 * `truceline replay --compare`, over the server's own store).
 *
 * Access: analysts only (`incident:review`, the analysts' own capability;
 * no API token holds it). A run reads every stored observation of up to a
 * week and holds the CPU for seconds, so it is neither for observers nor for
 * anonymous users, nor for integrations.
 *
 * Bounds, so one request cannot take the server down: the body (5 MB, this
 * route only), the period (at most 7 days), the observations judged (at most
 * MAX_OBSERVATIONS; the period is cut short, and says so, when the cap is
 * reached), and one run at a time (429 `busy`). The run reads the store a page
 * at a time and yields to the event loop between pages, so live ingest and the
 * WebSocket go on while it runs.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkAgreementDocument, formatAgreementProblem } from '../core/agreement-file.js';
import type { Agreement } from '../core/types.js';
import {
  DetectionComparer,
  type DetectionComparison,
  type VariantDescription,
} from '../engine/compare-detections.js';
import { Replayer } from '../engine/replay.js';
import { type Store, scanObservations } from '../store/index.js';
import { ApiError } from './api-error.js';
import { parseParams } from './query-params.js';
import type { ApiDeps } from './server.js';
import type { WhatIfBody, WhatIfErrorBody } from './wire.js';

/** A draft agreement file with many zones fits; the global limit stays for other routes. */
export const WHAT_IF_BODY_LIMIT_BYTES = 5 << 20;
export const WHAT_IF_DEFAULT_PERIOD_MS = 24 * 3600_000;
export const WHAT_IF_MAX_PERIOD_MS = 7 * 24 * 3600_000;
/** About a week of a busy regional feed; two engines judge each one. */
export const WHAT_IF_MAX_OBSERVATIONS = 2_000_000;
/** Observations per store query; the run yields to the event loop after each. */
const PAGE_SIZE = 5_000;

const VersionNumber = z.number().int().min(1);
const TimeMs = z.number().int().min(0);

const WhatIfRequestSchema = z
  .object({
    draft: z.record(z.string(), z.unknown(), {
      error: 'required: the draft agreement document (truceline-agreement/1)',
    }),
    fromMs: TimeMs.optional(),
    toMs: TimeMs.optional(),
    durationMs: z.number().int().min(1).max(WHAT_IF_MAX_PERIOD_MS).optional(),
    draftVersion: VersionNumber.optional(),
    currentVersion: VersionNumber.optional(),
  })
  .strict();

export interface WhatIfRouteOptions {
  maxObservations?: number;
  pageSize?: number;
}

export function registerWhatIfRoute(
  app: FastifyInstance,
  deps: Pick<ApiDeps, 'store' | 'getAgreement' | 'now'>,
  options: WhatIfRouteOptions = {},
): void {
  const maxObservations = options.maxObservations ?? WHAT_IF_MAX_OBSERVATIONS;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let running = false;

  app.post(
    '/api/what-if',
    { bodyLimit: WHAT_IF_BODY_LIMIT_BYTES, config: { access: 'incident:review' } },
    async (req, reply) => {
      if (req.body === undefined || req.body === null) {
        throw new ApiError(400, 'invalid_body', 'draft: required (a JSON body { "draft": {...} })');
      }
      const body = parseParams(WhatIfRequestSchema, req.body, 'body');
      const inForce = deps.getAgreement();

      const check = checkAgreementDocument(body.draft, 'draft');
      if (check.agreement === undefined) {
        // The web app shows each problem with its provision; the message lists them too.
        const list = check.problems.map((p) => formatAgreementProblem('draft', p)).join('\n');
        throw new ApiError(
          422,
          'invalid_draft',
          `The draft cannot be put in force (${check.problems.length} problem(s)):\n${list}`,
          { problems: check.problems } satisfies Pick<WhatIfErrorBody['error'], 'problems'>,
        );
      }
      const draft = check.agreement;
      const draftVersion = body.draftVersion ?? Math.max(...draft.versions.map((v) => v.version));
      requireVersion(draft, draftVersion, 'draftVersion', 'the draft');
      if (body.currentVersion !== undefined) {
        requireVersion(inForce, body.currentVersion, 'currentVersion', 'the agreement in force');
      }

      if (body.fromMs !== undefined && body.durationMs !== undefined) {
        throw new ApiError(400, 'invalid_body', 'durationMs: give fromMs or durationMs, not both');
      }
      // Default: the last day of stored data, however old (a replayed archive).
      const toMs = body.toMs ?? (await deps.store.latestObservationTimeMs()) ?? deps.now();
      const fromMs = body.fromMs ?? toMs - (body.durationMs ?? WHAT_IF_DEFAULT_PERIOD_MS);
      if (fromMs > toMs) throw new ApiError(400, 'invalid_body', 'fromMs: must not be after toMs');
      if (toMs - fromMs > WHAT_IF_MAX_PERIOD_MS) {
        throw new ApiError(
          400,
          'period_too_long',
          `fromMs: the period from fromMs to toMs is ${formatHours(toMs - fromMs)}; at most ${formatHours(WHAT_IF_MAX_PERIOD_MS)} (7 days)`,
        );
      }

      if (running) {
        throw new ApiError(
          429,
          'busy',
          'Another what-if run is in progress; try again when it ends',
        );
      }
      running = true;
      // A client that gives up (closed tab, timeout) frees the slot at the next page.
      let abandoned = false;
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) abandoned = true;
      });
      try {
        const started = Date.now();
        const run = await runWhatIf(deps.store, {
          a: {
            agreement: inForce,
            pinVersion: body.currentVersion,
            label: describeVariant(inForce, body.currentVersion, 'in force'),
          },
          b: {
            agreement: draft,
            pinVersion: draftVersion,
            label: describeVariant(draft, draftVersion, 'draft'),
          },
          fromMs,
          toMs,
          maxObservations,
          pageSize,
          isAbandoned: () => abandoned,
        });
        req.log.info(
          { observations: run.observations, truncated: run.truncated, ms: Date.now() - started },
          'what-if run',
        );
        const answer: WhatIfBody = {
          comparison: run.comparison,
          draftZones: draft.versions.find((v) => v.version === draftVersion)!.zones,
          draftVersion,
          currentVersion: body.currentVersion ?? null,
          period: run.period,
          requestedPeriod: { fromMs, toMs },
          observations: run.observations,
          truncated: run.truncated,
          maxObservations,
          late: run.late,
        };
        return answer;
      } finally {
        running = false;
      }
    },
  );
}

export interface WhatIfVariant {
  agreement: Agreement;
  /** Judge every observation by this version; absent: the version in force at its time. */
  pinVersion?: number | undefined;
  label: string;
}

export interface WhatIfRunOptions {
  a: WhatIfVariant;
  b: WhatIfVariant;
  /** Both inclusive. */
  fromMs: number;
  toMs: number;
  maxObservations: number;
  pageSize: number;
  /** Checked between pages: true stops the run early. */
  isAbandoned?: () => boolean;
}

export interface WhatIfRun {
  comparison: DetectionComparison;
  /** What was judged: `toMs` is earlier than asked when the cap cut the period short. */
  period: { fromMs: number; toMs: number };
  observations: number;
  truncated: boolean;
  late: number;
}

/**
 * Replays the stored observations of [fromMs, toMs] under both variants in
 * one pass. At the cap, the period ends before the first millisecond that
 * would not fit whole, so every observation of the reported period is judged.
 */
export async function runWhatIf(store: Store, o: WhatIfRunOptions): Promise<WhatIfRun> {
  const replayA = new Replayer(o.a.agreement, pinned(o.a.pinVersion));
  const replayB = new Replayer(o.b.agreement, pinned(o.b.pinVersion));
  const comparer = new DetectionComparer({
    variants: { a: describe(o.a), b: describe(o.b) },
  });
  let endMs = o.toMs;
  let count = 0;
  let truncated = false;
  for await (let page of scanObservations(store, {
    fromMs: o.fromMs,
    toMs: o.toMs,
    pageSize: o.pageSize,
  })) {
    const room = o.maxObservations - count;
    if (page.length > room) {
      let take = room;
      const cutMs = page[take]!.tMs;
      while (take > 0 && page[take - 1]!.tMs === cutMs) take--;
      page = page.slice(0, take);
      endMs = cutMs - 1;
      truncated = true;
    }
    for (const obs of page) {
      comparer.addAll('a', replayA.push(obs));
      comparer.addAll('b', replayB.push(obs));
    }
    count += page.length;
    if (truncated || o.isAbandoned?.()) break;
    // Live ingest and the WebSocket get their turn between pages.
    await yieldToEventLoop();
  }
  comparer.addAll('a', replayA.finish(endMs));
  comparer.addAll('b', replayB.finish(endMs));
  return {
    comparison: comparer.result(),
    period: { fromMs: o.fromMs, toMs: endMs },
    observations: count,
    truncated,
    late: replayA.stats.late,
  };
}

function requireVersion(agreement: Agreement, version: number, field: string, what: string) {
  if (agreement.versions.some((v) => v.version === version)) return;
  const have = agreement.versions.map((v) => v.version).join(', ');
  throw new ApiError(
    400,
    'invalid_body',
    `${field}: ${what} has version(s) ${have}; got ${version}`,
  );
}

function pinned(pinVersion: number | undefined) {
  return pinVersion === undefined ? {} : { pinVersion };
}

function describe(v: WhatIfVariant): VariantDescription {
  const d: VariantDescription = { label: v.label, agreementId: v.agreement.id };
  if (v.pinVersion !== undefined) d.pinVersion = v.pinVersion;
  return d;
}

function describeVariant(agreement: Agreement, version: number | undefined, role: string): string {
  const which = version === undefined ? 'version in force at each time' : `v${version}`;
  return `${agreement.name} (${role}, ${which})`;
}

function formatHours(ms: number): string {
  return `${Math.round((ms / 3600_000) * 10) / 10} h`;
}
