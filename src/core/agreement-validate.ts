/**
 * Checks an agreement before it is put in force: every problem at once (up to
 * MAX_PROBLEMS), each naming the field and the provision. Works on the core
 * type, so the engine can re-check an agreement that came from elsewhere
 * (the store, the API). docs/agreement-format.md lists every refusal and why.
 */
import type { Position } from 'geojson';
import {
  formatIsoTime,
  NUMERIC_THRESHOLDS,
  type NumberLimit,
  SQUAWK_PATTERN,
  TRACK_ID_PATTERN,
} from './agreement-file-schema.js';
import { circleBBox, emptyBBox, extendBBox, pointInRing } from './geometry.js';
import type {
  Agreement,
  AgreementVersion,
  Interval,
  Rule,
  RuleAction,
  TrackKind,
  TrackList,
  Zone,
} from './types.js';

/** One reason an agreement is refused. `field` is a path like `versions[1].rules[0].zoneIds[2]`. */
export interface AgreementProblem {
  field: string;
  /** The id of the zone, rule, list or notification at fault. */
  provision?: string;
  reason: string;
}

export const MAX_PROBLEMS = 50;

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

type Kind = 'zone' | 'rule' | 'list' | 'notification';
interface Provision {
  kind: Kind;
  id: string;
  at: string;
  value: object;
  interval: Interval | undefined;
}

/** Collects problems; `list()` keeps the first MAX_PROBLEMS and says how many more there were. */
class Problems {
  readonly all: AgreementProblem[] = [];
  add(field: string, provision: string | undefined, reason: string): void {
    this.all.push(provision === undefined ? { field, reason } : { field, provision, reason });
  }
  list(): AgreementProblem[] {
    return capProblems(this.all);
  }
}

/** The first MAX_PROBLEMS problems, and a last line saying how many were left out. */
export function capProblems(problems: AgreementProblem[]): AgreementProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const more = problems.length - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { field: '(document)', reason: `${more} more problem(s) not listed` },
  ];
}

/** Every problem of the agreement; empty when it may be put in force. */
export function validateAgreement(agreement: Agreement): AgreementProblem[] {
  const out = new Problems();
  const order = checkVersionOrder(agreement, out);
  const firstStart = new Map<string, number>();
  for (const vi of order) {
    const v = agreement.versions[vi]!;
    for (const p of provisionsOf(v, `versions[${vi}]`)) {
      if (!firstStart.has(p.id)) firstStart.set(p.id, v.inForceFromMs);
    }
  }
  agreement.versions.forEach((v, vi) => {
    checkVersion(v, `versions[${vi}]`, firstStart, out);
  });
  checkSameIdSameProvision(agreement, order, out);
  checkSupersedes(agreement, order, out);
  return out.list();
}

/** Version numbers unique, in force in the order of their numbers. Returns indexes by time. */
function checkVersionOrder(agreement: Agreement, out: Problems): number[] {
  if (agreement.versions.length === 0)
    out.add('versions', undefined, 'expected at least one version');
  const seen = new Map<number, number>();
  agreement.versions.forEach((v, vi) => {
    const at = `versions[${vi}]`;
    if (!Number.isInteger(v.version) || v.version < 1) {
      out.add(`${at}.version`, undefined, `expected a positive integer, got ${v.version}`);
    }
    const other = seen.get(v.version);
    if (other !== undefined) {
      out.add(`${at}.version`, undefined, `version ${v.version} also at versions[${other}]`);
    } else seen.set(v.version, vi);
    if (!Number.isFinite(v.inForceFromMs)) {
      out.add(`${at}.inForceFromMs`, undefined, `expected a time, got ${v.inForceFromMs}`);
    }
  });
  const byNumber = agreement.versions.map((_, i) => i);
  byNumber.sort((a, b) => agreement.versions[a]!.version - agreement.versions[b]!.version);
  for (let k = 1; k < byNumber.length; k++) {
    const prev = agreement.versions[byNumber[k - 1]!]!;
    const v = agreement.versions[byNumber[k]!]!;
    if (v.version !== prev.version && !(v.inForceFromMs > prev.inForceFromMs)) {
      out.add(
        `versions[${byNumber[k]}].inForceFromMs`,
        undefined,
        `version ${v.version} comes into force at ${formatIsoTime(v.inForceFromMs)}, not after version ${prev.version} (${formatIsoTime(prev.inForceFromMs)}): versions come into force in the order of their numbers`,
      );
    }
  }
  const byTime = agreement.versions.map((_, i) => i);
  return byTime.sort(
    (a, b) => agreement.versions[a]!.inForceFromMs - agreement.versions[b]!.inForceFromMs,
  );
}

function provisionsOf(v: AgreementVersion, at: string): Provision[] {
  const ps: Provision[] = [];
  v.zones.forEach((z, i) => {
    ps.push({ kind: 'zone', id: z.id, at: `${at}.zones[${i}]`, value: z, interval: z.inForce });
  });
  v.rules.forEach((r, i) => {
    ps.push({ kind: 'rule', id: r.id, at: `${at}.rules[${i}]`, value: r, interval: r.inForce });
  });
  (v.lists ?? []).forEach((l, i) => {
    ps.push({ kind: 'list', id: l.id, at: `${at}.lists[${i}]`, value: l, interval: undefined });
  });
  (v.notifications ?? []).forEach((n, i) => {
    const interval = { fromMs: n.fromMs, toMs: n.toMs };
    ps.push({
      kind: 'notification',
      id: n.id,
      at: `${at}.notifications[${i}]`,
      value: n,
      interval,
    });
  });
  return ps;
}

function checkVersion(
  v: AgreementVersion,
  at: string,
  firstStart: Map<string, number>,
  out: Problems,
): void {
  const byId = new Map<string, Provision>();
  for (const p of provisionsOf(v, at)) {
    const other = byId.get(p.id);
    if (other === undefined) byId.set(p.id, p);
    else {
      out.add(
        `${p.at}.id`,
        p.id,
        `id already used by the ${other.kind} at ${other.at}: ids are unique within a version across zones, rules, lists and notifications`,
      );
    }
    if (p.interval !== undefined) {
      const intervalAt = p.kind === 'notification' ? p.at : `${p.at}.inForce`;
      const start = firstStart.get(p.id) ?? v.inForceFromMs;
      checkInterval(p.interval, intervalAt, p, start, start === v.inForceFromMs, out);
    }
  }
  const zones = new Map(v.zones.map((z) => [z.id, z]));
  const lists = new Map((v.lists ?? []).map((l) => [l.id, l]));
  v.zones.forEach((z, i) => {
    checkZone(z, `${at}.zones[${i}]`, out);
  });
  (v.lists ?? []).forEach((l, i) => {
    checkTrackIds(l.trackIds, `${at}.lists[${i}].trackIds`, l.id, out, true);
  });
  v.rules.forEach((r, i) => {
    checkRule(r, `${at}.rules[${i}]`, v.version, zones, lists, out);
  });
  const ruleIds = new Set(v.rules.map((r) => r.id));
  (v.notifications ?? []).forEach((n, i) => {
    const nat = `${at}.notifications[${i}]`;
    checkTrackIds(n.trackIds, `${nat}.trackIds`, n.id, out, true);
    n.ruleIds?.forEach((id, k) => {
      if (!ruleIds.has(id)) {
        out.add(`${nat}.ruleIds[${k}]`, n.id, `unknown rule '${id}' (version ${v.version})`);
      }
    });
    if (n.ruleIds?.length === 0) {
      out.add(`${nat}.ruleIds`, n.id, 'empty: leave it out to exempt from all rules');
    }
  });
}

/** from < to; not starting before (or ending by) the first version that holds the provision. */
function checkInterval(
  iv: Interval,
  at: string,
  p: Provision,
  versionStart: number,
  firstVersion: boolean,
  out: Problems,
): void {
  const what = `${p.kind} '${p.id}'`;
  const { fromMs, toMs } = iv;
  for (const [key, ms] of [
    ['fromMs', fromMs],
    ['toMs', toMs],
  ] as const) {
    if (ms !== undefined && !Number.isFinite(ms)) {
      out.add(`${at}.${key}`, p.id, `expected a time, got ${ms}`);
      return;
    }
  }
  if (fromMs !== undefined && toMs !== undefined && !(fromMs < toMs)) {
    out.add(
      `${at}.toMs`,
      p.id,
      `${what} ends (${formatIsoTime(toMs)}) before it starts (${formatIsoTime(fromMs)}): expected from < to`,
    );
    return;
  }
  // Reported where the provision first appears: later versions carry it unchanged.
  if (!firstVersion) return;
  if (fromMs !== undefined && fromMs < versionStart) {
    out.add(
      `${at}.fromMs`,
      p.id,
      `${what} starts (${formatIsoTime(fromMs)}) before its version comes into force (${formatIsoTime(versionStart)})`,
    );
  } else if (toMs !== undefined && toMs <= versionStart) {
    out.add(
      `${at}.toMs`,
      p.id,
      `${what} ends (${formatIsoTime(toMs)}) before its version comes into force (${formatIsoTime(versionStart)}): it is never in force`,
    );
  }
}

function checkZone(z: Zone, at: string, out: Problems): void {
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

function checkRule(
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

function checkTrackIds(
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

/** Across versions an id names one provision: the same kind and the same content. */
function checkSameIdSameProvision(agreement: Agreement, order: number[], out: Problems): void {
  const first = new Map<string, { p: Provision; version: number }>();
  for (const vi of order) {
    const v = agreement.versions[vi]!;
    for (const p of provisionsOf(v, `versions[${vi}]`)) {
      const f = first.get(p.id);
      if (f === undefined) first.set(p.id, { p, version: v.version });
      else if (f.version === v.version) continue;
      else if (f.p.kind !== p.kind) {
        out.add(
          `${p.at}.id`,
          p.id,
          `${p.kind} '${p.id}' has the id of a ${f.p.kind} of version ${f.version}: an id names one provision`,
        );
      } else if (!deepEqual(f.p.value, p.value)) {
        out.add(
          p.at,
          p.id,
          `${p.kind} '${p.id}' differs from the one of version ${f.version} with the same id: a changed provision needs a new id (and \`supersedes\`)`,
        );
      }
    }
  }
}

/**
 * `supersedes` names a rule of this or an earlier version, and the two are
 * never in force at once: each is in force, in each version that holds it,
 * from the later of the version's start and its own `from` to the earlier of
 * the next version's start and its own `to`.
 */
function checkSupersedes(agreement: Agreement, order: number[], out: Problems): void {
  const spans = new Map<string, [number, number][]>();
  const kindOf = new Map<string, Kind>();
  order.forEach((vi, k) => {
    const v = agreement.versions[vi]!;
    const next = order[k + 1];
    const end = next === undefined ? Infinity : agreement.versions[next]!.inForceFromMs;
    for (const p of provisionsOf(v, '')) {
      if (!kindOf.has(p.id)) kindOf.set(p.id, p.kind);
      const from = Math.max(v.inForceFromMs, p.interval?.fromMs ?? -Infinity);
      const to = Math.min(end, p.interval?.toMs ?? Infinity);
      if (from < to) spans.set(p.id, [...(spans.get(p.id) ?? []), [from, to]]);
    }
  });
  const checked = new Set<string>();
  const seenBy = new Set<string>();
  for (const vi of order) {
    const v = agreement.versions[vi]!;
    for (const p of provisionsOf(v, '')) seenBy.add(p.id);
    v.rules.forEach((r, ri) => {
      if (r.supersedes === undefined || checked.has(r.id)) return;
      checked.add(r.id);
      const reason = whySupersedesFails(r.id, r.supersedes, v.version, seenBy, kindOf, spans);
      if (reason !== null) out.add(`versions[${vi}].rules[${ri}].supersedes`, r.id, reason);
    });
  }
}

function whySupersedesFails(
  id: string,
  pred: string,
  version: number,
  seenBy: Set<string>,
  kindOf: Map<string, Kind>,
  spans: Map<string, [number, number][]>,
): string | null {
  const kind = kindOf.get(pred);
  if (pred === id) return `rule '${id}' cannot supersede itself`;
  if (!seenBy.has(pred) || kind === undefined) {
    return `supersedes '${pred}', which is in no version up to version ${version}`;
  }
  if (kind !== 'rule') return `supersedes '${pred}', which is a ${kind}: a rule supersedes a rule`;
  for (const [a0, a1] of spans.get(id) ?? []) {
    for (const [b0, b1] of spans.get(pred) ?? []) {
      const from = Math.max(a0, b0);
      const to = Math.min(a1, b1);
      if (from < to) {
        const until = to === Infinity ? 'with no end' : `until ${formatIsoTime(to)}`;
        return `rule '${id}' and rule '${pred}', which it supersedes, are both in force from ${formatIsoTime(from)} ${until}: end '${pred}' (inForce.to) where '${id}' starts`;
      }
    }
  }
  return null;
}

/** Structural equality of JSON-like values; keys holding undefined count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ak = keys(ao);
  if (ak.length !== keys(bo).length) return false;
  return ak.every((k) => deepEqual(ao[k], bo[k]));
}

// --- Rings --------------------------------------------------------------------

/**
 * A polygon's rings are closed, have an area, neither cross nor touch
 * themselves or each other, and holes lie inside the outer ring. Edges are
 * bucketed in a grid of about one cell per edge, so a 10^4-vertex coastline
 * costs some 10^4 edge pairs, not 10^8; only pairs sharing a cell are tested.
 */
export function checkPolygonRings(
  rings: Position[][],
  prefix: string,
  report: (path: string, reason: string) => void,
): void {
  const clean: Position[][] = [];
  rings.forEach((r, ri) => {
    const v = openRing(r);
    if (typeof v === 'string') report(`${prefix}[${ri}]`, v);
    else clean.push(v);
  });
  if (clean.length !== rings.length) return;
  if (findRingContacts(clean, prefix, report)) return;
  const outer = clean[0]!;
  for (let h = 1; h < clean.length; h++) {
    const p = clean[h]![0]!;
    if (!pointInRing(p[0]!, p[1]!, outer)) {
      report(`${prefix}[${h}]`, 'hole lies outside its outer ring');
    }
  }
}

/** The ring's distinct positions in order, without the closing one; or why it is no ring. */
function openRing(r: Position[]): Position[] | string {
  const a = r[0];
  const b = r[r.length - 1];
  if (r.length < 4) return `a ring needs at least 4 positions, got ${r.length}`;
  if (a![0] !== b![0] || a![1] !== b![1]) {
    return 'ring is not closed (its last position differs from its first)';
  }
  // Repeated positions are harmless; dropped so that neighbours stay adjacent.
  const v = r.slice(0, -1).filter((p, i, all) => {
    const q = all[(i + all.length - 1) % all.length]!;
    return p[0] !== q[0] || p[1] !== q[1];
  });
  if (v.length < 3 || onOneLine(v)) {
    return 'ring has no area (fewer than 3 distinct positions, or all on one line)';
  }
  return v;
}

/**
 * All positions within 1e-9 degrees (~0.1 mm) of the line through the first
 * and the one farthest from it. (A ring whose signed area is zero but whose
 * positions are not on one line crosses itself, and is reported as such.)
 */
function onOneLine(v: Position[]): boolean {
  const [px, py] = v[0] as [number, number];
  let qx = px;
  let qy = py;
  let far = 0;
  for (const [x, y] of v as [number, number][]) {
    const d = (x - px) ** 2 + (y - py) ** 2;
    if (d > far) [far, qx, qy] = [d, x, y];
  }
  const len = Math.sqrt(far);
  return v.every(([x, y]) => Math.abs((qx - px) * (y! - py) - (qy - py) * (x! - px)) / len < 1e-9);
}

/** Reports the first contact of each ring (or pair of rings); true if any. */
function findRingContacts(
  rings: Position[][],
  prefix: string,
  report: (path: string, reason: string) => void,
): boolean {
  // Flat edge table: ring, index in ring, x1, y1, x2, y2.
  let n = 0;
  for (const r of rings) n += r.length;
  const ring = new Int32Array(n);
  const idx = new Int32Array(n);
  const xy = new Float64Array(n * 4);
  const box = emptyBBox();
  let e = 0;
  rings.forEach((r, ri) => {
    for (let i = 0; i < r.length; i++, e++) {
      const p = r[i]!;
      const q = r[(i + 1) % r.length]!;
      ring[e] = ri;
      idx[e] = i;
      xy[e * 4] = p[0]!;
      xy[e * 4 + 1] = p[1]!;
      xy[e * 4 + 2] = q[0]!;
      xy[e * 4 + 3] = q[1]!;
      extendBBox(box, p);
    }
  });
  const side = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cw = (box[2] - box[0]) / side || 1;
  const ch = (box[3] - box[1]) / side || 1;
  const cell = (v: number, min: number, size: number) =>
    Math.min(side - 1, Math.floor((v - min) / size));
  const cells: number[][] = Array.from({ length: side * side }, () => []);
  for (let k = 0; k < n; k++) {
    const o = k * 4;
    const cx0 = cell(Math.min(xy[o]!, xy[o + 2]!), box[0], cw);
    const cx1 = cell(Math.max(xy[o]!, xy[o + 2]!), box[0], cw);
    const cy0 = cell(Math.min(xy[o + 1]!, xy[o + 3]!), box[1], ch);
    const cy1 = cell(Math.max(xy[o + 1]!, xy[o + 3]!), box[1], ch);
    for (let cy = cy0; cy <= cy1; cy++)
      for (let cx = cx0; cx <= cx1; cx++) cells[cy * side + cx]!.push(k);
  }
  const reported = new Set<string>();
  for (const list of cells) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const ra = ring[a]!;
        const rb = ring[b]!;
        const d = Math.abs(idx[a]! - idx[b]!);
        const adjacent = ra === rb && (d === 1 || d === rings[ra]!.length - 1);
        if (!edgesMeet(xy, a * 4, b * 4, adjacent)) continue;
        const key = ra < rb ? `${ra}:${rb}` : `${rb}:${ra}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const [p, q] = idx[a]! < idx[b]! || ra !== rb ? [a, b] : [b, a];
        const where = `[${xy[p * 4]}, ${xy[p * 4 + 1]}]`;
        if (ra === rb) {
          report(
            `${prefix}[${ra}]`,
            `ring crosses or touches itself: the edge from position ${idx[p]} (${where}) meets the edge from position ${idx[q]}`,
          );
        } else {
          report(
            `${prefix}[${Math.max(ra, rb)}]`,
            `ring ${Math.max(ra, rb)} crosses or touches ring ${Math.min(ra, rb)}`,
          );
        }
      }
    }
  }
  return reported.size > 0;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/** C lies within the bounding box of AB (used once C is known to be collinear with AB). */
function within(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return (
    Math.min(ax, bx) <= cx &&
    cx <= Math.max(ax, bx) &&
    Math.min(ay, by) <= cy &&
    cy <= Math.max(ay, by)
  );
}

/**
 * Do edges AB and CD meet? Adjacent edges share a vertex by construction;
 * they meet only if they fold back over each other (collinear, overlapping).
 */
function edgesMeet(xy: Float64Array, a: number, c: number, adjacent: boolean): boolean {
  const ax = xy[a]!;
  const ay = xy[a + 1]!;
  const bx = xy[a + 2]!;
  const by = xy[a + 3]!;
  const cx = xy[c]!;
  const cy = xy[c + 1]!;
  const dx = xy[c + 2]!;
  const dy = xy[c + 3]!;
  if (adjacent) {
    // The shared vertex, and the far ends of each edge.
    const [sx, sy, px, py, qx, qy] =
      bx === cx && by === cy ? [bx, by, ax, ay, dx, dy] : [ax, ay, bx, by, cx, cy];
    return (
      orient(px, py, sx, sy, qx, qy) === 0 && (px - sx) * (qx - sx) + (py - sy) * (qy - sy) > 0
    );
  }
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  // Touching: an end of one edge lies on the other.
  return (
    (o1 === 0 && within(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && within(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && within(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && within(cx, cy, dx, dy, bx, by))
  );
}
