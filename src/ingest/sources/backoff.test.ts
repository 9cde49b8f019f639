import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from './backoff.js';

describe('computeBackoffMs', () => {
  const opts = { firstMs: 1000, maxMs: 60_000 };

  it('doubles from the first delay up to the cap', () => {
    const top = (attempt: number) => computeBackoffMs(attempt, opts, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 40].map(top)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    expect(computeBackoffMs(3, opts, () => 0)).toBe(4000);
    expect(computeBackoffMs(3, opts, () => 0.5)).toBe(6000);
  });
});
