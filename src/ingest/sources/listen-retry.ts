/**
 * Listening again after a failed bind (address in use, permission denied),
 * with backoff: the one rhythm the TCP server and UDP sources share. Each
 * failure is logged with the delay; a successful bind resets the backoff.
 * (tcp-client-source.ts keeps its own: it warns once when a feed is lost.)
 */
import { computeBackoffMs, RECONNECT_BACKOFF } from './backoff.js';
import type { SourceContext, SourceRuntime } from './source-runtime.js';

export class ListenRetry {
  readonly #ctx: SourceContext;
  readonly #rt: SourceRuntime;
  /** Names the source in the log line: `<label> cannot listen`. */
  readonly #label: string;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(ctx: SourceContext, rt: SourceRuntime, label: string) {
    this.#ctx = ctx;
    this.#rt = rt;
    this.#label = label;
  }

  /** Listening now: the next failure starts the backoff from the first delay. */
  reset(): void {
    this.#attempt = 0;
  }

  /** Logs `err` and calls `retry` after the next backoff delay. */
  schedule(err: Error, retry: () => void): void {
    const rt = this.#rt;
    const delayMs = computeBackoffMs(
      this.#attempt++,
      this.#ctx.backoff ?? RECONNECT_BACKOFF,
      this.#ctx.random,
    );
    rt.log.error(
      { source: rt.id, err: err.message, retryInMs: delayMs },
      `${this.#label} cannot listen`,
    );
    this.#timer = setTimeout(retry, delayMs);
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }
}
