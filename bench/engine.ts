/**
 * bench/engine: the engine's benchmarks, every section and its peers in one
 * seeded run on one core, each figure the median of 3 runs after a warm-up,
 * ending with the ratios against their goals.
 *
 *   taskset -c 0 node --expose-gc --import tsx bench/engine.ts [--only z,zones,tracks,stream,replay]
 *
 * Sections (README.md, "engine", has the flags and the measured numbers):
 * - z: workload Z, 10k zones, 1M points: ours vs flatbush + Turf, flatbush +
 *   ray cast, PostGIS (engine-zones.ts, engine-postgis.ts);
 * - zones: 1k/10k/100k zones at constant local density and at 10x, ours and
 *   the peers, cost ratio 100k/10k and memory per zone (engine-scaling.ts);
 * - tracks: Engine.step per report at 10k vs 1M live tracks, memory per
 *   track (engine-tracks.ts);
 * - stream: the full step with every rule action over a realistic stream,
 *   detections per type (engine-full-step.ts, engine-stream.ts,
 *   engine-agreement.ts);
 * - replay: the same stream through the replay loop, vs 1M obs/s.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runStreamBench, type StreamBenchResult } from './engine-full-step.js';
import { type Goal, HAS_GC, printGoals, usedBytes } from './engine-measure.js';
import { runZoneScaling, type ScalingRow } from './engine-scaling.js';
import { runTracksBench, type TracksRow } from './engine-tracks.js';
import { runWorkloadZ } from './engine-zones.js';

export { runZoneBench } from './engine-zones.js';

export const SECTIONS = ['z', 'zones', 'tracks', 'stream', 'replay'] as const;
export type Section = (typeof SECTIONS)[number];

export interface EngineBenchOptions {
  only: readonly Section[];
  seed: number;
  /** z: workload Z size. */
  zones: number;
  points: number;
  postgis: boolean;
  /** zones: counts, points per size, and (b)'s subsample (0: no (b)). */
  scaleCounts: number[];
  scalePoints: number;
  scaleTurfPoints: number;
  /** tracks: live track counts and reports per timed run. */
  trackCounts: number[];
  reports: number;
  /** stream and replay. */
  vessels: number;
  aircraft: number;
  minutes: number;
}

export const DEFAULTS: EngineBenchOptions = {
  only: SECTIONS,
  seed: 1,
  zones: 10_000,
  points: 1_000_000,
  postgis: true,
  scaleCounts: [1_000, 10_000, 100_000],
  scalePoints: 1_000_000,
  scaleTurfPoints: 100_000,
  trackCounts: [10_000, 1_000_000],
  reports: 1_000_000,
  vessels: 1500,
  aircraft: 500,
  minutes: 60,
};

export interface EngineBenchResult {
  goals: Goal[];
  scaling?: ScalingRow[];
  tracks?: TracksRow[];
  stream?: StreamBenchResult;
}

export async function runEngineBench(o: EngineBenchOptions): Promise<EngineBenchResult> {
  const has = (s: Section) => o.only.includes(s);
  // Each section starts from a collected heap (with --expose-gc): what the
  // one before left (1M tracks, a 100k-zone grid) is not swept in its timing.
  const collect = () => void usedBytes();
  const res: EngineBenchResult = { goals: [] };
  if (has('z')) {
    collect();
    res.goals.push(
      ...(await runWorkloadZ({
        zones: o.zones,
        points: o.points,
        seed: o.seed,
        postgis: o.postgis,
      })),
    );
  }
  if (has('zones')) {
    collect();
    const s = await runZoneScaling({
      counts: o.scaleCounts,
      points: o.scalePoints,
      seed: o.seed,
      turfPoints: o.scaleTurfPoints,
    });
    res.scaling = s.rows;
    res.goals.push(...s.goals);
  }
  if (has('tracks')) {
    collect();
    const t = runTracksBench({ counts: o.trackCounts, reports: o.reports, seed: o.seed });
    res.tracks = t.rows;
    res.goals.push(...t.goals);
  }
  if (has('stream') || has('replay')) {
    collect();
    const s = runStreamBench(
      { vessels: o.vessels, aircraft: o.aircraft, minutes: o.minutes, seed: o.seed },
      { stream: has('stream'), replay: has('replay') },
    );
    res.stream = s.result;
    res.goals.push(...s.goals);
  }
  return res;
}

const list = (s: string | undefined, d: number[]) =>
  s === undefined ? d : s.split(',').map((x) => Number(x));

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync(
      'git',
      ['--no-optional-locks', 'status', '--porcelain', '--', 'src'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return `${head}${dirty.trim() === '' ? '' : ' + uncommitted changes under src/'}`;
  } catch {
    return 'unknown commit';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      seed: { type: 'string' },
      zones: { type: 'string' },
      points: { type: 'string' },
      'no-postgis': { type: 'boolean' },
      'scale-counts': { type: 'string' },
      'scale-points': { type: 'string' },
      'scale-turf-points': { type: 'string' },
      tracks: { type: 'string' },
      reports: { type: 'string' },
      vessels: { type: 'string' },
      aircraft: { type: 'string' },
      minutes: { type: 'string' },
    },
  });
  const only = (values.only?.split(',') ?? SECTIONS) as Section[];
  for (const s of only) {
    if (!SECTIONS.includes(s)) throw new Error(`--only: expected ${SECTIONS.join('|')}, got ${s}`);
  }
  const d = DEFAULTS;
  const num = (s: string | undefined, x: number) => (s === undefined ? x : Number(s));
  const o: EngineBenchOptions = {
    only,
    seed: num(values.seed, d.seed),
    zones: num(values.zones, d.zones),
    points: num(values.points, d.points),
    postgis: values['no-postgis'] !== true,
    scaleCounts: list(values['scale-counts'], d.scaleCounts),
    scalePoints: num(values['scale-points'], d.scalePoints),
    scaleTurfPoints: num(values['scale-turf-points'], d.scaleTurfPoints),
    trackCounts: list(values.tracks, d.trackCounts),
    reports: num(values.reports, d.reports),
    vessels: num(values.vessels, d.vessels),
    aircraft: num(values.aircraft, d.aircraft),
    minutes: num(values.minutes, d.minutes),
  };
  console.log(
    `bench/engine: ${only.join(', ')}; node ${process.version}, ${gitDescribe()}, ` +
      `${new Date().toISOString().slice(0, 10)}, gc ${HAS_GC ? 'exposed' : 'not exposed (memory approximate)'}`,
  );
  const r = await runEngineBench(o);
  printGoals(r.goals);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
