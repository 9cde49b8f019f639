import { describe, expect, it } from 'vitest';
import { createRandom, drawInteger } from '../../core/random.js';
import {
  type FeedOutageEvent,
  SilenceDetector,
  type SilenceEvent,
  type SilenceOptions,
} from './silence.js';

const MIN = 60_000;
const S = 60 * MIN;
const OPTS: SilenceOptions = { silenceMs: S, minReports: 5, sourceQuietMs: 5 * MIN };

/** A report of a judged track (track >= 0), or a report of another track proving the source alive (track -1). */
interface Report {
  tMs: number;
  track: number;
  source: number;
  /** false: reported outside the rule's scope. */
  inScope?: boolean;
}

interface Run {
  silences: SilenceEvent[];
  outages: FeedOutageEvent[];
  det: SilenceDetector;
}

/** Drives the detector as the engine does: advance to each report's time, then hand it over. */
function run(reports: Report[], endMs: number, opts = OPTS, det = new SilenceDetector(opts)): Run {
  const silences: SilenceEvent[] = [];
  const outages: FeedOutageEvent[] = [];
  const sorted = [...reports].sort((a, b) => a.tMs - b.tMs);
  for (const r of sorted) {
    det.advance(r.tMs, silences, outages);
    det.noteSourceAlive(r.source, r.tMs);
    if (r.track >= 0) det.observe(r.track, r.source, r.tMs, r.inScope ?? true);
  }
  det.advance(endMs, silences, outages);
  return { silences, outages, det };
}

/** `n` reports of a track, `everyMs` apart from `fromMs`. */
function regular(
  track: number,
  source: number,
  fromMs: number,
  n: number,
  everyMs = MIN,
): Report[] {
  return Array.from({ length: n }, (_, k) => ({ tMs: fromMs + k * everyMs, track, source }));
}

/** Other traffic of a source, every minute in [fromMs, toMs]. */
function heartbeat(source: number, fromMs: number, toMs: number): Report[] {
  const out: Report[] = [];
  for (let t = fromMs; t <= toMs; t += MIN) out.push({ tMs: t, track: -1, source });
  return out;
}

describe('SilenceDetector', () => {
  it('fires once when a regular track is silent for silenceMs while its source delivers others', () => {
    const { silences, outages } = run(
      [...regular(0, 0, 0, 10), ...heartbeat(0, 0, 300 * MIN)],
      600 * MIN,
    );
    expect(silences).toEqual([{ track: 0, lastMs: 9 * MIN, tMs: 9 * MIN + S }]);
    expect(outages).toEqual([]);
  });

  it('fires when the deadline is reached, not a millisecond before', () => {
    const det = new SilenceDetector(OPTS);
    const silences: SilenceEvent[] = [];
    const outages: FeedOutageEvent[] = [];
    for (const r of regular(0, 0, 0, 10)) det.observe(r.track, r.source, r.tMs);
    const due = 9 * MIN + S;
    det.noteSourceAlive(0, due - 1);
    det.advance(due - 1, silences, outages);
    expect(silences).toEqual([]);
    det.advance(due, silences, outages);
    expect(silences).toEqual([{ track: 0, lastMs: 9 * MIN, tMs: due }]);
  });

  it('does not fire when the track reports again just under silenceMs', () => {
    const reports = [
      ...regular(0, 0, 0, 10),
      { tMs: 9 * MIN + S - 1, track: 0, source: 0 },
      ...regular(0, 0, 9 * MIN + S, 30),
    ];
    const endMs = 9 * MIN + S + 29 * MIN + S - 1;
    const { silences } = run([...reports, ...heartbeat(0, 0, endMs)], endMs);
    expect(silences).toEqual([]);
  });

  it('does not judge a track with fewer than minReports reports', () => {
    const { silences } = run([...regular(0, 0, 0, 4), ...heartbeat(0, 0, 300 * MIN)], 600 * MIN);
    expect(silences).toEqual([]);
  });

  it('does not judge a track whose typical interval is longer than silenceMs / 4', () => {
    // Every 20 min against a 60 min silence: gaps are its normal rhythm.
    const sparse = regular(0, 0, 0, 10, 20 * MIN);
    const { silences } = run([...sparse, ...heartbeat(0, 0, 600 * MIN)], 900 * MIN);
    expect(silences).toEqual([]);
    // Every 15 min is regular enough.
    const ok = regular(1, 0, 0, 10, 15 * MIN);
    const second = run([...ok, ...heartbeat(0, 0, 600 * MIN)], 900 * MIN);
    expect(second.silences).toEqual([{ track: 1, lastMs: 135 * MIN, tMs: 135 * MIN + S }]);
  });

  it('takes the median interval, so one earlier gap does not make a track irregular', () => {
    const reports = [
      ...regular(0, 0, 0, 5),
      ...regular(0, 0, 50 * MIN, 5), // one 46 min interval among 1 min ones
      ...heartbeat(0, 0, 300 * MIN),
    ];
    const { silences } = run(reports, 600 * MIN);
    expect(silences).toEqual([{ track: 0, lastMs: 54 * MIN, tMs: 54 * MIN + S }]);
  });

  it('ignores duplicate reports: a zero interval does not make a track regular', () => {
    const reports: Report[] = [];
    for (let k = 0; k < 3; k++) {
      // Each report twice (two receivers), 20 min apart: still irregular.
      reports.push({ tMs: k * 20 * MIN, track: 0, source: 0 });
      reports.push({ tMs: k * 20 * MIN, track: 0, source: 1 });
    }
    const { silences } = run([...reports, ...heartbeat(0, 0, 300 * MIN)], 600 * MIN);
    expect(silences).toEqual([]);
  });

  it('holds back every gap when the whole source goes quiet, with one outage event and a counter', () => {
    const reports = [...regular(0, 0, 0, 10), ...regular(1, 0, 0, 10), ...regular(2, 0, 0, 10)];
    const { silences, outages, det } = run(reports, 200 * MIN);
    expect(silences).toEqual([]);
    expect(outages).toEqual([
      { source: 0, quietSinceMs: 9 * MIN, tMs: 9 * MIN + S, suppressed: 3 },
    ]);
    expect(det.suppressed).toBe(3);
    expect(det.outageSuppressed(0)).toBe(3);
  });

  it('counts later suppressions of the same outage without a second event', () => {
    const reports = [
      ...regular(0, 0, 0, 10),
      ...regular(1, 0, 0, 12),
      ...regular(2, 0, 0, 14),
      ...regular(9, 1, 0, 300), // source 1 keeps going, its track ends at 299 min
    ];
    const det = new SilenceDetector(OPTS);
    const silences: SilenceEvent[] = [];
    const outages: FeedOutageEvent[] = [];
    // Clock ticks every minute, as the server does, besides the reports.
    const sorted = [...reports].sort((a, b) => a.tMs - b.tMs);
    let k = 0;
    for (let now = 0; now <= 200 * MIN; now += MIN) {
      det.advance(now, silences, outages);
      for (; k < sorted.length && sorted[k]!.tMs <= now; k++) {
        const r = sorted[k]!;
        det.noteSourceAlive(r.source, r.tMs);
        det.observe(r.track, r.source, r.tMs);
      }
    }
    expect(silences).toEqual([]);
    expect(outages).toEqual([
      { source: 0, quietSinceMs: 13 * MIN, tMs: 9 * MIN + S, suppressed: 1 },
    ]);
    expect(det.outageSuppressed(0)).toBe(3);
    expect(det.outageSuppressed(1)).toBe(0);
    expect(det.suppressed).toBe(3);
  });

  it('judges a held track again silenceMs after its source comes back, and re-arms one that reports', () => {
    const back = 300 * MIN;
    const reports = [
      ...regular(0, 0, 0, 10),
      ...regular(1, 0, 0, 10),
      // The source comes back: track 0 reports again, track 1 never does.
      ...regular(0, 0, back, 10),
      ...heartbeat(0, back, 1000 * MIN),
    ];
    const { silences, outages, det } = run(reports, 1000 * MIN);
    expect(outages).toEqual([
      { source: 0, quietSinceMs: 9 * MIN, tMs: 9 * MIN + S, suppressed: 2 },
    ]);
    expect(det.suppressed).toBe(2);
    expect(silences).toEqual([
      { track: 1, lastMs: 9 * MIN, tMs: back + S },
      { track: 0, lastMs: back + 9 * MIN, tMs: back + 9 * MIN + S },
    ]);
  });

  it('raises a new outage event for a new outage of the same source', () => {
    const reports = [
      ...regular(0, 0, 0, 10),
      ...regular(0, 0, 200 * MIN, 10),
      ...regular(0, 0, 400 * MIN, 10),
    ];
    const { silences, outages, det } = run(reports, 600 * MIN);
    expect(silences).toEqual([]);
    expect(outages).toEqual([
      { source: 0, quietSinceMs: 9 * MIN, tMs: 9 * MIN + S, suppressed: 1 },
      { source: 0, quietSinceMs: 209 * MIN, tMs: 209 * MIN + S, suppressed: 1 },
      { source: 0, quietSinceMs: 409 * MIN, tMs: 409 * MIN + S, suppressed: 1 },
    ]);
    expect(det.suppressed).toBe(3);
  });

  it('holds back only the tracks of the source that went quiet', () => {
    const reports = [
      ...regular(0, 0, 0, 10),
      ...regular(1, 1, 0, 10),
      ...heartbeat(1, 0, 300 * MIN), // source 1 stays up, source 0 goes down
    ];
    const { silences, outages } = run(reports, 300 * MIN);
    expect(silences).toEqual([{ track: 1, lastMs: 9 * MIN, tMs: 9 * MIN + S }]);
    expect(outages).toEqual([
      { source: 0, quietSinceMs: 9 * MIN, tMs: 9 * MIN + S, suppressed: 1 },
    ]);
  });

  it('judges a track by the source of its last report', () => {
    const reports = [
      ...regular(0, 0, 0, 5),
      ...regular(0, 1, 5 * MIN, 5), // moves to source 1, which then goes down
      ...heartbeat(0, 0, 300 * MIN),
    ];
    const { silences, outages } = run(reports, 300 * MIN);
    expect(silences).toEqual([]);
    expect(outages).toHaveLength(1);
    expect(outages[0]!.source).toBe(1);
  });

  it('fires a gap whose deadline passed before the next report, once per gap', () => {
    const reports = [
      ...regular(0, 0, 0, 10),
      ...regular(0, 0, 100 * MIN, 10),
      ...heartbeat(0, 0, 400 * MIN),
    ];
    const { silences } = run(reports, 400 * MIN);
    expect(silences).toEqual([
      { track: 0, lastMs: 9 * MIN, tMs: 9 * MIN + S },
      { track: 0, lastMs: 109 * MIN, tMs: 109 * MIN + S },
    ]);
  });

  it('does not fire for a forgotten track', () => {
    const det = new SilenceDetector(OPTS);
    for (const r of regular(0, 0, 0, 10)) det.observe(r.track, r.source, r.tMs);
    det.forget(0);
    const { silences } = run(heartbeat(0, 0, 300 * MIN), 300 * MIN, OPTS, det);
    expect(silences).toEqual([]);
  });

  it('fires in time order, same deadlines in the order the tracks were armed', () => {
    const reports = [
      ...regular(3, 0, 2 * MIN, 10),
      ...regular(1, 0, 0, 10),
      ...regular(2, 0, 0, 10),
      ...regular(0, 0, 1 * MIN, 10),
      ...heartbeat(0, 0, 300 * MIN),
    ];
    const { silences } = run(reports, 300 * MIN);
    expect(silences.map((e) => [e.track, e.tMs])).toEqual([
      [1, 9 * MIN + S],
      [2, 9 * MIN + S],
      [0, 10 * MIN + S],
      [3, 11 * MIN + S],
    ]);
  });

  it('gives the same events for the same input, each list in time order', () => {
    const simulate = (seed: number) => {
      const rand = createRandom(seed);
      const reports: Report[] = [];
      for (let track = 0; track < 200; track++) {
        const source = drawInteger(rand, 0, 3);
        let t = drawInteger(rand, 0, 60) * MIN;
        const every = drawInteger(rand, 1, 20) * MIN;
        const n = drawInteger(rand, 1, 40);
        for (let k = 0; k < n; k++) {
          reports.push({ tMs: t, track, source });
          t += every + drawInteger(rand, 0, 5_000);
        }
      }
      // Sources 0 and 1 keep delivering other traffic; 2 and 3 fall quiet now and then.
      reports.push(...heartbeat(0, 0, 2000 * MIN), ...heartbeat(1, 0, 2000 * MIN));
      reports.push(...heartbeat(2, 0, 500 * MIN), ...heartbeat(2, 900 * MIN, 2000 * MIN));
      return run(reports, 3000 * MIN);
    };
    const a = simulate(7);
    const b = simulate(7);
    expect(a.silences).toEqual(b.silences);
    expect(a.outages).toEqual(b.outages);
    expect(a.silences.length).toBeGreaterThan(10);
    expect(a.outages.length).toBeGreaterThan(0);
    const inOrder = (ts: number[]) => ts.every((t, k) => k === 0 || t >= ts[k - 1]!);
    expect(inOrder(a.silences.map((e) => e.tMs))).toBe(true);
    expect(inOrder(a.outages.map((e) => e.tMs))).toBe(true);
    // One event per gap: no track fires twice for the same last report.
    const keys = new Set(a.silences.map((e) => `${e.track}:${e.lastMs}`));
    expect(keys.size).toBe(a.silences.length);
  });

  it('keeps one live timer per track however often it reports', () => {
    const det = new SilenceDetector(OPTS);
    for (let k = 0; k < 10_000; k++) {
      det.noteSourceAlive(0, k * 1000);
      det.observe(k % 100, 0, k * 1000);
    }
    expect(det.pendingTimers).toBe(100);
    expect(det.byteLength).toBeGreaterThan(0);
  });

  it('does not judge a gap that follows a report outside the rule scope', () => {
    const reports: Report[] = [
      ...regular(0, 0, 0, 10),
      ...regular(1, 0, 0, 10),
      // Both leave the rule's area at 10 min; track 1 comes back inside at 100 min.
      { tMs: 10 * MIN, track: 0, source: 0, inScope: false },
      { tMs: 10 * MIN, track: 1, source: 0, inScope: false },
      { tMs: 100 * MIN, track: 1, source: 0 },
      ...heartbeat(0, 0, 400 * MIN),
    ];
    const { silences } = run(reports, 400 * MIN);
    expect(silences).toEqual([{ track: 1, lastMs: 100 * MIN, tMs: 100 * MIN + S }]);
  });

  it('throws on options it cannot honour', () => {
    expect(() => new SilenceDetector({ ...OPTS, silenceMs: 0 })).toThrow(/silenceMs/);
    expect(() => new SilenceDetector({ ...OPTS, minReports: 1 })).toThrow(/minReports/);
    expect(() => new SilenceDetector({ ...OPTS, sourceQuietMs: 0 })).toThrow(/sourceQuietMs/);
    expect(() => new SilenceDetector(OPTS).observe(-1, 0, 0)).toThrow(/track/);
  });

  it('turns the feed gate off with sourceQuietMs = Infinity', () => {
    const opts = { ...OPTS, sourceQuietMs: Number.POSITIVE_INFINITY };
    const { silences, outages } = run(regular(0, 0, 0, 10), 300 * MIN, opts);
    expect(silences).toHaveLength(1);
    expect(outages).toEqual([]);
  });
});
