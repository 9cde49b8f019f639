/** Plain-language sentences for detections, as an analyst would write them. */
import type { RuleAction, Track, TrackKind, Zone } from '../core/types.js';

const KIND_NOUN: Record<TrackKind, [string, string]> = {
  vessel: ['Vessel', 'vessels'],
  aircraft: ['Aircraft', 'aircraft'],
  ground: ['Ground unit', 'ground units'],
};

export interface DescribeInput {
  action: RuleAction;
  track: Pick<Track, 'id' | 'kind' | 'name' | 'callsign' | 'flag'>;
  zone: Zone;
  ruleId: string;
  citation: string;
  ruleKinds: readonly TrackKind[];
  tMs: number;
  /** The hit was interpolated between two reports rather than observed. */
  betweenReports: boolean;
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
  switch (d.action) {
    case 'enter':
      return `${who} entered ${d.zone.name}${between}, closed to ${kinds} by ${by}, at ${at}.`;
    case 'exit':
      return `${who} left ${d.zone.name}${between}, which ${kinds} may not leave under ${by}, at ${at}.`;
    case 'inside':
      return `${who} was first seen inside ${d.zone.name}, closed to ${kinds} by ${by}, at ${at}.`;
    case 'cross':
      return `${who} crossed ${d.zone.name}${between}, which ${kinds} may not cross under ${by}, at ${at}.`;
    default:
      return `${who} broke ${by} (${d.action}) in ${d.zone.name} at ${at}.`;
  }
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'all tracks';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
