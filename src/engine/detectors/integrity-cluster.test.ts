import { describe, expect, it } from 'vitest';
import { createRandom, drawInteger, drawUniform } from '../../core/random.js';
import {
  IntegrityClusterDetector,
  type IntegrityClusterEvent,
  type IntegrityClusterOptions,
} from './integrity-cluster.js';

const MIN = 60_000;
const OPTS: IntegrityClusterOptions = {
  nacpBelow: 8,
  minAircraft: 3,
  windowMs: 15 * MIN,
  cellDeg: 1,
};

/** [track, tMs, lon, lat, nacP, nic] */
type Report = [number, number, number, number, number | undefined, number | undefined];

function run(reports: Report[], opts = OPTS, det = new IntegrityClusterDetector(opts)) {
  const out: IntegrityClusterEvent[] = [];
  for (const [track, t, lon, lat, nacP, nic] of reports)
    det.observe(track, t, lon, lat, nacP, nic, out);
  return { out, det };
}

describe('IntegrityClusterDetector', () => {
  it('raises one event when three degraded aircraft report in one cell within 15 min', () => {
    const { out } = run([
      [0, 0, 24.2, 55.3, 4, undefined],
      [1, 5 * MIN, 24.7, 55.8, 5, undefined],
      [2, 14 * MIN, 24.5, 55.1, 0, undefined],
      [3, 14.5 * MIN, 24.9, 55.9, 3, undefined],
    ]);
    expect(out).toEqual([
      { cellLon: 24.5, cellLat: 55.5, tMs: 14 * MIN, aircraft: [0, 1, 2], reports: 3 },
    ]);
  });

  it('raises nothing when the three are spread over 20 min', () => {
    const { out } = run([
      [0, 0, 24.2, 55.3, 4, undefined],
      [1, 10 * MIN, 24.7, 55.8, 5, undefined],
      [2, 20 * MIN, 24.5, 55.1, 0, undefined],
    ]);
    expect(out).toEqual([]);
  });

  it('keeps the window half-open: a report exactly windowMs old is out', () => {
    const { out } = run([
      [0, 0, 24.2, 55.3, 4, undefined],
      [1, 7 * MIN, 24.7, 55.8, 5, undefined],
      [2, 15 * MIN, 24.5, 55.1, 0, undefined],
    ]);
    expect(out).toEqual([]);
  });

  it('raises nothing for two aircraft, however often they report', () => {
    const reports: Report[] = [];
    for (let k = 0; k < 20; k++) reports.push([k % 2, k * MIN, 24.5, 55.5, 2, undefined]);
    expect(run(reports).out).toEqual([]);
  });

  it('counts an aircraft reported five times once', () => {
    const reports: Report[] = [];
    for (let k = 0; k < 5; k++) reports.push([7, k * MIN, 24.5, 55.5, 2, undefined]);
    reports.push([8, 6 * MIN, 24.5, 55.5, 2, undefined]);
    expect(run(reports).out).toEqual([]);
    reports.push([9, 7 * MIN, 24.5, 55.5, 2, undefined]);
    const { out } = run(reports);
    expect(out).toHaveLength(1);
    expect(out[0]!.aircraft).toEqual([7, 8, 9]);
    expect(out[0]!.reports).toBe(7);
  });

  it('raises once per episode, and again after a window with no degraded report', () => {
    const reports: Report[] = [];
    // Episode 1: three aircraft degraded every minute for 40 min.
    for (let t = 0; t < 40; t++)
      for (let a = 0; a < 3; a++) reports.push([a, t * MIN + a, 24.5, 55.5, 3, undefined]);
    // Quiet: healthy traffic only, for 20 min.
    for (let t = 40; t < 60; t++) reports.push([5, t * MIN, 24.5, 55.5, 10, undefined]);
    // Episode 2.
    for (let t = 60; t < 70; t++)
      for (let a = 0; a < 3; a++) reports.push([a, t * MIN + a, 24.5, 55.5, 3, undefined]);
    const { out } = run(reports);
    expect(out.map((e) => e.tMs)).toEqual([2, 60 * MIN + 2]);
  });

  it('keeps an episode going through a pause shorter than the window', () => {
    const reports: Report[] = [
      [0, 0, 24.5, 55.5, 3, undefined],
      [1, 1 * MIN, 24.5, 55.5, 3, undefined],
      [2, 2 * MIN, 24.5, 55.5, 3, undefined],
      // 14 min without a degraded report, then three again.
      [0, 16 * MIN, 24.5, 55.5, 3, undefined],
      [1, 17 * MIN, 24.5, 55.5, 3, undefined],
      [2, 18 * MIN, 24.5, 55.5, 3, undefined],
    ];
    expect(run(reports).out.map((e) => e.tMs)).toEqual([2 * MIN]);
  });

  it('does not count healthy aircraft, and counts their reports', () => {
    const reports: Report[] = [
      [0, 0, 24.5, 55.5, 8, undefined],
      [1, 1 * MIN, 24.5, 55.5, 11, undefined],
      [2, 2 * MIN, 24.5, 55.5, 3, undefined],
      [3, 3 * MIN, 24.5, 55.5, 3, undefined],
    ];
    expect(run(reports).out).toEqual([]);
    reports.push([4, 4 * MIN, 24.5, 55.5, 7, undefined]);
    const { out } = run(reports);
    expect(out).toEqual([
      { cellLon: 24.5, cellLat: 55.5, tMs: 4 * MIN, aircraft: [2, 3, 4], reports: 5 },
    ]);
  });

  it('uses NIC below 7 when NACp is absent, and ignores reports with neither', () => {
    const base: Report[] = [
      [0, 0, 24.5, 55.5, undefined, 6],
      [1, 1 * MIN, 24.5, 55.5, undefined, 0],
      [2, 2 * MIN, 24.5, 55.5, undefined, undefined],
      [3, 3 * MIN, 24.5, 55.5, undefined, 7],
      [4, 4 * MIN, 24.5, 55.5, 9, 2], // NACp says healthy: NIC is not consulted
    ];
    expect(run(base).out).toEqual([]);
    const { out } = run([...base, [5, 5 * MIN, 24.5, 55.5, undefined, 5]]);
    expect(out[0]!.aircraft).toEqual([0, 1, 5]);
  });

  it('keeps cells apart at their edges', () => {
    const edge: Report[] = [
      [0, 0, 24.999999, 55.5, 3, undefined],
      [1, 1 * MIN, 25.0, 55.5, 3, undefined],
      [2, 2 * MIN, 25.5, 55.999999, 3, undefined],
      [3, 3 * MIN, 25.5, 56.0, 3, undefined],
    ];
    expect(run(edge).out).toEqual([]);
    const { out } = run([...edge, [4, 4 * MIN, 25.0, 55.0, 3, undefined]]);
    // 25.0 E, 55.0 N belongs to the cell to its north-east: [25, 26) x [55, 56).
    expect(out).toEqual([
      { cellLon: 25.5, cellLat: 55.5, tMs: 4 * MIN, aircraft: [1, 2, 4], reports: 3 },
    ]);
  });

  it('puts 180 E with 180 W and the north pole in the last row', () => {
    const { out } = run([
      [0, 0, 180, 10.5, 3, undefined],
      [1, 1, -180, 10.5, 3, undefined],
      [2, 2, -179.5, 10.5, 3, undefined],
      [3, 3, 0.5, 90, 3, undefined],
      [4, 4, 0.5, 89.5, 3, undefined],
    ]);
    expect(out).toEqual([
      { cellLon: -179.5, cellLat: 10.5, tMs: 2, aircraft: [0, 1, 2], reports: 3 },
    ]);
  });

  it('skips positions off the globe and counts them', () => {
    const { out, det } = run([
      [0, 0, 200, 10, 3, undefined],
      [1, 0, 10, -91, 3, undefined],
      [2, 0, Number.NaN, 10, 3, undefined],
    ]);
    expect(out).toEqual([]);
    expect(det.invalid).toBe(3);
    expect(det.cells).toBe(0);
  });

  it('drops cells with nothing in the window, and reuses their storage', () => {
    const det = new IntegrityClusterDetector(OPTS);
    const out: IntegrityClusterEvent[] = [];
    const rand = createRandom(11);
    // An hour of traffic over 100 cells.
    for (let k = 0; k < 2000; k++) {
      const t = k * 1800;
      det.observe(
        drawInteger(rand, 0, 300),
        t,
        drawUniform(rand, 20, 30),
        drawUniform(rand, 50, 60),
        3,
        undefined,
        out,
      );
    }
    expect(det.cells).toBeGreaterThan(50);
    // Then two windows with reports in one cell only: the others are dropped.
    for (let k = 0; k <= 30; k++) det.observe(1, 3_600_000 + k * MIN, 0.5, 0.5, 10, undefined, out);
    expect(det.cells).toBe(1);
    // Then two more in another cell: its storage comes from a dropped one.
    const bytes = det.byteLength;
    for (let k = 0; k <= 30; k++)
      det.observe(1, 5_400_000 + k * MIN, 40.5, 0.5, 10, undefined, out);
    expect(det.cells).toBe(1);
    expect(det.byteLength).toBe(bytes);
  });

  it('gives the same events for the same input', () => {
    const make = (seed: number): Report[] => {
      const rand = createRandom(seed);
      const reports: Report[] = [];
      for (let k = 0; k < 5000; k++) {
        const nacP = rand() < 0.1 ? drawInteger(rand, 0, 7) : drawInteger(rand, 8, 11);
        reports.push([
          drawInteger(rand, 0, 500),
          k * 1000,
          drawUniform(rand, 30, 36),
          drawUniform(rand, 30, 34),
          nacP,
          undefined,
        ]);
      }
      return reports;
    };
    const a = run(make(3)).out;
    const b = run(make(3)).out;
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(3);
    for (const e of a) expect(new Set(e.aircraft).size).toBe(e.aircraft.length);
  });

  it('throws on options it cannot honour', () => {
    expect(() => new IntegrityClusterDetector({ ...OPTS, cellDeg: 0.7 })).toThrow(/cellDeg/);
    expect(() => new IntegrityClusterDetector({ ...OPTS, minAircraft: 0 })).toThrow(/minAircraft/);
    expect(() => new IntegrityClusterDetector({ ...OPTS, windowMs: 0 })).toThrow(/windowMs/);
    expect(() => new IntegrityClusterDetector({ ...OPTS, cellDeg: 0.25 })).not.toThrow();
  });
});
