/**
 * A rule checked against its version: references to zones and lists resolve,
 * each forbidden action fits its zones and track kinds, thresholds are in
 * range and present where required, and the rule neither matches every track
 * nor none. Track-id lists (on rules, lists and notifications) are checked
 * here too.
 */
import {
  NUMERIC_THRESHOLDS,
  type NumberLimit,
  SQUAWK_PATTERN,
  TRACK_ID_PATTERN,
} from './agreement-file-schema.js';
import type { Problems } from './agreement-problem.js';
import { circleBBox, emptyBBox, extendBBox } from './geometry.js';
import type { Rule, RuleAction, TrackKind, TrackList, Zone } from './types.js';

/** Fastest a track of each kind can go, knots (also the default `jump` speeds). */
export const KIND_MAX_SPEED_KN: Readonly<Record<TrackKind, number>> = {
  vessel: 60,
  aircraft: 1500,
  ground: 150,
};
/** Below this altitude is every aircraft: a `below_altitude` this high matches all. */
export const CEILING_FT = 60_000;
/** `encounter` farther apart than this is not a meeting at sea. */
export const MAX_ENCOUNTER_DISTANCE_M = 50_000;

const AREA_ACTIONS: ReadonlySet<RuleAction> = new Set(['enter', 'exit', 'inside', 'dwell']);
const GLOBE_ACTIONS: ReadonlySet<RuleAction> = new Set(['enter', 'inside', 'dwell']);
const ONLY_FOR: Partial<Record<RuleAction, TrackKind>> = {
  below_altitude: 'aircraft',
  above_altitude: 'aircraft',
  emergency: 'aircraft',
  integrity_degraded: 'aircraft',
  loiter: 'vessel',
  encounter: 'vessel',
};
const REQUIRED: Partial<Record<RuleAction, 'altitudeFt' | 'speedKn'>> = {
  below_altitude: 'altitudeFt',
  above_altitude: 'altitudeFt',
  above_speed: 'speedKn',
  below_speed: 'speedKn',
};

/** Every problem of rule `r` at `at`, against the zones and lists of its version. */
export function checkRule(
  r: Rule,
  at: string,
  version: number,
  zones: Map<string, Zone>,
  lists: Map<string, TrackList>,
  out: Problems,
): void {
  const add = (field: string, reason: string) => out.add(`${at}${field}`, r.id, reason);
  const known = (m: Map<string, unknown>) => [...m.keys()].join(', ') || 'none';
  const ruleZones: Zone[] = [];
  r.zoneIds.forEach((id, k) => {
    const z = zones.get(id);
    if (z === undefined) {
      add(`.zoneIds[${k}]`, `unknown zone '${id}' (version ${version} has: ${known(zones)})`);
    } else ruleZones.push(z);
  });
  for (const key of ['lists', 'exemptLists'] as const) {
    r[key]?.forEach((id, k) => {
      if (!lists.has(id)) {
        add(`.${key}[${k}]`, `unknown list '${id}' (version ${version} has: ${known(lists)})`);
      }
    });
  }
  for (const key of ['kinds', 'forbids', 'flags', 'types', 'lists'] as const) {
    if (r[key]?.length === 0) {
      const hint = key === 'kinds' || key === 'forbids' ? '' : ': leave it out to match all';
      add(`.${key}`, `empty: the rule would match nothing${hint}`);
    }
  }
  checkTrackIds(r.exemptTrackIds, `${at}.exemptTrackIds`, r.id, out, false);

  const th = r.thresholds ?? {};
  const badThresholds = new Set<string>();
  for (const [name, limit] of Object.entries(NUMERIC_THRESHOLDS) as [string, NumberLimit][]) {
    const value = (th as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const why = outOfLimit(value, limit);
    if (why !== null) {
      badThresholds.add(name);
      add(`.thresholds.${name}`, `${why}, got ${value}`);
    }
  }
  th.squawks?.forEach((s, k) => {
    if (!SQUAWK_PATTERN.test(s))
      add(`.thresholds.squawks[${k}]`, `expected four octal digits, got '${s}'`);
  });

  for (const a of r.forbids) {
    if (AREA_ACTIONS.has(a) || a === 'cross') {
      const wantLine = a === 'cross';
      if (r.zoneIds.length === 0) {
        add('.zoneIds', `'${a}' needs at least one ${wantLine ? 'line' : 'area'} zone`);
      }
      for (const z of ruleZones) {
        if ((z.kind === 'line') !== wantLine) {
          const use = wantLine ? 'enter, exit, inside or dwell' : 'cross';
          add(
            '.zoneIds',
            `'${a}' needs ${wantLine ? 'line' : 'area'} zones; zone '${z.id}' is a ${z.kind} (use ${use})`,
          );
        }
      }
    } else {
      for (const z of ruleZones) {
        if (z.kind === 'line') {
          add('.zoneIds', `'${a}' takes area zones as "where"; zone '${z.id}' is a line`);
        }
      }
    }
    const only = ONLY_FOR[a];
    const others = r.kinds.filter((k) => k !== only);
    if (only !== undefined && others.length > 0) {
      add('.kinds', `'${a}' is for ${only} tracks only, got ${others.join(', ')}`);
    }
    const needed = REQUIRED[a];
    if (needed !== undefined && th[needed] === undefined) {
      add(`.thresholds.${needed}`, `'${a}' needs thresholds.${needed}, got none`);
    }
  }
  checkMatchesEverything(r, ruleZones, lists, badThresholds, add);
}

function outOfLimit(value: unknown, limit: NumberLimit): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
  if (limit.integer && !Number.isInteger(value)) return 'expected an integer';
  if (limit.gt !== undefined && !(value > limit.gt)) return `expected > ${limit.gt}`;
  if (limit.gte !== undefined && !(value >= limit.gte)) return `expected >= ${limit.gte}`;
  if (limit.lte !== undefined && !(value <= limit.lte)) return `expected <= ${limit.lte}`;
  return null;
}

/** Rules that would fire for every track (or for none) are mistakes, not provisions. */
function checkMatchesEverything(
  r: Rule,
  ruleZones: Zone[],
  lists: Map<string, TrackList>,
  bad: Set<string>,
  add: (field: string, reason: string) => void,
): void {
  const th = r.thresholds ?? {};
  const forbids = new Set(r.forbids);
  const all = 'the rule would match every track';
  const value = (name: keyof typeof NUMERIC_THRESHOLDS) => (bad.has(name) ? undefined : th[name]);
  const alt = value('altitudeFt');
  if (forbids.has('below_altitude') && alt !== undefined && alt >= CEILING_FT) {
    add('.thresholds.altitudeFt', `below_altitude ${alt} ft (>= ${CEILING_FT}): ${all}`);
  }
  if (forbids.has('above_altitude') && alt !== undefined && alt <= 0) {
    add('.thresholds.altitudeFt', `above_altitude ${alt} ft (<= 0): ${all}`);
  }
  const speed = value('speedKn');
  if (forbids.has('above_speed') && speed !== undefined && speed <= 0) {
    add('.thresholds.speedKn', `above_speed ${speed} kn (<= 0): ${all}`);
  }
  if (forbids.has('below_speed') && speed !== undefined) {
    for (const k of r.kinds) {
      if (speed > KIND_MAX_SPEED_KN[k]) {
        add(
          '.thresholds.speedKn',
          `below_speed ${speed} kn is above what a ${k} can do (${KIND_MAX_SPEED_KN[k]} kn): ${all}`,
        );
      }
    }
  }
  const jump = value('jumpSpeedKn');
  if (forbids.has('jump') && jump !== undefined && jump <= 1) {
    add('.thresholds.jumpSpeedKn', `jump above ${jump} kn (<= 1): ${all} that moves`);
  }
  const silence = value('silenceMinutes');
  if (forbids.has('silence') && silence !== undefined && silence < 1) {
    add('.thresholds.silenceMinutes', `silence of ${silence} min (< 1) is every gap: ${all}`);
  }
  const meet = value('encounterDistanceM');
  if (forbids.has('encounter') && meet !== undefined && meet > MAX_ENCOUNTER_DISTANCE_M) {
    add(
      '.thresholds.encounterDistanceM',
      `encounter within ${meet} m (> ${MAX_ENCOUNTER_DISTANCE_M}) is not a meeting: ${all} near another`,
    );
  }
  if (r.forbids.some((a) => GLOBE_ACTIONS.has(a))) {
    for (const z of ruleZones) {
      if (z.kind !== 'line' && coversGlobe(z)) {
        add('.zoneIds', `zone '${z.id}' covers the whole globe: ${all}`);
      }
    }
  }
  const own = (r.lists ?? []).flatMap((id) => lists.get(id)?.trackIds ?? []);
  if (own.length > 0) {
    const exempt = new Set(r.exemptTrackIds);
    for (const id of r.exemptLists ?? [])
      for (const t of lists.get(id)?.trackIds ?? []) exempt.add(t);
    if (own.every((t) => exempt.has(t))) {
      add(
        '.exemptTrackIds',
        `exempts every track of its own lists (${r.lists!.join(', ')}): the rule would match no track`,
      );
    }
  }
}

function coversGlobe(z: Zone): boolean {
  const g = z.geometry;
  const box =
    g.type === 'Point'
      ? circleBBox(g.coordinates[0]!, g.coordinates[1]!, z.radiusM ?? 0)
      : extendBBox(emptyBBox(), g.coordinates);
  return box[2] - box[0] >= 359 && box[3] - box[1] >= 179;
}

/** Track ids well formed and listed once; `nonEmpty` also refuses an empty list. */
export function checkTrackIds(
  ids: string[],
  at: string,
  provision: string,
  out: Problems,
  nonEmpty: boolean,
): void {
  if (nonEmpty && ids.length === 0) out.add(at, provision, 'expected at least one track id');
  const seen = new Set<string>();
  ids.forEach((id, k) => {
    if (!TRACK_ID_PATTERN.test(id)) {
      out.add(
        `${at}[${k}]`,
        provision,
        `expected mmsi:<9 digits>, icao:<6 lowercase hex>, sim:<name> or report:<id>, got '${id}'`,
      );
    }
    if (seen.has(id)) out.add(`${at}[${k}]`, provision, `track '${id}' is listed twice`);
    seen.add(id);
  });
}
