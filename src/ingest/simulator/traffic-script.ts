/**
 * The simulator's script (`scenarios/<name>/traffic.json`): where generated
 * traffic may go, and the scripted actors that are always present, most of
 * them there to break the agreement's rules early and repeatedly so that a
 * demo shows detections within seconds.
 */
import type { RuleAction, TrackId, TrackKind } from '../../core/types.js';
import type { LonLat } from './geo-motion.js';
import type { RouteMode } from './route.js';

/** A path vessels follow, over water from end to end. */
export interface SeaLane {
  id: string;
  name: string;
  /** Share of the generated vessels placed on this lane, relative to the others (default 1). */
  weight?: number;
  waypoints: LonLat[];
}

/** A path generated aircraft fly at cruise level. */
export interface Airway {
  id: string;
  name: string;
  /** Share of the generated aircraft, relative to the other airways (default 1). */
  weight?: number;
  waypoints: LonLat[];
}

/**
 * A rule hit a scripted actor is written to produce, and how soon after the
 * start. Zone actions (`enter`, `exit`, `inside`, `dwell`, `cross`) name the
 * zone or line; the other actions' hits name no zone, even when the rule
 * names zones as "where", so `zoneId` is left out (or `''`).
 */
export interface ActorExpectation {
  ruleId: string;
  zoneId?: string;
  action: RuleAction;
  /** Simulated seconds after the simulator's start by which the first hit is due. */
  withinS: number;
}

export type ActorRole = 'violator' | 'force' | 'control';

/**
 * The actor stops reporting `afterS` simulated seconds after the start, for
 * `forS` seconds, then resumes (a vessel switching its AIS off). With
 * `everyS`, it goes quiet again every `everyS` seconds after that.
 */
export interface ActorSilence {
  afterS: number;
  forS: number;
  everyS?: number;
}

/**
 * Every `everyS` simulated seconds, one report (the first due at or after
 * each multiple) is displaced `offsetDeg` degrees of latitude north (south
 * when negative): a spoofed position, which the next report takes back. A
 * report dropped by a silence still takes its turn.
 */
export interface ActorSpoof {
  everyS: number;
  offsetDeg: number;
}

export interface ScriptedActor {
  /** `mmsi:<9 digits>`, `icao:<6 lowercase hex>` or `sim:<name>`. */
  id: TrackId;
  kind: TrackKind;
  name?: string;
  callsign?: string;
  /** `violator` breaks rules; `force` is exempt; `control` stays clear on purpose. */
  role: ActorRole;
  description: string;
  route: LonLat[];
  /** Back and forth (default) or round a closed circuit. */
  mode?: RouteMode;
  speedKn: number;
  /** Required for aircraft. */
  altFt?: number;
  /** Vessel navigational status text. */
  status?: string;
  /** Aircraft only: a transponder code sent with every report (`7700`: emergency). */
  squawk?: string;
  /** Aircraft only: the NACp sent with every report (below 8: degraded navigation accuracy). */
  nacP?: number;
  silence?: ActorSilence;
  spoof?: ActorSpoof;
  /** Empty for actors that must not produce any detection. */
  expect: ActorExpectation[];
}

export interface TrafficScript {
  illustrative: boolean;
  description: string;
  seaLanes: SeaLane[];
  airways: Airway[];
  actors: ScriptedActor[];
}
