/**
 * The report's narrative: plain sentences built only from the report's own
 * figures (totals, breakdowns, the incident list), so that a reader can check
 * each sentence against the tables beside it. Nothing is inferred or invented:
 * no causes, no intentions, no trends beyond the two periods compared.
 */

import { CONFIDENCES } from './incident-types.js';
import { formatPeriod, isUtcDay } from './report-period.js';
import type { ReportContent, ReportCountRow } from './report-types.js';

/** How many categories the narrative names before leaving the rest to the table. */
const NAMED_CATEGORIES = 3;

export function writeReportNarrative(
  r: Pick<
    ReportContent,
    'period' | 'totals' | 'byZone' | 'byCategory' | 'byTrackKind' | 'incidents'
  >,
): string[] {
  const sentences = [describeTotals(r)];
  if (r.totals.count === 0) return sentences;
  const zone = describeMostAffectedZone(r.byZone, r.totals.count);
  if (zone) sentences.push(zone);
  const outside = r.byZone.find((z) => z.key === '');
  if (outside && outside.count > 0) {
    sentences.push(`${capitalise(countOf(outside.count, 'incident'))} happened outside any zone.`);
  }
  sentences.push(describeCategories(r.byCategory));
  const changes = describeChanges(r.byCategory, r.totals.previous);
  if (changes) sentences.push(changes);
  sentences.push(describeTrackKinds(r.byTrackKind));
  const confidence = describeConfidence(r.incidents.map((i) => i.confidence));
  if (confidence) sentences.push(confidence);
  return sentences;
}

function describeTotals(r: Pick<ReportContent, 'period' | 'totals'>): string {
  const { count, previous, delta } = r.totals;
  // "On 2026-12-01" for a day, "In 2026-11-01 – 2026-11-30" for a range.
  const period = formatPeriod(r.period.fromMs, r.period.toMs);
  const when = `${isUtcDay(r.period.fromMs, r.period.toMs) ? 'On' : 'In'} ${period}`;
  const what =
    count === 0
      ? 'no incident was verified'
      : `${countOf(count, 'verified incident')} ${count === 1 ? 'was' : 'were'} recorded`;
  let compared: string;
  if (delta === 0) compared = `the same number as in the previous period`;
  else if (previous === 0) compared = 'against none in the previous period';
  else compared = `${delta > 0 ? 'up' : 'down'} from ${previous} in the previous period`;
  return `${when}, ${what}, ${compared}.`;
}

function describeMostAffectedZone(byZone: readonly ReportCountRow[], total: number): string | null {
  const zones = byZone.filter((z) => z.key !== '' && z.count > 0);
  if (zones.length === 0) return null;
  const top = zones[0]!.count;
  const tied = zones.filter((z) => z.count === top).map((z) => z.label);
  if (tied.length === 1) {
    return `The most affected zone was ${tied[0]}, with ${top} of the ${countOf(total, 'incident')}.`;
  }
  return `The most affected zones were ${joinWords(tied)}, with ${countOf(top, 'incident')} each.`;
}

function describeCategories(byCategory: readonly ReportCountRow[]): string {
  const seen = byCategory.filter((c) => c.count > 0);
  const named = seen.slice(0, NAMED_CATEGORIES).map((c) => `${c.count} ${c.label}`);
  const rest = seen.length - named.length;
  const more = rest > 0 ? `, and ${countOf(rest, 'other category', 'other categories')}` : '';
  return `By category: ${rest > 0 ? named.join(', ') : joinWords(named)}${more}.`;
}

/** The largest rise and fall by category, when the previous period had something to compare. */
function describeChanges(byCategory: readonly ReportCountRow[], previousTotal: number): string {
  if (previousTotal === 0) return '';
  const rise = maxBy(byCategory, (c) => c.delta);
  const fall = maxBy(byCategory, (c) => -c.delta);
  const parts: string[] = [];
  if (rise && rise.delta > 0) {
    parts.push(`the largest rise was in ${rise.label} (${rise.previous} to ${rise.count})`);
  }
  if (fall && fall.delta < 0) {
    parts.push(`the largest fall in ${fall.label} (${fall.previous} to ${fall.count})`);
  }
  if (parts.length === 0) return 'Every category had the same count as in the previous period.';
  return `Compared with the previous period, ${parts.join(', and ')}.`;
}

function describeTrackKinds(byTrackKind: readonly ReportCountRow[]): string {
  const tracked = byTrackKind.filter((k) => k.key !== '' && k.count > 0);
  const untracked = byTrackKind.find((k) => k.key === '')?.count ?? 0;
  const parts = tracked.map((k) => `${k.label} in ${countOf(k.count, 'incident')}`);
  const onlyReports =
    untracked > 0
      ? `${countOf(untracked, 'incident')} ${untracked === 1 ? 'rests' : 'rest'} on field reports alone`
      : '';
  if (parts.length === 0) return `${capitalise(onlyReports)}.`;
  return `Tracks involved: ${joinWords(parts)}${onlyReports ? `; ${onlyReports}` : ''}.`;
}

function describeConfidence(confidences: readonly (string | null)[]): string {
  const counts = CONFIDENCES.map((c) => [c, confidences.filter((x) => x === c).length] as const)
    .filter(([, n]) => n > 0)
    .reverse()
    .map(([c, n]) => `${n} ${c}`);
  return counts.length === 0 ? '' : `Confidence of the verifying analysts: ${joinWords(counts)}.`;
}

function maxBy<T>(items: readonly T[], score: (t: T) => number): T | undefined {
  let best: T | undefined;
  for (const t of items) if (best === undefined || score(t) > score(best)) best = t;
  return best;
}

function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
