/**
 * Validation of a scenario's two documents: the agreement and the traffic
 * script. Errors name the file and the field (`agreement.json:
 * versions[0].rules[2].zoneIds[0]: …`) because these files are edited by hand.
 */
import { z } from 'zod';
import type { Agreement, RuleAction, Zone } from '../../core/types.js';
import type { TrafficScript } from './traffic-script.js';

/** A scenario file that cannot be used, with the field at fault. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field || '(document)'}: ${reason}`);
    this.name = 'ScenarioFileError';
  }
}

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const lonLat = z.tuple([lon, lat]);
const position = z.array(z.number()).min(2).max(3);
const ring = z.array(position).min(4);
const nonEmpty = z.string().min(1);
// Spelled out rather than taken from core's lists so zod infers the unions.
const trackKind = z.enum(['vessel', 'aircraft', 'ground']);
const zoneKind = z.enum(['buffer', 'no_fly', 'corridor', 'protected_site', 'line']);
const ruleAction = z.enum(['enter', 'exit', 'inside', 'cross']);

const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);

const zone = z.object({
  id: nonEmpty,
  name: nonEmpty,
  kind: zoneKind,
  geometry,
  radiusM: z.number().positive().optional(),
  description: z.string().optional(),
});

const rule = z.object({
  id: nonEmpty,
  citation: nonEmpty,
  description: z.string(),
  kinds: z.array(trackKind).min(1),
  forbids: z.array(ruleAction).min(1),
  zoneIds: z.array(nonEmpty).min(1),
  exemptTrackIds: z.array(nonEmpty),
});

const agreementSchema = z.object({
  id: nonEmpty,
  name: nonEmpty,
  illustrative: z.boolean(),
  versions: z
    .array(
      z.object({
        version: z.number().int().positive(),
        inForceFromMs: z.number().int(),
        title: nonEmpty,
        zones: z.array(zone).min(1),
        rules: z.array(rule),
      }),
    )
    .min(1),
});

const path = z.object({
  id: nonEmpty,
  name: nonEmpty,
  weight: z.number().positive().optional(),
  waypoints: z.array(lonLat).min(2),
});

const actor = z.object({
  id: nonEmpty,
  kind: trackKind,
  name: z.string().optional(),
  callsign: z.string().max(8).optional(),
  role: z.enum(['violator', 'force', 'control']),
  description: z.string(),
  route: z.array(lonLat).min(2),
  mode: z.enum(['pingpong', 'cycle']).optional(),
  speedKn: z.number().positive(),
  altFt: z.number().optional(),
  status: z.string().optional(),
  expect: z.array(
    z.object({
      ruleId: nonEmpty,
      zoneId: nonEmpty,
      action: ruleAction,
      withinS: z.number().positive(),
    }),
  ),
});

const trafficSchema = z.object({
  illustrative: z.boolean(),
  description: z.string(),
  seaLanes: z.array(path),
  airways: z.array(path),
  actors: z.array(actor),
});

/** Track id shapes, by kind (DESIGN.md, "Core vocabulary"). */
const ID_PATTERNS: Record<string, RegExp> = {
  vessel: /^mmsi:\d{9}$/,
  aircraft: /^icao:[0-9a-f]{6}$/,
  ground: /^sim:[a-z0-9-]+$/,
};

/** Parses and checks an agreement document; throws ScenarioFileError. */
export function parseAgreement(json: unknown, file: string): Agreement {
  const agreement: Agreement = parseWith(agreementSchema, json, file);
  const versionNumbers = new Set<number>();
  agreement.versions.forEach((v, vi) => {
    const at = `versions[${vi}]`;
    if (versionNumbers.has(v.version))
      fail(file, `${at}.version`, `version ${v.version} appears twice`);
    versionNumbers.add(v.version);
    const zones = new Map<string, Zone>();
    v.zones.forEach((z, zi) => {
      const zat = `${at}.zones[${zi}]`;
      if (zones.has(z.id)) fail(file, `${zat}.id`, `zone id '${z.id}' appears twice`);
      zones.set(z.id, z);
      checkZone(z, zat, file);
    });
    const ruleIds = new Set<string>();
    v.rules.forEach((r, ri) => {
      const rat = `${at}.rules[${ri}]`;
      if (ruleIds.has(r.id)) fail(file, `${rat}.id`, `rule id '${r.id}' appears twice`);
      ruleIds.add(r.id);
      r.zoneIds.forEach((id, i) => {
        const z = zones.get(id);
        if (!z) {
          const known = [...zones.keys()].join(', ');
          fail(
            file,
            `${rat}.zoneIds[${i}]`,
            `unknown zone '${id}' (version ${v.version} has: ${known})`,
          );
        }
        checkActionsFit(r.forbids, z, `${rat}.forbids`, file);
      });
    });
  });
  return agreement;
}

/** Parses and checks a traffic script; throws ScenarioFileError. */
export function parseTrafficScript(json: unknown, file: string): TrafficScript {
  const script: TrafficScript = parseWith(trafficSchema, json, file);
  const ids = new Set<string>();
  script.actors.forEach((a, i) => {
    const at = `actors[${i}]`;
    if (!ID_PATTERNS[a.kind]!.test(a.id)) {
      fail(
        file,
        `${at}.id`,
        `expected a ${a.kind} id like ${ID_PATTERNS[a.kind]!.source}, got '${a.id}'`,
      );
    }
    if (ids.has(a.id)) fail(file, `${at}.id`, `actor id '${a.id}' appears twice`);
    ids.add(a.id);
    if (a.kind === 'aircraft' && a.altFt === undefined) {
      fail(file, `${at}.altFt`, 'expected an altitude for an aircraft, got none');
    }
  });
  return script;
}

function checkZone(z: Zone, at: string, file: string): void {
  const g = z.geometry;
  if (z.kind === 'line' && g.type !== 'LineString') {
    fail(file, `${at}.geometry.type`, `expected LineString for a line zone, got ${g.type}`);
  }
  if (z.kind !== 'line' && g.type === 'LineString') {
    fail(file, `${at}.geometry.type`, `expected an area for a ${z.kind} zone, got LineString`);
  }
  if (g.type === 'Point' && z.radiusM === undefined) {
    fail(file, `${at}.radiusM`, 'expected a radius in metres for a Point zone, got none');
  }
  const polygons =
    g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  polygons.forEach((rings, pi) => {
    rings.forEach((r, ri) => {
      const first = r[0]!;
      const last = r[r.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        const where = g.type === 'Polygon' ? `[${ri}]` : `[${pi}][${ri}]`;
        fail(
          file,
          `${at}.geometry.coordinates${where}`,
          'ring is not closed (first position != last)',
        );
      }
    });
  });
}

function checkActionsFit(
  forbids: RuleAction[],
  z: Zone | undefined,
  at: string,
  file: string,
): void {
  if (!z) return;
  const isLine = z.kind === 'line';
  for (const a of forbids) {
    if (isLine !== (a === 'cross')) {
      const expected = isLine ? 'cross' : 'enter, exit or inside';
      fail(file, at, `zone '${z.id}' is a ${z.kind}: expected ${expected}, got ${a}`);
    }
  }
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return fail(file, formatPath(issue.path), issue.message);
}

function formatPath(parts: readonly PropertyKey[]): string {
  let s = '';
  for (const p of parts) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

function fail(file: string, field: string, reason: string): never {
  throw new ScenarioFileError(file, field, reason);
}
