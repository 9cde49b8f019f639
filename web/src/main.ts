/**
 * Wires the live map together: REST for the agreement and history, the
 * WebSocket for the live picture, and one per-frame diff fanned out to the
 * views. Views know nothing of each other; this file is the only place they meet.
 */
// Leaflet's sheet first, so the app's rules win ties.
import 'leaflet/dist/leaflet.css';
import './app.css';
import type { Detection, Track } from '../../src/api/wire.js';
import { AgreementIndex } from './agreement-index.js';
import { AgreementPanel } from './agreement-panel.js';
import {
  fetchAgreement,
  fetchDetections,
  fetchHealth,
  fetchSources,
  resolveLiveUrl,
} from './api-client.js';
import {
  renderAgreementSummary,
  renderEmergencyBadge,
  renderHealth,
  showAppError,
} from './app-header.js';
import { addBaseLayers, createBaseMap } from './base-map.js';
import { DetectionFocus } from './detection-focus.js';
import { DetectionList, findOutageSource, MAX_DETECTION_ROWS } from './detection-list.js';
import { requireElement } from './dom.js';
import { LiveConnection } from './live-connection.js';
import { LivePicture } from './live-picture.js';
import { addMapLegend } from './map-legend.js';
import { loadSession, loginUrl, sessionCan } from './session-client.js';
import { findHomePage, mountHeaderNav, PUBLIC_HOME } from './site-nav.js';
import { SourcePanel } from './source-panel.js';
import { StatusBar } from './status-bar.js';
import { TrackDetails } from './track-details.js';
import { describeTrack } from './track-icons.js';
import { TrackLayer } from './track-layer.js';
import { TrackTrails } from './track-trails.js';
import { VerifyPanel } from './verify-panel.js';
import { WhatIfPanel } from './what-if-panel.js';
import { type DrawnZones, drawZones } from './zone-layer.js';

const AGREEMENT_REFRESH_MS = 60_000;
const DETECTION_HISTORY = 100;
const RETRY_MS = 3000;

async function startApp(): Promise<void> {
  // The live picture is for roles with live:read; the public's page is the
  // published reports, and other roles have their own page.
  const session = await loadSession();
  if (!sessionCan(session, 'live:read')) {
    location.replace(session.user === null ? PUBLIC_HOME : findHomePage(session));
    return;
  }
  mountHeaderNav(requireElement('header-nav'), session, '/');

  const map = createBaseMap(requireElement('map'));
  addMapLegend(map);
  // Server minus browser clock: ages are judged by the server's clock.
  let clockSkewMs = 0;
  let zones: DrawnZones | null = null;

  // The three panels lie in the same place: opening one closes the others.
  const whatIfToggle = requireElement<HTMLButtonElement>('what-if-open');
  // The server runs what-if for analysts only (docs/accounts.md).
  whatIfToggle.hidden = !sessionCan(session, 'incident:review');
  const whatIfContainer = requireElement('what-if-panel');
  const whatIf = new WhatIfPanel(map, { toggle: whatIfToggle, container: whatIfContainer });
  const agreementPanel = new AgreementPanel({
    toggle: requireElement<HTMLButtonElement>('agreement-open'),
    container: requireElement('agreement-panel'),
    nowMs: () => Date.now() + clockSkewMs,
    onFocusZone: (zone) => zones?.focus(zone),
    onOpen: () => {
      if (!whatIfContainer.hidden) whatIf.close();
      verifyPanel.close(false);
    },
  });
  // Public like the key it reads: it works for visitors without an account.
  const verifyPanel = new VerifyPanel({
    toggle: requireElement<HTMLButtonElement>('verify-open'),
    container: requireElement('verify-panel'),
    onOpen: () => {
      if (!whatIfContainer.hidden) whatIf.close();
      agreementPanel.close(false);
    },
  });
  whatIfToggle.addEventListener('click', () => {
    if (whatIfContainer.hidden) return;
    agreementPanel.close(false);
    verifyPanel.close(false);
  });
  addBaseLayers(map).catch((err: unknown) => showAppError(`Base map: ${String(err)}`));

  const agreement = await retryUntilLoaded('agreement', () => fetchAgreement());
  let index = new AgreementIndex(agreement);
  zones = index.body.inForce ? drawZones(map, index.body.inForce) : null;
  renderAgreementSummary(index);
  agreementPanel.update(index);

  fetchHealth()
    .then((health) => {
      clockSkewMs = health.serverTimeMs - Date.now();
      renderHealth(health);
    })
    .catch(() => {});

  const picture = new LivePicture();
  const status = new StatusBar(
    requireElement('connection-state'),
    requireElement('track-counts'),
    requireElement('detection-count'),
  );
  const focus = new DetectionFocus(map);
  const details = new TrackDetails(requireElement('track-details'), {
    findZone: (id) => index.findZone(id),
    nowMs: () => Date.now() + clockSkewMs,
    onClose: () => selectTrack(null),
  });
  const tracks = new TrackLayer(map, (id) => selectTrack(id));
  // Symbols are canvas pixels, not elements: tests and the console find them here.
  Object.assign(window, {
    truceline: {
      locateTrack: (id: string) => tracks.locate(id),
      /** [west, south, east, north] of what the map shows. */
      viewBounds: () => map.getBounds().toBBoxString().split(',').map(Number),
    },
  });
  const trails = new TrackTrails(map);
  const detections = new DetectionList(
    requireElement<HTMLOListElement>('detection-list'),
    requireElement('detections-empty'),
    {
      describeTrack: (d) => describeDetectionTrack(d, picture),
      describeTrackId: (id) => {
        const track = picture.tracks.get(id);
        return track ? describeTrack(track) : id;
      },
      describeZone: (id) => index.describeZone(id),
      onActivate: (d) => {
        // A feed outage names a source, not a track: point at it in the Sources list.
        const source = findOutageSource(d);
        if (source !== null) revealSource(source);
        else {
          focus.focus(d);
          selectTrack(d.trackId);
        }
      },
    },
  );
  requireElement('detections-note').textContent = `newest ${MAX_DETECTION_ROWS} shown`;

  function selectTrack(id: string | null): void {
    tracks.select(id);
    if (id) details.show(id, picture.tracks.get(id));
    else details.hide();
  }

  // The header's emergency badge selects (and pans to) the first aircraft in distress.
  let emergencies: Track[] = [];
  requireElement('emergency-badge').addEventListener('click', () => {
    const first = emergencies[0];
    if (!first) return;
    map.panTo([first.last.lat, first.last.lon]);
    selectTrack(first.id);
  });

  let historyShown = false;
  picture.subscribe((diff) => {
    if (diff.upserted.length > 0 || diff.removed.length > 0) {
      emergencies = renderEmergencyBadge(picture.tracks.values());
    }
    trails.apply(diff);
    tracks.apply(diff);
    const selected = details.selectedId;
    if (
      selected &&
      (diff.removed.includes(selected) || diff.upserted.some((t) => t.id === selected))
    ) {
      details.show(selected, picture.tracks.get(selected));
    }
    // Rows that arrive with the first picture are history; later ones are flagged as new.
    detections.add(diff.detections, historyShown);
    historyShown = true;
    status.setTrackCounts(picture.tracks.values());
    status.setDetectionCount(detections.seenCount);
  });
  status.setTrackCounts([]);
  status.setDetectionCount(0);

  const sourcePanel = new SourcePanel({
    list: requireElement('source-list'),
    warning: requireElement('source-warning'),
    badge: requireElement('source-alarm'),
    note: requireElement('sources-note'),
  });
  // The WebSocket pushes source health every few seconds; this fills the
  // panel before the first push.
  fetchSources()
    .then((body) => sourcePanel.update(body.items, body.serverTimeMs))
    .catch((err: unknown) => console.warn('sources not loaded', err));

  fetchDetections(DETECTION_HISTORY)
    .then((body) => picture.addDetections(body.items))
    .catch((err: unknown) => console.warn('detection history not loaded', err));

  const live = new LiveConnection(resolveLiveUrl(), {
    onMessage: (message) => {
      if (message.type === 'sources') {
        sourcePanel.update(message.sources, message.serverTimeMs);
        return;
      }
      if (message.type === 'snapshot') clockSkewMs = message.serverTimeMs - Date.now();
      picture.receive(message);
    },
    onState: (state, retryInMs) => {
      status.setConnection(state, retryInMs);
      // Closed after it was open: perhaps the session ended (close code 4401).
      if (state === 'reconnecting' && retryInMs !== undefined) void leaveIfSessionEnded(live);
    },
  });
  live.start();

  // Age shown in the details panel moves on even when the track is silent.
  window.setInterval(() => {
    const id = details.selectedId;
    if (id) details.show(id, picture.tracks.get(id));
  }, 1000);

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && details.selectedId) selectTrack(null);
  });

  // A new agreement version can enter into force while the page is open.
  window.setInterval(async () => {
    // Pre-notifications and provisions with dates come into force and expire meanwhile.
    agreementPanel.refreshStatuses();
    try {
      const next = await fetchAgreement();
      if (next.inForce?.version === index.body.inForce?.version) return;
      index = new AgreementIndex(next);
      zones?.remove();
      zones = next.inForce ? drawZones(map, next.inForce) : null;
      renderAgreementSummary(index);
      agreementPanel.update(index);
    } catch {
      // Keep showing the version we have; the next refresh tries again.
    }
  }, AGREEMENT_REFRESH_MS);
}

/**
 * After the live socket drops: when the session has ended meanwhile (logged
 * out elsewhere, expired, user disabled), log in again rather than retry a
 * socket the server will refuse. A server that cannot be reached is retried.
 */
async function leaveIfSessionEnded(live: LiveConnection): Promise<void> {
  const session = await loadSession(true).catch(() => null);
  if (session === null || sessionCan(session, 'live:read')) return;
  live.stop();
  location.assign(loginUrl());
}

/** Scrolls the source's row into view and flashes it; nothing when it is not listed. */
function revealSource(sourceId: string): void {
  const row = document.querySelector<HTMLElement>(
    `.source-row[data-source-id="${CSS.escape(sourceId)}"]`,
  );
  if (!row) return;
  row.scrollIntoView({ block: 'nearest' });
  row.classList.remove('is-pointed');
  // Restart the animation when the same row is pointed at twice.
  void row.offsetWidth;
  row.classList.add('is-pointed');
}

function describeDetectionTrack(d: Detection, picture: LivePicture): string {
  const track = picture.tracks.get(d.trackId);
  if (track) return describeTrack(track);
  const proof = d.evidence.find((o) => o.name || o.callsign);
  return proof?.name || proof?.callsign || d.trackId;
}

async function retryUntilLoaded<T>(what: string, load: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const value = await load();
      showAppError(null);
      return value;
    } catch (err) {
      showAppError(`Could not load the ${what}; retrying. ${String(err)}`);
      await new Promise((r) => window.setTimeout(r, RETRY_MS));
    }
  }
}

startApp().catch((err: unknown) => showAppError(`The live map failed to start: ${String(err)}`));
