/**
 * Beast binary framing (the Mode-S Beast / dump1090 port 30005 format):
 *
 *   0x1a <type> <6-byte 12 MHz counter> <signal> <message>
 *
 * with every 0x1a inside counter, signal or message doubled. A lone 0x1a
 * always starts a frame, so the framer resynchronises on 0x1a + a known
 * type byte. Framing only: Mode S decoding is decode-mode-s.ts. Like
 * node-postgres' pg-protocol parser, partial frames are carried across
 * chunks and bad frames are handed over as data, never thrown.
 */
import { MODE_S_BUFFER_BYTES } from './mode-s-message.js';

/** Frame start and escape byte. */
export const BEAST_ESCAPE = 0x1a;
/** Type '1': Mode A/C reply, 2 message bytes. */
export const BEAST_MODE_AC = 0x31;
/** Type '2': Mode S short (56-bit) message, 7 bytes. */
export const BEAST_MODE_S_SHORT = 0x32;
/** Type '3': Mode S long (112-bit) message, 14 bytes. */
export const BEAST_MODE_S_LONG = 0x33;
/** Type '4': receiver status (Radarcape), 14 bytes, framed like a long message. */
export const BEAST_STATUS = 0x34;

/** Counter (6) + signal (1) bytes before the message. */
const HEADER_BYTES = 7;
/** Longest frame on the wire: 0x1a, type, then 21 bytes that may all be doubled. */
export const BEAST_MAX_FRAME_BYTES = 2 + 2 * (HEADER_BYTES + 14);

/** Message bytes per type byte (0 = not a frame type). */
const MESSAGE_BYTES = new Uint8Array(256);
MESSAGE_BYTES[BEAST_MODE_AC] = 2;
MESSAGE_BYTES[BEAST_MODE_S_SHORT] = 7;
MESSAGE_BYTES[BEAST_MODE_S_LONG] = 14;
MESSAGE_BYTES[BEAST_STATUS] = 14;

/**
 * - `garbage`: bytes before the next 0x1a + type (also unknown frame types);
 * - `truncated`: a frame cut short by a lone 0x1a (the next frame's start),
 *   or by the end of the stream.
 */
export type BeastProblem = 'garbage' | 'truncated';

/**
 * One frame, reused for every callback (copy what you keep). For a bad frame
 * `problem` is set and `raw` views the skipped bytes.
 */
export class BeastFrame {
  /** BEAST_MODE_AC, _MODE_S_SHORT, _MODE_S_LONG or _STATUS; 0 for a bad frame. */
  type = 0;
  /** Free-running 12 MHz receiver counter (48 bits, exact in a double). */
  ticks = 0;
  /** Signal level byte. */
  signal = 0;
  /** The message, de-escaped; `len` bytes valid. */
  readonly data = new Uint8Array(MODE_S_BUFFER_BYTES);
  len = 0;
  /** Escaped (doubled) 0x1a bytes in this frame. */
  escapes = 0;
  /** Stream offset of the frame's first byte. */
  offset = 0;
  /** Bytes the frame took on the wire. */
  wireBytes = 0;
  problem: BeastProblem | null = null;
  /** Bad frames: the skipped bytes (a view, valid during the callback only). */
  raw: Uint8Array | null = null;
}

export interface BeastCounters {
  modeAc: number;
  modeSShort: number;
  modeSLong: number;
  status: number;
  garbage: number;
  truncated: number;
  /** Bytes skipped in garbage and truncated frames. */
  skippedBytes: number;
}

export type BeastFrameHandler = (frame: BeastFrame) => void;

export class BeastFramer {
  readonly counters: BeastCounters = {
    modeAc: 0,
    modeSShort: 0,
    modeSLong: 0,
    status: 0,
    garbage: 0,
    truncated: 0,
    skippedBytes: 0,
  };
  private readonly frame = new BeastFrame();
  /** Carried bytes (a partial frame) followed, while parsing, by the new chunk. */
  private buf = new Uint8Array(4096);
  private carried = 0;
  /** Stream offset of the first carried byte (or of the next chunk when none). */
  private base = 0;

  /** Parses a chunk, calling `onFrame` for each whole frame and bad stretch in order. */
  push(chunk: Uint8Array, onFrame: BeastFrameHandler): void {
    let d = chunk;
    let n = chunk.length;
    if (this.carried > 0) {
      n = this.carried + chunk.length;
      if (n > this.buf.length) {
        const grown = new Uint8Array(Math.max(n, this.buf.length * 2));
        grown.set(this.buf.subarray(0, this.carried));
        this.buf = grown;
      }
      this.buf.set(chunk, this.carried);
      d = this.buf;
    }
    const used = this.parse(d, n, onFrame);
    const rest = n - used;
    // At most one partial frame is left (<= BEAST_MAX_FRAME_BYTES): that is the cap on
    // what is carried, whatever the input.
    if (rest > 0) {
      if (d === this.buf) this.buf.copyWithin(0, used, n);
      else this.buf.set(d.subarray(used, n));
    }
    this.carried = rest;
    this.base += used;
  }

  /** End of stream: a partial frame left over is reported as truncated. */
  end(onFrame: BeastFrameHandler): void {
    if (this.carried === 0) return;
    this.emitBad(this.buf, 0, this.carried, 'truncated', onFrame);
    this.base += this.carried;
    this.carried = 0;
  }

  /** Returns the number of bytes consumed; the rest is a partial frame. */
  private parse(d: Uint8Array, n: number, onFrame: BeastFrameHandler): number {
    const f = this.frame;
    let i = 0;
    while (i < n) {
      if (d[i] !== BEAST_ESCAPE || (i + 1 < n && MESSAGE_BYTES[d[i + 1]!] === 0)) {
        const j = findSync(d, i, n);
        this.emitBad(d, i, j, 'garbage', onFrame);
        i = j;
        continue;
      }
      if (i + 1 >= n) return i;
      const type = d[i + 1]!;
      const total = HEADER_BYTES + MESSAGE_BYTES[type]!;
      let k = i + 2;
      let got = 0;
      let ticks = 0;
      let esc = 0;
      let cut = false;
      while (got < total) {
        if (k >= n) return i; // partial: carry it
        const c = d[k]!;
        if (c === BEAST_ESCAPE) {
          if (k + 1 >= n) return i;
          if (d[k + 1] !== BEAST_ESCAPE) {
            cut = true; // a lone 0x1a: the next frame starts here
            break;
          }
          k += 2;
          esc++;
        } else {
          k++;
        }
        if (got < 6) ticks = ticks * 256 + c;
        else if (got === 6) f.signal = c;
        else f.data[got - HEADER_BYTES] = c;
        got++;
      }
      if (cut) {
        this.emitBad(d, i, k, 'truncated', onFrame);
        i = k;
        continue;
      }
      f.type = type;
      f.ticks = ticks;
      f.len = total - HEADER_BYTES;
      f.escapes = esc;
      f.offset = this.base + i;
      f.wireBytes = k - i;
      f.problem = null;
      f.raw = null;
      if (type === BEAST_MODE_S_LONG) this.counters.modeSLong++;
      else if (type === BEAST_MODE_S_SHORT) this.counters.modeSShort++;
      else if (type === BEAST_MODE_AC) this.counters.modeAc++;
      else this.counters.status++;
      onFrame(f);
      i = k;
    }
    return i;
  }

  private emitBad(
    d: Uint8Array,
    from: number,
    to: number,
    problem: BeastProblem,
    onFrame: BeastFrameHandler,
  ): void {
    const f = this.frame;
    f.type = 0;
    f.ticks = 0;
    f.signal = 0;
    f.len = 0;
    f.escapes = 0;
    f.offset = this.base + from;
    f.wireBytes = to - from;
    f.problem = problem;
    f.raw = d.subarray(from, to);
    this.counters[problem]++;
    this.counters.skippedBytes += to - from;
    onFrame(f);
  }
}

/**
 * From a byte that does not start a frame, the offset of the next 0x1a that
 * is followed by a frame type, or of a trailing 0x1a whose type has not
 * arrived yet, or `n`. Doubled 0x1a are data and skipped in pairs.
 */
function findSync(d: Uint8Array, from: number, n: number): number {
  let j = d[from] === BEAST_ESCAPE ? from + 2 : from + 1; // from is bad either way
  while (j < n) {
    if (d[j] === BEAST_ESCAPE) {
      if (j + 1 >= n) return j;
      const t = d[j + 1]!;
      if (MESSAGE_BYTES[t] !== 0) return j;
      j += 2; // doubled 0x1a or an unknown type: skip both
    } else {
      j++;
    }
  }
  return n;
}
