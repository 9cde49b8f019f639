/**
 * Validation of a scenario's two documents: the agreement (core's parser,
 * src/core/agreement-file.ts, which throws AgreementFileError) and the
 * traffic script. Errors name the file and the field (`traffic.json:
 * actors[0].id: …`) because these files are edited by hand.
 */
import { z } from 'zod';
import { parseAgreementDocument } from '../../core/agreement-file.js';
import { type Agreement, RULE_ACTIONS } from '../../core/types.js';
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
const ruleAction = z.enum(RULE_ACTIONS);
const seconds = z.number().positive();

const path = z.object({
  id: nonEmpty,
  name: nonEmpty,
  weight: z.number().positive().optional(),
  waypoints: z.array(lonLat).min(2),
});

// Strict: a misspelt optional behaviour (`spooof`) would otherwise be dropped without a word.
const actor = z.strictObject({
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
  // Mode A code: four octal digits (ICAO Annex 10).
  squawk: z
    .string()
    .regex(/^[0-7]{4}$/, 'expected four octal digits')
    .optional(),
  // DO-260B NACp: 0 (unknown) to 11 (under 3 m).
  nacP: z.number().int().min(0).max(11).optional(),
  silence: z
    .strictObject({ afterS: z.number().min(0), forS: seconds, everyS: seconds.optional() })
    .optional(),
  spoof: z.strictObject({ everyS: seconds, offsetDeg: z.number().min(-10).max(10) }).optional(),
  expect: z.array(
    z.strictObject({
      ruleId: nonEmpty,
      // Only zone actions name a zone: their hits carry it.
      zoneId: z.string().optional(),
      action: ruleAction,
      withinS: seconds,
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
    if (a.kind !== 'aircraft') {
      if (a.squawk !== undefined)
        fail(file, `${at}.squawk`, `a squawk is for aircraft, got ${a.kind}`);
      if (a.nacP !== undefined) fail(file, `${at}.nacP`, `a NACp is for aircraft, got ${a.kind}`);
    }
    const q = a.silence;
    if (q?.everyS !== undefined && !(q.everyS > q.forS)) {
      fail(
        file,
        `${at}.silence.everyS`,
        `expected everyS > forS (${q.forS}) so that the actor reports between silences, got ${q.everyS}`,
      );
    }
    if (a.spoof !== undefined && a.spoof.offsetDeg === 0) {
      fail(file, `${at}.spoof.offsetDeg`, 'expected a displacement other than 0, got 0');
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
