/** Draws the zones of the agreement version in force, each with a permanent name label. */
import * as L from 'leaflet';
import type { AgreementVersion, Rule, Zone } from '../../src/api/wire.js';
import { createElement } from './dom.js';
import { declutterLabels } from './label-declutter.js';
import { ZONE_STYLES, zoneClassName } from './zone-styles.js';
import './zone-layer.css';

/** A protected site published without a radius still needs a visible footprint. */
const DEFAULT_SITE_RADIUS_M = 1000;

/** How far the map zooms in on a zone picked from the agreement panel. */
const FOCUS_MAX_ZOOM = 11;
/** Room above the zone for its popup, which opens on the zone's northern edge. */
const FOCUS_PADDING_TOP_LEFT: L.PointTuple = [48, 210];
const FOCUS_PADDING_BOTTOM_RIGHT: L.PointTuple = [48, 48];

/** The zones on the map, and a way to show one of them (or one of another version). */
export interface DrawnZones {
  remove(): void;
  /**
   * Fits the map to the zone and opens its popup. A zone the version in force
   * does not hold is outlined until its popup closes.
   */
  focus(zone: Zone): void;
}

export function drawZones(map: L.Map, version: AgreementVersion): DrawnZones {
  const group = L.layerGroup();
  const shapes = new Map<string, L.Path>();
  // Lines last so they stay on top of the areas they cut through.
  const ordered = [...version.zones].sort(
    (a, b) => Number(a.kind === 'line') - Number(b.kind === 'line'),
  );
  for (const zone of ordered) {
    const shape = createZoneShape(zone);
    if (!shape) continue;
    // A site's label beside it, not on it: centred, it would hide the site it names.
    const beside = zone.kind === 'protected_site';
    shape.bindTooltip(createZoneLabel(zone), {
      permanent: true,
      direction: beside ? 'right' : 'center',
      offset: beside ? [6, 0] : [0, 0],
      className: `zone-label zone-label--${zone.kind}`,
      opacity: 1,
    });
    shape.bindPopup(() => createZonePopup(zone, selectRulesForZone(version.rules, zone.id)));
    group.addLayer(shape);
    shapes.set(zone.id, shape);
    // A site a few km across vanishes at regional zoom; a fixed-size dot keeps it findable.
    if (zone.kind === 'protected_site' && shape instanceof L.Circle) {
      group.addLayer(
        L.circleMarker(shape.getLatLng(), {
          ...ZONE_STYLES.protected_site.path,
          radius: 4,
          fillOpacity: 0.9,
          interactive: false,
        }),
      );
    }
  }
  group.addTo(map);
  // A line usually runs through the middle of its buffer zone, where that zone's
  // label sits; move the line's label a fifth of the way along instead.
  group.eachLayer((layer) => {
    if (layer instanceof L.Polyline && !(layer instanceof L.Polygon)) {
      layer.openTooltip(findPointAlong(layer.getLatLngs() as L.LatLng[], 0.2));
    }
  });
  const labels = collectLabels(group);
  const relabel = () => declutterLabels(labels);
  relabel();
  map.on('zoomend', relabel);
  let preview: L.Path | null = null;
  const clearPreview = () => {
    // Removing a layer closes its popup, which calls back here: forget it first.
    const shown = preview;
    preview = null;
    shown?.remove();
  };
  group.on('remove', () => {
    map.off('zoomend', relabel);
    clearPreview();
  });
  return {
    remove: () => group.remove(),
    focus: (zone) => {
      clearPreview();
      let shape = shapes.get(zone.id);
      if (!shape) {
        shape = createZoneShape(zone) ?? undefined;
        if (!shape) return;
        const note = 'Not on the live map: the version in force does not hold this zone.';
        shape.bindPopup(() => createZonePopup(zone, [], note));
        const drawn = shape;
        drawn.on('popupclose', () => {
          if (preview === drawn) clearPreview();
        });
        shape.options.className = `${shape.options.className ?? ''} zone--preview`;
        preview = shape.addTo(map);
      }
      const target = shape;
      const bounds = (target as L.Polyline | L.Circle).getBounds();
      // Above an area, so the popup hides none of it; on a line, at a point of the line.
      const anchor =
        zone.kind === 'line' ? undefined : L.latLng(bounds.getNorth(), bounds.getCenter().lng);
      map.closePopup();
      // The popup opens where the map comes to rest, or autoPan would fight the fit.
      map.once('moveend', () => target.openPopup(anchor));
      map.fitBounds(bounds, {
        paddingTopLeft: FOCUS_PADDING_TOP_LEFT,
        paddingBottomRight: FOCUS_PADDING_BOTTOM_RIGHT,
        maxZoom: FOCUS_MAX_ZOOM,
      });
    },
  };
}

/** Area names first (they label the most), then lines, then sites. */
function collectLabels(group: L.LayerGroup): L.Tooltip[] {
  const rank = (layer: L.Layer) =>
    layer instanceof L.Circle ? 2 : layer instanceof L.Polygon ? 0 : 1;
  return group
    .getLayers()
    .filter((layer) => layer.getTooltip())
    .sort((a, b) => rank(a) - rank(b))
    .map((layer) => layer.getTooltip()!);
}

/** The point `fraction` of the way along a line, measured in metres along each segment. */
function findPointAlong(latlngs: readonly L.LatLng[], fraction: number): L.LatLng {
  const lengths = latlngs.slice(1).map((p, i) => p.distanceTo(latlngs[i]!));
  let remaining = lengths.reduce((a, b) => a + b, 0) * fraction;
  for (const [i, len] of lengths.entries()) {
    const a = latlngs[i]!;
    const b = latlngs[i + 1]!;
    if (remaining <= len && len > 0) {
      const t = remaining / len;
      return L.latLng(a.lat + (b.lat - a.lat) * t, a.lng + (b.lng - a.lng) * t);
    }
    remaining -= len;
  }
  return latlngs[0] ?? L.latLng(0, 0);
}

function createZoneShape(zone: Zone): L.Path | null {
  const options: L.PathOptions = {
    ...ZONE_STYLES[zone.kind].path,
    className: zoneClassName(zone.kind),
  };
  const g = zone.geometry;
  switch (g.type) {
    case 'Polygon':
      return L.polygon(L.GeoJSON.coordsToLatLngs(g.coordinates, 1) as L.LatLng[][], options);
    case 'MultiPolygon':
      return L.polygon(L.GeoJSON.coordsToLatLngs(g.coordinates, 2) as L.LatLng[][][], options);
    case 'LineString':
      return L.polyline(L.GeoJSON.coordsToLatLngs(g.coordinates, 0) as L.LatLng[], options);
    case 'Point': {
      const [lon = 0, lat = 0] = g.coordinates;
      return L.circle([lat, lon], { ...options, radius: zone.radiusM ?? DEFAULT_SITE_RADIUS_M });
    }
    default:
      console.warn(`zone ${zone.id}: geometry type not drawn`);
      return null;
  }
}

function createZoneLabel(zone: Zone): HTMLElement {
  return createElement('span', {
    className: 'zone-label-text',
    text: zone.name,
    attrs: { 'data-zone-id': zone.id, 'data-zone-kind': zone.kind },
  });
}

function selectRulesForZone(rules: readonly Rule[], zoneId: string): Rule[] {
  return rules.filter((r) => r.zoneIds.includes(zoneId));
}

function createZonePopup(zone: Zone, rules: readonly Rule[], note?: string): HTMLElement {
  return createElement('div', { className: 'zone-popup', attrs: { 'data-zone-id': zone.id } }, [
    createElement('strong', { text: zone.name }),
    createElement('div', { className: 'zone-popup-kind', text: ZONE_STYLES[zone.kind].legend }),
    note ? createElement('p', { className: 'zone-popup-note', text: note }) : null,
    zone.description ? createElement('p', { text: zone.description }) : null,
    rules.length > 0
      ? createElement(
          'ul',
          { className: 'zone-popup-rules' },
          rules.map((r) =>
            createElement('li', {}, [
              createElement('span', { className: 'rule-ref', text: `${r.id} · ${r.citation}` }),
              ` ${r.description}`,
            ]),
          ),
        )
      : null,
  ]);
}
