/** The legend control: zone kinds and track symbols, as drawn on the map. */
import * as L from 'leaflet';
import type { TrackKind, ZoneKind } from '../../src/api/wire.js';
import { createTrackGlyphSvg, TRACK_LEGENDS } from './track-icons.js';
import { ZONE_STYLES } from './zone-styles.js';

// The style records are exhaustive by type, so their keys are every kind.
const ZONE_KINDS = Object.keys(ZONE_STYLES) as ZoneKind[];
const TRACK_KINDS = Object.keys(TRACK_LEGENDS) as TrackKind[];

export function addMapLegend(map: L.Map): L.Control {
  const legend = new L.Control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const el = L.DomUtil.create('section', 'map-legend');
    el.setAttribute('aria-label', 'Map legend');
    const zoneItems = ZONE_KINDS.map(
      (kind) =>
        `<li><svg class="legend-swatch" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true">${renderZoneSwatch(kind)}</svg>${ZONE_STYLES[kind].legend}</li>`,
    ).join('');
    const trackItems = TRACK_KINDS.map(
      (kind) => `<li>${createTrackGlyphSvg(kind, 16)}${TRACK_LEGENDS[kind]}</li>`,
    ).join('');
    el.innerHTML = `<h2 class="legend-heading">Zones</h2><ul>${zoneItems}</ul><h2 class="legend-heading">Tracks</h2><ul>${trackItems}</ul>`;
    // Scrolling or clicking the legend should not pan or zoom the map underneath.
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    return el;
  };
  return legend.addTo(map);
}

function renderZoneSwatch(kind: ZoneKind): string {
  const p = ZONE_STYLES[kind].path;
  const dash = p.dashArray
    ? ` stroke-dasharray="${String(p.dashArray).replace(/\d+/g, (n) => String(Math.max(2, Number(n) / 2)))}"`
    : '';
  if (kind === 'line') {
    return `<line x1="1" y1="7" x2="27" y2="7" stroke="${p.color}" stroke-width="${p.weight}"${dash}/>`;
  }
  if (kind === 'protected_site') {
    return `<circle cx="14" cy="7" r="5.5" fill="${p.fillColor}" fill-opacity="${p.fillOpacity}" stroke="${p.color}" stroke-width="1.5"/>`;
  }
  const fill = kind === 'no_fly' ? 'url(#hatch-no-fly)' : p.fillColor;
  const opacity = kind === 'no_fly' ? 1 : p.fillOpacity;
  return `<rect x="1" y="1" width="26" height="12" rx="1" fill="${fill}" fill-opacity="${opacity}" stroke="${p.color}" stroke-width="1.5"${dash}/>`;
}
