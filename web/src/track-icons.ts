/** Map symbols for tracks: drawn pointing north, rotated by course/heading at runtime. */
import * as L from 'leaflet';
import type { Track, TrackKind } from '../../src/api/wire.js';

export const TRACK_COLORS: Record<TrackKind, string> = {
  vessel: '#0f766e',
  aircraft: '#111827',
  ground: '#4d7c0f',
};

export const TRACK_LEGENDS: Record<TrackKind, string> = {
  vessel: 'Vessel',
  aircraft: 'Aircraft',
  ground: 'Ground unit or fixed station',
};

// 24×24 view boxes, nose up. A hull and a plan-view aircraft stay tellable apart at 18 px.
const GLYPH_PATHS: Record<TrackKind, string> = {
  vessel: 'M12 2C15 5 16.5 8 16.5 12V21H7.5V12C7.5 8 9 5 12 2Z',
  aircraft:
    'M12 1.5c.8 0 1.3.8 1.3 1.8V9l8 4.6v2l-8-2.4v5l2.3 1.7v1.5L12 20.4l-3.6 1v-1.5l2.3-1.7v-5l-8 2.4v-2l8-4.6V3.3c0-1 .5-1.8 1.3-1.8Z',
  ground: 'M6 6H18V18H6Z',
};

export const GLYPH_SIZE_PX: Record<TrackKind, number> = { vessel: 20, aircraft: 22, ground: 14 };

export function createTrackGlyphSvg(kind: TrackKind, sizePx = GLYPH_SIZE_PX[kind]): string {
  return (
    `<svg class="track-glyph track-glyph--${kind}" viewBox="0 0 24 24" width="${sizePx}" height="${sizePx}" aria-hidden="true">` +
    `<path d="${GLYPH_PATHS[kind]}" fill="${TRACK_COLORS[kind]}" stroke="#fff" stroke-width="1.6" stroke-linejoin="round"/>` +
    '</svg>'
  );
}

/**
 * A glyph drawn once into a small canvas at the screen's pixel ratio, for the
 * track canvas to stamp thousands of times per frame.
 */
export function createGlyphSprite(kind: TrackKind, dpr: number): HTMLCanvasElement {
  const size = GLYPH_SIZE_PX[kind];
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(size * dpr);
  canvas.height = Math.ceil(size * dpr);
  canvas.dataset.dpr = String(dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.scale((size * dpr) / 24, (size * dpr) / 24);
  const path = new Path2D(GLYPH_PATHS[kind]);
  ctx.lineJoin = 'round';
  ctx.lineWidth = 1.6;
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = TRACK_COLORS[kind];
  ctx.fill(path);
  ctx.stroke(path);
  return canvas;
}

export function createTrackIcon(kind: TrackKind): L.DivIcon {
  const size = GLYPH_SIZE_PX[kind];
  return L.divIcon({
    className: `track-marker track-${kind}`,
    html: createTrackGlyphSvg(kind),
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

/** Degrees to rotate the glyph by, or null for symbols without a nose (ground reports). */
export function resolveRotationDeg(track: Track): number | null {
  if (track.kind === 'ground') return null;
  // Vessels point where the bow points (heading); aircraft where they travel (course).
  const last = track.last;
  const deg =
    track.kind === 'vessel'
      ? (last.headingDeg ?? last.courseDeg)
      : (last.courseDeg ?? last.headingDeg);
  return deg === undefined ? null : deg;
}

/** What a person calls the track: name, else callsign, else its id. */
export function describeTrack(track: Pick<Track, 'id' | 'name' | 'callsign'>): string {
  return track.name?.trim() || track.callsign?.trim() || track.id;
}
