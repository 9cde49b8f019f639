/**
 * Events per second over a moving window, in one-second buckets: constant
 * memory whatever the rate. Time is passed in, so tests need no clock.
 */
export class RateMeter {
  readonly #bucketMs: number;
  readonly #counts: Float64Array;
  /** Which bucket (tMs / bucketMs) each slot currently holds. */
  readonly #slots: Float64Array;

  constructor(windowMs = 10_000, bucketMs = 1000) {
    if (!(bucketMs > 0) || !(windowMs >= bucketMs)) {
      throw new Error(`RateMeter: expected windowMs >= bucketMs > 0, got ${windowMs}, ${bucketMs}`);
    }
    this.#bucketMs = bucketMs;
    const n = Math.ceil(windowMs / bucketMs);
    this.#counts = new Float64Array(n);
    this.#slots = new Float64Array(n).fill(-1);
  }

  add(n: number, tMs: number): void {
    const b = Math.floor(tMs / this.#bucketMs);
    const i = b % this.#counts.length;
    if (this.#slots[i] !== b) {
      this.#slots[i] = b;
      this.#counts[i] = 0;
    }
    this.#counts[i]! += n;
  }

  /** Mean rate over the window that ends at `nowMs`. */
  perSecond(nowMs: number): number {
    const now = Math.floor(nowMs / this.#bucketMs);
    const n = this.#counts.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const b = this.#slots[i]!;
      if (b > now - n && b <= now) sum += this.#counts[i]!;
    }
    return sum / ((n * this.#bucketMs) / 1000);
  }
}
