/**
 * The incident's map: its evidence as points, and the paths of the tracks
 * involved from an hour before its first evidence to an hour after its last
 * (GET /api/tracks/:id/observations). Offline base layers only.
 */
import * as L from 'leaflet';
import type { AgreementBody } from '../../../src/api/wire.js';
import type { IncidentDetailBody, ObservationsBody } from '../../../src/api/wire-incidents.js';
import { addBaseLayers, createBaseMap, PANE_TRAILS } from '../base-map.js';
import { apiJson } from '../session-client.js';
import { drawZones } from '../zone-layer.js';

/** How far either side of the incident the tracks' paths reach. */
const PATH_MARGIN_MS = 60 * 60_000;
const MAX_PATH_POINTS = 2000;
const PATH_COLOURS = ['#38bdf8', '#f59e0b', '#a78bfa', '#34d399', '#f472b6'];

export function mountIncidentMap(container: HTMLElement, detail: IncidentDetailBody): L.Map {
  const map = createBaseMap(container);
  void addBaseLayers(map).catch(() => {
    container.dataset.baseLayers = 'failed';
  });
  const bounds = L.latLngBounds([]);
  const points = L.layerGroup().addTo(map);
  for (const d of detail.detections) {
    const at = L.latLng(d.lat, d.lon);
    bounds.extend(at);
    L.circleMarker(at, { radius: 7, color: '#ef4444', weight: 2, fillOpacity: 0.6 })
      .bindTooltip(d.summary)
      .addTo(points);
  }
  for (const r of detail.fieldReports) {
    const at = L.latLng(r.lat, r.lon);
    bounds.extend(at);
    L.circleMarker(at, { radius: 7, color: '#f59e0b', weight: 2, fillOpacity: 0.6 })
      .bindTooltip(`${r.category.replaceAll('_', ' ')} reported by ${r.reporterName}`)
      .addTo(points);
  }
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.5), { maxZoom: 11 });
  container.dataset.evidencePoints = String(detail.detections.length + detail.fieldReports.length);
  void drawAgreementZones(map, detail, container);
  void drawTrackPaths(map, detail, bounds, container);
  return map;
}

/** The zones of the agreement version in force when the incident began, for context. */
async function drawAgreementZones(
  map: L.Map,
  detail: IncidentDetailBody,
  container: HTMLElement,
): Promise<void> {
  try {
    const body = await apiJson<AgreementBody>(`/api/agreement?at=${detail.incident.startMs}`);
    if (body.inForce === null) return;
    drawZones(map, body.inForce);
    container.dataset.agreementVersion = String(body.inForce.version);
  } catch {
    // Without the agreement the evidence and paths still show.
  }
}

async function drawTrackPaths(
  map: L.Map,
  detail: IncidentDetailBody,
  bounds: L.LatLngBounds,
  container: HTMLElement,
): Promise<void> {
  const { incident } = detail;
  const from = incident.startMs - PATH_MARGIN_MS;
  const to = incident.endMs + PATH_MARGIN_MS;
  let drawn = 0;
  // Feed outages name a source, not a track: nothing to draw for them.
  const trackIds = incident.trackIds.filter((id) => !id.startsWith('source:'));
  await Promise.all(
    trackIds.map(async (id, i) => {
      try {
        const body = await apiJson<ObservationsBody>(
          `/api/tracks/${encodeURIComponent(id)}/observations?from=${from}&to=${to}&limit=${MAX_PATH_POINTS}`,
        );
        if (body.items.length === 0) return;
        const line = body.items.map((o) => L.latLng(o.lat, o.lon));
        L.polyline(line, {
          pane: PANE_TRAILS,
          color: PATH_COLOURS[i % PATH_COLOURS.length],
          weight: 2,
          opacity: 0.9,
        })
          .bindTooltip(id)
          .addTo(map);
        for (const p of line) bounds.extend(p);
        drawn++;
      } catch {
        // A track the store no longer knows (or a role without live:read): the points still show.
      }
    }),
  );
  container.dataset.trackPaths = String(drawn);
  if (drawn > 0 && bounds.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom: 11 });
}
