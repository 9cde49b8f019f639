import { describe, expect, it } from 'vitest';
import { runEngineBench } from './engine-step.js';

describe('bench/engine-step at CI size', () => {
  it('runs, and both peers find the same zones for every point', () => {
    // runEngineBench throws if ours and Turf disagree on any point.
    const r = runEngineBench({ n: 20_000, tracks: 500, seed: 3 });
    expect(r.hits).toBeGreaterThan(0);
    expect(r.oursLookupsPerS).toBeGreaterThan(0);
    expect(r.engineStepsPerS).toBeGreaterThan(0);
  });
});
