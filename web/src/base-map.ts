/**
 * The Leaflet map and its offline base layer: land and borders from Natural
 * Earth (world-atlas), drawn on canvas. No tile server: the mission may run
 * on a network with no way out.
 */
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import * as L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import './base-map.css';

/** The demo region: Black Sea, Ukraine and neighbours. */
export const DEMO_BOUNDS = L.latLngBounds([40, 26], [50, 42]);

/** Base data kept (and panning allowed) around the demo region; the rest of the world is dropped. */
const DATA_BOUNDS = L.latLngBounds([25, -12], [68, 70]);

export const PANE_BASE = 'base';
export const PANE_TRAILS = 'trails';

export function createBaseMap(container: HTMLElement): L.Map {
  const map = L.map(container, {
    minZoom: 4,
    maxZoom: 13,
    zoomSnap: 0.25,
    maxBounds: DATA_BOUNDS,
    maxBoundsViscosity: 0.8,
  });
  // The default prefix carries a national flag; a monitoring mission's map stays neutral.
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.createPane(PANE_BASE).style.zIndex = '200';
  map.createPane(PANE_TRAILS).style.zIndex = '450';
  map.fitBounds(DEMO_BOUNDS);
  return map;
}

export async function addBaseLayers(map: L.Map): Promise<void> {
  const res = await fetch(countriesUrl);
  if (!res.ok) throw new Error(`base map data failed to load (${res.status})`);
  const topo = (await res.json()) as Topology;
  const countries = topo.objects.countries as GeometryCollection;
  const land = clipPolygons(
    feature(topo, countries) as FeatureCollection<Polygon | MultiPolygon>,
    DATA_BOUNDS,
  );
  const borders = clipLines(
    mesh(topo, countries, (a, b) => a !== b),
    DATA_BOUNDS,
  );
  // GeoJSON hands its options to every path it makes; the types just do not list `renderer`.
  const common: L.GeoJSONOptions & L.PathOptions = {
    pane: PANE_BASE,
    renderer: L.canvas({ pane: PANE_BASE, padding: 0.5 }),
    interactive: false,
  };
  L.geoJSON(land, {
    ...common,
    attribution: 'Natural Earth via world-atlas',
    style: { stroke: true, color: '#8796a3', weight: 0.8, fillColor: '#ecebe6', fillOpacity: 1 },
  }).addTo(map);
  L.geoJSON(borders, {
    ...common,
    style: { color: '#9a8f86', weight: 1, dashArray: '4 3', opacity: 0.9 },
  }).addTo(map);
}

/** Keeps the polygon parts that touch `bounds`: 50m countries hold ~100k points. */
function clipPolygons(
  fc: FeatureCollection<Polygon | MultiPolygon>,
  bounds: L.LatLngBounds,
): FeatureCollection<MultiPolygon> {
  const features: Feature<MultiPolygon>[] = [];
  for (const f of fc.features) {
    const parts = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const kept = parts
      .map((rings) => rings.map(unwrapLongitudes))
      .filter((rings) => touches(rings[0] ?? [], bounds));
    if (kept.length > 0) {
      features.push({ ...f, geometry: { type: 'MultiPolygon', coordinates: kept } });
    }
  }
  return { type: 'FeatureCollection', features };
}

function clipLines(lines: MultiLineString, bounds: L.LatLngBounds): MultiLineString {
  return {
    type: 'MultiLineString',
    coordinates: lines.coordinates.map(unwrapLongitudes).filter((l) => touches(l, bounds)),
  };
}

/**
 * Natural Earth cuts Russia at the antimeridian inside one ring (…179.9, -180…);
 * drawn as is, that edge spans the whole map and floods it with land. Carrying
 * longitudes past ±180 keeps each ring continuous.
 */
function unwrapLongitudes(coords: number[][]): number[][] {
  let shift = 0;
  let prev: number | undefined;
  return coords.map(([lon = 0, lat = 0]) => {
    if (prev !== undefined) {
      if (lon + shift - prev > 180) shift -= 360;
      else if (lon + shift - prev < -180) shift += 360;
    }
    prev = lon + shift;
    return [prev, lat];
  });
}

function touches(coords: readonly number[][], bounds: L.LatLngBounds): boolean {
  let w = Number.POSITIVE_INFINITY;
  let s = 90;
  let e = Number.NEGATIVE_INFINITY;
  let n = -90;
  for (const [lon = 0, lat = 0] of coords) {
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return bounds.intersects(L.latLngBounds([s, w], [n, e]));
}
