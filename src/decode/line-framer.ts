/**
 * Splits a byte stream into text lines (NMEA 0183, AVR, SBS): framing apart
 * from decoding, after pg-protocol's parser. Chunks may end anywhere; a partial
 * line is carried over to the next chunk. A line longer than the cap is not
 * buffered past the cap: it is reported as data ({ tooLong: true }) and the
 * framer resynchronises at the next newline. Never throws on input bytes.
 *
 * Lines are decoded as Latin-1 (one char per byte), so a non-ASCII byte
 * reaches the line decoder as one char and is refused there, by reason.
 */

const LF = 10; // line terminator
const CR = 13; // dropped when it ends a line (CRLF)

/** NMEA sentences are ≤ 82 chars; tag blocks and receiver metadata add some. */
export const DEFAULT_MAX_LINE_LENGTH = 1024;

/** An over-long line, dropped: how long it was and how it began. */
export interface TooLongLine {
  tooLong: true;
  /** Bytes of the line, without its terminator. */
  length: number;
  /** Its first `maxLineLength` bytes (enough to see what it was). */
  head: string;
}

export interface LineFramerOptions {
  /** Longest line passed on, in bytes without CR/LF (default 1024). */
  maxLineLength?: number;
  /** Told of each over-long line (they are counted either way). */
  onTooLong?: (line: TooLongLine) => void;
}

/** Node's Buffer slices Latin-1 in native code without a view object; ~1.5x TextDecoder. */
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}
const LATIN1 = new TextDecoder('latin1');

function hasLatin1Slice(b: Uint8Array): b is Uint8Array & Latin1Slicer {
  return typeof (b as Partial<Latin1Slicer>).latin1Slice === 'function';
}

function decodeLatin1(b: Uint8Array, start: number, end: number): string {
  return hasLatin1Slice(b) ? b.latin1Slice(start, end) : LATIN1.decode(b.subarray(start, end));
}

export class LineFramer {
  /** Lines passed on, and over-long lines dropped. */
  readonly counters = { lines: 0, tooLong: 0 };
  private readonly max: number;
  private readonly onLine: (line: string) => void;
  private readonly onTooLong: ((line: TooLongLine) => void) | undefined;
  /** The start of a line that has not ended yet, at most `max + 1` bytes (a CR may follow). */
  private readonly carry: Uint8Array;
  private carried = 0;
  /** Bytes of the current line when it is over-long and being skipped; 0 otherwise. */
  private skipped = 0;
  /** Last byte of the line being skipped (a CR there is not part of its length). */
  private lastSkipped = 0;

  constructor(options: LineFramerOptions, onLine: (line: string) => void) {
    const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`LineFramer: maxLineLength must be an integer >= 1, got ${max}`);
    this.max = max;
    this.onLine = onLine;
    this.onTooLong = options.onTooLong;
    this.carry = new Uint8Array(max + 1);
  }

  /** Frames a chunk; calls onLine for each line it completes, in order. */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let start = 0;
    while (start < n) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) {
        this.hold(chunk, start, n);
        return;
      }
      if (this.carried === 0 && this.skipped === 0) {
        // Fast path: the whole line is inside this chunk.
        const end = nl > start && chunk[nl - 1] === CR ? nl - 1 : nl;
        if (end - start <= this.max) {
          this.counters.lines++;
          this.onLine(decodeLatin1(chunk, start, end));
        } else {
          this.reportTooLong(end - start, decodeLatin1(chunk, start, start + this.max));
        }
      } else {
        this.hold(chunk, start, nl);
        this.finishLine();
      }
      start = nl + 1;
    }
  }

  /** End of input: a last line without a terminator still counts. */
  end(): void {
    if (this.carried > 0 || this.skipped > 0) this.finishLine();
  }

  /** Drops a partial line (a connection was cut mid-line). */
  reset(): void {
    this.carried = 0;
    this.skipped = 0;
  }

  /** Keeps bytes [start, end) of a line that has not ended, up to the cap. */
  private hold(chunk: Uint8Array, start: number, end: number): void {
    if (end > start) this.lastSkipped = chunk[end - 1]!;
    if (this.skipped > 0) {
      this.skipped += end - start;
      return;
    }
    const room = this.carry.length - this.carried;
    if (end - start <= room) {
      this.carry.set(chunk.subarray(start, end), this.carried);
      this.carried += end - start;
    } else {
      // Over the cap (plus one byte for a CR that may end it): stop buffering.
      this.carry.set(chunk.subarray(start, start + room), this.carried);
      this.skipped = this.carried + (end - start);
      this.carried = this.carry.length;
    }
  }

  /** The carried line has ended (newline or end of input). */
  private finishLine(): void {
    const c = this.carry;
    if (this.skipped > 0) {
      const len = this.skipped - (this.lastSkipped === CR ? 1 : 0);
      this.skipped = 0;
      this.carried = 0;
      this.reportTooLong(len, decodeLatin1(c, 0, this.max));
      return;
    }
    let end = this.carried;
    if (end > 0 && c[end - 1] === CR) end--;
    this.carried = 0;
    if (end > this.max) {
      this.reportTooLong(end, decodeLatin1(c, 0, this.max));
      return;
    }
    this.counters.lines++;
    this.onLine(decodeLatin1(c, 0, end));
  }

  private reportTooLong(length: number, head: string): void {
    this.counters.tooLong++;
    this.onTooLong?.({ tooLong: true, length, head });
  }
}
