/**
 * Replays a file of NMEA lines (a receiver's log, with or without NMEA 4.10
 * tag blocks): as fast as the store takes it, or at `speed` times the
 * recorded pace, paced by the tag blocks' `c:` times (lines without one go
 * as fast as possible). Lossless: reading waits while the ingest queue is
 * full. Ends in state `finished` once everything read is stored.
 */
import { createReadStream } from 'node:fs';
import { AisPipeline } from './ais-pipeline.js';
import type { SourceItem } from './ingest-queue.js';
import type { Source, SourceHealth } from './source.js';
import { type SourceContext, SourceRuntime } from './source-runtime.js';

export interface FileReplaySourceOptions {
  id: string;
  path: string;
  /** Recorded seconds per real second; 0 (default) as fast as possible. */
  speed?: number;
}

const READ_CHUNK_BYTES = 64 << 10;
/** Waits shorter than this are not worth a timer. */
const MIN_WAIT_MS = 2;

export class FileReplaySource implements Source {
  readonly kind = 'ais-file';
  readonly #opts: FileReplaySourceOptions;
  readonly #rt: SourceRuntime;
  readonly #speed: number;
  #stopped = true;
  #run: Promise<void> | undefined;
  /** Cuts short a pacing wait when stopped. */
  #wake: (() => void) | undefined;
  /** Recorded time and wall time of the first timed line: the pace's origin. */
  #origin: { tagMs: number; wallMs: number } | undefined;

  constructor(options: FileReplaySourceOptions, ctx: SourceContext) {
    this.#opts = options;
    this.#speed = options.speed ?? 0;
    if (!(this.#speed >= 0)) {
      throw new Error(`FileReplaySource: expected speed >= 0, got ${options.speed}`);
    }
    this.#rt = new SourceRuntime({ id: options.id, kind: this.kind, address: options.path }, ctx);
  }

  get id(): string {
    return this.#opts.id;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#run = this.#replay();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#run;
    await this.#rt.queue.drain();
    if (this.#rt.state !== 'finished' && this.#rt.state !== 'error') this.#rt.setState('stopped');
  }

  /** Resolves when the replay has ended (finished, stopped or failed). */
  async whenDone(): Promise<void> {
    await this.#run;
  }

  health(): SourceHealth {
    return this.#rt.health();
  }

  async #replay(): Promise<void> {
    const rt = this.#rt;
    rt.setState('running');
    let ready: Array<[SourceItem, number | undefined]> = [];
    const pipeline = new AisPipeline({
      sourceId: rt.id,
      stats: rt.stats,
      onItem: (item, tagTimeMs) => ready.push([item, tagTimeMs]),
    });
    const deliverReady = async () => {
      const items = ready;
      ready = [];
      for (const [item, tagMs] of items) {
        if (this.#stopped) return;
        if (this.#speed > 0 && tagMs !== undefined) await this.#waitForRecordedTime(tagMs);
        if (rt.queue.isFull) await rt.queue.waitForSpace();
        rt.queue.push(item);
      }
    };
    try {
      // Async iteration pulls one chunk at a time: while a chunk's items wait
      // (pace or a full queue) the file is not read further.
      for await (const chunk of createReadStream(this.#opts.path, {
        highWaterMark: READ_CHUNK_BYTES,
      })) {
        if (this.#stopped) break;
        pipeline.pushChunk(chunk as Buffer, rt.now());
        await deliverReady();
        pipeline.expire(rt.now());
      }
      if (!this.#stopped) {
        pipeline.end(rt.now());
        await deliverReady();
      }
      await rt.queue.drain();
      if (!this.#stopped) {
        rt.setState('finished');
        rt.log.info(
          { source: rt.id, messages: rt.stats.messagesTotal, rejected: rt.stats.rejectedTotal },
          'AIS file replayed',
        );
      }
    } catch (err) {
      rt.setState('error', err);
      rt.log.error({ source: rt.id, err: rt.lastError }, 'AIS file replay failed');
    }
  }

  async #waitForRecordedTime(tagMs: number): Promise<void> {
    const nowMs = this.#rt.now();
    if (this.#origin === undefined) {
      this.#origin = { tagMs, wallMs: nowMs };
      return;
    }
    const dueMs = this.#origin.wallMs + (tagMs - this.#origin.tagMs) / this.#speed;
    const waitMs = dueMs - nowMs;
    if (waitMs < MIN_WAIT_MS) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }
}
