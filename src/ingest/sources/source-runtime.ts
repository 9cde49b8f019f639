/**
 * What every source shares: its counters, its ingest queue, its state and
 * last error, the log, and a once-a-second chore (expiring half-received
 * multi-sentence messages). Sources compose one; they do not inherit.
 */
import type { BackoffOptions } from './backoff.js';
import {
  IngestQueue,
  type IngestQueueOptions,
  type SourceBatch,
  type SourceItem,
} from './ingest-queue.js';
import type { SourceFormat, SourceHealth, SourceLog, SourceState } from './source.js';
import { DEFAULT_SILENT_AFTER_MS, type SourceIdentity, SourceStats } from './source-stats.js';

/** What main.ts hands every source. */
export interface SourceContext {
  ingest(batch: SourceBatch): Promise<void>;
  log: SourceLog;
  /** Wall clock for receive times and health; replaceable in tests. */
  now?: () => number;
  /** A source with traffic is `silent` after this long without (default 60 s). */
  silentAfterMs?: number;
  queue?: Omit<IngestQueueOptions, 'ingest' | 'onError'>;
  /** Reconnect / re-listen delays (default 1 s doubling to 60 s, with jitter). */
  backoff?: BackoffOptions;
  random?: () => number;
  /** Receiver position for ADS-B decoding (surface positions, lone frames, range check). */
  receiver?: ReceiverPosition;
}

/** Where an ADS-B receiver's antenna is, decimal degrees. */
export interface ReceiverPosition {
  lat: number;
  lon: number;
}

const CHORE_EVERY_MS = 1000;
/** States in which a source is not (yet) doing its work. */
const TROUBLE_STATES: ReadonlySet<SourceState> = new Set(['connecting', 'reconnecting', 'error']);

export class SourceRuntime {
  readonly stats: SourceStats;
  readonly queue: IngestQueue;
  readonly log: SourceLog;
  readonly now: () => number;
  state: SourceState = 'stopped';
  lastError: string | undefined;
  /** Set on entering connecting / reconnecting / error, cleared once working. */
  #troubleSinceMs: number | undefined;
  #who: SourceIdentity;
  readonly #chores = new Set<(nowMs: number) => void>();
  #choreTimer: NodeJS.Timeout | undefined;

  constructor(who: SourceIdentity, ctx: SourceContext) {
    this.#who = who;
    this.log = ctx.log;
    this.now = ctx.now ?? Date.now;
    this.stats = new SourceStats(ctx.silentAfterMs ?? DEFAULT_SILENT_AFTER_MS);
    this.queue = new IngestQueue({
      ...ctx.queue,
      ingest: ctx.ingest,
      onError: (err, lost) => {
        this.stats.countDropped(lost, this.now());
        this.log.error({ err, source: who.id, lost }, 'storing a batch from a source failed');
      },
    });
  }

  get id(): string {
    return this.#who.id;
  }

  /** Show the address actually bound (a configured port 0 becomes the chosen one). */
  setAddress(address: string): void {
    this.#who = { ...this.#who, address };
  }

  /** Show the stream's format once known (a file's, found in its first bytes). */
  setFormat(format: SourceFormat): void {
    this.#who = { ...this.#who, format };
  }

  setState(state: SourceState, err?: unknown): void {
    this.state = state;
    if (err !== undefined) this.lastError = describeError(err);
    if (TROUBLE_STATES.has(state)) this.#troubleSinceMs ??= this.now();
    else this.#troubleSinceMs = undefined;
  }

  /** Lossless delivery: the caller pauses its input while `queue.isFull`. */
  readonly deliver = (item: SourceItem): void => {
    this.queue.push(item);
  };

  /** For input that cannot wait (UDP): drop and count when the queue is full. */
  readonly deliverOrDrop = (item: SourceItem): void => {
    if (this.queue.tryPush(item)) return;
    const n = this.stats.countDropped(1, this.now());
    if (n > 0) {
      this.log.warn(
        { source: this.#who.id, dropped: n, droppedTotal: this.stats.dropped },
        'source queue full (the store is behind): dropping observations',
      );
    }
  };

  /** Run `fn(nowMs)` once a second while started (e.g. expire stale fragments). */
  addChore(fn: (nowMs: number) => void): () => void {
    this.#chores.add(fn);
    return () => this.#chores.delete(fn);
  }

  startChores(): void {
    if (this.#choreTimer !== undefined) return;
    this.#choreTimer = setInterval(() => {
      const nowMs = this.now();
      for (const fn of this.#chores) fn(nowMs);
    }, CHORE_EVERY_MS);
    this.#choreTimer.unref();
  }

  stopChores(): void {
    clearInterval(this.#choreTimer);
    this.#choreTimer = undefined;
  }

  health(connections?: number, aircraft?: number): SourceHealth {
    return this.stats.describe(this.now(), this.#who, {
      state: this.state,
      lastError: this.lastError,
      queued: this.queue.queued,
      connections,
      aircraft,
      troubleSinceMs: this.#troubleSinceMs,
    });
  }
}

/** `127.0.0.1:10110`, `[::1]:10110`. */
export function formatHostPort(host: string, port: number | undefined): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? '?'}`;
}

/** `connect ECONNREFUSED 127.0.0.1:5631`: the message, which names the cause. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
