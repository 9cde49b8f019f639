/**
 * The full engine step over a realistic stream (engine-stream.ts) judged by
 * an agreement that uses every rule action (engine-agreement.ts):
 * - stream: `Engine.step` per observation, plus `Engine.advance` at each new
 *   simulated second (the server's clock tick);
 * - replay: the same stream through `replayObservations` of
 *   src/engine/replay.ts (advance to each observation's time, then step; every
 *   detection drawn from its generator), and through its `Replayer.push`
 *   without the generator.
 * Each: a fresh Engine per run, the median of 3 runs after one warm-up run
 * (the warm-up run counts the detections per type), the runs of the three
 * loops interleaved.
 */
import {
  type Agreement,
  DETECTION_TYPE_OF,
  type Detection,
  type Observation,
} from '../src/core/types.js';
import { Engine, type EngineOptions } from '../src/engine/index.js';
import { Replayer, replayObservations } from '../src/engine/replay.js';
import { buildBenchAgreement, RECEIVER } from './engine-agreement.js';
import { fmtRate, type Goal, mediansInterleaved, pad, padL } from './engine-measure.js';
import { makeStream, type StreamOptions } from './engine-stream.js';

export const T0_MS = Date.UTC(2026, 9, 1);

export type StreamOnlyOptions = Omit<StreamOptions, 't0Ms'>;

export interface StreamBenchResult {
  observations: number;
  tracks: number;
  stepObsPerS: number;
  detectionsByType: Record<string, number>;
  detections: number;
  replayObsPerS?: number;
  replayPushObsPerS?: number;
  replayDetections?: number;
}

/** Step every observation, advance at each new second; returns the detections found. */
function stepLoop(
  engine: Engine,
  obs: readonly Observation[],
  byType?: Map<string, number>,
): number {
  let sec = Math.floor(obs[0]!.tMs / 1000);
  let n = 0;
  const add = (ds: readonly Detection[]) => {
    n += ds.length;
    if (byType !== undefined) for (const d of ds) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
  };
  for (let i = 0; i < obs.length; i++) {
    const o = obs[i]!;
    const s = Math.floor(o.tMs / 1000);
    if (s > sec) {
      sec = s;
      add(engine.advance(s * 1000));
    }
    add(engine.step(o));
  }
  add(engine.advance((sec + 1) * 1000));
  return n;
}

/** Every source's receiver sits at RECEIVER (for `out_of_range`). */
export const BENCH_ENGINE_OPTIONS: EngineOptions = { receiverOf: () => RECEIVER };

/** src/engine/replay.ts's loop, every detection drawn from its generator. */
function replayAll(agreement: Agreement, obs: readonly Observation[]): number {
  let n = 0;
  for (const _ of replayObservations(agreement, obs, { engine: BENCH_ENGINE_OPTIONS })) n++;
  return n;
}

/** Its Replayer pushed directly, without the generator around it. */
function replayPush(agreement: Agreement, obs: readonly Observation[]): number {
  const r = new Replayer(agreement, { engine: BENCH_ENGINE_OPTIONS });
  let n = 0;
  for (let i = 0; i < obs.length; i++) n += r.push(obs[i]!).length;
  return n + r.finish().length;
}

export function runStreamBench(
  o: StreamOnlyOptions,
  sections: { stream: boolean; replay: boolean },
): { result: StreamBenchResult; goals: Goal[] } {
  const agreement: Agreement = buildBenchAgreement(T0_MS);
  const obs = makeStream({ ...o, t0Ms: T0_MS });
  const simS = o.minutes * 60;
  const result: StreamBenchResult = {
    observations: obs.length,
    tracks: o.vessels + o.aircraft,
    stepObsPerS: Number.NaN,
    detectionsByType: {},
    detections: 0,
  };
  const engine = () => new Engine(agreement, BENCH_ENGINE_OPTIONS);
  // Warm-ups count: the step's detections by type, the replays' totals.
  const byType = new Map<string, number>();
  let nReplay = 0;
  let nPush = 0;
  const jobs = [
    ...(sections.stream
      ? [
          {
            warm: () => {
              result.detections = stepLoop(engine(), obs, byType);
            },
            run: () => void stepLoop(engine(), obs),
          },
        ]
      : []),
    ...(sections.replay
      ? [
          {
            warm: () => {
              nReplay = replayAll(agreement, obs);
            },
            run: () => void replayAll(agreement, obs),
          },
          {
            warm: () => {
              nPush = replayPush(agreement, obs);
            },
            run: () => void replayPush(agreement, obs),
          },
        ]
      : []),
  ];
  // One fresh engine per run; the runs of step and replay interleaved.
  const medians = mediansInterleaved(jobs);
  const rules = agreement.versions[0]!.rules.length;
  const zones = agreement.versions[0]!.zones.length;
  console.log(
    `\n== stream: full engine step, every rule action on (${rules} rules, ${zones} zones) ==`,
  );
  console.log(
    `  ${obs.length} observations from ${o.vessels} vessels and ${o.aircraft} aircraft over ` +
      `${o.minutes} simulated min (${Math.round(obs.length / simS)} obs per simulated s), seed ${o.seed}`,
  );
  if (sections.stream) {
    const stepS = medians.shift()!;
    result.stepObsPerS = obs.length / stepS;
    const types = [...new Set(Object.values(DETECTION_TYPE_OF))] as string[];
    for (const t of [...types, ...[...byType.keys()].filter((k) => !types.includes(k))]) {
      result.detectionsByType[t] = byType.get(t) ?? 0;
    }
    console.log(
      `  step + advance each simulated second: ${fmtRate(result.stepObsPerS, 'obs')} ` +
        `(median ${stepS.toFixed(3)} s), ${result.detections} detections:`,
    );
    const none: string[] = [];
    for (const [t, c] of Object.entries(result.detectionsByType)) {
      if (c > 0) console.log(`    ${pad(t, 20)} ${padL(String(c), 8)}`);
      else none.push(t);
    }
    if (none.length > 0) console.log(`    none of: ${none.join(', ')}`);
  }
  const goals: Goal[] = [];
  if (sections.replay) {
    const [s, sp] = medians as [number, number];
    result.replayObsPerS = obs.length / s;
    result.replayPushObsPerS = obs.length / sp;
    result.replayDetections = nReplay;
    console.log('\n== replay: the same stream through the replay loop ==');
    console.log(
      `  replayObservations (src/engine/replay.ts): ${fmtRate(result.replayObsPerS, 'obs')} ` +
        `(median ${s.toFixed(3)} s), ${nReplay} detections; ` +
        `${(result.replayObsPerS / 1e6).toFixed(2)}x the goal of 1 M/s`,
    );
    console.log(
      `  Replayer.push loop, no generator:         ${fmtRate(result.replayPushObsPerS, 'obs')} ` +
        `(median ${sp.toFixed(3)} s), ${nPush} detections`,
    );
    goals.push({
      name: 'replay, all detectors: obs/s / 1M',
      value: result.replayObsPerS / 1e6,
      op: '>=',
      goal: 1,
    });
  }
  return { result, goals };
}
