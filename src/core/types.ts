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

export type ZoneKind = 'buffer' | 'no_fly' | 'corridor' | 'protected_site' | 'line';
export const ZONE_KINDS: readonly ZoneKind[] = [
  'buffer',
  'no_fly',
  'corridor',
  'protected_site',
  'line',
] as const;

/**
 * An area or line of the agreement. A protected site may be a Point with
 * `radiusM`; lines (a line of contact) are LineStrings and are crossed, not
 * entered.
 */
export interface Zone {
  id: string;
  name: string;
  kind: ZoneKind;
  geometry: Polygon | MultiPolygon | LineString | Point;
  /** Radius around a Point geometry, in metres. */
  radiusM?: number;
  /** Free text shown to users. */
  description?: string;
}

/**
 * What a rule forbids a track to do with its zones:
 * - `enter`: be outside, then inside (also when it crosses between reports);
 * - `exit`: be inside, then outside;
 * - `inside`: be found inside when first seen (no enter was observed);
 * - `cross`: cross a line zone.
 */
export type RuleAction = 'enter' | 'exit' | 'inside' | 'cross';
export const RULE_ACTIONS: readonly RuleAction[] = ['enter', 'exit', 'inside', 'cross'] as const;

export interface Rule {
  id: string;
  /** Article / paragraph of the agreement text, e.g. `Art. 4(2)`. */
  citation: string;
  description: string;
  /** Which kinds of track the rule applies to. */
  kinds: TrackKind[];
  /** What those tracks may not do. */
  forbids: RuleAction[];
  zoneIds: string[];
  /** Tracks exempt from the rule (the force's own, humanitarian vessels). */
  exemptTrackIds: TrackId[];
}

/** One version of the agreement, in force from `inForceFromMs` until the next. */
export interface AgreementVersion {
  version: number;
  inForceFromMs: number;
  title: string;
  zones: Zone[];
  rules: Rule[];
}

export interface Agreement {
  id: string;
  name: string;
  /** Demo and test agreements say so: they are not real or proposed lines. */
  illustrative: boolean;
  versions: AgreementVersion[];
}

export type DetectionType = 'zone_enter' | 'zone_exit' | 'zone_inside' | 'line_cross';

/** One rule hit, with the observations that prove it. */
export interface Detection {
  /** Deterministic: the same hit found twice gets the same id. */
  id: string;
  type: DetectionType;
  tMs: number;
  trackId: TrackId;
  kind: TrackKind;
  zoneId: string;
  ruleId: string;
  citation: string;
  agreementId: string;
  agreementVersion: number;
  lon: number;
  lat: number;
  /** Plain-language sentence a person can read. */
  summary: string;
  /** The observations (one or two) that prove the hit. */
  evidence: Observation[];
}
