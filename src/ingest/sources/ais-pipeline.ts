/**
 * One connection's (or file's) way from bytes to observations: LineFramer
 * -> AisDecoder -> aisToObservation / aisToStatic. The time of what comes
 * out is the tag block's `c:` time when the line has one, else the receive
 * time. Everything refused is counted by reason on the source's stats.
 */
import type { AisDecoded, AisRejected } from '../../decode/ais/index.js';
import {
  AisDecoder,
  aisToObservation,
  aisToStatic,
  isAisRejected,
} from '../../decode/ais/index.js';
import { DEFAULT_MAX_LINE_LENGTH, LineFramer } from '../../decode/line-framer.js';
import type { SourceItem } from './ingest-queue.js';
import type { PipelineStats, StreamPipeline } from './stream-pipeline.js';

/** Longest line kept: an NMEA sentence is ≤ 82 characters; tag blocks add some. */
export const MAX_LINE_CHARS = DEFAULT_MAX_LINE_LENGTH;
/** The reject reason for a line over MAX_LINE_CHARS (the decoder never sees it). */
export const LINE_TOO_LONG = 'line_too_long';
/** A tag block time beyond this far after receipt is a receiver's clock gone wrong. */
const MAX_FUTURE_MS = 24 * 3600_000;
const MIN_TIME_MS = Date.UTC(2000, 0, 1);

export interface AisPipelineOptions {
  /** Goes into every observation's `source`. */
  sourceId: string;
  stats: PipelineStats;
  /** Each observation or static report; `tagTimeMs` when the line carried one. */
  onItem(item: SourceItem, tagTimeMs: number | undefined): void;
}

export class AisPipeline implements StreamPipeline {
  readonly aircraft = undefined;
  readonly #sourceId: string;
  readonly #stats: PipelineStats;
  readonly #onItem: AisPipelineOptions['onItem'];
  readonly #decoder = new AisDecoder();
  readonly #framer: LineFramer;
  /** Receive time of the chunk being framed (the framer's callback has none). */
  #rxMs = 0;
  readonly #take = (r: AisDecoded | AisRejected): void => this.#takeResult(r);

  constructor(options: AisPipelineOptions) {
    this.#sourceId = options.sourceId;
    this.#stats = options.stats;
    this.#onItem = options.onItem;
    this.#framer = new LineFramer(
      {
        maxLineLength: MAX_LINE_CHARS,
        onTooLong: () => this.#stats.countRejected(LINE_TOO_LONG),
      },
      (line: string) => {
        // Blank lines (CRLF CRLF, keep-alives) are not traffic.
        if (line.length > 0) this.#decoder.pushLine(line, this.#rxMs, this.#take);
      },
    );
  }

  /** A chunk of a byte stream (TCP, file); partial lines carry over to the next. */
  pushChunk(chunk: Uint8Array, rxMs: number): void {
    this.#rxMs = rxMs;
    this.#framer.push(chunk);
  }

  /** Every line of a datagram: a datagram is whole, nothing carries over. */
  pushDatagram(datagram: Buffer, rxMs: number): void {
    this.#rxMs = rxMs;
    for (const line of datagram.toString('latin1').split(/\r\n|\n|\r/)) {
      if (line.length === 0) continue;
      if (line.length > MAX_LINE_CHARS) this.#stats.countRejected(LINE_TOO_LONG);
      else this.#decoder.pushLine(line, rxMs, this.#take);
    }
  }

  /** Drop parts of multi-sentence messages that waited too long (counted). */
  expire(nowMs: number): void {
    this.#decoder.expire(nowMs, this.#take);
  }

  /** A file ended: a last unterminated line counts, unfinished messages are dropped. */
  end(nowMs: number): void {
    this.#rxMs = nowMs;
    this.#framer.end();
    this.close();
  }

  /**
   * A connection closed: a partial last line is cut off and not decoded;
   * messages still missing sentences are dropped (and counted).
   */
  close(): void {
    this.#framer.reset();
    this.#decoder.expire(Number.MAX_SAFE_INTEGER, this.#take);
  }

  #takeResult(r: AisDecoded | AisRejected): void {
    if (isAisRejected(r)) {
      this.#stats.countRejected(r.error);
      return;
    }
    const rxMs = this.#rxMs;
    const tagMs = r.tagBlock?.timeMs;
    if (tagMs !== undefined && (tagMs > rxMs + MAX_FUTURE_MS || tagMs < MIN_TIME_MS)) {
      this.#stats.countRejected('tag_time_out_of_range');
      return;
    }
    this.#stats.countMessages(1, rxMs);
    const tMs = tagMs ?? rxMs;
    const observation = aisToObservation(r.message, tMs, this.#sourceId);
    if (observation !== null) this.#onItem({ type: 'position', observation }, tagMs);
    const report = aisToStatic(r.message, tMs, this.#sourceId);
    if (report !== null) this.#onItem({ type: 'static', report }, tagMs);
  }
}
