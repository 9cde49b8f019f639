/**
 * Draws thousands of track symbols on one canvas. A DOM marker per track
 * (thousands of composited layers, each moved four times a second) froze the
 * page at 3 000 tracks; one canvas redrawn once per frame does not. The
 * canvas takes no pointer events: hits are found by distance from the
 * positions of the last draw, so zones underneath stay clickable.
 */
import * as L from 'leaflet';
import type { TrackKind } from '../../src/api/wire.js';
import { createGlyphSprite, GLYPH_SIZE_PX } from './track-icons.js';

export const PANE_TRACKS = 'tracks';

export interface CanvasMark {
  id: string;
  kind: TrackKind;
  lat: number;
  lon: number;
  rotationDeg: number | null;
}

/** Drawn bottom to top: aircraft above vessels, they are fewer, faster and usually the subject. */
const DRAW_ORDER: readonly TrackKind[] = ['ground', 'vessel', 'aircraft'];
const SELECTED_RING_PX = 14;
/** Symbols this far outside the view are still drawn, so a half-visible one is whole. */
const MARGIN_PX = 16;

export class TrackCanvas extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private frame = 0;
  private readonly sprites = new Map<TrackKind, HTMLCanvasElement>();
  /** Where the last draw put each mark, top-most last, for hit tests. */
  private drawnIds: string[] = [];
  private drawnXs: number[] = [];
  private drawnYs: number[] = [];
  private drawnIndex = new Map<string, number>();
  selectedId: string | null = null;

  constructor(private readonly readMarks: () => Iterable<CanvasMark>) {
    super();
  }

  override onAdd(map: L.Map): this {
    const pane = map.getPane(PANE_TRACKS) ?? map.createPane(PANE_TRACKS);
    pane.style.zIndex = '600';
    pane.style.pointerEvents = 'none';
    this.canvas = L.DomUtil.create('canvas', 'track-canvas', pane);
    map.on('moveend resize viewreset zoomend', this.reset, this);
    map.on('move', this.redraw, this);
    map.on('zoomstart', this.hide, this);
    this.reset();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend resize viewreset zoomend', this.reset, this);
    map.off('move', this.redraw, this);
    map.off('zoomstart', this.hide, this);
    this.canvas?.remove();
    this.canvas = null;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    return this;
  }

  /** Asks for a draw on the next animation frame; many asks, one draw. */
  redraw(): void {
    if (this.frame === 0 && this.canvas) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** The top-most mark within `radiusPx` of a point in the map's container, if any. */
  findNearest(point: L.Point, radiusPx: number): string | null {
    let best: string | null = null;
    let bestD2 = radiusPx * radiusPx;
    for (let i = this.drawnIds.length - 1; i >= 0; i--) {
      const dx = this.drawnXs[i]! - point.x;
      const dy = this.drawnYs[i]! - point.y;
      const d2 = dx * dx + dy * dy;
      // Strictly nearer only: at equal distance the one drawn on top wins.
      if (d2 < bestD2 || (best === null && d2 === bestD2)) {
        best = this.drawnIds[i]!;
        bestD2 = d2;
      }
    }
    return best;
  }

  /** Where a mark was last drawn, in the map container's pixels. */
  locate(id: string): { x: number; y: number } | null {
    const i = this.drawnIndex.get(id);
    return i === undefined ? null : { x: this.drawnXs[i]!, y: this.drawnYs[i]! };
  }

  private hide(): void {
    if (this.canvas) this.canvas.style.visibility = 'hidden';
  }

  private reset(): void {
    const canvas = this.canvas;
    if (!canvas || !this._map) return;
    const size = this._map.getSize();
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.x * dpr);
    canvas.height = Math.round(size.y * dpr);
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    canvas.style.visibility = '';
    this.redraw();
  }

  private draw(): void {
    this.frame = 0;
    const canvas = this.canvas;
    const map = this._map;
    if (!canvas || !map) return;
    // Pinned to the container's top-left while the map pane pans underneath.
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    const ctx = canvas.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.width / dpr;
    const h = canvas.height / dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const ids: string[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    const index = new Map<string, number>();
    let selected: { x: number; y: number } | null = null;
    const marks = [...this.readMarks()];
    for (const kind of DRAW_ORDER) {
      const sprite = this.spriteFor(kind, dpr);
      const half = GLYPH_SIZE_PX[kind] / 2;
      for (const m of marks) {
        if (m.kind !== kind) continue;
        const p = map.latLngToContainerPoint([m.lat, m.lon]);
        if (p.x < -MARGIN_PX || p.y < -MARGIN_PX || p.x > w + MARGIN_PX || p.y > h + MARGIN_PX) {
          continue;
        }
        const rad = ((m.rotationDeg ?? 0) * Math.PI) / 180;
        const cos = Math.cos(rad) * dpr;
        const sin = Math.sin(rad) * dpr;
        ctx.setTransform(cos, sin, -sin, cos, p.x * dpr, p.y * dpr);
        ctx.drawImage(sprite, -half, -half, half * 2, half * 2);
        index.set(m.id, ids.length);
        ids.push(m.id);
        xs.push(p.x);
        ys.push(p.y);
        if (m.id === this.selectedId) selected = p;
      }
    }
    if (selected) drawSelectedRing(ctx, selected, dpr);
    this.drawnIds = ids;
    this.drawnXs = xs;
    this.drawnYs = ys;
    this.drawnIndex = index;
  }

  private spriteFor(kind: TrackKind, dpr: number): HTMLCanvasElement {
    const key = kind;
    let sprite = this.sprites.get(key);
    if (!sprite || Number(sprite.dataset.dpr) !== dpr) {
      sprite = createGlyphSprite(kind, dpr);
      this.sprites.set(key, sprite);
    }
    return sprite;
  }
}

function drawSelectedRing(ctx: CanvasRenderingContext2D, p: { x: number; y: number }, dpr: number) {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.beginPath();
  ctx.arc(p.x, p.y, SELECTED_RING_PX, 0, Math.PI * 2);
  ctx.lineWidth = 4;
  ctx.strokeStyle = 'rgb(0 0 0 / 0.35)';
  ctx.stroke();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#facc15';
  ctx.stroke();
}
