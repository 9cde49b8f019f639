import { describe, expect, it } from 'vitest';
import { distanceM, EARTH_RADIUS_M } from '../../core/geometry.js';
import { createRandom, drawUniform, type Random } from '../../core/random.js';
import { EncounterDetector, type EncounterEvent, type EncounterOptions } from './encounter.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 2, 1, 6, 0, 0);
const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;
const OPTIONS: EncounterOptions = {
  distanceM: 500,
  minDurationMs: 2 * HOUR,
  speedKn: 2,
  maxGapMs: 30 * MIN,
};

/** Degrees of longitude that make `m` metres east at `lat`. */
const east = (m: number, lat: number) => m / (M_PER_DEG * Math.cos((lat * Math.PI) / 180));

/** A report: track, minutes after T0, lon, lat, speed. */
type Report = [track: number, minutes: number, lon: number, lat: number, speedKn: number];

function feed(reports: Report[], det = new EncounterDetector(OPTIONS)): EncounterEvent[] {
  const out: EncounterEvent[] = [];
  for (const [tr, m, lon, lat, kn] of reports) det.observe(tr, T0 + m * MIN, lon, lat, kn, out);
  return out;
}

/**
 * Two vessels `apartM` metres apart east-west at 43°N, both reporting every
 * 10 min from `from` to `to` (A first), drifting north together.
 */
function pairReports(apartM: number, from: number, to: number, kn = 0.5): Report[] {
  const r: Report[] = [];
  for (let m = from; m <= to; m += 10) {
    const lat = 43 + m * 1e-5;
    r.push([0, m, 30, lat, kn], [1, m, 30 + east(apartM, lat), lat, kn]);
  }
  return r;
}

describe('EncounterDetector', () => {
  it('fires once, at exactly minDurationMs, for two vessels drifting 300 m apart', () => {
    const reports = pairReports(300, 0, 240);
    const out = feed(reports);
    expect(out.length).toBe(1);
    const e = out[0]!;
    expect([e.a, e.b, e.startMs, e.tMs]).toEqual([0, 1, T0, T0 + 2 * HOUR]);
    expect(e.distanceM).toBeGreaterThan(299);
    expect(e.distanceM).toBeLessThan(301);
    // A reported at 120 min; B's latest was at 110, at the same latitude then.
    expect(e.lon).toBeCloseTo(30 + east(150, 43), 6);
    expect(e.lat).toBeCloseTo(43 + 115e-5, 9);
  });

  it('does not fire at 1 h 59 min', () => {
    const reports = pairReports(300, 0, 110);
    reports.push([0, 119, 30, 43, 0.5], [1, 119, 30 + east(300, 43), 43, 0.5]);
    const det = new EncounterDetector(OPTIONS);
    expect(feed(reports, det)).toEqual([]);
    expect(det.activePairs).toBe(1);
  });

  it('does not fire for vessels 600 m apart', () => {
    const det = new EncounterDetector(OPTIONS);
    expect(feed(pairReports(600, 0, 300), det)).toEqual([]);
    expect(det.activePairs).toBe(0);
  });

  it('counts a pair exactly distanceM apart as within', () => {
    const det = new EncounterDetector({ ...OPTIONS, minDurationMs: 0 });
    const out: EncounterEvent[] = [];
    det.observe(0, T0, 30, 43, 0, out);
    const lon = 30 + east(500, 43);
    const d = distanceM(30, 43, lon, 43);
    det.observe(1, T0, lon, 43, 0, out);
    expect(out.length).toBe(d <= 500 ? 1 : 0);
  });

  it('breaks the run when one vessel speeds up, and starts a new one after', () => {
    const reports = pairReports(300, 0, 400).map(
      ([tr, m, lon, lat, kn]): Report => [tr, m, lon, lat, tr === 1 && m === 60 ? 5 : kn],
    );
    const out = feed(reports);
    // B's next slow report (70 min) finds A again: the new run starts there.
    expect(out.map((e) => [e.startMs - T0, e.tMs - T0])).toEqual([[70 * MIN, 190 * MIN]]);
  });

  it('does not count a speed exactly equal to speedKn as below it', () => {
    expect(feed(pairReports(300, 0, 240, 2))).toEqual([]);
  });

  it('breaks the run when the vessels drift apart, even for one report', () => {
    const reports = pairReports(300, 0, 300).map(([tr, m, lon, lat, kn]): Report => {
      if (tr === 1 && m === 100) return [tr, m, 30 + east(800, lat), lat, kn];
      return [tr, m, lon, lat, kn];
    });
    const out = feed(reports);
    // A's report at 110 finds B again (B's 100 min position is 800 m off, so
    // not at 100; at 110 A still sees B's 100 position; B's 110 report restarts).
    expect(out.map((e) => e.startMs - T0)).toEqual([110 * MIN]);
    expect(out.map((e) => e.tMs - T0)).toEqual([230 * MIN]);
  });

  it('breaks the run when the pair is not seen together within maxGapMs', () => {
    // Both silent from 60 to 100 min (40 min gap).
    const reports = pairReports(300, 0, 300).filter(([, m]) => m <= 60 || m >= 100);
    expect(feed(reports).map((e) => [e.startMs - T0, e.tMs - T0])).toEqual([
      [100 * MIN, 220 * MIN],
    ]);
  });

  it('does not count a neighbour position older than maxGapMs', () => {
    // B reports once; A sits beside it for hours: B's position goes stale.
    const reports: Report[] = [[1, 0, 30 + east(300, 43), 43, 0]];
    for (let m = 0; m <= 300; m += 10) reports.push([0, m, 30, 43, 0]);
    const det = new EncounterDetector(OPTIONS);
    expect(feed(reports, det)).toEqual([]);
  });

  it('gives the three pairs of a cluster of three', () => {
    const reports: Report[] = [];
    for (let m = 0; m <= 130; m += 10) {
      reports.push([5, m, 30, 43, 1], [2, m, 30 + east(200, 43), 43, 1]);
      reports.push([9, m, 30 + east(100, 43), 43 + 150 / M_PER_DEG, 1]);
    }
    const out = feed(reports);
    expect(out.map((e) => [e.a, e.b, e.startMs - T0, e.tMs - T0])).toEqual([
      [2, 5, 0, 2 * HOUR],
      [5, 9, 0, 2 * HOUR],
      [2, 9, 0, 2 * HOUR],
    ]);
  });

  it('ignores a vessel passing by quickly', () => {
    const reports: Report[] = [];
    for (let m = 0; m <= 240; m += 2) {
      reports.push([0, m, 30, 43, 0.2]);
      // 10 kn eastbound, passing 100 m north of A at 120 min.
      const lon = 30 + east(((m - 120) * 10 * 1852) / 60, 43);
      reports.push([1, m, lon, 43 + 100 / M_PER_DEG, 10]);
    }
    const det = new EncounterDetector(OPTIONS);
    expect(feed(reports, det)).toEqual([]);
    expect(det.activePairs).toBe(0);
  });

  it('finds a pair across the antimeridian and puts its midpoint on the right side', () => {
    const det = new EncounterDetector({ ...OPTIONS, minDurationMs: 0 });
    const out: EncounterEvent[] = [];
    det.observe(0, T0, 179.999, -17, 0, out);
    det.observe(1, T0, -179.999, -17, 0, out);
    expect(out.length).toBe(1);
    expect(Math.abs(out[0]!.lon)).toBeCloseTo(180, 9);
    expect(out[0]!.distanceM).toBeLessThan(250);
  });

  it('finds pairs across the pole', () => {
    const det = new EncounterDetector({ ...OPTIONS, minDurationMs: 0 });
    const out: EncounterEvent[] = [];
    det.observe(0, T0, 0, 89.999, 0, out);
    det.observe(1, T0, 180, 89.999, 0, out);
    det.observe(2, T0, -100, -89.998, 0, out);
    det.observe(3, T0, 80, -89.998, 0, out);
    expect(out.map((e) => [e.a, e.b])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('prunes stale positions and pairs, and forgets a track with its pairs', () => {
    const det = new EncounterDetector(OPTIONS);
    feed(pairReports(300, 0, 60), det);
    feed([[7, 60, 30 + east(100, 43), 43.0006, 1]], det);
    expect(det.activePairs).toBe(3);
    det.forget(1);
    expect(det.activePairs).toBe(1);
    det.prune(T0 + 90 * MIN);
    expect(det.activePairs).toBe(1);
    det.prune(T0 + 91 * MIN); // within maxGapMs / 4 of the last scan: skipped
    expect(det.activePairs).toBe(1);
    det.prune(T0 + 100 * MIN);
    expect(det.activePairs).toBe(0);
    // Forgotten and pruned tracks report again from nothing.
    expect(feed(pairReports(300, 200, 400), det).map((e) => e.startMs - T0)).toEqual([200 * MIN]);
  });

  it('grows its arrays by doubling for sparse dense indices', () => {
    const det = new EncounterDetector({ ...OPTIONS, minDurationMs: 0 });
    const before = det.byteLength;
    const out: EncounterEvent[] = [];
    det.observe(100_000, T0, 30, 43, 0, out);
    det.observe(3, T0, 30.001, 43, 0, out);
    expect(out.map((e) => [e.a, e.b])).toEqual([[3, 100_000]]);
    expect(det.byteLength).toBeGreaterThan(before + 131_072 * 48 - 1);
    expect(det.byteLength).toBeLessThan(before + 131_072 * 48 * 2);
  });

  it('throws on misuse, with what it expected', () => {
    expect(() => new EncounterDetector({ ...OPTIONS, distanceM: 0 })).toThrow(/distanceM/);
    expect(() => new EncounterDetector({ ...OPTIONS, speedKn: -1 })).toThrow(/speedKn/);
    expect(() => new EncounterDetector({ ...OPTIONS, minDurationMs: Number.NaN })).toThrow(
      /minDurationMs/,
    );
    expect(() => new EncounterDetector({ ...OPTIONS, maxGapMs: 0 })).toThrow(/maxGapMs/);
    const det = new EncounterDetector(OPTIONS);
    expect(() => det.observe(2 ** 26, T0, 0, 0, 0, [])).toThrow(/\[0, 2\^26\)/);
    expect(() => det.observe(-1, T0, 0, 0, 0, [])).toThrow(/dense track index/);
  });

  it('is deterministic: the same reports give the same events in the same order', () => {
    const a = simulate(createRandom(7), new EncounterDetector(SIM_OPTIONS), undefined);
    const b = simulate(createRandom(7), new EncounterDetector(SIM_OPTIONS), undefined);
    expect(a.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
  });

  it('matches a naive reference of the same definition on a random fleet over time', () => {
    for (const seed of [1, 2, 3]) {
      const ref = new NaiveEncounters(SIM_OPTIONS);
      const got = simulate(createRandom(seed), new EncounterDetector(SIM_OPTIONS), undefined);
      const want = simulate(createRandom(seed), undefined, ref);
      expect(got.length).toBeGreaterThan(20);
      expect(sortEvents(got)).toEqual(sortEvents(want));
    }
  });

  it('finds exactly the pairs of a brute-force search over 20 000 vessels', () => {
    const rand = createRandom(20_260_301);
    const lon: number[] = [];
    const lat: number[] = [];
    const field = (n: number, lon0: number, lon1: number, lat0: number, lat1: number) => {
      for (let i = 0; i < n; i++) {
        let x = drawUniform(rand, lon0, lon1);
        if (x >= 180) x -= 360;
        lon.push(x);
        lat.push(drawUniform(rand, lat0, lat1));
      }
    };
    field(8000, 10, 10.4, -0.2, 0.2); // equator
    field(4000, 179.8, 180.2, -60.1, -59.9); // the antimeridian at 60°S
    field(2000, 30, 30.6, 75, 75.2); // high latitude
    field(4000, -180, 180, 89.9, 90); // the north pole
    field(2000, -180, 180, -90, -89.95); // the south pole
    const n = lon.length;

    const det = new EncounterDetector({ ...OPTIONS, minDurationMs: 0 });
    const out: EncounterEvent[] = [];
    for (let i = 0; i < n; i++) det.observe(i, T0, lon[i]!, lat[i]!, 0.5, out);
    const got = new Map(out.map((e) => [e.a * 2 ** 26 + e.b, e.distanceM]));
    expect(got.size).toBe(out.length);

    const want = new Map<number, number>();
    // Every pair. The great-circle distance is at least R·Δlat, which skips
    // most pairs cheaply without deciding any near the threshold.
    const maxDLat = (OPTIONS.distanceM + 1) / M_PER_DEG;
    for (let i = 0; i < n; i++) {
      const xi = lon[i]!;
      const yi = lat[i]!;
      for (let j = i + 1; j < n; j++) {
        const yj = lat[j]!;
        if (yj - yi > maxDLat || yi - yj > maxDLat) continue;
        const d = distanceM(xi, yi, lon[j]!, yj);
        if (d <= OPTIONS.distanceM) want.set(i * 2 ** 26 + j, d);
      }
    }
    expect(want.size).toBeGreaterThan(20_000);
    expect([...got.keys()].filter((k) => !want.has(k))).toEqual([]);
    expect([...want.keys()].filter((k) => !got.has(k))).toEqual([]);
    for (const [k, d] of want) expect(got.get(k)).toBe(d);
  });
});

const SIM_OPTIONS: EncounterOptions = {
  distanceM: 400,
  minDurationMs: 30 * MIN,
  speedKn: 2,
  maxGapMs: 12 * MIN,
};

/**
 * 300 vessels in a 4 km square at 54°N over 8 hours: each reports about every
 * 5 min (some reports lost, some long silences), wanders by up to 150 m,
 * mostly slow, sometimes exactly 2 kn, sometimes fast. Every 40 min the
 * detector is pruned, and a few tracks are forgotten on the way.
 */
function simulate(
  rand: Random,
  det: EncounterDetector | undefined,
  ref: NaiveEncounters | undefined,
): EncounterEvent[] {
  const n = 300;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(drawUniform(rand, 0, 4000));
    y.push(drawUniform(rand, 0, 4000));
  }
  const out: EncounterEvent[] = [];
  for (let step = 0; step < 96; step++) {
    const reports: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      x[i] = x[i]! + drawUniform(rand, -150, 150);
      y[i] = y[i]! + drawUniform(rand, -150, 150);
      const silent = rand() < 0.15 || (i % 17 === 0 && step % 20 > 15);
      if (!silent) reports.push([i, step * 5 * MIN + Math.floor(rand() * 4 * MIN)]);
    }
    reports.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    for (const [i, dt] of reports) {
      const r = rand();
      const kn = r < 0.8 ? r * 2.4 : r < 0.85 ? 2 : 3 + r * 10;
      const lon = 18 + x[i]! / (M_PER_DEG * Math.cos((54 * Math.PI) / 180));
      const lat = 54 + y[i]! / M_PER_DEG;
      det?.observe(i, T0 + dt, lon, lat, kn, out);
      ref?.observe(i, T0 + dt, lon, lat, kn, out);
    }
    if (step % 8 === 7) det?.prune(T0 + step * 5 * MIN);
    if (step % 30 === 29) {
      det?.forget(step);
      ref?.forget(step);
    }
  }
  return out;
}

function sortEvents(events: EncounterEvent[]): string[] {
  return events
    .map((e) => `${e.tMs} ${e.a} ${e.b} ${e.startMs} ${e.distanceM} ${e.lon} ${e.lat}`)
    .sort();
}

/** The definition of docs/detectors.md, written the obvious way: every vessel, every pair. */
class NaiveEncounters {
  readonly pos: ({ t: number; lon: number; lat: number; slow: boolean } | undefined)[] = [];
  readonly pairs = new Map<
    string,
    { a: number; b: number; start: number; last: number; fired: boolean }
  >();
  constructor(readonly o: EncounterOptions) {}

  observe(i: number, t: number, lon: number, lat: number, kn: number, out: EncounterEvent[]) {
    const { o } = this;
    const prev = this.pos[i];
    if (prev !== undefined && t < prev.t) return;
    const slow = kn < o.speedKn;
    this.pos[i] = { t, lon, lat, slow };
    if (!slow) {
      this.#dropPairsOf(i);
      return;
    }
    const found = new Set<number>();
    for (let j = 0; j < this.pos.length; j++) {
      const q = this.pos[j];
      if (q === undefined || j === i || !q.slow || Math.abs(t - q.t) > o.maxGapMs) continue;
      const d = distanceM(lon, lat, q.lon, q.lat);
      if (d > o.distanceM) continue;
      found.add(j);
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      let p = this.pairs.get(`${a},${b}`);
      if (p === undefined) {
        p = { a, b, start: t, last: t, fired: false };
        this.pairs.set(`${a},${b}`, p);
      } else if (t - p.last > o.maxGapMs) {
        p.start = t;
        p.fired = false;
      }
      p.last = Math.max(p.last, t);
      if (!p.fired && p.last - p.start >= o.minDurationMs) {
        p.fired = true;
        let dl = q.lon - lon;
        if (dl > 180) dl -= 360;
        else if (dl < -180) dl += 360;
        const mid = lon + dl / 2;
        const mLon = mid >= 180 ? mid - 360 : mid < -180 ? mid + 360 : mid;
        out.push({
          a,
          b,
          startMs: p.start,
          tMs: t,
          lon: mLon,
          lat: (lat + q.lat) / 2,
          distanceM: d,
        });
      }
    }
    for (const [k, p] of this.pairs) {
      if (p.a !== i && p.b !== i) continue;
      const j = p.a === i ? p.b : p.a;
      if (found.has(j)) continue;
      const q = this.pos[j];
      const fresh = q?.slow === true && Math.abs(t - q.t) <= o.maxGapMs;
      if (fresh || t - p.last > o.maxGapMs) this.pairs.delete(k);
    }
  }

  forget(i: number) {
    this.pos[i] = undefined;
    this.#dropPairsOf(i);
  }

  #dropPairsOf(i: number) {
    for (const [k, p] of this.pairs) if (p.a === i || p.b === i) this.pairs.delete(k);
  }
}
