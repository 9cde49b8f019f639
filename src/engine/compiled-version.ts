/**
 * One agreement version made ready for the hot path: area zones in a
 * ZoneGrid (which zones contain a point, at a cost that does not grow with
 * the number of zones), all zones in a Flatbush R-tree over their bounding
 * boxes (what a segment between two reports may pass through or cross),
 * rules compiled to sets and grouped two ways: by zone for the zone actions
 * (enter, exit, inside, dwell, cross), by track kind for the others (speed,
 * altitude, loiter, encounter, silence, …). Built once per version, then
 * only read.
 */
import Flatbush from 'flatbush';
import {
  type AgreementVersion,
  type PreNotification,
  RULE_ACTIONS,
  type Rule,
  type RuleAction,
  TRACK_KINDS,
  type TrackStatic,
  ZONE_ACTIONS,
  type Zone,
} from '../core/types.js';
import { resolveThresholds, type Thresholds } from './rule-thresholds.js';
import { KIND_CODE } from './track-table.js';
import { ringsOf, SMALL_ZONE_EDGES, ZoneEdgeIndex } from './zone-edges.js';
import { bboxOfZone, distanceOutsideM, type LargeZoneLookups } from './zone-geometry.js';
import { ZoneGrid } from './zone-grid.js';

export interface CompiledRule {
  rule: Rule;
  /** Bit per kind code (vessel 1, aircraft 2, ground 4). */
  kindMask: number;
  forbids: ReadonlySet<RuleAction>;
  /** Rule-level interval (the version's own bounds are the engine's business). */
  fromMs: number;
  toMs: number;
  flags: ReadonlySet<string> | null;
  types: readonly string[] | null;
  /** Tracks on the rule's lists; null: the rule is not limited to lists. */
  listed: ReadonlySet<string> | null;
  /** Exempt track ids, its own and those of its exempt lists. */
  exempt: ReadonlySet<string>;
  /** Pre-notifications naming this rule (or every rule), by track. */
  notified: ReadonlyMap<string, readonly PreNotification[]> | null;
  /** For per-report actions: the zones that bound where it applies; null: anywhere. */
  where: ReadonlySet<string> | null;
  thresholds: Thresholds;
  /** The rule's place in `reportRules[kind]` (for per-track caches); -1 elsewhere. */
  reportIndex: number[];
  /** Whether applying depends on time beyond the version (own interval or notifications). */
  timed: boolean;
  /** The engine's slot for the rule's detector state (by rule id); -1 until first used. */
  slot: number;
  /**
   * Its per-report actions in `forbids` order, as indices into
   * REPORT_ACTIONS: report-rules.ts switches on small integers, not strings.
   */
  reportActions: Uint8Array;
}

/** The actions judged per report (not ZONE_ACTIONS); a compiled rule lists its own by index. */
export const REPORT_ACTIONS: readonly RuleAction[] = RULE_ACTIONS.filter(
  (a) => !ZONE_ACTIONS.has(a),
);

/** Numbers every compiled version, so per-track caches never mix two agreements' grids. */
let nextSerial = 1;

export class CompiledVersion {
  /** Unique among compiled versions in this process (a reloaded agreement gets new ones). */
  readonly serial = nextSerial++;
  readonly version: AgreementVersion;
  readonly zones: readonly Zone[];
  readonly zoneById: ReadonlyMap<string, Zone>;
  readonly zoneIndex: ReadonlyMap<string, number>;
  /** Rules with a zone action, by zone id. */
  readonly rulesByZone: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules with a per-report action, by kind code. */
  readonly reportRules: readonly (readonly CompiledRule[])[];
  /** Every rule, by id. */
  readonly ruleById: ReadonlyMap<string, CompiledRule>;
  /** Per zone index: hysteresis (the widest of its rules'), interval, altitude band. */
  readonly hysteresisM: Float64Array;
  readonly zoneFromMs: Float64Array;
  readonly zoneToMs: Float64Array;
  readonly zoneMinFt: Float64Array;
  readonly zoneMaxFt: Float64Array;
  /** Some zone has an interval or altitude band: findZonesAt's answer needs filtering. */
  readonly filtersZones: boolean;
  /** Per grid cell, 1 where such a zone reaches (null when no zone has filters). */
  readonly #filteredCells: Uint8Array | null;
  readonly portZoneIds: ReadonlySet<string>;
  readonly hasLines: boolean;
  readonly grid: ZoneGrid;
  /** R-trees over the bounding boxes of the area zones and of the line zones. */
  readonly #areaIndex: SubsetIndex | null;
  readonly #lineIndex: SubsetIndex | null;
  /** Edge indexes of large zones, built when first needed. */
  readonly #large = new Map<number, LargeZoneLookups | null>();
  readonly #scratch: Int32Array;

  constructor(version: AgreementVersion) {
    this.version = version;
    this.zones = version.zones;
    this.zoneById = new Map(version.zones.map((z) => [z.id, z]));
    this.zoneIndex = new Map(version.zones.map((z, i) => [z.id, i]));
    const n = version.zones.length;
    this.hysteresisM = new Float64Array(n);
    this.zoneFromMs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.zoneToMs = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.zoneMinFt = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.zoneMaxFt = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    let filters = false;
    const ports = new Set<string>();
    version.zones.forEach((z, i) => {
      if (z.inForce?.fromMs !== undefined) this.zoneFromMs[i] = z.inForce.fromMs;
      if (z.inForce?.toMs !== undefined) this.zoneToMs[i] = z.inForce.toMs;
      if (z.altitudeFt?.minFt !== undefined) this.zoneMinFt[i] = z.altitudeFt.minFt;
      if (z.altitudeFt?.maxFt !== undefined) this.zoneMaxFt[i] = z.altitudeFt.maxFt;
      if (z.inForce !== undefined || z.altitudeFt !== undefined) filters = true;
      if (z.kind === 'port') ports.add(z.id);
    });
    this.filtersZones = filters;
    this.portZoneIds = ports;
    this.hasLines = version.zones.some((z) => z.geometry.type === 'LineString');

    const lists = new Map((version.lists ?? []).map((l) => [l.id, l.trackIds]));
    const byZone = new Map<string, CompiledRule[]>();
    const byKind: CompiledRule[][] = TRACK_KINDS.map(() => []);
    const byId = new Map<string, CompiledRule>();
    for (const rule of version.rules) {
      const c = compileRule(rule, lists, version.notifications ?? []);
      byId.set(rule.id, c);
      const zoneAction = rule.forbids.some((a) => ZONE_ACTIONS.has(a));
      const reportAction = rule.forbids.some((a) => !ZONE_ACTIONS.has(a));
      if (zoneAction) {
        for (const zoneId of rule.zoneIds) {
          const list = byZone.get(zoneId) ?? [];
          list.push(c);
          byZone.set(zoneId, list);
          const zi = this.zoneIndex.get(zoneId);
          if (zi !== undefined) {
            this.hysteresisM[zi] = Math.max(this.hysteresisM[zi]!, c.thresholds.hysteresisM);
          }
        }
      }
      if (reportAction) {
        for (const k of rule.kinds) {
          const list = byKind[KIND_CODE[k]]!;
          c.reportIndex[KIND_CODE[k]] = list.length;
          list.push(c);
        }
      }
    }
    this.rulesByZone = byZone;
    this.reportRules = byKind;
    this.ruleById = byId;
    this.#areaIndex = buildZoneIndex(version.zones, (z) => z.geometry.type !== 'LineString');
    this.#lineIndex = buildZoneIndex(version.zones, (z) => z.geometry.type === 'LineString');
    this.grid = new ZoneGrid(version.zones);
    this.#scratch = new Int32Array(Math.max(1, this.grid.maxZonesPerCell));
    const filtered = version.zones.map(
      (z) => z.inForce !== undefined || z.altitudeFt !== undefined,
    );
    this.#filteredCells = filters ? this.grid.markCells((zi) => filtered[zi]!) : null;
  }

  /**
   * Does a zone with an interval or altitude band reach grid cell c? Then a
   * report there must be looked up even in a decided cell: the zone may
   * have come into force, or the aircraft climbed out of its band.
   */
  filtersCell(c: number): boolean {
    return this.#filteredCells !== null && c >= 0 && this.#filteredCells[c] === 1;
  }

  /**
   * For a zone with many edges, lookups that touch only the edges near a
   * point or segment; undefined for a small zone (a plain loop is faster).
   */
  largeLookups(zi: number): LargeZoneLookups | undefined {
    let l = this.#large.get(zi);
    if (l === undefined) {
      l = this.#buildLargeLookups(zi);
      this.#large.set(zi, l);
    }
    return l ?? undefined;
  }

  /**
   * Apart from largeLookups: the closure here captures zi, and V8 then
   * allocates a context on every call of the function that holds it, cached
   * answer or not (largeLookups runs for every zone a segment may meet).
   */
  #buildLargeLookups(zi: number): LargeZoneLookups | null {
    const zone = this.zones[zi]!;
    const edges = ringsOf(zone).reduce((n, r) => n + Math.max(0, r.length - 1), 0);
    if (edges < SMALL_ZONE_EDGES) return null;
    return {
      edges: new ZoneEdgeIndex(zone),
      contains: (lon, lat) => this.#gridContains(zi, lon, lat),
    };
  }

  /**
   * Is a point that is outside zone zi within the zone's hysteresis band
   * (`hysteresisM` of its boundary)? A track there is still inside.
   */
  isWithinBand(zi: number, lon: number, lat: number): boolean {
    const band = this.hysteresisM[zi]!;
    const large = this.largeLookups(zi);
    if (large === undefined) return distanceOutsideM(this.zones[zi]!, lon, lat) < band;
    return large.edges.nearestWithinM(lon, lat, band) < band;
  }

  #gridContains(zi: number, lon: number, lat: number): boolean {
    const n = this.grid.findZonesAt(lon, lat, this.#scratch);
    for (let k = 0; k < n; k++) if (this.#scratch[k] === zi) return true;
    return false;
  }

  /** Is zone i in force at tMs, and does the altitude (NaN: unknown) fall in its band? */
  zoneApplies(i: number, tMs: number, altFt: number): boolean {
    if (tMs < this.zoneFromMs[i]! || tMs >= this.zoneToMs[i]!) return false;
    // Unknown altitude (vessels, ground units, an aircraft that has not said) counts as in the band.
    return !(altFt < this.zoneMinFt[i]! || altFt > this.zoneMaxFt[i]!);
  }

  /**
   * Positions (indices into `zones`, ascending) of the area zones containing
   * the point, written into `out` (`maxZonesAtPoint` slots); returns how
   * many. Geometry only: no interval or altitude band is applied.
   */
  findZonesAt(lon: number, lat: number, out: Int32Array): number {
    return this.grid.findZonesAt(lon, lat, out);
  }

  /** The most area zones any one point is in. */
  get maxZonesAtPoint(): number {
    return this.grid.maxZonesPerCell;
  }

  /** Positions (indices into `zones`) of the area zones whose bbox meets this box. */
  searchAreas(minLon: number, minLat: number, maxLon: number, maxLat: number): number[] {
    return searchSubset(this.#areaIndex, minLon, minLat, maxLon, maxLat);
  }

  /** Positions (indices into `zones`) of the line zones whose bbox meets this box. */
  searchLines(minLon: number, minLat: number, maxLon: number, maxLat: number): number[] {
    return searchSubset(this.#lineIndex, minLon, minLat, maxLon, maxLat);
  }
}

/**
 * Does the rule apply to this track at tMs (who it names, its interval, its
 * exemptions and the pre-notifications in force)? The zone or "where" test
 * is the caller's.
 */
export function ruleApplies(
  c: CompiledRule,
  kindCode: number,
  trackId: string,
  statics: TrackStatic | undefined,
  flag: string | undefined,
  tMs: number,
): boolean {
  if ((c.kindMask & (1 << kindCode)) === 0) return false;
  return ruleNamesTrack(c, trackId, statics, flag) && ruleInForceFor(c, trackId, tMs);
}

/** The part of ruleApplies that depends on the track alone: who the rule names, who it exempts. */
export function ruleNamesTrack(
  c: CompiledRule,
  trackId: string,
  statics: TrackStatic | undefined,
  flag: string | undefined,
): boolean {
  if (c.exempt.has(trackId)) return false;
  if (c.listed !== null && !c.listed.has(trackId)) return false;
  if (c.flags !== null && (flag === undefined || !c.flags.has(flag))) return false;
  if (c.types !== null && !typeMatches(c.types, statics?.type)) return false;
  return true;
}

/** The part that depends on time: the rule's own interval and the pre-notifications. */
export function ruleInForceFor(c: CompiledRule, trackId: string, tMs: number): boolean {
  if (!c.timed) return true;
  if (tMs < c.fromMs || tMs >= c.toMs) return false;
  if (c.notified !== null) {
    const notes = c.notified.get(trackId);
    if (notes !== undefined) {
      for (const n of notes) if (tMs >= n.fromMs && tMs < n.toMs) return false;
    }
  }
  return true;
}

function typeMatches(prefixes: readonly string[], type: string | undefined): boolean {
  if (type === undefined) return false;
  const t = type.toLowerCase();
  for (const p of prefixes) if (t.startsWith(p)) return true;
  return false;
}

function compileRule(
  rule: Rule,
  lists: ReadonlyMap<string, readonly string[]>,
  notifications: readonly PreNotification[],
): CompiledRule {
  let kindMask = 0;
  for (const k of rule.kinds) kindMask |= 1 << KIND_CODE[k];
  const exempt = new Set(rule.exemptTrackIds);
  for (const id of rule.exemptLists ?? []) for (const t of lists.get(id) ?? []) exempt.add(t);
  let listed: Set<string> | null = null;
  if (rule.lists !== undefined) {
    listed = new Set();
    for (const id of rule.lists) for (const t of lists.get(id) ?? []) listed.add(t);
  }
  let notified: Map<string, PreNotification[]> | null = null;
  for (const n of notifications) {
    if (n.ruleIds !== undefined && !n.ruleIds.includes(rule.id)) continue;
    notified ??= new Map();
    for (const t of n.trackIds) {
      const l = notified.get(t) ?? [];
      l.push(n);
      notified.set(t, l);
    }
  }
  const hasWhere = rule.zoneIds.length > 0;
  return {
    rule,
    kindMask,
    forbids: new Set(rule.forbids),
    fromMs: rule.inForce?.fromMs ?? Number.NEGATIVE_INFINITY,
    toMs: rule.inForce?.toMs ?? Number.POSITIVE_INFINITY,
    flags: rule.flags === undefined ? null : new Set(rule.flags),
    types: rule.types === undefined ? null : rule.types.map((t) => t.toLowerCase()),
    listed,
    exempt,
    notified,
    where: hasWhere ? new Set(rule.zoneIds) : null,
    thresholds: resolveThresholds(rule.thresholds),
    reportIndex: [-1, -1, -1],
    timed: rule.inForce !== undefined || notified !== null,
    slot: -1,
    reportActions: Uint8Array.from(
      rule.forbids.filter((a) => !ZONE_ACTIONS.has(a)).map((a) => REPORT_ACTIONS.indexOf(a)),
    ),
  };
}

/** An R-tree over some of a version's zones, and their positions in `zones`. */
interface SubsetIndex {
  tree: Flatbush;
  positions: Int32Array;
}

function buildZoneIndex(zones: readonly Zone[], keep: (z: Zone) => boolean): SubsetIndex | null {
  const positions: number[] = [];
  zones.forEach((z, i) => {
    if (keep(z)) positions.push(i);
  });
  if (positions.length === 0) return null;
  const tree = new Flatbush(positions.length);
  for (const i of positions) {
    const b = bboxOfZone(zones[i]!);
    tree.add(b[0], b[1], b[2], b[3]);
  }
  tree.finish();
  return { tree, positions: Int32Array.from(positions) };
}

function searchSubset(
  index: SubsetIndex | null,
  minLon: number,
  minLat: number,
  maxLon: number,
  maxLat: number,
): number[] {
  if (index === null) return [];
  const hits = index.tree.search(minLon, minLat, maxLon, maxLat);
  for (let k = 0; k < hits.length; k++) hits[k] = index.positions[hits[k]!]!;
  return hits;
}
