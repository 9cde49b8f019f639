/**
 * Great-circle motion on lon/lat degrees: where a mover heads and where it is
 * after a distance. The simulator moves along great circles so that a track's
 * speed measured between two reports equals the speed it was given, whatever
 * its latitude.
 */
import { EARTH_RADIUS_M } from '../../core/geometry.js';

/** A position, lon then lat (GeoJSON order), degrees. */
export type LonLat = [number, number];

const RAD = Math.PI / 180;

/** Initial true bearing from the first point to the second, degrees in [0, 360). */
export function computeBearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dl = (lon2 - lon1) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return normaliseDeg(Math.atan2(y, x) / RAD);
}

/** The point distanceM from the start along the initial bearing. */
export function computeDestination(
  lon: number,
  lat: number,
  bearingDeg: number,
  distanceM: number,
): LonLat {
  const p1 = lat * RAD;
  const l1 = lon * RAD;
  const t = bearingDeg * RAD;
  const d = distanceM / EARTH_RADIUS_M;
  const sinP2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t);
  const p2 = Math.asin(Math.max(-1, Math.min(1, sinP2)));
  const l2 =
    l1 + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sinP2);
  return [normaliseLon(l2 / RAD), p2 / RAD];
}

/**
 * The point at `fraction` (0..1) of the great circle from the first point to
 * the second; `angularM` is their distance, passed in because callers have it
 * cached per leg.
 */
export function interpolateGreatCircle(
  lon1: number,
  lat1: number,
  lon2: number,
  lat2: number,
  angularM: number,
  fraction: number,
): LonLat {
  const d = angularM / EARTH_RADIUS_M;
  if (d < 1e-12) return [lon1, lat1];
  const sinD = Math.sin(d);
  const a = Math.sin((1 - fraction) * d) / sinD;
  const b = Math.sin(fraction * d) / sinD;
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const l1 = lon1 * RAD;
  const l2 = lon2 * RAD;
  const x = a * Math.cos(p1) * Math.cos(l1) + b * Math.cos(p2) * Math.cos(l2);
  const y = a * Math.cos(p1) * Math.sin(l1) + b * Math.cos(p2) * Math.sin(l2);
  const z = a * Math.sin(p1) + b * Math.sin(p2);
  return [Math.atan2(y, x) / RAD, Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD];
}

export function normaliseDeg(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d;
}

function normaliseLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}
