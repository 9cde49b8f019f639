import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEAST_FILE, runAdsbBench } from './adsb-decode.js';

describe.runIf(existsSync(BEAST_FILE))('bench/adsb-decode at CI size', () => {
  it('runs, and ours and the naive peer agree on every DF17 frame', () => {
    // runAdsbBench throws if the peers disagree on an address or type code
    const r = runAdsbBench({ repeat: 1, runs: 1, processes: false });
    expect(r.modeSFrames).toBe(5359);
    expect(r.positions).toBe(902);
    expect(r.decodePerS).toBeGreaterThan(0);
    expect(r.naivePerS).toBeGreaterThan(0);
  });
});
