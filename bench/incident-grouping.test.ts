import { describe, expect, it } from 'vitest';
import { formatGroupingReport, runGroupingBench } from './incident-grouping.js';

describe('incident grouping benchmark', () => {
  it('stores and groups every detection at a tiny size', async () => {
    const result = await runGroupingBench({ n: 2000, tracks: 100, zones: 10, batch: 500, seed: 1 });
    // Tracks keep to their zones, so most detections join an incident rather than start one.
    expect(result.incidents).toBeGreaterThan(0);
    expect(result.incidents).toBeLessThan(2000);
    expect(result.auditEntries).toBe(result.incidents);
    expect(formatGroupingReport(result)).toMatch(/grouping \/ storing/);
  });
});
