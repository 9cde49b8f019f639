/**
 * Turning CPR frames into positions for one aircraft, as dump1090/readsb do:
 * a global decode when an even/odd pair is fresh, else a local decode against
 * the aircraft's last position (or the receiver), and every result checked
 * against the last accepted position for a speed the aircraft cannot fly, so
 * one bad pair does not teleport a track.
 */
import { distanceM } from '../../core/geometry.js';
import type { AircraftState } from './aircraft-state.js';
import {
  CPR_BAD,
  CPR_OK,
  type CprPosition,
  decodeCprAirborne,
  decodeCprRelative,
  decodeCprSurface,
} from './cpr.js';
import type { ModeSMessage } from './mode-s-message.js';

/** Longest gap between the frames of an airborne pair (DO-260B A.1.7.3: 10 s). */
export const AIRBORNE_PAIR_MS = 10_000;
/** Surface pairs: 25 s, or 50 s when the aircraft is known to move at 25 kt or less (DO-260B A.1.7.4). */
export const SURFACE_PAIR_FAST_MS = 25_000;
export const SURFACE_PAIR_SLOW_MS = 50_000;
/** A position older than this no longer serves as a local reference or speed anchor. */
export const POSITION_REFERENCE_MS = 60_000;
/** A speed value older than this is not used by the plausibility check. */
const SPEED_FRESH_MS = 60_000;
const NM_M = 1852;
/** Half a surface CPR cell (0.75° of latitude): the furthest a receiver reference can resolve. */
const SURFACE_REFERENCE_RANGE_M = 45 * NM_M;
/** Half an airborne cell (3° of latitude): beyond this a receiver reference is ambiguous. */
const AIRBORNE_REFERENCE_RANGE_M = 180 * NM_M;

export interface PositionCounters {
  /** Positions from an even/odd pair. */
  global: number;
  /** Positions from one frame and a reference. */
  local: number;
  /** Pairs whose frames lie in different NL zones (skipped, not an error). */
  zoneMismatch: number;
  /** Pairs or frames that decode to nothing sensible (both frames dropped). */
  bad: number;
  /** Positions refused because reaching them from the last one needs an impossible speed. */
  implausible: number;
  /** Positions further from the receiver than its configured range. */
  outOfRange: number;
  /** A lone frame with nothing to resolve it against. */
  noReference: number;
}

export function createPositionCounters(): PositionCounters {
  return {
    global: 0,
    local: 0,
    zoneMismatch: 0,
    bad: 0,
    implausible: 0,
    outOfRange: 0,
    noReference: 0,
  };
}

export interface PositionContext {
  /** Receiver position, NaN when unknown. */
  receiverLat: number;
  receiverLon: number;
  /** Positions further than this from the receiver are refused (Infinity: no limit). */
  receiverRangeM: number;
  counters: PositionCounters;
  /** Apply the speed plausibility check (off when times are not real). */
  checkSpeed: boolean;
}

function isFresh(t: number | undefined, tMs: number): boolean {
  return t !== undefined && tMs - t <= SPEED_FRESH_MS;
}

/**
 * Could the aircraft have gone from its last reliable position to (lat, lon)
 * by tMs? Speed: the known ground speed (else airspeed, else a guess) plus a
 * third; surface 20-150 kt, airborne at least 200 kt; plus 100 m / 500 m and
 * one second of slack. The numbers follow dump1090-fa's speed check.
 */
function isPlausible(
  a: AircraftState,
  lat: number,
  lon: number,
  surface: boolean,
  tMs: number,
): boolean {
  const t0 = a.seenMs.position;
  if (!a.positionReliable || t0 === undefined) return true;
  const s = a.seenMs;
  let kt: number;
  if (isFresh(s.gsKt, tMs) && !Number.isNaN(a.gsKt)) kt = a.gsKt;
  else if (isFresh(s.tasKt, tMs) && !Number.isNaN(a.tasKt)) kt = (a.tasKt * 4) / 3;
  else if (isFresh(s.iasKt, tMs) && !Number.isNaN(a.iasKt)) kt = a.iasKt * 2;
  else kt = surface ? 100 : 600;
  kt = (kt * 4) / 3;
  if (surface) kt = kt < 20 ? 20 : Math.min(kt, 150);
  else if (kt < 200) kt = 200;
  const elapsedMs = Math.abs(tMs - t0);
  const rangeM = (surface ? 100 : 500) + ((elapsedMs + 1000) / 1000) * ((kt * NM_M) / 3600);
  return distanceM(a.lon, a.lat, lon, lat) <= rangeM;
}

function isInRange(ctx: PositionContext, p: CprPosition, limitM: number): boolean {
  if (!Number.isFinite(limitM) || Number.isNaN(ctx.receiverLat)) return true;
  return distanceM(ctx.receiverLon, ctx.receiverLat, p.lon, p.lat) <= limitM;
}

function dropPair(a: AircraftState): void {
  a.cprMs[0] = Number.NaN;
  a.cprMs[1] = Number.NaN;
}

/**
 * Records the CPR frame in `m` and tries to resolve a position. Returns true
 * and writes `out` (and the aircraft's position) when one is accepted.
 */
export function updatePosition(
  a: AircraftState,
  m: ModeSMessage,
  tMs: number,
  ctx: PositionContext,
  out: CprPosition,
): boolean {
  const c = ctx.counters;
  const p = m.cprOdd ? 1 : 0;
  const q = 1 - p;
  const surface = m.cprType === 2;
  a.cprLat[p] = m.cprLat;
  a.cprLon[p] = m.cprLon;
  a.cprMs[p] = tMs;
  a.cprSurface[p] = surface ? 1 : 0;
  a.cprTc = m.tc;

  const tRef = a.seenMs.position;
  const refValid = a.positionReliable && tRef !== undefined && tMs - tRef <= POSITION_REFERENCE_MS;
  const hasReceiver = !Number.isNaN(ctx.receiverLat);
  const slow = isFresh(a.seenMs.gsKt, tMs) && a.gsKt <= 25;
  const maxPairMs = surface
    ? slow
      ? SURFACE_PAIR_SLOW_MS
      : SURFACE_PAIR_FAST_MS
    : AIRBORNE_PAIR_MS;

  // Global decode: the other parity is recent and of the same kind (NaN times never pair).
  if (a.cprSurface[q] === a.cprSurface[p] && Math.abs(tMs - a.cprMs[q]!) <= maxPairMs) {
    let rc: number;
    const lat0 = a.cprLat[0]!;
    const lon0 = a.cprLon[0]!;
    const lat1 = a.cprLat[1]!;
    const lon1 = a.cprLon[1]!;
    if (!surface) {
      rc = decodeCprAirborne(lat0, lon0, lat1, lon1, p === 1, out);
    } else if (refValid || hasReceiver) {
      const refLat = refValid ? a.lat : ctx.receiverLat;
      const refLon = refValid ? a.lon : ctx.receiverLon;
      rc = decodeCprSurface(refLat, refLon, lat0, lon0, lat1, lon1, p === 1, out);
    } else {
      rc = 1; // no reference for the quadrant: try nothing globally
    }
    if (rc === CPR_OK) {
      if (!isInRange(ctx, out, ctx.receiverRangeM)) {
        c.outOfRange++;
        dropPair(a);
        return false;
      }
      if (ctx.checkSpeed && !isPlausible(a, out.lat, out.lon, surface, tMs)) {
        // Bad data on one side or the other: drop the pair and stop trusting
        // the old position as a reference, so the next clean pair decides.
        c.implausible++;
        dropPair(a);
        a.positionReliable = false;
        return false;
      }
      c.global++;
      return accept(a, out, tMs);
    }
    if (rc === CPR_BAD) {
      c.bad++;
      dropPair(a);
      a.positionReliable = false;
      return false;
    }
    if (rc < 0) c.zoneMismatch++;
  }

  // Local decode against the aircraft's own recent position, else the receiver.
  let refLat: number;
  let refLon: number;
  let limitM = ctx.receiverRangeM;
  if (refValid) {
    refLat = a.lat;
    refLon = a.lon;
  } else if (hasReceiver && (surface || ctx.receiverRangeM <= AIRBORNE_REFERENCE_RANGE_M)) {
    refLat = ctx.receiverLat;
    refLon = ctx.receiverLon;
    const cell = surface ? SURFACE_REFERENCE_RANGE_M : AIRBORNE_REFERENCE_RANGE_M;
    if (!(limitM <= cell)) limitM = cell;
  } else {
    c.noReference++;
    return false;
  }
  if (decodeCprRelative(refLat, refLon, m.cprLat, m.cprLon, m.cprOdd, surface, out) !== CPR_OK) {
    c.bad++;
    return false;
  }
  if (!isInRange(ctx, out, limitM)) {
    c.outOfRange++;
    return false;
  }
  if (ctx.checkSpeed && !isPlausible(a, out.lat, out.lon, surface, tMs)) {
    c.implausible++;
    return false;
  }
  c.local++;
  return accept(a, out, tMs);
}

function accept(a: AircraftState, out: CprPosition, tMs: number): boolean {
  a.lat = out.lat;
  a.lon = out.lon;
  a.seenMs.position = tMs;
  a.positionReliable = true;
  return true;
}
