/**
 * The zone actions of the engine: which zones a report is inside (zone grid),
 * membership with hysteresis, enter / exit / inside, dwell (timers on a heap,
 * and at reports), and what the segment from the previous report passed
 * through or crossed. See engine.ts for the order of a step and
 * docs/detectors.md for the definitions.
 */
import type { Observation, RuleAction, Zone } from '../core/types.js';
import { type CompiledVersion, ruleApplies } from './compiled-version.js';
import type { DetectionEmitter, DetectionExtra, Place } from './detection-emitter.js';
import { TimerHeap } from './detectors/timer-heap.js';
import type { ReportContext } from './report-rules.js';
import { DEFAULT_THRESHOLDS } from './rule-thresholds.js';
import { KIND_CODE, type Membership, type TrackTable } from './track-table.js';
import { findLineCrossing, findPassThrough } from './zone-geometry.js';

/** Dwell timers: which track, zone and rule each heap id stands for. */
interface DwellTimer {
  track: number;
  zoneId: string;
  ruleId: string;
  sinceMs: number;
}

/** Zone ids of a track in none: shared, so that no report allocates an empty array. */
const NO_ZONES: readonly string[] = Object.freeze([]);

export interface ZoneJudgeCounters {
  /** Reports in the same decided grid cell as before: no zone lookup needed. */
  sameCell: number;
  /** Jumps faster than the kind can move: the path between is not searched. */
  implausibleJumps: number;
}

export class ZoneJudge {
  readonly #tracks: TrackTable;
  readonly #emitter: DetectionEmitter;
  readonly #compiledAt: (tMs: number) => CompiledVersion | null;
  readonly #counters: ZoneJudgeCounters;
  readonly #maxGapMs: number;
  readonly #dwellHeap = new TimerHeap();
  readonly #dwellTimers: (DwellTimer | undefined)[] = [];
  readonly #freeTimers: number[] = [];
  /** Scratch for zone lookups: one engine judges one report at a time. */
  #hits = new Int32Array(16);

  constructor(
    tracks: TrackTable,
    emitter: DetectionEmitter,
    compiledAt: (tMs: number) => CompiledVersion | null,
    counters: ZoneJudgeCounters,
    maxGapMs: number,
  ) {
    this.#tracks = tracks;
    this.#emitter = emitter;
    this.#compiledAt = compiledAt;
    this.#counters = counters;
    this.#maxGapMs = maxGapMs;
  }

  /** Size the lookup scratch for the agreement's versions. */
  prepare(versions: readonly CompiledVersion[]): void {
    let max = 16;
    for (const c of versions) max = Math.max(max, c.maxZonesAtPoint);
    this.#hits = new Int32Array(max);
  }

  /** One report, from the engine's context (its zoneIds and inPort are filled after this). */
  judge(x: ReportContext): void {
    const { cv, track: i, prev, obs, dtMs } = x;
    const t = this.#tracks;
    const grid = cv.grid;
    const cell = grid.cellAt(obs.lon, obs.lat);
    const before = t.members[i];
    const pending = before !== undefined && before.inBand > 0;
    const inSameCell = t.isInCell(i, cell, cv.serial);
    // The previous report's cell, when this one is in it too (-1 otherwise).
    const sameCell = inSameCell ? cell : -1;
    if (
      prev !== undefined &&
      inSameCell &&
      grid.isDecided(cell) &&
      !cv.filtersCell(cell) &&
      !pending
    ) {
      // Same decided cell: the same zones, and no zone edge between the two reports.
      this.#counters.sameCell++;
      if (cv.hasLines && dtMs > 0 && dtMs <= this.#maxGapMs) {
        const ids = before?.zoneIds ?? NO_ZONES;
        this.#judgeSegment(x, ids, ids, sameCell);
      }
      if (before !== undefined) this.#judgeDwellAtReport(cv, i, before, obs);
      return;
    }
    t.setCell(i, cell, cv.serial);

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
        this.#judgeSegmentIfPlausible(x, NO_ZONES, NO_ZONES, sameCell);
      }
      return;
    }

    const wasIds = before?.zoneIds ?? NO_ZONES;
    if (before !== undefined && before.inBand === 0 && sameZones(cv, hits, n, wasIds)) {
      // Inside the same zones as before (the usual case): nothing to rewrite.
      if (prev !== undefined && dtMs > 0 && dtMs <= this.#maxGapMs) {
        this.#judgeSegmentIfPlausible(x, wasIds, wasIds, sameCell);
      }
      this.#judgeDwellAtReport(cv, i, before, obs);
      return;
    }
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
      if (inForce && cv.isWithinBand(zi, obs.lon, obs.lat)) {
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
      this.#judgeSegmentIfPlausible(x, wasIds, after.zoneIds, sameCell);
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
    x: ReportContext,
    was: readonly string[],
    now: readonly string[],
    sameCell: number,
  ): void {
    if (x.impliedKn > DEFAULT_THRESHOLDS.jumpSpeedKn[x.kind]!) {
      this.#counters.implausibleJumps++;
      return;
    }
    this.#judgeSegment(x, was, now, sameCell);
  }

  /**
   * Zones passed through and lines crossed on the way from the previous
   * report (x.prev, at x.prevLon / x.prevLat) to x.obs. The previous report
   * itself is read only for a hit.
   */
  #judgeSegment(
    x: ReportContext,
    was: readonly string[],
    now: readonly string[],
    sameCell: number,
  ): void {
    const { cv, track: i } = x;
    const a = x.prev!;
    const b = x.obs;
    const aLon = x.prevLon;
    const aLat = x.prevLat;
    const minLon = Math.min(aLon, b.lon);
    const minLat = Math.min(aLat, b.lat);
    const maxLon = Math.max(aLon, b.lon);
    const maxLat = Math.max(aLat, b.lat);
    if (cv.hasLines) {
      const lines = cv.searchLines(minLon, minLat, maxLon, maxLat);
      for (let k = 0; k < lines.length; k++) {
        const zi = lines[k]!;
        const zone = cv.zones[zi]!;
        if (!cv.rulesByZone.has(zone.id)) continue;
        if (!cv.zoneApplies(zi, b.tMs, b.altFt ?? Number.NaN)) continue;
        const cx = findLineCrossing(zone, aLon, aLat, b.lon, b.lat, cv.largeLookups(zi)?.edges);
        if (cx === null) continue;
        const direction = cx.leftToRight ? 'left to right' : 'right to left';
        this.#emitZone(cv, 'cross', i, zone, interpolate(a, b, cx.t), [a, b], {
          betweenReports: true,
          direction,
        });
      }
    }
    // Both reports in one grid cell: only zones whose boundary crosses that
    // cell can have been passed through (the usual case: 50-100 m a report).
    let areas: ArrayLike<number>;
    let n: number;
    if (sameCell >= 0) {
      n = cv.grid.zonesWithEdgesIn(sameCell, this.#hits);
      areas = this.#hits;
    } else {
      const found = cv.searchAreas(minLon, minLat, maxLon, maxLat);
      n = found.length;
      areas = found;
    }
    for (let k = 0; k < n; k++) {
      const zi = areas[k]!;
      const zone = cv.zones[zi]!;
      if (!cv.rulesByZone.has(zone.id) || was.includes(zone.id) || now.includes(zone.id)) continue;
      if (!cv.zoneApplies(zi, b.tMs, b.altFt ?? Number.NaN)) continue;
      const span = findPassThrough(zone, aLon, aLat, b.lon, b.lat, cv.largeLookups(zi));
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

  /** Is a dwell timer (stale ones included) due by nowMs? When not, fireDue(nowMs) does nothing. */
  isDue(nowMs: number): boolean {
    return this.#dwellHeap.peekDue() <= nowMs;
  }

  fireDue(nowMs: number): void {
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
}

/** Are the zones at hits[0..n) exactly those of `ids` (in the same order)? */
function sameZones(
  cv: CompiledVersion,
  hits: Int32Array,
  n: number,
  ids: readonly string[],
): boolean {
  if (n !== ids.length) return false;
  for (let j = 0; j < n; j++) if (cv.zones[hits[j]!]!.id !== ids[j]) return false;
  return true;
}

function dropUndefined<T extends object>(o: T): T {
  const out = { ...o };
  for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** The point and time at fraction t of the way from a to b. */
function interpolate(a: Observation, b: Observation, t: number): Place {
  return {
    tMs: Math.round(a.tMs + (b.tMs - a.tMs) * t),
    lon: a.lon + (b.lon - a.lon) * t,
    lat: a.lat + (b.lat - a.lat) * t,
  };
}
