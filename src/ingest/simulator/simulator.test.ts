import { beforeAll, describe, expect, it } from 'vitest';
import { distanceM } from '../../core/geometry.js';
import type { Observation } from '../../core/types.js';
import { DEMO_SCENARIO_DIR, loadScenario } from './load-scenario.js';
import {
  AIRCRAFT_ALT_FT,
  AIRCRAFT_SPEED_KN,
  createSimulator,
  VESSEL_SPEED_KN,
} from './simulator.js';
import type { ScriptedActor, TrafficScript } from './traffic-script.js';

const START_MS = Date.UTC(2026, 6, 1, 12);
const MIN_MS = 60_000;
const MPS_TO_KN = 3600 / 1852;

let script: TrafficScript;
beforeAll(async () => {
  script = (await loadScenario(DEMO_SCENARIO_DIR)).traffic;
});

function runFor(ms: number, seed = 7, stepMs = ms): Observation[] {
  const sim = createSimulator({ script, seed, startMs: START_MS });
  const out: Observation[] = [];
  for (let t = START_MS + stepMs; t <= START_MS + ms; t += stepMs) out.push(...sim.step(t));
  return out;
}

function groupByTrack(observations: Observation[]): Map<string, Observation[]> {
  const byTrack = new Map<string, Observation[]>();
  for (const o of observations) {
    const list = byTrack.get(o.trackId) ?? [];
    list.push(o);
    byTrack.set(o.trackId, list);
  }
  return byTrack;
}

function angleBetweenDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

describe('createSimulator', () => {
  it('gives identical observations for the same seed and inputs', () => {
    expect(runFor(10 * MIN_MS, 42)).toEqual(runFor(10 * MIN_MS, 42));
  });

  it('gives different traffic for a different seed', () => {
    const a = runFor(MIN_MS, 1).filter((o) => o.kind !== 'ground');
    const b = runFor(MIN_MS, 2).filter((o) => o.kind !== 'ground');
    expect(a).not.toEqual(b);
  });

  it('gives the same observations whether stepped in 250 ms ticks or in one jump', () => {
    expect(runFor(5 * MIN_MS, 3, 250)).toEqual(runFor(5 * MIN_MS, 3));
  });

  it('returns each report once, in (previous step, tMs], ordered by time', () => {
    const sim = createSimulator({ script, seed: 5, startMs: START_MS });
    expect(sim.step(START_MS)).toEqual([]);
    const first = sim.step(START_MS + 30_000);
    const second = sim.step(START_MS + 60_000);
    for (const o of first) expect(o.tMs > START_MS && o.tMs <= START_MS + 30_000).toBe(true);
    for (const o of second)
      expect(o.tMs > START_MS + 30_000 && o.tMs <= START_MS + 60_000).toBe(true);
    const times = [...first, ...second].map((o) => o.tMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(sim.lastStepMs()).toBe(START_MS + 60_000);
  });

  it('refuses to step back in time', () => {
    const sim = createSimulator({ script, seed: 5, startMs: START_MS });
    sim.step(START_MS + 1000);
    expect(() => sim.step(START_MS)).toThrow(/expected tMs >= /);
  });

  it('generates 40 vessels and 20 aircraft by default besides the scripted actors', () => {
    const tracks = createSimulator({ script, seed: 9, startMs: START_MS }).describeTracks();
    const traffic = tracks.filter((t) => t.role === 'traffic');
    expect(traffic.filter((t) => t.kind === 'vessel')).toHaveLength(40);
    expect(traffic.filter((t) => t.kind === 'aircraft')).toHaveLength(20);
    expect(tracks.length).toBe(60 + script.actors.length);
    expect(new Set(tracks.map((t) => t.trackId)).size).toBe(tracks.length);
  });

  it('takes other counts and keeps the first tracks the same when more are added', () => {
    const few = createSimulator({ script, seed: 9, startMs: START_MS, vessels: 3, aircraft: 1 });
    const more = createSimulator({ script, seed: 9, startMs: START_MS, vessels: 5, aircraft: 2 });
    const ids = (s: typeof few) => s.describeTracks().map((t) => t.trackId);
    expect(ids(few)).toHaveLength(script.actors.length + 4);
    for (const id of ids(few)) expect(ids(more)).toContain(id);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => createSimulator({ script, seed: 1, startMs: START_MS, vessels: -1 })).toThrow(
      /vessels/,
    );
    expect(() => createSimulator({ script, seed: 1, startMs: START_MS, aircraft: 2.5 })).toThrow(
      /aircraft/,
    );
  });

  it('names tracks like real AIS and ADS-B traffic', () => {
    for (const t of createSimulator({ script, seed: 11, startMs: START_MS }).describeTracks()) {
      if (t.kind === 'vessel') {
        expect(t.trackId).toMatch(/^mmsi:(272|271|256|248|636|538|240|264|207|352|373)\d{6}$/);
        expect(t.name).toMatch(/^[A-Z0-9 ]{3,20}$/);
      }
      if (t.kind === 'aircraft') {
        expect(t.trackId).toMatch(/^icao:[0-9a-f]{6}$/);
        expect(t.callsign).toMatch(/^[A-Z0-9]{3,8}$/);
      }
    }
  });

  it('fills each observation as its kind of receiver would', () => {
    const seen = new Set<string>();
    const statusOf = new Map(script.actors.map((a) => [a.id, a.status]));
    for (const o of runFor(MIN_MS)) {
      expect(o.source).toBe('sim');
      expect(o.courseDeg! >= 0 && o.courseDeg! < 360).toBe(true);
      expect(o.headingDeg! >= 0 && o.headingDeg! < 360).toBe(true);
      expect(o.speedKn).toBeGreaterThan(0);
      if (o.kind === 'vessel') {
        expect(o.status).toBe(statusOf.get(o.trackId) ?? 'under way using engine');
        expect(o.name).toBeTruthy();
        expect(o.altFt).toBeUndefined();
      }
      if (o.kind === 'aircraft') {
        expect(o.altFt).toBeGreaterThan(0);
        expect(o.callsign).toBeTruthy();
      }
      seen.add(o.kind);
    }
    expect([...seen].sort()).toEqual(['aircraft', 'ground', 'vessel']);
  });
});

describe('scripted behaviours', () => {
  const BASE: ScriptedActor = {
    id: 'mmsi:636000001',
    kind: 'vessel',
    name: 'TEST',
    role: 'violator',
    description: 'test actor',
    route: [
      [31, 45],
      [31.5, 45],
    ],
    speedKn: 12,
    expect: [],
  };

  /** One actor alone for `ms`, no generated traffic. */
  function runActor(actor: ScriptedActor, ms: number, seed = 3): Observation[] {
    const only: TrafficScript = { ...script, actors: [actor] };
    const sim = createSimulator({ script: only, seed, startMs: START_MS, vessels: 0, aircraft: 0 });
    return sim.step(START_MS + ms);
  }

  it('sends an aircraft actor its squawk and NACp with every report, and nothing else does', () => {
    const aircraft: ScriptedActor = {
      ...BASE,
      id: 'icao:f00f01',
      kind: 'aircraft',
      altFt: 9000,
      speedKn: 250,
      squawk: '7700',
      nacP: 4,
    };
    const own = runActor(aircraft, 5 * MIN_MS);
    expect(own.length).toBeGreaterThan(100);
    for (const o of own) expect([o.squawk, o.nacP]).toEqual(['7700', 4]);
    const scripted = new Set(
      script.actors.filter((a) => a.squawk !== undefined || a.nacP !== undefined).map((a) => a.id),
    );
    for (const o of runFor(MIN_MS)) {
      if (scripted.has(o.trackId)) continue;
      expect(o.squawk).toBeUndefined();
      expect(o.nacP).toBeUndefined();
    }
  });

  it('keeps quiet from afterS for forS, every everyS, and otherwise reports as it would have', () => {
    const plain = runActor(BASE, 60 * MIN_MS);
    const silent = runActor(
      { ...BASE, silence: { afterS: 300, forS: 600, everyS: 1800 } },
      60 * MIN_MS,
    );
    const quiet = (o: Observation) => {
      const s = (o.tMs - START_MS) / 1000;
      return (s >= 300 && s < 900) || (s >= 2100 && s < 2700);
    };
    expect(silent).toEqual(plain.filter((o) => !quiet(o)));
    expect(plain.filter(quiet).length).toBeGreaterThan(100);
  });

  it('goes quiet once when no everyS is given', () => {
    const plain = runActor(BASE, 60 * MIN_MS);
    const silent = runActor({ ...BASE, silence: { afterS: 0, forS: 60 } }, 60 * MIN_MS);
    expect(silent).toEqual(plain.filter((o) => o.tMs - START_MS >= 60_000));
  });

  it('displaces one report every everyS by offsetDeg of latitude, and only that one', () => {
    const plain = runActor(BASE, 30 * MIN_MS);
    const spoofed = runActor({ ...BASE, spoof: { everyS: 600, offsetDeg: -0.25 } }, 30 * MIN_MS);
    expect(spoofed).toHaveLength(plain.length);
    const moved = spoofed.flatMap((o, i) => (o.lat === plain[i]!.lat ? [] : [i]));
    expect(moved.map((i) => Math.floor((spoofed[i]!.tMs - START_MS) / 600_000))).toEqual([1, 2]);
    moved.forEach((i, k) => {
      expect(spoofed[i]!.lat).toBeCloseTo(plain[i]!.lat - 0.25, 6);
      expect(spoofed[i]!.lon).toBe(plain[i]!.lon);
      // The first report at or after each multiple of everyS.
      expect(plain[i - 1]!.tMs - START_MS).toBeLessThan((k + 1) * 600_000);
    });
  });

  it('reports a drifting actor below 2 kn, never below 0', () => {
    const own = runActor({ ...BASE, speedKn: 0.1 }, 30 * MIN_MS);
    for (const o of own) expect(o.speedKn! >= 0 && o.speedKn! < 2).toBe(true);
  });
});

describe('generated traffic over two simulated hours', () => {
  let byTrack: Map<string, Observation[]>;
  let traffic: Set<string>;
  beforeAll(() => {
    const sim = createSimulator({ script, seed: 13, startMs: START_MS });
    traffic = new Set(
      sim
        .describeTracks()
        .filter((t) => t.role === 'traffic')
        .map((t) => t.trackId),
    );
    byTrack = groupByTrack(sim.step(START_MS + 120 * MIN_MS));
  });

  it('reports vessels about every 10 s and aircraft about every 2 s', () => {
    for (const [id, list] of byTrack) {
      if (!traffic.has(id)) continue;
      const [lo, hi] = list[0]!.kind === 'vessel' ? [8_000, 12_000] : [1_600, 2_400];
      for (let i = 1; i < list.length; i++) {
        const gap = list[i]!.tMs - list[i - 1]!.tMs;
        expect(gap >= lo && gap <= hi, `${id} gap ${gap}`).toBe(true);
      }
    }
  });

  it('keeps vessels at 8-20 kn and aircraft at 380-480 kn, as reported and as moved', () => {
    let measured = 0;
    for (const [id, list] of byTrack) {
      if (!traffic.has(id)) continue;
      const band = list[0]!.kind === 'vessel' ? VESSEL_SPEED_KN : AIRCRAFT_SPEED_KN;
      for (let i = 0; i < list.length; i++) {
        const b = list[i]!;
        expect(b.speedKn! >= band.min && b.speedKn! <= band.max, `${id} ${b.speedKn}`).toBe(true);
        const a = list[i - 1];
        // Through a turn the straight line between reports is shorter than the path.
        if (!a || angleBetweenDeg(a.courseDeg!, b.courseDeg!) > 10) continue;
        const kn = (distanceM(a.lon, a.lat, b.lon, b.lat) / ((b.tMs - a.tMs) / 1000)) * MPS_TO_KN;
        expect(kn >= band.min * 0.99 && kn <= band.max * 1.01, `${id} moved at ${kn} kn`).toBe(
          true,
        );
        measured++;
      }
    }
    expect(measured).toBeGreaterThan(100_000);
  });

  it('flies aircraft at a steady flight level between FL300 and FL390', () => {
    for (const [id, list] of byTrack) {
      if (!traffic.has(id) || list[0]!.kind !== 'aircraft') continue;
      const alt = list[0]!.altFt!;
      expect(alt % 1000).toBe(0);
      expect(alt >= AIRCRAFT_ALT_FT.min && alt <= AIRCRAFT_ALT_FT.max).toBe(true);
      for (const o of list) expect(o.altFt).toBe(alt);
    }
  });

  it('turns back at the end of a lane instead of stopping or jumping', () => {
    let reversals = 0;
    for (const [id, list] of byTrack) {
      if (!traffic.has(id)) continue;
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1]!;
        const b = list[i]!;
        const maxM = ((b.tMs - a.tMs) / 1000) * (AIRCRAFT_SPEED_KN.max / MPS_TO_KN) * 1.01;
        expect(distanceM(a.lon, a.lat, b.lon, b.lat)).toBeLessThanOrEqual(maxM);
        if (angleBetweenDeg(a.courseDeg!, b.courseDeg!) > 150) reversals++;
      }
    }
    expect(reversals).toBeGreaterThan(0);
  });
});
