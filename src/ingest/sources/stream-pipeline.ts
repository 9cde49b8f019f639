/**
 * A byte stream's way to observations, one pipeline per format: what a TCP
 * connection or a file replay drives, whatever it carries. Sources own the
 * I/O (sockets, files, reconnects, pacing); pipelines own framing, decoding
 * and counting rejects by reason on the source's stats.
 */
import { AdsbPipeline } from './adsb-pipeline.js';
import { AisPipeline } from './ais-pipeline.js';
import type { SourceItem } from './ingest-queue.js';
import { SbsPipeline } from './sbs-pipeline.js';
import type { SourceFormat } from './source.js';
import type { ReceiverPosition } from './source-runtime.js';

export interface StreamPipeline {
  /** A chunk of the stream received (or read) at `rxMs`; partial frames carry over. */
  pushChunk(chunk: Uint8Array, rxMs: number): void;
  /** Once a second or so: drop half-received messages and forget silent aircraft. */
  expire(nowMs: number): void;
  /** The file ended: a last unterminated line or frame still counts. */
  end(nowMs: number): void;
  /** The connection closed: what is half-received is dropped. */
  close(): void;
  /** Aircraft held (ADS-B formats); undefined for AIS. */
  readonly aircraft: number | undefined;
}

/**
 * - `live`: a receiver's feed; an observation's time is when it arrived.
 * - `replay`: a file read faster than it was recorded; observations carry
 *   the read time, and ADS-B decoding follows the recording's own clock
 *   (Beast/AVR 12 MHz counter) where it has one, for CPR pairing and checks.
 */
export type PipelineTiming = 'live' | 'replay';

/** Where a pipeline counts what it decodes and refuses (a source's SourceStats). */
export interface PipelineStats {
  countMessages(n: number, rxMs: number): void;
  countRejected(reason: string): void;
}

export interface StreamPipelineOptions {
  /** Goes into every observation's `source`. */
  sourceId: string;
  stats: PipelineStats;
  /**
   * Each observation or static report. `recordedMs` is the recording's own
   * clock when the input has one (AIS tag block time, Beast/AVR counter in
   * ms, SBS generated time): file replay paces by its differences.
   */
  onItem(item: SourceItem, recordedMs: number | undefined): void;
  timing?: PipelineTiming;
  /** ADS-B: the receiver's position, for surface and lone-frame positions and range checks. */
  receiver?: ReceiverPosition;
}

export function createPipeline(
  format: SourceFormat,
  options: StreamPipelineOptions,
): StreamPipeline {
  switch (format) {
    case 'ais':
      return new AisPipeline(options);
    case 'beast':
    case 'avr':
      return new AdsbPipeline(format, options);
    case 'sbs':
      return new SbsPipeline(options);
  }
}

/** Beast starts 0x1a; AVR `*` `@` `%` `<` `:`; SBS `MSG,`; AIS `!` or a tag block `\`. */
export function detectFormat(head: Uint8Array): SourceFormat | undefined {
  let i = 0;
  while (i < head.length && (head[i] === 32 || head[i] === 10 || head[i] === 13 || head[i] === 9))
    i++;
  const c = head[i];
  if (c === 0x1a) return 'beast';
  if (c === 42 || c === 64 || c === 37 || c === 60 || c === 58) return 'avr';
  if (c === 77 && head[i + 1] === 83 && head[i + 2] === 71) return 'sbs';
  if (c === 33 || c === 92) return 'ais';
  return undefined;
}
