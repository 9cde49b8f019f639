/**
 * The traffic simulator seen as a source: the same ingest queue, counters
 * and health as a receiver. Like UDP it cannot wait, so when the store is
 * behind its observations are dropped and counted rather than queued.
 */
import type { Simulator, SimulatorClock } from '../simulator/index.js';
import { startSimulatorClock } from '../simulator/index.js';
import type { Source, SourceHealth } from './source.js';
import { type SourceContext, SourceRuntime } from './source-runtime.js';

export interface SimulatorSourceOptions {
  id: string;
  simulator: Simulator;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Simulated time at start. */
  startMs: number;
  seed: number;
}

export class SimulatorSource implements Source {
  readonly kind = 'simulator';
  readonly #opts: SimulatorSourceOptions;
  readonly #rt: SourceRuntime;
  #clock: SimulatorClock | undefined;

  constructor(options: SimulatorSourceOptions, ctx: SourceContext) {
    this.#opts = options;
    this.#rt = new SourceRuntime(
      { id: options.id, kind: this.kind, address: `seed ${options.seed}, ×${options.speed}` },
      ctx,
    );
  }

  get id(): string {
    return this.#opts.id;
  }

  get running(): boolean {
    return this.#clock !== undefined;
  }

  start(): void {
    if (this.#clock !== undefined) return;
    const rt = this.#rt;
    const { simulator, speed, startMs } = this.#opts;
    this.#clock = startSimulatorClock({
      simulator,
      speed,
      startMs,
      onBatch: (batch) => {
        rt.stats.countMessages(batch.length, rt.now());
        for (const observation of batch) rt.deliverOrDrop({ type: 'position', observation });
      },
      onError: (err) => rt.setState(rt.state, err),
    });
    rt.setState('running');
  }

  async stop(): Promise<void> {
    this.#clock?.stop();
    this.#clock = undefined;
    await this.#rt.queue.drain();
    this.#rt.setState('stopped');
  }

  health(): SourceHealth {
    return this.#rt.health();
  }
}
