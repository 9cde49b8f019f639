/**
 * Per-report cost of `Engine.step` with 10k vs 1M live tracks, same agreement
 * (engine-agreement.ts, every rule action), same area, same motion: each
 * track moves 50-100 m between its reports (10-20 kn at one report per 10 s),
 * the tracks report in a fixed shuffled order, one round per 10 simulated s.
 * All tracks are made live first (warm-up: at least one full round and 200k
 * reports), then 3 timed runs of `reports` each, the runs of the two engines
 * interleaved; the median per-report cost is compared. Observations are made
 * before each run, outside the timing.
 * Memory per track: heap + array buffers after the warm-up minus before the
 * engine existed, after a full GC when node runs with --expose-gc; it counts
 * the last observation the engine keeps per track.
 */
import { createRandom } from '../src/core/random.js';
import type { Observation } from '../src/core/types.js';
import { Engine } from '../src/engine/index.js';
import { AREA, buildBenchAgreement } from './engine-agreement.js';
import { BENCH_ENGINE_OPTIONS, T0_MS } from './engine-full-step.js';
import { fmtBytes, fmtRate, type Goal, HAS_GC, usedBytes } from './engine-measure.js';

export interface TracksBenchOptions {
  /** Live track counts; the ratio is last / first. Default 10k, 1M. */
  counts: number[];
  /** Reports per timed run. Default 1M. */
  reports: number;
  seed: number;
}

export interface TracksRow {
  tracks: number;
  nsPerReport: number;
  reportsPerS: number;
  /** Heap + array buffers retained after the warm-up, over the track count. */
  bytesPerTrack: number;
  detections: number;
}

const ROUND_MS = 10_000;
const M_PER_DEG = 111_320;
const RAD = Math.PI / 180;

/** Positions and headings of every track, and the order they report in. */
class Fleet {
  readonly n: number;
  readonly ids: string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly course: Float64Array;
  readonly order: Int32Array;
  #r: () => number;
  #k = 0;
  #round = 0;

  constructor(n: number, seed: number) {
    const r = createRandom(seed);
    this.#r = r;
    this.n = n;
    this.ids = new Array(n);
    this.lon = new Float64Array(n);
    this.lat = new Float64Array(n);
    this.course = new Float64Array(n);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      // Two vessels to one aircraft, as in the stream.
      this.ids[i] = i % 3 === 2 ? `icao:${(0x100000 + i).toString(16)}` : `mmsi:${200000000 + i}`;
      this.lon[i] = AREA.minLon + r() * (AREA.maxLon - AREA.minLon);
      this.lat[i] = AREA.minLat + r() * (AREA.maxLat - AREA.minLat);
      this.course[i] = r() * 360;
      this.order[i] = i;
    }
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      const t = this.order[i]!;
      this.order[i] = this.order[j]!;
      this.order[j] = t;
    }
  }

  /** The next `count` reports, in the interleaved order. */
  next(count: number): Observation[] {
    const r = this.#r;
    const out: Observation[] = new Array(count);
    for (let q = 0; q < count; q++) {
      const i = this.order[this.#k]!;
      const tMs = T0_MS + this.#round * ROUND_MS + Math.floor((this.#k * ROUND_MS) / this.n);
      if (++this.#k === this.n) {
        this.#k = 0;
        this.#round++;
      }
      const m = 50 + 50 * r();
      let c = (this.course[i]! + (r() - 0.5) * 10 + 360) % 360;
      let lat = this.lat[i]! + (m * Math.cos(c * RAD)) / M_PER_DEG;
      let lon = this.lon[i]! + (m * Math.sin(c * RAD)) / (M_PER_DEG * Math.cos(lat * RAD));
      if (lon < AREA.minLon || lon > AREA.maxLon || lat < AREA.minLat || lat > AREA.maxLat) {
        c = (c + 180) % 360; // turn back inside
        lon = this.lon[i]!;
        lat = this.lat[i]!;
      }
      this.lon[i] = lon;
      this.lat[i] = lat;
      this.course[i] = c;
      const speedKn = Math.round(((m / (ROUND_MS / 1000)) * 3600) / 1852);
      const id = this.ids[i]!;
      out[q] =
        i % 3 === 2
          ? {
              trackId: id,
              kind: 'aircraft',
              tMs,
              lon,
              lat,
              source: 'adsb:bench',
              altFt: 20_000,
              speedKn,
              courseDeg: c,
              squawk: '2000',
              nic: 8,
              nacP: 9,
              sil: 3,
            }
          : {
              trackId: id,
              kind: 'vessel',
              tMs,
              lon,
              lat,
              source: 'ais:bench',
              speedKn,
              courseDeg: c,
              headingDeg: Math.round(c),
            };
    }
    return out;
  }
}

function stepAll(engine: Engine, obs: readonly Observation[]): number {
  let n = 0;
  for (let i = 0; i < obs.length; i++) n += engine.step(obs[i]!).length;
  return n;
}

interface Live {
  tracks: number;
  fleet: Fleet;
  engine: Engine;
  bytesPerTrack: number;
  detections: number;
  times: number[];
}

/** An engine with every track live and the step hot in the JIT; memory read around it. */
function makeLive(tracks: number, seed: number): Live {
  const agreement = buildBenchAgreement(T0_MS);
  const fleet = new Fleet(tracks, seed);
  const before = usedBytes();
  const engine = new Engine(agreement, BENCH_ENGINE_OPTIONS);
  let detections = 0;
  const warm = Math.max(1, Math.ceil(200_000 / tracks)) * tracks;
  for (let done = 0; done < warm; ) {
    const m = Math.min(1_000_000, warm - done);
    detections += stepAll(engine, fleet.next(m));
    done += m;
  }
  const bytesPerTrack = (usedBytes() - before) / tracks;
  return { tracks, fleet, engine, bytesPerTrack, detections, times: [] };
}

/**
 * Both engines live at once, their timed runs interleaved (10k, 1M, 10k, 1M,
 * ...) so that a change in the shared machine's load falls on both alike.
 */
function measureTracks(counts: readonly number[], reports: number, seed: number): TracksRow[] {
  const lives = counts.map((n) => makeLive(n, seed));
  for (let run = 0; run < 3; run++) {
    for (const l of lives) {
      const obs = l.fleet.next(reports);
      const t = process.hrtime.bigint();
      l.detections += stepAll(l.engine, obs);
      l.times.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
  }
  return lives.map((l) => {
    if (l.engine.counters.outOfOrder !== 0) {
      throw new Error(`tracks bench: ${l.engine.counters.outOfOrder} reports out of order`);
    }
    const s = l.times.sort((a, b) => a - b)[1]!;
    return {
      tracks: l.tracks,
      nsPerReport: (s / reports) * 1e9,
      reportsPerS: reports / s,
      bytesPerTrack: l.bytesPerTrack,
      detections: l.detections,
    };
  });
}

const fmtCount = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

export function runTracksBench(o: TracksBenchOptions): { rows: TracksRow[]; goals: Goal[] } {
  console.log('\n== tracks: Engine.step per report at 10k vs 1M live tracks ==');
  console.log(
    `  ${o.reports} reports per timed run, each track 50-100 m per report, one round per 10 simulated s, seed ${o.seed}`,
  );
  const rows = measureTracks(o.counts, o.reports, o.seed);
  for (const row of rows) {
    const n = row.tracks;
    console.log(
      `  ${String(n).padStart(9)} tracks: ${fmtRate(row.reportsPerS, 'reports')}, ` +
        `${row.nsPerReport.toFixed(0)} ns per report, ${fmtBytes(row.bytesPerTrack)} per track` +
        `${HAS_GC ? '' : ' (approximate: run node with --expose-gc)'}, ${row.detections} detections`,
    );
  }
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const q = last.nsPerReport / first.nsPerReport;
  console.log(`  per-report cost ${last.tracks} / ${first.tracks} tracks: ${q.toFixed(2)}x`);
  // What one more track costs, without what any engine holds (compiled
  // agreement, code): the difference between the two runs over the difference in tracks.
  const marginal =
    (last.bytesPerTrack * last.tracks - first.bytesPerTrack * first.tracks) /
    Math.max(1, last.tracks - first.tracks);
  console.log(`  memory per track, marginal between the two: ${fmtBytes(marginal)}`);
  return {
    rows,
    goals: [
      {
        name: `tracks: cost per report ${fmtCount(last.tracks)}/${fmtCount(first.tracks)}`,
        value: q,
        op: '<=',
        goal: 1.5,
      },
    ],
  };
}
