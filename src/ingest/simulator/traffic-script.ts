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

/** A rule hit a scripted actor is written to produce, and how soon after the start. */
export interface ActorExpectation {
  ruleId: string;
  zoneId: string;
  action: RuleAction;
  /** Simulated seconds after the simulator's start by which the first hit is due. */
  withinS: number;
}

export type ActorRole = 'violator' | 'force' | 'control';

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
