/**
 * The detection engine, v0: per-track state, and every observation judged
 * against the agreement version in force at the observation's own time.
 *
 * For each observation it finds the area zones the track is inside (the
 * zone grid: whole cells known inside, only the edges crossing a boundary
 * cell tested), compares with the zones it
 * was inside at its previous report, and also tests the straight segment
 * between the two reports, so that a fast aircraft that passes through a zone
 * or crosses a line between reports is still caught. Each transition is
 * looked up in the rules of that zone; a rule that applies to the track's
 * kind, forbids the action and does not exempt the track yields a Detection.
 *
 * Pure: time arrives on the observation, nothing here reads a clock.
 */
import { findVersionInForce } from '../core/agreement.js';
import { distanceM } from '../core/geometry.js';
import { hashStringHex } from '../core/hash.js';
import {
  type Agreement,
  DETECTION_TYPE_OF,
  type Detection,
  type Observation,
  type RuleAction,
  type StaticReport,
  type Track,
  type TrackStatic,
  type Zone,
} from '../core/types.js';
import { CompiledVersion, findLineCrossing, findPassThrough } from './compiled-version.js';
import { describeDetection } from './describe.js';
import { definedStaticOf, mergeStatic } from './track-static.js';

export interface EngineOptions {
  /**
   * Interpolate between two reports (pass-through and line crossing) only if
   * they are at most this far apart. Beyond it, the straight path between
   * them says little about where the track really went. Default 15 min.
   */
  maxInterpolationGapMs?: number;
  /**
   * Static reports kept for tracks not yet seen at a position (AIS sends a
   * type 5 as readily as a type 1); beyond this many the oldest is dropped,
   * so a feed of names without positions cannot grow memory. Default 10 000.
   */
  maxPendingStatic?: number;
}

export interface EngineCounters {
  observations: number;
  /** Not newer than the track's latest: stored, but not judged again. */
  outOfOrder: number;
  /** Observed before any version of the agreement was in force. */
  beforeAgreement: number;
  /** Jumps faster than the kind can move: the path between is not judged. */
  implausibleJumps: number;
  detections: number;
  staticReports: number;
  /** Static reports of tracks never seen at a position, pushed out by newer ones. */
  staticDropped: number;
}

const NO_DETECTIONS: readonly Detection[] = Object.freeze([]);

export class Engine {
  readonly counters: EngineCounters = {
    observations: 0,
    outOfOrder: 0,
    beforeAgreement: 0,
    implausibleJumps: 0,
    detections: 0,
    staticReports: 0,
    staticDropped: 0,
  };
  #agreement: Agreement;
  #compiled = new Map<number, CompiledVersion>();
  #tracks = new Map<string, Track>();
  /** Static data of tracks with no position yet, oldest first (insertion order). */
  #pendingStatic = new Map<string, TrackStatic>();
  readonly #maxGapMs: number;
  readonly #maxPendingStatic: number;

  constructor(agreement: Agreement, options: EngineOptions = {}) {
    this.#agreement = agreement;
    this.#maxGapMs = options.maxInterpolationGapMs ?? 15 * 60_000;
    this.#maxPendingStatic = options.maxPendingStatic ?? 10_000;
    if (!(this.#maxPendingStatic >= 0)) {
      throw new Error(`Engine: expected maxPendingStatic >= 0, got ${this.#maxPendingStatic}`);
    }
  }

  get agreement(): Agreement {
    return this.#agreement;
  }

  /** Replace the agreement; tracks keep their state. */
  setAgreement(agreement: Agreement): void {
    this.#agreement = agreement;
    this.#compiled.clear();
  }

  /** Take back track state saved before a restart, so nothing fires twice. */
  restoreTracks(tracks: Iterable<Track>): void {
    for (const t of tracks) this.#tracks.set(t.id, t);
  }

  getTrack(id: string): Track | undefined {
    return this.#tracks.get(id);
  }

  tracks(): IterableIterator<Track> {
    return this.#tracks.values();
  }

  /** Static data waiting for a first position (for tests and health). */
  get pendingStaticCount(): number {
    return this.#pendingStatic.size;
  }

  /**
   * Merge static and voyage data (name, type, dimensions, …) into its track.
   * Returns the track if it changed; undefined if nothing changed or no
   * position has been seen yet, in which case the data waits (bounded) and
   * is merged when the first observation of the track arrives.
   */
  applyStatic(report: StaticReport): Track | undefined {
    this.counters.staticReports++;
    const track = this.#tracks.get(report.trackId);
    if (track === undefined) {
      const waiting = this.#pendingStatic.get(report.trackId);
      // Re-insert so the map's order stays oldest-first by last report.
      this.#pendingStatic.delete(report.trackId);
      this.#pendingStatic.set(report.trackId, mergeStatic(waiting ?? {}, report) ?? waiting ?? {});
      if (this.#pendingStatic.size > this.#maxPendingStatic) {
        const oldest = this.#pendingStatic.keys().next().value as string;
        this.#pendingStatic.delete(oldest);
        this.counters.staticDropped++;
      }
      return undefined;
    }
    const merged = mergeStatic(track, report);
    if (merged === undefined) return undefined;
    this.#tracks.set(merged.id, merged);
    return merged;
  }

  /** Judge one observation; returns the detections it proves (often none). */
  step(obs: Observation): readonly Detection[] {
    this.counters.observations++;
    const prev = this.#tracks.get(obs.trackId);
    if (prev !== undefined && obs.tMs <= prev.last.tMs) {
      this.counters.outOfOrder++;
      return NO_DETECTIONS;
    }
    const cv = this.#compiledAt(obs.tMs);
    // The zone grid answers without testing whole zones (zone-grid.ts).
    const inside = cv === null ? [] : cv.zoneIdsAt(obs.lon, obs.lat);
    let track = updateTrack(prev, obs, inside);
    if (prev === undefined && this.#pendingStatic.size > 0) {
      const waiting = this.#pendingStatic.get(obs.trackId);
      if (waiting !== undefined) {
        this.#pendingStatic.delete(obs.trackId);
        // What the position report itself says about the track wins.
        track = { ...track, ...waiting, ...definedStaticOf(obs) };
      }
    }
    this.#tracks.set(track.id, track);
    if (cv === null) {
      this.counters.beforeAgreement++;
      return NO_DETECTIONS;
    }

    const out: Detection[] = [];
    if (prev === undefined) {
      for (const zoneId of inside) this.#emit(out, cv, 'inside', track, zoneId, obs, [obs], false);
      this.counters.detections += out.length;
      return out;
    }

    const prevCv = this.#compiledAt(prev.last.tMs);
    const was = new Set(prev.zoneIds);
    for (const zoneId of inside) {
      if (was.has(zoneId)) continue;
      // A zone that did not exist in the version in force at the previous
      // report was not entered: the agreement changed around the track.
      const existed = prevCv?.zoneById.has(zoneId) ?? false;
      const action = existed ? 'enter' : 'inside';
      this.#emit(out, cv, action, track, zoneId, obs, [prev.last, obs], false);
    }
    const now = new Set(inside);
    for (const zoneId of prev.zoneIds) {
      if (!now.has(zoneId) && cv.zoneById.has(zoneId)) {
        this.#emit(out, cv, 'exit', track, zoneId, obs, [prev.last, obs], false);
      }
    }
    if (obs.tMs - prev.last.tMs <= this.#maxGapMs) {
      if (isPlausibleMove(prev.last, obs))
        this.#judgeSegment(out, cv, track, prev.last, obs, was, now);
      else this.counters.implausibleJumps++;
    }
    this.counters.detections += out.length;
    return out;
  }

  /** Zones passed through and lines crossed on the way from a to b. */
  #judgeSegment(
    out: Detection[],
    cv: CompiledVersion,
    track: Track,
    a: Observation,
    b: Observation,
    was: ReadonlySet<string>,
    now: ReadonlySet<string>,
  ): void {
    const hits = cv.searchZones(
      Math.min(a.lon, b.lon),
      Math.min(a.lat, b.lat),
      Math.max(a.lon, b.lon),
      Math.max(a.lat, b.lat),
    );
    for (const i of hits) {
      const zone = cv.zones[i]!;
      if (!cv.rulesByZone.has(zone.id) || was.has(zone.id) || now.has(zone.id)) continue;
      if (zone.geometry.type === 'LineString') {
        const t = findLineCrossing(zone, a.lon, a.lat, b.lon, b.lat);
        if (t >= 0)
          this.#emit(out, cv, 'cross', track, zone.id, interpolate(a, b, t), [a, b], true);
        continue;
      }
      const span = findPassThrough(zone, a.lon, a.lat, b.lon, b.lat);
      if (span === null) continue;
      this.#emit(out, cv, 'enter', track, zone.id, interpolate(a, b, span[0]), [a, b], true);
      this.#emit(out, cv, 'exit', track, zone.id, interpolate(a, b, span[1]), [a, b], true);
    }
  }

  #emit(
    out: Detection[],
    cv: CompiledVersion,
    action: RuleAction,
    track: Track,
    zoneId: string,
    at: Pick<Observation, 'tMs' | 'lon' | 'lat'>,
    evidence: Observation[],
    betweenReports: boolean,
  ): void {
    const rules = cv.rulesByZone.get(zoneId);
    const zone = cv.zoneById.get(zoneId) as Zone;
    if (rules === undefined) return;
    for (const { rule, kinds, exempt } of rules) {
      if (!kinds.has(track.kind) || exempt.has(track.id) || !rule.forbids.includes(action))
        continue;
      const type = DETECTION_TYPE_OF[action];
      out.push({
        id: hashStringHex(`${type}|${track.id}|${zoneId}|${rule.id}|${at.tMs}`),
        type,
        tMs: at.tMs,
        trackId: track.id,
        kind: track.kind,
        zoneId,
        ruleId: rule.id,
        citation: rule.citation,
        agreementId: this.#agreement.id,
        agreementVersion: cv.version.version,
        lon: at.lon,
        lat: at.lat,
        summary: describeDetection({
          action,
          track,
          zone,
          ruleId: rule.id,
          citation: rule.citation,
          ruleKinds: rule.kinds,
          tMs: at.tMs,
          betweenReports,
        }),
        evidence,
      });
    }
  }

  #compiledAt(tMs: number): CompiledVersion | null {
    const v = findVersionInForce(this.#agreement, tMs);
    if (v === null) return null;
    let cv = this.#compiled.get(v.version);
    if (cv === undefined) {
      cv = new CompiledVersion(v);
      this.#compiled.set(v.version, cv);
    }
    return cv;
  }
}

/**
 * Fastest plausible speed over ground per kind, knots: beyond it the straight
 * line between two reports is a glitch, a spoof or a restarted source, not a
 * path, and is not searched for zones passed through (the impossible-movement
 * detector of a later issue judges the jump itself).
 */
const MAX_PLAUSIBLE_SPEED_KN: Record<Observation['kind'], number> = {
  vessel: 60,
  aircraft: 1500,
  ground: 150,
};
const MS_PER_HOUR = 3_600_000;
const M_PER_NM = 1852;

function isPlausibleMove(a: Observation, b: Observation): boolean {
  const hours = (b.tMs - a.tMs) / MS_PER_HOUR;
  const nm = distanceM(a.lon, a.lat, b.lon, b.lat) / M_PER_NM;
  return nm <= MAX_PLAUSIBLE_SPEED_KN[b.kind] * hours;
}

function updateTrack(prev: Track | undefined, obs: Observation, zoneIds: string[]): Track {
  // Static data learned from other reports (AIS 5, 24) stays with the track.
  // Fields spelled out rather than spread: one object shape on the hot path.
  return {
    id: obs.trackId,
    kind: obs.kind,
    name: obs.name ?? prev?.name,
    callsign: obs.callsign ?? prev?.callsign,
    type: prev?.type,
    flag: obs.flag ?? prev?.flag,
    transponder: prev?.transponder,
    imo: prev?.imo,
    destination: prev?.destination,
    lengthM: prev?.lengthM,
    beamM: prev?.beamM,
    draughtM: prev?.draughtM,
    last: obs,
    firstSeenMs: prev?.firstSeenMs ?? obs.tMs,
    observationCount: (prev?.observationCount ?? 0) + 1,
    zoneIds,
  };
}

/** The point and time at fraction t of the way from a to b. */
function interpolate(a: Observation, b: Observation, t: number) {
  return {
    tMs: Math.round(a.tMs + (b.tMs - a.tMs) * t),
    lon: a.lon + (b.lon - a.lon) * t,
    lat: a.lat + (b.lat - a.lat) * t,
  };
}
