import { describe, expect, it } from 'vitest';
import { formatStoreInsertReport, runStoreInsertBench } from './store-insert.js';

describe('store insert benchmark', () => {
  it('runs both peers at a tiny size and they answer the queries alike', async () => {
    const result = await runStoreInsertBench({
      n: 20_000,
      tracks: 500,
      batch: 5000,
      seed: 1,
      queries: 20,
    });
    expect(result.ours.checkpoints.map((c) => c.rows)).toEqual([2000, 10_000, 20_000]);
    expect(result.ours.queryRows).toBeGreaterThan(0);
    expect(result.ours.queryRows).toBe(result.naive.queryRows);
    expect(formatStoreInsertReport(result)).toMatch(/ours\/naive/);
  });
});
