/**
 * A zone's own soundness, apart from the rules that use it: geometry type for
 * its kind, radius only on circles, a non-empty altitude band, positions on
 * the globe, and lines and rings that enclose or trace something.
 */
import type { Position } from 'geojson';
import type { Problems } from './agreement-problem.js';
import { checkPolygonRings } from './ring-check.js';
import type { Zone } from './types.js';

/** Every problem of one zone at `at` (e.g. `versions[0].zones[2]`). */
export function checkZone(z: Zone, at: string, out: Problems): void {
  const g = z.geometry;
  const isLine = g.type === 'LineString';
  if (isLine !== (z.kind === 'line')) {
    const expected = z.kind === 'line' ? 'a LineString' : 'a Polygon, MultiPolygon or Point';
    out.add(`${at}.geometry.type`, z.id, `a ${z.kind} zone needs ${expected}, got ${g.type}`);
  }
  if (g.type === 'Point') {
    if (z.radiusM === undefined || !(z.radiusM > 0) || !Number.isFinite(z.radiusM)) {
      out.add(`${at}.radiusM`, z.id, `a Point zone needs a radius > 0 in metres, got ${z.radiusM}`);
    }
  } else if (z.radiusM !== undefined) {
    out.add(`${at}.radiusM`, z.id, `radiusM is only for Point zones, this is a ${g.type}`);
  }
  const band = z.altitudeFt;
  if (band?.minFt !== undefined && band.maxFt !== undefined && !(band.minFt < band.maxFt)) {
    out.add(
      `${at}.altitudeFt`,
      z.id,
      `altitude band from ${band.minFt} to ${band.maxFt} ft is empty: expected min < max`,
    );
  }
  const bad = findOffGlobe(g.coordinates, '');
  if (bad !== null) {
    out.add(
      `${at}.geometry.coordinates${bad.path}`,
      z.id,
      `position ${JSON.stringify(bad.position)} is off the globe: expected [lon, lat] with lon in [-180, 180], lat in [-90, 90]`,
    );
    return;
  }
  if (g.type === 'LineString') {
    const distinct = new Set(g.coordinates.map((p) => `${p[0]},${p[1]}`));
    if (distinct.size < 2) {
      out.add(`${at}.geometry.coordinates`, z.id, 'a line needs at least 2 distinct positions');
    }
  } else if (g.type === 'Polygon') {
    checkPolygonRings(g.coordinates, '', (path, reason) =>
      out.add(`${at}.geometry.coordinates${path}`, z.id, reason),
    );
  } else if (g.type === 'MultiPolygon') {
    g.coordinates.forEach((rings, pi) => {
      checkPolygonRings(rings, `[${pi}]`, (path, reason) =>
        out.add(`${at}.geometry.coordinates${path}`, z.id, reason),
      );
    });
  }
}

function findOffGlobe(c: unknown, path: string): { path: string; position: unknown } | null {
  if (!Array.isArray(c)) return { path, position: c };
  if (c.length === 0 || typeof c[0] === 'number' || !Array.isArray(c[0])) {
    const [x, y] = c as Position;
    const ok =
      c.length >= 2 &&
      Number.isFinite(x) &&
      Number.isFinite(y) &&
      Math.abs(x!) <= 180 &&
      Math.abs(y!) <= 90;
    return ok ? null : { path, position: c };
  }
  for (let i = 0; i < c.length; i++) {
    const bad = findOffGlobe(c[i], `${path}[${i}]`);
    if (bad !== null) return bad;
  }
  return null;
}
