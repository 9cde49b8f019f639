/**
 * The agreement's provisions as sentences a negotiator can read, built from
 * the data alone (the rule's own `description` is the parties' text, shown
 * beside it): who, what, where, with every threshold in plain units and the
 * detector's default named as such. Pure: no DOM, so it runs in Node too.
 */
import type {
  AltitudeBand,
  Interval,
  PreNotification,
  Rule,
  RuleAction,
  RuleThresholds as Thresholds,
  TrackKind,
  TrackList,
} from '../../src/api/wire.js';
import {
  DEFAULT_RULE_THRESHOLDS as D,
  DEFAULT_JUMP_SPEED_KN,
  DEFAULT_RANGE_NM,
} from './agreement-thresholds.js';
import { formatUtcDateTime } from './format.js';

export type { AltitudeBand, Interval, PreNotification, TrackList };

/** Where a provision stands at a given time. */
export type TimeStatus = 'in force now' | 'expired' | 'upcoming';

/** How the sentences name what a rule points at by id. */
export interface NameLookup {
  zoneName(id: string): string;
  listName(id: string): string;
}

const DEFAULT_NOTE = ' (default)';

const KIND_PLURALS: Record<TrackKind, string> = {
  vessel: 'vessels',
  aircraft: 'aircraft',
  ground: 'ground units',
};

/** Actions the agreement has reported to the parties rather than forbidden outright. */
const REPORTED_ACTIONS: ReadonlySet<RuleAction> = new Set(['emergency', 'integrity_degraded']);

/** `a`, `a or b`, `a, b or c`. */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** `45 min`, `1 h`, `1 h 30 min`, `12 h`, `30 s`. */
export function formatMinutes(minutes: number): string {
  const s = Math.round(minutes * 60);
  if (s < 60) return `${s} s`;
  const totalMin = Math.round(s / 60);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** `up to 10,000 ft`, `from 10,000 ft up`, `10,000 to 20,000 ft`. */
export function formatAltitudeBand(band: AltitudeBand): string {
  const { minFt, maxFt } = band;
  if (minFt !== undefined && maxFt !== undefined) {
    return `${formatNumber(minFt)} to ${formatNumber(maxFt)} ft`;
  }
  if (maxFt !== undefined) return `up to ${formatNumber(maxFt)} ft`;
  if (minFt !== undefined) return `from ${formatNumber(minFt)} ft up`;
  return 'all altitudes';
}

/** `from 2026-03-01 00:00:00 UTC until 2026-04-01 00:00:00 UTC`; either end may be open. */
export function formatInterval(interval: Interval): string {
  const from = interval.fromMs === undefined ? '' : `from ${formatUtcDateTime(interval.fromMs)}`;
  const to = interval.toMs === undefined ? '' : `until ${formatUtcDateTime(interval.toMs)}`;
  return [from, to].filter(Boolean).join(' ') || 'always';
}

/** `fromMs` inclusive, `toMs` exclusive, as the agreement format says. */
export function findTimeStatus(interval: Interval, nowMs: number): TimeStatus {
  if (interval.fromMs !== undefined && nowMs < interval.fromMs) return 'upcoming';
  if (interval.toMs !== undefined && nowMs >= interval.toMs) return 'expired';
  return 'in force now';
}

/** Rules with zones read as "Zones and lines"; the others apply anywhere. */
export function isAnywhereRule(rule: Rule): boolean {
  return rule.zoneIds.length === 0;
}

/**
 * `Art. 4(1) (R-2): aircraft and ground units may not enter or be inside
 * Illustrative buffer zone A. Exempt: Force assets (list).`
 */
export function describeRule(rule: Rule, names: NameLookup): string {
  const head = `${rule.citation} (${rule.id})`;
  const who = describeSubjects(rule, names);
  const th = rule.thresholds ?? {};
  const zoneNames = joinWords(rule.zoneIds.map(names.zoneName), 'or');
  const where = rule.zoneIds.length === 0 ? 'anywhere' : `in ${zoneNames}`;

  const forbidden = rule.forbids.filter((a) => !REPORTED_ACTIONS.has(a));
  const reported = rule.forbids.filter((a) => REPORTED_ACTIONS.has(a));
  const sentences: string[] = [];
  if (forbidden.length > 0) {
    const parts = [
      ...describeZoneActions(forbidden, zoneNames, th),
      ...describeReportActions(forbidden, rule.kinds, th, where),
    ];
    sentences.push(`${head}: ${who} may not ${parts.join(', or ')}.`);
  }
  if (reported.length > 0) {
    const clauses = reported.map((a) => describeReportedAction(a, th));
    const lead = forbidden.length > 0 ? 'Also reported' : `${head}: reported`;
    sentences.push(`${lead} ${where}: ${who} that ${joinWords(clauses, 'or')}.`);
  }
  const exempt = [
    ...(rule.exemptLists ?? []).map((id) => `${names.listName(id)} (list)`),
    ...rule.exemptTrackIds,
  ];
  if (exempt.length > 0) sentences.push(`Exempt: ${exempt.join(', ')}.`);
  if (rule.inForce) sentences.push(`In force ${formatInterval(rule.inForce)}.`);
  if (rule.supersedes) sentences.push(`Replaces ${rule.supersedes}.`);
  return sentences.join(' ');
}

/** `vessels of flag RU whose type starts with “Tanker”, on Watch list (list)`. */
function describeSubjects(rule: Rule, names: NameLookup): string {
  let who = joinWords(
    rule.kinds.map((k) => KIND_PLURALS[k]),
    'and',
  );
  if (rule.flags?.length) who += ` of flag ${joinWords(rule.flags, 'or')}`;
  if (rule.types?.length) {
    who += ` whose type starts with ${joinWords(
      rule.types.map((t) => `“${t}”`),
      'or',
    )}`;
  }
  if (rule.lists?.length) {
    who += ` on ${joinWords(
      rule.lists.map((id) => `${names.listName(id)} (list)`),
      'or',
    )}`;
  }
  return who;
}

/** `enter or be inside Zone A`, `stay in Zone A longer than 30 min`, `cross Line A`. */
function describeZoneActions(
  actions: readonly RuleAction[],
  zoneNames: string,
  th: Thresholds,
): string[] {
  const parts: string[] = [];
  const verbs = [
    actions.includes('enter') ? 'enter' : '',
    actions.includes('exit') ? 'leave' : '',
    actions.includes('inside') ? 'be inside' : '',
  ].filter(Boolean);
  if (verbs.length > 0) {
    // The hysteresis only matters to a reader when the rule widens or narrows it.
    const band =
      th.hysteresisM === undefined
        ? ''
        : ` (a track has left once ${formatNumber(th.hysteresisM)} m outside)`;
    parts.push(`${joinWords(verbs, 'or')} ${zoneNames}${band}`);
  }
  if (actions.includes('dwell')) {
    parts.push(
      `stay in ${zoneNames} longer than ${value(th.dwellMinutes, D.dwellMinutes, formatMinutes)}`,
    );
  }
  if (actions.includes('cross')) {
    const direction = th.crossDirection ?? D.crossDirection;
    const how =
      direction === 'both'
        ? `either way${th.crossDirection === undefined ? DEFAULT_NOTE : ''}`
        : `from ${direction === 'left_to_right' ? 'left to right' : 'right to left'} (seen from its first point towards its last)`;
    parts.push(`cross ${zoneNames} ${how}`);
  }
  return parts;
}

/** The per-report actions, joined, then where they apply. */
function describeReportActions(
  actions: readonly RuleAction[],
  kinds: readonly TrackKind[],
  th: Thresholds,
  where: string,
): string[] {
  const clauses: string[] = [];
  const limit = (n: number | undefined, unit: string) =>
    n === undefined ? '(no limit set)' : `${formatNumber(n)} ${unit}`;
  for (const a of actions) {
    switch (a) {
      case 'below_altitude':
        clauses.push(`fly below ${limit(th.altitudeFt, 'ft')}`);
        break;
      case 'above_altitude':
        clauses.push(`fly above ${limit(th.altitudeFt, 'ft')}`);
        break;
      case 'above_speed':
        clauses.push(`go faster than ${limit(th.speedKn, 'kn')}`);
        break;
      case 'below_speed':
        clauses.push(`go slower than ${limit(th.speedKn, 'kn')}`);
        break;
      case 'loiter':
        clauses.push(
          `loiter (below ${value(th.loiterSpeedKn, D.loiterSpeedKn, kn)} for ${value(
            th.loiterHours,
            D.loiterHours,
            hours,
          )}; not in ports)`,
        );
        break;
      case 'encounter':
        clauses.push(
          `meet another vessel (within ${value(th.encounterDistanceM, D.encounterDistanceM, metres)}, both below ${value(
            th.encounterSpeedKn,
            D.encounterSpeedKn,
            kn,
          )}, for ${value(th.encounterHours, D.encounterHours, hours)}; not in ports)`,
        );
        break;
      case 'silence':
        clauses.push(
          `go silent for more than ${value(th.silenceMinutes, D.silenceMinutes, formatMinutes)}`,
        );
        break;
      case 'jump':
        clauses.push(
          `report a position they cannot have reached (faster than ${byKind(
            th.jumpSpeedKn,
            DEFAULT_JUMP_SPEED_KN,
            kinds,
            'kn',
          )})`,
        );
        break;
      case 'out_of_range':
        clauses.push(
          `be reported farther from the receiver than ${byKind(th.rangeNm, DEFAULT_RANGE_NM, kinds, 'NM')}`,
        );
        break;
      default:
        // Zone actions are described with their zones; reported ones apart.
        break;
    }
  }
  return clauses.length > 0 ? [`${joinWords(clauses, 'or')} ${where}`] : [];
}

function describeReportedAction(action: RuleAction, th: Thresholds): string {
  if (action === 'emergency') {
    const codes = joinWords(th.squawks ?? D.squawks, 'or');
    return `squawk ${codes}${th.squawks === undefined ? DEFAULT_NOTE : ''}`;
  }
  return `report degraded navigation (NACp below ${value(th.nacpBelow, D.nacpBelow, formatNumber)}) when ${value(
    th.clusterMinAircraft,
    D.clusterMinAircraft,
    formatNumber,
  )} or more do so in one 1° cell within ${value(
    th.clusterWindowMinutes,
    D.clusterWindowMinutes,
    formatMinutes,
  )}`;
}

/** The rule's own value, else the default marked as such. */
function value(own: number | undefined, fallback: number, format: (n: number) => string): string {
  return own === undefined ? `${format(fallback)}${DEFAULT_NOTE}` : format(own);
}

/** One value for every kind, or the default per kind of the rule. */
function byKind(
  own: number | undefined,
  defaults: Readonly<Record<TrackKind, number>>,
  kinds: readonly TrackKind[],
  unit: string,
): string {
  if (own !== undefined) return `${formatNumber(own)} ${unit}`;
  if (kinds.length === 1) return `${formatNumber(defaults[kinds[0]!])} ${unit}${DEFAULT_NOTE}`;
  const each = kinds.map((k) => `${formatNumber(defaults[k])} ${unit} for ${KIND_PLURALS[k]}`);
  return `${joinWords(each, 'and')}${DEFAULT_NOTE}`;
}

function kn(n: number): string {
  return `${formatNumber(n)} kn`;
}

function metres(n: number): string {
  return `${formatNumber(n)} m`;
}

function hours(n: number): string {
  return formatMinutes(n * 60);
}
