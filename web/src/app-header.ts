/** The header's agreement line and the notes that qualify what the map shows. */
import type { HealthBody, Track } from '../../src/api/wire.js';
import type { AgreementIndex } from './agreement-index.js';
import { createElement, requireElement } from './dom.js';
import { describeEmergency, findTrackEmergency } from './emergency.js';
import { formatUtcDateTime } from './format.js';
import { describeTrack } from './track-icons.js';

export function renderAgreementSummary(index: AgreementIndex): void {
  const summary = requireElement('agreement-summary');
  const inForce = index.body.inForce;
  // Name and version always fit; the version's title gives way first.
  summary.replaceChildren(
    createElement('strong', { className: 'agreement-name', text: index.agreement.name }),
    ...(inForce
      ? [
          createElement('span', { className: 'agreement-version', text: `v${inForce.version}` }),
          createElement('span', { className: 'agreement-title', text: inForce.title }),
        ]
      : [createElement('span', { className: 'agreement-title', text: 'no version in force' })]),
  );
  summary.title = inForce
    ? `${index.describeInForce()}. In force since ${formatUtcDateTime(inForce.inForceFromMs)}; ${inForce.zones.length} zones, ${inForce.rules.length} rules`
    : 'No version of the agreement is in force now';
  summary.classList.toggle('is-missing', !inForce);
  // Demo geography must never be mistaken for a real or proposed line.
  requireElement('illustrative-note').hidden = !index.agreement.illustrative;
}

export function renderHealth(health: HealthBody): void {
  const badge = requireElement('simulator-badge');
  badge.hidden = !health.simulator.running;
  badge.title = health.simulator.running
    ? `Traffic simulator running (seed ${health.simulator.seed ?? '?'}, ×${health.simulator.speed ?? 1})`
    : '';
  requireElement('server-version').textContent = `server ${health.version}`;
}

export function showAppError(message: string | null): void {
  const el = requireElement('app-error');
  el.hidden = message === null;
  el.textContent = message ?? '';
}

/**
 * `1 emergency` in the header while any track squawks 7500/7600/7700 (or
 * declares one); returns those tracks, the first one the badge jumps to.
 */
export function renderEmergencyBadge(tracks: Iterable<Track>): Track[] {
  const badge = requireElement('emergency-badge');
  const found: Track[] = [];
  const lines: string[] = [];
  for (const t of tracks) {
    const e = findTrackEmergency(t);
    if (!e) continue;
    found.push(t);
    lines.push(`${describeTrack(t)}: ${describeEmergency(e)}`);
  }
  badge.hidden = found.length === 0;
  badge.textContent = found.length === 1 ? '1 emergency' : `${found.length} emergencies`;
  badge.title = lines.join('\n');
  badge.dataset.count = String(found.length);
  return found;
}
