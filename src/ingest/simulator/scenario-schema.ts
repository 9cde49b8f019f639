/**
 * Validation of a scenario's two documents: the agreement (core's parser,
 * src/core/agreement-file.ts, which throws AgreementFileError) and the
 * traffic script. Errors name the file and the field (`traffic.json:
 * actors[0].id: …`) because these files are edited by hand.
 */
import { z } from 'zod';
import { parseAgreementDocument } from '../../core/agreement-file.js';
import type { Agreement } from '../../core/types.js';
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
const nonEmpty = z.string().min(1);
const trackKind = z.enum(['vessel', 'aircraft', 'ground']);
// The actions whose hits the scripted actors are written to produce.
const ruleAction = z.enum(['enter', 'exit', 'inside', 'cross']);

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

/**
 * Parses and checks an agreement document (docs/agreement-format.md); throws
 * AgreementFileError listing every problem. Kept for the simulator's callers;
 * the parser is core's.
 */
export function parseAgreement(json: unknown, file: string): Agreement {
  return parseAgreementDocument(json, file);
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
