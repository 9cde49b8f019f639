/**
 * A seeded, realistic observation stream over the bench agreement's area
 * (engine-agreement.ts), sorted by time:
 * - vessels on shipping lanes at 8-18 kn, reporting as AIS class A does
 *   (10 s below 14 kn, 6 s to 23 kn, 2 s above, +-10%) with SOG and COG;
 *   a few at 28-32 kn in the corridor, a few drifting out of it;
 * - pairs drifting together 150-350 m apart below 1.2 kn (encounters; half
 *   in the corridor, so also below its speed floor), lone loiterers (some in
 *   the port, where loitering is normal), a few vessels far beyond the
 *   receiver's range;
 * - aircraft every 1-5 s on straight legs at 300-480 kn, FL300-FL390, a fifth
 *   at 8 000-15 000 ft (under the no-fly band), helicopters at 200-400 ft,
 *   a few at FL460 straight over the no-fly zone, a few squawking 7700 from
 *   mid-flight; NACp 5 inside the jammed box, 9-10 elsewhere;
 * - 1% of tracks go silent for good at 20-70% of the run, 1% report one
 *   position 1.5 degrees off (a jump) once.
 * Per track its own seeded stream (mixSeed), so the roles do not shift when
 * the counts change. The result is allocated in time order (see the end of
 * makeStream).
 */
import type { Position } from 'geojson';
import { createRandom, mixSeed, type Random } from '../src/core/random.js';
import type { Observation } from '../src/core/types.js';
import { AREA, JAMMED, LANES, PORT } from './engine-agreement.js';

export interface StreamOptions {
  vessels: number;
  aircraft: number;
  minutes: number;
  seed: number;
  t0Ms: number;
}

const M_PER_DEG = 111_320;
const KN_MS = 1852 / 3600;
const RAD = Math.PI / 180;

type Role =
  | 'lane'
  | 'fast'
  | 'drift-out'
  | 'pair'
  | 'loiter'
  | 'far'
  | 'cruise'
  | 'low'
  | 'heli'
  | 'high'
  | 'squawk';

function vesselRole(u: number): Role {
  if (u < 0.02) return 'fast';
  if (u < 0.04) return 'drift-out';
  if (u < 0.08) return 'pair';
  if (u < 0.1) return 'loiter';
  if (u < 0.105) return 'far';
  return 'lane';
}

function aircraftRole(u: number): Role {
  if (u < 0.2) return 'low';
  if (u < 0.22) return 'heli';
  if (u < 0.24) return 'high';
  if (u < 0.26) return 'squawk';
  return 'cruise';
}

/** Moves (lon, lat) by metres along courseDeg. */
function moveBy(p: { lon: number; lat: number }, m: number, courseDeg: number): void {
  p.lat += (m * Math.cos(courseDeg * RAD)) / M_PER_DEG;
  p.lon += (m * Math.sin(courseDeg * RAD)) / (M_PER_DEG * Math.cos(p.lat * RAD));
}

function courseOf(ax: number, ay: number, bx: number, by: number): number {
  const c = Math.atan2((bx - ax) * Math.cos(ay * RAD), by - ay) / RAD;
  return (c + 360) % 360;
}

/** Position along a lane: segment and fraction, direction +1 / -1. */
interface LanePos {
  lane: readonly Position[];
  seg: number;
  f: number;
  dir: number;
}

/** Advances along the lane by metres, turning back at either end; returns the course. */
function followLane(lp: LanePos, m: number, out: { lon: number; lat: number }): number {
  for (;;) {
    const a = lp.lane[lp.seg]!;
    const b = lp.lane[lp.seg + 1]!;
    const segM = Math.hypot((b[0]! - a[0]!) * Math.cos(a[1]! * RAD), b[1]! - a[1]!) * M_PER_DEG;
    const nf = lp.f + (lp.dir * m) / segM;
    if (nf >= 0 && nf <= 1) {
      lp.f = nf;
      out.lon = a[0]! + (b[0]! - a[0]!) * nf;
      out.lat = a[1]! + (b[1]! - a[1]!) * nf;
      return lp.dir > 0
        ? courseOf(a[0]!, a[1]!, b[0]!, b[1]!)
        : courseOf(b[0]!, b[1]!, a[0]!, a[1]!);
    }
    m -= lp.dir > 0 ? (1 - lp.f) * segM : lp.f * segM;
    if (lp.dir > 0 && lp.seg + 2 < lp.lane.length) {
      lp.seg++;
      lp.f = 0;
    } else if (lp.dir < 0 && lp.seg > 0) {
      lp.seg--;
      lp.f = 1;
    } else {
      lp.dir = -lp.dir;
      lp.f = lp.dir > 0 ? 0 : 1;
    }
  }
}

const inBox = (b: typeof JAMMED, lon: number, lat: number) =>
  lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;

function vesselInterval(r: Random, speedKn: number): number {
  const base = speedKn > 23 ? 2000 : speedKn > 14 ? 6000 : 10_000;
  return Math.round(base * (0.9 + 0.2 * r()));
}

/** The whole stream, sorted by time (ties in track order). */
export function makeStream(o: StreamOptions): Observation[] {
  const out: Observation[] = [];
  const endMs = o.t0Ms + o.minutes * 60_000;
  const durMs = endMs - o.t0Ms;
  const n = o.vessels + o.aircraft;
  for (let i = 0; i < n; i++) {
    const r = createRandom(mixSeed(o.seed, i));
    const vessel = i < o.vessels;
    // Both vessels of a pair draw their role from the same stream.
    const role = vessel
      ? vesselRole(createRandom(mixSeed(o.seed ^ 0x501e, i >> 1))())
      : aircraftRole(r());
    const silentAt = r() < 0.01 ? o.t0Ms + durMs * (0.2 + 0.5 * r()) : Infinity;
    const jumpAt = r() < 0.01 ? o.t0Ms + durMs * (0.1 + 0.8 * r()) : -1;
    const trackId = vessel ? `mmsi:${211000000 + i}` : `icao:${(0x400000 + i).toString(16)}`;
    const p = { lon: 0, lat: 0 };
    let speedKn = 0;
    let courseDeg = r() * 360;
    let altFt = 0;
    let lp: LanePos | null = null;
    let offsetDeg = 0;
    let offsetRate = 0;
    // Offsets from the lane go across its overall direction, so bends and
    // turns at the ends do not move the vessel sideways (that would be a jump).
    let nx = 0;
    let ny = 0;
    let pairSep = 0;
    let pairCourse = 0;
    if (role === 'lane' || role === 'fast' || role === 'drift-out') {
      const lane = role === 'lane' ? LANES[i % LANES.length]! : LANES[0]!;
      lp = { lane, seg: Math.floor(r() * (lane.length - 1)), f: r(), dir: r() < 0.5 ? 1 : -1 };
      const a = lane[0]!;
      const b = lane[lane.length - 1]!;
      const len = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
      nx = -(b[1]! - a[1]!) / len;
      ny = (b[0]! - a[0]!) / len;
      speedKn = role === 'fast' ? 28 + 4 * r() : 8 + 10 * r();
      offsetDeg = (r() - 0.5) * 0.04;
      // Out of the 0.06-degree corridor within the first half of the run.
      if (role === 'drift-out') offsetRate = 0.15 / (durMs / 2);
    } else {
      const pairOf = role === 'pair' && i > 0 ? i - (i % 2) : i;
      const pr = createRandom(mixSeed(o.seed ^ 0x9a1, pairOf));
      const inCorridor = pr() < 0.5;
      const port = role === 'loiter' && pr() < 0.3;
      if (role === 'far') {
        p.lon = 37.5 + pr();
        p.lat = 41.2 + pr() * 0.5;
      } else if (port) {
        p.lon = PORT.lon + (pr() - 0.5) * PORT.halfDeg;
        p.lat = PORT.lat + (pr() - 0.5) * PORT.halfDeg;
      } else if (inCorridor && role === 'pair') {
        const lane = LANES[0]!;
        const s = Math.floor(pr() * (lane.length - 1));
        const f = pr();
        p.lon = lane[s]![0]! + (lane[s + 1]![0]! - lane[s]![0]!) * f;
        p.lat = lane[s]![1]! + (lane[s + 1]![1]! - lane[s]![1]!) * f;
      } else {
        p.lon = AREA.minLon + 0.5 + pr() * (AREA.maxLon - AREA.minLon - 1);
        p.lat = AREA.minLat + 0.5 + pr() * (AREA.maxLat - AREA.minLat - 1);
      }
      if (role === 'pair' || role === 'loiter' || role === 'far') {
        speedKn = role === 'far' ? 10 : 0.3 + 0.9 * pr();
        courseDeg = pr() * 360;
        pairSep = 150 + 200 * pr();
        pairCourse = pr() * 360;
        // The two of a pair sit either side of the pair's centre.
        if (role === 'pair') moveBy(p, (i % 2 === 0 ? 0.5 : -0.5) * pairSep, pairCourse);
      }
      if (!vessel) {
        p.lon = AREA.minLon + r() * (AREA.maxLon - AREA.minLon);
        p.lat = AREA.minLat + r() * (AREA.maxLat - AREA.minLat);
        speedKn = role === 'heli' ? 90 + 30 * r() : 300 + 180 * r();
        altFt =
          role === 'heli'
            ? 200 + 200 * r()
            : role === 'low'
              ? 8000 + 7000 * r()
              : role === 'high'
                ? 46_000
                : 30_000 + 9000 * r();
        // High fliers head straight over the no-fly zone.
        if (role === 'high') courseDeg = courseOf(p.lon, p.lat, 33.3, 43.3);
      }
    }
    const squawkFrom = role === 'squawk' ? o.t0Ms + durMs * (0.3 + 0.4 * r()) : Infinity;
    let t = o.t0Ms + Math.floor(r() * (vessel ? 10_000 : 5000));
    let prevT = t;
    let jumped = false;
    while (t < endMs && t < silentAt) {
      const dtS = (t - prevT) / 1000;
      if (lp !== null) {
        courseDeg = followLane(lp, speedKn * KN_MS * dtS, p);
        offsetDeg += offsetRate * (t - prevT);
      } else {
        moveBy(p, speedKn * KN_MS * dtS, courseDeg);
        if (!vessel) {
          // Turn back at the edges of the area (a straight leg each way).
          if (p.lon < AREA.minLon || p.lon > AREA.maxLon) courseDeg = 360 - courseDeg;
          if (p.lat < AREA.minLat || p.lat > AREA.maxLat) courseDeg = (540 - courseDeg) % 360;
        }
      }
      let lon = p.lon + offsetDeg * nx;
      let lat = p.lat + offsetDeg * ny;
      if (!jumped && jumpAt >= 0 && t >= jumpAt) {
        jumped = true;
        lat += 1.5;
        lon += 0.5;
      }
      if (vessel) {
        out.push({
          trackId,
          kind: 'vessel',
          tMs: t,
          lon,
          lat,
          source: 'ais:bench',
          speedKn: Math.round(speedKn * 10) / 10,
          courseDeg: Math.round(courseDeg * 10) / 10,
          headingDeg: Math.round(courseDeg),
        });
      } else {
        const jammed = inBox(JAMMED, lon, lat);
        out.push({
          trackId,
          kind: 'aircraft',
          tMs: t,
          lon,
          lat,
          source: 'adsb:bench',
          altFt: Math.round(altFt / 25) * 25,
          speedKn: Math.round(speedKn),
          courseDeg: Math.round(courseDeg * 10) / 10,
          squawk: t >= squawkFrom ? '7700' : '2000',
          nic: jammed ? 0 : 8,
          nacP: jammed ? 5 : 9 + (i & 1),
          sil: 3,
        });
      }
      prevT = t;
      t += vessel ? vesselInterval(r, speedKn) : 1000 + Math.floor(r() * 4001);
    }
  }
  // Stable: ties keep track order, so the stream is the same on every run.
  out.sort((a, b) => a.tMs - b.tMs);
  // Copied in time order, so that consecutive observations lie side by side in
  // memory as those of a reader do (replay parses a file or pages through the
  // store, one observation after the other). Built track by track and only
  // sorted, each observation sat a whole track's worth of memory away from the
  // one before, and the engine's first read of it was a cache miss: ~15% of the
  // replay's time, a cost of this generator and not of the engine.
  for (let k = 0; k < out.length; k++) out[k] = { ...out[k]! };
  return out;
}
