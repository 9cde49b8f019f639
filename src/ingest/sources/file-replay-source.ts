/**
 * Replays a recording: NMEA lines (a receiver's AIS log, with or without
 * NMEA 4.10 tag blocks) or ADS-B (Beast binary, AVR or SBS lines, the format
 * told or found in the first bytes). As fast as the store takes it, or at
 * `speed` times the recorded pace, paced by the recording's own clock: the
 * tag blocks' `c:` times, the Beast/AVR 12 MHz counter (free-running, so only
 * its differences count), SBS generated times; input without one goes as
 * fast as possible. Lossless: reading waits while the ingest queue is full.
 * Ends in state `finished` once everything read is stored.
 *
 * Paced, a message counts in the source's health (total, rate, last message
 * time) when it is replayed, not when its chunk of the file is read: a
 * replay at the recorded pace looks like the live feed, and is not `silent`
 * while it is still handing out what it read a minute ago.
 *
 * Observation times: AIS lines carry their tag time when they have one;
 * ADS-B has no wall time in the recording, so it is the time read, or, when
 * paced, the time the item is replayed.
 */
import { createReadStream } from 'node:fs';
import type { SourceItem } from './ingest-queue.js';
import type { Source, SourceFormat, SourceHealth } from './source.js';
import { type ReceiverPosition, type SourceContext, SourceRuntime } from './source-runtime.js';
import {
  createPipeline,
  detectFormat,
  type PipelineStats,
  type StreamPipeline,
} from './stream-pipeline.js';

export interface FileReplaySourceOptions {
  id: string;
  path: string;
  /** Recorded seconds per real second; 0 (default) as fast as possible. */
  speed?: number;
  /** `ais` (default), an ADS-B format, or `adsb`: Beast, AVR or SBS as the first bytes say. */
  format?: SourceFormat | 'adsb';
  /** ADS-B: the receiver's position (default: the context's). */
  receiver?: ReceiverPosition;
}

const READ_CHUNK_BYTES = 64 << 10;
/** Waits shorter than this are not worth a timer. */
const MIN_WAIT_MS = 2;

/**
 * A recorded clock jumping back further than this (a receiver restarted, its
 * counter from zero) re-anchors the pace; smaller steps back (lines of two
 * receivers interleaved) are replayed at once, as before.
 */
const REANCHOR_AFTER_BACK_MS = 60_000;
/**
 * A recorded clock jumping forward so far that the wait would not fit a
 * timer (2^31 - 1 ms, about 24.8 days: a receiver's clock gone wrong, a
 * year in a tag block) re-anchors the pace too. Node would otherwise fire
 * the timer at once with a warning, for this line and every later one.
 */
const MAX_WAIT_MS = 2 ** 31 - 1;
const ADSB_FORMATS: readonly SourceFormat[] = ['beast', 'avr', 'sbs'];

export class FileReplaySource implements Source {
  readonly kind: 'ais-file' | 'adsb-file';
  readonly #opts: FileReplaySourceOptions;
  readonly #ctx: SourceContext;
  #pipeline: StreamPipeline | undefined;
  readonly #rt: SourceRuntime;
  readonly #speed: number;
  #stopped = true;
  #run: Promise<void> | undefined;
  /** Cuts short a pacing wait when stopped. */
  #wake: (() => void) | undefined;
  /** Recorded time and wall time of the first timed line: the pace's origin. */
  #origin: { tagMs: number; wallMs: number } | undefined;
  /** Paced: messages decoded since the last item was collected, not yet counted. */
  #uncounted = 0;

  constructor(options: FileReplaySourceOptions, ctx: SourceContext) {
    this.#opts = options;
    this.#ctx = ctx;
    this.#speed = options.speed ?? 0;
    if (!(this.#speed >= 0)) {
      throw new Error(`FileReplaySource: expected speed >= 0, got ${options.speed}`);
    }
    const format = options.format ?? 'ais';
    this.kind = format === 'ais' ? 'ais-file' : 'adsb-file';
    this.#rt = new SourceRuntime(
      {
        id: options.id,
        kind: this.kind,
        address: options.path,
        ...(format === 'adsb' ? {} : { format }),
      },
      ctx,
    );
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
    return this.#rt.health(undefined, this.#pipeline?.aircraft);
  }

  /** The pipeline for the file's format, told or found in its first bytes. */
  #openPipeline(head: Uint8Array, onItem: (item: SourceItem, recordedMs?: number) => void) {
    const told = this.#opts.format ?? 'ais';
    const format = told === 'adsb' ? detectFormat(head) : told;
    if (format === undefined || (told === 'adsb' && !ADSB_FORMATS.includes(format))) {
      throw new Error(
        'cannot tell the ADS-B format from the first bytes (Beast 0x1a, AVR * @, SBS MSG,): give the format',
      );
    }
    this.#rt.setFormat(format);
    const receiver = this.#opts.receiver ?? this.#ctx.receiver;
    const stats: PipelineStats =
      this.#speed > 0
        ? {
            countMessages: (n) => {
              this.#uncounted += n;
            },
            countRejected: (reason) => this.#rt.stats.countRejected(reason),
          }
        : this.#rt.stats;
    return createPipeline(format, {
      sourceId: this.#rt.id,
      stats,
      onItem,
      timing: 'replay',
      ...(receiver === undefined ? {} : { receiver }),
    });
  }

  async #replay(): Promise<void> {
    const rt = this.#rt;
    rt.setState('running');
    this.#uncounted = 0;
    // Each item with its recorded time and, paced, the messages to count when
    // it goes out: its own, and those before it that gave no item.
    let ready: Array<[SourceItem, number | undefined, number]> = [];
    const collect = (item: SourceItem, recordedMs?: number) => {
      ready.push([item, recordedMs, this.#uncounted]);
      this.#uncounted = 0;
    };
    let pipeline: StreamPipeline | undefined;
    // Paced ADS-B is stamped when replayed: the recording has no wall time.
    const restamp = this.kind === 'adsb-file' && this.#speed > 0;
    const deliverReady = async () => {
      const items = ready;
      ready = [];
      for (const [item, recordedMs, messages] of items) {
        if (this.#stopped) return;
        if (this.#speed > 0 && recordedMs !== undefined) {
          await this.#waitForRecordedTime(recordedMs);
        }
        if (restamp) stampItem(item, rt.now());
        if (rt.queue.isFull) await rt.queue.waitForSpace();
        rt.queue.push(item);
        if (messages > 0) rt.stats.countMessages(messages, rt.now());
      }
    };
    try {
      // Async iteration pulls one chunk at a time: while a chunk's items wait
      // (pace or a full queue) the file is not read further.
      for await (const chunk of createReadStream(this.#opts.path, {
        highWaterMark: READ_CHUNK_BYTES,
      })) {
        if (this.#stopped) break;
        const bytes = chunk as Buffer;
        if (bytes.length === 0) continue;
        if (pipeline === undefined) {
          pipeline = this.#openPipeline(bytes, collect);
          this.#pipeline = pipeline;
        }
        pipeline.pushChunk(bytes, rt.now());
        await deliverReady();
        pipeline.expire(rt.now());
      }
      if (!this.#stopped && pipeline !== undefined) {
        pipeline.end(rt.now());
        await deliverReady();
        // Messages after the last item (none gave one) count at the end.
        if (this.#uncounted > 0) rt.stats.countMessages(this.#uncounted, rt.now());
        this.#uncounted = 0;
      }
      await rt.queue.drain();
      if (!this.#stopped) {
        rt.setState('finished');
        rt.log.info(
          { source: rt.id, messages: rt.stats.messagesTotal, rejected: rt.stats.rejectedTotal },
          'file replayed',
        );
      }
    } catch (err) {
      rt.setState('error', err);
      rt.log.error({ source: rt.id, err: rt.lastError }, 'file replay failed');
    }
  }

  async #waitForRecordedTime(tagMs: number): Promise<void> {
    const nowMs = this.#rt.now();
    if (this.#origin === undefined || tagMs < this.#origin.tagMs - REANCHOR_AFTER_BACK_MS) {
      this.#origin = { tagMs, wallMs: nowMs };
      return;
    }
    const dueMs = this.#origin.wallMs + (tagMs - this.#origin.tagMs) / this.#speed;
    const waitMs = dueMs - nowMs;
    if (waitMs > MAX_WAIT_MS) {
      this.#origin = { tagMs, wallMs: nowMs };
      return;
    }
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

function stampItem(item: SourceItem, tMs: number): void {
  if (item.type === 'position') item.observation.tMs = tMs;
  else item.report.tMs = tMs;
}
