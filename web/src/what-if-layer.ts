/**
 * The what-if on the map, in a layer group of its own over the live picture:
 * the draft's zones dashed in the draft's colour, the sample detections of
 * each variant, and a legend with a Clear button. Removing the group leaves
 * the live map exactly as it was.
 *
 * Colours from the Okabe–Ito palette (safe for the common colour-vision
 * deficiencies), and shape carries meaning too: the agreement in force is a
 * blue ring, the draft an orange dot (so a detection both make shows as a dot
 * in a ring), and a hit only one variant makes is a diamond.
 */
import * as L from 'leaflet';
import type {
  DetectionPoint,
  TrackDifference,
  Variant,
  WhatIfBody,
  Zone,
} from '../../src/api/wire.js';
import { formatUtcDateTime } from './format.js';

export const WHAT_IF_COLORS = {
  a: '#0072B2',
  b: '#E69F00',
  draftZone: '#D55E00',
} as const;

const VARIANT_NAMES: Record<Variant, string> = { a: 'In force', b: 'Draft' };
const DRAFT_ZONE_STYLE: L.PathOptions = {
  color: WHAT_IF_COLORS.draftZone,
  weight: 2.5,
  dashArray: '3 6',
  lineCap: 'round',
  fillColor: WHAT_IF_COLORS.draftZone,
  fillOpacity: 0.05,
  className: 'what-if-zone',
};
const DEFAULT_SITE_RADIUS_M = 1000;
/** Close enough to tell the points apart, far enough to see the zones around them. */
const FOCUS_MAX_ZOOM = 8;

export class WhatIfLayer {
  private group: L.LayerGroup | null = null;
  private legend: L.Control | null = null;
  private readonly markersByTrack = new Map<string, L.Marker[]>();

  constructor(
    private readonly map: L.Map,
    private readonly onClear: () => void,
  ) {}

  get shown(): boolean {
    return this.group !== null;
  }

  show(result: WhatIfBody): void {
    this.clear();
    const group = L.layerGroup();
    for (const zone of result.draftZones) {
      const shape = createDraftZoneShape(zone);
      if (!shape) continue;
      shape.bindTooltip(`Draft zone: ${zone.name}`, { sticky: true, className: 'what-if-tip' });
      group.addLayer(shape);
    }
    for (const track of result.comparison.topTracks) {
      const markers: L.Marker[] = [];
      for (const variant of ['a', 'b'] as const) {
        for (const p of track.samples[variant]) {
          const m = createPointMarker(track, variant, p);
          markers.push(m);
          group.addLayer(m);
        }
      }
      this.markersByTrack.set(track.trackId, markers);
    }
    this.group = group.addTo(this.map);
    this.legend = this.createLegend(result).addTo(this.map);
  }

  /** Pans (and zooms) to a track's sample detections and marks them out. */
  focusTrack(track: TrackDifference): void {
    const points = [...track.samples.a, ...track.samples.b];
    if (points.length === 0) return;
    const bounds = L.latLngBounds(points.map((p) => L.latLng(p.lat, p.lon)));
    for (const markers of this.markersByTrack.values()) {
      for (const m of markers) m.getElement()?.classList.remove('is-focused');
    }
    // Marked once the flight ends, where the eye lands (moveend fires even for no move).
    this.map.once('moveend', () => {
      for (const m of this.markersByTrack.get(track.trackId) ?? []) {
        m.getElement()?.classList.add('is-focused');
      }
    });
    this.map.flyToBounds(bounds.pad(0.3), { maxZoom: FOCUS_MAX_ZOOM, duration: 0.8 });
  }

  clear(): void {
    this.group?.remove();
    this.legend?.remove();
    this.group = null;
    this.legend = null;
    this.markersByTrack.clear();
  }

  private createLegend(result: WhatIfBody): L.Control {
    const legend = new L.Control({ position: 'topright' });
    legend.onAdd = () => {
      const el = L.DomUtil.create('section', 'what-if-legend');
      el.setAttribute('aria-label', 'What-if legend');
      const item = (swatch: string, text: string) =>
        `<li><svg class="legend-swatch" viewBox="0 0 28 16" width="28" height="16" aria-hidden="true">${swatch}</svg>${text}</li>`;
      el.innerHTML =
        `<h2 class="legend-heading">What-if: draft v${result.draftVersion} vs in force</h2><ul>` +
        item(
          `<rect x="2" y="2" width="24" height="12" fill="${WHAT_IF_COLORS.draftZone}" fill-opacity="0.08" stroke="${WHAT_IF_COLORS.draftZone}" stroke-width="2" stroke-dasharray="2 3"/>`,
          'Draft zones',
        ) +
        item(`<g transform="translate(6 0)">${glyphSvg('a', false)}</g>`, 'Detection, in force') +
        item(`<g transform="translate(6 0)">${glyphSvg('b', false)}</g>`, 'Detection, draft') +
        item(`<g transform="translate(6 0)">${glyphSvg('a', true)}</g>`, 'Only in force') +
        item(`<g transform="translate(6 0)">${glyphSvg('b', true)}</g>`, 'Only in the draft') +
        '</ul><p class="what-if-legend-note">First detections of the tracks that differ most</p>';
      const clear = L.DomUtil.create('button', 'what-if-button what-if-legend-clear', el);
      clear.type = 'button';
      clear.textContent = 'Clear what-if';
      clear.addEventListener('click', () => this.onClear());
      L.DomEvent.disableClickPropagation(el);
      L.DomEvent.disableScrollPropagation(el);
      return el;
    };
    return legend;
  }
}

function createPointMarker(track: TrackDifference, variant: Variant, p: DetectionPoint): L.Marker {
  const only = p.onlyHere ? ' (only here)' : '';
  const icon = L.divIcon({
    className: 'what-if-point',
    html:
      `<svg class="what-if-glyph" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" data-variant="${variant}" data-only-here="${p.onlyHere}" data-track-id="${escapeAttr(track.trackId)}">` +
      `${glyphSvg(variant, p.onlyHere)}</svg>`,
    iconSize: [16, 16],
    iconAnchor: [8, 8],
  });
  // The map holds up to ~200 of these: they stay out of the tab order; the
  // panel's track list is the keyboard way to them.
  return L.marker([p.lat, p.lon], {
    icon,
    keyboard: false,
    // Draft dots above in-force rings, and hits only one variant makes above both.
    zIndexOffset: (variant === 'b' ? 100 : 0) + (p.onlyHere ? 200 : 0),
  }).bindTooltip(`${VARIANT_NAMES[variant]}${only}: ${p.summary} · ${formatUtcDateTime(p.tMs)}`, {
    className: 'what-if-tip',
    direction: 'top',
    offset: [0, -6],
  });
}

/** 16×16 glyph body: ring (in force) or dot (draft); a diamond when only that variant hits. */
function glyphSvg(variant: Variant, onlyHere: boolean): string {
  const c = WHAT_IF_COLORS[variant];
  if (onlyHere) {
    return variant === 'a'
      ? `<path d="M8 1.5 14.5 8 8 14.5 1.5 8Z" fill="#fff" fill-opacity="0.85" stroke="${c}" stroke-width="2.5"/>`
      : `<path d="M8 1.5 14.5 8 8 14.5 1.5 8Z" fill="${c}" stroke="#5c3d00" stroke-width="1.2"/>`;
  }
  return variant === 'a'
    ? `<circle cx="8" cy="8" r="6" fill="none" stroke="${c}" stroke-width="2.5"/>`
    : `<circle cx="8" cy="8" r="3.6" fill="${c}" stroke="#5c3d00" stroke-width="1"/>`;
}

function createDraftZoneShape(zone: Zone): L.Path | null {
  const g = zone.geometry;
  switch (g.type) {
    case 'Polygon':
      return L.polygon(
        L.GeoJSON.coordsToLatLngs(g.coordinates, 1) as L.LatLng[][],
        DRAFT_ZONE_STYLE,
      );
    case 'MultiPolygon':
      return L.polygon(
        L.GeoJSON.coordsToLatLngs(g.coordinates, 2) as L.LatLng[][][],
        DRAFT_ZONE_STYLE,
      );
    case 'LineString':
      return L.polyline(L.GeoJSON.coordsToLatLngs(g.coordinates, 0) as L.LatLng[], {
        ...DRAFT_ZONE_STYLE,
        fill: false,
      });
    case 'Point': {
      const [lon = 0, lat = 0] = g.coordinates;
      return L.circle([lat, lon], {
        ...DRAFT_ZONE_STYLE,
        radius: zone.radiusM ?? DEFAULT_SITE_RADIUS_M,
      });
    }
    default:
      return null;
  }
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
