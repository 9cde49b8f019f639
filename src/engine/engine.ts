/**
 * The detection engine: per-track state, and every observation judged
 * against the agreement version in force at the observation's own time.
 *
 * Per report:
 * 1. the track's dense index (one Map lookup) and its record of numbers
 *    (track-table.ts);
 * 2. the area zones containing the point, from the zone grid: whole cells
 *    known inside need no test, only the edges crossing a boundary cell are
 *    tested; a report in the same "decided" cell as the previous one cannot
 *    have changed zones and skips even that;
 * 3. zone membership with hysteresis: a zone is entered when the report is
 *    inside it, left only once the track is `hysteresisM` outside, so a
 *    track on a boundary does not flap; enter/exit/inside/dwell judged by
 *    the rules of each zone; the segment from the previous report is
 *    searched for zones passed through and lines crossed between reports;
 * 4. the rules judged per report (report-rules.ts): altitude, speed,
 *    emergency, jump, range, loiter, encounter, silence, integrity.
 * Timers (dwell, silence) fire on `advance(nowMs)` and, for dwell, at the
 * track's next report.
 *
 * Pure: time arrives on the observation or as an argument, nothing here
 * reads a clock.
 */
import { EARTH_RADIUS_M } from '../core/geometry.js';
import type {
  Agreement,
  AgreementVersion,
  Detection,
  Observation,
  StaticReport,
  Track,
  TrackStatic,
} from '../core/types.js';
import { CompiledVersion } from './compiled-version.js';
import { DetectionEmitter } from './detection-emitter.js';
import {
  isInsideAny,
  type ReceiverPositionLookup,
  type ReportContext,
  ReportRuleJudge,
} from './report-rules.js';
import { definedStaticOf, mergeStatic } from './track-static.js';
import { KIND_CODE, TrackTable } from './track-table.js';
import { ZoneJudge } from './zone-judge.js';

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
  /**
   * Judge every observation by this version, whatever its time: what-if
   * replay of a past period under another version. Default: the version in
   * force at each observation's own time.
   */
  pinVersion?: number;
  /** Where the receiver of a source is, for `out_of_range` rules. */
  receiverOf?: ReceiverPositionLookup;
}

export interface EngineCounters {
  observations: number;
  /** Older than the track's latest: stored, but not judged again. */
  outOfOrder: number;
  /** The same time and place as the track's latest: a repeat, not judged again. */
  duplicates: number;
  /** Observed before any version of the agreement was in force. */
  beforeAgreement: number;
  /** Jumps faster than the kind can move: the path between is not searched. */
  implausibleJumps: number;
  /** Reports in the same decided grid cell as before: no zone lookup needed. */
  sameCell: number;
  detections: number;
  staticReports: number;
  /** Static reports of tracks never seen at a position, pushed out by newer ones. */
  staticDropped: number;
}

const NO_DETECTIONS: readonly Detection[] = Object.freeze([]);
const MS_PER_HOUR = 3_600_000;
const M_PER_NM = 1852;
export class Engine {
  readonly counters: EngineCounters = {
    observations: 0,
    outOfOrder: 0,
    duplicates: 0,
    beforeAgreement: 0,
    implausibleJumps: 0,
    sameCell: 0,
    detections: 0,
    staticReports: 0,
    staticDropped: 0,
  };
  #agreement: Agreement;
  /** Every version, compiled, by ascending inForceFromMs. */
  #versions: CompiledVersion[] = [];
  #pinned: CompiledVersion | null = null;
  #cached: CompiledVersion | null = null;
  #cachedFrom = 0;
  #cachedTo = -1;
  readonly #tracks = new TrackTable();
  /** Static data of tracks with no position yet, oldest first (insertion order). */
  #pendingStatic = new Map<string, TrackStatic>();
  readonly #emitter: DetectionEmitter;
  readonly #reportRules: ReportRuleJudge;
  readonly #sources = new Map<string, number>();
  readonly #zones: ZoneJudge;
  readonly #context: ReportContext = {
    cv: null as unknown as CompiledVersion,
    track: -1,
    obs: null as unknown as Observation,
    kind: 0,
    prev: undefined,
    prevLon: Number.NaN,
    prevLat: Number.NaN,
    dtMs: 0,
    movedM: Number.NaN,
    impliedKn: Number.NaN,
    speedKn: Number.NaN,
    source: -1,
    zoneIds: [],
    inPort: false,
  };
  readonly #maxPendingStatic: number;
  readonly #pinVersion: number | undefined;

  constructor(agreement: Agreement, options: EngineOptions = {}) {
    this.#maxPendingStatic = options.maxPendingStatic ?? 10_000;
    this.#pinVersion = options.pinVersion;
    if (!(this.#maxPendingStatic >= 0)) {
      throw new Error(`Engine: expected maxPendingStatic >= 0, got ${this.#maxPendingStatic}`);
    }
    this.#agreement = agreement;
    this.#emitter = new DetectionEmitter(this.#tracks, () => this.#agreement.id);
    this.#reportRules = new ReportRuleJudge(this.#tracks, this.#emitter, options.receiverOf);
    this.#zones = new ZoneJudge(
      this.#tracks,
      this.#emitter,
      (tMs) => this.#compiledAt(tMs),
      this.counters,
      options.maxInterpolationGapMs ?? 15 * 60_000,
    );
    this.setAgreement(agreement);
  }

  get agreement(): Agreement {
    return this.#agreement;
  }

  /**
   * Replace the agreement; tracks keep their state, and so do the detectors
   * of rules whose id lives on. Every version is compiled before anything
   * changes: an agreement that cannot be compiled throws and leaves the one
   * running in place.
   */
  setAgreement(agreement: Agreement): void {
    const sorted = [...agreement.versions].sort((a, b) => a.inForceFromMs - b.inForceFromMs);
    const compiled = sorted.map((v) => new CompiledVersion(v));
    let pinned: CompiledVersion | null = null;
    if (this.#pinVersion !== undefined) {
      pinned = compiled.find((c) => c.version.version === this.#pinVersion) ?? null;
      if (pinned === null) {
        const known = agreement.versions.map((v) => v.version).join(', ');
        throw new Error(
          `Engine: no version ${this.#pinVersion} to pin (the agreement has ${known})`,
        );
      }
    }
    this.#agreement = agreement;
    this.#versions = compiled;
    this.#pinned = pinned;
    this.#cached = null;
    this.#cachedTo = -1;
    const ruleIds = new Set(agreement.versions.flatMap((v) => v.rules.map((r) => r.id)));
    this.#reportRules.keepOnly(ruleIds);
    this.#zones.prepare(compiled);
  }

  /** Take back track state saved before a restart, so nothing fires twice. */
  restoreTracks(tracks: Iterable<Track>): void {
    const t = this.#tracks;
    for (const track of tracks) {
      if (t.indexOf(track.id) >= 0) continue;
      const {
        id: _id,
        kind: _kind,
        last,
        firstSeenMs,
        observationCount,
        zoneIds,
        ...statics
      } = track;
      const i = t.add(last, statics);
      t.setFirstSeenMs(i, firstSeenMs);
      t.setCount(i, observationCount);
      if (zoneIds.length > 0) {
        t.members[i] = {
          zoneIds: [...zoneIds],
          sinceMs: zoneIds.map(() => last.tMs),
          dwellReported: zoneIds.map(() => 0),
          inBand: 0,
        };
      }
    }
  }

  getTrack(id: string): Track | undefined {
    const i = this.#tracks.indexOf(id);
    return i < 0 ? undefined : this.#tracks.toTrack(i);
  }

  *tracks(): IterableIterator<Track> {
    for (let i = 0; i < this.#tracks.size; i++) yield this.#tracks.toTrack(i);
  }

  get trackCount(): number {
    return this.#tracks.size;
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
    const i = this.#tracks.indexOf(report.trackId);
    if (i < 0) {
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
    const merged = mergeStatic(this.#tracks.statics[i] ?? {}, report);
    if (merged === undefined) return undefined;
    this.#tracks.statics[i] = merged;
    this.#tracks.forgetNamed(i); // a new flag or type may change which rules name it
    return this.#tracks.toTrack(i);
  }

  /**
   * Let time pass to nowMs without a report: fires what is due by then
   * (dwell, silence). The server calls it on a clock tick, replay with the
   * observations' times. Returns the detections found (often none).
   */
  advance(nowMs: number): readonly Detection[] {
    // Replay advances before every observation, and mostly nothing is due: a
    // look at the top of each timer heap then, instead of a pass over every
    // timer source, its event lists and the prune clock.
    if (!this.#zones.isDue(nowMs) && !this.#reportRules.isDue(nowMs)) return NO_DETECTIONS;
    this.#zones.fireDue(nowMs);
    this.#reportRules.advance(nowMs);
    return this.#finish();
  }

  /** Judge one observation; returns the detections it proves (often none). */
  step(obs: Observation): readonly Detection[] {
    this.counters.observations++;
    const t = this.#tracks;
    let i = t.indexOf(obs.trackId);
    const prev = i < 0 ? undefined : t.last[i]!;
    const tMs = obs.tMs;
    const lon = obs.lon;
    const lat = obs.lat;
    // The previous report's time and place from the track's record, not from
    // the previous observation: that object was last touched a round of all the
    // tracks ago, and reading it here was a cache miss on most reports.
    const prevMs = prev === undefined ? Number.NaN : t.lastMsOf(i);
    const prevLon = prev === undefined ? Number.NaN : t.lastLonOf(i);
    const prevLat = prev === undefined ? Number.NaN : t.lastLatOf(i);
    if (prev !== undefined) {
      if (tMs < prevMs) {
        this.counters.outOfOrder++;
        return NO_DETECTIONS;
      }
      if (tMs === prevMs && lon === prevLon && lat === prevLat) {
        this.counters.duplicates++;
        return NO_DETECTIONS;
      }
    }
    if (i < 0) i = t.add(obs, this.#takePendingStatic(obs));
    else this.#mergeReportedStatic(i, obs);
    // Two positions in the same millisecond (ADS-B) are both judged, with no path between.
    const dtMs = prev === undefined ? 0 : tMs - prevMs;
    const movedM = prev === undefined ? Number.NaN : approxDistanceM(prevLon, prevLat, lon, lat);
    const impliedKn = dtMs > 0 ? movedM / M_PER_NM / (dtMs / MS_PER_HOUR) : Number.NaN;
    const speedKn = obs.speedKn ?? impliedKn;
    const kind = KIND_CODE[obs.kind];
    t.setLast(i, obs);
    t.setCount(i, t.countOf(i) + 1);
    t.setSpeedKn(i, speedKn);
    const source = this.#sourceIndex(obs);

    const cv = this.#compiledAt(tMs);
    if (cv === null) {
      this.counters.beforeAgreement++;
      return NO_DETECTIONS;
    }
    // One context object, rewritten per report: nothing allocated on the way.
    const x = this.#context;
    x.cv = cv;
    x.track = i;
    x.obs = obs;
    x.kind = kind;
    x.prev = prev;
    x.prevLon = prevLon;
    x.prevLat = prevLat;
    x.dtMs = dtMs;
    x.movedM = movedM;
    x.impliedKn = impliedKn;
    x.speedKn = speedKn;
    x.source = source;
    this.#zones.judge(x);
    const zoneIds = t.zoneIdsOf(i);
    x.zoneIds = zoneIds;
    x.inPort = cv.portZoneIds.size > 0 && isInsideAny(zoneIds, cv.portZoneIds);
    this.#reportRules.judge(x);
    return this.#finish();
  }

  #finish(): readonly Detection[] {
    const out = this.#emitter.take();
    if (out === null) return NO_DETECTIONS;
    this.counters.detections += out.length;
    return out;
  }

  #sourceIndex(obs: Observation): number {
    let s = this.#sources.get(obs.source);
    if (s === undefined) {
      s = this.#sources.size;
      this.#sources.set(obs.source, s);
    }
    this.#reportRules.noteSource(s, obs.source, obs);
    return s;
  }

  #takePendingStatic(obs: Observation): TrackStatic | undefined {
    const own = definedStaticOf(obs);
    const waiting = this.#pendingStatic.size > 0 ? this.#pendingStatic.get(obs.trackId) : undefined;
    if (waiting === undefined) return Object.keys(own).length > 0 ? own : undefined;
    this.#pendingStatic.delete(obs.trackId);
    // What the position report itself says about the track wins.
    return { ...waiting, ...own };
  }

  /** Name, callsign and flag a position report carries: copied only when they change. */
  #mergeReportedStatic(i: number, obs: Observation): void {
    if (obs.name === undefined && obs.callsign === undefined && obs.flag === undefined) return;
    const s = this.#tracks.statics[i];
    const merged = mergeStatic(s ?? {}, obs);
    if (merged !== undefined) {
      this.#tracks.statics[i] = merged;
      this.#tracks.forgetNamed(i);
    }
  }

  #compiledAt(tMs: number): CompiledVersion | null {
    if (this.#pinned !== null) return this.#pinned;
    if (tMs >= this.#cachedFrom && tMs < this.#cachedTo) return this.#cached;
    const vs = this.#versions;
    let k = -1;
    for (let j = 0; j < vs.length && vs[j]!.version.inForceFromMs <= tMs; j++) k = j;
    this.#cached = k < 0 ? null : vs[k]!;
    this.#cachedFrom = k < 0 ? Number.NEGATIVE_INFINITY : vs[k]!.version.inForceFromMs;
    this.#cachedTo =
      k + 1 < vs.length ? vs[k + 1]!.version.inForceFromMs : Number.POSITIVE_INFINITY;
    return this.#cached;
  }

  /** The compiled version in force at tMs (for tests and tools). */
  versionAt(tMs: number): AgreementVersion | null {
    return this.#compiledAt(tMs)?.version ?? null;
  }
}

const RAD = Math.PI / 180;

/**
 * Metres between two reports, equirectangular: within 0.5 % of the
 * great-circle distance up to ~100 km, which is all that one step of a track
 * spans, at a fraction of haversine's cost (this runs on every report).
 */
function approxDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const x = dLon * Math.cos((lat1 + lat2) * 0.5 * RAD);
  const y = lat2 - lat1;
  return Math.sqrt(x * x + y * y) * RAD * EARTH_RADIUS_M;
}
