/**
 * JSON Lines out of a decode command, fast: each line is encoded straight
 * into a 1 MiB block and the block is written when full. Building one big
 * string with `+=` instead makes V8 allocate a rope node per line and flatten
 * it on write; measured on `decode ais`, that was a quarter of the run in
 * the garbage collector.
 *
 * Whatever one input chunk produced is written before the next is read
 * (`flush()`), so a reader of a live feed (`nc … | truceline decode ais`)
 * sees each message as it completes, not once a block fills.
 *
 * Backpressure: `flush()` / `end()` return a promise to await when the
 * reader is slow. A reader that goes away (EPIPE, `| head`) closes the output
 * quietly; `closed` tells the producer to stop.
 */
import type { Writable } from 'node:stream';

const BLOCK_BYTES = 1 << 20;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_CHAR = 3;

export class LineOutput {
  #block = Buffer.allocUnsafe(BLOCK_BYTES);
  #used = 0;
  #closed = false;
  readonly #out: Writable;

  constructor(out: Writable) {
    this.#out = out;
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.#closed = true;
      else throw err;
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Append one line (a newline is added). */
  line(s: string): void {
    const worst = s.length * MAX_BYTES_PER_CHAR + 1;
    if (this.#used + worst > this.#block.length) {
      this.#ship();
      if (worst > this.#block.length) this.#block = Buffer.allocUnsafe(worst);
    }
    this.#used += this.#block.write(s, this.#used, 'utf8');
    this.#block[this.#used++] = 10;
  }

  /** Write what is buffered; await the result when given. */
  flush(): Promise<void> | undefined {
    if (this.#used >= BLOCK_BYTES / 2 || this.#used === 0 || this.#closed) return this.#ship();
    // A little output (a live feed's chunk): write a copy and keep the block,
    // rather than allocate a fresh 1 MiB block per chunk.
    const chunk = Buffer.from(this.#block.subarray(0, this.#used));
    this.#used = 0;
    return this.#write(chunk);
  }

  /** Write what is left. */
  end(): Promise<void> | undefined {
    return this.#used > 0 ? this.#ship() : undefined;
  }

  #ship(): Promise<void> | undefined {
    if (this.#used === 0 || this.#closed) {
      this.#used = 0;
      return undefined;
    }
    // The stream may keep the chunk queued: hand it this block and take a
    // fresh one rather than copy.
    const chunk = this.#block.subarray(0, this.#used);
    this.#block = Buffer.allocUnsafe(BLOCK_BYTES);
    this.#used = 0;
    return this.#write(chunk);
  }

  #write(chunk: Buffer): Promise<void> | undefined {
    if (this.#out.write(chunk)) return undefined;
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#out.off('drain', done);
        this.#out.off('close', done);
        resolve();
      };
      this.#out.on('drain', done);
      this.#out.on('close', done);
    });
  }
}
