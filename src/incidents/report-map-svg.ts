/**
 * The report's map as a standalone SVG document, drawn on the server so that
 * the page, the PDF and an archived copy show the same picture with no tile
 * server: land and borders from Natural Earth (world-atlas countries-50m),
 * the agreement's zones, and each incident as a numbered dot matching the
 * incident list. Projection: equirectangular scaled by cos(mid latitude),
 * which is faithful enough over the few hundred kilometres a report covers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Zone } from '../core/types.js';
import { escapeXml } from './report-escape.js';
import type { ReportIncident } from './report-types.js';

export const MAP_WIDTH_PX = 960;
const MAX_HEIGHT_PX = 720;
const MIN_HEIGHT_PX = 360;
/** Margin around the incidents, as a share of their extent, and at least this many degrees. */
const MARGIN_SHARE = 0.15;
const MIN_SPAN_DEG = 1;
/** Shown when there is nothing to frame: the demo region (Black Sea). */
const FALLBACK_BOX: Box = { west: 26, south: 40, east: 42, north: 50 };
const DOT_RADIUS_PX = 10;

interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

type Land = Feature<Polygon | MultiPolygon>[];
let landCache: Land | undefined;

/** Countries from world-atlas, read once (about 750 KB). */
function loadLand(): Land {
  if (landCache !== undefined) return landCache;
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology;
  const fc = feature(topo, topo.objects.countries as GeometryCollection);
  landCache = (fc as unknown as { features: Land }).features;
  return landCache;
}

export interface ReportMapInput {
  incidents: readonly ReportIncident[];
  /** Zones of the agreement version in force (outlined); empty when none. */
  zones: readonly Zone[];
  /** Shown in the map's corner: the agreement is illustrative. */
  illustrative: boolean;
}

export function renderReportMapSvg(input: ReportMapInput): string {
  const box = frameBox(input);
  const midLat = ((box.south + box.north) / 2) * (Math.PI / 180);
  const kx = Math.cos(midLat);
  const aspect = (box.north - box.south) / ((box.east - box.west) * kx);
  const w = MAP_WIDTH_PX;
  const h = Math.round(Math.min(MAX_HEIGHT_PX, Math.max(MIN_HEIGHT_PX, w * aspect)));
  // Fit the box in w × h without distortion, centred.
  const scale = Math.min(w / ((box.east - box.west) * kx), h / (box.north - box.south));
  const cx = (box.west + box.east) / 2;
  const cy = (box.south + box.north) / 2;
  const px = (lon: number) => w / 2 + (lon - cx) * kx * scale;
  const py = (lat: number) => h / 2 - (lat - cy) * scale;
  const point = (p: Position) => `${px(p[0]!).toFixed(1)},${py(p[1]!).toFixed(1)}`;
  const ring = (r: Position[]) => `M${r.map(point).join('L')}Z`;

  const view = padBox(box, 2);
  const land: string[] = [];
  for (const f of loadLand()) {
    if (!intersects(boundsOf(f.geometry), view)) continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const d = polys
      .filter((p) => intersects(ringBounds(p[0]!), view))
      .map((p) => p.map(ring).join(''))
      .join('');
    if (d) land.push(`<path d="${d}"/>`);
  }
  const zones = input.zones
    .map((z) => renderZone(z, point, scale, (p) => [px(p[0]!), py(p[1]!)]))
    .filter((s) => s !== '');
  const dots = input.incidents.map(
    (i) =>
      `<g class="dot"><title>${escapeXml(`${i.n}. ${i.title}`)}</title><circle cx="${px(i.lon).toFixed(1)}" cy="${py(i.lat).toFixed(1)}" r="${DOT_RADIUS_PX}"/><text x="${px(i.lon).toFixed(1)}" y="${(py(i.lat) + 4).toFixed(1)}">${i.n}</text></g>`,
  );
  const note = input.illustrative
    ? `<text class="note" x="8" y="${h - 8}">Illustrative agreement: zones are not real or proposed lines</text>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Map of the report's incidents">`,
    '<style>.sea{fill:#dfe8ef}.land path{fill:#f4f2ec;stroke:#9aa5ae;stroke-width:.6}',
    '.zone{fill:rgba(220,38,38,.08);stroke:#c2410c;stroke-width:1.4;stroke-dasharray:5 3}',
    '.zone-line{fill:none;stroke:#b91c1c;stroke-width:2}',
    '.dot circle{fill:#1d4ed8;stroke:#fff;stroke-width:2}',
    '.dot text{fill:#fff;font:bold 11px sans-serif;text-anchor:middle}',
    '.note{fill:#555;font:11px sans-serif}.scale{fill:#333;font:11px sans-serif}</style>',
    `<rect class="sea" width="${w}" height="${h}"/>`,
    `<g class="land">${land.join('')}</g>`,
    `<g class="zones">${zones.join('')}</g>`,
    `<g class="incidents">${dots.join('')}</g>`,
    renderScaleBar(scale, h),
    note,
    '</svg>',
  ].join('\n');
}

/** The incidents' box with a margin; the zones' when there are no incidents. */
function frameBox(input: ReportMapInput): Box {
  let box: Box | null = null;
  for (const i of input.incidents)
    box = extend(box, { west: i.lon, east: i.lon, south: i.lat, north: i.lat });
  if (box === null) {
    for (const z of input.zones) box = extend(box, boundsOf(z.geometry));
  }
  if (box === null) return FALLBACK_BOX;
  const spanLon = Math.max(box.east - box.west, MIN_SPAN_DEG);
  const spanLat = Math.max(box.north - box.south, MIN_SPAN_DEG);
  const cLon = (box.west + box.east) / 2;
  const cLat = (box.south + box.north) / 2;
  const halfLon = (spanLon * (1 + 2 * MARGIN_SHARE)) / 2;
  const halfLat = (spanLat * (1 + 2 * MARGIN_SHARE)) / 2;
  return {
    west: cLon - halfLon,
    east: cLon + halfLon,
    south: Math.max(-85, cLat - halfLat),
    north: Math.min(85, cLat + halfLat),
  };
}

function renderZone(
  z: Zone,
  point: (p: Position) => string,
  scale: number,
  project: (p: Position) => [number, number],
): string {
  const title = `<title>${escapeXml(z.name)}</title>`;
  const g = z.geometry;
  switch (g.type) {
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const d = polys.map((p) => p.map((r) => `M${r.map(point).join('L')}Z`).join('')).join('');
      return `<path class="zone" fill-rule="evenodd" d="${d}">${title}</path>`;
    }
    case 'LineString':
      return `<path class="zone-line" d="M${g.coordinates.map(point).join('L')}">${title}</path>`;
    case 'Point': {
      if (z.radiusM === undefined) return '';
      const [x, y] = project(g.coordinates);
      // A degree of latitude is 111 320 m, and `scale` is pixels per degree of latitude.
      const r = (z.radiusM / 111_320) * scale;
      return `<circle class="zone" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}">${title}</circle>`;
    }
    default:
      return '';
  }
}

/** A bar of a round number of kilometres, about a fifth of the map wide. */
function renderScaleBar(scale: number, h: number): string {
  // A degree of latitude is 111.32 km; the projection keeps km the same both ways.
  const pxPerKm = scale / 111.32;
  const target = MAP_WIDTH_PX / 5 / pxPerKm;
  const km = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((k) => k >= target / 2) ?? 1000;
  const len = km * pxPerKm;
  const x = MAP_WIDTH_PX - 16 - len;
  const y = h - 16;
  return `<g class="scale"><rect x="${x.toFixed(1)}" y="${y}" width="${len.toFixed(1)}" height="3" fill="#333"/><text x="${(x + len / 2).toFixed(1)}" y="${y - 4}" text-anchor="middle">${km} km</text></g>`;
}

function extend(a: Box | null, b: Box): Box {
  if (a === null) return { ...b };
  return {
    west: Math.min(a.west, b.west),
    south: Math.min(a.south, b.south),
    east: Math.max(a.east, b.east),
    north: Math.max(a.north, b.north),
  };
}

function padBox(b: Box, deg: number): Box {
  return { west: b.west - deg, south: b.south - deg, east: b.east + deg, north: b.north + deg };
}

function intersects(a: Box, b: Box): boolean {
  return a.west <= b.east && a.east >= b.west && a.south <= b.north && a.north >= b.south;
}

function ringBounds(r: readonly Position[]): Box {
  let box: Box | null = null;
  for (const p of r) box = extend(box, { west: p[0]!, east: p[0]!, south: p[1]!, north: p[1]! });
  return box ?? { west: 0, east: 0, south: 0, north: 0 };
}

function boundsOf(g: Zone['geometry'] | Polygon | MultiPolygon): Box {
  switch (g.type) {
    case 'Point':
      return ringBounds([g.coordinates]);
    case 'LineString':
      return ringBounds(g.coordinates);
    case 'Polygon':
      return ringBounds(g.coordinates.flat());
    case 'MultiPolygon':
      return ringBounds(g.coordinates.flat(2));
  }
}
