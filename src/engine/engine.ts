/**
 * The detection engine: per-track state, and every observation judged
 * against the agreement version in force at the observation's own time.
 *
 * Per report:
 * 1. the track's dense index (one Map lookup) and its struct-of-arrays
 *    state (track-table.ts);
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
  RuleAction,
  StaticReport,
  Track,
  TrackStatic,
  Zone,
} from '../core/types.js';
import { CompiledVersion, ruleApplies } from './compiled-version.js';
import { DetectionEmitter, type DetectionExtra, type Place } from './detection-emitter.js';
import { TimerHeap } from './detectors/timer-heap.js';
import {
  isInsideAny,
  type ReceiverPositionLookup,
  type ReportContext,
  ReportRuleJudge,
} from './report-rules.js';
import { DEFAULT_THRESHOLDS } from './rule-thresholds.js';
import { definedStaticOf, mergeStatic } from './track-static.js';
import { KIND_CODE, type Membership, TrackTable } from './track-table.js';
import { distanceOutsideM, findLineCrossing, findPassThrough } from './zone-geometry.js';

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
/** Dwell timers: which track, zone and rule each heap id stands for. */
interface DwellTimer {
  track: number;
  zoneId: string;
  ruleId: string;
  sinceMs: number;
}

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
  readonly #dwellHeap = new TimerHeap();
  readonly #dwellTimers: (DwellTimer | undefined)[] = [];
  readonly #freeTimers: number[] = [];
  readonly #context: ReportContext = {
    cv: null as unknown as CompiledVersion,
    track: -1,
    obs: null as unknown as Observation,
    prev: undefined,
    movedM: Number.NaN,
    speedKn: Number.NaN,
    source: -1,
    zoneIds: [],
    inPort: false,
  };
  /** Scratch for zone lookups: one engine judges one report at a time. */
  #hits = new Int32Array(16);
  readonly #maxGapMs: number;
  readonly #maxPendingStatic: number;
  readonly #pinVersion: number | undefined;

  constructor(agreement: Agreement, options: EngineOptions = {}) {
    this.#maxGapMs = options.maxInterpolationGapMs ?? 15 * 60_000;
    this.#maxPendingStatic = options.maxPendingStatic ?? 10_000;
    this.#pinVersion = options.pinVersion;
    if (!(this.#maxPendingStatic >= 0)) {
      throw new Error(`Engine: expected maxPendingStatic >= 0, got ${this.#maxPendingStatic}`);
    }
    this.#agreement = agreement;
    this.#emitter = new DetectionEmitter(this.#tracks, () => this.#agreement.id);
    this.#reportRules = new ReportRuleJudge(this.#tracks, this.#emitter, options.receiverOf);
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
    let max = 16;
    for (const c of compiled) max = Math.max(max, c.maxZonesAtPoint);
    this.#hits = new Int32Array(max);
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
      t.firstSeenMs[i] = firstSeenMs;
      t.count[i] = observationCount;
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
    return this.#tracks.toTrack(i);
  }

  /**
   * Let time pass to nowMs without a report: fires what is due by then
   * (dwell, silence). The server calls it on a clock tick, replay with the
   * observations' times. Returns the detections found (often none).
   */
  advance(nowMs: number): readonly Detection[] {
    this.#fireDwellTimers(nowMs);
    this.#reportRules.advance(nowMs);
    return this.#finish();
  }

  /** Judge one observation; returns the detections it proves (often none). */
  step(obs: Observation): readonly Detection[] {
    this.counters.observations++;
    const t = this.#tracks;
    let i = t.indexOf(obs.trackId);
    const prev = i < 0 ? undefined : t.last[i]!;
    if (prev !== undefined) {
      if (obs.tMs < prev.tMs) {
        this.counters.outOfOrder++;
        return NO_DETECTIONS;
      }
      if (obs.tMs === prev.tMs && obs.lon === prev.lon && obs.lat === prev.lat) {
        this.counters.duplicates++;
        return NO_DETECTIONS;
      }
    }
    if (i < 0) i = t.add(obs, this.#takePendingStatic(obs));
    else this.#mergeReportedStatic(i, obs);
    // Two positions in the same millisecond (ADS-B) are both judged, with no path between.
    const dtMs = prev === undefined ? 0 : obs.tMs - prev.tMs;
    const movedM =
      prev === undefined ? Number.NaN : approxDistanceM(prev.lon, prev.lat, obs.lon, obs.lat);
    const impliedKn = dtMs > 0 ? movedM / M_PER_NM / (dtMs / MS_PER_HOUR) : Number.NaN;
    const speedKn = obs.speedKn ?? impliedKn;
    t.last[i] = obs;
    t.count[i]!++;
    t.speedKn[i] = speedKn;
    const source = this.#sourceIndex(obs);

    const cv = this.#compiledAt(obs.tMs);
    if (cv === null) {
      this.counters.beforeAgreement++;
      return NO_DETECTIONS;
    }
    this.#judgeZones(cv, i, prev, obs, dtMs, impliedKn);
    // One context object, rewritten per report: nothing allocated on the way.
    const x = this.#context;
    x.cv = cv;
    x.track = i;
    x.obs = obs;
    x.prev = prev;
    x.movedM = movedM;
    x.speedKn = speedKn;
    x.source = source;
    x.zoneIds = t.zoneIdsOf(i);
    x.inPort = cv.portZoneIds.size > 0 && isInsideAny(x.zoneIds, cv.portZoneIds);
    this.#reportRules.judge(x);
    return this.#finish();
  }

  #finish(): readonly Detection[] {
    const out = this.#emitter.take();
    if (out === null) return NO_DETECTIONS;
    this.counters.detections += out.length;
    return out;
  }

  #judgeZones(
    cv: CompiledVersion,
    i: number,
    prev: Observation | undefined,
    obs: Observation,
    dtMs: number,
    impliedKn: number,
  ): void {
    const t = this.#tracks;
    const grid = cv.grid;
    const cell = grid.cellAt(obs.lon, obs.lat);
    const before = t.members[i];
    const pending = before !== undefined && before.inBand > 0;
    const sameVersion = t.cellVersion[i] === cv.version.version;
    if (
      prev !== undefined &&
      sameVersion &&
      t.cell[i] === cell &&
      grid.isDecided(cell) &&
      !cv.filtersZones &&
      !pending
    ) {
      // Same decided cell: the same zones, and no zone edge between the two reports.
      this.counters.sameCell++;
      if (cv.hasLines && dtMs > 0 && dtMs <= this.#maxGapMs) {
        this.#judgeSegment(cv, i, prev, obs, before?.zoneIds ?? [], before?.zoneIds ?? []);
      }
      if (before !== undefined) this.#judgeDwellAtReport(cv, i, before, obs);
      return;
    }
    t.cell[i] = cell;
    t.cellVersion[i] = cv.version.version;

    const hits = this.#hits;
    let n = grid.findZonesAt(obs.lon, obs.lat, hits);
    if (cv.filtersZones) {
      const alt = obs.altFt ?? Number.NaN;
      let k = 0;
      for (let j = 0; j < n; j++) if (cv.zoneApplies(hits[j]!, obs.tMs, alt)) hits[k++] = hits[j]!;
      n = k;
    }
    if (n === 0 && before === undefined) {
      if (prev !== undefined && dtMs > 0 && dtMs <= this.#maxGapMs) {
        this.#judgeSegmentIfPlausible(cv, i, prev, obs, impliedKn, [], []);
      }
      return;
    }

    const wasIds = before?.zoneIds ?? [];
    const after: Membership = { zoneIds: [], sinceMs: [], dwellReported: [], inBand: 0 };
    // Zones the report is inside: kept, or newly entered.
    for (let j = 0; j < n; j++) {
      const zi = hits[j]!;
      const zone = cv.zones[zi]!;
      const k = wasIds.indexOf(zone.id);
      if (k >= 0) {
        after.zoneIds.push(zone.id);
        after.sinceMs.push(before!.sinceMs[k]!);
        after.dwellReported.push(before!.dwellReported[k]!);
        continue;
      }
      after.zoneIds.push(zone.id);
      after.sinceMs.push(obs.tMs);
      after.dwellReported.push(0);
      const action = prev !== undefined && this.#zoneInForceAt(zone.id, prev) ? 'enter' : 'inside';
      this.#emitZone(cv, action, i, zone, obs, prev === undefined ? [obs] : [prev, obs]);
      this.#scheduleDwell(cv, i, zone, obs.tMs);
    }
    // Zones it was inside and is not now: left once clearly outside.
    for (let k = 0; k < wasIds.length; k++) {
      const id = wasIds[k]!;
      if (after.zoneIds.includes(id)) continue;
      const zi = cv.zoneIndex.get(id);
      if (zi === undefined) continue; // the zone is gone from this version: nothing was left
      const zone = cv.zones[zi]!;
      const inForce = cv.zoneApplies(zi, obs.tMs, obs.altFt ?? Number.NaN);
      if (inForce && distanceOutsideM(zone, obs.lon, obs.lat) < cv.hysteresisM[zi]!) {
        after.zoneIds.push(id);
        after.sinceMs.push(before!.sinceMs[k]!);
        after.dwellReported.push(before!.dwellReported[k]!);
        after.inBand++;
        continue;
      }
      this.#emitZone(cv, 'exit', i, zone, obs, prev === undefined ? [obs] : [prev, obs]);
    }
    t.members[i] = after.zoneIds.length === 0 ? undefined : after;
    if (prev !== undefined && dtMs > 0 && dtMs <= this.#maxGapMs) {
      this.#judgeSegmentIfPlausible(cv, i, prev, obs, impliedKn, wasIds, after.zoneIds);
    }
    if (after.zoneIds.length > 0) this.#judgeDwellAtReport(cv, i, after, obs);
  }

  /**
   * Did this zone exist and was it in force at the previous report? If not,
   * a track found inside did not enter: the agreement changed around it.
   * (Out of its altitude band then, in it now, is an entry: it descended in.)
   */
  #zoneInForceAt(zoneId: string, prev: Observation): boolean {
    const prevCv = this.#compiledAt(prev.tMs);
    const zi = prevCv?.zoneIndex.get(zoneId);
    return zi !== undefined && prevCv!.zoneApplies(zi, prev.tMs, Number.NaN);
  }

  #judgeSegmentIfPlausible(
    cv: CompiledVersion,
    i: number,
    a: Observation,
    b: Observation,
    impliedKn: number,
    was: readonly string[],
    now: readonly string[],
  ): void {
    if (impliedKn > DEFAULT_THRESHOLDS.jumpSpeedKn[KIND_CODE[b.kind]]!) {
      this.counters.implausibleJumps++;
      return;
    }
    this.#judgeSegment(cv, i, a, b, was, now);
  }

  /** Zones passed through and lines crossed on the way from a to b. */
  #judgeSegment(
    cv: CompiledVersion,
    i: number,
    a: Observation,
    b: Observation,
    was: readonly string[],
    now: readonly string[],
  ): void {
    const hits = cv.searchZones(
      Math.min(a.lon, b.lon),
      Math.min(a.lat, b.lat),
      Math.max(a.lon, b.lon),
      Math.max(a.lat, b.lat),
    );
    for (const zi of hits) {
      const zone = cv.zones[zi]!;
      if (!cv.rulesByZone.has(zone.id) || was.includes(zone.id) || now.includes(zone.id)) continue;
      if (!cv.zoneApplies(zi, b.tMs, b.altFt ?? Number.NaN)) continue;
      if (zone.geometry.type === 'LineString') {
        const x = findLineCrossing(zone, a.lon, a.lat, b.lon, b.lat);
        if (x === null) continue;
        const direction = x.leftToRight ? 'left to right' : 'right to left';
        this.#emitZone(cv, 'cross', i, zone, interpolate(a, b, x.t), [a, b], {
          betweenReports: true,
          direction,
        });
        continue;
      }
      const span = findPassThrough(zone, a.lon, a.lat, b.lon, b.lat);
      if (span === null) continue;
      const between = { betweenReports: true };
      this.#emitZone(cv, 'enter', i, zone, interpolate(a, b, span[0]), [a, b], between);
      this.#emitZone(cv, 'exit', i, zone, interpolate(a, b, span[1]), [a, b], between);
    }
  }

  #emitZone(
    cv: CompiledVersion,
    action: RuleAction,
    i: number,
    zone: Zone,
    at: Place,
    evidence: Observation[],
    extra: DetectionExtra = {},
  ): void {
    const rules = cv.rulesByZone.get(zone.id);
    if (rules === undefined) return;
    const t = this.#tracks;
    const kind = KIND_CODE[t.last[i]!.kind];
    const statics = t.statics[i];
    for (const c of rules) {
      if (!c.forbids.has(action)) continue;
      if (!ruleApplies(c, kind, t.ids[i]!, statics, statics?.flag, at.tMs)) continue;
      if (action === 'cross') {
        const want = c.thresholds.crossDirection;
        const way = extra.direction === 'left to right' ? 'left_to_right' : 'right_to_left';
        if (want !== 'both' && want !== way) continue;
        const x = want === 'both' ? { ...extra, direction: undefined } : extra;
        this.#emitter.emit(cv, c, action, i, zone, at, evidence, dropUndefined(x));
        continue;
      }
      this.#emitter.emit(cv, c, action, i, zone, at, evidence, extra);
    }
  }

  /** A dwell timer per dwell rule of the zone, from the time the track entered it. */
  #scheduleDwell(cv: CompiledVersion, i: number, zone: Zone, sinceMs: number): void {
    const rules = cv.rulesByZone.get(zone.id);
    if (rules === undefined) return;
    for (const c of rules) {
      if (!c.forbids.has('dwell')) continue;
      const id = this.#freeTimers.pop() ?? this.#dwellTimers.length;
      this.#dwellTimers[id] = { track: i, zoneId: zone.id, ruleId: c.rule.id, sinceMs };
      this.#dwellHeap.push(sinceMs + c.thresholds.dwellMs, id);
    }
  }

  #fireDwellTimers(nowMs: number): void {
    const heap = this.#dwellHeap;
    while (heap.peekDue() <= nowMs) {
      const dueMs = heap.peekDue();
      const id = heap.pop();
      const timer = this.#dwellTimers[id]!;
      this.#dwellTimers[id] = undefined;
      this.#freeTimers.push(id);
      const m = this.#tracks.members[timer.track];
      const k = m?.zoneIds.indexOf(timer.zoneId) ?? -1;
      // Stale: the track left (and maybe came back: a new stay has its own timer).
      if (m === undefined || k < 0 || m.sinceMs[k] !== timer.sinceMs) continue;
      const cv = this.#compiledAt(dueMs);
      const c = cv?.ruleById.get(timer.ruleId);
      const zone = cv?.zoneById.get(timer.zoneId);
      if (cv === null || cv === undefined || c === undefined || zone === undefined) continue;
      this.#reportDwell(cv, timer.track, m, k, c.rule.id, zone, dueMs);
    }
  }

  /** At a report: dwell limits passed since the last report or timer (no advance needed). */
  #judgeDwellAtReport(cv: CompiledVersion, i: number, m: Membership, obs: Observation): void {
    for (let k = 0; k < m.zoneIds.length; k++) {
      const rules = cv.rulesByZone.get(m.zoneIds[k]!);
      if (rules === undefined) continue;
      for (const c of rules) {
        if (!c.forbids.has('dwell')) continue;
        const dueMs = m.sinceMs[k]! + c.thresholds.dwellMs;
        if (obs.tMs < dueMs) continue;
        this.#reportDwell(cv, i, m, k, c.rule.id, cv.zoneById.get(m.zoneIds[k]!)!, dueMs);
      }
    }
  }

  #reportDwell(
    cv: CompiledVersion,
    i: number,
    m: Membership,
    k: number,
    ruleId: string,
    zone: Zone,
    dueMs: number,
  ): void {
    const rules = cv.rulesByZone.get(zone.id)!;
    const bit =
      1 <<
      Math.min(
        30,
        rules.findIndex((c) => c.rule.id === ruleId),
      );
    if ((m.dwellReported[k]! & bit) !== 0) return;
    m.dwellReported[k]! |= bit;
    const c = rules.find((r) => r.rule.id === ruleId)!;
    const t = this.#tracks;
    const last = t.last[i]!;
    if (!ruleApplies(c, KIND_CODE[last.kind], t.ids[i]!, t.statics[i], t.statics[i]?.flag, dueMs))
      return;
    const at = { tMs: dueMs, lon: last.lon, lat: last.lat };
    this.#emitter.emit(cv, c, 'dwell', i, zone, at, [last], { durationMs: dueMs - m.sinceMs[k]! });
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
    if (merged !== undefined) this.#tracks.statics[i] = merged;
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

function dropUndefined<T extends object>(o: T): T {
  const out = { ...o };
  for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === undefined) delete out[k];
  return out;
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

/** The point and time at fraction t of the way from a to b. */
function interpolate(a: Observation, b: Observation, t: number): Place {
  return {
    tMs: Math.round(a.tMs + (b.tMs - a.tMs) * t),
    lon: a.lon + (b.lon - a.lon) * t,
    lat: a.lat + (b.lat - a.lat) * t,
  };
}
