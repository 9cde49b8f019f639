/**
 * What every section of bench/engine shares: the median of 3 interleaved
 * timed runs after a warm-up, memory read after a full collection, number formatting,
 * and the table of ratios against the issue's goals.
 */

/**
 * Median seconds of each job's three runs, after a warm-up call of each;
 * the runs interleaved (a, b, a, b, a, b) so that a change in the shared
 * machine's load falls on every job alike.
 */
export function mediansInterleaved(
  jobs: readonly { warm: () => void; run: () => void }[],
): number[] {
  for (const j of jobs) j.warm();
  const times = jobs.map(() => [] as number[]);
  for (let r = 0; r < 3; r++) {
    jobs.forEach((j, i) => {
      const t = process.hrtime.bigint();
      j.run();
      times[i]!.push(Number(process.hrtime.bigint() - t) / 1e9);
    });
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[1]!);
}

const gc = (globalThis as { gc?: () => void }).gc;

/** True when node runs with --expose-gc, so heap deltas are exact rather than approximate. */
export const HAS_GC = typeof gc === 'function';

/** Bytes in use (JS heap + array buffers), after a full collection when --expose-gc allows one. */
export function usedBytes(): number {
  if (gc !== undefined) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** `1.23 M points/s`, `456 k obs/s`. */
export const fmtRate = (x: number, what = ''): string => {
  const unit = what === '' ? '/s' : ` ${what}/s`;
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M${unit}` : `${(x / 1e3).toFixed(0)} k${unit}`;
};

export const fmtBytes = (x: number): string =>
  x >= 1024 * 1024 ? `${(x / 1048576).toFixed(1)} MiB` : `${(x / 1024).toFixed(2)} KiB`;

export const pad = (s: string, n: number): string => s.padEnd(n);
export const padL = (s: string, n: number): string => s.padStart(n);

/** One ratio of the issue, measured in this run, with its goal. */
export interface Goal {
  name: string;
  value: number;
  /** `>=`: the ratio must reach goal; `<=`: it must stay under it. */
  op: '>=' | '<=';
  goal: number;
}

export const isMet = (g: Goal): boolean => (g.op === '>=' ? g.value >= g.goal : g.value <= g.goal);

export function printGoals(goals: readonly Goal[]): void {
  console.log('\nratios against the goals (same run):');
  const w = Math.max(10, ...goals.map((g) => g.name.length));
  for (const g of goals) {
    console.log(
      `  ${pad(g.name, w)} ${padL(`${g.value.toFixed(2)}x`, 9)}  goal ${g.op} ${g.goal}x  ${isMet(g) ? 'met' : 'NOT met'}`,
    );
  }
}
