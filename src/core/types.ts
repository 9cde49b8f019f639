/**
 * The vocabulary of Truceline (see ../shared/DESIGN.md, "Core vocabulary").
 * Pure types: every other part speaks these. Coordinates are lon, lat (GeoJSON
 * order) in WGS84 degrees; times are UTC epoch milliseconds (`tMs`).
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';

export type TrackKind = 'vessel' | 'aircraft' | 'ground';
export const TRACK_KINDS: readonly TrackKind[] = ['vessel', 'aircraft', 'ground'] as const;

/** `mmsi:272123456`, `icao:4840d6`, `report:<uuid>`, `sim:<name>`. */
export type TrackId = string;

/** One position report, whatever its source. */
export interface Observation {
  trackId: TrackId;
  kind: TrackKind;
  tMs: number;
  lon: number;
  lat: number;
  /** Which source delivered it (`sim`, `api`, `ais:tcp:host:port`, …). */
  source: string;
  altFt?: number;
  speedKn?: number;
  courseDeg?: number;
  headingDeg?: number;
  /** Navigational status text (AIS) or free status (field reports). */
  status?: string;
  squawk?: string;
  /** Static data the source carries along with this report. */
  name?: string;
  callsign?: string;
  /** Flag state (from the MMSI's MID) or country of registration (ICAO block), ISO alpha-2. */
  flag?: string;
  /**
   * Navigation integrity and accuracy an ADS-B position came with (DO-260B:
   * NIC of the position, NACp and SIL from operational status), so rules can
   * see degraded GNSS (jamming, spoofing). Live only: not kept by the store.
   */
  nic?: number;
  nacP?: number;
  sil?: number;
}

/** Static data learned about a track (from AIS type 5/24, ADS-B TC 1-4, …). */
export interface TrackStatic {
  name?: string;
  callsign?: string;
  /** Ship type text or aircraft category. */
  type?: string;
  /** Flag state or country of registration (ISO 3166 alpha-2 where known). */
  flag?: string;
  /** What transmits: `AIS class A`, `AIS class B`, `AIS SAR aircraft`, `AIS AtoN`, `AIS base station`, `ADS-B`, … */
  transponder?: string;
  imo?: number;
  destination?: string;
  lengthM?: number;
  beamM?: number;
  draughtM?: number;
}

/**
 * Static and voyage data that arrives without a position (AIS types 5 and
 * 24, ADS-B identification). Merged into the track; not an observation.
 */
export interface StaticReport extends TrackStatic {
  trackId: TrackId;
  kind: TrackKind;
  tMs: number;
  source: string;
}

/** The state of one vessel, aircraft or ground reporter. */
export interface Track extends TrackStatic {
  id: TrackId;
  kind: TrackKind;
  /** The latest observation. */
  last: Observation;
  firstSeenMs: number;
  observationCount: number;
  /** Ids of the zones the track is inside, as of `last`. */
  zoneIds: string[];
}

export type ZoneKind = 'buffer' | 'no_fly' | 'corridor' | 'protected_site' | 'port' | 'line';
export const ZONE_KINDS: readonly ZoneKind[] = [
  'buffer',
  'no_fly',
  'corridor',
  'protected_site',
  'port',
  'line',
] as const;

/**
 * When a provision is in force, as UTC epoch ms: from `fromMs` (inclusive)
 * until `toMs` (exclusive). An absent end is open. A provision without an
 * interval is in force for as long as its version is.
 */
export interface Interval {
  fromMs?: number;
  toMs?: number;
}

/** An altitude band, feet (barometric where the source says so). */
export interface AltitudeBand {
  minFt?: number;
  maxFt?: number;
}

/**
 * An area or line of the agreement. A protected site may be a Point with
 * `radiusM`; lines (a line of contact) are LineStrings and are crossed, not
 * entered. Ports are where loitering is normal (docs/detectors.md).
 */
export interface Zone {
  id: string;
  name: string;
  kind: ZoneKind;
  geometry: Polygon | MultiPolygon | LineString | Point;
  /** Radius around a Point geometry, in metres. */
  radiusM?: number;
  /**
   * Only this band of altitude belongs to the zone (an air corridor between
   * FL100 and FL200). A track reporting no altitude (vessels, ground units,
   * an aircraft that has not said) is taken to be inside the band.
   */
  altitudeFt?: AltitudeBand;
  /** Article / paragraph of the agreement that draws the zone. */
  citation?: string;
  /** Narrower than the version's own period: a temporary closure. */
  inForce?: Interval;
  /** Free text shown to users. */
  description?: string;
}

/**
 * What a rule forbids the tracks it applies to (docs/detectors.md has each
 * definition, its thresholds and their defaults):
 * - `enter`: be outside an area zone, then inside (also between two reports);
 * - `exit`: be inside, then outside by more than the hysteresis distance;
 * - `inside`: be found inside when first seen, or when the zone comes into
 *   force around the track (no entry was observed);
 * - `dwell`: stay inside longer than `dwellMinutes`;
 * - `cross`: cross a line zone (optionally in one direction only);
 * - `below_altitude` / `above_altitude`: fly below / above `altitudeFt`;
 * - `above_speed` / `below_speed`: move faster / slower than `speedKn`;
 * - `loiter`: stay below `loiterSpeedKn` for `loiterHours`, outside ports;
 * - `encounter`: meet another vessel (within `encounterDistanceM` for
 *   `encounterHours`, both slower than `encounterSpeedKn`);
 * - `silence`: stop reporting for `silenceMinutes` after reporting regularly;
 * - `jump`: move faster than the kind can (`jumpSpeedKn`), a spoof or glitch;
 * - `out_of_range`: be reported farther from the receiver than `rangeNm`;
 * - `emergency`: squawk an emergency code (7500, 7600, 7700);
 * - `integrity_degraded`: several aircraft with degraded NACp/NIC in one
 *   area at once (GNSS interference context).
 * Area actions need area zones, `cross` needs lines; the others take zones
 * as "where" and apply everywhere when the rule names none.
 */
export const RULE_ACTIONS = [
  'enter',
  'exit',
  'inside',
  'dwell',
  'cross',
  'below_altitude',
  'above_altitude',
  'above_speed',
  'below_speed',
  'loiter',
  'encounter',
  'silence',
  'jump',
  'out_of_range',
  'emergency',
  'integrity_degraded',
] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** The actions judged on a zone or line (entered, left, stayed in, crossed); the others per report. */
export const ZONE_ACTIONS: ReadonlySet<RuleAction> = new Set([
  'enter',
  'exit',
  'inside',
  'dwell',
  'cross',
]);

/** Which way a line is crossed, seen along the line's drawing order. */
export type CrossDirection = 'both' | 'left_to_right' | 'right_to_left';

/**
 * A rule's thresholds. Each is optional and has a documented default taken
 * from published practice (docs/detectors.md); `altitudeFt` and `speedKn`
 * have none and are required by the actions that use them.
 */
export interface RuleThresholds {
  /** Exit counts once this far outside the zone: a track on the edge does not flap. Default 100 m. */
  hysteresisM?: number;
  /** `dwell`: longer than this inside. Default 60 min. */
  dwellMinutes?: number;
  /** `cross`: which direction counts. Default both. */
  crossDirection?: CrossDirection;
  /** `below_altitude` / `above_altitude`. */
  altitudeFt?: number;
  /** `above_speed` / `below_speed`. */
  speedKn?: number;
  /** `loiter` (Global Fishing Watch): below 2 kn for at least 1 h. */
  loiterSpeedKn?: number;
  loiterHours?: number;
  /** `encounter` (Global Fishing Watch): within 500 m for at least 2 h, both below 2 kn. */
  encounterDistanceM?: number;
  encounterHours?: number;
  encounterSpeedKn?: number;
  /** `silence`: no report for this long, where the track reported regularly. Default 12 h (GFW). */
  silenceMinutes?: number;
  /** `jump`: implied speed above this. Default by kind: vessel 60, aircraft 1500, ground 150 kn. */
  jumpSpeedKn?: number;
  /** `out_of_range`: farther than this from the receiver. Default AIS 100 NM, ADS-B 300 NM. */
  rangeNm?: number;
  /** `emergency`: the codes that count. Default 7500, 7600, 7700. */
  squawks?: string[];
  /** `integrity_degraded`: NACp below this is degraded. Default 8 (GPSJam). */
  nacpBelow?: number;
  /** `integrity_degraded`: this many distinct aircraft in one cell and window. Default 3. */
  clusterMinAircraft?: number;
  /** `integrity_degraded`: window, minutes. Default 15. */
  clusterWindowMinutes?: number;
}

export interface Rule {
  id: string;
  /** Article / paragraph of the agreement text, e.g. `Art. 4(2)`. */
  citation: string;
  description: string;
  /** Narrower than the version's own period (a repair window, a trial week). */
  inForce?: Interval;
  /** The id of the provision this one replaces; their intervals must not overlap. */
  supersedes?: string;
  /** Which kinds of track the rule applies to. */
  kinds: TrackKind[];
  /** Only tracks of these flags (ISO alpha-2); all flags when absent. */
  flags?: string[];
  /** Only tracks whose type text starts with one of these (`Tanker`, `Military`); all when absent. */
  types?: string[];
  /** Only tracks on one of these lists; all tracks when absent. */
  lists?: string[];
  /** What those tracks may not do. */
  forbids: RuleAction[];
  /** Where: the zones (or lines) of the rule. Empty: anywhere, for actions that allow it. */
  zoneIds: string[];
  /** Tracks exempt from the rule (the force's own, humanitarian vessels). */
  exemptTrackIds: TrackId[];
  /** Standing lists whose tracks are exempt. */
  exemptLists?: string[];
  thresholds?: RuleThresholds;
}

/** A standing list of tracks: the force's own assets, humanitarian vessels. */
export interface TrackList {
  id: string;
  name: string;
  trackIds: TrackId[];
  description?: string;
}

/**
 * A time-boxed exemption: a notified flight, convoy or repair window. The
 * tracks are exempt from the named rules (all rules when none are named)
 * while the notification is in force, and only then.
 */
export interface PreNotification {
  id: string;
  citation?: string;
  description: string;
  trackIds: TrackId[];
  ruleIds?: string[];
  fromMs: number;
  toMs: number;
}

/** One version of the agreement, in force from `inForceFromMs` until the next. */
export interface AgreementVersion {
  version: number;
  inForceFromMs: number;
  title: string;
  zones: Zone[];
  rules: Rule[];
  lists?: TrackList[];
  notifications?: PreNotification[];
}

export interface Agreement {
  id: string;
  name: string;
  /** Demo and test agreements say so: they are not real or proposed lines. */
  illustrative: boolean;
  versions: AgreementVersion[];
}

/** Every kind of detection the engine raises. */
export const DETECTION_TYPES = [
  'zone_enter',
  'zone_exit',
  'zone_inside',
  'zone_dwell',
  'line_cross',
  'below_altitude',
  'above_altitude',
  'above_speed',
  'below_speed',
  'loiter',
  'encounter',
  'silence',
  'jump',
  'out_of_range',
  'emergency',
  'integrity_degraded',
  /** Not a breach: gap alerts of a rule held back because the whole source went quiet. */
  'feed_outage',
] as const;
export type DetectionType = (typeof DETECTION_TYPES)[number];

/** One rule hit, with the observations that prove it. */
export interface Detection {
  /** Deterministic: the same hit found twice gets the same id. */
  id: string;
  type: DetectionType;
  tMs: number;
  trackId: TrackId;
  kind: TrackKind;
  /** The zone or line, for rules that have one; empty when the rule applies anywhere. */
  zoneId: string;
  ruleId: string;
  citation: string;
  agreementId: string;
  agreementVersion: number;
  lon: number;
  lat: number;
  /** Plain-language sentence a person can read. */
  summary: string;
  /** The observations that prove the hit (one, two, or the ends of a stretch). */
  evidence: Observation[];
  /** The other vessel of an encounter. */
  otherTrackId?: TrackId;
  /** How long the dwell, loiter, encounter or silence had lasted when it was found. */
  durationMs?: number;
}

/** The detection each rule action yields. */
export const DETECTION_TYPE_OF: Readonly<Record<RuleAction, DetectionType>> = {
  enter: 'zone_enter',
  exit: 'zone_exit',
  inside: 'zone_inside',
  dwell: 'zone_dwell',
  cross: 'line_cross',
  below_altitude: 'below_altitude',
  above_altitude: 'above_altitude',
  above_speed: 'above_speed',
  below_speed: 'below_speed',
  loiter: 'loiter',
  encounter: 'encounter',
  silence: 'silence',
  jump: 'jump',
  out_of_range: 'out_of_range',
  emergency: 'emergency',
  integrity_degraded: 'integrity_degraded',
};
