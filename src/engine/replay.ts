/**
 * Replay: run an agreement over recorded observations as fast as they can be
 * read, with the observations' own times as the clock, so that a past period
 * can be judged again (under the version in force then, or pinned to another
 * version: the what-if of docs/what-if.md).
 *
 * Ordering contract. Observations must come in non-decreasing `tMs` order
 * (the store's order, and the order of its JSON Lines export). Replay does not
 * sort: that would hold the whole period in memory. For each observation it
 * first advances the engine's clock to `obs.tMs` (timers due at or before
 * that instant fire: dwell, silence, …) and then judges the observation, so
 * timers and observations interleave as they would have live. An observation
 * older than the clock is still judged (the engine refuses what is not newer
 * than its own track's latest report), but the clock does not go back; it is
 * counted as `late`, and a run with late observations may differ from a run
 * over the same observations sorted. `finish(endMs)` advances the clock to
 * the end of the period so that timers due before it fire too.
 *
 * Same input, same output: nothing here reads a clock or a random source,
 * and the detections of one step come in the engine's order.
 *
 * Pure: no I/O.
 */
import type { Agreement, Detection, Observation } from '../core/types.js';
import { Engine, type EngineCounters, type EngineOptions } from './engine.js';

export interface ReplayOptions {
  /**
   * Judge every observation by this version of the agreement, whatever was
   * in force at its time (Engine's `pinVersion`). Default: each observation
   * by the version in force at its own time.
   */
  pinVersion?: number;
  /** Passed to the engine as they are (interpolation gap, pending static). */
  engine?: Omit<EngineOptions, 'pinVersion'>;
}

export interface ReplayStats {
  /** Observations pushed. */
  observations: number;
  /** Pushed with a time older than the replay clock (see the ordering contract). */
  late: number;
  /** Earliest and latest observation time pushed; undefined before the first. */
  firstMs: number | undefined;
  lastMs: number | undefined;
  /** Where the clock stands: the latest time advanced to. */
  clockMs: number | undefined;
  detections: number;
  /** The engine's own counters (out of order per track, before the agreement, …). */
  engine: Readonly<EngineCounters>;
}

const NONE: readonly Detection[] = Object.freeze([]);

/**
 * One replay run: one engine, one clock. Push observations in time order,
 * then `finish()`. Used directly when the observations arrive asynchronously
 * (the CLI reads a file or the store) or when one pass feeds two runs.
 */
export class Replayer {
  readonly engine: Engine;
  #clockMs: number | undefined;
  #firstMs: number | undefined;
  #lastMs: number | undefined;
  #observations = 0;
  #late = 0;
  #detections = 0;
  #finished = false;

  constructor(agreement: Agreement, options: ReplayOptions = {}) {
    const pin = options.pinVersion;
    if (pin !== undefined && !agreement.versions.some((v) => v.version === pin)) {
      const have = agreement.versions.map((v) => v.version).join(', ');
      throw new Error(
        `Replayer: expected pinVersion to be a version of agreement ${agreement.id} (${have}), got ${pin}`,
      );
    }
    this.engine = new Engine(
      agreement,
      pin === undefined ? { ...options.engine } : { ...options.engine, pinVersion: pin },
    );
  }

  /**
   * Advance to `obs.tMs`, then judge `obs`. Returns what the timers due by
   * then and the observation itself proved, in that order (often none).
   */
  push(obs: Observation): readonly Detection[] {
    if (this.#finished) throw new Error('Replayer: push() after finish()');
    const t = obs.tMs;
    this.#observations++;
    if (this.#firstMs === undefined || t < this.#firstMs) this.#firstMs = t;
    if (this.#lastMs === undefined || t > this.#lastMs) this.#lastMs = t;
    let fired = NONE;
    if (this.#clockMs === undefined || t > this.#clockMs) {
      fired = this.engine.advance(t);
      this.#clockMs = t;
    } else if (t < this.#clockMs) {
      this.#late++;
    }
    const found = this.engine.step(obs);
    const out = fired.length === 0 ? found : found.length === 0 ? fired : [...fired, ...found];
    this.#detections += out.length;
    return out;
  }

  /**
   * Advance to the end of the period: `endMs` when given and later than the
   * clock, else the clock stays where the last observation left it. Returns
   * the detections of the timers that fire on the way. Push nothing after.
   */
  finish(endMs?: number): readonly Detection[] {
    if (this.#finished) return NONE;
    this.#finished = true;
    const to = endMs === undefined ? this.#clockMs : Math.max(endMs, this.#clockMs ?? endMs);
    if (to === undefined) return NONE;
    const fired = this.engine.advance(to);
    this.#clockMs = to;
    this.#detections += fired.length;
    return fired;
  }

  get stats(): ReplayStats {
    return {
      observations: this.#observations,
      late: this.#late,
      firstMs: this.#firstMs,
      lastMs: this.#lastMs,
      clockMs: this.#clockMs,
      detections: this.#detections,
      engine: { ...this.engine.counters },
    };
  }
}

export interface ReplayRunOptions extends ReplayOptions {
  /** The end of the period: timers due up to here fire. Default: the last observation's time. */
  endMs?: number;
}

/**
 * Replay `observations` (in time order, see above) under `agreement` and
 * yield every detection as it is found; the generator's return value is the
 * run's stats. Lazy: nothing runs until iterated, and only one observation
 * is held at a time.
 */
export function* replayObservations(
  agreement: Agreement,
  observations: Iterable<Observation>,
  options: ReplayRunOptions = {},
): Generator<Detection, ReplayStats, undefined> {
  const replayer = new Replayer(agreement, options);
  for (const obs of observations) yield* replayer.push(obs);
  yield* replayer.finish(options.endMs);
  return replayer.stats;
}
