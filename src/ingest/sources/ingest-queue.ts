/**
 * One source's way into ingest: observations and static reports are grouped
 * into batches (one ingest call per ~200 ms or 500 items, not one per
 * message), and at most a few batches are being stored at once. Beyond that
 * the queue is full: a source that can wait (TCP, a file) pauses its input
 * until `onSpace`, one that cannot (UDP) drops and counts. Memory stays
 * bounded either way, whatever the feed's rate.
 */
import type { Observation, StaticReport } from '../../core/types.js';

export interface SourceBatch {
  observations: Observation[];
  statics: StaticReport[];
}

export type SourceItem =
  | { type: 'position'; observation: Observation }
  | { type: 'static'; report: StaticReport };

export interface IngestQueueOptions {
  /** Judge, store and publish; resolves once the batch is durable. */
  ingest(batch: SourceBatch): Promise<void>;
  /** A batch is sent when it holds this many items … */
  maxBatchItems?: number;
  /** … or this long after its first item arrived. */
  flushMs?: number;
  /** Batches being stored at once; with a full batch waiting, the queue is full. */
  maxInFlightBatches?: number;
  /** An ingest call failed: `lost` items are gone (the caller counts them). */
  onError?(err: unknown, lost: number): void;
}

export const DEFAULT_QUEUE = { maxBatchItems: 500, flushMs: 200, maxInFlightBatches: 4 } as const;

export class IngestQueue {
  readonly #ingest: IngestQueueOptions['ingest'];
  readonly #onError: NonNullable<IngestQueueOptions['onError']>;
  readonly #maxBatch: number;
  readonly #flushMs: number;
  readonly #maxInFlight: number;
  #pending: SourceBatch = { observations: [], statics: [] };
  #pendingCount = 0;
  readonly #inFlight = new Set<Promise<void>>();
  #inFlightItems = 0;
  #timer: NodeJS.Timeout | undefined;
  /** The pending batch is old enough to go as soon as a slot frees. */
  #due = false;
  #spaceWaiters: Array<() => void> = [];

  constructor(options: IngestQueueOptions) {
    this.#ingest = options.ingest;
    this.#onError = options.onError ?? (() => {});
    this.#maxBatch = options.maxBatchItems ?? DEFAULT_QUEUE.maxBatchItems;
    this.#flushMs = options.flushMs ?? DEFAULT_QUEUE.flushMs;
    this.#maxInFlight = options.maxInFlightBatches ?? DEFAULT_QUEUE.maxInFlightBatches;
    for (const [name, v] of [
      ['maxBatchItems', this.#maxBatch],
      ['flushMs', this.#flushMs],
      ['maxInFlightBatches', this.#maxInFlight],
    ] as const) {
      if (!(Number.isInteger(v) && v > 0)) {
        throw new Error(`IngestQueue: expected ${name} a positive integer, got ${v}`);
      }
    }
  }

  /** Items not yet stored: waiting for a batch, or in a batch being stored. */
  get queued(): number {
    return this.#pendingCount + this.#inFlightItems;
  }

  /** Every slot busy and a full batch waiting: stop reading or drop. */
  get isFull(): boolean {
    return this.#inFlight.size >= this.#maxInFlight && this.#pendingCount >= this.#maxBatch;
  }

  /**
   * Add an item even when full: for sources that pause their input once
   * full, so the excess is bounded by what one read delivers.
   */
  push(item: SourceItem): void {
    if (item.type === 'position') this.#pending.observations.push(item.observation);
    else this.#pending.statics.push(item.report);
    this.#pendingCount++;
    if (this.#pendingCount >= this.#maxBatch) this.#flush();
    else if (this.#timer === undefined && !this.#due) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#due = true;
        this.#flush();
      }, this.#flushMs);
      this.#timer.unref();
    }
  }

  /** Add the item unless the queue is full; false means the caller drops it. */
  tryPush(item: SourceItem): boolean {
    if (this.isFull) return false;
    this.push(item);
    return true;
  }

  /** Call `fn` once the queue is no longer full (at once if it is not). */
  onSpace(fn: () => void): void {
    if (!this.isFull) fn();
    else this.#spaceWaiters.push(fn);
  }

  waitForSpace(): Promise<void> {
    return new Promise((resolve) => this.onSpace(resolve));
  }

  /** Send what is pending now and wait until everything is stored (or failed). */
  async drain(): Promise<void> {
    while (this.queued > 0) {
      this.#due = true;
      this.#flush();
      if (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
    }
  }

  #flush(): void {
    if (this.#pendingCount === 0) {
      this.#due = false;
      return;
    }
    if (this.#inFlight.size >= this.#maxInFlight) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = false;
    const batch = this.#pending;
    const n = this.#pendingCount;
    this.#pending = { observations: [], statics: [] };
    this.#pendingCount = 0;
    this.#inFlightItems += n;
    let stored: Promise<void>;
    try {
      stored = this.#ingest(batch);
    } catch (err) {
      stored = Promise.reject(err);
    }
    const p = stored
      .catch((err: unknown) => this.#onError(err, n))
      .finally(() => {
        this.#inFlight.delete(p);
        this.#inFlightItems -= n;
        this.#settled();
      });
    this.#inFlight.add(p);
  }

  #settled(): void {
    if (this.#due || this.#pendingCount >= this.#maxBatch) this.#flush();
    if (this.isFull || this.#spaceWaiters.length === 0) return;
    const waiters = this.#spaceWaiters;
    this.#spaceWaiters = [];
    for (const fn of waiters) fn();
  }
}
