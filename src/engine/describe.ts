/** Plain-language sentences for detections, as an analyst would write them. */
import type { RuleAction, Track, TrackKind, Zone } from '../core/types.js';

const KIND_NOUN: Record<TrackKind, [string, string]> = {
  vessel: ['Vessel', 'vessels'],
  aircraft: ['Aircraft', 'aircraft'],
  ground: ['Ground unit', 'ground units'],
};

export interface DescribeInput {
  action: RuleAction;
  track: Pick<Track, 'id' | 'kind' | 'name' | 'callsign' | 'flag' | 'type'>;
  /** The zone or line; absent for rules that apply anywhere. */
  zone?: Zone;
  ruleId: string;
  citation: string;
  ruleKinds: readonly TrackKind[];
  tMs: number;
  /** The hit was interpolated between two reports rather than observed. */
  betweenReports?: boolean;
  /** Dwell, loiter, encounter, silence: how long it had lasted. */
  durationMs?: number;
  /** Encounter: the other vessel, already described. */
  other?: string;
  /** The measured value and the limit it broke (altitude ft, speed kn, distance NM). */
  value?: number;
  limit?: number;
  /** Line crossing: which way, when the rule cares. */
  direction?: 'left to right' | 'right to left';
  /** Emergency: the code squawked. */
  squawk?: string;
  /** Integrity: how many aircraft were degraded together. */
  count?: number;
}

/** Formats e.g. `14:05:12 UTC on 2026-12-01` from epoch ms (no clock read). */
export function formatUtc(tMs: number): string {
  const iso = new Date(tMs).toISOString();
  return `${iso.slice(11, 19)} UTC on ${iso.slice(0, 10)}`;
}

export function describeTrack(track: DescribeInput['track']): string {
  const label = track.name ?? track.callsign;
  const flag = track.flag ? `, ${track.flag}` : '';
  return label ? `${label} (${track.id}${flag})` : `${track.id}${flag ? ` (${track.flag})` : ''}`;
}

/** `2 h 05 min`, `45 min`, `30 s`. */
export function formatDuration(ms: number): string {
  const totalMin = Math.floor(ms / 60_000);
  if (totalMin === 0) return `${Math.round(ms / 1000)} s`;
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/**
 * "Aircraft SKY42 (icao:4840d6) entered Illustrative no-fly zone, closed to
 * aircraft by Art. 3(1) (rule R-1), at 14:05:12 UTC on 2026-12-01."
 */
export function describeDetection(d: DescribeInput): string {
  const who = `${KIND_NOUN[d.track.kind][0]} ${describeTrack(d.track)}`;
  const kinds = joinWords(d.ruleKinds.map((k) => KIND_NOUN[k][1]));
  const by = `${d.citation} (rule ${d.ruleId})`;
  const between = d.betweenReports ? ' between two reports' : '';
  const at = formatUtc(d.tMs);
  const zone = d.zone?.name ?? 'the area of the agreement';
  const inZone = d.zone === undefined ? '' : ` in ${d.zone.name}`;
  const lasted = d.durationMs === undefined ? '' : formatDuration(d.durationMs);
  switch (d.action) {
    case 'enter':
      return `${who} entered ${zone}${between}, closed to ${kinds} by ${by}, at ${at}.`;
    case 'exit':
      return `${who} left ${zone}${between}, which ${kinds} may not leave under ${by}, at ${at}.`;
    case 'inside':
      return `${who} was found inside ${zone}, closed to ${kinds} by ${by}, at ${at}.`;
    case 'dwell':
      return `${who} stayed in ${zone} for ${lasted}, longer than ${by} allows ${kinds}, by ${at}.`;
    case 'cross': {
      const way = d.direction === undefined ? '' : ` from ${d.direction}`;
      return `${who} crossed ${zone}${way}${between}, which ${kinds} may not cross under ${by}, at ${at}.`;
    }
    case 'below_altitude':
      return `${who} flew at ${d.value} ft${inZone}, below the ${d.limit} ft floor set by ${by}, at ${at}.`;
    case 'above_altitude':
      return `${who} flew at ${d.value} ft${inZone}, above the ${d.limit} ft ceiling set by ${by}, at ${at}.`;
    case 'above_speed':
      return `${who} moved at ${round1(d.value)} kn${inZone}, faster than the ${d.limit} kn allowed by ${by}, at ${at}.`;
    case 'below_speed':
      return `${who} moved at ${round1(d.value)} kn${inZone}, slower than the ${d.limit} kn required by ${by}, at ${at}.`;
    case 'loiter':
      return `${who} loitered${inZone} for ${lasted} below ${d.limit} kn, away from port, under ${by}, by ${at}.`;
    case 'encounter':
      return `${who} met ${d.other}${inZone} for ${lasted}, within ${d.limit} m of each other, under ${by}, by ${at}.`;
    case 'silence':
      return `${who} went silent${inZone} after reporting regularly: nothing for ${lasted}, under ${by}, by ${at}.`;
    case 'jump':
      return `${who} jumped at an implied ${Math.round(d.value ?? 0)} kn, beyond the ${d.limit} kn it can do (a spoofed or glitched position), under ${by}, at ${at}.`;
    case 'out_of_range':
      return `${who} was reported ${Math.round(d.value ?? 0)} NM from the receiver, beyond its ${d.limit} NM range (a spoofed position?), under ${by}, at ${at}.`;
    case 'emergency':
      return `${who} squawked emergency code ${d.squawk}${inZone}, under ${by}, at ${at}.`;
    case 'integrity_degraded':
      return `${d.count} aircraft reported degraded GNSS integrity${inZone} around ${describeTrack(d.track)}, a sign of interference, under ${by}, by ${at}.`;
  }
}

function round1(v: number | undefined): string {
  return v === undefined ? '?' : (Math.round(v * 10) / 10).toString();
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'all tracks';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
