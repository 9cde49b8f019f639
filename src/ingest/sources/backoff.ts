/**
 * Reconnect delays: exponential, capped, with jitter, so a receiver that
 * restarts is not hammered and many clients do not retry in step.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
}

export const RECONNECT_BACKOFF: BackoffOptions = { firstMs: 1000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (0 for the first retry): a random
 * value in [ceiling/2, ceiling], the ceiling doubling from firstMs to maxMs.
 */
export function computeBackoffMs(
  attempt: number,
  options: BackoffOptions = RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.firstMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
