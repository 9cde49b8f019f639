import { describe, expect, it } from 'vitest';
import { LoiterDetector, type LoiterEvent, type LoiterOptions } from './loiter.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 2, 1, 6, 0, 0);
const OPTIONS: LoiterOptions = { speedKn: 2, minDurationMs: HOUR, maxGapMs: 30 * MIN };

/** One report: minutes after T0, speed, and whether it is in port. */
type Report = [minutes: number, speedKn: number, inPort?: boolean];

/** Feeds the reports of one track (drifting east a little each time); returns the events. */
function run(reports: Report[], track = 0, det = new LoiterDetector(OPTIONS)): LoiterEvent[] {
  const out: LoiterEvent[] = [];
  for (const [m, kn, inPort] of reports) {
    det.observe(track, T0 + m * MIN, 33 + m * 1e-4, 44, kn, inPort ?? false, out);
  }
  return out;
}

/** Slow reports every `step` minutes from `from` to `to`, both included. */
function slow(from: number, to: number, step = 10, kn = 0.5): Report[] {
  const r: Report[] = [];
  for (let m = from; m <= to; m += step) r.push([m, kn]);
  return r;
}

describe('LoiterDetector', () => {
  it('fires at the first report where the run has lasted exactly minDurationMs', () => {
    const out = run(slow(0, 90));
    expect(out).toEqual([
      {
        track: 0,
        startMs: T0,
        tMs: T0 + HOUR,
        startLon: 33,
        startLat: 44,
        lon: 33 + 60 * 1e-4,
        lat: 44,
      },
    ]);
  });

  it('does not fire a run one millisecond short of minDurationMs', () => {
    const det = new LoiterDetector(OPTIONS);
    const out: LoiterEvent[] = [];
    for (let m = 0; m < 60; m += 10) det.observe(0, T0 + m * MIN, 33, 44, 1, false, out);
    det.observe(0, T0 + HOUR - 1, 33, 44, 1, false, out);
    expect(out).toEqual([]);
    det.observe(0, T0 + HOUR, 33, 44, 1, false, out);
    expect(out.map((e) => e.tMs)).toEqual([T0 + HOUR]);
  });

  it('resets the run on one fast report', () => {
    const out = run([...slow(0, 50), [55, 6], ...slow(60, 110)]);
    expect(out).toEqual([]);
    expect(run([...slow(0, 50), [55, 6], ...slow(60, 120)]).map((e) => e.startMs)).toEqual([
      T0 + 60 * MIN,
    ]);
  });

  it('does not count a speed exactly equal to speedKn as below it', () => {
    expect(run(slow(0, 90, 10, 2))).toEqual([]);
    expect(run([...slow(0, 50), [55, 2], ...slow(60, 110)])).toEqual([]);
    expect(run(slow(0, 90, 10, 1.999)).length).toBe(1);
  });

  it('resets the run on a report in port, and does not count a run in port', () => {
    expect(run([...slow(0, 50), [55, 0.1, true], ...slow(60, 110)])).toEqual([]);
    expect(run(slow(0, 180).map(([m, kn]) => [m, kn, true] as Report))).toEqual([]);
    // Leaving port starts the run.
    const out = run([...slow(0, 30).map(([m, kn]) => [m, kn, true] as Report), ...slow(40, 100)]);
    expect(out.map((e) => [e.startMs, e.tMs])).toEqual([[T0 + 40 * MIN, T0 + 100 * MIN]]);
  });

  it('breaks the run at a gap longer than maxGapMs, but not at one exactly maxGapMs long', () => {
    // 0..30, then silent until 61 (31 min): the run starts again at 61.
    expect(run([...slow(0, 30), ...slow(61, 120)])).toEqual([]);
    expect(run([...slow(0, 30), ...slow(61, 121)]).map((e) => e.startMs)).toEqual([T0 + 61 * MIN]);
    // A gap of exactly 30 min keeps it.
    expect(run([...slow(0, 30), ...slow(60, 90)]).map((e) => e.tMs)).toEqual([T0 + 60 * MIN]);
  });

  it('fires once per run, and again for a new run after a reset', () => {
    const out = run([...slow(0, 240), [250, 8], ...slow(260, 400)]);
    expect(out.map((e) => [e.startMs - T0, e.tMs - T0])).toEqual([
      [0, HOUR],
      [260 * MIN, 320 * MIN],
    ]);
  });

  it('keeps tracks apart and grows its arrays for sparse dense indices', () => {
    const det = new LoiterDetector(OPTIONS);
    const out: LoiterEvent[] = [];
    const tracks = [0, 1, 63, 64, 5000];
    for (let m = 0; m <= 60; m += 10) {
      for (const tr of tracks) {
        // Track 1 is fast half the time: never a run of an hour.
        const kn = tr === 1 && m % 20 === 0 ? 9 : 0.3;
        det.observe(tr, T0 + m * MIN, tr, 10, kn, false, out);
      }
    }
    expect(out.map((e) => e.track)).toEqual([0, 63, 64, 5000]);
    expect(out.every((e) => e.startLon === e.track && e.tMs === T0 + HOUR)).toBe(true);
    expect(det.byteLength).toBeGreaterThanOrEqual(5001 * 33);
    expect(det.byteLength).toBeLessThan(2 * 8192 * 33);
  });

  it('forgets a track: its run starts again', () => {
    const det = new LoiterDetector(OPTIONS);
    const out = run(slow(0, 50), 7, det);
    det.forget(7);
    det.forget(1_000_000); // never seen: nothing to do
    expect(run(slow(60, 110), 7, det)).toEqual([]);
    expect(out).toEqual([]);
    expect(run([[120, 1]], 7, det).map((e) => e.startMs)).toEqual([T0 + 60 * MIN]);
  });

  it('ignores a report older than the track latest', () => {
    const out = run([...slow(0, 50), [20, 9], ...slow(60, 60)]);
    expect(out.map((e) => e.tMs)).toEqual([T0 + HOUR]);
  });

  it('breaks the run on an unknown (NaN) speed', () => {
    expect(run([...slow(0, 30), [35, Number.NaN], ...slow(40, 90)])).toEqual([]);
  });

  it('fires at the first report when minDurationMs is 0', () => {
    const det = new LoiterDetector({ ...OPTIONS, minDurationMs: 0 });
    expect(run(slow(0, 20), 0, det).map((e) => e.tMs)).toEqual([T0]);
  });

  it('throws on misuse, with what it expected', () => {
    expect(() => new LoiterDetector({ ...OPTIONS, speedKn: 0 })).toThrow(/expected speedKn > 0/);
    expect(() => new LoiterDetector({ ...OPTIONS, minDurationMs: -1 })).toThrow(/minDurationMs/);
    expect(() => new LoiterDetector({ ...OPTIONS, maxGapMs: Number.NaN })).toThrow(/maxGapMs/);
    expect(() => run([[0, 1]], -1)).toThrow(/dense track index/);
    expect(() => run([[0, 1]], 1.5)).toThrow(/dense track index/);
  });
});
