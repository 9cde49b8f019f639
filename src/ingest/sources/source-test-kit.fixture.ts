/**
 * For source tests: a SourceContext whose ingest collects what arrives (and
 * can be held back to play a slow store), fast reconnects, and a log that
 * remembers its warnings.
 */
import type { Observation, StaticReport } from '../../core/types.js';
import type { SourceBatch } from './ingest-queue.js';
import type { SourceContext } from './source-runtime.js';

export interface CollectingContext {
  ctx: SourceContext;
  observations: Observation[];
  statics: StaticReport[];
  batches: SourceBatch[];
  warnings: string[];
  /** Wall time of each ingest call. */
  ingestTimesMs: number[];
  /** While held, ingest calls do not resolve (a store that is behind). */
  hold(): void;
  release(): void;
}

export function createCollectingContext(overrides: Partial<SourceContext> = {}): CollectingContext {
  const observations: Observation[] = [];
  const statics: StaticReport[] = [];
  const batches: SourceBatch[] = [];
  const warnings: string[] = [];
  const ingestTimesMs: number[] = [];
  let held: Array<() => void> | undefined;
  const ctx: SourceContext = {
    ingest: async (b) => {
      ingestTimesMs.push(Date.now());
      if (held !== undefined) await new Promise<void>((resolve) => held!.push(resolve));
      batches.push(b);
      observations.push(...b.observations);
      statics.push(...b.statics);
    },
    log: {
      info() {},
      warn: (_obj, msg) => warnings.push(msg),
      error: (_obj, msg) => warnings.push(msg),
    },
    backoff: { firstMs: 50, maxMs: 400 },
    random: () => 1,
    queue: { flushMs: 20 },
    ...overrides,
  };
  return {
    ctx,
    observations,
    statics,
    batches,
    warnings,
    ingestTimesMs,
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const r of waiting) r();
    },
  };
}
