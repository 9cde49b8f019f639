import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAisBenchReport, runAisBench } from './ais-decode.js';

const CORPUS = resolve(
  process.env.TRUCELINE_TESTDATA ?? resolve(import.meta.dirname, '../../shared/testdata'),
  'ais/bulk/dma-stream_example.txt',
);

describe.runIf(existsSync(CORPUS))('bench/ais-decode at a tiny size', () => {
  it('runs in-process and prints its table (peers optional)', async () => {
    const r = await runAisBench({ repeat: 1, n: 2000, runs: 1, processes: false });
    expect(r.sentences).toBe(2000);
    expect(r.inProcess.messages).toBeGreaterThan(1500);
    expect(formatAisBenchReport(r)).toMatch(/ours in-process/);
  });
});
