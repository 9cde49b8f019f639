/** How the workspace names states, kinds and evidence: the API's names in words. */
import type {
  Confidence,
  IncidentEvent,
  IncidentKind,
  IncidentState,
} from '../../../src/api/wire-incidents.js';
import { formatUtcDateTime } from '../format.js';

export const STATE_LABELS: Record<IncidentState, string> = {
  open: 'Open',
  under_review: 'Under review',
  verified: 'Verified',
  dismissed: 'Dismissed',
  published: 'Published',
};

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  confirmed: 'Confirmed',
};

/** `zone_enter` → `Zone enter`, `mine_uxo` → `Mine uxo`: readable without a table per kind. */
export function formatKind(kind: IncidentKind): string {
  const words = kind.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One history line: who did what, when, and why. */
export function describeEvent(e: IncidentEvent): string {
  const when = formatUtcDateTime(e.tMs);
  const others = (e.incidentIds ?? []).join(', ');
  const n = (e.evidence ?? []).length;
  const pieces = `${n} piece${n === 1 ? '' : 's'} of evidence`;
  let what: string;
  switch (e.action) {
    case 'created':
      what = 'created the incident';
      break;
    case 'state_changed':
      what = `moved it from ${labelOf(e.from)} to ${labelOf(e.to)}`;
      if (e.confidence !== undefined) what += ` (confidence ${CONFIDENCE_LABELS[e.confidence]})`;
      break;
    case 'assigned':
      what =
        e.assignee === null || e.assignee === undefined
          ? 'unassigned it'
          : `assigned it to ${e.assignee}`;
      break;
    case 'merged':
      what =
        e.direction === 'out' ? `merged it into ${others}` : `merged ${others} into it (${pieces})`;
      break;
    case 'split':
      what =
        e.direction === 'out'
          ? `split ${pieces} off into ${others}`
          : `made it from ${pieces} split off ${others}`;
      break;
    case 'noted':
      what = 'added a note';
      break;
    case 'published':
      what = `published it in report ${e.reportId ?? ''}`;
      break;
  }
  return `${when} — ${e.actor} ${what}`;
}

function labelOf(state: IncidentState | undefined): string {
  return state === undefined ? '?' : STATE_LABELS[state];
}
