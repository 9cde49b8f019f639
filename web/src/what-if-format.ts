/** The words of a what-if result: the headline and the signed differences. */
import type { DetectionComparison } from '../../src/api/wire.js';

/**
 * "The agreement in force would have produced 12 detections, the draft 3;
 * these 2 tracks account for 100% of the difference."
 */
export function describeComparison(c: DetectionComparison): string {
  const head = `The agreement in force would have produced ${countDetections(c.totals.a)}, the draft ${c.totals.b}`;
  const k = c.topTracks.length;
  if (k === 0) return `${head}; no track would have had a different count.`;
  const pct = formatShare(c.topTracksShare);
  return k === 1
    ? `${head}; this track accounts for ${pct} of the difference.`
    : `${head}; these ${k} tracks account for ${pct} of the difference.`;
}

function countDetections(n: number): string {
  return n === 1 ? '1 detection' : `${n.toLocaleString('en-US')} detections`;
}

/** 0.834 → `83%`; never rounds a share below 100% up to `100%`. */
export function formatShare(share: number): string {
  const pct = share >= 1 ? 100 : Math.min(99, Math.round(share * 100));
  return `${pct}%`;
}

/** Draft minus in force, signed: `+3`, `−2` (a real minus sign), `0`. */
export function formatDifference(a: number, b: number): string {
  const d = b - a;
  if (d === 0) return '0';
  return d > 0 ? `+${d.toLocaleString('en-US')}` : `−${(-d).toLocaleString('en-US')}`;
}
