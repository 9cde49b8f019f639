/**
 * Mode S from a receiver, one connection's (or file's) way from bytes to
 * observations: BeastFramer (port 30005) or LineFramer + parseAvrLine (port
 * 30002) -> ModeSDecoder -> AircraftTable -> AircraftEmitter. Everything
 * refused is counted by reason on the source's stats: the framer's
 * (`garbage`, `truncated`, `bad_frame`, `bad_hex`, `line_too_long`), the
 * decoder's (`bad_crc`, `bad_length`, `unknown_df`) and the table's
 * (`unknown_address`: an address/parity reply from an aircraft not heard
 * with a checked CRC, most likely noise).
 *
 * Clocks: an observation is timed when it arrived (live) or was read (file).
 * The table's clock (CPR pairing within 10 s, the speed check, freshness,
 * expiry) is the same for a live feed; for a file it is the receiver's
 * 12 MHz counter when frames carry one, so pairs and checks hold however
 * fast the file is read. Untimed files are decoded with the speed check off.
 */
import {
  AircraftTable,
  AvrFrame,
  BEAST_MODE_S_LONG,
  BEAST_MODE_S_SHORT,
  type BeastFrame,
  BeastFramer,
  formatSquawk,
  ModeSDecoder,
  ModeSMessage,
  parseAvrLine,
} from '../../decode/adsb/index.js';
import { LineFramer } from '../../decode/line-framer.js';
import { AircraftEmitter } from './aircraft-emitter.js';
import { LINE_TOO_LONG } from './ais-pipeline.js';
import type { SourceItem } from './ingest-queue.js';
import type { ReceiverPosition } from './source-runtime.js';
import type {
  PipelineStats,
  PipelineTiming,
  StreamPipeline,
  StreamPipelineOptions,
} from './stream-pipeline.js';

/** 12 MHz receiver counter ticks per millisecond. */
const TICKS_PER_MS = 12_000;
/** dump1090 / mlat-server stamp synthesized MLAT frames with this counter value ("MLAT"). */
const MLAT_MAGIC_TICKS = 0xff004d4c4154;
/** An aircraft silent this long leaves the table (and its next position starts afresh). */
export const AIRCRAFT_EXPIRE_MS = 60_000;
/** The table is swept when its clock has moved this far. */
const EXPIRE_EVERY_MS = 5_000;
/** An AVR line is at most `<` + 12 + 2 + 28 hex digits + `;`; allow receiver extras. */
const MAX_AVR_LINE_CHARS = 256;

export class AdsbPipeline implements StreamPipeline {
  readonly #stats: PipelineStats;
  readonly #onItem: (item: SourceItem, recordedMs: number | undefined) => void;
  readonly #sourceId: string;
  readonly #timing: PipelineTiming;
  readonly #receiver: ReceiverPosition | undefined;
  readonly #decoder = new ModeSDecoder();
  readonly #msg = new ModeSMessage();
  readonly #emitter: AircraftEmitter;
  readonly #beast: BeastFramer | undefined;
  readonly #lines: LineFramer | undefined;
  readonly #avr = new AvrFrame();
  /** Made at the first message: a file's first frame says whether it carries a clock. */
  #table: AircraftTable | undefined;
  /** Replay: the table runs on the receiver's counter (else on read time). */
  #counterClock = false;
  #rxMs = 0;
  #tableMs = Number.NaN;
  #lastExpireMs = Number.NaN;
  readonly #takeFrame = (f: BeastFrame): void => this.#takeBeastFrame(f);

  constructor(format: 'beast' | 'avr', options: StreamPipelineOptions) {
    this.#stats = options.stats;
    this.#onItem = options.onItem;
    this.#sourceId = options.sourceId;
    this.#timing = options.timing ?? 'live';
    this.#receiver = options.receiver;
    this.#emitter = new AircraftEmitter((observation, recordedMs) =>
      this.#onItem({ type: 'position', observation }, recordedMs),
    );
    if (format === 'beast') this.#beast = new BeastFramer();
    else {
      this.#lines = new LineFramer(
        {
          maxLineLength: MAX_AVR_LINE_CHARS,
          onTooLong: () => this.#stats.countRejected(LINE_TOO_LONG),
        },
        (line) => this.#takeAvrLine(line),
      );
    }
  }

  get aircraft(): number {
    return this.#table?.size ?? 0;
  }

  pushChunk(chunk: Uint8Array, rxMs: number): void {
    this.#rxMs = rxMs;
    if (this.#beast !== undefined) this.#beast.push(chunk, this.#takeFrame);
    else this.#lines!.push(chunk);
  }

  /** Live: forget aircraft silent for a minute even when nothing else arrives. */
  expire(nowMs: number): void {
    if (this.#timing === 'live') this.#expireAt(nowMs);
  }

  end(nowMs: number): void {
    this.#rxMs = nowMs;
    if (this.#beast !== undefined) this.#beast.end(this.#takeFrame);
    else this.#lines!.end();
  }

  close(): void {
    // A partial frame at the cut is not decoded; a new connection starts clean.
    this.#lines?.reset();
  }

  #takeBeastFrame(f: BeastFrame): void {
    if (f.problem !== null) {
      this.#stats.countRejected(f.problem);
      return;
    }
    // Mode A/C replies carry no address; status frames are the receiver's own.
    if (f.type !== BEAST_MODE_S_SHORT && f.type !== BEAST_MODE_S_LONG) return;
    this.#takeModeS(f.data, f.len, f.ticks === 0 ? Number.NaN : f.ticks);
  }

  #takeAvrLine(line: string): void {
    const a = this.#avr;
    const reason = parseAvrLine(line, a);
    if (reason !== null) {
      this.#stats.countRejected(reason);
      return;
    }
    if (a.len === 0 || a.len === 2) return; // blank line, Mode A/C
    this.#takeModeS(a.data, a.len, a.ticks);
  }

  /** `ticks`: the receiver's counter, NaN when the frame has none. */
  #takeModeS(data: Uint8Array, len: number, ticks: number): void {
    const m = this.#msg;
    const reason = this.#decoder.decode(data, 0, len, m);
    if (reason !== null) {
      this.#stats.countRejected(reason);
      return;
    }
    const timed = !Number.isNaN(ticks) && ticks !== MLAT_MAGIC_TICKS;
    this.#table ??= this.#createTable(timed);
    const table = this.#table;
    const tMs = this.#clock(timed ? ticks / TICKS_PER_MS : Number.NaN);
    const u = table.update(m, tMs);
    if (u.rejected !== null) {
      this.#stats.countRejected(u.rejected);
      return;
    }
    const rxMs = this.#rxMs;
    this.#stats.countMessages(1, rxMs);
    const recordedMs = timed ? ticks / TICKS_PER_MS : undefined;
    const a = u.aircraft!;
    if (u.staticReport !== undefined) {
      // Copied: the table's result object is reused by the next update.
      const report = { ...u.staticReport, tMs: rxMs };
      this.#onItem({ type: 'static', report }, recordedMs);
    }
    if (u.observation !== undefined) {
      this.#emitter.emitPosition(u.observation, rxMs, recordedMs);
    } else if (m.squawk >= 0 || m.emergency >= 0) {
      const squawk = a.squawk >= 0 ? formatSquawk(a.squawk) : undefined;
      const status = table.findEmergency(a, tMs);
      this.#emitter.emitIfEmergencyChanged(a.trackId, squawk, status, rxMs, recordedMs);
    }
    if (!(Math.abs(tMs - this.#lastExpireMs) < EXPIRE_EVERY_MS)) this.#expireAt(tMs);
  }

  #createTable(timed: boolean): AircraftTable {
    this.#counterClock = this.#timing === 'replay' && timed;
    return new AircraftTable({
      source: this.#sourceId,
      expireAfterMs: AIRCRAFT_EXPIRE_MS,
      // A file without a clock is read far faster than it was received.
      checkSpeed: this.#timing === 'live' || timed,
      ...(this.#receiver === undefined ? {} : { receiver: this.#receiver }),
    });
  }

  /** The table's time for a frame: see the file comment. */
  #clock(counterMs: number): number {
    if (!this.#counterClock) this.#tableMs = this.#rxMs;
    // An untimed frame amid timed ones (MLAT results) keeps the last counter time.
    else if (!Number.isNaN(counterMs)) this.#tableMs = counterMs;
    else if (Number.isNaN(this.#tableMs)) this.#tableMs = 0;
    return this.#tableMs;
  }

  #expireAt(tableMs: number): void {
    this.#lastExpireMs = tableMs;
    if (this.#table === undefined) return;
    this.#emitter.forget(this.#table.expire(tableMs));
  }
}
