/**
 * The deterministic traffic simulator: generated vessels on sea lanes,
 * generated aircraft on airways, and the script's actors, reporting like AIS
 * and ADS-B receivers would. Pure: the caller passes simulated time in; no
 * clock, no timers, no I/O.
 *
 * Every track owns a random stream derived from the seed and its index, and
 * its position is a function of time alone, so the output depends only on
 * (script, seed, counts, startMs) — not on how time is stepped: stepping to
 * 10 min once gives the same observations as stepping there in 250 ms ticks.
 *
 * Scripted actors may also squawk a fixed code, report a fixed NACp, go
 * quiet for a while (their reports are drawn and dropped, so the rest stay
 * the same), or have one report in each period displaced (a spoofed
 * position): see ScriptedActor. Generated traffic does none of these.
 */
import { createRandom, drawInteger, drawUniform, mixSeed, type Random } from '../../core/random.js';
import type { Observation, TrackKind } from '../../core/types.js';
import { computeDestination, type LonLat, normaliseDeg } from './geo-motion.js';
import { drawAircraftIdentity, drawVesselIdentity } from './identities.js';
import { createRoute, locateOnRoute, type Route } from './route.js';
import type { ActorRole, Airway, ScriptedActor, SeaLane, TrafficScript } from './traffic-script.js';

export interface SimulatorOptions {
  script: TrafficScript;
  seed: number;
  /** Generated vessels, default 40. */
  vessels?: number;
  /** Generated aircraft, default 20. */
  aircraft?: number;
  /** Simulated time at which the world starts, epoch ms. */
  startMs: number;
}

/** What the simulator knows about one of its tracks, for listings and tests. */
export interface SimTrack {
  trackId: string;
  kind: TrackKind;
  /** `traffic` for generated tracks, else the scripted actor's role. */
  role: 'traffic' | ActorRole;
  /** The sea lane, airway or actor the track follows. */
  pathId: string;
  name?: string;
  callsign?: string;
  flag?: string;
  /** Nominal speed over ground. */
  speedKn: number;
  altFt?: number;
}

export interface Simulator {
  readonly seed: number;
  readonly startMs: number;
  /** Advances to tMs and returns the reports due in (previous tMs, tMs], by time then track id. */
  step(tMs: number): Observation[];
  /** The simulated time of the last step (startMs before the first). */
  lastStepMs(): number;
  describeTracks(): SimTrack[];
}

/** Generated cruise bands: the tests hold the output to these. */
export const VESSEL_SPEED_KN = { min: 8, max: 20 } as const;
export const AIRCRAFT_SPEED_KN = { min: 380, max: 480 } as const;
export const AIRCRAFT_ALT_FT = { min: 30_000, max: 39_000 } as const;

const KN_TO_MPS = 1852 / 3600;
// Report intervals: AIS class A under way reports every 2-10 s, ADS-B
// positions come about twice a second; slower rates keep the demo light.
const VESSEL_INTERVAL_MS = 10_000;
const VESSEL_JITTER_MS = 2_000;
const AIRCRAFT_INTERVAL_MS = 2_000;
const AIRCRAFT_JITTER_MS = 400;
const GROUND_INTERVAL_MS = 10_000;
const GROUND_JITTER_MS = 2_000;
/** Vessels keep off the lane's centre line by up to this much, so a lane is not one file. */
const VESSEL_LANE_OFFSET_M = 1_500;
// Salts keep the streams of vessels, aircraft and actors apart.
const VESSEL_SALT = 1_000_000;
const AIRCRAFT_SALT = 2_000_000;
const ACTOR_SALT = 3_000_000;
const DEFAULT_VESSEL_STATUS = 'under way using engine';

interface Mover {
  track: SimTrack;
  status?: string;
  route: Route;
  speedMps: number;
  /** Distance along the route already travelled at startMs. */
  startTravelM: number;
  rand: Random;
  intervalMs: number;
  jitterMs: number;
  nextMs: number;
  /** Reported speed wanders by up to this much either way. */
  speedNoiseKn: number;
  courseNoiseDeg: number;
  /** Heading differs from course by drift (vessels) or wind correction (aircraft). */
  headingBiasDeg: number;
  headingNoiseDeg: number;
  /** Reported speed never leaves this band. */
  speedBandKn?: { min: number; max: number };
  squawk?: string;
  nacP?: number;
  /** Quiet from silenceFromMs for silenceForMs, again every silenceEveryMs (Infinity: once). */
  silenceFromMs: number;
  silenceForMs: number;
  silenceEveryMs: number;
  /** The next report at or after this time is displaced spoofOffsetDeg north; Infinity: never. */
  nextSpoofMs: number;
  spoofEveryMs: number;
  spoofOffsetDeg: number;
}

/** Behaviours generated traffic never has. */
const PLAIN = {
  silenceFromMs: Number.POSITIVE_INFINITY,
  silenceForMs: 0,
  silenceEveryMs: Number.POSITIVE_INFINITY,
  nextSpoofMs: Number.POSITIVE_INFINITY,
  spoofEveryMs: Number.POSITIVE_INFINITY,
  spoofOffsetDeg: 0,
} as const;

export function createSimulator(options: SimulatorOptions): Simulator {
  const { script, seed, startMs } = options;
  const vesselCount = options.vessels ?? 40;
  const aircraftCount = options.aircraft ?? 20;
  checkCount('vessels', vesselCount);
  checkCount('aircraft', aircraftCount);
  if (!Number.isFinite(startMs))
    throw new Error(`createSimulator: expected a finite startMs, got ${startMs}`);
  if (vesselCount > 0 && script.seaLanes.length === 0) {
    throw new Error(`createSimulator: expected sea lanes for ${vesselCount} vessels, got none`);
  }
  if (aircraftCount > 0 && script.airways.length === 0) {
    throw new Error(`createSimulator: expected airways for ${aircraftCount} aircraft, got none`);
  }

  const taken = new Set<string>();
  const movers: Mover[] = [];
  script.actors.forEach((actor, i) => {
    if (taken.has(actor.id)) throw new Error(`createSimulator: actor id ${actor.id} appears twice`);
    taken.add(actor.id);
    const rand = createRandom(mixSeed(seed, ACTOR_SALT + i));
    const isVessel = actor.kind === 'vessel';
    const isAircraft = actor.kind === 'aircraft';
    movers.push({
      track: {
        trackId: actor.id,
        kind: actor.kind,
        role: actor.role,
        pathId: actor.id,
        name: actor.name,
        callsign: actor.callsign,
        speedKn: actor.speedKn,
        altFt: isAircraft ? actor.altFt : undefined,
      },
      status: isVessel ? (actor.status ?? DEFAULT_VESSEL_STATUS) : actor.status,
      route: createRoute(actor.route, actor.mode ?? 'pingpong'),
      speedMps: actor.speedKn * KN_TO_MPS,
      startTravelM: 0,
      rand,
      ...reportRates(actor.kind),
      // Actors report within their first second so a newcomer sees them at once.
      nextMs: startMs + 1 + Math.floor(rand() * 1000),
      speedNoiseKn: isAircraft ? 1 : 0.2,
      courseNoiseDeg: isAircraft ? 0.3 : 1.5,
      headingBiasDeg: drawUniform(rand, -3, 3),
      headingNoiseDeg: isAircraft ? 0.3 : 1,
      ...actorBehaviour(actor, startMs),
    });
  });

  for (let i = 0; i < vesselCount; i++) {
    const rand = createRandom(mixSeed(seed, VESSEL_SALT + i));
    let id = drawVesselIdentity(rand);
    while (taken.has(id.trackId)) id = drawVesselIdentity(rand);
    taken.add(id.trackId);
    const lane = pickWeighted(rand, script.seaLanes);
    const offsetBearingDeg = drawUniform(rand, 0, 360);
    const offsetM = drawUniform(rand, 0, VESSEL_LANE_OFFSET_M);
    const waypoints = lane.waypoints.map(
      ([lon, lat]): LonLat => computeDestination(lon, lat, offsetBearingDeg, offsetM),
    );
    const route = createRoute(waypoints, 'pingpong');
    // Keep clear of the band's edges so noise never reports a speed outside it.
    const speedKn = round(
      drawUniform(rand, VESSEL_SPEED_KN.min + 0.5, VESSEL_SPEED_KN.max - 0.5),
      1,
    );
    movers.push({
      track: {
        trackId: id.trackId,
        kind: 'vessel',
        role: 'traffic',
        pathId: lane.id,
        name: id.name,
        callsign: id.callsign,
        flag: id.flag,
        speedKn,
      },
      status: DEFAULT_VESSEL_STATUS,
      route,
      speedMps: speedKn * KN_TO_MPS,
      startTravelM: drawUniform(rand, 0, 2 * route.lengthM),
      rand,
      ...reportRates('vessel'),
      nextMs: startMs + 1 + Math.floor(rand() * VESSEL_INTERVAL_MS),
      speedNoiseKn: 0.2,
      courseNoiseDeg: 1.5,
      headingBiasDeg: drawUniform(rand, -4, 4),
      headingNoiseDeg: 1,
      speedBandKn: VESSEL_SPEED_KN,
      ...PLAIN,
    });
  }

  for (let i = 0; i < aircraftCount; i++) {
    const rand = createRandom(mixSeed(seed, AIRCRAFT_SALT + i));
    let id = drawAircraftIdentity(rand);
    while (taken.has(id.trackId)) id = drawAircraftIdentity(rand);
    taken.add(id.trackId);
    const airway = pickWeighted(rand, script.airways);
    const route = createRoute(airway.waypoints, 'pingpong');
    const speedKn = Math.round(
      drawUniform(rand, AIRCRAFT_SPEED_KN.min + 5, AIRCRAFT_SPEED_KN.max - 5),
    );
    const altFt = 1000 * drawInteger(rand, AIRCRAFT_ALT_FT.min / 1000, AIRCRAFT_ALT_FT.max / 1000);
    movers.push({
      track: {
        trackId: id.trackId,
        kind: 'aircraft',
        role: 'traffic',
        pathId: airway.id,
        callsign: id.callsign,
        flag: id.flag,
        speedKn,
        altFt,
      },
      route,
      speedMps: speedKn * KN_TO_MPS,
      startTravelM: drawUniform(rand, 0, 2 * route.lengthM),
      rand,
      ...reportRates('aircraft'),
      nextMs: startMs + 1 + Math.floor(rand() * AIRCRAFT_INTERVAL_MS),
      speedNoiseKn: 2,
      courseNoiseDeg: 0.3,
      headingBiasDeg: drawUniform(rand, -3, 3),
      headingNoiseDeg: 0.3,
      speedBandKn: AIRCRAFT_SPEED_KN,
      ...PLAIN,
    });
  }

  let lastMs = startMs;
  return {
    seed,
    startMs,
    step(tMs: number): Observation[] {
      if (!(tMs >= lastMs)) {
        throw new Error(`step: expected tMs >= ${lastMs} (time does not run back), got ${tMs}`);
      }
      lastMs = tMs;
      const out: Observation[] = [];
      for (const m of movers) {
        while (m.nextMs <= tMs) {
          // A silent report is still drawn, so the reports around a silence are
          // the same as without it.
          const obs = reportMover(m, m.nextMs, startMs);
          if (!isSilentAt(m, obs.tMs)) out.push(obs);
          m.nextMs += m.intervalMs + Math.round(drawUniform(m.rand, -m.jitterMs, m.jitterMs));
        }
      }
      out.sort(compareObservations);
      return out;
    },
    lastStepMs: () => lastMs,
    describeTracks: () => movers.map((m) => ({ ...m.track })),
  };
}

function reportMover(m: Mover, tMs: number, startMs: number): Observation {
  const { track, rand } = m;
  const travelledM = m.startTravelM + (m.speedMps * (tMs - startMs)) / 1000;
  const pos = locateOnRoute(m.route, travelledM);
  let speedKn = track.speedKn + drawUniform(rand, -m.speedNoiseKn, m.speedNoiseKn);
  if (m.speedBandKn) speedKn = Math.min(m.speedBandKn.max, Math.max(m.speedBandKn.min, speedKn));
  // A drifting actor's noise must not report a speed below zero.
  speedKn = Math.max(0, speedKn);
  const courseDeg = normaliseDeg(
    pos.courseDeg + drawUniform(rand, -m.courseNoiseDeg, m.courseNoiseDeg),
  );
  const headingDeg = normaliseDeg(
    pos.courseDeg + m.headingBiasDeg + drawUniform(rand, -m.headingNoiseDeg, m.headingNoiseDeg),
  );
  const obs: Observation = {
    trackId: track.trackId,
    kind: track.kind,
    tMs,
    lon: round(pos.lon, 6),
    lat: round(pos.lat, 6),
    source: 'sim',
    speedKn: round(speedKn, 1),
    courseDeg: round(courseDeg, 1) % 360,
    // AIS and ADS-B carry heading in whole degrees.
    headingDeg: Math.round(headingDeg) % 360,
  };
  if (track.altFt !== undefined) obs.altFt = track.altFt;
  if (m.status !== undefined) obs.status = m.status;
  if (track.name !== undefined && track.kind !== 'aircraft') obs.name = track.name;
  if (track.callsign !== undefined) obs.callsign = track.callsign;
  if (m.squawk !== undefined) obs.squawk = m.squawk;
  if (m.nacP !== undefined) obs.nacP = m.nacP;
  if (tMs >= m.nextSpoofMs) {
    // One report per period: the next one is the true position again.
    while (m.nextSpoofMs <= tMs) m.nextSpoofMs += m.spoofEveryMs;
    obs.lat = round(Math.max(-90, Math.min(90, obs.lat + m.spoofOffsetDeg)), 6);
  }
  return obs;
}

/** The scripted behaviours of an actor, as times and offsets. */
function actorBehaviour(
  actor: ScriptedActor,
  startMs: number,
): Pick<Mover, 'squawk' | 'nacP' | keyof typeof PLAIN> {
  const q = actor.silence;
  const p = actor.spoof;
  return {
    squawk: actor.squawk,
    nacP: actor.nacP,
    silenceFromMs: q === undefined ? PLAIN.silenceFromMs : startMs + q.afterS * 1000,
    silenceForMs: q === undefined ? PLAIN.silenceForMs : q.forS * 1000,
    silenceEveryMs: q?.everyS === undefined ? PLAIN.silenceEveryMs : q.everyS * 1000,
    nextSpoofMs: p === undefined ? PLAIN.nextSpoofMs : startMs + p.everyS * 1000,
    spoofEveryMs: p === undefined ? PLAIN.spoofEveryMs : p.everyS * 1000,
    spoofOffsetDeg: p === undefined ? PLAIN.spoofOffsetDeg : p.offsetDeg,
  };
}

/** Inside one of the actor's silences: from silenceFromMs + k * silenceEveryMs, for silenceForMs. */
function isSilentAt(m: Mover, tMs: number): boolean {
  const sinceMs = tMs - m.silenceFromMs;
  if (!(sinceMs >= 0)) return false;
  const intoMs =
    m.silenceEveryMs === Number.POSITIVE_INFINITY ? sinceMs : sinceMs % m.silenceEveryMs;
  return intoMs < m.silenceForMs;
}

function reportRates(kind: TrackKind): { intervalMs: number; jitterMs: number } {
  if (kind === 'aircraft')
    return { intervalMs: AIRCRAFT_INTERVAL_MS, jitterMs: AIRCRAFT_JITTER_MS };
  if (kind === 'vessel') return { intervalMs: VESSEL_INTERVAL_MS, jitterMs: VESSEL_JITTER_MS };
  return { intervalMs: GROUND_INTERVAL_MS, jitterMs: GROUND_JITTER_MS };
}

function pickWeighted<T extends SeaLane | Airway>(rand: Random, paths: readonly T[]): T {
  let total = 0;
  for (const p of paths) total += p.weight ?? 1;
  let x = rand() * total;
  for (const p of paths) {
    x -= p.weight ?? 1;
    if (x < 0) return p;
  }
  return paths[paths.length - 1]!;
}

function compareObservations(a: Observation, b: Observation): number {
  return a.tMs - b.tMs || (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : 0);
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`createSimulator: expected ${what} to be a whole number >= 0, got ${n}`);
  }
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
