/**
 * Hand-made agreements and tracks for the engine's tests: a square zone, a
 * rule with everything defaulted, reports along a straight path, and a
 * runner that advances time with the reports as replay does.
 */
import type {
  Agreement,
  AgreementVersion,
  Detection,
  Observation,
  Rule,
  TrackKind,
  Zone,
} from '../core/types.js';
import type { Engine } from './engine.js';

export const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;
/** Metres per degree of latitude (and of longitude at the equator). */
export const M_PER_DEG = 111_195;

export function square(
  id: string,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  extra: Partial<Zone> = {},
): Zone {
  return {
    id,
    name: `Zone ${id}`,
    kind: 'buffer',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ],
    },
    ...extra,
  };
}

export function rule(id: string, extra: Partial<Rule> & Pick<Rule, 'forbids'>): Rule {
  return {
    id,
    citation: `Art. ${id}`,
    description: `Rule ${id}`,
    kinds: ['vessel', 'aircraft', 'ground'],
    zoneIds: [],
    exemptTrackIds: [],
    ...extra,
  };
}

export function agreementOf(
  zones: Zone[],
  rules: Rule[],
  extra: Partial<AgreementVersion> = {},
): Agreement {
  return {
    id: 'test',
    name: 'Test agreement',
    illustrative: true,
    versions: [{ version: 1, inForceFromMs: 0, title: 'v1', zones, rules, ...extra }],
  };
}

export function report(
  trackId: string,
  kind: TrackKind,
  tMs: number,
  lon: number,
  lat: number,
  extra: Partial<Observation> = {},
): Observation {
  return { trackId, kind, tMs, lon, lat, source: 'test', ...extra };
}

/**
 * Reports every `everyMs` from t0 for `count` reports, moving `stepDeg` of
 * longitude each time (at the equator 0.001 deg is 111 m).
 */
export function path(
  trackId: string,
  kind: TrackKind,
  t0: number,
  count: number,
  everyMs: number,
  lon0: number,
  lat: number,
  stepDeg: number,
  extra: Partial<Observation> = {},
): Observation[] {
  const out: Observation[] = [];
  for (let k = 0; k < count; k++) {
    out.push(report(trackId, kind, t0 + k * everyMs, lon0 + k * stepDeg, lat, extra));
  }
  return out;
}

/** Feeds the reports in time order, advancing time to each first, as replay does. */
export function runAll(engine: Engine, list: Observation[], endMs?: number): Detection[] {
  const sorted = [...list].sort((a, b) => a.tMs - b.tMs);
  const out: Detection[] = [];
  for (const o of sorted) {
    out.push(...engine.advance(o.tMs));
    out.push(...engine.step(o));
  }
  if (endMs !== undefined) out.push(...engine.advance(endMs));
  return out;
}
