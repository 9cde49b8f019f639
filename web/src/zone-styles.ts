/** How each kind of zone looks, on the map and in the legend. */
import type { PathOptions } from 'leaflet';
import type { ZoneKind } from '../../src/api/wire.js';

export interface ZoneStyle {
  legend: string;
  path: PathOptions;
}

export const ZONE_STYLES: Record<ZoneKind, ZoneStyle> = {
  corridor: {
    legend: 'Maritime corridor',
    path: { color: '#1d4ed8', weight: 2, fillColor: '#3b82f6', fillOpacity: 0.14 },
  },
  buffer: {
    legend: 'Buffer zone',
    path: {
      color: '#b45309',
      weight: 2,
      dashArray: '6 4',
      fillColor: '#f59e0b',
      fillOpacity: 0.18,
    },
  },
  no_fly: {
    // The fill is a hatch pattern set in CSS (.zone--no_fly); opacity lives in the pattern.
    legend: 'No-fly zone',
    path: { color: '#dc2626', weight: 2, dashArray: '10 5', fillColor: '#dc2626', fillOpacity: 1 },
  },
  protected_site: {
    legend: 'Protected site',
    path: { color: '#6d28d9', weight: 2, fillColor: '#8b5cf6', fillOpacity: 0.22 },
  },
  port: {
    legend: 'Port',
    path: { color: '#0f766e', weight: 1, fillColor: '#14b8a6', fillOpacity: 0.12 },
  },
  line: {
    legend: 'Line of contact',
    path: { color: '#1f2937', weight: 4, dashArray: '14 7', fill: false, lineCap: 'butt' },
  },
};

/** Class names carry the kind so CSS and tests can address a zone by kind. */
export function zoneClassName(kind: ZoneKind): string {
  return `zone zone--${kind}`;
}
